"""A real PostgreSQL server for the tests (pytest plugin, loaded from conftest.py).

- ``postgres_admin_url`` (session): ``$YANXIU_TEST_POSTGRES_URL`` if set (a superuser URL of a
  running server), else a throw-away server started from the machine's PostgreSQL binaries
  (Debian's ``postgresql`` package: ``/usr/lib/postgresql/<N>/bin``, or ``$YANXIU_PG_BIN``)
  in a temporary folder, listening only on a Unix socket. Without binaries or the psycopg
  driver the tests that need it are skipped — unless ``YANXIU_REQUIRE_POSTGRES=1`` (CI), where
  that is an error.
- ``postgres_url``: an empty store of the test's own (a schema in a session database);
  ``new_database(admin_url)`` creates a whole database when a test needs one (collation).
- ``YANXIU_TEST_BACKEND=postgresql pytest`` runs the whole suite against PostgreSQL: every test
  gets a fresh database through ``$YANXIU_DATABASE_URL`` (which overrides ``[database] url``),
  and tests marked ``sqlite_only`` (they open the SQLite file itself) are skipped.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

BACKEND = os.environ.get("YANXIU_TEST_BACKEND", "sqlite")
_counter = itertools.count(1)


def _bin_dir() -> Path | None:
    configured = os.environ.get("YANXIU_PG_BIN")
    if configured:
        return Path(configured)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _unavailable(reason: str) -> None:
    if os.environ.get("YANXIU_REQUIRE_POSTGRES") == "1" or BACKEND == "postgresql":
        pytest.fail(f"PostgreSQL is required here but {reason}")
    pytest.skip(reason)


def _as_server_user(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the ``postgres`` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A superuser URL (``postgresql+psycopg://…/postgres``) of a running server."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg driver is not installed (pip install -e '.[postgres]')")
    given = os.environ.get("YANXIU_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        _unavailable("no PostgreSQL binaries (apt-get install postgresql, or set YANXIU_PG_BIN)")
        return
    root = Path(tempfile.mkdtemp(prefix="yanxiu-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = 20000 + os.getpid() % 20000
    subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True)
    options = (f"-p {port} -k {root} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                                    "-l", str(log), "-w", "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}"
    finally:
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m",
                                        "immediate", "stop"]), capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


def _autocommit(admin_url: str, sql: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def new_database(admin_url: str, icu_locale: str | None = None) -> str:
    """A new, empty database on the server of ``admin_url`` (with ``icu_locale``, e.g. ``zh``:
    text sorts by that language's rules); returns its URL."""
    import sqlalchemy as sa

    name = f"yanxiu_test_{os.getpid()}_{next(_counter)}"
    locale = f" LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'" if icu_locale else ""
    _autocommit(admin_url, f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'{locale}")
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    import sqlalchemy as sa

    name = sa.make_url(url).database
    _autocommit(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _postgres_test_database(postgres_admin_url: str) -> str:
    """One database for the session's tests; each test works in a schema of its own."""
    return new_database(postgres_admin_url)


@pytest.fixture
def postgres_url(_postgres_test_database: str) -> Iterator[str]:
    """An empty PostgreSQL store of its own: a fresh schema (first on the ``search_path`` of
    every connection made from this URL), dropped afterwards. A schema costs milliseconds where
    a database costs a checkpoint, so the whole suite can run this way."""
    schema, url = _schema_url(_postgres_test_database, "t")
    yield url
    _autocommit(_postgres_test_database, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on both backends: an empty SQLite file, then an empty PostgreSQL
    database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'yanxiu.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


def _schema_url(base: str, prefix: str) -> tuple[str, str]:
    import sqlalchemy as sa

    schema = f"{prefix}{os.getpid()}_{next(_counter)}"
    _autocommit(base, f"CREATE SCHEMA {schema}")
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


@pytest.fixture(scope="module", autouse=True)
def _module_backend(request: pytest.FixtureRequest) -> Iterator[None]:
    """With ``YANXIU_TEST_BACKEND=postgresql``: a schema for the module's own fixtures (a
    module-scoped workspace runs before any test's fixture), and for all its tests when the
    module is marked ``shared_store``."""
    if BACKEND != "postgresql":
        yield
        return
    base = request.getfixturevalue("_postgres_test_database")
    schema, url = _schema_url(base, "m")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("YANXIU_DATABASE_URL", url)
        yield
    _autocommit(base, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(autouse=True)
def _suite_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``YANXIU_TEST_BACKEND=postgresql``, every workspace of the test stores into a fresh
    PostgreSQL schema (``$YANXIU_DATABASE_URL``) — or the module's, if it is ``shared_store``
    (its tests read what a module-scoped workspace stored)."""
    if BACKEND != "postgresql":
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("opens the SQLite file itself")
    if request.node.get_closest_marker("shared_store"):
        return
    monkeypatch.setenv("YANXIU_DATABASE_URL", request.getfixturevalue("postgres_url"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: the test reads or locks the SQLite file itself")
    config.addinivalue_line("markers", "shared_store: the module's tests share one store (a "
                            "module-scoped workspace); matters only on PostgreSQL")
