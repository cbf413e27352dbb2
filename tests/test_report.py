"""The 校本研修工作总结: figures in the rendered Markdown equal the records; templates; renderer."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import jinja2
import pluggy
import pytest

from yanxiu_core import default_renderers, hookspecs
from yanxiu_core.config.schema import DEFAULT_GRADES, EvaluationPolicy, GradeBand
from yanxiu_core.document import (
    BulletList,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
    text_blocks,
)
from yanxiu_core.evaluation import evaluate
from yanxiu_core.hours import HoursPolicy, format_hours
from yanxiu_core.memory_records import MemoryRecords
from yanxiu_core.model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    ProgramInstance,
    School,
    Teacher,
    Term,
)
from yanxiu_core.program import Finding, FindingKind
from yanxiu_core.renderers import OutputRenderer
from yanxiu_core.renderers.markdown import escape_cell, render_markdown
from yanxiu_core.report.builder import build_report
from yanxiu_core.report.settings import ReportSettings
from yanxiu_core.report.templates import make_text_renderer

Band = GradeBand
DEFAULT_BANDS = DEFAULT_GRADES
Policy = EvaluationPolicy  # the real config class; it must satisfy the EvaluationSettings protocol


TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
HOURS = HoursPolicy(required_hours=5)  # 225 minutes
SCHOOL = School("demo", "城南实验小学")
PROGRAMS = (ProgramInstance("talk", "talks", "读书讲坛", None),
            ProgramInstance("pair", "pairs", "结对帮扶", None))
STATUSES = [AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
            AttendanceStatus.ABSENT]


def make_records() -> MemoryRecords:
    """12 made-up teachers, 5 activities in two programs and school-wide, mixed statuses."""
    subjects = ["语文", "数学", "英语", "语文", "科学", "语文"]
    roles: list[tuple[str, ...]] = [("骨干教师",), ("骨干教师", "青年教师"), ("青年教师",), (),
                                    ("新教师",), ("青年教师",)]
    births = [1965, 1975, 1990, 1988, 1998, None]
    teachers = [
        Teacher(f"T{i:02d}", f"教师{i:02d}", birth_year=births[i % 6], subject=subjects[i % 6],
                roles=roles[i % 6])
        for i in range(12)
    ]
    acts = [
        Activity("W1", "讲座", "师德专题学习", dt.datetime(2020, 9, 20, 14), minutes=90),
        Activity("W2", "会议", "期末工作会|总结", dt.datetime(2021, 1, 20, 14), minutes=45),
        Activity("K1", "讲座", "读书分享", dt.datetime(2020, 10, 8, 15), minutes=60,
                 program="talk", speaker="外聘专家"),
        Activity("K2", "讲座", "经典欣赏", dt.datetime(2020, 11, 8, 15), minutes=60,
                 program="talk"),
        Activity("P1", "听课", "结对听课", dt.datetime(2020, 12, 1, 9), minutes=40,
                 program="pair"),
        Activity("X1", "讲座", "上学年的活动", dt.datetime(2020, 6, 1, 9), minutes=45),
    ]
    rows = []
    for i, t in enumerate(teachers):
        for j, act in enumerate(acts):
            if (i + j) % 5 == 4:
                continue  # not expected at this one
            status = STATUSES[0] if (i * j) % 7 < 4 else STATUSES[(i + j) % 4]
            own = 30 if (act.id == "P1" and i % 3 == 0) else None
            rows.append(Attendance(act.id, t.id, status, minutes=own))
    arts = [Artifact(i, t.id, "学习笔记", "笔记", dt.date(2021, 1, 10))
            for i, t in enumerate(teachers) if i % 4 != 0]
    arts += [Artifact(100 + i, t.id, "个人三年发展规划", "规划", dt.date(2020, 9, 30))
             for i, t in enumerate(teachers) if i % 3 != 1]
    scores = [Assessment(i, t.id, "期末考核", 60 + 3 * i) for i, t in enumerate(teachers)]
    return MemoryRecords(TERM).add(teachers, acts, rows, arts, scores)


def build(records: MemoryRecords, text: object = None, **kw: object) -> Report:
    policy = Policy()
    args: dict[str, object] = dict(
        school=SCHOOL, district_name="示范区教师进修学校", term=TERM, records=records,
        evaluation=evaluate(records, policy, HOURS), hours=HOURS, policy=policy,
        programs=PROGRAMS,
        program_sections=[Section("读书讲坛", (Paragraph("讲坛内容"),), key="talk"),
                          Section("结对帮扶", (Paragraph("结对内容"),), key="pair")],
        findings=[Finding(FindingKind.PROBLEM, "讲坛选题\n偏窄", "talk"),
                  Finding(FindingKind.NEXT_STEP, "增加外聘专家讲座", "talk")],
        failures=(), text=text or make_text_renderer(None),
        settings=ReportSettings(signature_date=dt.date(2021, 7, 5)))
    args.update(kw)
    return build_report(**args)  # type: ignore[arg-type]


def table_after(md: str, caption: str) -> tuple[list[list[str]], list[str]]:
    """(rows, total) of the pipe table under ``**caption**`` (in the body) or under the heading
    ``## 附表N caption`` (in the appendix), with bold markers removed."""
    found = re.split(rf"\*\*{re.escape(caption)}\*\*|## 附表\d+ {re.escape(caption)}\n", md, maxsplit=1)
    assert len(found) == 2, f"no table {caption!r}"
    lines = found[1].strip().splitlines()
    body = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        body.append([c.strip().strip("*") for c in line.strip("|").split(" | ")])
    return body[:-1], body[-1]


def section(md: str, heading: str) -> str:
    return md.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def credited_minutes(records: MemoryRecords) -> dict[str, int]:
    """Computed here from the raw rows, independently of attendance_summary."""
    minutes = Counter({t.id: 0 for t in records.teachers()})
    for row in records.attendance():
        act = next(a for a in records.activities() if a.id == row.activity_id)
        minutes[row.teacher_id] += row.credited_minutes(act.minutes)
    return dict(minutes)


@pytest.fixture
def records() -> MemoryRecords:
    return make_records()


@pytest.fixture
def md(records: MemoryRecords) -> str:
    return render_markdown(build(records))


def test_title_sections_and_signature(md: str) -> None:
    assert md.startswith("# 城南实验小学2020学年校本研修工作总结\n")
    headings = [line for line in md.splitlines()
                if line.startswith("## ") and not line.startswith("## 附表")]
    assert headings == ["## 一、基本情况", "## 二、具体工作与成效", "## 三、考核评价",
                        "## 四、存在的问题", "## 五、下步打算"]
    body = md.split("\n## 附表1 ", 1)[0]
    assert body.rstrip().endswith("城南实验小学\n\n2021年7月5日")


def test_teachers_by_role_and_hours_equal_records(records: MemoryRecords, md: str) -> None:
    rows, total = table_after(md, "教师构成与学时（按角色）")
    teachers = records.teachers()
    primary = Counter(t.roles[0] if t.roles else "其他教师" for t in teachers)
    assert {r[0]: int(r[1]) for r in rows} == dict(primary)
    assert rows[-1][0] == "其他教师"
    assert int(total[1]) == len(teachers) == sum(int(r[1]) for r in rows)
    minutes = credited_minutes(records)
    shown = {tid: Decimal(format_hours(m, HOURS)) for tid, m in minutes.items()}
    assert Decimal(total[2]) == sum(shown.values()) == sum(Decimal(r[2]) for r in rows)
    met = sum(m >= HOURS.required_minutes for m in minutes.values())
    assert int(total[3]) == met
    assert f"- **累计学时**：{total[2]}学时" in md
    assert f"- **学时达标**：{met}/{len(teachers)}人" in md
    assert f"教师累计获得研修学时{total[2]}学时" in md


def test_age_and_subject_tables(records: MemoryRecords, md: str) -> None:
    rows, total = table_after(md, "年龄结构（按2021年计）")
    ages = [2021 - t.birth_year for t in records.teachers() if t.birth_year]
    expected = {
        "30岁及以下": sum(a <= 30 for a in ages),
        "31–35岁": sum(31 <= a <= 35 for a in ages),
        "36–45岁": sum(36 <= a <= 45 for a in ages),
        "46–55岁": sum(46 <= a <= 55 for a in ages),
        "56岁及以上": sum(a >= 56 for a in ages),
        "未填": len(records.teachers()) - len(ages),
    }
    assert {r[0]: int(r[1]) for r in rows} == expected
    assert int(total[1]) == len(records.teachers())
    rows, total = table_after(md, "学科分布")
    assert {r[0]: int(r[1]) for r in rows} == dict(Counter(t.subject for t in records.teachers()))
    assert rows[0][0] == "语文"  # most teachers first
    assert int(total[1]) == len(records.teachers())


def test_activity_tables(records: MemoryRecords, md: str) -> None:
    acts = records.activities()  # X1 is outside the term and must not count
    assert "上学年的活动" not in md
    rows, total = table_after(md, "研修项目与活动")
    assert [r[0] for r in rows] == ["读书讲坛", "结对帮扶", "全校性研修活动"]
    assert [int(r[1]) for r in rows] == [2, 1, 2]
    assert int(total[1]) == len(acts) == 5
    shown = sum(Decimal(format_hours(a.minutes, HOURS)) for a in acts)
    assert Decimal(total[2]) == shown == sum(Decimal(r[2]) for r in rows)
    rows, kind_total = table_after(md, "研修活动（按类型）")
    assert {r[0]: int(r[1]) for r in rows} == dict(Counter(a.kind for a in acts))
    assert kind_total[1:] == total[1:]


def test_work_section_has_program_sections_in_order_and_school_wide(
    records: MemoryRecords, md: str
) -> None:
    work = section(md, "二、具体工作与成效")
    subs = [line for line in work.splitlines() if line.startswith("### ")]
    assert subs == ["### （一）读书讲坛", "### （二）结对帮扶", "### （三）全校性研修活动",
                    "### （四）荣誉与获奖"]
    school_wide = work.split("### （三）全校性研修活动", 1)[1].split("### （四）", 1)[0]
    assert "学校统一组织全校性研修活动2次" in school_wide
    assert "#### 1.其他研修活动" in school_wide  # each kind held once: told together
    assert "详见附表" in school_wide and "“全校性研修活动一览”" in school_wide
    listing = md.split("全校性研修活动一览\n", 2)[-1]
    attended = Counter(r.activity_id for r in records.attendance(program=None)
                       if r.status.attended)
    assert f"| 2020-09-20 | 讲座 | 师德专题学习 | - | {attended['W1']} | 2.0 |" in listing
    assert "期末工作会\\|总结" in listing  # the | in a title is escaped
    assert f"| **合计** |  |  |  | **{attended['W1'] + attended['W2']}** | **3.0** |" in listing


def test_grade_distribution_matches_evaluation(records: MemoryRecords, md: str) -> None:
    ev = evaluate(records, Policy(), HOURS)
    rows, total = table_after(md, "考核等级分布")
    grades = Counter(te.grade for te in ev.teachers)
    assert [(r[0], int(r[1])) for r in rows] == [(g, grades[g]) for g in
                                                 ("优秀", "良好", "合格", "不合格")]
    assert int(total[1]) == len(records.teachers()) == sum(int(r[1]) for r in rows)
    text = section(md, "三、考核评价")
    assert "过程性评价" in text and "占60%" in text and "占40%" in text
    assert "总评90分及以上为优秀，80分及以上为良好，60分及以上为合格，其余为不合格" in text


def test_problems_are_computed_from_records(records: MemoryRecords, md: str) -> None:
    problems = section(md, "四、存在的问题")
    minutes = credited_minutes(records)
    short = [t for t in records.teachers() if minutes[t.id] < HOURS.required_minutes]
    assert short, "scenario must have teachers short of hours"
    assert f"- {len(short)}名教师的研修学时未达到每年5学时的要求" in problems
    for t in short:
        assert f"{t.name}（{format_hours(minutes[t.id], HOURS)}学时）" in problems
    for kind in ("学习笔记", "个人三年发展规划"):
        handed = {a.teacher_id for a in records.artifacts(kind=kind)}
        assert f"- {len(records.teachers()) - len(handed)}名教师未上交{kind}。" in problems
    assert "- 讲坛选题 偏窄" in problems  # program finding, on one line
    assert "增加外聘专家讲座" in section(md, "五、下步打算")
    assert "增加外聘专家讲座" not in problems


def test_low_attendance_program_is_named(records: MemoryRecords) -> None:
    # everyone misses the pairing lesson: the program and the activity fall below 80%
    rows = [r if r.activity_id != "P1" else Attendance("P1", r.teacher_id, AttendanceStatus.ABSENT)
            for r in records.attendance_list]
    records.attendance_list[:] = rows
    problems = section(render_markdown(build(records)), "四、存在的问题")
    expected = sum(r.activity_id == "P1" for r in rows)
    assert f"- 结对帮扶的出勤率为0.0%（0/{expected}人次），低于80%。" in problems
    assert f"“结对听课”0.0%（0/{expected}）" in problems
    talk = records.attendance_summary("talk").values()
    assert sum(s.attended for s in talk) / sum(s.expected for s in talk) >= 0.8
    assert "读书讲坛的出勤率" not in problems


def test_no_problems_and_failures(records: MemoryRecords) -> None:
    clean = MemoryRecords(TERM).add(Teacher("T1", "甲"))
    md = render_markdown(build(clean, hours=HoursPolicy(required_hours=0),
                               policy=Policy(required_artifacts=()), findings=[],
                               program_sections=[], programs=()))
    assert "没有发现学时不足、出勤偏低或材料缺交的情况" in section(md, "四、存在的问题")
    assert "没有启用研修项目" in section(md, "二、具体工作与成效")
    failed = render_markdown(build(records, failures=["插件 talks 在 section 出错：boom"]))
    assert "插件 talks 在 section 出错：boom" in section(failed, "四、存在的问题")


def test_workspace_template_overrides_prose(records: MemoryRecords, tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report_preamble.md.j2").write_text(
        "本区自定义前言：{{ school.name }}共有教师{{ teacher_count }}人。", encoding="utf-8")
    md = render_markdown(build(records, text=make_text_renderer(tmp_path)))
    assert "本区自定义前言：城南实验小学共有教师12人。" in md
    assert "现将2020学年校本研修工作总结如下" not in md
    assert "## 一、基本情况" in md  # other templates still come from the core


def test_lookup_order_workspace_then_package_then_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "lib" / "demo_program_pkg"
    (pkg / "templates").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "templates" / "demo_section.md.j2").write_text("包模板 {{ n }}", encoding="utf-8")
    (pkg / "templates" / "report_title.md.j2").write_text("包标题", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    ws = tmp_path / "ws"
    (ws / "templates").mkdir(parents=True)
    (ws / "templates" / "demo_section.md.j2").write_text("区模板 {{ n }}\n\n", encoding="utf-8")
    render = make_text_renderer(ws, ["demo_program_pkg", "json"])  # json has no templates/
    assert render("demo_section.md.j2", n=3) == "区模板 3"  # stripped
    assert render("report_title.md.j2") == "包标题"
    no_ws = make_text_renderer(None, ["demo_program_pkg"])
    assert no_ws("demo_section.md.j2", n=4) == "包模板 4"
    core = make_text_renderer(None)
    title = core("report_title.md.j2", school=SCHOOL, term=TERM)
    assert title == "城南实验小学2020学年校本研修工作总结"
    sys.modules.pop("demo_program_pkg", None)


def test_undefined_variable_and_missing_template_fail_loudly() -> None:
    render = make_text_renderer(None)
    with pytest.raises(jinja2.UndefinedError):
        render("report_title.md.j2", term=TERM)
    with pytest.raises(jinja2.TemplateNotFound):
        render("no_such.md.j2")


def test_text_blocks_paragraphs_and_lists() -> None:
    blocks = text_blocks("第一段\n接着\n\n第二段\n- 甲\n- 乙\n1. 一\n2、二\n1.5 学时不是列表\n")
    assert blocks == (
        Paragraph("第一段接着"),
        Paragraph("第二段"),
        BulletList(("甲", "乙")),
        BulletList(("一", "二"), ordered=True),
        Paragraph("1.5 学时不是列表"),
    )


def test_markdown_renderer() -> None:
    table = Table(("项目", "次数", "备注"), (("a|b", "2", "x\ny"), ("c", "3", "-"))).with_total(
        columns=("次数",))
    report = Report(
        title="标题",
        subtitle="副标题",
        preamble=(Paragraph("前言"),),
        sections=(Section("一、甲", (KeyFigures((("人数", "3人"),)), table),
                          subsections=(Section("（一）乙", (BulletList(("x", "y"), ordered=True),),
                                               subsections=(Section("丙"),)),)),),
        signature=("某校", "2021年7月"),
    )
    md = render_markdown(report)
    assert md == (
        "# 标题\n\n副标题\n\n前言\n\n## 一、甲\n\n- **人数**：3人\n\n"
        "| 项目 | 次数 | 备注 |\n| --- | ---: | --- |\n| a\\|b | 2 | x y |\n| c | 3 | - |\n"
        "| **合计** | **5** |  |\n\n"
        "### （一）乙\n\n1. x\n2. y\n\n#### 丙\n\n某校\n\n2021年7月\n"
    )
    assert escape_cell("a|b\\c") == "a\\|b\\\\c"


def test_table_caption_rendered_bold() -> None:
    md = render_markdown(Report("t", (Section("s", (Table(("a",), (("1",),), caption="表一"),)),)))
    assert "**表一**\n\n| a |" in md


def test_default_renderer_plugin_registers_every_builtin_format() -> None:
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    pm.register(default_renderers)
    pm.check_pending()
    found: list[OutputRenderer] = []
    pm.hook.yanxiu_output_renderers(register=found.append)
    assert [(r.name, r.extension) for r in found] == [
        ("md", ".md"), ("docx", ".docx"), ("html", ".html"), ("json", ".json"), ("xlsx", ".xlsx")]
    assert found[0].aliases == ("markdown",)
    assert found[0](Report("标题", ())) == "# 标题\n"


def test_template_filters(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "f.md.j2").write_text(
        "{{ 0.856 | percent }} {{ none | percent }} {{ 2 | weight_percent(3) }}", encoding="utf-8")
    assert make_text_renderer(tmp_path)("f.md.j2", none=None) == "85.6% - 66.7%"
    md = render_markdown(build(make_records(), policy=Policy(process_weight=2,
                                                             summative_weight=1)))
    assert "占66.7%" in md and "占33.3%" in md


def test_empty_school_still_builds() -> None:
    empty = MemoryRecords(TERM)
    md = render_markdown(build(empty, findings=[], program_sections=[]))
    assert "我校专任教师0人。" in md
    _rows, total = table_after(md, "考核等级分布")
    assert total[1] == "0"
    assert "- **人均学时**：0.0学时" in md
