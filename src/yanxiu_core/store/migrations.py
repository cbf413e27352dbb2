"""Schema migrations: an ordered list of functions, each bringing the database one version up.

A migration is frozen history: it declares the tables it creates or changes itself (never
through :mod:`.schema`, which describes only the newest shape) so that an old database is
upgraded exactly as it was when the migration was written. The migrations a store lacks run in
one transaction, each with the row that records it in ``schema_version``; that transaction
takes the write lock first (:func:`begin_write`) and reads the version again under it, so
processes opening a store at once upgrade (and copy) it once, and a failed upgrade leaves it
as it was.

To change the schema: edit :mod:`.schema`, append a migration here, and run the tests (they check
that the migrations produce the tables :mod:`.schema` describes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import sqlalchemy as sa

from ..errors import YanxiuError


class StoreError(YanxiuError):
    """The database cannot be opened or used."""


class SchemaError(StoreError):
    """The database's schema cannot be used by this version of yanxiu."""


# Execution option of a connection whose transactions take the write lock up front (SQLite:
# ``BEGIN IMMEDIATE``; see ``store._sqlite_transactions``).
WRITE_OPTION = "yanxiu_write"


@contextlib.contextmanager
def begin_write(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction that writes: on SQLite it begins with ``BEGIN IMMEDIATE``, taking the write
    lock before reading anything, so a second writer waits (up to the busy timeout) instead of
    failing half-way with ``database is locked``. Commits at the end, rolls back on error."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


@attrs.frozen
class Migration:
    version: int
    name: str
    apply: Callable[[sa.Connection], None]


def _stub(md: sa.MetaData, name: str, *key: str) -> sa.Table:
    """A table that already exists, declared only so foreign keys can name its columns."""
    return sa.Table(name, md, *(sa.Column(c, sa.Text, primary_key=True) for c in key))


def _v1_core_records(conn: sa.Connection) -> None:
    md = sa.MetaData()
    tables = [
        sa.Table(
            "teachers", md,
            sa.Column("school_id", sa.Text, primary_key=True),
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("gender", sa.Text, nullable=False),
            sa.Column("birth_year", sa.Integer),
            sa.Column("subject", sa.Text, nullable=False),
            sa.Column("teaching_group", sa.Text, nullable=False),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("roles", sa.Text, nullable=False),
            sa.Column("joined_year", sa.Integer),
        ),
        sa.Table(
            "activities", md,
            sa.Column("school_id", sa.Text, primary_key=True),
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("program", sa.Text, nullable=False),
            sa.Column("kind", sa.Text, nullable=False),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("start_at", sa.DateTime, nullable=False),
            sa.Column("end_at", sa.DateTime),
            sa.Column("place", sa.Text, nullable=False),
            sa.Column("speaker", sa.Text, nullable=False),
            sa.Column("leader", sa.Text, nullable=False),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("effect", sa.Text, nullable=False),
            sa.Column("minutes", sa.Integer, nullable=False),
            sa.Column("credit_category", sa.Text, nullable=False),
            sa.Index("ix_activities_school_start", "school_id", "start_at"),
        ),
        sa.Table(
            "attendance", md,
            sa.Column("school_id", sa.Text, primary_key=True),
            sa.Column("activity_id", sa.Text, primary_key=True),
            sa.Column("teacher_id", sa.Text, primary_key=True),
            sa.Column("status", sa.Text, nullable=False),
            sa.Column("role", sa.Text, nullable=False),
            sa.Column("minutes", sa.Integer),
            sa.ForeignKeyConstraint(
                ["school_id", "activity_id"], ["activities.school_id", "activities.id"]
            ),
            sa.ForeignKeyConstraint(
                ["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]
            ),
            sa.Index("ix_attendance_school_teacher", "school_id", "teacher_id"),
        ),
        sa.Table(
            "artifacts", md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("school_id", sa.Text, nullable=False),
            sa.Column("teacher_id", sa.Text, nullable=False),
            sa.Column("kind", sa.Text, nullable=False),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("date", sa.Date, nullable=False),
            sa.Column("program", sa.Text, nullable=False),
            sa.Column("score", sa.Float),
            sa.ForeignKeyConstraint(
                ["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]
            ),
            sa.UniqueConstraint("school_id", "teacher_id", "kind", "title", "date",
                                name="uq_artifacts_natural"),
        ),
        sa.Table(
            "assessments", md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("school_id", sa.Text, nullable=False),
            sa.Column("teacher_id", sa.Text, nullable=False),
            sa.Column("program", sa.Text, nullable=False),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("score", sa.Float, nullable=False),
            sa.Column("full_marks", sa.Float, nullable=False),
            sa.Column("date", sa.Date),
            sa.ForeignKeyConstraint(
                ["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]
            ),
            sa.UniqueConstraint("school_id", "teacher_id", "program", "name",
                                name="uq_assessments_natural"),
        ),
    ]
    for table in tables:
        table.create(conn)


def _v2_program_records_and_import_log(conn: sa.Connection) -> None:
    md = sa.MetaData()
    _stub(md, "teachers", "school_id", "id")
    new = [
        sa.Table(
            "program_records", md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("school_id", sa.Text, nullable=False),
            sa.Column("program", sa.Text, nullable=False),
            sa.Column("kind", sa.Text, nullable=False),
            sa.Column("teacher_id", sa.Text),
            sa.Column("date", sa.Date),
            sa.Column("natural_key", sa.Text, nullable=False),
            sa.Column("payload", sa.Text, nullable=False),
            sa.ForeignKeyConstraint(
                ["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]
            ),
            sa.UniqueConstraint("school_id", "program", "kind", "natural_key",
                                name="uq_program_records_natural"),
        ),
        sa.Table(
            "imports", md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("school_id", sa.Text, nullable=False),
            sa.Column("kind", sa.Text, nullable=False),
            sa.Column("file_name", sa.Text, nullable=False),
            sa.Column("sha256", sa.Text, nullable=False),
            sa.Column("rows", sa.Integer, nullable=False),
            sa.Column("added", sa.Integer, nullable=False),
            sa.Column("updated", sa.Integer, nullable=False),
            sa.Column("unchanged", sa.Integer, nullable=False),
            sa.Column("imported_at", sa.DateTime, nullable=False),
            sa.Index("ix_imports_school_kind_sha", "school_id", "kind", "sha256"),
        ),
    ]
    for table in new:
        table.create(conn)


def _v3_awards_and_teacher_profile(conn: sa.Connection) -> None:
    """The awards ledger (荣誉与获奖) and three roster columns: 学历, 骨干级别, 专业对口.

    ``ALTER TABLE … ADD COLUMN`` with a constant default is the one form SQLite and PostgreSQL
    both accept; existing teachers get ``''`` (not stated) and NULL (专业对口 unknown).
    """
    for statement in (
        "ALTER TABLE teachers ADD COLUMN education TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE teachers ADD COLUMN backbone_level TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE teachers ADD COLUMN specialty_match BOOLEAN",
    ):
        conn.execute(sa.text(statement))
    md = sa.MetaData()
    _stub(md, "teachers", "school_id", "id")
    sa.Table(
        "awards", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("school_id", sa.Text, nullable=False),
        sa.Column("teacher_id", sa.Text),
        sa.Column("holder", sa.Text, nullable=False),
        sa.Column("holder_key", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("level", sa.Text, nullable=False),
        sa.Column("rank", sa.Text, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("program", sa.Text, nullable=False),
        sa.Column("issuer", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]
        ),
        sa.UniqueConstraint("school_id", "holder_key", "title", "date",
                            name="uq_awards_natural"),
        sa.Index("ix_awards_school_date", "school_id", "date"),
    ).create(conn)


def _v4_record_sources(conn: sa.Connection) -> None:
    """Which file each record came from (re-import mirrors a file: decision 0013), and what an
    import removed, kept and owned afterwards.

    Rows stored before this version get ``source = ''`` (no file known): a later import of a
    file that holds them adopts them; no import removes them. Imports before this version get
    ``owned`` NULL, so none of them counts as "already imported": the first run after the
    upgrade reads every file once and records its rows' source.
    """
    for table in ("teachers", "activities", "attendance", "artifacts", "assessments", "awards",
                  "program_records"):
        conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN source TEXT NOT NULL DEFAULT ''"))
    for statement in (
        "ALTER TABLE imports ADD COLUMN removed INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE imports ADD COLUMN cascaded INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE imports ADD COLUMN kept INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE imports ADD COLUMN owned INTEGER",
    ):
        conn.execute(sa.text(statement))


def _v5_read_files_again(conn: sa.Connection) -> None:
    """学时 became minutes rounded half up (0.5 学时 = 23 minutes, was 22): no stored import
    stands any more (``owned`` unknown, as before version 4), so the next ``run`` reads every
    file once and the minutes follow the new rule. No row changes here."""
    conn.execute(sa.text("UPDATE imports SET owned = NULL"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core records", _v1_core_records),
    Migration(2, "program records and import log", _v2_program_records_and_import_log),
    Migration(3, "awards and teacher profile", _v3_awards_and_teacher_profile),
    Migration(4, "record sources", _v4_record_sources),
    Migration(5, "read files again after half-up 学时", _v5_read_files_again),
)
"""Every migration, oldest first; versions are 1, 2, 3 … without gaps."""

LATEST = MIGRATIONS[-1].version

_version_md = sa.MetaData()
_version_table = sa.Table(
    "schema_version",
    _version_md,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)


def current_version(conn: sa.Connection) -> int:
    """The schema version of the database; 0 for an empty database.

    Raises :class:`SchemaError` for a database that holds tables but no version record: it was
    not made by yanxiu, and guessing its shape would risk the data in it.
    """
    names = set(sa.inspect(conn).get_table_names())
    if "schema_version" not in names:
        if names:
            raise SchemaError(
                f"数据库不是 yanxiu 的数据库（已有数据表 {', '.join(sorted(names))}，"
                "但没有 schema_version 表）；请换一个数据库文件"
            )
        return 0
    found = conn.execute(sa.select(sa.func.max(_version_table.c.version))).scalar()
    return int(found or 0)


def backup(conn: sa.Connection, version: int) -> str:
    """Copy the whole store aside before it is upgraded from ``version``; returns where.

    Called in the first migration's write transaction (``conn``, under the write lock), so
    exactly one process copies a store that several open at once.
    SQLite: a consistent copy of the file beside it (``yanxiu.db.v3-20261207-153000.bak``, by
    SQLite's online backup from the committed state). PostgreSQL: every table of the store's
    schema copied, in the same transaction, into a new schema
    ``yanxiu_backup_<schema>_v3_20261207_153000`` of the same database (``pg_dump`` of the
    database remains the district's real backup; see docs/postgresql.md).
    """
    engine = conn.engine
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    if engine.dialect.name == "sqlite":
        if engine.url.database in (None, "", ":memory:"):
            return ""
        path = Path(engine.url.database or "")
        target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
        source = sqlite3.connect(path)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        except sqlite3.Error as exc:  # a full disk: no half copy left behind, and say so
            copy.close()
            target.unlink(missing_ok=True)
            raise SchemaError(f"升级数据库前无法备份到 {target}：{exc}；数据库未作改动") from None
        finally:
            copy.close()
            source.close()
        return str(target)
    if engine.dialect.name != "postgresql":
        return ""
    current = str(conn.exec_driver_sql("SELECT current_schema()").scalar())
    if len(current) > 24:  # keep the version and time: names stop at 63 characters
        current = current[:15] + "_" + hashlib.sha256(current.encode()).hexdigest()[:8]
    schema = f"yanxiu_backup_{current}_v{version}_{stamp.replace('-', '_')}"
    tables = sa.inspect(conn).get_table_names()
    conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    for table in tables:
        conn.exec_driver_sql(f'CREATE TABLE "{schema}"."{table}" AS TABLE "{table}"')
    return f"schema {schema}"


def _holds_rows(conn: sa.Connection) -> bool:
    """Whether any table but ``schema_version`` has a row: a store being created by several
    processes at once is at version 1 or 2 for a moment, with nothing in it to keep."""
    for name in sa.inspect(conn).get_table_names():
        if name != "schema_version" and conn.exec_driver_sql(
                f'SELECT 1 FROM "{name}" LIMIT 1').first() is not None:
            return True
    return False


def migrate(engine: sa.Engine, target: int | None = None, *, url: str = "",
            on_backup: Callable[[int, str], None] | None = None) -> list[int]:
    """Run the migrations the database lacks, up to ``target`` (default: the newest).

    Returns the versions applied (by this call: another process may have applied them
    meanwhile, then none). The whole upgrade is one write transaction. A database newer than
    this code is a :class:`SchemaError`: running it with older code could silently lose what
    newer code stored. A database that already holds a schema and rows is copied aside first
    (:func:`backup`) when ``on_backup`` is given, which is then told the old version and where
    the copy is.
    """
    goal = LATEST if target is None else target
    with engine.connect() as conn:
        have = current_version(conn)
    _check_not_newer(have, engine, url)
    if have >= goal:
        return []
    # One transaction for the whole upgrade, under the write lock: a failing step leaves the
    # store as it was, and a process that opened the store at the same moment finds it either
    # untouched or upgraded — never half-way (where it would take a second copy).
    applied: list[int] = []
    with begin_write(engine) as conn:
        have = current_version(conn)  # again, under the lock: another process may be done
        _check_not_newer(have, engine, url)
        if have >= goal:
            return []
        if on_backup is not None and have > 0 and _holds_rows(conn):
            where = backup(conn, have)
            if where:  # a backend without a copy of ours (neither SQLite nor PostgreSQL)
                on_backup(have, where)
        if have == 0:
            _version_table.create(conn, checkfirst=True)
        for migration in MIGRATIONS:
            if not have < migration.version <= goal:
                continue
            migration.apply(conn)
            conn.execute(
                _version_table.insert().values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=dt.datetime.now().replace(microsecond=0),
                )
            )
            applied.append(migration.version)
    return applied


def _check_not_newer(have: int, engine: sa.Engine, url: str) -> None:
    if have > LATEST:
        raise SchemaError(
            f"数据库 {engine.url.render_as_string(hide_password=True)} 的结构版本为 {have}，"
            f"而本版 yanxiu 只支持到 {LATEST}；"
            "请升级 yanxiu 后再使用这个数据库"
        )
