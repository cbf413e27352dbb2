"""公开课周 (open_lessons): settings errors located at the key; the timetable (52 teachers, 4 a
day from Monday 2020-11-23: 13 school days, no subject or 教研组 clash, deterministic for a seed,
no core planning conflict; a holiday; parallel periods); csv/xlsx/ics/json out; the command;
the score sheets and held lessons imported through the real importer from tests/data/open_lessons/;
indicators, assessments, section, findings, figures and members.

The data set (made-up school and teachers): O001–O008 scheduled (``teachers``), O009 not in the
program. Lessons held G01–G07 (O001–O007; O008's is missing), 信息技术 in 5 of 7 (课件, 多媒体,
电子白板, 微课, 信息技术 in 内容/效果). Scores (rubric 10+20+20+20+30 = 100), mean over 3 raters:
O001 92, O002 85, O003 78, O004 94, O005 59; O006 two 总分 rows 88 and 90 → 89; O007 unscored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import pytest
from click.testing import CliRunner

import yanxiu_open_lessons
from yanxiu_core import (
    App,
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
from yanxiu_core.cli import cli
from yanxiu_core.planning import collect_plan
from yanxiu_core.testing import WorkspaceBuilder, check_problems, make_context
from yanxiu_open_lessons import OpenLessonsProgram, build_schedule, output
from yanxiu_open_lessons.schedule import clashes
from yanxiu_open_lessons.settings import Period

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))
PROGRAM = OpenLessonsProgram()
PID = "open_lessons"
MONDAY = D(2020, 11, 23)
DATA = Path(__file__).resolve().parent / "data" / "open_lessons"

SUBJECTS = ([("语文", "语文组")] * 16 + [("数学", "数学组")] * 14 + [("英语", "英语组")] * 6
            + [(s, "综合组") for s in ["科学"] * 4 + ["音乐"] * 3 + ["体育"] * 3 + ["美术"] * 3
               + ["信息技术"] * 3])
ROSTER = [Teacher(f"T{i:03d}", f"教师{i:02d}", subject=s, group=g)
          for i, (s, g) in enumerate(SUBJECTS, 1)]  # the 2017 school's 52 teachers' shape


def ctx52(settings: Mapping[str, Any] | None = None, holidays: tuple[D, ...] = (),
          roster: list[Teacher] | None = None) -> ProgramContext:
    return make_context(PROGRAM, {"start": MONDAY, **(settings or {})},
                        MemoryRecords(TERM).add(roster or ROSTER), TERM, program_id=PID,
                        holidays=holidays)


# -- registration and settings ------------------------------------------------------------
def test_registers_through_the_hook() -> None:
    found: list[ProgramType] = []
    yanxiu_open_lessons.yanxiu_program_types(register=found.append)
    assert [(p.name, p.title) for p in found] == [("open_lessons", "公开课周")]
    assert [k.name for k in found[0].record_kinds] == ["scores"]


def test_default_settings() -> None:
    s = ctx52().settings
    assert [(p.start, p.end) for p in s.periods] == [
        (dt.time(8, 0), dt.time(8, 40)), (dt.time(9, 0), dt.time(9, 40)),
        (dt.time(13, 30), dt.time(14, 10)), (dt.time(14, 30), dt.time(15, 10))]
    assert dict(s.parts) == {"说课": 10, "授课": 40, "评课": 20}
    assert s.full_marks == 100 and [b.name for b in s.bands] == ["优秀", "良好", "合格", "待改进"]


@pytest.mark.parametrize(("settings", "where", "text"), [
    ({"start": None}, "programs.open_lessons.start", ""),
    ({"periods": []}, "programs.open_lessons.periods", "至少"),
    ({"periods": [{"start": "08:00", "end": "07:40"}]}, "programs.open_lessons.periods[0].end",
     "晚于"),
    ({"rubric": [{"name": "板书", "max": 10}]}, "programs.open_lessons.rubric", "不是评分表可用的列"),
    ({"rubric": [{"name": "教学目标", "max": 0}]}, "programs.open_lessons.rubric[0].max", "大于 0"),
    ({"rubric": [{"name": "教学目标", "max": 10}, {"name": "教学目标", "max": 5}]},
     "programs.open_lessons.rubric", "重复"),
    ({"bands": [{"name": "合格", "min": 60}, {"name": "优秀", "min": 90}]},
     "programs.open_lessons.bands", "从高到低"),
    ({"bands": [{"name": "优秀", "min": 90}]}, "programs.open_lessons.bands", "下限应为 0"),
    ({"parts": {"听课": 10}}, "programs.open_lessons.parts", "不是公开课环节"),
    ({"teachers": ["T001", "T001"]}, "programs.open_lessons.teachers", "重复"),
    ({"top": -1}, "programs.open_lessons.top", "负数"),
    ({"seed": "x"}, "programs.open_lessons.seed", "整数"),
    ({"period": []}, "programs.open_lessons.period", "periods"),
])
def test_settings_errors_name_the_key(settings: dict[str, Any], where: str, text: str) -> None:
    table = {"start": MONDAY, **settings}
    if table["start"] is None:
        del table["start"]
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, table, MemoryRecords(TERM), TERM, program_id=PID)
    assert [p.where for p in info.value.problems] == [where]
    assert text in str(info.value.problems[0])


# -- the timetable --------------------------------------------------------------------------
@pytest.mark.parametrize(("start", "first", "last"), [
    (D(2017, 11, 21), D(2017, 11, 21), D(2017, 12, 7)),  # the seed's own dates: a Tuesday
    (D(2020, 11, 21), D(2020, 11, 23), D(2020, 12, 9)),  # 11-21 a Saturday: from Monday
])
def test_from_november_21_thirteen_school_days(start: D, first: D, last: D) -> None:
    """The 2017 seed: 52 teachers from 11月21日, four a day, 13 days without a break."""
    term = Term(f"{start.year}学年", D(start.year, 9, 1), D(start.year + 1, 8, 31))
    ctx = make_context(PROGRAM, {"start": start, "seed": 2017}, MemoryRecords(term).add(ROSTER),
                       term, program_id=PID)
    lessons = PROGRAM.schedule(ctx)
    days = sorted({x.date for x in lessons})
    assert len(lessons) == 52 and len(days) == 13 and (days[0], days[-1]) == (first, last)
    assert all(d.isoweekday() <= 5 for d in days)
    assert [(x.teacher.id, x.date, x.period) for x in PROGRAM.schedule(ctx)] == [
        (x.teacher.id, x.date, x.period) for x in lessons]  # the same seed, the same timetable


def test_52_teachers_four_a_day_take_13_school_days() -> None:
    lessons = PROGRAM.schedule(ctx52())
    days = sorted({x.date for x in lessons})
    assert len(lessons) == 52 and len({x.teacher.id for x in lessons}) == 52
    assert len(days) == 13 and days[0] == MONDAY and days[-1] == D(2020, 12, 9)
    assert all(d.isoweekday() <= 5 for d in days)
    assert all(sum(1 for x in lessons if x.date == d) == 4 for d in days)
    assert [x.number for x in lessons] == list(range(1, 53))
    assert [(x.period, x.start) for x in lessons[:4]] == [
        (1, dt.time(8, 0)), (2, dt.time(9, 0)), (3, dt.time(13, 30)), (4, dt.time(14, 30))]
    assert clashes(lessons) == []
    # the core's planning conflicts (same place or speaker at once): none
    assert collect_plan(PROGRAM.plan(ctx52({"place": "录播教室"})), []).conflicts == ()


def test_the_same_seed_gives_the_same_timetable() -> None:
    def order(seed: int) -> list[tuple[str, D, int]]:
        return [(x.teacher.id, x.date, x.period) for x in PROGRAM.schedule(ctx52({"seed": seed}))]

    assert order(7) == order(7)
    assert order(7) != order(8)
    assert sorted(t for t, _, _ in order(8)) == [t.id for t in ROSTER]


def test_holidays_and_listed_days_are_skipped() -> None:
    lessons = PROGRAM.schedule(ctx52({"skip": [D(2020, 12, 1)]}, holidays=(D(2020, 11, 25),)))
    days = sorted({x.date for x in lessons})
    assert len(days) == 13 and D(2020, 11, 25) not in days and D(2020, 12, 1) not in days
    assert days[-1] == D(2020, 12, 11)


def test_parallel_periods_never_share_a_subject_group_or_place() -> None:
    parallel = [{"start": "08:00", "end": "08:40"}, {"start": "08:00", "end": "08:40"},
                {"start": "14:00", "end": "14:40"}, {"start": "14:20", "end": "15:00"}]
    classes = {t.id: f"{n % 12 + 1}班" for n, t in enumerate(ROSTER)}
    ctx = ctx52({"periods": parallel, "classes": classes})
    lessons = PROGRAM.schedule(ctx)
    assert len(lessons) == 52 and clashes(lessons) == []
    overlapping = [(a, b) for a in lessons for b in lessons
                   if a.number < b.number and a.date == b.date and a.start < b.end
                   and b.start < a.end]
    assert overlapping  # the periods do run at once
    assert all(a.subject != b.subject and a.group != b.group for a, b in overlapping)
    assert collect_plan(PROGRAM.plan(ctx), []).conflicts == ()
    assert {x.place for x in lessons} <= set(classes.values())
    # one place for everybody: parallel lessons cannot share it, so they are not parallel
    same_room = PROGRAM.schedule(ctx52({"periods": parallel, "place": "录播教室"}))
    assert clashes(same_room) == [] and len(same_room) == 52


def test_teachers_and_subjects_filters() -> None:
    assert len(PROGRAM.schedule(ctx52({"subjects": ["语文", "数学"]}))) == 30
    listed = PROGRAM.schedule(ctx52({"teachers": ["T003", "T001"]}))
    assert sorted(x.teacher.id for x in listed) == ["T001", "T003"]


def test_build_schedule_is_fast_enough_for_a_large_school() -> None:
    roster = [Teacher(f"X{i:04d}", f"教师{i}", subject=f"学科{i % 9}", group=f"组{i % 5}")
              for i in range(400)]
    periods = [Period(dt.time(8 + h, 0), dt.time(8 + h, 40)) for h in range(6)]
    lessons = build_schedule(roster, periods, MONDAY, seed=3)
    assert len(lessons) == 400 and clashes(lessons) == []


# -- files out ------------------------------------------------------------------------------
def test_csv_and_xlsx_read_back() -> None:
    ctx = ctx52({"classes": {"T001": "三年级1班"}})
    lessons = PROGRAM.schedule(ctx)
    text = output.as_csv(ctx, lessons)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(output.COLUMNS) and len(rows) == 53
    t001 = next(r for r in rows[1:] if r[7] == "T001")
    assert t001[9] == "三年级1班" and t001[10] == "三年级1班" and t001[12].startswith("说课 10 分钟")
    assert rows[1][1] == "2020-11-23" and rows[1][4] == "08:00"
    book = openpyxl.load_workbook(io.BytesIO(output.as_xlsx(ctx, lessons)))
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == output.COLUMNS and len(values) == 53
    assert values[1][1] == dt.datetime(2020, 11, 23) and values[1][4] == dt.time(8, 0)
    assert output.as_xlsx(ctx, lessons) == output.as_xlsx(ctx, lessons)  # deterministic


def test_ics_is_the_core_calendar_of_every_lesson() -> None:
    ctx = ctx52()
    cal = icalendar.Calendar.from_ical(output.as_ics(ctx, PROGRAM))
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 52
    first = min(events, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2020, 11, 23, 8, 0)
    assert str(first["SUMMARY"]).startswith("公开课：")
    assert "说课 10 分钟、授课 40 分钟、评课 20 分钟" in str(first["DESCRIPTION"])
    assert output.conflicts(ctx, PROGRAM) == []
    table = output.as_table(ctx, PROGRAM.schedule(ctx))
    assert "共 52 节：2020-11-23 至 2020-12-09，13 个上课日，8 个学科" in table


def test_plan_notes_the_parts_and_observers() -> None:
    (first, *_) = PROGRAM.plan(ctx52({"parts": {"说课": 15, "授课": 40, "评课": 30}}))
    assert first.kind == "公开课" and first.program == PID
    assert first.note.startswith("第 1 节公开课（当天第 1 节）；说课 15 分钟、授课 40 分钟、评课 30 分钟；"
                                 "观课教研组：")


# -- the command ----------------------------------------------------------------------------
SCHOOL_TOML = """\
name = "示例公开课小学"
holidays = [2020-11-25]

[data]
teachers = "data/teachers.csv"
activities = "data/open_lessons_activities.csv"
"open_lessons.scores" = "data/open_lessons_scores.csv"

[programs.open_lessons]
start = 2020-11-23
teachers = ["O001", "O002", "O003", "O004", "O005", "O006", "O007", "O008"]
theme = "信息技术与分层教学有效融合"
top = 3
as_of = 2021-08-31
classes = { O001 = "三年级1班", O002 = "三年级2班" }
"""


def _workspace(builder: WorkspaceBuilder, school: str = SCHOOL_TOML) -> Path:
    builder.district()
    builder.school("gk", school)
    shutil.copytree(DATA, builder.root / "data")
    return builder.root


def test_schedule_command_writes_every_format(workspace_builder: WorkspaceBuilder,
                                              tmp_path: Path) -> None:
    root = str(_workspace(workspace_builder))
    runner = CliRunner()
    for kind, name in (("teachers", "teachers.csv"), ("activities", "open_lessons_activities.csv")):
        done = runner.invoke(cli, ["-w", root, "import", kind, f"{root}/data/{name}",
                                   "--school", "gk"])
        assert done.exit_code == 0, done.output
    table = runner.invoke(cli, ["-w", root, "open-lessons", "schedule", "--school", "gk"])
    assert table.exit_code == 0, table.output
    assert "共 8 节：2020-11-23 至 2020-11-24" in table.output
    for name in ("安排.xlsx", "安排.csv", "安排.ics", "安排.json"):
        out = tmp_path / name
        result = runner.invoke(cli, ["-w", root, "open-lessons", "schedule", "--school", "gk",
                                     "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 100
    mismatch = runner.invoke(cli, ["-w", root, "open-lessons", "schedule", "--school", "gk",
                                   "--format", "csv", "-o", str(tmp_path / "x.xlsx")])
    assert mismatch.exit_code == 2
    # `yanxiu plan` includes the lessons through ProgramType.plan
    plan = runner.invoke(cli, ["-w", root, "plan", "--school", "gk", "--format", "json"])
    assert plan.exit_code == 0, plan.output
    assert plan.output.count('"kind": "公开课"') == 8


# -- records through the real importer --------------------------------------------------------
@pytest.fixture
def imported(workspace_builder: WorkspaceBuilder) -> Any:
    app = App(_workspace(workspace_builder))
    app.import_configured("gk")
    try:
        (ctx,) = app.program_contexts("gk", PID)
        yield app, ctx
    finally:
        app.close()


def test_import_and_measure(imported: Any) -> None:
    app, ctx = imported
    assert list(check_problems(PROGRAM, ctx)) == []
    f = PROGRAM.measure(ctx)
    assert [h.activity.id for h in f.held] == [f"G0{i}" for i in range(1, 8)]
    assert f.held[1].teacher is not None and f.held[1].teacher.id == "O002"  # 主讲人 by name
    assert [h.uses_it for h in f.held] == [True, True, False, False, True, True, True]
    scores = {h.teacher.id: h.score for h in f.held if h.teacher is not None}
    assert scores == pytest.approx({"O001": 92.0, "O002": 85.0, "O003": 78.0, "O004": 94.0,
                                    "O005": 59.0, "O006": 89.0, "O007": None})
    assert [t.id for t in f.not_held] == ["O008"]
    # the whole plan of the school: every lesson planned or held, no conflicts
    assert collect_plan(app.plan("gk"), app.records("gk").activities()).conflicts == ()


def test_validate_finds_bad_rows() -> None:
    from yanxiu_core import Activity, ProgramRecord

    recs = MemoryRecords(TERM).add(ROSTER[:4]).add(
        Activity("A1", "公开课", "无名课", dt.datetime(2020, 11, 23, 8), program=PID,
                 speaker="查无此人"),
        ProgramRecord(1, PID, "scores", "T001", None, {"teacher_id": "T001", "rater": "甲",
                                                       "教学目标": 12.0}),
        ProgramRecord(2, PID, "scores", "T002", None, {"teacher_id": "T002", "rater": "甲"}),
        ProgramRecord(3, PID, "scores", "T003", None, {"teacher_id": "T003", "rater": "乙",
                                                       "total": 130.0}),
    )
    ctx = make_context(PROGRAM, {"start": D(2021, 8, 30), "teachers": ["T001", "T002", "T003",
                                                                        "T404"],
                                 "periods": [{"start": "08:00", "end": "08:40"}],
                                 "classes": {"T999": "1班"}}, recs, TERM, program_id=PID)
    problems = [(p.where, p.message) for p in check_problems(PROGRAM, ctx)]
    assert problems == [
        ("programs.open_lessons.teachers[3]", "教师不在教师名册中"),
        ("programs.open_lessons.classes", "班级设置中的教师不在教师名册中"),
        ("programs.open_lessons.start", "按此安排公开课要到 2021-09-01 才结束，超出学期"),
        ("活动 A1（无名课）", "公开课周的授课教师不在教师名册中"),
        ("评课评分 1（T001，甲）", "评分项“教学目标”的得分超出范围"),
        ("评课评分 2（T002，甲）", "评分表这一行既没有评分项也没有总分"),
        ("评课评分 3（T003，乙）", "总分超出范围"),
    ]


def test_indicator_and_assessments(imported: Any) -> None:
    _, ctx = imported
    (indicator,) = PROGRAM.indicators(ctx)
    assert (indicator.key, indicator.title, indicator.weight) == ("open_lessons.taught",
                                                                  "公开课周授课", 0.1)
    v = indicator.values
    assert v["O001"].value == 1.0 and v["O001"].evidence == ("activity:G05",)
    assert v["O008"].value == 0.0 and "未举行" in v["O008"].detail
    assert v["O009"].value is None  # not in the program
    items = {i.teacher_id: i for i in PROGRAM.assessments(ctx)}
    assert sorted(items) == ["O001", "O002", "O003", "O004", "O005", "O006"]
    assert items["O004"].percent == pytest.approx(94.0) and items["O004"].name == "公开课周评课"
    assert items["O001"].evidence[0] == "activity:G05" and len(items["O001"].evidence) == 4


def test_indicator_before_the_lesson_is_due() -> None:
    ctx = ctx52({"as_of": D(2020, 11, 23)})
    v = PROGRAM.indicators(ctx)[0].values
    due = {x.teacher.id for x in PROGRAM.schedule(ctx) if x.date == MONDAY}
    assert {t for t, x in v.items() if x.value == 0.0} == due
    assert sum(1 for x in v.values() if x.value is None) == 48


def _blocks(ctx: ProgramContext) -> tuple[str, KeyFigures, list[Table]]:
    section = PROGRAM.section(ctx)
    assert (section.title, section.key) == ("公开课周", PID)
    text = "\n".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    figures = next(b for b in section.blocks if isinstance(b, KeyFigures))
    return text, figures, [b for b in section.blocks if isinstance(b, Table)]


def test_section_text(imported: Any) -> None:
    _, ctx = imported
    text, figures, _ = _blocks(ctx)
    assert ("开展了教师“信息技术与分层教学有效融合”公开课教学展示，每天 4 节（上午 2 节、下午 2 节），"
            "从 2020年11月23日开始至11月24日，历时 2 天，共有 7 位教师进行授课展示（计划 8 位），"
            "共 7 节公开课。出课教师采用说课、授课、评课的教研形式进行教学探究。") in text
    assert "\n此次展示覆盖语文、数学、英语等 3 个学科；71.4%的课使用了信息技术。\n" in text
    assert text.count("\n") == 2  # three paragraphs: the week, its coverage, the scores
    assert ("6 节课经集中评课评分，平均得分 82.8 分（百分制），简一诺老师的《平行与垂直》、"
            "方亦舟老师的《去年的树》、苗若川老师的《长方形的周长》等课例评价较高") in text
    assert dict(figures.items) == {"授课教师": "7/8 人", "公开课": "7 节", "历时": "2 天",
                                   "覆盖学科": "3 个", "信息技术使用": "71.4%", "评课平均分": "82.8"}


def test_section_tables_add_up(imported: Any) -> None:
    _, ctx = imported
    _, _, (by_subject, best, distribution, listing) = _blocks(ctx)
    assert by_subject.rows == (("语文", "3", "3", "2", "3"), ("数学", "3", "3", "2", "3"),
                               ("英语", "1", "1", "1", "0"), ("科学", "1", "0", "0", "0"))
    assert by_subject.total == ("合计", "8", "7", "5", "6")
    assert best.rows == (("1", "简一诺", "数学", "平行与垂直", "2020-11-24", "94.0"),
                         ("2", "方亦舟", "语文", "去年的树", "2020-11-24", "92.0"),
                         ("3", "苗若川", "数学", "长方形的周长", "2020-11-23", "89.0"))
    assert distribution.rows == (("优秀", "90 分及以上", "2", "33.3%"),
                                 ("良好", "80–90 分", "2", "33.3%"),
                                 ("合格", "60–80 分", "1", "16.7%"),
                                 ("待改进", "0–60 分", "1", "16.7%"))
    assert distribution.total == ("合计", "", "6", "")
    assert listing.appendix and len(listing.rows) == 7 and listing.total is not None
    assert listing.total[5] == "17"


def test_section_seed_wording_when_everyone_taught_with_it() -> None:
    from yanxiu_core import Activity

    lessons = PROGRAM.schedule(ctx52())
    held = [Activity(f"A{x.number:02d}", "公开课", f"课例{x.number}",
                     dt.datetime.combine(x.date, x.start), program=PID, speaker=x.teacher.id,
                     content="多媒体课件辅助") for x in lessons]
    ctx = make_context(PROGRAM, {"start": MONDAY, "theme": "信息技术与分层教学有效融合"},
                       MemoryRecords(TERM).add(ROSTER, held), TERM, program_id=PID)
    text, _, _ = _blocks(ctx)
    assert "开展了全员性教师“信息技术与分层教学有效融合”公开课教学展示，每天 4 节" in text
    assert "历时 13 天，共有 52 位教师进行授课展示，共 52 节公开课。" in text
    assert "此次展示教师全员参与授课；覆盖语文、" in text and "信息技术应用于教学实现全覆盖。" in text
    assert "公开课尚未评分。" in text
    first = next(f.text for f in PROGRAM.findings(ctx) if f.kind is FindingKind.PROBLEM)
    assert first.startswith("公开课周已举行的 52 节公开课中，有 52 节没有评课评分")


def test_section_without_lessons() -> None:
    text, figures, tables = _blocks(ctx52())
    assert text == "本学年尚未举行公开课周的公开课。"
    assert dict(figures.items)["公开课"] == "0 节"
    assert [t.caption for t in tables] == ["各学科公开课", "评课成绩分布", "公开课周课例一览"]


# -- findings, figures, members ---------------------------------------------------------------
def test_findings(imported: Any) -> None:
    _, ctx = imported
    findings = PROGRAM.findings(ctx)
    assert all(f.program == PID for f in findings)
    problems = [f.text for f in findings if f.kind is FindingKind.PROBLEM]
    steps = [f.text for f in findings if f.kind is FindingKind.NEXT_STEP]
    assert problems == [
        "公开课周截至 2021-08-31 应授课 8 人，其中 1 人未按计划授课：滕子墨。",
        "公开课周已举行的 7 节公开课中，有 1 节没有评课评分：桑晓晴《My family》。",
    ]
    assert steps[0] == "为滕子墨补排公开课，确保全员参与授课展示。"
    assert "桑晓晴" in steps[1]


def test_no_findings_before_the_week() -> None:
    assert PROGRAM.findings(ctx52({"as_of": D(2020, 11, 20)})) == []


def test_figures(imported: Any) -> None:
    _, ctx = imported
    figures = {f.key: (f.label, f.value, f.unit) for f in PROGRAM.figures(ctx)}
    assert figures == {
        "teachers": ("授课教师", 8, "人"),
        "lessons": ("公开课", 7, "节"),
        "days": ("历时", 2, "天"),
        "subjects": ("覆盖学科", 3, "个"),
        "it_share": ("信息技术使用率", pytest.approx(5 / 7), "%"),
        "mean_score": ("评课平均分", 82.8, "分"),
    }
    assert {f.key for f in PROGRAM.figures(ctx52())} == {"teachers", "lessons", "days", "subjects"}


def test_members(imported: Any) -> None:
    _, ctx = imported
    members = PROGRAM.members(ctx)
    assert [m.teacher_id for m in members] == [f"O00{i}" for i in range(1, 9)]
    assert all(m.role == "授课教师" for m in members)
    assert members[0].detail == "2020-11-24 公开课《去年的树》"
    assert members[7].detail == "计划 2020-11-24 第 3 节（未举行）"
