"""End to end: `yanxiu run` over configs/example, figures checked against the raw records.

The expected figures are computed here straight from the example spreadsheets (csv/openpyxl),
independently of the store, evaluation and report code.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import shutil
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from yanxiu_core.cli import cli

pytestmark = pytest.mark.shared_store  # the tests read the module's workspace store

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"
MINUTES_PER_HOUR = 45
REQUIRED_MINUTES = 72 * MINUTES_PER_HOUR


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, ws, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.db"))
    return ws


@pytest.fixture(scope="module")
def run_output(workspace: Path) -> tuple[int, str, Path]:
    out = workspace / "out"
    result = CliRunner().invoke(cli, ["-w", str(workspace), "run", "-o", str(out)])
    return result.exit_code, result.output, out


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    lines = text.splitlines()
    headers = ("工号", "编号", "活动编号", "授课教师工号", "序号")
    start = next(i for i, line in enumerate(lines) if line.startswith(headers))
    return list(csv.DictReader(lines[start:]))


def read_activities_xlsx(path: Path) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "编号")
    header = rows[start]
    return [dict(zip(header, r, strict=False)) for r in rows[start + 1:] if r and r[0]]


def school_records(workspace: Path, school: str) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    """Every activity and attendance row of a school, from the files its ``[data]`` lists."""
    import tomllib

    data = tomllib.loads((workspace / "schools" / f"{school}.toml").read_text(encoding="utf-8"))["data"]

    def files(kind: str) -> list[Path]:
        value = data[kind]
        return [workspace / f for f in ([value] if isinstance(value, str) else value)]

    activities: list[dict[str, object]] = []
    for path in files("activities"):
        activities += read_activities_xlsx(path) if path.suffix == ".xlsx" else read_csv(path)
    attendance = [row for path in files("attendance") for row in read_csv(path)]
    return activities, attendance


def online_minutes(path: Path, cap_hours: float) -> dict[str, int]:
    """The 网络研修 export's completed courses per teacher in date order, each course once, up to
    ``cap_hours`` a year (hexi2's ``[programs.wangluo] max_hours``)."""
    cap = round(cap_hours * MINUTES_PER_HOUR)
    done = sorted((r for r in read_csv(path) if r["完成状态"] == "已完成"),
                  key=lambda r: (r["完成时间"], r["课程名称"]))
    out: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    for r in done:
        if (r["工号"], r["课程名称"]) in seen:
            continue
        seen.add((r["工号"], r["课程名称"]))
        out[r["工号"]] += min(round(float(r["学时"]) * MINUTES_PER_HOUR), cap - out[r["工号"]])
    return out


def hexi2_minutes(workspace: Path) -> dict[str, int]:
    """Every hexi2 teacher's credited minutes: attendance plus the online courses."""
    activities, attendance = school_records(workspace, "hexi2")
    minutes = credited_minutes({str(a["编号"]): float(str(a["学时"])) for a in activities}, attendance)
    for tid, extra in online_minutes(workspace / "data" / "hexi2" / "wangluo_courses.csv", 20).items():
        minutes[tid] = minutes.get(tid, 0) + extra
    return minutes


def credited_minutes(activities: dict[str, float], attendance: list[dict[str, str]]) -> dict[str, int]:
    per_teacher: dict[str, int] = defaultdict(int)
    for row in attendance:
        if row["状态"] in ("请假", "缺席"):
            continue
        hours = Decimal(row["学时"]) if row["学时"] else Decimal(str(activities[row["活动编号"]]))
        # half up, as schools round (and as the importer does)
        per_teacher[row["工号"]] += int((hours * MINUTES_PER_HOUR).to_integral_value(ROUND_HALF_UP))
    return per_teacher


def test_run_writes_one_summary_per_school(run_output: tuple[int, str, Path]) -> None:
    code, output, out = run_output
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        f"{school}.{ext}" for school in ("chengnan", "hexi2") for ext in ("docx", "html", "md")]
    assert (out / ".yanxiu-run.json").is_file()  # what the next run may reuse (decision 0026)


def test_hexi2_summary_reproduces_the_seed_facts(run_output: tuple[int, str, Path],
                                                 workspace: Path) -> None:
    _, _, out = run_output
    text = (out / "hexi2.md").read_text(encoding="utf-8")
    data = workspace / "data" / "hexi2"
    teachers = read_csv(data / "teachers.csv")
    activities, _ = school_records(workspace, "hexi2")

    assert len(teachers) == 80
    assert "专任教师80人，参加校本研修80人，占100%" in text
    demos = [a for a in activities if a["类型"] == "公开课"]
    days = Counter(a["日期"] for a in demos)
    assert len(demos) == 52 and len(days) == 13 and set(days.values()) == {4}
    speakers = {a["主讲人"] for a in demos}
    assert len(speakers) == 52
    # the seed: 13 days without a break, four lessons a day, 52 teachers taught
    assert ("每天 4 节（上午 2 节、下午 2 节），从 2020年11月23日开始至12月9日，历时 13 天，"
            f"共有 {len(speakers)} 位教师进行授课展示，共 {len(demos)} 节公开课") in text
    assert "采用说课、授课、评课的教研形式" in text and "信息技术应用于教学实现全覆盖" in text
    scored = {r["授课教师工号"] for r in read_csv(data / "gongkaike_scores.csv")}
    assert f"{len(scored)} 节课经集中评课评分" in text
    assert f"共开展研修活动{len(activities)}次" in text
    # 理论学习 every two weeks (Wednesdays), notes handed in each term
    study = sorted({a["日期"] for a in activities if a["类型"] == "理论学习"})
    assert {(dt.date.fromisoformat(str(b)[:10]) - dt.date.fromisoformat(str(a)[:10])).days % 14
            for a, b in itertools.pairwise(study)} == {0}
    assert "学校规定每两周（星期三）安排一次理论学习" in text
    assert f"已开展 {len(study)} 次" in text
    # 模课—磨课—悟课: the three stages in the seed's words, from the rounds and reflections
    for stage in ("“模课”——在学习中起步", "“磨课”——在行动中磨炼", "“悟课”——在思考中升华"):
        assert stage in text
    rounds = [r for r in read_csv(data / "mmw_rounds.csv") if r["角色"] == "主备"]
    assert f"共磨课 {len(rounds)} 轮" in text
    reflections = read_csv(data / "mmw_artifacts.csv")
    assert f"撰写悟课反思 {len(reflections)} 篇" in text
    # 网络研修: the platform's courses credited (capped at 20 学时 a year) and counted in 学时
    online = online_minutes(data / "wangluo_courses.csv", 20)
    assert f"认定学时 {sum(online.values()) / MINUTES_PER_HOUR:.1f} 学时" in text
    # the 课题 applied for this year, with its stage
    assert re.search(r"\| HX2020-01 \| 分层教学下小学快乐作文研究 \| 区县级 \| .* \| 2020-10-16 \| 开题 \|",
                     text)

    minutes = hexi2_minutes(workspace)
    total_hours = sum(round(m / MINUTES_PER_HOUR, 1) for m in minutes.values())
    assert f"教师累计获得研修学时{total_hours:.1f}学时" in text
    meeting = sum(1 for m in minutes.values() if m >= REQUIRED_MINUTES)
    short = f"，{80 - meeting}人未达标" if meeting < 80 else "。"
    assert f"{meeting}人达标，达标率{round(100 * meeting / 80)}%{short}" in text


def test_totals_equal_the_sum_of_the_rows_shown(run_output: tuple[int, str, Path]) -> None:
    _, _, out = run_output
    for path in out.glob("*.md"):
        tables = re.findall(r"((?:^\|.*\|\n)+)", path.read_text(encoding="utf-8"), flags=re.M)
        checked = 0
        for table in tables:
            lines = [line for line in table.strip().splitlines() if not line.startswith("| ---")]
            header = [c.strip() for c in lines[0].strip("|").split("|")]
            body = [[c.strip() for c in line.strip("|").split("|")] for line in lines[1:]]
            if not body or body[-1][0] != "**合计**":
                continue
            total, rows = body[-1], body[:-1]
            for i, cell in enumerate(total[1:], start=1):
                value = cell.strip("*")
                if not re.fullmatch(r"\d+(\.\d+)?", value) or header[i] in ("占比",):
                    continue
                shown = sum(float(r[i].rstrip("%")) for r in rows if r[i] not in ("", "-"))
                assert abs(shown - float(value)) < 1e-6, (path.name, header[i], shown, value)
                checked += 1
        assert checked >= 5, path.name


def test_grade_distribution_adds_up_to_the_roster(run_output: tuple[int, str, Path]) -> None:
    _, _, out = run_output
    text = (out / "chengnan.md").read_text(encoding="utf-8")
    section = text.split("考核等级分布", 1)[1].split("##", 1)[0]
    counts = [int(n) for n in re.findall(r"^\| (?:优秀|良好|合格|不合格|未评定) \| (\d+) \|", section,
                                         flags=re.M)]
    assert sum(counts) == 60


def test_second_run_imports_nothing_new(workspace: Path, run_output: tuple[int, str, Path]) -> None:
    result = CliRunner().invoke(cli, ["-w", str(workspace), "run", "-o", str(workspace / "out2")])
    assert result.exit_code == 0, result.output
    assert "新增" not in result.output
    assert "未作任何更改" in result.output


def test_evaluate_json_and_explain(workspace: Path, run_output: tuple[int, str, Path]) -> None:
    import json

    result = CliRunner().invoke(cli, ["-w", str(workspace), "evaluate", "--school", "hexi2",
                                      "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    teachers = data["teachers"]
    assert len(teachers) == 80
    first = teachers[0]
    explained = CliRunner().invoke(cli, ["-w", str(workspace), "explain", "--school", "hexi2",
                                         first["teacher_id"]])
    assert explained.exit_code == 0, explained.output
    assert "attendance:" in explained.output
    assert f"{first['total']:.1f}" in explained.output


def test_exit_codes(workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(cli, ["-w", str(workspace), "evaluate", "--school", "nowhere"])
    assert unknown.exit_code == 2
    missing = runner.invoke(cli, ["-w", str(tmp_path), "check"])
    assert missing.exit_code == 1
    assert "yanxiu.toml" in missing.output
    usage = runner.invoke(cli, ["-w", str(workspace), "import"])
    assert usage.exit_code == 2


def test_init_creates_a_workspace_that_runs(tmp_path: Path) -> None:
    runner = CliRunner()
    ws = tmp_path / "starter"
    assert runner.invoke(cli, ["init", str(ws)]).exit_code == 0
    result = runner.invoke(cli, ["-w", str(ws), "run", "-o", str(ws / "out")])
    assert result.exit_code == 0, result.output
    text = (ws / "out" / "demo.md").read_text(encoding="utf-8")
    assert "我校专任教师3人" in text
    assert runner.invoke(cli, ["init", str(ws)]).exit_code == 2  # never overwrites


def test_reference_arithmetic_rounds_minutes_once() -> None:
    # guard for the helper above: 1.5 学时 is 67.5 minutes, stored rounded once to 68
    assert credited_minutes({"A": 1.5}, [{"活动编号": "A", "工号": "T", "状态": "出席",
                                          "学时": ""}]) == {"T": 68}


def test_chengnan_program_sections_reproduce_the_2020_seed(run_output: tuple[int, str, Path],
                                                           workspace: Path) -> None:
    _, _, out = run_output
    text = (out / "chengnan.md").read_text(encoding="utf-8")
    data = workspace / "data" / "chengnan"
    # 大讲堂: a lecture every two weeks, four columns, outside experts and in-school teachers
    lectures = read_csv(data / "lecture_activities.csv")
    dates = sorted(dt.date.fromisoformat(a["日期"]) for a in lectures)
    gaps = {(b - a).days for a, b in itertools.pairwise(dates)}
    assert min(gaps) == 14 and all(g % 14 == 0 for g in gaps)
    assert {a["类型"] for a in lectures} == {"名家思想", "教育智慧", "经典欣赏", "典型成长"}
    assert f"实际举行 {len(lectures)} 场" in text
    names = {t["姓名"] for t in read_csv(data / "teachers.csv")}
    inside = sum(1 for a in lectures if a["主讲人"] in names)
    assert f"外聘专家主讲 {len(lectures) - inside} 场、校内教师主讲 {inside} 场" in text
    # 影子行动: backbone teachers paired with new teachers
    assert "本学年共结成师徒 10 对" in text
    # the composition-teaching workshop
    assert re.search(r"^### （.）童化作文工作室$", text, flags=re.M)
    assert "本学年确定种子教师 6 人" in text
    outputs = read_csv(data / "workshop_artifacts.csv")
    assert f"| **合计** | **19** | **{len(outputs)}** |" in text
    # 师德建设: the monthly study, pledges, the 师德考核 and the school's 师德典型
    ethics = [a for a in read_csv(data / "activities.csv") if a["项目"] == "shide"]
    assert f"本学年共开展师德建设学习活动 {len(ethics)} 次" in text
    exemplars = read_csv(data / "ethics_exemplars.csv")
    assert "涌现出一批师德典型" in text and all(e["称号"] in text for e in exemplars)
    # 教研组 集体备课 with 四定, 三步走 (35 and under on the platform) and 行政领导蹲点
    sessions = [a for a in read_csv(data / "activities.csv") if a["项目"] == "jtbk"]
    assert "做到“四定”：定时间、定地点、定内容、定主讲人，落实行政领导蹲点制度" in text
    assert f"实际开展 {len(sessions)} 次" in text
    assert "年龄不超过 35 岁的教师" in text and "个人自备→集体讨论→个人复备" in text


def test_readme_excerpt_is_what_the_example_generates(run_output: tuple[int, str, Path]) -> None:
    _, _, out = run_output
    readme = (EXAMPLE.parents[1] / "README.md").read_text(encoding="utf-8")
    excerpt = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    generated = (out / "hexi2.md").read_text(encoding="utf-8")
    lines = [line for line in excerpt.splitlines() if line.strip() and line != "…"]
    assert len(lines) > 20
    for line in lines:
        assert line in generated, line


# --- the documents a school hands in ------------------------------------------------------------

def body_tables(text: str) -> list[list[str]]:
    """The pipe tables of a Markdown summary's body (before 附表1), as lists of lines."""
    body = text.split("\n## 附表1 ", 1)[0]
    return [t.strip().splitlines() for t in re.findall(r"((?:^\|.*\|\n)+)", body, flags=re.M)]


def test_no_table_in_the_body_is_longer_than_twenty_rows(run_output: tuple[int, str, Path]) -> None:
    _, _, out = run_output
    for school in ("chengnan", "hexi2"):
        text = (out / f"{school}.md").read_text(encoding="utf-8")
        tables = body_tables(text)
        assert tables, school
        for table in tables:
            assert len(table) - 2 <= 21, (school, table[0])  # header, rule; 20 rows + 合计
        assert "## 附表1 " in text and "全校性研修活动一览" in text.split("## 附表1 ", 1)[1]


def test_word_summary_per_school_reads_back(run_output: tuple[int, str, Path],
                                            workspace: Path) -> None:
    import docx

    _, _, out = run_output
    for school, teachers in (("chengnan", 60), ("hexi2", 80)):
        document = docx.Document(str(out / f"{school}.docx"))
        headings = [(p.style.name, p.text) for p in document.paragraphs
                    if p.style.name.startswith("Heading")]
        assert [t for s, t in headings if s == "Heading 1"][:6] == [
            "一、基本情况", "二、具体工作与成效", "三、考核评价", "四、目标达成情况", "五、存在的问题",
            "六、下步打算"]
        assert any(s == "Heading 2" and t.startswith("（一）") for s, t in headings)
        text = "\n".join(p.text for p in document.paragraphs)
        assert f"专任教师{teachers}人" in text
        md = (out / f"{school}.md").read_text(encoding="utf-8")
        # the same total in both formats: the role table's 合计 row
        role = next(t for t in document.tables if t.rows[0].cells[0].text == "角色")
        total = [c.text for c in role.rows[-1].cells]
        assert total[0] == "合计" and f"| **合计** | **{total[1]}** | **{total[2]}** |" in md
        assert int(total[1]) == teachers
        assert document.paragraphs[-1].text or document.tables  # not empty at the end


def test_awards_counted_by_level_and_rank_from_the_ledger(run_output: tuple[int, str, Path],
                                                          workspace: Path) -> None:
    _, _, out = run_output
    awards = read_csv(workspace / "data" / "chengnan" / "awards.csv")
    personal = [a for a in awards if a["工号"] or (a["姓名"] and not a["获奖对象"])]
    text = (out / "chengnan.md").read_text(encoding="utf-8")
    assert f"获得荣誉与奖项{len(personal)}项" in text
    first_prize = {a["工号"] or a["姓名"] for a in personal if a["等次"] == "一等奖"}
    assert f"一等奖{len(first_prize)}人" in text
    assert "优良" in text  # a rating word stays a word


def test_program_figures_join_the_basics(run_output: tuple[int, str, Path]) -> None:
    _, _, out = run_output
    basics = (out / "chengnan.md").read_text(encoding="utf-8").split("## 二、", 1)[0]
    assert "- **影子行动**：10对" in basics and "- **种子工程**：6人" in basics
    assert "我校现有教学班30个，在校学生1350人，教职工72人" in basics


def test_html_summary_opens_offline_with_charts_and_chinese_fonts(
        run_output: tuple[int, str, Path], chromium: object, cjk_font_families: set[str],
        tmp_path: Path) -> None:
    from browser import TOFU_SELECTORS, font_report, non_cjk_fonts, open_offline

    _, _, out = run_output
    page, blocked, errors = open_offline(chromium, out / "chengnan.html")
    try:
        charts = page.eval_on_selector_all(
            "figure.chart svg", "els => els.filter(e => e.getBoundingClientRect().width > 0).length")
        assert charts >= 5  # programs, credit categories, months ×2, awards, grades
        shot = tmp_path / "chengnan.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 50_000
        assert non_cjk_fonts(font_report(page, TOFU_SELECTORS), cjk_font_families) == []
    finally:
        page.close()
    assert blocked == [] and errors == []


def test_evaluate_and_plan_spreadsheets_hold_the_records_figures(
        run_output: tuple[int, str, Path], workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    activities, _ = school_records(workspace, "hexi2")
    minutes = hexi2_minutes(workspace)
    out = tmp_path / "评价.xlsx"
    result = CliRunner().invoke(cli, ["-w", str(workspace), "evaluate", "--school", "hexi2",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    rows = list(book["教师评价"].iter_rows(min_row=2))
    assert len(rows) == 80
    hours = {r[0].value: r[3].value for r in rows}
    assert all(r[3].data_type == "n" for r in rows)
    assert hours == {t: round(minutes.get(t, 0) / MINUTES_PER_HOUR, 1) for t in hours}
    grades = {r[0].value: r[1].value for r in book["等级分布"].iter_rows(min_row=2)}
    assert grades.pop("合计") == 80 == sum(grades.values())

    plan = tmp_path / "计划.xlsx"
    result = CliRunner().invoke(cli, ["-w", str(workspace), "plan", "--school", "hexi2",
                                      "-o", str(plan)])
    assert result.exit_code in (0, 1), result.output  # 1: the calendar has conflicts
    sheet = openpyxl.load_workbook(plan)["研修计划"]
    dates = [r[0] for r in sheet.iter_rows(min_row=2)]
    assert len(dates) >= len(activities) and all(c.is_date for c in dates)
