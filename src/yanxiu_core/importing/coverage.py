"""Which stored columns a file writes: only those it has a column for (decision 0013).

A roster with only 工号 and 姓名 imported after a full one must not blank 性别, 出生年份, 学科 …:
a column the file does not have keeps the stored value; a column the file has writes its cells
(an empty cell clears the value). :func:`row_merge` turns the columns a file has into the
``merge(stored, new)`` the store's writer applies to rows it already holds; new rows are written
as built (a column the file lacks gets its default).

Key columns always come from the file (they are what matches a row). Some stored columns come
from several file columns: 入职年份 from 入职年份 or 教龄; an activity's start from 日期 and
开始时间 (without a 开始时间 column the stored time is kept on the file's date; likewise 结束时间);
its 学时 from 学时 or the times, so always. A program record's payload is merged field by
field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping

from ..store.convert import Row, dump_json
from ..store.writer import Merge

# File column (a kind's column name) -> the stored columns it writes, per core kind. Columns
# that only identify the row (key columns, 姓名 of a row naming a teacher) are left out.
_WRITES: dict[str, Mapping[str, tuple[str, ...]]] = {
    "teachers": {
        "name": ("name",), "gender": ("gender",), "birth_year": ("birth_year",),
        "subject": ("subject",), "group": ("teaching_group",), "title": ("title",),
        "roles": ("roles",), "joined_year": ("joined_year",),
        "years_teaching": ("joined_year",), "education": ("education",),
        "backbone_level": ("backbone_level",), "specialty_match": ("specialty_match",),
    },
    "activities": {
        "program": ("program",), "kind": ("kind",), "title": ("title",),
        "place": ("place",), "speaker": ("speaker",), "leader": ("leader",),
        "content": ("content",), "effect": ("effect",),
        "credit_category": ("credit_category",),
    },
    "attendance": {"status": ("status",), "role": ("role",), "minutes": ("minutes",)},
    "artifacts": {"program": ("program",), "score": ("score",)},
    "assessments": {"score": ("score",), "full_marks": ("full_marks",), "date": ("date",)},
    "awards": {"level": ("level",), "rank": ("rank",), "issuer": ("issuer",),
               "program": ("program",), "holder": ("holder",)},
}

# Stored columns every file of the kind writes, whatever its columns (derived or identifying).
_ALWAYS: dict[str, tuple[str, ...]] = {
    "activities": ("minutes",),  # the 学时 column, or the times: a row without either is refused
    "awards": ("teacher_id",),  # part of who holds the award (holder_key)
}

# Stored value columns of each core kind that a file may leave alone.
_VALUE_COLUMNS: dict[str, tuple[str, ...]] = {
    "teachers": ("name", "gender", "birth_year", "subject", "teaching_group", "title", "roles",
                 "joined_year", "education", "backbone_level", "specialty_match"),
    "activities": ("program", "kind", "title", "start_at", "end_at", "place", "speaker",
                   "leader", "content", "effect", "minutes", "credit_category"),
    "attendance": ("status", "role", "minutes"),
    "artifacts": ("program", "score"),
    "assessments": ("score", "full_marks", "date"),
    "awards": ("teacher_id", "holder", "level", "rank", "program", "issuer"),
}


def row_merge(kind: str, present: Collection[str], fields: Collection[str] = ()) -> Merge | None:
    """The merge for a file of ``kind`` whose header has the columns ``present`` (the kind's
    column names); None when the file has every column (it writes whole rows). ``fields``: a
    program kind's declared fields."""
    if "." in kind:
        return _program_merge(set(present), tuple(fields))
    kept = [c for c in _VALUE_COLUMNS[kind] if c not in _written(kind, present)]
    if kind == "activities":
        return _activity_merge(kept, "start" in present, "end" in present)
    if not kept:
        return None

    def merge(old: Row, new: Row) -> Row:
        return {**new, **{c: old[c] for c in kept}}

    return merge


def _written(kind: str, present: Collection[str]) -> set[str]:
    writes = _WRITES[kind]
    out = set(_ALWAYS.get(kind, ()))
    for name in present:
        out.update(writes.get(name, ()))
    return out


def _activity_merge(kept: list[str], has_start: bool, has_end: bool) -> Merge | None:
    times = [c for c in kept if c not in ("start_at", "end_at")]
    if has_start and has_end and not times:
        return None

    def merge(old: Row, new: Row) -> Row:
        row = {**new, **{c: old[c] for c in times}}
        day = new["start_at"].date()
        if not has_start:  # keep the stored 开始时间 on the file's 日期
            row["start_at"] = dt.datetime.combine(day, old["start_at"].time())
        if not has_end:
            row["end_at"] = (None if old["end_at"] is None
                             else dt.datetime.combine(day, old["end_at"].time()))
        return row

    return merge


def _program_merge(present: set[str], fields: tuple[str, ...]) -> Merge | None:
    missing = [f for f in fields if f not in present]
    if not missing:
        return None
    kept_columns = [c for c in ("teacher_id", "date") if c in missing]

    def merge(old: Row, new: Row) -> Row:
        stored = json.loads(old["payload"])
        payload = json.loads(new["payload"])
        for name in missing:
            if name in stored:
                payload[name] = stored[name]
        return {**new, "payload": dump_json(payload), **{c: old[c] for c in kept_columns}}

    return merge
