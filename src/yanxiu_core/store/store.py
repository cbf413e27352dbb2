"""The database of a district: open by URL, migrate, write in transactions, read by term.

Several processes may use one SQLite file at once (two clerks importing, a report while an
import runs). Every write transaction takes the write lock up front (``BEGIN IMMEDIATE``, see
:func:`~.migrations.begin_write`); a second writer then waits for the first, up to the busy
timeout (:data:`DEFAULT_BUSY_TIMEOUT` seconds, or ``YANXIU_BUSY_TIMEOUT``), and after that
fails with :class:`StoreBusyError` — a message, not a ``database is locked`` traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs
import sqlalchemy as sa

from ..model import Term
from . import convert, schema
from .migrations import (
    LATEST,
    WRITE_OPTION,
    StoreError,
    begin_write,
    current_version,
    migrate,
)
from .records import StoreRecords
from .writer import Changes, upsert


@attrs.frozen
class ImportLog:
    """One row of the import history: which file was imported, when, and what it changed."""

    id: int
    school_id: str
    kind: str
    file_name: str
    sha256: str
    rows: int
    added: int
    updated: int
    unchanged: int
    imported_at: dt.datetime


DEFAULT_BUSY_TIMEOUT = 30.0
"""Seconds a writer waits for another process's write lock before giving up."""
BUSY_TIMEOUT_ENV = "YANXIU_BUSY_TIMEOUT"


class StoreBusyError(StoreError):
    """Another process held the database's write lock longer than the busy timeout."""


def busy_timeout_setting(value: float | None = None) -> float:
    """``value``, else ``$YANXIU_BUSY_TIMEOUT``, else :data:`DEFAULT_BUSY_TIMEOUT` (seconds)."""
    if value is not None:
        return value
    text = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 24 * 3600:
        raise StoreError(f"环境变量 {BUSY_TIMEOUT_ENV} 应为等待的秒数（0 到 86400），而不是 {text!r}")
    return seconds


def _is_busy(exc: BaseException | None) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (5, 6):
        return True
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


def _sqlite_transactions(engine: sa.Engine, busy_timeout: float, where: str) -> None:
    """Let SQLAlchemy, not the sqlite3 driver, emit BEGIN, so that DDL and every statement of a
    transaction really roll back together (the driver's legacy mode autocommits DDL). A write
    transaction (:func:`~.migrations.begin_write`) begins IMMEDIATE, taking the write lock
    before it reads; a lock still held after ``busy_timeout`` seconds is a
    :class:`StoreBusyError`."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        writes = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    @sa.event.listens_for(engine, "handle_error")
    def _busy(context: sa.engine.ExceptionContext) -> None:
        if _is_busy(context.original_exception):
            raise StoreBusyError(
                f"数据库正被另一个导入占用，等待 {busy_timeout:g} 秒后仍未释放；请稍后重试"
                f"（数据库 {where}）"
            )


def create_engine(url: str, *, busy_timeout: float | None = None) -> sa.Engine:
    """An engine for ``url``; for a SQLite file, its folder is created if missing, and writers
    wait ``busy_timeout`` seconds (see :func:`busy_timeout_setting`) for each other."""
    parsed = sa.make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if not is_sqlite:
        return sa.create_engine(parsed)
    timeout = busy_timeout_setting(busy_timeout)
    engine = sa.create_engine(parsed, connect_args={"timeout": timeout})
    _sqlite_transactions(engine, timeout, parsed.database or url)
    return engine


class Store:
    """A yanxiu database. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str, *, busy_timeout: float | None = None) -> Store:
        """Open the database at ``url`` (``sqlite:////abs/path/yanxiu.db``), creating the schema
        or running the migrations it lacks (once, under the write lock, however many processes
        open a new database at the same time). A database newer than this code raises
        :class:`~yanxiu_core.store.SchemaError`. ``busy_timeout``: seconds to wait for another
        process's write lock (default ``$YANXIU_BUSY_TIMEOUT`` or 30)."""
        try:
            engine = create_engine(url, busy_timeout=busy_timeout)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
            raise StoreError(f"数据库地址 {url!r} 无效或缺少驱动：{exc}") from None
        try:
            migrate(engine, url=url)
        except sa.exc.DBAPIError as exc:
            engine.dispose()
            raise StoreError(f"无法打开数据库 {url}：{exc.orig}") from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, url)

    def begin_write(self) -> contextlib.AbstractContextManager[sa.Connection]:
        """A write transaction: takes the write lock first (see :func:`~.migrations.begin_write`).
        Every write goes through it."""
        return begin_write(self.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # --- reading ------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return current_version(conn)

    @property
    def latest_schema_version(self) -> int:
        return LATEST

    def records(self, school_id: str, term: Term) -> StoreRecords:
        """The :class:`~yanxiu_core.records.Records` of one school for one term."""
        return StoreRecords(self.engine, school_id, term)

    def counts(self, school_id: str) -> dict[str, int]:
        """Rows per record table of the school (every term), in one query."""
        parts = [
            sa.select(sa.literal(name).label("name"), sa.func.count().label("n"))
            .select_from(table)
            .where(table.c.school_id == school_id)
            for name, table in schema.RECORD_TABLES.items()
        ]
        with self.engine.connect() as conn:
            found = {row.name: int(row.n) for row in conn.execute(sa.union_all(*parts))}
        return {name: found.get(name, 0) for name in schema.RECORD_TABLES}

    def teacher_ids(self, school_id: str) -> set[str]:
        """Ids of the school's roster (every teacher ever imported)."""
        t = schema.teachers
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(t.c.id).where(t.c.school_id == school_id)).scalars())

    def teacher_names(self, school_id: str) -> dict[str, str]:
        """Teacher id -> name for the school's roster."""
        t = schema.teachers
        stmt = sa.select(t.c.id, t.c.name).where(t.c.school_id == school_id)
        with self.engine.connect() as conn:
            return {row.id: row.name for row in conn.execute(stmt)}

    def activity_ids(self, school_id: str) -> set[str]:
        """Ids of the school's activities (every term)."""
        a = schema.activities
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(a.c.id).where(a.c.school_id == school_id)).scalars())

    def import_history(self, school_id: str) -> list[ImportLog]:
        """Every import of the school, oldest first."""
        i = schema.imports
        stmt = sa.select(i).where(i.c.school_id == school_id).order_by(i.c.id)
        with self.engine.connect() as conn:
            return [ImportLog(**row) for row in conn.execute(stmt).mappings()]

    def last_import(self, school_id: str, kind: str, sha256: str) -> ImportLog | None:
        """The latest import of this school and kind whose file content had ``sha256``."""
        i = schema.imports
        stmt = (
            sa.select(i)
            .where(i.c.school_id == school_id, i.c.kind == kind, i.c.sha256 == sha256)
            .order_by(i.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else ImportLog(**row)

    def already_imported(self, school_id: str, kind: str, sha256: str) -> bool:
        """Whether a file with this content was imported for the school and kind and what it
        wrote still stands: no later import of the same kind updated existing rows (which
        could have overwritten them, e.g. an edited version of the file)."""
        last = self.last_import(school_id, kind, sha256)
        if last is None:
            return False
        i = schema.imports
        stmt = sa.select(sa.func.count()).where(
            i.c.school_id == school_id, i.c.kind == kind, i.c.id > last.id, i.c.updated > 0
        )
        with self.engine.connect() as conn:
            return not conn.execute(stmt).scalar()

    # --- writing ------------------------------------------------------------------------

    def save(
        self, school_id: str, records: Iterable[object], *, key_fields: Sequence[str] = ()
    ) -> Changes:
        """Upsert core model records of one school by natural key, in one transaction.

        Ids of artifacts, assessments, awards and program records are assigned by the database
        (the model's ``id`` is ignored). ``key_fields`` names the program-record fields that
        identify a row (default: all its fields).
        """
        grouped = convert.rows_for(school_id, records, key_fields)
        with self.begin_write() as conn:
            return _write(conn, grouped)

    def apply_import(
        self,
        school_id: str,
        kind: str,
        records: Iterable[object],
        *,
        file_name: str,
        sha256: str,
        rows: int,
        key_fields: Sequence[str] = (),
    ) -> Changes:
        """Write an import's validated records and its history row in ONE transaction."""
        grouped = convert.rows_for(school_id, records, key_fields)
        with self.begin_write() as conn:
            changes = _write(conn, grouped)
            conn.execute(
                schema.imports.insert().values(
                    school_id=school_id, kind=kind, file_name=file_name, sha256=sha256,
                    rows=rows, added=changes.added, updated=changes.updated,
                    unchanged=changes.unchanged,
                    imported_at=dt.datetime.now().replace(microsecond=0),
                )
            )
        return changes


def _write(conn: sa.Connection, grouped: Mapping[str, list[convert.Row]]) -> Changes:
    total = Changes()
    for name in schema.RECORD_TABLES:  # dependency order: teachers before what refers to them
        total = total + upsert(conn, name, grouped.get(name, []))
    return total
