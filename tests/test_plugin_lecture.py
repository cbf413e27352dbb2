"""大讲堂 (lecture): settings errors, plan dates, validation, indicators, section figures,
findings — through the public API with small made-up records — and the example data."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import yanxiu_lecture
from yanxiu_core import (
    Activity,
    Attendance,
    AttendanceStatus,
    ConfigError,
    FindingKind,
    KeyFigures,
    MemoryRecords,
    Paragraph,
    ProgramContext,
    ProgramType,
    Table,
    Teacher,
    Term,
)
from yanxiu_core.testing import make_context
from yanxiu_lecture import LectureProgram, speaker_is_inside

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))
PROGRAM = LectureProgram()
BREAKS = [{"start": D(2021, 1, 23), "end": D(2021, 2, 28)},
          {"start": D(2021, 7, 1), "end": D(2021, 8, 31)}]
TEACHERS = [
    Teacher("C001", "林文博", subject="语文", roles=("骨干教师",)),
    Teacher("C002", "周若曦", subject="语文"),
    Teacher("C003", "严子泽", subject="数学"),
    Teacher("C004", "毛景", subject="科学"),
]


def lecture(aid: str, day: D, column: str, speaker: str, program: str = "lecture") -> Activity:
    return Activity(id=aid, kind=column, title=f"{column}讲座{aid}", program=program,
                    start=dt.datetime.combine(day, dt.time(15, 30)),
                    end=dt.datetime.combine(day, dt.time(17, 0)), place="学术报告厅",
                    speaker=speaker, minutes=90)


def rows(aid: str, statuses: Mapping[str, AttendanceStatus]) -> list[Attendance]:
    return [Attendance(aid, tid, status, "参加") for tid, status in statuses.items()]


P, L, E, A = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
              AttendanceStatus.ABSENT)


def records() -> MemoryRecords:
    """Three held lectures (09-02, 09-16, 09-30) of a plan starting 2020-09-02.

    C004 has no row at L03 (missing = absent by default); C003 was 请假 at L02, 缺席 at L03.
    """
    return MemoryRecords(TERM).add(
        TEACHERS,
        lecture("L01", D(2020, 9, 2), "名家思想", "某师范大学 张教授"),
        lecture("L02", D(2020, 9, 16), "教育智慧", "林文博"),
        lecture("L03", D(2020, 9, 30), "经典欣赏", "校内：王老师"),
        lecture("X01", D(2020, 9, 30), "讲座", "别人", program="other"),
        rows("L01", {"C001": P, "C002": P, "C003": P, "C004": L}),
        rows("L02", {"C001": P, "C002": P, "C003": E, "C004": P}),
        rows("L03", {"C001": P, "C002": P, "C003": A}),
        rows("X01", {"C001": A}),
    )


def ctx_for(settings: Mapping[str, Any] | None = None, recs: MemoryRecords | None = None,
            holidays: tuple[D, ...] = (), workspace: Path | None = None) -> ProgramContext:
    return make_context(PROGRAM, settings, recs if recs is not None else records(), TERM,
                        holidays=holidays, workspace=workspace)


# -- registration and settings --------------------------------------------------------------
def test_registers_through_the_hook() -> None:
    found: list[ProgramType] = []
    yanxiu_lecture.yanxiu_program_types(register=found.append)
    assert [(p.name, p.title) for p in found] == [("lecture", "大讲堂")]


def test_defaults() -> None:
    s = ctx_for().settings
    assert (s.every_weeks, s.weekday, s.start, s.end) == (2, 3, dt.time(15, 30), dt.time(17, 0))
    assert s.columns == ("名家思想", "教育智慧", "经典欣赏", "典型成长")


@pytest.mark.parametrize(("settings", "where", "text"), [
    ({"weekday": 8}, "programs.lecture.weekday", "1–7"),
    ({"every_weeks": 0}, "programs.lecture.every_weeks", "应大于 0"),
    ({"end": "15:00"}, "programs.lecture.end", "晚于"),
    ({"columns": []}, "programs.lecture.columns", "至少"),
    ({"columns": ["甲", "甲"]}, "programs.lecture.columns", "重复"),
    ({"low_attendance_rate": 85}, "programs.lecture.low_attendance_rate", "0 与 1"),
    ({"every_week": 2}, "programs.lecture.every_week", "every_weeks"),
    ({"first_date": "九月"}, "programs.lecture.first_date", "类型不对"),
    ({"skip_ranges": [{"start": D(2021, 2, 1), "end": D(2021, 1, 1)}]},
     "programs.lecture.skip_ranges[0].end", "早于"),
    ({"sessions": [{"title": "无日期"}]}, "programs.lecture.sessions[0].date", "缺少"),
])
def test_settings_errors_name_the_key(settings: dict[str, Any], where: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        ctx_for(settings)
    (problem,) = info.value.problems
    assert problem.where == where
    assert text in str(problem)


# -- plan ---------------------------------------------------------------------------------
def test_plan_every_two_weeks_skipping_holidays_breaks_and_listed_dates() -> None:
    ctx = ctx_for({"first_date": D(2020, 9, 9), "skip_ranges": BREAKS,
                   "skip": [D(2020, 12, 30)]},
                  holidays=(D(2020, 10, 7), D(2021, 5, 5)))
    plan = PROGRAM.plan(ctx)
    dates = [p.date for p in plan]
    assert dates == [
        D(2020, 9, 9), D(2020, 9, 23), D(2020, 10, 21), D(2020, 11, 4), D(2020, 11, 18),
        D(2020, 12, 2), D(2020, 12, 16), D(2021, 1, 13),
        D(2021, 3, 10), D(2021, 3, 24), D(2021, 4, 7), D(2021, 4, 21), D(2021, 5, 19),
        D(2021, 6, 2), D(2021, 6, 16), D(2021, 6, 30),
    ]
    assert all(TERM.contains(d) and d.isoweekday() == 3 for d in dates)
    # columns rotate over the sessions held, so a skipped date does not skip a column
    assert [p.kind for p in plan[:5]] == ["名家思想", "教育智慧", "经典欣赏", "典型成长",
                                          "名家思想"]
    first = plan[0]
    assert (first.start, first.end, first.place, first.program) == (
        dt.time(15, 30), dt.time(17, 0), "学术报告厅", "lecture")
    assert first.title == "大讲堂·名家思想" and first.note == "第 1 讲"


def test_plan_default_first_date_is_first_weekday_of_term() -> None:
    plan = PROGRAM.plan(ctx_for({"weekday": 1, "every_weeks": 3}))
    assert [p.date for p in plan[:3]] == [D(2020, 9, 7), D(2020, 9, 28), D(2020, 10, 19)]
    assert plan[-1].date <= TERM.end


def test_plan_sessions_fill_in_topic_speaker_and_column_without_shifting_rotation() -> None:
    ctx = ctx_for({"name": "城南大讲堂", "columns": ["甲", "乙", "丙"], "sessions": [
        {"date": D(2020, 9, 16), "title": "作业设计", "speaker": "钱晓燕", "column": "丙"}]})
    plan = PROGRAM.plan(ctx)
    assert [p.kind for p in plan[:4]] == ["甲", "丙", "丙", "甲"]
    assert plan[1].title == "城南大讲堂·丙：作业设计" and plan[1].speaker == "钱晓燕"
    assert plan[0].title == "城南大讲堂·甲" and plan[0].speaker == ""


# -- validate -----------------------------------------------------------------------------
def test_validate_reports_first_date_sessions_and_activity_kinds() -> None:
    ctx = ctx_for({"first_date": D(2020, 9, 10), "sessions": [
        {"date": D(2020, 9, 16)}, {"date": D(2020, 9, 9), "column": "名家"}]})
    problems = list(PROGRAM.validate(ctx))
    where = {p.where: p for p in problems}
    assert "星期四" in where["programs.lecture.first_date"].message
    # the plan starts on the first Wednesday after 09-10, so 09-16 is planned and 09-09 not
    assert "programs.lecture.sessions[0].date" not in where
    assert where["programs.lecture.sessions[1].date"].value == D(2020, 9, 9)
    assert where["programs.lecture.sessions[1].column"].value == "名家"
    assert all(p.where != "活动 L01（2020-09-02）" for p in problems)


def test_validate_first_date_outside_term_and_unknown_activity_kind() -> None:
    recs = records().add(lecture("L09", D(2020, 10, 14), "专题", "某专家"))
    problems = list(PROGRAM.validate(ctx_for({"first_date": D(2021, 9, 1)}, recs)))
    assert [p.where for p in problems] == ["programs.lecture.first_date",
                                            "活动 L09（2020-10-14）"]
    assert problems[1].value == "专题" and "名家思想" in problems[1].expected


def test_validate_clean_settings_has_no_problems() -> None:
    assert list(PROGRAM.validate(ctx_for({"first_date": D(2020, 9, 2)}))) == []


# -- speakers -----------------------------------------------------------------------------
@pytest.mark.parametrize(("speaker", "inside"), [
    ("林文博", True),
    ("林文博老师", True),
    ("副校长 周若曦", True),
    ("校内：王老师", True),
    ("外聘：林文博", False),
    ("某师范大学 张教授", False),
    ("某市教研室 王主任", False),
    ("", None),
])
def test_speaker_is_inside(speaker: str, inside: bool | None) -> None:
    assert speaker_is_inside(speaker, {"林文博", "周若曦"}) is inside


# -- indicators ---------------------------------------------------------------------------
def test_attendance_indicator_counts_missing_rows_as_absent() -> None:
    (ind,) = PROGRAM.indicators(ctx_for())
    assert ind.key == "lecture.attendance" and ind.weight == 0.2
    v = ind.values
    assert (v["C001"].value, v["C001"].detail) == (1.0, "3/3")
    assert (v["C003"].value, v["C003"].detail) == (pytest.approx(1 / 3), "1/3")
    assert (v["C004"].value, v["C004"].detail) == (pytest.approx(2 / 3), "2/3")  # 迟到 counts
    assert v["C002"].evidence == ("attendance:L01", "attendance:L02", "attendance:L03")


def test_attendance_indicator_rows_only_and_no_lectures() -> None:
    (ind,) = PROGRAM.indicators(ctx_for({"everyone_expected": False}))
    assert ind.values["C004"].detail == "2/2"
    empty = MemoryRecords(TERM).add(TEACHERS)
    (ind,) = PROGRAM.indicators(ctx_for(recs=empty))
    assert all(v.value is None for v in ind.values.values())


# -- section ------------------------------------------------------------------------------
def tables(ctx: ProgramContext) -> tuple[KeyFigures, Table, Table]:
    section = PROGRAM.section(ctx)
    figures = next(b for b in section.blocks if isinstance(b, KeyFigures))
    by_column, talks = (b for b in section.blocks if isinstance(b, Table))
    return figures, by_column, talks


def test_section_figures_equal_the_records() -> None:
    ctx = ctx_for({"as_of": D(2020, 10, 31)})
    section = PROGRAM.section(ctx)
    assert (section.title, section.key) == ("大讲堂", "lecture")
    figures, by_column, talks = tables(ctx)
    planned = len(PROGRAM.plan(ctx))
    assert dict(figures.items) == {"计划场次": str(planned), "已举行": "3", "外聘专家主讲": "1",
                                   "校内教师主讲": "2", "出勤率": "75.0%"}
    # plan from 09-02: 09-02 名家, 09-16 教育, 09-30 经典, 10-14 典型, 10-28 名家 due by 10-31
    rows = {r[0]: r[1:] for r in by_column.rows}
    assert rows["名家思想"][1:] == ("2", "1", "1", "0")
    assert rows["教育智慧"][1:] == ("1", "1", "0", "1")
    assert rows["经典欣赏"][1:] == ("1", "1", "0", "1")
    assert rows["典型成长"][1:] == ("1", "0", "0", "0")
    assert by_column.total == ("合计", str(planned), "5", "3", "1", "2")
    assert [r[0] for r in talks.rows] == ["2020-09-02", "2020-09-16", "2020-09-30"]
    assert [r[4:] for r in talks.rows] == [
        ("外聘专家", "4", "4", "100.0%"), ("校内教师", "4", "3", "75.0%"),
        ("校内教师", "4", "2", "50.0%")]
    assert talks.total == ("合计", "", "", "", "", "12", "9", "75.0%")
    text = " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert "实际举行 3 场" in text and "外聘专家主讲 1 场" in text and "出勤率 75.0%" in text


def test_section_counts_unknown_kinds_as_other_column() -> None:
    recs = records().add(lecture("L09", D(2020, 10, 14), "专题", "某专家"))
    _, by_column, _ = tables(ctx_for({"as_of": D(2020, 10, 31)}, recs))
    assert by_column.rows[-1][:4] == ("其他", "0", "0", "1")


def test_section_template_can_be_overridden_by_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "lecture_section.md.j2").write_text(
        "{{ name }}共举行 {{ held }} 场。", encoding="utf-8")
    section = PROGRAM.section(ctx_for(workspace=tmp_path))
    assert section.blocks[0] == Paragraph("大讲堂共举行 3 场。")


# -- findings -----------------------------------------------------------------------------
def test_findings_columns_behind_and_low_attendance() -> None:
    findings = list(PROGRAM.findings(ctx_for({"as_of": D(2020, 10, 31)})))
    problems = [f.text for f in findings if f.kind is FindingKind.PROBLEM]
    steps = [f.text for f in findings if f.kind is FindingKind.NEXT_STEP]
    assert len(problems) == 3 and len(steps) == 2
    behind, rate, teachers = problems
    assert "“名家思想”应举行 2 场、实际举行 1 场" in behind
    assert "“典型成长”应举行 1 场、实际举行 0 场" in behind and "教育智慧" not in behind
    assert "75.0%" in rate and "85%" in rate
    assert "2 位教师" in teachers and "严子泽（1/3）" in teachers and "毛景（2/3）" in teachers
    assert all(f.program == "lecture" for f in findings)


def test_no_findings_when_on_plan_and_attendance_good() -> None:
    ctx = ctx_for({"as_of": D(2020, 9, 30), "low_attendance_rate": 0.3})
    assert list(PROGRAM.findings(ctx)) == []


# -- the example workspace ----------------------------------------------------------------
EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"
SCHOOL_TOML = """\
name = "城南实验小学"

[data]
teachers = "data/chengnan/teachers.csv"
activities = "data/chengnan/lecture_activities.csv"
attendance = "data/chengnan/lecture_attendance.csv"

[programs.lecture]
name = "城南大讲堂"
first_date = 2020-09-09
skip_ranges = [
  { start = 2021-01-23, end = 2021-02-28 },
  { start = 2021-07-01, end = 2021-08-31 },
]
"""


def test_example_data_reproduces_the_seed(tmp_path: Path) -> None:
    """Chengnan's lecture files: a lecture every two weeks in the four columns, by outside
    experts and in-school master teachers, attended by all 60 teachers."""
    from yanxiu_core import App

    shutil.copy(EXAMPLE / "yanxiu.toml", tmp_path / "yanxiu.toml")
    shutil.copytree(EXAMPLE / "data" / "chengnan", tmp_path / "data" / "chengnan")
    (tmp_path / "schools").mkdir()
    (tmp_path / "schools" / "chengnan.toml").write_text(SCHOOL_TOML, encoding="utf-8")
    app = App(tmp_path)
    try:
        app.import_configured("chengnan")
        (ctx,) = app.program_contexts("chengnan", "lecture")
        assert list(PROGRAM.validate(ctx)) == []
        f = PROGRAM.measure(ctx)
        held = [t.activity.date for t in f.talks]
        assert len(held) == 16 and len(f.planned) == 17
        assert all((b - a).days % 14 == 0 for a, b in itertools.pairwise(held))
        assert {c.column: c.held for c in f.columns} == {
            "名家思想": 4, "教育智慧": 4, "经典欣赏": 4, "典型成长": 4}
        assert (f.count(False), f.count(True)) == (8, 8)
        assert all(t.expected == 60 for t in f.talks)
        assert 0.9 < (f.rate or 0) < 1.0
        assert any(c.behind for c in f.columns)  # the last 名家思想 lecture was not held
    finally:
        app.close()
