"""集体备课 / 教研组 (jiti_beike): settings errors at the key, 组 from the roster and settings,
the plan per cadence, held sessions and their 四定, attendance, 三步走 by age, 蹲点 leaders —
through the real importer with the data set in tests/data/jiti_beike."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import yanxiu_jiti_beike
from yanxiu_core import (
    App,
    ConfigError,
    FindingKind,
    KeyFigures,
    MemoryRecords,
    Paragraph,
    ProgramContext,
    Table,
    Teacher,
)
from yanxiu_core.testing import DEFAULT_TERM, WorkspaceBuilder, check_problems, make_context
from yanxiu_jiti_beike import JitiBeikeProgram, compute

DATA = Path(__file__).parent / "data" / "jiti_beike"
PROGRAM = JitiBeikeProgram()
D = dt.date

SCHOOL_TOML = """\
name = "示例备课小学"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
artifacts = "data/artifacts.csv"
"jtbk.platform" = "data/jiti_beike_platform.csv"

[programs.jtbk]
type = "jiti_beike"
units = 2
as_of = 2020-10-31
heads = { "数学组" = "S01" }
sitting_leaders = { "语文组" = "L01", "数学组" = "L01" }
prep_groups = { "一年级语文备课组" = ["J01", "J03"] }

[programs.jtbk.cadence]
weekday = 3
every_weeks = 2

[programs.jtbk.cadences."数学组"]
weekday = 2
nth = 1
place = "数学办公室"
"""


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProgramContext]:
    builder = WorkspaceBuilder(tmp_path_factory.mktemp("jtbk") / "workspace")
    builder.district()
    builder.school("beike", SCHOOL_TOML)
    shutil.copytree(DATA, builder.root / "data")
    app = App(builder.root)
    try:
        app.import_configured("beike")
        (context,) = app.program_contexts("beike", "jiti_beike")
        yield context
    finally:
        app.close()


def test_registers_through_the_hook(plugin_host_factory: Any) -> None:
    host = plugin_host_factory(jiti_beike=yanxiu_jiti_beike)
    assert host.plugin_of("jiti_beike") == "jiti_beike"


@pytest.mark.parametrize(("settings", "where", "text"), [
    ({"cadence": {"weekday": 8}}, "programs.jiti_beike.cadence.weekday", "1–7"),
    ({"cadence": {"every_weeks": -1}}, "programs.jiti_beike.cadence.every_weeks", "不能为负数"),
    ({"cadence": {"nth": 7}}, "programs.jiti_beike.cadence.nth", "每月"),
    ({"cadence": {"start": "16:00", "end": "15:00"}}, "programs.jiti_beike.cadence.end", "晚于"),
    ({"platform": {"max_age": 0}}, "programs.jiti_beike.platform.max_age", "大于 0"),
    ({"platform": {"min_level": "乡级"}}, "programs.jiti_beike.platform.min_level", "骨干级别"),
    ({"units": 0}, "programs.jiti_beike.units", "大于 0"),
    ({"steps": ["个人自备", "个人自备"]}, "programs.jiti_beike.steps", "不重复"),
    ({"prep_groups": {"一年级": []}}, "programs.jiti_beike.prep_groups", "没有成员"),
    ({"sitting_leaders": {"语文组": " "}}, "programs.jiti_beike.sitting_leaders", "工号为空"),
    ({"cadense": {}}, "programs.jiti_beike.cadense", "未知的设置项"),
])
def test_settings_errors_name_the_key(settings: dict[str, Any], where: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, settings)
    problem = info.value.problems[0]
    assert problem.where == where and text in problem.message, problem


def test_defaults() -> None:
    s = make_context(PROGRAM, {}).settings
    assert s.platform.describe() == "年龄不超过 35 岁"
    assert s.steps == ("个人自备", "集体讨论", "个人复备") and s.units == 4
    assert s.cadence.describe() == "每周星期三"


def test_validate_names_the_keys() -> None:
    records = MemoryRecords(DEFAULT_TERM).add([Teacher("T1", "甲", group="语文组")])
    ctx = make_context(PROGRAM, {
        "groups": ["语文组", "美术组"], "prep_groups": {"一年级": ["T1", "ZZ"]},
        "heads": {"体育组": "T1"}, "sitting_leaders": {"语文组": "ZZ"},
        "cadences": {"语文组": {"weekday": 3, "first_date": D(2020, 9, 3)}}}, records)
    problems = {p.where: p.message for p in check_problems(PROGRAM, ctx)}
    assert problems == {
        "programs.jiti_beike.groups[1]": "教研组不在教师名册中",
        "programs.jiti_beike.prep_groups.一年级[1]": "备课组成员不在教师名册中",
        "programs.jiti_beike.heads.体育组": "没有这个教研组或备课组",
        "programs.jiti_beike.sitting_leaders.语文组": "蹲点领导不在教师名册中",
        "programs.jiti_beike.cadences.语文组.first_date":
            "首次日期是星期四，与 weekday = 3（星期三）不一致",
    }


def test_validate_clean_data_set(ctx: ProgramContext) -> None:
    assert list(check_problems(PROGRAM, ctx)) == []


def test_groups_members_heads_and_leaders(ctx: ProgramContext) -> None:
    f = compute(ctx)
    assert [(g.group.name, g.group.kind, g.group.member_ids, g.group.head and g.group.head.id,
             g.group.leader and g.group.leader.id) for g in f.groups] == [
        ("语文组", "教研组", ("J01", "J02", "J03"), "J01", "L01"),  # 组长 by the roster role
        ("数学组", "教研组", ("S01", "S02"), "S01", "L01"),  # 组长 by heads
        ("一年级语文备课组", "备课组", ("J01", "J03"), None, None),
    ]


def test_plan_follows_each_cadence(ctx: ProgramContext) -> None:
    plan = PROGRAM.plan(ctx)
    maths = [p.date for p in plan if p.title == "数学组集体备课"]
    assert maths[:3] == [D(2020, 9, 1), D(2020, 10, 6), D(2020, 11, 3)]  # each first Tuesday
    chinese = [p for p in plan if p.title == "语文组集体备课"]
    assert [p.date for p in chinese[:3]] == [D(2020, 9, 2), D(2020, 9, 16), D(2020, 9, 30)]
    assert chinese[0].place == "" and chinese[0].note == "蹲点领导：陆承泽"
    assert {p.place for p in plan if p.title == "数学组集体备课"} == {"数学办公室"}
    assert chinese[0].start == dt.time(15, 30) and chinese[0].kind == "集体备课"
    assert plan == sorted(plan, key=lambda p: (p.date, p.title))
    holidays = make_context(PROGRAM, {"cadence": {"nth": -1, "weekday": 5}},
                            MemoryRecords(DEFAULT_TERM).add([Teacher("T1", "甲", group="语文组")]),
                            holidays=(D(2020, 9, 25),))
    assert [p.date for p in PROGRAM.plan(holidays)][:2] == [D(2020, 10, 30), D(2020, 11, 27)]


def test_sessions_their_group_and_four_fixed(ctx: ProgramContext) -> None:
    f = compute(ctx)
    held = {s.activity.id: (s.group, s.missing) for s in f.sessions}
    assert held == {
        "A01": ("语文组", ()),
        "A02": ("语文组", ("定地点", "定内容")),  # a title of generic words says no content
        "A03": ("语文组", ("定时间",)),  # the 组 from the title; no time of day
        "B01": ("数学组", ()),
        "B02": ("数学组", ("定主讲人",)),
        "C01": ("一年级语文备课组", ()),
    }
    assert [a.id for a in f.unassigned] == ["U01"]
    assert [(g.due, len(g.sessions), g.complete) for g in f.groups] == [(5, 3, 1), (2, 2, 1),
                                                                       (5, 1, 1)]
    assert f.four_share == pytest.approx(3 / 6)
    assert [(g.expected, g.attended, g.leader_attended) for g in f.groups] == [
        (9, 7, 1), (4, 3, 0), (2, 2, 0)]


def test_three_steps_by_age(ctx: ProgramContext) -> None:
    steps = {s.teacher.id: (s.platform, s.done, s.met, s.partial) for s in compute(ctx).steps}
    assert steps == {
        "J01": (True, 2, True, ()),  # two units on the platform (one of them twice)
        "J02": (False, 2, True, ()),  # 46: all three steps for two units
        "J03": (True, 1, False, ()),
        "S01": (False, 0, False, ("分数的意义",)),  # 个人复备 missing
        "S02": (True, 0, False, ()),
    }
    assert "L01" not in steps and "X01" not in steps  # not in a 组


def test_indicators(ctx: ProgramContext) -> None:
    attendance, steps, four = PROGRAM.indicators(ctx)
    assert [i.key for i in (attendance, steps, four)] == [
        "jtbk.attendance", "jtbk.three_steps", "jtbk.four_fixed"]
    assert attendance.values["J01"].value == 1.0 and attendance.values["J01"].detail == "4/4"
    assert attendance.values["J03"].value == pytest.approx(0.5)  # 语文组 and 备课组 sessions
    assert attendance.values["S02"].value == pytest.approx(0.5)
    assert attendance.values["X01"].value is None and attendance.values["L01"].value is None
    assert steps.values["J01"].value == 1.0
    assert steps.values["J03"].value == pytest.approx(0.5)
    assert steps.values["J03"].detail == "网络电子备课 1/2 个单元"
    (evidence,) = steps.values["J03"].evidence
    assert evidence.startswith("jtbk.platform:")
    assert steps.values["S01"].value == 0.0 and steps.values["S01"].detail == "三步走 0/2 个单元"
    assert len(steps.values["J02"].evidence) == 6
    assert four.values["J01"].value == pytest.approx(1 / 3)  # 组长 of 语文组
    assert four.values["S01"].value == pytest.approx(1 / 2)
    assert four.values["J02"].value is None


def test_section(ctx: ProgramContext) -> None:
    section = PROGRAM.section(ctx)
    assert section.key == "jtbk" and section.title == "集体备课"
    text = " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert "我校2 个教研组、1 个备课组坚持集体备课，做到“四定”" in text
    assert "2 个组有行政领导蹲点参与" in text
    assert "应开展集体备课 12 次，实际开展 6 次，其中“四定”齐全 3 次，占 50.0%" in text
    assert "年龄不超过 35 岁的教师 3 人使用网络电子备课平台，2 人有提交记录，1 人完成 2 个单元" in text
    assert "其余 2 名教师按个人自备→集体讨论→个人复备的步骤备课，1 人完成 2 个单元" in text
    (key,) = [b for b in section.blocks if isinstance(b, KeyFigures)]
    assert ("“四定”齐全率", "50.0%") in key.items
    overview, steps = [b for b in section.blocks if isinstance(b, Table)]
    assert overview.rows[0][:8] == ("语文组", "教研组", "方若溪", "陆承泽", "3", "5", "3", "1")
    assert overview.total == ("合计", "", "", "", "7", "12", "6", "3", "15", "12", "80.0%")
    # each teacher once: the 备课组's members are counted in 语文组
    assert steps.rows == (("语文组", "2", "1", "1", "1"), ("数学组", "1", "0", "1", "0"))
    assert steps.total == ("合计", "3", "1", "2", "1")
    assert [s.title for s in section.subsections] == ["语文组", "数学组", "一年级语文备课组"]
    chinese = section.subsections[0]
    intro = chinese.blocks[0]
    assert isinstance(intro, Paragraph)
    assert intro.text.startswith("语文组（教研组）共 3 人，组长方若溪，蹲点领导陆承泽（参加 1 次）；"
                                 "每两周星期三集体备课，应开展 5 次，实际开展 3 次，“四定”齐全 1 次。")
    (sessions,) = [b for b in chinese.blocks if isinstance(b, Table)]
    assert [r[4] for r in sessions.rows] == ["齐全", "缺地点、内容", "缺时间"]
    assert sessions.total is not None and sessions.total[5:] == ("9", "7", "77.8%")
    maths = section.subsections[1].blocks[0]
    assert isinstance(maths, Paragraph) and "每月第一个星期二集体备课" in maths.text


def test_findings(ctx: ProgramContext) -> None:
    findings = PROGRAM.findings(ctx)
    problems = [f.text for f in findings if f.kind == FindingKind.PROBLEM]
    assert problems[0] == ("集体备课未能按计划开展：截至 2020-10-31，语文组应开展 5 次、实际 3 次；"
                           "一年级语文备课组应开展 5 次、实际 1 次。")
    assert problems[1] == ("集体备课已开展的 6 次活动中有 3 次“四定”不全：9月16日语文组缺定地点、定内容；"
                           "9月30日语文组缺定时间；10月6日数学组缺定主讲人。")
    assert problems[2].startswith("集体备课有 1 次活动记录未写明所属教研组或备课组")
    assert "U01“跨学科研讨会”" in problems[2]
    assert problems[3] == ("年龄不超过 35 岁的教师中有 2 人网络电子备课未完成 2 个单元："
                           "韩知秋（1 个）、柯晓棠（0 个）。")
    assert problems[4] == "有 1 名教师“三步走”（个人自备→集体讨论→个人复备）未完成 2 个单元：蒋怀远（0 个）。"
    assert problems[5] == "陆承泽蹲点数学组，本学年未参加该组集体备课。"
    (nxt,) = [f.text for f in findings if f.kind == FindingKind.NEXT_STEP]
    assert nxt.startswith("下学年继续规范集体备课，各组按计划定期开展活动，每次活动做到定时间")


def test_figures(ctx: ProgramContext) -> None:
    assert {f.key: f.value for f in PROGRAM.figures(ctx)} == {
        "groups": 3, "sessions_due": 12, "sessions_held": 6,
        "four_fixed_share": pytest.approx(0.5), "attendance_rate": pytest.approx(12 / 15),
        "platform_teachers": 3, "platform_users": 2, "steps_teachers": 2, "steps_complete": 1}


def test_members(ctx: ProgramContext) -> None:
    members = [(m.teacher_id, m.role, m.detail) for m in PROGRAM.members(ctx)]
    assert ("J01", "组长", "语文组（教研组）；出勤 4/4；网络电子备课 2/2 个单元") in members
    assert ("J02", "组员", "语文组（教研组）；出勤 3/3；三步走 2/2 个单元") in members
    assert ("L01", "蹲点领导", "语文组（教研组）；参加 1/3 次") in members
    assert ("L01", "蹲点领导", "数学组（教研组）；参加 0/2 次") in members
    assert [m[1] for m in members if m[0] == "J03"] == ["组员", "组员"]  # 语文组 and 备课组


def test_empty_school() -> None:
    ctx = make_context(PROGRAM, {})
    assert PROGRAM.plan(ctx) == []
    section = PROGRAM.section(ctx)
    assert "尚未建立教研组、备课组" in section.blocks[0].text  # type: ignore[union-attr]
    assert PROGRAM.findings(ctx) == []
    assert {f.key for f in PROGRAM.figures(ctx)} == {
        "groups", "sessions_due", "sessions_held", "platform_teachers", "platform_users",
        "steps_teachers", "steps_complete"}
