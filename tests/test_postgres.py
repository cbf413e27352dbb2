"""PostgreSQL as the store: the example district gives the same documents as on SQLite, the order
of text does not depend on the server's collation, and one writer works at a time."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from postgres import drop_database, new_database

from yanxiu_core.cli import cli
from yanxiu_core.model import Teacher
from yanxiu_core.store import Store
from yanxiu_core.store.store import WRITE_LOCK_KEY, StoreBusyError
from yanxiu_core.testing import DEFAULT_TERM

ROOT = Path(__file__).resolve().parents[1]


def run_example(tmp_path: Path, name: str, url: str | None) -> Path:
    root = tmp_path / name
    shutil.copytree(ROOT / "configs" / "example", root,
                    ignore=shutil.ignore_patterns("yanxiu.db*", "out", "*.pyc", "__pycache__"))
    env = {"YANXIU_DATABASE_URL": url or "", "YANXIU_NO_PLUGINS": ""}
    runner = CliRunner()
    ran = runner.invoke(cli, ["-w", str(root), "run", "-o", str(root / "out"), "--format", "md"],
                        env=env)
    assert ran.exit_code == 0, ran.output
    for school in ("chengnan", "hexi2"):
        evaluated = runner.invoke(cli, ["-w", str(root), "evaluate", "--school", school,
                                        "-o", str(root / "out" / f"{school}.csv")], env=env)
        assert evaluated.exit_code == 0, evaluated.output
    return root / "out"


def test_the_example_district_gives_the_same_documents_on_both(tmp_path: Path,
                                                                postgres_url: str) -> None:
    on_sqlite = run_example(tmp_path, "sqlite", None)
    on_postgres = run_example(tmp_path, "postgres", postgres_url)
    names = sorted(p.name for p in on_sqlite.iterdir() if not p.name.startswith("."))
    assert names == ["chengnan.csv", "chengnan.md", "hexi2.csv", "hexi2.md"]
    assert sorted(p.name for p in on_postgres.iterdir() if not p.name.startswith(".")) == names
    for name in names:
        assert (on_postgres / name).read_bytes() == (on_sqlite / name).read_bytes(), name
    with Store.open(postgres_url) as store:
        assert store.engine.dialect.name == "postgresql"
        assert store.counts("hexi2")["attendance"] > 1000  # the data really went there


IDS = ["b", "B", "a", "Z9", "z10", "张三", "李四", "阿朵", "_x", "1"]


def roster(url: str) -> list[str]:
    with Store.open(url) as store:
        store.save("s1", [Teacher(id=i, name=f"教师{i}") for i in IDS])
        return [t.id for t in store.records("s1", DEFAULT_TERM).teachers()]


def test_order_is_code_point_order_whatever_the_collation(tmp_path: Path,
                                                          postgres_admin_url: str) -> None:
    url = new_database(postgres_admin_url, icu_locale="zh")
    try:
        with sa.create_engine(url).connect() as conn:  # the server really sorts otherwise
            found = [r[0] for r in conn.exec_driver_sql(
                "SELECT x FROM unnest(ARRAY['b', 'B', 'a', '阿朵', '张三']) AS x ORDER BY x")]
        assert found != sorted(found)
        assert roster(url) == sorted(IDS) == roster(f"sqlite:///{tmp_path / 'y.db'}")
    finally:
        drop_database(postgres_admin_url, url)


def test_one_writer_at_a_time_readers_never_wait(postgres_url: str) -> None:
    with Store.open(postgres_url, busy_timeout=0.3) as store:
        holder = sa.create_engine(postgres_url).connect()
        holder.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")  # in a txn
        try:
            assert store.counts("s1")["teachers"] == 0  # a report may run during an import
            began = time.monotonic()
            with pytest.raises(StoreBusyError, match=r"等待 0\.3 秒后仍未释放"):
                store.save("s1", [Teacher(id="T1", name="甲")])
            assert time.monotonic() - began >= 0.3
        finally:
            holder.rollback()
            holder.close()
        store.save("s1", [Teacher(id="T1", name="甲")])  # the lock went with the transaction
        assert store.counts("s1")["teachers"] == 1


@pytest.mark.parametrize("url", ["postgresql+psycopg://yanxiu:s3cret@127.0.0.1:1/yanxiu",
                                 "postgresql+nodriver://yanxiu:s3cret@db/yanxiu"])
def test_a_server_password_never_reaches_the_terminal(tmp_path: Path, url: str) -> None:
    root = tmp_path / "ws"
    shutil.copytree(ROOT / "configs" / "example", root,
                    ignore=shutil.ignore_patterns("yanxiu.db*", "out", "data"))
    result = CliRunner().invoke(cli, ["-w", str(root), "status"],
                                env={"YANXIU_DATABASE_URL": url})
    assert result.exit_code == 1
    assert "s3cret" not in result.output and "yanxiu:***@" in result.output


def test_urls_in_messages_hide_every_password() -> None:
    from yanxiu_core.cli._system_errors import database_path
    from yanxiu_core.store.store import shown_url

    assert shown_url("postgresql+psycopg://y:pw@db/yx") == "postgresql+psycopg://y:***@db/yx"
    hidden = shown_url("postgresql+psycopg://y@db/yx?password=pw&sslpassword=k&sslmode=require")
    assert "pw" not in hidden and "k&" not in hidden and "sslmode=require" in hidden

    class Held:
        url = "postgresql+psycopg://y:pw@db/yx"

    class FakeApp:
        _store = Held()

    assert database_path(FakeApp()) == "postgresql+psycopg://y:***@db/yx"
