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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs
import sqlalchemy as sa

from ..db_url import sqlite_change_counter, sqlite_path
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
from .writer import (
    NATURAL_KEYS,
    SOURCE,
    Changes,
    ImportWrite,
    import_target,
    scoped,
    upsert,
    write_import,
)


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
    removed: int = 0  # rows no longer in the file, removed
    cascaded: int = 0  # rows that depended on them, removed too
    kept: int = 0  # rows no longer in the file, kept (--keep-missing)
    owned: int | None = None  # rows of this file in the store afterwards (None: before v4)


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
        # 32 MB of page cache (SQLite's default is 2 MB): a district's store outgrows the
        # default and every insert then reads index pages from disk (200 schools' import:
        # 19.7 s -> 16.1 s; peak RSS 61 -> 98 MB)
        cursor.execute("PRAGMA cache_size = -32768")
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


WRITE_LOCK_KEY = 0x79616E78  # "yanx": the PostgreSQL advisory lock every yanxiu writer takes


def _postgres_transactions(engine: sa.Engine, busy_timeout: float, where: str) -> None:
    """One writer at a time, as on SQLite: a write transaction
    (:func:`~.migrations.begin_write`) first takes a transaction-level advisory lock, waiting at
    most ``busy_timeout`` seconds (``lock_timeout``) before a :class:`StoreBusyError`. The lock
    is released with the transaction's commit or rollback; readers never wait for it."""

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION, False):
            # lock_timeout 0 would mean "wait for ever"
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{max(1, int(busy_timeout * 1000))}ms'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

    @sa.event.listens_for(engine, "handle_error")
    def _busy(context: sa.engine.ExceptionContext) -> None:
        if getattr(context.original_exception, "sqlstate", None) == "55P03":  # lock_not_available
            raise StoreBusyError(
                f"数据库正被另一个导入占用，等待 {busy_timeout:g} 秒后仍未释放；请稍后重试"
                f"（数据库 {where}）"
            )


def shown_url(url: str) -> str:
    """``url`` for a message: a server password never reaches the terminal or a log."""
    try:
        parsed = sa.make_url(url)
        secret = {k: "***" for k in ("password", "passfile", "sslpassword") if k in parsed.query}
        return parsed.update_query_dict(secret).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "（无法解析的数据库地址）" if "@" in url else url


def create_engine(url: str, *, busy_timeout: float | None = None) -> sa.Engine:
    """An engine for ``url``; for a SQLite file, its folder is created if missing. Writers wait
    ``busy_timeout`` seconds (see :func:`busy_timeout_setting`) for each other, on SQLite and
    on PostgreSQL; other servers get no write lock of yanxiu's."""
    parsed = sa.make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    timeout = busy_timeout_setting(busy_timeout)
    if parsed.get_backend_name() == "postgresql":
        engine = sa.create_engine(parsed)
        _postgres_transactions(engine, timeout, parsed.render_as_string(hide_password=True))
        return engine
    if not is_sqlite:
        return sa.create_engine(parsed)
    engine = sa.create_engine(parsed, connect_args={"timeout": timeout})
    _sqlite_transactions(engine, timeout, parsed.database or url)
    return engine


class Store:
    """A yanxiu database. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        #: ``(old version, where the copy is)`` when opening upgraded an existing store
        self.upgraded_from: tuple[int, str] | None = None
        #: write transactions begun through this object: a view that remembers its answers
        #: (``records(…, remember=True)``) is stale once this moves
        self.writes = 0
        # A SQLite file's change counter as this object last knew it, and whether another
        # connection wrote since (see :meth:`watch_writes`); None: not watched.
        self._counter: int | None = None
        self._written_elsewhere = False
        self._path: Path | None = None  # the SQLite file, once watched

    @classmethod
    def open(cls, url: str, *, busy_timeout: float | None = None) -> Store:
        """Open the database at ``url`` (``sqlite:////abs/path/yanxiu.db``), creating the schema
        or running the migrations it lacks (once, under the write lock, however many processes
        open a new database at the same time) after copying an existing store aside
        (:attr:`upgraded_from` says where). A database newer than this code raises
        :class:`~yanxiu_core.store.SchemaError`. ``busy_timeout``: seconds to wait for another
        process's write lock (default ``$YANXIU_BUSY_TIMEOUT`` or 30)."""
        try:
            engine = create_engine(url, busy_timeout=busy_timeout)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
            raise StoreError(f"数据库地址 {shown_url(url)!r} 无效或缺少驱动："
                             f"{str(exc).replace(url, shown_url(url))}") from None
        upgraded: list[tuple[int, str]] = []
        try:
            migrate(engine, url=url, on_backup=lambda old, where: upgraded.append((old, where)))
        except sa.exc.DBAPIError as exc:
            engine.dispose()
            raise StoreError(f"无法打开数据库 {shown_url(url)}：{exc.orig}") from None
        except BaseException:
            engine.dispose()
            raise
        store = cls(engine, url)
        store.upgraded_from = upgraded[0] if upgraded else None
        return store

    def begin_write(self) -> contextlib.AbstractContextManager[sa.Connection]:
        """A write transaction: takes the write lock first (see :func:`~.migrations.begin_write`).
        Every write goes through it."""
        self.writes += 1
        if self._counter is None:
            return begin_write(self.engine)
        return self._watched_write()

    @contextlib.contextmanager
    def _watched_write(self) -> Iterator[sa.Connection]:
        """:func:`begin_write`, noting whether another connection wrote before or right after
        this transaction (:meth:`watch_writes`)."""
        before: int | None = None
        try:
            with begin_write(self.engine) as conn:
                conn.exec_driver_sql("SELECT 1")  # BEGIN IMMEDIATE has run: the lock is ours
                before = self._file_counter()
                if before != self._counter:
                    self._written_elsewhere = True
                yield conn
        except BaseException:
            self._counter = before  # rolled back: the file is as it was
            raise
        after = self._file_counter()
        if after is None or before is None or after - before > 1:  # a commit right after ours
            self._written_elsewhere = True
        self._counter = after

    def watch_writes(self) -> bool:
        """From now on, tell writes through this object from any other (another process, another
        Store object, a migration): :meth:`written_elsewhere`. SQLite files in rollback-journal
        mode only (the file's change counter moves by one per committed write); False when the
        store cannot be watched."""
        path = sqlite_path(self.url)
        if path is None or self.journal_mode() not in ("delete", "truncate", "persist"):
            return False
        self._path = path
        self._counter = self._file_counter()
        self._written_elsewhere = self._counter is None
        return not self._written_elsewhere

    def written_elsewhere(self) -> bool:
        """Whether anything but this object wrote the store since :meth:`watch_writes` (True
        when it was not watched)."""
        if self._counter is None:
            return True
        return self._written_elsewhere or self._file_counter() != self._counter

    def journal_mode(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar()).lower()

    def _file_counter(self) -> int | None:
        return None if self._path is None else sqlite_change_counter(self._path)

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
        return f"Store({shown_url(self.url)!r})"

    # --- reading ------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return current_version(conn)

    @property
    def latest_schema_version(self) -> int:
        return LATEST

    def records(self, school_id: str, term: Term, *, remember: bool = False) -> StoreRecords:
        """The :class:`~yanxiu_core.records.Records` of one school for one term; ``remember``:
        a query asked again is answered from memory (see :class:`StoreRecords`)."""
        return StoreRecords(self.engine, school_id, term, remember=remember)

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

    def activity_minutes(self, school_id: str) -> dict[str, int]:
        """Activity id -> its 学时 in minutes, for the school's activities (every term)."""
        a = schema.activities
        stmt = sa.select(a.c.id, a.c.minutes).where(a.c.school_id == school_id)
        with self.engine.connect() as conn:
            return {row.id: int(row.minutes) for row in conn.execute(stmt)}

    def import_history(self, school_id: str) -> list[ImportLog]:
        """Every import of the school, oldest first."""
        i = schema.imports
        stmt = sa.select(i).where(i.c.school_id == school_id).order_by(i.c.id)
        with self.engine.connect() as conn:
            return [ImportLog(**row) for row in conn.execute(stmt).mappings()]

    def latest_import(self, school_id: str, kind: str, file_name: str) -> ImportLog | None:
        """The newest import of this file (as the school config names it) for the school and
        kind."""
        i = schema.imports
        stmt = (
            sa.select(i)
            .where(i.c.school_id == school_id, i.c.kind == kind, i.c.file_name == file_name)
            .order_by(i.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else ImportLog(**row)

    def owned_rows(self, school_id: str, kind: str, source: str) -> int:
        """How many rows of the school and kind the store holds from the file ``source``."""
        table_name, scope = import_target(kind)
        table = schema.RECORD_TABLES[table_name]
        stmt = sa.select(sa.func.count()).select_from(table).where(
            *scoped(table, school_id, scope), table.c[SOURCE] == source)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar() or 0)

    def standing_import(self, school_id: str, kind: str, file_name: str, sha256: str, *,
                        keep_missing: bool = False) -> ImportLog | None:
        """The import that already put this very content of the file into the store, if
        what it wrote still stands; else None (the file must be read again).

        It stands when the newest import of the file had this SHA-256, and the store holds
        exactly as many rows from the file as that import left (none removed since with a
        teacher or activity, none taken over by another file). An import that kept rows
        missing from its file stands only for another ``keep_missing`` import. Imports made
        before version 4 never stand (``owned`` unknown)."""
        last = self.latest_import(school_id, kind, file_name)
        if last is None or last.sha256 != sha256 or last.owned is None:
            return None
        if last.kept and not keep_missing:
            return None
        return last if self.owned_rows(school_id, kind, file_name) == last.owned else None

    def owners(self, school_id: str, kind: str) -> dict[tuple[Any, ...], str]:
        """The natural key of every stored row of the school and kind -> the file it came
        from ('' when none is known)."""
        table_name, scope = import_target(kind)
        table = schema.RECORD_TABLES[table_name]
        cols = [table.c[c] for c in NATURAL_KEYS[table_name]]
        stmt = sa.select(*cols, table.c[SOURCE]).where(*scoped(table, school_id, scope))
        with self.engine.connect() as conn:
            return {tuple(row[:-1]): row[-1] for row in conn.execute(stmt)}

    def referring_rows(self, school_id: str, kind: str, source: str, column: str,
                       ids: Iterable[str]) -> int:
        """How many rows of the file ``source`` (of the school and kind) name one of ``ids`` in
        ``column`` (``teacher_id`` or ``activity_id``)."""
        wanted = sorted(set(ids))
        table_name, scope = import_target(kind)
        table = schema.RECORD_TABLES[table_name]
        if not wanted or column not in table.c:
            return 0
        total = 0
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                stmt = sa.select(sa.func.count()).select_from(table).where(
                    *scoped(table, school_id, scope), table.c[SOURCE] == source,
                    table.c[column].in_(wanted[i:i + 500]))
                total += int(conn.execute(stmt).scalar() or 0)
        return total

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

    def apply_imports(self, school_id: str, writes: Sequence[ImportWrite]) -> list[Changes]:
        """Write several validated files of one school, each with its history row, in ONE
        transaction: all of them or, on any error, none (see :func:`~.writer.write_import`).
        Files are written in the order given (the roster before what refers to it)."""
        out: list[Changes] = []
        with self.begin_write() as conn:
            out = [write_import(conn, school_id, write) for write in writes]
            for write, changes in zip(writes, out, strict=True):
                # counted after every file: a later file may take over a record from this one
                table_name, scope = import_target(write.kind)
                table = schema.RECORD_TABLES[table_name]
                owned = conn.execute(sa.select(sa.func.count()).select_from(table).where(
                    *scoped(table, school_id, scope), table.c[SOURCE] == write.source)).scalar()
                conn.execute(
                    schema.imports.insert().values(
                        school_id=school_id, kind=write.kind, file_name=write.source,
                        sha256=write.sha256, rows=len(write.rows), added=changes.added,
                        updated=changes.updated, unchanged=changes.unchanged,
                        removed=changes.removed, cascaded=changes.cascaded_total,
                        kept=changes.kept, owned=int(owned or 0),
                        imported_at=dt.datetime.now().replace(microsecond=0),
                    )
                )
        return out

    def apply_import(
        self,
        school_id: str,
        kind: str,
        records: Iterable[object],
        *,
        file_name: str,
        sha256: str,
        key_fields: Sequence[str] = (),
        keep_missing: bool = False,
    ) -> Changes:
        """Write one file's validated records and its history row in ONE transaction; the
        store then mirrors the file (see :meth:`apply_imports`)."""
        table_name, scope = import_target(kind)
        grouped = convert.rows_for(school_id, records, key_fields)
        write = ImportWrite(kind=kind, table=table_name, scope=scope, source=file_name,
                            sha256=sha256, rows=grouped.get(table_name, []),
                            keep_missing=keep_missing)
        return self.apply_imports(school_id, [write])[0]


def _write(conn: sa.Connection, grouped: Mapping[str, list[convert.Row]]) -> Changes:
    total = Changes()
    for name in schema.RECORD_TABLES:  # dependency order: teachers before what refers to them
        total = total + upsert(conn, name, grouped.get(name, []))
    return total
