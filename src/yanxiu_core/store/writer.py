"""Upsert by natural key, and an import's mirror, written once for every dialect (no
``ON CONFLICT`` dialect variants).

The caller holds the transaction. :func:`upsert` reads the school's existing rows of one table,
sorts the new rows into added / updated / unchanged and writes the first two with
``executemany``. :func:`write_import` does that for one imported file and then makes the store
mirror it (decision 0013): rows that came from the same file (``source``) and are no longer in
it are removed, and with them the rows that depend on them (a removed teacher's attendance,
artifacts, assessments, awards and program records; a removed activity's attendance).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

import attrs
import sqlalchemy as sa

from . import schema
from .convert import Row

NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "teachers": ("school_id", "id"),
    "activities": ("school_id", "id"),
    "attendance": ("school_id", "activity_id", "teacher_id"),
    "artifacts": ("school_id", "teacher_id", "kind", "title", "date"),
    "assessments": ("school_id", "teacher_id", "program", "name"),
    "awards": ("school_id", "holder_key", "title", "date"),  # holder_key: teacher id or holder
    "program_records": ("school_id", "program", "kind", "natural_key"),
}
"""Columns that identify a row across re-imports (unique in the schema)."""

DEPENDANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "teachers": (("attendance", "teacher_id"), ("artifacts", "teacher_id"),
                 ("assessments", "teacher_id"), ("awards", "teacher_id"),
                 ("program_records", "teacher_id")),
    "activities": (("attendance", "activity_id"),),
}
"""Rows that refer to a teacher or an activity: (table, column holding the id)."""

SOURCE = "source"
"""The column naming the file a row was imported from ('' = none known)."""

Merge = Callable[[Row, Row], Row]
"""``merge(stored, new) -> row to store``: what an import writes over a stored row (a file
updates only the columns it has; see :mod:`yanxiu_core.importing.coverage`)."""

Scope = tuple[tuple[str, str], ...]
"""Extra equality conditions that delimit a kind inside its table (program records:
``(("program", id), ("kind", name))``); empty for the core kinds."""

_CHUNK = 500  # ids per ``IN (…)``: far below every dialect's limit on bound parameters


@attrs.frozen
class Changes:
    """What a write did: rows inserted, rows whose values changed, rows already as given; for
    an import also rows removed because the file no longer has them, the rows removed with
    them (``cascaded``: table name and count), and rows missing from the file but kept
    (``kept``, when asked to keep them). ``removed_labels`` names removed teachers and
    activities (``王芳（T05）``) for the message."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    cascaded: tuple[tuple[str, int], ...] = ()
    kept: int = 0
    removed_labels: tuple[str, ...] = ()

    @property
    def cascaded_total(self) -> int:
        return sum(n for _, n in self.cascaded)

    def __add__(self, other: Changes) -> Changes:
        cascaded = dict(self.cascaded)
        for name, n in other.cascaded:
            cascaded[name] = cascaded.get(name, 0) + n
        return Changes(self.added + other.added, self.updated + other.updated,
                       self.unchanged + other.unchanged, self.removed + other.removed,
                       tuple(cascaded.items()), self.kept + other.kept,
                       self.removed_labels + other.removed_labels)


@attrs.frozen
class ImportWrite:
    """One validated file, ready to be written: its rows (all of one table and school), where
    it came from, and how to treat stored rows it does not have (``keep_missing``) or columns it
    does not have (``merge``)."""

    kind: str
    table: str
    scope: Scope
    source: str  # the file as the school config (or the command line) names it
    sha256: str
    rows: Sequence[Row]
    keep_missing: bool = False
    merge: Merge | None = None
    # Each row's natural key, in order, when the importer has them already (else computed).
    keys: Sequence[tuple[Any, ...]] | None = None
    # Keys this file no longer has but another file of the same batch does (a record that
    # moves between two files of a kind): taken over by that file, never removed.
    spare: frozenset[tuple[Any, ...]] = frozenset()


def import_target(kind: str) -> tuple[str, Scope]:
    """The table an import kind is stored in and the scope that delimits it there."""
    if kind in NATURAL_KEYS and kind != "program_records":
        return kind, ()
    program, _, name = kind.partition(".")
    return "program_records", (("program", program), ("kind", name))


def key_of(table_name: str, row: Row) -> tuple[Any, ...]:
    """A row's natural key (see :data:`NATURAL_KEYS`)."""
    return _KEY_GETTERS[table_name](row)  # type: ignore[no-any-return]


# every natural key has two columns or more: itemgetter then returns a tuple
_KEY_GETTERS = {name: itemgetter(*cols) for name, cols in NATURAL_KEYS.items()}


def scoped(table: sa.Table, school_id: str, scope: Scope) -> list[sa.ColumnElement[bool]]:
    """Conditions selecting one school's rows of one kind in ``table``."""
    return [table.c.school_id == school_id, *(table.c[c] == v for c, v in scope)]


def upsert(conn: sa.Connection, table_name: str, rows: Sequence[Row], *,
           source: str | None = None, merge: Merge | None = None) -> Changes:
    """Insert or update ``rows`` (all of one school) by the table's natural key.

    With ``source``, every row written records it (a row another file held becomes this
    file's; that alone is not counted as an update). Without it (:meth:`Store.save`), stored
    rows keep their source and new ones get ''. ``merge`` decides what is written over a
    stored row (default: the new row)."""
    if not rows:
        return Changes()
    school_ids = sorted({r["school_id"] for r in rows})
    return _upsert(conn, table_name, rows, _stored(conn, table_name, school_ids),
                   source=source, merge=merge)


def _stored(conn: sa.Connection, table_name: str,
            school_ids: Sequence[str]) -> dict[tuple[Any, ...], Row]:
    """The stored rows of the schools (a school's rows, not the district's) by natural key."""
    table = schema.RECORD_TABLES[table_name]
    key_cols = NATURAL_KEYS[table_name]
    return {
        tuple(m[c] for c in key_cols): dict(m)
        for m in conn.execute(sa.select(table).where(table.c.school_id.in_(school_ids))).mappings()
    }


def _upsert(conn: sa.Connection, table_name: str, rows: Sequence[Row],
            stored: Mapping[tuple[Any, ...], Row], *, source: str | None,
            merge: Merge | None, keys: Sequence[tuple[Any, ...]] | None = None) -> Changes:
    """:func:`upsert` against ``stored`` (which it does not change); ``keys``: the rows'
    natural keys when known."""
    table = schema.RECORD_TABLES[table_name]
    key_cols = NATURAL_KEYS[table_name]
    existing = dict(stored)
    value_cols = [c.name for c in table.columns
                  if c.name not in key_cols and c.name not in ("id", SOURCE)]
    written = [*value_cols, SOURCE] if source is not None else value_cols
    inserts: list[Row] = []
    updates: list[Row] = []
    unchanged = 0
    if keys is None:
        keys = [_KEY_GETTERS[table_name](row) for row in rows]
    given = {SOURCE: source} if source is not None else {}
    if not existing and len(set(keys)) == len(rows):  # all new (an empty store): no lookups
        execute_many(conn, table.insert(), rows, given)
        return Changes(added=len(rows))
    for new, key in zip(rows, keys, strict=True):
        old = existing.get(key)
        if old is None:
            inserts.append(new)
            existing[key] = {**new, **given}
            continue
        row = {**new, SOURCE: source} if source is not None else new
        if merge is not None:
            row = {**merge(old, row), SOURCE: source} if source is not None else merge(old, row)
        changed = any(old[c] != row.get(c) for c in value_cols)
        if changed or (source is not None and old[SOURCE] != source):
            updates.append({**{f"k_{c}": row[c] for c in key_cols},
                            **{f"v_{c}": row.get(c) for c in written}})
        if not changed:
            unchanged += 1
    if inserts:
        execute_many(conn, table.insert(), inserts, given)
    if updates:
        stmt = (
            table.update()
            .where(*(table.c[c] == sa.bindparam(f"k_{c}") for c in key_cols))
            .values({c: sa.bindparam(f"v_{c}") for c in written})
        )
        execute_many(conn, stmt, updates)
    # a row whose only change is its source (taken over from another file) is "unchanged"
    return Changes(added=len(inserts), updated=len(rows) - len(inserts) - unchanged,
                   unchanged=unchanged)


def write_import(conn: sa.Connection, school_id: str, write: ImportWrite) -> Changes:
    """Write one imported file and make the store mirror it: upsert its rows (recording their
    source), then remove the rows of the same school, kind and source that the file no longer
    has, with the rows that depend on them — or, with ``keep_missing``, count them as kept."""
    table = schema.RECORD_TABLES[write.table]
    key_cols = NATURAL_KEYS[write.table]
    stored = _stored(conn, write.table, [school_id])  # read once: to upsert and to mirror
    keys = write.keys if write.keys is not None else [key_of(write.table, r) for r in write.rows]
    changes = _upsert(conn, write.table, write.rows, stored, source=write.source,
                      merge=write.merge, keys=keys)
    in_file = set(keys)
    missing = [row for key, row in stored.items()
               if row[SOURCE] == write.source and key not in in_file
               and key not in write.spare and all(row[c] == v for c, v in write.scope)]
    if not missing:
        return changes
    if write.keep_missing:
        return attrs.evolve(changes, kept=len(missing))
    cascaded = _remove_dependants(conn, school_id, write.table, missing)
    delete = table.delete().where(*(table.c[c] == sa.bindparam(f"k_{c}") for c in key_cols))
    execute_many(conn, delete, [{f"k_{c}": row[c] for c in key_cols} for row in missing])
    return attrs.evolve(changes, removed=len(missing), cascaded=cascaded,
                        removed_labels=_labels(write.table, missing))


def execute_many(conn: sa.Connection, stmt: sa.Insert | sa.Update | sa.Delete,
                 rows: Sequence[Row], given: Mapping[str, Any] | None = None) -> None:
    """``conn.execute(stmt, [{**row, **given} for row in rows])`` without SQLAlchemy's per-row
    parameter handling, which costs more than the database's own work for an import of
    100 000 rows: the statement is compiled once for the dialect, each value converted by its
    column type's bind processor (dates on SQLite, as SQLAlchemy would) and the rows handed to
    the driver's executemany. ``given``: values the same for every row (the source file).
    Rows must all have the same keys and name every parameter (no column defaults to fill in);
    otherwise this is plain ``conn.execute``."""
    if not rows:
        return
    given = given or {}
    dialect = conn.dialect
    first = rows[0].keys()
    # for_executemany: no RETURNING of each new row's id (nobody reads it)
    compiled = stmt.compile(dialect=dialect, column_keys=[*first, *given],
                            for_executemany=True)
    names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.binds)
    if not set(names) <= first | given.keys() or any(row.keys() != first for row in rows):
        conn.execute(stmt, [{**row, **given} for row in rows])
        return
    processors = {
        name: processor for name in names
        if (processor := compiled.binds[name].type.dialect_impl(dialect)
            .bind_processor(dialect)) is not None
    }
    if compiled.positional:
        values = _positional(rows, names, given)
        if processors:
            at = [(i, processors[n]) for i, n in enumerate(names) if n in processors]
            values = [_converted(v, at) for v in values]
        conn.exec_driver_sql(compiled.string, values)
        return
    named = [{**{n: row[n] for n in names if n not in given}, **given} for row in rows]
    for one in named:
        for name, processor in processors.items():
            one[name] = processor(one[name])
    if isinstance(stmt, sa.Insert) and dialect.name == "postgresql":
        _copy(conn, stmt.table, names, named)
        return
    conn.exec_driver_sql(compiled.string, named)


def _copy(conn: sa.Connection, table: Any, names: Sequence[str],
          rows: Sequence[Mapping[str, Any]]) -> None:
    """New rows into a PostgreSQL table with ``COPY … FROM STDIN`` (psycopg): several times
    faster than even a pipelined executemany. In the connection's transaction; a refused row
    raises the same SQLAlchemy error an ``INSERT`` would (an ``IntegrityError`` for a key)."""
    dialect = conn.dialect
    quote = dialect.identifier_preparer
    sql = (f"COPY {quote.format_table(table)} ({', '.join(quote.quote(n) for n in names)}) "
           "FROM STDIN")
    raw = conn.connection.driver_connection
    dbapi_error = dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row([row[n] for n in names])
    except dbapi_error as exc:
        raise sa.exc.DBAPIError.instance(sql, None, exc, dbapi_error) from exc


def _positional(rows: Sequence[Row], names: Sequence[str],
                given: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Each row's values in the order of ``names``; ``given`` ones from ``given``."""
    own = [n for n in names if n not in given]
    if names[len(own):] == [n for n in names if n in given]:  # the given ones last (source)
        tail = tuple(given[n] for n in names[len(own):])
        if len(own) == 1:
            return [(row[own[0]], *tail) for row in rows]
        get = itemgetter(*own)
        return [get(row) + tail for row in rows] if tail else [get(row) for row in rows]
    return [tuple({**row, **given}[n] for n in names) for row in rows]


def _converted(values: tuple[Any, ...], at: Sequence[tuple[int, Any]]) -> tuple[Any, ...]:
    out = list(values)
    for i, processor in at:
        out[i] = processor(out[i])
    return tuple(out)


def _remove_dependants(conn: sa.Connection, school_id: str, table_name: str,
                       removed: Sequence[Row]) -> tuple[tuple[str, int], ...]:
    """Delete the rows that refer to removed teachers or activities; (table, count) for each
    table that had some."""
    dependants = DEPENDANTS.get(table_name, ())
    if not dependants:
        return ()
    ids = sorted({row["id"] for row in removed})
    counts: list[tuple[str, int]] = []
    for name, column in dependants:
        table = schema.RECORD_TABLES[name]
        n = 0
        for chunk in _chunks(ids):
            result = conn.execute(table.delete().where(table.c.school_id == school_id,
                                                       table.c[column].in_(chunk)))
            n += max(result.rowcount, 0)
        if n:
            counts.append((name, n))
    return tuple(counts)


def _labels(table_name: str, removed: Sequence[Row]) -> tuple[str, ...]:
    if table_name == "teachers":
        return tuple(f"{r['name']}（{r['id']}）" for r in removed)
    if table_name == "activities":
        return tuple(f"{r['id']} {r['title']}" for r in removed)
    return ()


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]
