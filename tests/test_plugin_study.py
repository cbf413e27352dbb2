"""理论学习与个人三年发展规划 (study): settings errors located at the key, the plan (the cadence
and topics), the notes and plans kinds imported through the real importer from the synthetic
data set (tests/data/study/), validation, indicators, section text and tables, findings, figures
and members.

The data set (made-up school and teachers), with ``skip = [2020-09-30]``, ``notes_count = 1``
and ``min_chars = 500``, as of 2020-12-31:

* sessions every two weeks on Wednesdays from 2020-09-02: 8 planned to date; held: six of the
  instance (L01–L05, L07) and a school-wide 政治学习 (L06) — 7; a school-wide 集体备课 is not one;
* notes: S01 and S02 (artifacts), S03 (1200 字); S04's note has 300 字 (short); S06's is dated
  2021-01-05 (after the day); S05 has none;
* plans: S01 (2019, in force), S02 and S04 (2020) from the plans kind, S05 an artifact; S03's
  plan of 2017 has run out; S06 none. Self-reviews: S01 (年度自查), S02 (自评).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import yanxiu_study
from yanxiu_core import (
    App,
    ConfigError,
    FindingKind,
    KeyFigures,
    Paragraph,
    ProgramContext,
    ProgramType,
    Table,
    Term,
)
from yanxiu_core.testing import WorkspaceBuilder, make_context
from yanxiu_study import StudyProgram

pytestmark = pytest.mark.shared_store  # the tests read the module's workspace store

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))
PROGRAM = StudyProgram()
DATA = Path(__file__).resolve().parent / "data" / "study"

SCHOOL_TOML = """\
name = "示例学习小学"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
artifacts = "data/artifacts.csv"
"study.notes" = "data/study_notes.csv"
"study.plans" = "data/study_plans.csv"

[programs.study]
as_of = {as_of}
skip = [2020-09-30]
notes_count = 1
min_chars = 500
topics = ["师德规范", "新课程标准解读"]
{extra}
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("study")
    builder = WorkspaceBuilder(root)
    builder.district()
    builder.school("xuexi", SCHOOL_TOML.format(as_of="2020-12-31", extra=""))
    shutil.copytree(DATA, root / "data")
    app = App(root)
    try:
        app.import_configured("xuexi")
    finally:
        app.close()
    yield root
    while _APPS:
        _APPS.pop().close()


_APPS: list[App] = []


def ctx_of(root: Path, as_of: str = "2020-12-31", extra: str = "") -> ProgramContext:
    """The instance's context over the imported records (the school's config rewritten)."""
    (root / "schools" / "xuexi.toml").write_text(SCHOOL_TOML.format(as_of=as_of, extra=extra),
                                                 encoding="utf-8")
    app = App(root)
    _APPS.append(app)  # closed with the workspace: the context reads through it
    (ctx,) = app.program_contexts("xuexi", "study")
    return ctx


@pytest.fixture()
def ctx(workspace: Path) -> ProgramContext:
    return ctx_of(workspace)


# -- registration and settings ------------------------------------------------------------
def test_registers_through_the_hook() -> None:
    found: list[ProgramType] = []
    yanxiu_study.yanxiu_program_types(register=found.append)
    assert [(p.name, p.title) for p in found] == [("study", "理论学习与个人发展规划")]
    assert [k.name for k in found[0].record_kinds] == ["notes", "plans"]


def test_default_settings() -> None:
    s = make_context(PROGRAM, {}, term=TERM).settings
    assert (s.weekday, s.every_weeks, s.nth, s.notes_per, s.notes_count) == (3, 2, 0, "term", 2)
    assert s.note_kinds == ("学习笔记",) and s.plan_years == 3
    assert "年度自查" in s.review_kinds and "个人三年发展规划" in s.plan_kinds


@pytest.mark.parametrize(("settings", "where", "text"), [
    ({"weekday": 0}, "programs.study.weekday", "1–7"),
    ({"every_weeks": 0}, "programs.study.every_weeks", "大于 0"),
    ({"nth": 9}, "programs.study.nth", "每月"),
    ({"start": "17:00", "end": "16:00"}, "programs.study.end", "晚于"),
    ({"notes_per": "week"}, "programs.study.notes_per", "session"),
    ({"notes_count": 0}, "programs.study.notes_count", "大于 0"),
    ({"min_chars": -5}, "programs.study.min_chars", "负数"),
    ({"note_kinds": []}, "programs.study.note_kinds", "至少"),
    ({"topics": ["师德", " "]}, "programs.study.topics", "空白"),
    ({"plan_years": 0}, "programs.study.plan_years", "大于 0"),
    ({"skip_ranges": [{"start": D(2021, 2, 1), "end": D(2021, 1, 1)}]},
     "programs.study.skip_ranges[0].end", "早于"),
])
def test_settings_errors_name_the_key(settings: dict[str, Any], where: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, settings, term=TERM)
    assert [p.where for p in info.value.problems] == [where]
    assert text in str(info.value.problems[0])


def test_a_kind_in_two_lists_is_an_error() -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"review_kinds": ["学习笔记"]}, term=TERM)
    assert "已用于另一类材料" in str(info.value.problems[0])


# -- plan ---------------------------------------------------------------------------------
def test_plan_every_two_weeks_with_topics(ctx: ProgramContext) -> None:
    sessions = list(PROGRAM.plan(ctx))
    assert [s.date for s in sessions[:4]] == [D(2020, 9, 2), D(2020, 9, 16), D(2020, 10, 14),
                                              D(2020, 10, 28)]  # 09-30 skipped, rhythm kept
    assert [s.title for s in sessions[:3]] == ["师德规范", "新课程标准解读", "理论学习（第3次）"]
    assert (sessions[0].start, sessions[0].end, sessions[0].kind) == (dt.time(15, 30),
                                                                      dt.time(17, 0), "理论学习")
    assert len(sessions) == 25 and all(s.program == "study" for s in sessions)


def test_plan_monthly_and_fixed_dates() -> None:
    monthly = [s.date for s in PROGRAM.plan(make_context(PROGRAM, {"nth": 1}, term=TERM))]
    assert monthly[:3] == [D(2020, 9, 2), D(2020, 10, 7), D(2020, 11, 4)] and len(monthly) == 12
    fixed = make_context(PROGRAM, {"dates": [D(2020, 9, 9), D(2021, 3, 3), D(2022, 1, 1)]},
                         term=TERM)
    assert [s.date for s in PROGRAM.plan(fixed)] == [D(2020, 9, 9), D(2021, 3, 3)]
    assert [(p.where, p.value) for p in PROGRAM.validate(fixed)] == [
        ("programs.study.dates[2]", D(2022, 1, 1))]


# -- validate -----------------------------------------------------------------------------
def test_validate(ctx: ProgramContext, workspace: Path) -> None:
    assert list(PROGRAM.validate(ctx)) == []
    bad = ctx_of(workspace, extra="first_date = 2020-09-03")
    (problem,) = PROGRAM.validate(bad)
    assert problem.where == "programs.study.first_date" and "星期四" in problem.message
    many = make_context(PROGRAM, {"dates": [D(2020, 9, 9)], "topics": ["甲", "乙"]}, term=TERM)
    (problem,) = PROGRAM.validate(many)
    assert problem.where == "programs.study.topics" and "只安排了 1 次" in problem.message


# -- figures of the data set -----------------------------------------------------------------
def test_sessions_notes_and_plans(ctx: ProgramContext, workspace: Path) -> None:
    f = PROGRAM.measure(ctx)
    assert len(f.planned_to_date) == 8
    assert [a.id for a in f.held] == ["L01", "L02", "L03", "L04", "L05", "L06", "L07"]
    notes = {p.id: (len(p.notes), len(p.short_notes), p.required) for p in f.people}
    assert notes == {"S01": (1, 0, 1), "S02": (1, 0, 1), "S03": (1, 0, 1), "S04": (0, 1, 1),
                     "S05": (0, 0, 1), "S06": (0, 0, 1)}
    plans = {p.id: (p.plan.start_year if p.plan else "-", p.reviewed) for p in f.people}
    assert plans == {"S01": (2019, True), "S02": (2020, True), "S03": ("-", False),
                     "S04": (2020, False), "S05": (None, False), "S06": ("-", False)}
    per_session = PROGRAM.measure(ctx_of(workspace, extra='notes_per = "session"'))
    assert {p.required for p in per_session.people} == {7}


# -- indicators ---------------------------------------------------------------------------
def test_indicators(ctx: ProgramContext) -> None:
    notes, plan = PROGRAM.indicators(ctx)
    assert (notes.key, notes.title, notes.weight) == ("study.notes", "学习笔记", 0.1)
    assert (plan.key, plan.title, plan.weight) == ("study.plan", "个人三年发展规划", 0.05)
    assert (notes.values["S01"].value, notes.values["S01"].detail) == (1.0, "1/1")
    assert notes.values["S03"].evidence[0].startswith("study.notes:")
    assert notes.values["S04"].value == 0.0
    assert (plan.values["S01"].value, plan.values["S04"].value, plan.values["S06"].value) == (
        1.0, 0.5, 0.0)
    assert plan.values["S04"].detail == "已制订规划，未年度自查"


# -- section ------------------------------------------------------------------------------
def test_section(ctx: ProgramContext) -> None:
    section = PROGRAM.section(ctx)
    assert (section.title, section.key) == ("理论学习与个人发展规划", "study")
    study, notes, plans = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert study.startswith("加强理论学习，注重师德修养。学校规定每两周（星期三）安排一次理论学习，")
    assert "本学年计划 25 次，截至 2020-12-31 已开展 7 次，内容包括“学习《中小学教师职业道德规范》”" in study
    assert study.endswith("“核心素养专题学习”等。")
    assert notes == ("要求教师做好学习笔记，于每学期期末上交，共提交学习笔记 3 篇，"
                     "6 名教师中 3 人达到要求，占 50.0%。")
    assert plans.endswith("6 名教师中已有 4 人制订个人三年发展规划，占 66.7%，其中 2 人完成本年度自查。")
    figures = next(b for b in section.blocks if isinstance(b, KeyFigures))
    assert dict(figures.items) == {"开展学习": "7 次", "学习笔记": "3 篇", "制订规划": "4 人",
                                   "年度自查": "2 人"}
    held, people = [b for b in section.blocks if isinstance(b, Table)]
    assert held.caption == "理论学习（每两周（星期三）安排一次，计划 8 次）"
    assert held.rows[0] == ("2020-09-02", "学习《中小学教师职业道德规范》", "理论学习", "孟清和", "3")
    assert held.rows[5][2] == "政治学习" and held.total == ("合计", "", "", "", "7")
    assert people.rows[3] == ("秦书墨", "0", "1", "1", "0")
    assert people.total == ("合计", "3", "6", "4", "2") and people.appendix


# -- findings -----------------------------------------------------------------------------
def test_findings(ctx: ProgramContext) -> None:
    findings = PROGRAM.findings(ctx)
    assert all(f.program == "study" for f in findings)
    problems = [f.text for f in findings if f.kind is FindingKind.PROBLEM]
    assert problems == [
        "理论学习规定每两周（星期三）安排一次，截至 2020-12-31 应开展 8 次，实际开展 7 次，少 1 次。",
        "6 名教师中有 3 人学习笔记未达要求：秦书墨（0/1 篇）、任思齐（0/1 篇）、苏映雪（0/1 篇）。",
        "有 1 篇学习笔记不足 500 字，未计入：秦书墨。",
        "6 名教师中有 2 人没有制订个人三年发展规划：潘可心、苏映雪。",
    ]
    (step,) = [f.text for f in findings if f.kind is FindingKind.NEXT_STEP]
    assert "学习笔记按期检查" in step and "制订个人三年发展规划" in step


def test_findings_at_the_year_end_name_missing_reviews(workspace: Path) -> None:
    texts = [f.text for f in PROGRAM.findings(ctx_of(workspace, as_of="2021-08-31"))]
    assert "有 2 名教师制订了个人三年发展规划，但本学年没有年度自查：秦书墨、任思齐。" in texts


# -- figures and members ------------------------------------------------------------------
def test_figures(ctx: ProgramContext) -> None:
    figures = {f.key: (f.label, f.value, f.unit) for f in PROGRAM.figures(ctx)}
    assert figures == {
        "sessions_planned": ("计划学习", 8, "次"),
        "sessions_held": ("开展学习", 7, "次"),
        "notes": ("学习笔记", 3, "篇"),
        "notes_met": ("学习笔记达标", 3, "人"),
        "plans": ("制订个人三年发展规划", 4, "人"),
        "reviews": ("完成年度自查", 2, "人"),
        "plan_share": ("制订规划的教师占比", 4 / 6, "%"),
        "notes_share": ("学习笔记达标率", 0.5, "%"),
    }


def test_members(ctx: ProgramContext) -> None:
    members = {m.teacher_id: (m.role, m.detail) for m in PROGRAM.members(ctx)}
    assert members["S01"] == ("参学教师", "学习笔记 1/1 篇；个人三年发展规划（2019—2022），已年度自查")
    assert members["S05"] == ("参学教师", "学习笔记 0/1 篇；个人三年发展规划，未年度自查")
    assert members["S06"] == ("参学教师", "学习笔记 0/1 篇；未制订个人三年发展规划")


