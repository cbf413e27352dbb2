"""The ``program`` filter means the same in ``MemoryRecords`` as in the store: ``ANY`` is no
filter, ``None`` and ``""`` are both school-wide only, an id is that program instance's records.

The same rows are held in memory and imported through the real importer into a workspace's
store; every expectation is checked against both.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import sys
from collections.abc import Iterator

import pytest

from yanxiu_core import ANY, MemoryRecords, Records
from yanxiu_core.model import Activity, Artifact, Attendance, Teacher
from yanxiu_core.testing import DEFAULT_TERM, WorkspaceBuilder

PROGRAM = "prog"  # the instance id in the school's config; the type is named "filters"

PLUGIN = '''\
from yanxiu_core import ProgramType, hookimpl


class Filters(ProgramType):
    name = "filters"
    title = "过滤测试"


@hookimpl
def yanxiu_program_types(register):
    register(Filters())
'''

SCHOOL = f'''\
name = "一小"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
artifacts = "data/artifacts.csv"

[programs.{PROGRAM}]
type = "filters"
'''

# (id, title, date, program or "") — one activity of the program, one school-wide
ACTIVITIES = [("A1", "读书会", "2020-10-09", PROGRAM), ("A2", "全校培训", "2020-10-16", "")]
ATTENDANCE = [("A1", "T1"), ("A2", "T1"), ("A2", "T2")]
# (teacher, title, date, program or "")
ARTIFACTS = [("T1", "笔记一", "2020-10-10", PROGRAM), ("T2", "笔记二", "2020-10-17", "")]


def _memory() -> MemoryRecords:
    records = MemoryRecords(DEFAULT_TERM)
    records.add([Teacher("T1", "甲老师"), Teacher("T2", "乙老师")])
    for aid, title, day, program in ACTIVITIES:
        start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(15, 30))
        records.add(Activity(aid, "", title, start, minutes=90, program=program or None))
    records.add([Attendance(aid, tid) for aid, tid in ATTENDANCE])
    for n, (tid, title, day, program) in enumerate(ARTIFACTS, 1):
        records.add(Artifact(n, tid, "学习笔记", title, dt.date.fromisoformat(day),
                             program=program or None))
    return records


@pytest.fixture(params=["memory", "store"])
def records(request: pytest.FixtureRequest,
            workspace_builder: WorkspaceBuilder) -> Iterator[Records]:
    if request.param == "memory":
        yield _memory()
        return
    ws = workspace_builder
    ws.district()
    ws.file("plugins/filters_prog.py", PLUGIN)
    ws.school("s1", SCHOOL)
    ws.csv("data/teachers.csv", ["工号", "姓名"], [["T1", "甲老师"], ["T2", "乙老师"]])
    ws.csv("data/activities.csv", ["编号", "主题", "日期", "学时", "所属项目"],
           [[aid, title, day, "2", program] for aid, title, day, program in ACTIVITIES])
    ws.csv("data/attendance.csv", ["活动编号", "工号"], ATTENDANCE)
    ws.csv("data/artifacts.csv", ["工号", "类型", "标题", "提交日期", "所属项目"],
           [[tid, "学习笔记", title, day, program] for tid, title, day, program in ARTIFACTS])
    # Only the workspace's own plugin: the installed ones are disabled (never imported).
    installed = tuple(ep.name for ep in md.entry_points(group="yanxiu"))
    app = ws.app(disabled=installed, strict=True)
    try:
        app.import_configured("s1")
        yield app.records("s1")
    finally:
        app.close()
        sys.modules.pop("yanxiu_local_filters_prog", None)


# program filter -> what it selects
EXPECTED_ACTIVITIES = {ANY: ["A1", "A2"], None: ["A2"], "": ["A2"], PROGRAM: ["A1"]}
EXPECTED_ATTENDANCE = {
    ANY: [("A1", "T1"), ("A2", "T1"), ("A2", "T2")],
    None: [("A2", "T1"), ("A2", "T2")],
    "": [("A2", "T1"), ("A2", "T2")],
    PROGRAM: [("A1", "T1")],
}
EXPECTED_ARTIFACTS = {ANY: ["笔记一", "笔记二"], None: ["笔记二"], "": ["笔记二"],
                      PROGRAM: ["笔记一"]}
FILTERS = [ANY, None, "", PROGRAM]


@pytest.mark.parametrize("program", FILTERS)
def test_activities_by_program(records: Records, program: str | None) -> None:
    assert [a.id for a in records.activities(program)] == EXPECTED_ACTIVITIES[program]
    assert sorted(records.activity_minutes(program)) == EXPECTED_ACTIVITIES[program]


@pytest.mark.parametrize("program", FILTERS)
def test_attendance_by_program(records: Records, program: str | None) -> None:
    rows = [(r.activity_id, r.teacher_id) for r in records.attendance(program)]
    assert rows == EXPECTED_ATTENDANCE[program]
    expected = EXPECTED_ATTENDANCE[program]
    summary = records.attendance_summary(program)
    assert {tid: s.expected for tid, s in summary.items()} == {
        tid: sum(1 for _aid, t in expected if t == tid) for tid in {t for _aid, t in expected}}
    assert sorted(records.activity_attendance(program)) == sorted({aid for aid, _t in expected})


@pytest.mark.parametrize("program", FILTERS)
def test_artifacts_by_program(records: Records, program: str | None) -> None:
    assert [a.title for a in records.artifacts(program)] == EXPECTED_ARTIFACTS[program]


def test_school_wide_records_come_back_with_program_none(records: Records) -> None:
    assert {a.id: a.program for a in records.activities()} == {"A1": PROGRAM, "A2": None}
    assert {a.title: a.program for a in records.artifacts()} == {"笔记一": PROGRAM, "笔记二": None}


def test_memory_record_with_empty_program_is_school_wide() -> None:
    """A hand-built record with ``program=""`` counts as school-wide, as it would once stored
    (the store writes a school-wide program as ``''``)."""
    start = dt.datetime(2020, 10, 9, 15, 30)
    records = MemoryRecords(DEFAULT_TERM).add(
        Activity("A1", "", "读书会", start, minutes=90, program=""),
        Activity("A2", "", "读书会", start, minutes=90, program=PROGRAM),
        Artifact(1, "T1", "学习笔记", "笔记", start.date(), program=""),
    )
    for program in (None, ""):
        assert [a.id for a in records.activities(program)] == ["A1"]
        assert [a.id for a in records.artifacts(program)] == [1]
    assert [a.id for a in records.activities(PROGRAM)] == ["A2"]
    assert [a.id for a in records.activities(ANY)] == ["A1", "A2"]
