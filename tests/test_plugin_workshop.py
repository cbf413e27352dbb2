"""学科工作室 (workshop): settings errors, plan dates, validation, member indicators, section
figures against the records, findings, and the example workshop's data."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import yanxiu_workshop
from yanxiu_core import (
    Activity,
    Artifact,
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
from yanxiu_workshop import WorkshopProgram

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))
PROGRAM = WorkshopProgram()
PID = "tonghua"
TEACHERS = [
    Teacher("C001", "林文博", subject="语文"),
    Teacher("C002", "周若曦", subject="语文"),
    Teacher("C013", "严子泽", subject="语文"),
    Teacher("C050", "夏欣", subject="道德与法治"),
]
BASE: dict[str, Any] = {"name": "童化作文工作室", "subject": "语文", "host": "C001",
                        "members": ["C002", "C013"],
                        "goals": {"研究课": 2, "论文": 2, "获奖": 1}}
P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def meeting(aid: str, day: D, kind: str = "研讨", program: str = PID) -> Activity:
    return Activity(id=aid, kind=kind, title=f"活动{aid}", program=program,
                    start=dt.datetime.combine(day, dt.time(15, 30)),
                    end=dt.datetime.combine(day, dt.time(17, 0)), place="工作室",
                    speaker="林文博", minutes=90)


def artifact(n: int, tid: str, kind: str, program: str | None = PID) -> Artifact:
    return Artifact(id=n, teacher_id=tid, kind=kind, title=f"{kind}{n}", date=D(2020, 11, n),
                    program=program)


def records() -> MemoryRecords:
    """Two meetings and a 工作坊 (not a meeting kind); C013 excused once and missing once.

    Outputs: 研究课 ×2 (C002, C013), 论文 ×1 (C001), 公开课 ×1 by C002 (an alias in some
    tests), 学习笔记 (not an output), and a 论文 by C050, who is not a member.
    """
    return MemoryRecords(TERM).add(
        TEACHERS,
        meeting("W01", D(2020, 9, 10)),
        meeting("W02", D(2020, 9, 24), kind="观摩"),
        meeting("W03", D(2020, 10, 8), kind="工作坊"),
        [Attendance("W01", t, s, "参加") for t, s in (("C001", P), ("C002", P), ("C013", E))],
        [Attendance("W02", t, s, "参加") for t, s in (("C001", P), ("C002", P))],
        [Attendance("W03", t, s, "参加") for t, s in (("C001", P), ("C002", A), ("C013", P))],
        artifact(1, "C002", "研究课"), artifact(2, "C013", "研究课"), artifact(3, "C001", "论文"),
        artifact(4, "C002", "公开课"), artifact(5, "C013", "学习笔记"),
        artifact(6, "C050", "论文"), artifact(7, "C001", "论文", program=None),
    )


def ctx_for(settings: Mapping[str, Any] | None = None, recs: MemoryRecords | None = None,
            holidays: tuple[D, ...] = ()) -> ProgramContext:
    return make_context(PROGRAM, {**BASE, **(settings or {})},
                        recs if recs is not None else records(), TERM, program_id=PID,
                        holidays=holidays)


# -- registration and settings ------------------------------------------------------------
def test_registers_through_the_hook() -> None:
    found: list[ProgramType] = []
    yanxiu_workshop.yanxiu_program_types(register=found.append)
    assert [(p.name, p.title) for p in found] == [("workshop", "学科工作室")]


@pytest.mark.parametrize(("settings", "where", "text"), [
    ({"host": None}, "programs.tonghua.host", "缺少"),
    ({"host": " "}, "programs.tonghua.host", "工号"),
    ({"goals": {"专著": 1}}, "programs.tonghua.goals", "不是成果类别"),
    ({"goals": {"论文": -1}}, "programs.tonghua.goals", "负数"),
    ({"goals": {"论文": "3"}}, "programs.tonghua.goals.论文", "整数"),
    ({"aliases": {"公开课": "展示"}}, "programs.tonghua.aliases", "不是成果类别"),
    ({"weekday": 0}, "programs.tonghua.weekday", "1–7"),
    ({"end": "15:00"}, "programs.tonghua.end", "晚于"),
    ({"member_outputs": -1}, "programs.tonghua.member_outputs", "负数"),
    ({"goal": {}}, "programs.tonghua.goal", "goals"),
])
def test_settings_errors_name_the_key(settings: dict[str, Any], where: str, text: str) -> None:
    table = {**BASE, **settings}
    table = {k: v for k, v in table.items() if v is not None}
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, table, records(), TERM, program_id=PID)
    assert [p.where for p in info.value.problems] == [where]
    assert text in str(info.value.problems[0])


# -- plan ---------------------------------------------------------------------------------
def test_plan_meetings_on_cadence() -> None:
    ctx = ctx_for({"weekday": 4, "every_weeks": 2, "first_date": D(2020, 9, 10),
                   "place": "工作室", "skip_ranges": [{"start": D(2020, 10, 1),
                                                      "end": D(2020, 10, 31)}]},
                  holidays=(D(2020, 11, 19),))
    plan = PROGRAM.plan(ctx)
    assert [p.date for p in plan[:4]] == [D(2020, 9, 10), D(2020, 9, 24), D(2020, 11, 5),
                                         D(2020, 12, 3)]
    assert all(p.date.isoweekday() == 4 and TERM.contains(p.date) for p in plan)
    first = plan[0]
    assert (first.title, first.kind, first.place, first.program) == (
        "童化作文工作室活动", "会议", "工作室", PID)
    assert "主持人：林文博" in first.note


# -- validate -----------------------------------------------------------------------------
def test_validate_host_and_members_must_be_on_the_roster() -> None:
    ctx = ctx_for({"host": "C999", "members": ["C002", "C777", "C002"]})
    problems = {p.where: p for p in PROGRAM.validate(ctx)}
    assert problems["programs.tonghua.host"].value == "C999"
    assert "名册" in problems["programs.tonghua.host"].message
    assert problems["programs.tonghua.members[1]"].value == "C777"
    assert "重复" in problems["programs.tonghua.members[2]"].message
    assert "programs.tonghua.members[0]" not in problems


def test_validate_outputs_by_non_members_and_first_date() -> None:
    problems = list(PROGRAM.validate(ctx_for({"first_date": D(2020, 9, 9)})))
    assert [p.where for p in problems] == ["programs.tonghua.first_date", "成果 6（论文：论文6）"]
    assert problems[1].value == "C050"


# -- indicators ---------------------------------------------------------------------------
def test_member_indicators() -> None:
    attendance, outputs = PROGRAM.indicators(ctx_for({"member_outputs": 2}))
    assert (attendance.key, outputs.key) == ("tonghua.attendance", "tonghua.outputs")
    a = attendance.values
    # meetings: W01 (研讨) and W02 (观摩); W03 is a 工作坊, not a meeting kind
    assert (a["C001"].value, a["C001"].detail) == (1.0, "2/2")
    assert (a["C013"].value, a["C013"].detail) == (0.0, "0/2")  # 请假 + no row
    assert a["C050"].value is None
    o = outputs.values
    assert (o["C001"].value, o["C001"].detail, o["C001"].evidence) == (0.5, "1/2",
                                                                       ("artifact:3",))
    assert (o["C002"].value, o["C002"].detail) == (0.5, "1/2")  # 公开课 is no output yet
    assert o["C050"].value is None  # non-member, even with a 论文


def test_aliases_map_artifact_kinds_to_outputs_and_zero_target_drops_indicator() -> None:
    (attendance,) = PROGRAM.indicators(ctx_for({"member_outputs": 0}))
    assert attendance.key == "tonghua.attendance"
    _, outputs = PROGRAM.indicators(ctx_for({"aliases": {"公开课": "研究课"}}))
    assert outputs.values["C002"].detail == "2/1" and outputs.values["C002"].value == 1.0


# -- section ------------------------------------------------------------------------------
def tables(ctx: ProgramContext) -> tuple[KeyFigures, Table, Table, Table]:
    section = PROGRAM.section(ctx)
    figures = next(b for b in section.blocks if isinstance(b, KeyFigures))
    members, goals, meetings = (b for b in section.blocks if isinstance(b, Table))
    return figures, members, goals, meetings


def test_section_figures_equal_the_records() -> None:
    ctx = ctx_for({"aliases": {"公开课": "研究课"}})
    section = PROGRAM.section(ctx)
    assert (section.title, section.key) == ("童化作文工作室", PID)
    figures, members, goals, meetings = tables(ctx)
    assert dict(figures.items) == {"主持人及成员": "3 人", "活动": "2 次", "出勤率": "66.7%",
                                   "成果": "4 项"}
    assert members.columns == ("姓名", "身份", "学科", "应到", "实到", "研究课", "论文", "获奖",
                               "校本课程", "成果合计")
    assert members.rows == (
        ("林文博", "主持人", "语文", "2", "2", "0", "1", "0", "0", "1"),
        ("周若曦", "成员", "语文", "2", "2", "2", "0", "0", "0", "2"),
        ("严子泽", "成员", "语文", "2", "0", "1", "0", "0", "0", "1"),
    )
    assert members.total == ("合计", "", "", "6", "4", "3", "1", "0", "0", "4")
    assert goals.rows == (("研究课", "2", "3", "150.0%"), ("论文", "2", "1", "50.0%"),
                          ("获奖", "1", "0", "0.0%"), ("校本课程", "-", "0", "-"))
    assert goals.total == ("合计", "5", "4", "80.0%")
    assert [r[0] for r in meetings.rows] == ["2020-09-10", "2020-09-24"]
    assert meetings.total == ("合计", "", "", "6", "4", "66.7%")
    text = " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert "林文博老师主持" in text and "成员 2 人" in text and "实际开展 2 次" in text
    assert "“论文”“获奖”尚未达到年度目标" in text


def test_section_without_meetings_or_goals() -> None:
    recs = MemoryRecords(TERM).add(TEACHERS)
    section = PROGRAM.section(ctx_for({"goals": {}}, recs))
    assert len([b for b in section.blocks if isinstance(b, Table)]) == 2
    text = " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert "出勤率" not in text and "年度成果" not in text


# -- findings -----------------------------------------------------------------------------
def test_findings_goals_not_met_and_meetings_behind() -> None:
    findings = PROGRAM.findings(ctx_for({"first_date": D(2020, 9, 10), "weekday": 4,
                                         "as_of": D(2020, 10, 31)}))
    problems = [f.text for f in findings if f.kind is FindingKind.PROBLEM]
    steps = [f.text for f in findings if f.kind is FindingKind.NEXT_STEP]
    goals, behind = problems
    assert "研究课目标 2 项、完成 2 项" not in goals
    assert "论文目标 2 项、完成 1 项" in goals and "获奖目标 1 项、完成 0 项" in goals
    assert "应开展活动 4 次，实际开展 2 次" in behind  # 09-10, 09-24, 10-08, 10-22
    assert len(steps) == 1 and "“论文”“获奖”" in steps[0]


def test_no_findings_when_goals_met_and_on_schedule() -> None:
    ctx = ctx_for({"goals": {"研究课": 2}, "first_date": D(2020, 9, 10), "weekday": 4,
                   "as_of": D(2020, 9, 30)})
    assert PROGRAM.findings(ctx) == []


# -- the example workshop -----------------------------------------------------------------
EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"
SCHOOL_TOML = """\
name = "城南实验小学"

[data]
teachers = "data/chengnan/teachers.csv"
activities = "data/chengnan/workshop_activities.csv"
attendance = "data/chengnan/workshop_attendance.csv"
artifacts = "data/chengnan/workshop_artifacts.csv"

[programs.tonghua]
type = "workshop"
name = "童化作文工作室"
subject = "语文"
host = "C001"
members = ["C002", "C003", "C004", "C005", "C013", "C017", "C021", "C025",
           "C031", "C032", "C033", "C034"]
first_date = 2020-09-10
weekday = 4
skip_ranges = [
  { start = 2021-01-23, end = 2021-02-28 },
  { start = 2021-07-01, end = 2021-08-31 },
]
goals = { "研究课" = 8, "论文" = 6, "获奖" = 4, "校本课程" = 1 }
"""


def test_example_data_reproduces_the_seed(tmp_path: Path) -> None:
    """Chengnan's composition-teaching workshop: 语文 members, a meeting every two weeks,
    outputs against goals with one goal (获奖) not met."""
    from yanxiu_core import App

    shutil.copy(EXAMPLE / "yanxiu.toml", tmp_path / "yanxiu.toml")
    shutil.copytree(EXAMPLE / "data" / "chengnan", tmp_path / "data" / "chengnan")
    (tmp_path / "schools").mkdir()
    (tmp_path / "schools" / "chengnan.toml").write_text(SCHOOL_TOML, encoding="utf-8")
    app = App(tmp_path)
    try:
        app.import_configured("chengnan")
        (ctx,) = app.program_contexts("chengnan", "workshop")
        assert list(PROGRAM.validate(ctx)) == []
        f = PROGRAM.measure(ctx)
        assert {p.teacher.subject for p in f.people if p.teacher} == {"语文"}
        assert len(f.people) == 13 and len(f.meetings) == 18 == len(f.planned)
        assert [g.kind for g in f.unmet] == ["获奖"]
        assert {g.kind: g.done for g in f.goals} == {"研究课": 10, "论文": 7, "获奖": 2,
                                                     "校本课程": 1}
        assert PROGRAM.findings(ctx)[0].text.startswith("童化作文工作室部分年度目标")
    finally:
        app.close()
