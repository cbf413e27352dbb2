"""``yanxiu district report``: every school side by side, with the numbers of its own summary.

Over a copy of configs/example (two schools) and over a generated district of 20 small schools
(seeded), two of which are made to fail: one whose file has a wrong value, one whose attendance
refers to an activity that does not exist.
"""

from __future__ import annotations

import io
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from yanxiu_core import App
from yanxiu_core.cli import cli
from yanxiu_core.config import load_workspace_config
from yanxiu_core.district.collect import SchoolFigures, collect_school
from yanxiu_core.document import KeyFigures, Paragraph, Report, Table
from yanxiu_core.errors import ConfigError
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

pytestmark = pytest.mark.shared_store  # the tests read the module's workspace store

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"
TITLE = "示例区校本研修工作汇总"
GENERATED = 20
BROKEN_CONFIG = "s07"  # a wrong value in its file
BROKEN_DATA = "s13"  # an attendance row naming an activity that does not exist


# -- the example --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, str]:
    """A copy of the example, its district report in every format, and the JSON document."""
    ws = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, ws, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.db"))
    out = ws / "out"
    result = CliRunner().invoke(cli, ["-w", str(ws), "district", "report", "-o", str(out),
                                      *(a for f in ("md", "json", "docx", "html")
                                        for a in ("--format", f))])
    assert result.exit_code == 0, result.output
    document = json.loads((out / f"{TITLE}.json").read_text(encoding="utf-8"))
    return ws, document, result.output


def blocks_of(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    section = next(s for s in document["sections"] if s["key"] == key)
    return list(section["blocks"])


def table_of(document: dict[str, Any], key: str, caption: str) -> dict[str, Any]:
    return next(b for b in blocks_of(document, key) if b.get("caption") == caption)


def school_tables(report: Report) -> dict[str, Table]:
    return {b.caption: b for _, s in report.walk() for b in s.blocks if isinstance(b, Table)}


def key_figures(report: Report) -> dict[str, str]:
    return {k: v for _, s in report.walk() for b in s.blocks if isinstance(b, KeyFigures)
            for k, v in b.items}


def assert_equals_school_report(app: App, school: SchoolFigures) -> None:
    """The roll-up's figures of a school are those its own 总结 shows."""
    report = app.report(school.id)
    figures = key_figures(report)
    assert figures["专任教师"] == f"{school.teachers}人"
    assert figures["累计学时"] == f"{school.total_hours}学时"
    assert figures["人均学时"] == f"{school.hours_mean}学时"
    assert figures["学时达标"] == f"{school.met}/{school.teachers}人"
    basics = "".join(b.text for b in report.sections[0].blocks if isinstance(b, Paragraph))
    if school.teachers:
        assert f"参加校本研修{school.participants}人" in basics
    tables = school_tables(report)
    grades = {row[0]: int(row[1]) for row in tables["考核等级分布"].rows}
    assert grades == dict(school.grades)
    awards = tables.get("荣誉与获奖（按级别）")
    by_level = {row[0]: int(row[1]) + int(row[2]) for row in awards.rows} if awards else {}
    assert by_level == dict(school.awards)
    statuses = {row[2]: 0 for row in tables["目标达成情况"].rows} if school.targets else {}
    for row in tables["目标达成情况"].rows if school.targets else ():
        statuses[row[2].split("（")[0]] = statuses.get(row[2].split("（")[0], 0) + 1
    assert {k: v for k, v in statuses.items() if v} == dict(school.targets)


def test_lists_both_schools_with_their_figures(example: tuple[Path, Any, str]) -> None:
    ws, document, _ = example
    assert document["title"] == TITLE
    table = table_of(document, "hours", "各校教师参训与学时")
    rows = {r[0]: r for r in table["rows"]}
    assert set(rows) == {"城南实验小学", "河西县第二小学"}
    # 河西县第二小学's 总结 (README): 80 teachers, 8285.0 学时 (网络研修 included), 103.6 per head,
    # all 80 meet 72 学时
    assert rows["河西县第二小学"][1:] == ["80", "80", "100.0%", "8285.0", "103.6", "72", "80", "100.0%"]
    assert table["total"][1] == "140" and table["total"][4] == "14173.0"
    app = App(root=ws)
    try:
        for sid in app.school_ids():
            school = collect_school(app, sid, import_data=False)
            assert not school.failed
            assert_equals_school_report(app, school)
            row = rows[school.name]
            assert row[1:3] == [str(school.teachers), str(school.participants)]
            assert row[4:6] == [school.total_hours, school.hours_mean]
            grade_row = next(r for r in table_of(document, "grades", "各校考核等级分布")["rows"]
                             if r[0] == school.name)
            assert grade_row[1:-2] == [str(n) for _, n in school.grades]
        assert not app.failures
    finally:
        app.close()


def test_program_figures_by_type_and_label(example: tuple[Path, Any, str]) -> None:
    _, document, _ = example
    programs = next(s for s in document["sections"] if s["key"] == "programs")
    overview = programs["blocks"][0]
    assert overview["rows"][0] == ["城南实验小学", "6",
                                   "师德建设、集体备课、城南大讲堂、影子行动、种子工程、童化作文工作室"]
    assert overview["rows"][1] == ["河西县第二小学", "7", "理论学习与个人发展规划、师德建设、全员公开课、"
                                   "“模课—磨课—悟课”三部式、集体备课、科研引领、网络研修"]
    by_type = {s["key"]: s for s in programs["subsections"]}
    assert set(by_type) == {"lecture", "shadow", "seed", "workshop", "study", "ethics", "open_lessons",
                            "mo_mo_wu", "jiti_beike", "research", "online"}
    shadow = next(b for b in by_type["shadow"]["blocks"] if b["type"] == "table")
    row = dict(zip(shadow["columns"], shadow["rows"][0], strict=True))
    assert row["学校"] == "城南实验小学" and row["师徒结对"] == "10对" and row["完成全部任务"] == "8对"
    lecture = next(b for b in by_type["lecture"]["blocks"] if b["type"] == "table")
    assert dict(zip(lecture["columns"], lecture["rows"][0], strict=True))["出勤率"] == "98.4%"


def test_awards_problems_and_no_ranking_unless_asked(example: tuple[Path, Any, str]) -> None:
    _, document, _ = example
    awards = table_of(document, "awards", "各校荣誉与获奖（按级别，项）")
    assert awards["columns"] == ["学校", "省级", "市级", "区县级", "校级", "合计"]
    assert awards["total"][-1] == "27"
    assert "ranking" not in [s["key"] for s in document["sections"]]
    problems = next(s for s in document["sections"] if s["key"] == "problems")
    chengnan = next(s for s in problems["subsections"] if s["key"] == "chengnan")
    items = chengnan["blocks"][0]["items"]
    assert any("影子行动有 2 对师徒未完成" in i for i in items)


def test_targets_by_school_and_unmet_ones_among_the_problems(
        example: tuple[Path, Any, str]) -> None:
    """Each school's targets counted by status (the example has one unmet target per school);
    an unmet target is a problem of its school, worded as in the school's own 存在的问题."""
    ws, document, _ = example
    table = table_of(document, "targets", "各校研修目标达成情况")
    assert table["columns"] == ["学校", "目标数", "达成", "未达成", "进行中", "无法核算"]
    rows = {row[0]: row for row in table["rows"]}
    assert rows["城南实验小学"][3] == "1" and rows["河西县第二小学"][3] == "1"
    assert table["total"][1] == str(sum(int(r[1]) for r in table["rows"]))
    problems = next(s for s in document["sections"] if s["key"] == "problems")
    app = App(root=ws)
    for sub in problems["subsections"]:
        unmet = [i for i in sub["blocks"][0]["items"] if i.startswith("研修目标“")]
        assert len(unmet) == 1
        own = app.render(app.report(sub["key"]), "md", sub["key"])[0]
        assert isinstance(own, str) and unmet[0] in own


def test_markdown_and_word_outputs(example: tuple[Path, Any, str]) -> None:
    import docx

    ws, _, output = example
    md = (ws / "out" / f"{TITLE}.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {TITLE}")
    assert "| 河西县第二小学 | 80 | 80 | 100.0% | 8285.0 | 103.6 | 72 | 80 | 100.0% |" in md
    assert "## 六、目标达成情况" in md and "## 七、存在的问题" in md
    word = docx.Document(io.BytesIO((ws / "out" / f"{TITLE}.docx").read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert TITLE in text and "二、教师参训与学时" in text
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert {"城南实验小学", "河西县第二小学", "8285.0", "童化作文工作室"} <= cells
    assert "已汇总 2 所学校。" in output


def test_html_has_the_charts(example: tuple[Path, Any, str], chromium: object) -> None:
    from browser import open_offline

    ws, _, _ = example
    page, blocked, errors = open_offline(chromium, ws / "out" / f"{TITLE}.html")
    try:
        charts = page.eval_on_selector_all(
            "figure.chart svg", "els => els.filter(e => e.getBoundingClientRect().width > 0).length")
        assert charts >= 4  # 人均学时, 达标率, 等级分布, 荣誉与获奖
        assert "河西县第二小学" in page.inner_text("body")
    finally:
        page.close()
    assert blocked == [] and errors == []


def test_xlsx_when_registered(example: tuple[Path, Any, str], tmp_path: Path) -> None:
    ws, _, _ = example
    app = App(root=ws)
    try:
        if "xlsx" not in app.host.renderers():
            pytest.skip("no xlsx renderer registered")
    finally:
        app.close()
    import openpyxl

    result = CliRunner().invoke(cli, ["-w", str(ws), "district", "report", "-o", str(tmp_path),
                                      "--format", "xlsx", "--no-import"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / f"{TITLE}.xlsx")
    values = {c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert "河西县第二小学" in values and "城南实验小学" in values


# -- a generated district of 20 schools ---------------------------------------------------------
def generate_district(builder: WorkspaceBuilder, count: int = GENERATED, seed: int = 9) -> None:
    """``count`` small schools (6–14 teachers, 6 activities), every third with 影子行动; one
    school file with a wrong value, one attendance file with a row naming no activity."""
    rng = random.Random(seed)
    builder.district(DISTRICT_TOML + """
[hours]
required_hours = 8

[district_report]
rank_by = ["hours_mean", "excellent_share"]
""")
    for n in range(1, count + 1):
        sid = f"s{n:02d}"
        size = rng.randint(6, 14)
        teachers = [[f"T{i:02d}", f"{sid}教师{i}", "骨干教师" if i == 1 else (
            "新教师" if i == size else ""), 2021 - rng.randint(1, 25)] for i in range(1, size + 1)]
        builder.csv(f"data/{sid}/teachers.csv", ["工号", "姓名", "角色", "入职年份"], teachers)
        days = sorted(rng.sample(range(10, 200), 6))
        acts = [[f"A{k}", "集体备课", f"第{k}次研修", f"2020-{9 + d // 60:02d}-{1 + d % 28:02d}",
                 rng.choice([2, 3])] for k, d in enumerate(days, 1)]
        builder.csv(f"data/{sid}/activities.csv", ["编号", "类型", "主题", "日期", "学时"], acts)
        rows = [[a[0], t[0]] for a in acts for t in teachers if rng.random() < 0.8]
        if sid == BROKEN_DATA:
            rows.append(["NOPE", "T01"])
        builder.csv(f"data/{sid}/attendance.csv", ["活动编号", "工号"], rows)
        scored = [[t[0], "学年考核", rng.randint(55, 100), 100] for t in teachers]
        builder.csv(f"data/{sid}/assessments.csv", ["工号", "考核名称", "得分", "满分"], scored)
        levels = ["市级", "区县级", "校级"]
        awards = [[t[0], "", f"评比{k}", rng.choice(levels), "一等奖", "2021-03-01"]
                  for k, t in enumerate(rng.sample(teachers, rng.randint(0, 3)))]
        builder.csv(f"data/{sid}/awards.csv", ["工号", "获奖对象", "荣誉名称", "级别", "等次",
                                               "获奖日期"], awards)
        text = f'name = "第{n}小学"\n'
        if sid == BROKEN_CONFIG:
            text += "[profile]\nclasses = \"三十\"\n"
        if n % 3 == 0:
            text += f'[programs.shadow]\npairs = [{{ mentor = "T01", mentee = "T{size:02d}" }}]\n'
        text += "[data]\n" + "".join(f'{k} = "data/{sid}/{k}.csv"\n' for k in
                                     ("teachers", "activities", "attendance", "assessments", "awards"))
        builder.school(sid, text)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any, Any]]:
    builder = WorkspaceBuilder(tmp_path_factory.mktemp("district") / "ws")
    generate_district(builder)
    out = builder.root / "out"
    result = CliRunner().invoke(cli, ["-w", str(builder.root), "district", "report", "-o", str(out),
                                      "--format", "json", "--format", "md"])
    yield builder.root, json.loads((out / "测试区校本研修工作汇总.json").read_text("utf-8")), result


def test_every_generated_school_is_listed_and_the_failed_ones_say_why(
        generated: tuple[Path, Any, Any]) -> None:
    _, document, result = generated
    assert result.exit_code == 1, result.output
    assert f"已汇总 {GENERATED - 2} 所学校；未能汇总 2 所：" in result.output
    failed = table_of(document, "overview", "未能汇总的学校")
    reasons = {row[1]: row[2] for row in failed["rows"]}
    assert set(reasons) == {BROKEN_CONFIG, BROKEN_DATA}
    assert reasons[BROKEN_CONFIG].startswith("配置有误：schools/s07.toml")
    assert "profile.classes" in reasons[BROKEN_CONFIG]
    assert reasons[BROKEN_DATA].startswith("导入失败：") and "NOPE" in reasons[BROKEN_DATA]
    rows = table_of(document, "hours", "各校教师参训与学时")["rows"]
    listed = {r[0] for r in rows} | {r[0] for r in failed["rows"]}
    assert listed == {f"第{n}小学" for n in range(1, GENERATED + 1) if n != 7} | {BROKEN_CONFIG}
    problems = next(s for s in document["sections"] if s["key"] == "problems")
    assert {BROKEN_CONFIG, BROKEN_DATA} <= {s["key"] for s in problems["subsections"]}
    shadow = next(s for s in next(s for s in document["sections"] if s["key"] == "programs")
                  ["subsections"] if s["key"] == "shadow")
    table = next(b for b in shadow["blocks"] if b["type"] == "table")
    assert [r[0] for r in table["rows"]] == [f"第{n}小学" for n in range(3, GENERATED + 1, 3)]


def test_generated_numbers_equal_each_school_report(generated: tuple[Path, Any, Any]) -> None:
    root, document, _ = generated
    rows = {r[0]: r for r in table_of(document, "hours", "各校教师参训与学时")["rows"]}
    app = App(root=root)
    try:
        for sid in app.school_ids():
            if sid == BROKEN_DATA:
                continue
            school = collect_school(app, sid, import_data=False)
            assert_equals_school_report(app, school)
            assert rows[school.name][1:6] == [str(school.teachers), str(school.participants),
                                              school.metric("participation")[1],
                                              school.total_hours, school.hours_mean]
    finally:
        app.close()


def test_ranking_only_of_what_the_district_asks(generated: tuple[Path, Any, Any]) -> None:
    _, document, _ = generated
    ranking = blocks_of(document, "ranking")
    assert [t["caption"] for t in ranking] == ["各校人均学时排名", "各校优秀率排名"]
    hours = ranking[0]
    assert len(hours["rows"]) == GENERATED - 2
    values = [float(r[2]) for r in hours["rows"]]
    assert values == sorted(values, reverse=True)
    for prev, row in zip(hours["rows"], hours["rows"][1:], strict=False):  # ties share a place
        assert (row[0] == prev[0]) == (row[2] == prev[2])


def test_rank_by_is_validated_at_its_key(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[district_report]\nrank_by = ["hours_men", 3]\n'
                               'order = "desc"\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    with pytest.raises(ConfigError) as info:
        load_workspace_config(workspace_builder.root)
    lines = [str(p) for p in info.value.problems]
    assert any("yanxiu.toml:9, district_report.rank_by[0]: 未知的排名指标（您是否想写 'hours_mean'？）"
               in line for line in lines), lines
    assert any("district_report.rank_by[1]: 类型不对" in line for line in lines), lines
    assert any("district_report.order: 未知的配置项" in line for line in lines), lines


def test_generated_district_is_fast(tmp_path: Path) -> None:
    """Import and roll-up of 20 schools stay well within a test's budget."""
    import time

    builder = WorkspaceBuilder(tmp_path / "ws")
    generate_district(builder, seed=3)
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["-w", str(builder.root), "district", "report", "-o",
                                      str(tmp_path / "out"), "--format", "md"])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 1 and "未能汇总 2 所" in result.output
    assert elapsed < 20, elapsed


def test_nothing_to_compare_still_writes_every_format(workspace_builder: WorkspaceBuilder,
                                                      tmp_path: Path) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[district_report]\nrank_by = ["participation"]\n')
    workspace_builder.school("a", "name = 3\n")
    workspace_builder.school("b", 'name = "乙校"\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-w", str(workspace_builder.root), "district", "report",
                                      "-o", str(out), "--format", "md", "--format", "docx",
                                      "--format", "html", "--format", "json"])
    assert result.exit_code == 1 and "未能汇总 1 所：a（配置有误）" in result.output
    assert len(list(out.iterdir())) == 4
    md = (out / "测试区校本研修工作汇总.md").read_text(encoding="utf-8")
    assert "各校参训率排名：没有可排名的学校。" in md and "占-" not in md
    assert "| a | a | 配置有误：schools/a.toml:1, name: 类型不对" in md
