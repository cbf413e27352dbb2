"""A store watched for writes tells its own from anyone else's (the run snapshot of decision
0028 depends on it): the SQLite header's change counter, read around its own transactions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yanxiu_core.model import Activity, Teacher
from yanxiu_core.store import Store

pytestmark = pytest.mark.sqlite_only  # the SQLite file itself


def _teacher(tid: str) -> Teacher:
    return Teacher(id=tid, name=f"教师{tid}")


def test_own_writes_are_not_anyone_elses(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'y.db'}"
    with Store.open(url) as store:
        assert store.watch_writes() and not store.written_elsewhere()
        store.save("s1", [_teacher("T1")])
        store.save("s1", [_teacher("T2")])
        assert not store.written_elsewhere()
        with Store.open(url) as other:  # another connection, as another process has
            other.save("s1", [Activity(id="A1", kind="讲座", title="x",
                                       start=dt.datetime(2020, 10, 1), minutes=45)])
        assert store.written_elsewhere()


def test_a_write_by_another_before_ours_is_seen_inside_ours(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'y.db'}"
    with Store.open(url) as store, Store.open(url) as other:
        store.watch_writes()
        other.save("s1", [_teacher("T9")])
        store.save("s1", [_teacher("T1")])  # the counter moved by two: one was not ours
        assert store.written_elsewhere()


def test_a_failed_write_of_ours_leaves_the_watch_clean(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'y.db'}") as store:
        store.watch_writes()
        with pytest.raises(RuntimeError), store.begin_write() as conn:
            conn.exec_driver_sql("DELETE FROM teachers")
            raise RuntimeError("rolled back")
        assert not store.written_elsewhere()


def test_a_store_in_wal_mode_is_not_watched(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "y.db"
    Store.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as db:  # a district tool switched it to WAL
        db.execute("PRAGMA journal_mode = WAL")
    with Store.open(f"sqlite:///{path}") as store:
        assert store.journal_mode() == "wal"
        assert not store.watch_writes() and store.written_elsewhere()
