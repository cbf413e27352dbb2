"""``yanxiu run`` imports each school's data files in ONE transaction: every file or none.

A school whose fifth file is refused keeps nothing of the first four (and the error names the
file); the other schools go on. Later files are checked against what the earlier files of the
same run will leave (attendance naming an activity or teacher the run adds, or removes). The
"already imported" shortcut still works file by file. A failure, or a kill -9, in the middle of
the write leaves the database as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from collections.abc import Iterator, Sequence
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from yanxiu_core.app import App
from yanxiu_core.cli import cli
from yanxiu_core.config import load_workspace_config
from yanxiu_core.errors import DataError
from yanxiu_core.store import Store, schema
from yanxiu_core.store import store as store_module
from yanxiu_core.testing import WorkspaceBuilder

TEACHERS = [["工号", "姓名"], ["T1", "王芳"], ["T2", "李明"], ["T3", "赵丽"]]
ACTIVITIES = [["编号", "主题", "日期", "学时"], ["A1", "开学第一讲", "2020-09-09", "2"],
              ["A2", "公开课", "2020-10-14", "1"], ["A3", "师德学习", "2020-11-11", "2"]]
ATTENDANCE = [["活动编号", "工号", "状态"], ["A1", "T1", "出席"], ["A1", "T2", "出席"],
              ["A2", "T3", "出席"], ["A3", "T1", "出席"], ["A3", "T3", "请假"]]
ARTIFACTS = [["工号", "类型", "提交日期"], ["T1", "教案", "2020-10-20"], ["T2", "反思", "2020-11-20"]]
ASSESSMENTS = [["工号", "考核名称", "得分"], ["T1", "期末考核", "88"], ["T2", "期末考核", "76"],
               ["T3", "期末考核", "92"]]
AWARDS = [["工号", "荣誉名称", "级别", "获奖日期"], ["T3", "区优质课评比", "区级", "2021-04-15"]]
FILES: dict[str, list[list[str]]] = {
    "teachers": TEACHERS, "activities": ACTIVITIES, "attendance": ATTENDANCE,
    "artifacts": ARTIFACTS, "assessments": ASSESSMENTS, "awards": AWARDS,
}


class Workspace:
    """Two schools, ``a`` and ``b``, each with its six data files under ``data/<school>/``."""

    def __init__(self, builder: WorkspaceBuilder) -> None:
        self.builder = builder
        self.root = builder.root
        builder.district()
        for sid, name in (("a", "甲校"), ("b", "乙校")):
            data = "\n".join(f'{k} = "data/{sid}/{k}.csv"' for k in FILES)
            builder.school(sid, f'name = "{name}"\n\n[data]\n{data}\n')
            for kind, rows in FILES.items():
                self.write(sid, kind, rows)

    def write(self, sid: str, kind: str, rows: Sequence[Sequence[str]]) -> Path:
        return self.builder.csv(f"data/{sid}/{kind}.csv", rows[0], rows[1:])

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, ["-w", str(self.root), "--no-plugins", "run", "-o",
                                        str(self.root / "out"), "--format", "md", *args])

    def counts(self, sid: str) -> dict[str, int]:
        with Store.open(self.url) as store:
            return store.counts(sid)

    @property
    def url(self) -> str:
        """The workspace's store as yanxiu finds it (``$YANXIU_DATABASE_URL`` or the file)."""
        return load_workspace_config(self.root).district.database_url

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        with Store.open(self.url) as store, \
                store.engine.connect() as conn:
            return {name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key))]
                    for name, t in schema.metadata.tables.items()}


@pytest.fixture
def ws(workspace_builder: WorkspaceBuilder) -> Workspace:
    return Workspace(workspace_builder)


@pytest.fixture
def app(ws: Workspace) -> Iterator[App]:
    a = App(ws.root, no_plugins=True)
    try:
        yield a
    finally:
        a.close()


EMPTY = dict.fromkeys(schema.RECORD_TABLES, 0)


def test_a_school_whose_fifth_file_is_refused_imports_nothing_and_others_go_on(
    ws: Workspace,
) -> None:
    ws.write("a", "assessments", [*ASSESSMENTS, ["T9", "说课", "80"]])  # unknown teacher
    result = ws.run()
    assert result.exit_code == 1, result.output
    assert "导入失败：data/a/assessments.csv（考核成绩）有 1 处错误，未写入任何数据" in result.output
    assert "同批的其余 5 个文件也都未导入" in result.output
    assert "data/a/assessments.csv, 第 5 行, 列 “工号”: 工号不在教师名单中；值 'T9'" in result.output
    assert ws.counts("a") == EMPTY  # not the roster, not the activities: nothing
    assert not (ws.root / "out" / "a.md").exists()
    assert ws.counts("b")["attendance"] == 5 and (ws.root / "out" / "b.md").exists()
    with Store.open(ws.url) as store:
        assert store.import_history("a") == []
    # fixed: the next run imports the whole school, attendance against this run's roster
    ws.write("a", "assessments", ASSESSMENTS)
    again = ws.run()
    assert again.exit_code == 0, again.output
    assert "[a] data/a/attendance.csv：新增 5 行" in again.output
    assert "[b] data/b/attendance.csv：与已导入的内容相同（5 行），未作任何更改" in again.output
    assert ws.counts("a") == ws.counts("b")


def test_the_shortcut_is_per_file(ws: Workspace, app: App) -> None:
    first = app.import_configured("a")
    assert [r.already_imported for r in first] == [False] * 6
    assert all(r.already_imported for r in app.import_configured("a"))
    ws.write("a", "attendance", ATTENDANCE[:-1])
    results = {r.kind: r for r in app.import_configured("a")}
    assert [k for k, r in results.items() if not r.already_imported] == ["attendance"]
    assert results["attendance"].removed == 1


def test_later_files_are_checked_against_the_earlier_files_of_the_run(
    ws: Workspace, app: App,
) -> None:
    app.import_configured("a")
    before = ws.dump()
    # the roster drops T3 while the sign-in sheet still names T3: the run refuses the school
    ws.write("a", "teachers", TEACHERS[:3])
    with pytest.raises(DataError) as info:
        app.import_configured("a")
    text = str(info.value)
    assert "导入失败：data/a/attendance.csv（出勤记录）" in text
    assert "第 4 行" in text and "T3 已随 data/a/teachers.csv 从教师名单中删去" in text
    assert ws.dump() == before  # T3 is still there, and so is everything else
    # the activities file drops A3, the sign-in sheet still has it
    ws.write("a", "teachers", TEACHERS)
    ws.write("a", "activities", ACTIVITIES[:3])
    with pytest.raises(DataError, match=r"A3 已随 data/a/activities\.csv 删去") as info:
        app.import_configured("a")
    assert "第 5 行" in str(info.value) and "第 6 行" in str(info.value)
    assert ws.dump() == before
    # made consistent in every file: one run removes A3 and T3 and what went with them
    ws.write("a", "teachers", TEACHERS[:3])
    ws.write("a", "attendance", [r for r in ATTENDANCE if "A3" not in r and "T3" not in r])
    ws.write("a", "awards", AWARDS[:1])
    ws.write("a", "assessments", ASSESSMENTS[:3])
    results = {r.kind: r for r in app.import_configured("a")}
    assert results["teachers"].removed == 1 and results["activities"].removed == 1
    assert ws.counts("a") == {"teachers": 2, "activities": 2, "attendance": 2, "artifacts": 2,
                              "assessments": 2, "awards": 0, "program_records": 0}


def test_a_record_in_two_configured_files_is_refused(ws: Workspace, app: App) -> None:
    ws.builder.school("a", 'name = "甲校"\n\n[data]\nteachers = "data/a/teachers.csv"\n'
                      'activities = ["data/a/x.csv", "data/a/y.csv"]\n')
    ws.write("a", "x", ACTIVITIES[:3])
    ws.write("a", "y", [ACTIVITIES[0], ACTIVITIES[2], ACTIVITIES[3]])  # A2 twice
    app2 = App(ws.root, no_plugins=True)
    try:
        with pytest.raises(DataError) as info:
            app2.import_configured("a")
        text = str(info.value)
        assert "data/a/y.csv, 第 2 行: 与 data/a/x.csv 第 3 行 重复；值 'A2'" in text
        assert ws.counts("a") == EMPTY
        # A2 moves from y.csv to x.csv... and from x.csv to y.csv: either order is fine
        ws.write("a", "y", [ACTIVITIES[0], ACTIVITIES[3]])
        assert [r.added for r in app2.import_configured("a")] == [3, 2, 1]
        ws.write("a", "x", [ACTIVITIES[0], ACTIVITIES[1]])
        ws.write("a", "y", [ACTIVITIES[0], ACTIVITIES[2], ACTIVITIES[3]])
        results = app2.import_configured("a")
        # x.csv read first no longer has A2, y.csv has it: taken over, not removed and re-added
        assert [(r.already_imported, r.removed, r.added, r.unchanged) for r in results] == [
            (True, 0, 0, 3), (False, 0, 0, 1), (False, 0, 0, 2)]
        assert app2.store.owners("a", "activities")[("a", "A2")] == "data/a/y.csv"
        # an unchanged (already imported) file still holds its records
        ws.write("a", "y", [ACTIVITIES[0], ACTIVITIES[1], ACTIVITIES[2], ACTIVITIES[3]])
        with pytest.raises(DataError, match=r"与 已导入的 data/a/x\.csv 重复"):
            app2.import_configured("a")
    finally:
        app2.close()


def test_a_record_moving_between_two_files_keeps_what_depends_on_it(
    ws: Workspace,
) -> None:
    ws.builder.school("a", 'name = "甲校"\n\n[data]\nteachers = "data/a/teachers.csv"\n'
                      'activities = ["data/a/x.csv", "data/a/y.csv"]\n'
                      'attendance = "data/a/attendance.csv"\n')
    ws.write("a", "x", ACTIVITIES[:3])  # A1, A2
    ws.write("a", "y", [ACTIVITIES[0], ACTIVITIES[3]])  # A3
    app = App(ws.root, no_plugins=True)
    try:
        app.import_configured("a")
        assert ws.counts("a")["attendance"] == 5
        ws.write("a", "x", ACTIVITIES[:2])  # A2 moves from x.csv (read first) to y.csv
        ws.write("a", "y", [ACTIVITIES[0], ACTIVITIES[2], ACTIVITIES[3]])
        results = app.import_configured("a")
        assert [(r.file, r.already_imported, r.removed, r.cascaded) for r in results] == [
            ("data/a/teachers.csv", True, 0, ()), ("data/a/x.csv", False, 0, ()),
            ("data/a/y.csv", False, 0, ()), ("data/a/attendance.csv", True, 0, ())]
        assert ws.counts("a")["attendance"] == 5  # A2's attendance stayed
        assert app.store.owned_rows("a", "activities", "data/a/y.csv") == 2
    finally:
        app.close()


def test_a_failure_while_writing_rolls_back_every_file(
    ws: Workspace, app: App, monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.import_configured("b")
    before = ws.dump()
    real = store_module.write_import
    calls = []

    def third_fails(conn: sa.Connection, school_id: str, write: Any) -> Any:
        calls.append(write.source)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(conn, school_id, write)

    monkeypatch.setattr(store_module, "write_import", third_fails)
    with pytest.raises(RuntimeError, match="disk full"):
        app.import_configured("a")
    assert calls == ["data/a/teachers.csv", "data/a/activities.csv", "data/a/attendance.csv"]
    assert ws.dump() == before


def _import_and_hang(root: str, reached: Event) -> None:
    """Child process: import school a, stopping for good inside the transaction, after the
    roster and the activities were written and before the attendance."""
    real = store_module.write_import

    def slow(conn: sa.Connection, school_id: str, write: Any) -> Any:
        if write.kind == "attendance":
            reached.set()
            signal.pause()  # killed here
        return real(conn, school_id, write)

    store_module.write_import = slow  # type: ignore[assignment]
    app = App(Path(root), no_plugins=True)
    app.import_configured("a")


def test_kill_9_in_the_middle_of_the_write_leaves_nothing(ws: Workspace) -> None:
    App(ws.root, no_plugins=True).store.close()  # the database exists, with its schema
    before = ws.dump()
    ctx = multiprocessing.get_context("fork")
    reached = ctx.Event()
    child = ctx.Process(target=_import_and_hang, args=(str(ws.root), reached))
    child.start()
    try:
        assert reached.wait(60), "the child never reached the attendance file"
    finally:
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(30)
    assert child.exitcode == -signal.SIGKILL
    if ws.url.startswith("sqlite"):  # a server database has no file to check
        db = sqlite3.connect(ws.root / "yanxiu.db")
        try:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            db.close()
    assert ws.dump() == before  # neither the roster nor the activities
    app = App(ws.root, no_plugins=True)
    try:
        assert [r.added for r in app.import_configured("a")] == [3, 3, 5, 2, 3, 1]
    finally:
        app.close()
