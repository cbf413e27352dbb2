"""Upsert by natural key, written once for every dialect (no ``ON CONFLICT`` dialect variants).

The caller holds the transaction; this module only reads the school's existing rows of one table,
sorts the new rows into added / updated / unchanged and writes the first two with ``executemany``.
"""

from __future__ import annotations

from collections.abc import Sequence
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


@attrs.frozen
class Changes:
    """What a write did: rows inserted, rows whose values changed, rows already as given."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: Changes) -> Changes:
        return Changes(self.added + other.added, self.updated + other.updated,
                       self.unchanged + other.unchanged)


def upsert(conn: sa.Connection, table_name: str, rows: Sequence[Row]) -> Changes:
    """Insert or update ``rows`` (all of one school) by the table's natural key."""
    if not rows:
        return Changes()
    table = schema.RECORD_TABLES[table_name]
    key_cols = NATURAL_KEYS[table_name]
    school_ids = sorted({r["school_id"] for r in rows})
    # Compare against what is stored for the schools concerned (a school's rows, not the district).
    existing: dict[tuple[Any, ...], Row] = {
        tuple(m[c] for c in key_cols): dict(m)
        for m in conn.execute(sa.select(table).where(table.c.school_id.in_(school_ids))).mappings()
    }
    value_cols = [c.name for c in table.columns if c.name not in key_cols and c.name != "id"]
    inserts: list[Row] = []
    updates: list[Row] = []
    unchanged = 0
    for row in rows:
        key = tuple(row[c] for c in key_cols)
        old = existing.get(key)
        if old is None:
            inserts.append(row)
            existing[key] = row
        elif any(old[c] != row.get(c) for c in value_cols):
            updates.append({**{f"k_{c}": row[c] for c in key_cols},
                            **{f"v_{c}": row.get(c) for c in value_cols}})
        else:
            unchanged += 1
    if inserts:
        conn.execute(table.insert(), inserts)
    if updates:
        stmt = (
            table.update()
            .where(*(table.c[c] == sa.bindparam(f"k_{c}") for c in key_cols))
            .values({c: sa.bindparam(f"v_{c}") for c in value_cols})
        )
        conn.execute(stmt, updates)
    return Changes(added=len(inserts), updated=len(updates), unchanged=unchanged)
