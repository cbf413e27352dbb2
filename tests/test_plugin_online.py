"""网络研修 (online): settings errors located at the key, the platform export imported through the
real importer (tests/data/online/platform.csv), the yearly cap, credits counted in the teachers'
学时, the indicator, section, findings, figures and members.

The data set (made-up teachers), term 2020学年, ``max_hours = 10``, ``required_hours = 6``:

* O001: three courses of 4 学时 (one row without 完成状态 but 合格, one without certificate) → 12
  on the platform, 10 credited (the cap), 2 not;
* O002: 4 + 3 (a 师德 course, credited as 师德培训) = 7; a 2019 row outside the term;
* O003: the same course twice → counted once (4), ``check`` names the second; below 6;
* O004: 2 (below); O005: nothing (below); O006: one course 学习中 (unfinished; below).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import yanxiu_online
from yanxiu_core import App, ConfigError, MemoryRecords, ProgramType, Term
from yanxiu_core.cli import cli
from yanxiu_core.testing import WorkspaceBuilder, make_context
from yanxiu_online import OnlineProgram

DATA = Path(__file__).resolve().parent / "data" / "online"
PROGRAM = OnlineProgram()

DISTRICT = """\
[district]
name = "测试区"

[[terms]]
name = "2020学年"
year = 2020

[hours]
minutes_per_hour = 45
required_hours = 8

[hours.per_credit]
"校本研修" = 20
"网络研修" = 10
"师德培训" = 10

[evaluation]
required_artifacts = []
"""

SCHOOL = """\
name = "网络研修测试小学"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
"wangluo.courses" = "data/platform.csv"

[programs.wangluo]
type = "online"
max_hours = 10
required_hours = 6
categories = { "师德" = "师德培训" }
as_of = 2021-08-31
"""


@pytest.fixture
def app(workspace_builder: WorkspaceBuilder) -> App:
    workspace_builder.district(DISTRICT)
    workspace_builder.school("s", SCHOOL)
    shutil.copytree(DATA, workspace_builder.root / "data")
    app = App(workspace_builder.root)
    app.import_configured("s")
    return app


def test_registers_through_the_hook() -> None:
    found: list[ProgramType] = []
    yanxiu_online.yanxiu_program_types(register=found.append)
    assert [(p.name, p.title) for p in found] == [("online", "网络研修")]
    assert [k.name for k in found[0].record_kinds] == ["courses"]


@pytest.mark.parametrize(("table", "key", "words"), [
    ({"max_hours": -1}, "programs.online.max_hours", "不能为负数"),
    ({"required_hours": -2}, "programs.online.required_hours", "不能为负数"),
    ({"categories": {"师德": " "}}, "programs.online.categories", "空白"),
    ({"done_words": []}, "programs.online.done_words", "已完成"),
    ({"weight": 2}, "programs.online.weight", "0 到 1"),
    ({"category": ""}, "programs.online.category", "不能为空"),
    ({"max_hour": 10}, "programs.online.max_hour", "max_hours"),
])
def test_settings_errors_name_the_key(table: dict[str, object], key: str, words: str) -> None:
    term = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
    with pytest.raises(ConfigError) as err:
        make_context(PROGRAM, table, MemoryRecords(term), term, program_id="online")
    text = str(err.value)
    assert key in text and words in text, text


def test_credits_apply_the_cap_and_the_categories(app: App) -> None:
    credits = app.credits("s")
    by_teacher: dict[str, int] = {}
    for c in credits:
        by_teacher[c.teacher_id] = by_teacher.get(c.teacher_id, 0) + c.minutes
        assert c.evidence and c.evidence[0].startswith("wangluo.courses:")
    assert by_teacher == {"O001": 450, "O002": 315, "O003": 180, "O004": 90}
    assert {c.category for c in credits if c.teacher_id == "O002"} == {"网络研修", "师德培训"}
    # the third course of O001 is cut to the 2 学时 left under the cap
    assert [c.minutes for c in credits if c.teacher_id == "O001"] == [180, 180, 90]
    # 学时 everywhere: attendance 2 学时 (O006 on leave) plus the credits
    assert app.teacher_minutes("s") == {"O001": 540, "O002": 405, "O003": 270, "O004": 180,
                                        "O005": 90, "O006": 0}


def test_indicator_figures_members(app: App) -> None:
    (ctx,) = app.program_contexts("s", "online")
    (ind,) = PROGRAM.indicators(ctx)
    assert ind.key == "wangluo.hours" and ind.weight == 0.1
    assert {t: (v.value, v.detail) for t, v in ind.values.items()} == {
        "O001": (1.0, "10.0/6.0 学时"), "O002": (1.0, "7.0/6.0 学时"),
        "O003": (pytest.approx(4 / 6), "4.0/6.0 学时"), "O004": (pytest.approx(2 / 6), "2.0/6.0 学时"),
        "O005": (0.0, "0.0/6.0 学时"), "O006": (0.0, "0.0/6.0 学时")}
    figures = {f.key: (f.value, f.unit) for f in PROGRAM.figures(ctx)}
    assert figures == {"participants": (4, "人"), "completions": (7, "门次"), "courses": (5, "门"),
                       "hours": (23.0, "学时"), "hours_mean": (5.8, "学时"),
                       "excess_hours": (2.0, "学时"), "met_share": (pytest.approx(2 / 6), "%")}
    members = {m.teacher_id: m.detail for m in PROGRAM.members(ctx)}
    assert members["O001"] == "完成课程 3 门，认定 10.0 学时（超出上限 2.0 学时未认定）"
    assert members["O003"] == "完成课程 1 门，认定 4.0 学时"
    assert set(members) == {"O001", "O002", "O003", "O004"}


def test_check_names_the_duplicate_and_an_unknown_category(app: App) -> None:
    problems = [str(p) for p in app.check("s")]
    assert any("重复完成同一课程" in p and "信息技术与课堂融合（2021-01-05）" in p for p in problems)
    assert not any("学分类别不在" in p for p in problems)
    (ctx,) = app.program_contexts("s", "online")
    odd = make_context(PROGRAM, {"categories": {"师德": "师德学习"}}, ctx.records, ctx.term,
                       program_id="wangluo", policy=ctx.policy)
    unknown = [p for p in PROGRAM.validate(odd) if "学分类别" in p.message]
    assert unknown and unknown[0].where == "programs.wangluo.category"
    assert unknown[0].value == "师德学习"


def test_section_and_findings(app: App) -> None:
    (ctx,) = app.program_contexts("s", "online")
    section = PROGRAM.section(ctx)
    text = " ".join(getattr(b, "text", "") for b in section.blocks)
    assert "每位教师每年认定的网络研修学时不超过 10 学时，要求每位教师完成不少于 6.0 学时" in text
    assert ("本学年 6 名教师中有 4 人参加网络研修，完成课程 7 门次（涉及 5 门课程），取得结业证书 5 份，"
            "认定学时 23.0 学时，人均 5.8 学时（网络研修 20.0 学时、师德培训 3.0 学时）；"
            "超出年度上限的 2.0 学时未予认定。2 人达到网络研修学时要求，占 33.3%。") in text
    tables = {b.caption: b for b in section.blocks if hasattr(b, "caption")}
    courses = tables["网络研修课程"]
    # one course, however written (with or without 《》)
    assert courses.rows[0] == ("《新课标下的大单元教学》", "网络研修", "2", "8.0")
    assert courses.total == ("合计", "", "7", "23.0")
    people = tables["教师网络研修学时"]
    assert people.appendix and people.total == ("合计", "7", "25.0", "23.0", "5")
    findings = [f.text for f in PROGRAM.findings(ctx)]
    assert findings[0] == ("6 名教师中有 4 人网络研修学时未达到 6.0 学时的要求：顾清和（4.0 学时）、"
                           "陶思齐（2.0 学时）、温若竹（0.0 学时）、华亦舟（0.0 学时）。")
    assert "有 1 门次课程已开始学习但尚未完成（华亦舟）" in findings[1]
    assert findings[2].startswith("督促网络研修学时不足的教师在平台补学")


def test_certificate_required_and_the_summary(app: App, workspace_builder: WorkspaceBuilder) -> None:
    (ctx,) = app.program_contexts("s", "online")
    strict = make_context(PROGRAM, {"certificate_required": True, "max_hours": 10},
                          ctx.records, ctx.term, program_id="wangluo", policy=ctx.policy)
    assert sum(c.minutes for c in PROGRAM.credits(strict)) == 180 + 180 + 180 + 135 + 180
    result = CliRunner().invoke(cli, ["-w", str(workspace_builder.root), "report", "--school", "s",
                                      "--format", "md"])
    assert result.exit_code == 0, result.output
    md = result.output
    # 2 学时 × 5 attended + 23 credited = 33; the 学分 table has the two online categories
    assert "教师累计获得研修学时33.0学时" in md
    assert "| 网络研修 | 20.0 | 10 | 2.00 |" in md and "| 师德培训 | 3.0 | 10 | 0.30 |" in md
    assert "### （一）网络研修" in md
