"""Two processes writing one SQLite database: the second waits for the first (BEGIN IMMEDIATE
with a busy timeout) or fails with a clear message — never a traceback, never half the data;
a new database is created once however many processes open it at the same moment."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest
import sqlalchemy as sa

from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import import_file
from yanxiu_core.store import LATEST, Store
from yanxiu_core.store.store import StoreBusyError
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

YANXIU = str(Path(sys.executable).with_name("yanxiu"))
TEACHERS = 300  # rows per school file: enough that a write takes a moment


def roster(path: Path, prefix: str) -> Path:
    path.write_text("工号,姓名\n" + "".join(f"{prefix}{i:04d},教师{i}\n" for i in range(TEACHERS)),
                    encoding="utf-8")
    return path


def _open_and_import(url: str, school: str, path: str, start: Event, out: multiprocessing.Queue,
                     ) -> None:  # type: ignore[type-arg]
    start.wait()
    try:
        with Store.open(url) as store:
            result = import_file(store, school_id=school, kind="teachers", path=Path(path),
                                 policy=HoursPolicy(), programs={})
        out.put(f"ok {result.added}")
    except BaseException as exc:  # the test reports whatever happened
        out.put(f"{type(exc).__name__}: {exc}")


def test_processes_creating_and_filling_a_new_database_at_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    for round_ in range(3):
        url = f"sqlite:///{tmp_path / f'race{round_}.db'}"
        files = [roster(tmp_path / f"s{i}.csv", f"S{i}T") for i in range(4)]
        start, out = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_open_and_import, args=(url, f"s{i}", str(f), start, out))
                 for i, f in enumerate(files)]
        for p in procs:
            p.start()
        time.sleep(0.3)  # every process is waiting at the barrier
        start.set()
        for p in procs:
            p.join(60)
        results = sorted(out.get(timeout=5) for _ in procs)
        assert results == [f"ok {TEACHERS}"] * 4, results
        with Store.open(url) as store:
            assert [store.counts(f"s{i}")["teachers"] for i in range(4)] == [TEACHERS] * 4
            assert store.schema_version() == LATEST
            with store.engine.connect() as conn:
                versions = conn.execute(sa.text("SELECT version FROM schema_version")).scalars()
                assert sorted(versions) == list(range(1, LATEST + 1))  # each migration once


def workspace(builder: WorkspaceBuilder) -> Path:
    builder.district(DISTRICT_TOML)
    for school in ("a", "b"):
        builder.school(school, f'name = "{school}小学"\n')
        roster(builder.root / f"{school}.csv", f"{school.upper()}T")
    return builder.root


def cli(root: Path, school: str, timeout: float | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "YANXIU_NO_PLUGINS": "1"}
    if timeout is not None:
        env["YANXIU_BUSY_TIMEOUT"] = str(timeout)
    return subprocess.Popen(
        [YANXIU, "-w", str(root), "import", "teachers", str(root / f"{school}.csv"),
         "--school", school], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def counts(root: Path) -> dict[str, int]:
    with Store.open(f"sqlite:///{root / 'yanxiu.db'}") as store:
        return {s: store.counts(s)["teachers"] for s in ("a", "b")}


def test_two_cli_imports_into_a_new_workspace_at_once(workspace_builder: WorkspaceBuilder) -> None:
    root = workspace(workspace_builder)
    procs = [cli(root, "a"), cli(root, "b")]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (stdout, stderr) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr and f"新增 {TEACHERS} 行" in stdout
    assert counts(root) == {"a": TEACHERS, "b": TEACHERS}


def hold_write_lock(db: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_writer_waits_then_fails_with_a_clear_message(workspace_builder: WorkspaceBuilder) -> None:
    root = workspace(workspace_builder)
    assert counts(root) == {"a": 0, "b": 0}  # the database exists, with its schema
    holder = hold_write_lock(root / "yanxiu.db")
    try:
        began = time.monotonic()
        _, stderr = cli(root, "a", timeout=1).communicate(timeout=60)
        waited = time.monotonic() - began
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "数据库正被另一个导入占用，等待 1 秒后仍未释放；请稍后重试" in stderr
    assert "Traceback" not in stderr and "database is locked" not in stderr
    assert waited >= 1.0
    assert counts(root) == {"a": 0, "b": 0}  # nothing half-written


def test_a_writer_waits_for_the_lock_to_be_released(workspace_builder: WorkspaceBuilder) -> None:
    root = workspace(workspace_builder)
    counts(root)
    holder = hold_write_lock(root / "yanxiu.db")
    began = time.monotonic()
    proc = cli(root, "a")  # default timeout: 30 seconds
    try:
        time.sleep(1.5)
        assert proc.poll() is None  # still waiting
    finally:
        holder.execute("COMMIT")
        holder.close()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert time.monotonic() - began >= 1.5
    assert counts(root) == {"a": TEACHERS, "b": 0}


def test_busy_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from yanxiu_core.store import StoreError
    from yanxiu_core.store.store import DEFAULT_BUSY_TIMEOUT, busy_timeout_setting

    monkeypatch.delenv("YANXIU_BUSY_TIMEOUT", raising=False)
    assert busy_timeout_setting() == DEFAULT_BUSY_TIMEOUT == 30.0
    assert busy_timeout_setting(2.5) == 2.5
    monkeypatch.setenv("YANXIU_BUSY_TIMEOUT", "5")
    assert busy_timeout_setting() == 5.0
    monkeypatch.setenv("YANXIU_BUSY_TIMEOUT", "soon")
    with pytest.raises(StoreError, match="YANXIU_BUSY_TIMEOUT"):
        busy_timeout_setting()


def test_reads_are_not_blocked_by_a_writer(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'y.db'}", busy_timeout=0.2) as store:
        holder = hold_write_lock(tmp_path / "y.db")
        try:
            assert store.counts("s1")["teachers"] == 0  # a report may run during an import
            began = time.monotonic()
            with pytest.raises(StoreBusyError, match=r"等待 0\.2 秒后仍未释放"):
                store.save("s1", [])
            assert time.monotonic() - began >= 0.2
        finally:
            holder.execute("ROLLBACK")
            holder.close()
