"""Two processes writing one store: the second waits for the first (SQLite: BEGIN IMMEDIATE with
a busy timeout; PostgreSQL: an advisory lock with lock_timeout) or fails with a clear message —
never a traceback, never half the data, never a mix of two files; a new database is created once
however many processes open it at the same moment. On both backends."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import import_file
from yanxiu_core.store import LATEST, Store
from yanxiu_core.store.store import WRITE_LOCK_KEY, StoreBusyError
from yanxiu_core.testing import DEFAULT_TERM as TERM
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


def race(url: str, files: list[Path]) -> list[str]:
    """Start one process per file, let them all open ``url`` and import at the same moment;
    what each reported, sorted."""
    ctx = multiprocessing.get_context("fork")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_open_and_import, args=(url, f"s{i}", str(f), start, out))
             for i, f in enumerate(files)]
    for p in procs:
        p.start()
    time.sleep(0.3)  # every process is waiting at the barrier
    start.set()
    for p in procs:
        p.join(60)
    return sorted(out.get(timeout=5) for _ in procs)


def test_processes_creating_and_filling_a_new_database_at_once(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    for round_ in range(3):
        url = (f"sqlite:///{tmp_path / f'race{round_}.db'}" if backend == "sqlite"
               else request.getfixturevalue("postgres_admin_url") and fresh_schema(request))
        files = [roster(tmp_path / f"s{i}.csv", f"S{i}T") for i in range(4)]
        results = race(url, files)
        assert results == [f"ok {TEACHERS}"] * 4, results
        with Store.open(url) as store:
            assert [store.counts(f"s{i}")["teachers"] for i in range(4)] == [TEACHERS] * 4
            assert store.schema_version() == LATEST
            with store.engine.connect() as conn:
                versions = conn.execute(sa.text("SELECT version FROM schema_version")).scalars()
                assert sorted(versions) == list(range(1, LATEST + 1))  # each migration once


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def fresh_schema(request: pytest.FixtureRequest) -> str:
    """A new empty PostgreSQL store (``postgres_url`` is per test; rounds need one each)."""
    import postgres

    base = request.getfixturevalue("_postgres_test_database")
    schema = f"race{os.getpid()}_{next(postgres._counter)}"
    postgres._autocommit(base, f"CREATE SCHEMA {schema}")
    return str(sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
               .render_as_string(hide_password=False))


@pytest.fixture
def url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store of the workspace: its SQLite file, or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace' / 'yanxiu.db'}"
    return str(request.getfixturevalue("postgres_url"))


def test_processes_upgrading_an_old_store_at_once(url: str, tmp_path: Path) -> None:
    """Four processes open a version-2 store holding data at once: it is copied aside once,
    upgraded once, and every import lands."""
    from storecheck import old_store

    old_store(url, 2, school_id="old")
    files = [roster(tmp_path / f"u{i}.csv", f"U{i}T") for i in range(4)]
    results = race(url, files)
    assert results == [f"ok {TEACHERS}"] * 4, results
    with Store.open(url) as store:
        assert store.schema_version() == LATEST and store.counts("old")["teachers"] == 1
        if url.startswith("sqlite"):
            copies = list(Path(sa.make_url(url).database or "").parent.glob("*.bak"))
        else:
            with store.engine.connect() as conn:
                copies = list(conn.exec_driver_sql(
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'yanxiu_backup_%%' "
                    "AND nspname LIKE '%%' || current_schema() || '%%'").scalars())
    assert len(copies) == 1, copies


def workspace(builder: WorkspaceBuilder, url: str) -> Path:
    builder.district(DISTRICT_TOML + f'\n[database]\nurl = "{url}"\n')
    for school in ("a", "b"):
        builder.school(school, f'name = "{school}小学"\n')
        roster(builder.root / f"{school}.csv", f"{school.upper()}T")
    return builder.root


def cli(root: Path, school: str, timeout: float | None = None,
        file: str | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "YANXIU_NO_PLUGINS": "1"}
    env.pop("YANXIU_DATABASE_URL", None)  # the workspace's [database] url says where
    if timeout is not None:
        env["YANXIU_BUSY_TIMEOUT"] = str(timeout)
    return subprocess.Popen(
        [YANXIU, "-w", str(root), "import", "teachers", str(root / (file or f"{school}.csv")),
         "--school", school], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def counts(url: str) -> dict[str, int]:
    with Store.open(url) as store:
        return {s: store.counts(s)["teachers"] for s in ("a", "b")}


def test_two_cli_imports_into_a_new_workspace_at_once(workspace_builder: WorkspaceBuilder,
                                                      url: str) -> None:
    root = workspace(workspace_builder, url)
    procs = [cli(root, "a"), cli(root, "b")]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (stdout, stderr) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr and f"新增 {TEACHERS} 行" in stdout
    assert counts(url) == {"a": TEACHERS, "b": TEACHERS}


def test_two_imports_of_one_school_never_mix(workspace_builder: WorkspaceBuilder, url: str) -> None:
    """The same kind of one school from two files at once: the store ends with exactly one
    of them (the later), never rows of both."""
    root = workspace(workspace_builder, url)
    first = roster(root / "first.csv", "AT")
    (root / "second.csv").write_text(
        "工号,姓名\n" + "".join(f"AT{i:04d},第二份{i}\n" for i in range(0, TEACHERS, 2)),
        encoding="utf-8")
    assert first.exists()
    for _ in range(2):
        procs = [cli(root, "a", file="first.csv"), cli(root, "a", file="second.csv")]
        for proc in procs:
            _, stderr = proc.communicate(timeout=120)
            assert proc.returncode == 0, stderr
        with Store.open(url) as store:
            names = {t.id: t.name for t in store.records("a", TERM).teachers()}
        # A file takes over the rows it holds (decision 0013): the odd ids stay first.csv's;
        # the even ids are all first.csv's or all second.csv's — whichever wrote last — never
        # some of each.
        assert len(names) == TEACHERS
        assert all(names[f"AT{i:04d}"] == f"教师{i}" for i in range(1, TEACHERS, 2))
        even = {names[f"AT{i:04d}"].rstrip("0123456789") for i in range(0, TEACHERS, 2)}
        assert even in ({"教师"}, {"第二份"}), even


def hold_write_lock(url: str) -> Any:
    """Hold the store's write lock from outside, as another writer would; release with
    ``.rollback()`` / ``.commit()`` and ``.close()``."""
    if url.startswith("sqlite"):
        holder = sqlite3.connect(sa.make_url(url).database or "", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        return holder
    conn = sa.create_engine(url, poolclass=sa.pool.NullPool).connect()
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
    return conn


def test_a_writer_waits_then_fails_with_a_clear_message(workspace_builder: WorkspaceBuilder,
                                                        url: str) -> None:
    root = workspace(workspace_builder, url)
    assert counts(url) == {"a": 0, "b": 0}  # the database exists, with its schema
    holder = hold_write_lock(url)
    try:
        began = time.monotonic()
        _, stderr = cli(root, "a", timeout=1).communicate(timeout=60)
        waited = time.monotonic() - began
    finally:
        holder.rollback()
        holder.close()
    assert "数据库正被另一个导入占用，等待 1 秒后仍未释放；请稍后重试" in stderr
    assert "Traceback" not in stderr and "database is locked" not in stderr
    assert waited >= 1.0
    assert counts(url) == {"a": 0, "b": 0}  # nothing half-written


def test_a_writer_waits_for_the_lock_to_be_released(workspace_builder: WorkspaceBuilder,
                                                    url: str) -> None:
    root = workspace(workspace_builder, url)
    counts(url)
    holder = hold_write_lock(url)
    began = time.monotonic()
    proc = cli(root, "a")  # default timeout: 30 seconds
    try:
        time.sleep(1.5)
        assert proc.poll() is None  # still waiting
    finally:
        holder.commit()
        holder.close()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert time.monotonic() - began >= 1.5
    assert counts(url) == {"a": TEACHERS, "b": 0}


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


def test_reads_are_not_blocked_by_a_writer(url: str) -> None:
    with Store.open(url, busy_timeout=0.2) as store:
        holder = hold_write_lock(url)
        try:
            assert store.counts("s1")["teachers"] == 0  # a report may run during an import
            began = time.monotonic()
            with pytest.raises(StoreBusyError, match=r"等待 0\.2 秒后仍未释放"):
                store.save("s1", [])
            assert time.monotonic() - began >= 0.2
        finally:
            holder.rollback()
            holder.close()
