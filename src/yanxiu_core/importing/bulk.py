"""Validating a whole file column by column: the fast way for a file without problems.

A sign-in sheet of a district has millions of rows but few distinct cells (the same activity
ids, 工号 and one 状态 over and over). Here each column's distinct cells are parsed once
(:func:`~.cells.parse_cell`, the same function the row-by-row check uses), teachers and
activities are looked up as sets, repeated keys found with one set, and only then each row is
built into its record.

This path never reports a problem: at the first sign of one (a bad or missing value, an unknown
teacher or activity, a repeated key, a rule of the kind's ``build``) it gives up and returns
``None``, and the importer validates the file row by row, which names every problem with its
row and column. So both paths accept the same files and give the same records (tested in
``tests/test_import_bulk.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import compress
from typing import Any

from .cells import BLANK, name_key, parse_cell
from .columns import Column, Layout
from .kinds import KindSpec
from .limits import ImportLimits, RecordCheck
from .values import BadValue, RowError


def validated_in_bulk(spec: KindSpec, layout: Layout, *, teachers: Mapping[str, str],
                      by_name: Mapping[str, Sequence[str]], activities: set[str],
                      plausible: RecordCheck,
                      limits: ImportLimits) -> tuple[list[object], list[str]] | None:
    """The file's records and where each is (``第 3 行``), or ``None`` when anything in it
    would be a problem. ``teachers``: the roster (id -> name) a row may name; ``by_name``: the
    roster's ids by :func:`~.cells.name_key` of the name; ``activities``: the activity ids."""
    if layout.more:
        return None  # a table over several sheets: rare, and small
    body = [(number, cells) for number, cells in layout.sheet.rows if number > layout.header_row]
    numbers = [number for number, _ in body]
    rows = [cells for _, cells in body]
    columns: dict[str, list[Any]] = {}
    with_blanks: list[str] = []
    for col in spec.columns:
        at = layout.positions.get(col.name)
        if at is None:
            continue
        parsed = _parsed_column(col, [cells[at] if at < len(cells) else None for cells in rows],
                                limits)
        if parsed is None:
            return None
        columns[col.name], has_blank = parsed
        if has_blank:
            with_blanks.append(col.name)
    if columns and len(with_blanks) == len(columns):
        # rows blank in every column a field uses are no records (notes in other columns)
        keep = [any(v is not BLANK for v in values)
                for values in zip(*columns.values(), strict=True)]
        if not all(keep):
            numbers = list(compress(numbers, keep))
            columns = {name: list(compress(values, keep)) for name, values in columns.items()}
    for name in with_blanks:
        values = columns[name]
        if spec.column(name).required and any(v is BLANK for v in values):
            return None
        columns[name] = [None if v is BLANK else v for v in values]
    for col in spec.columns:
        columns.setdefault(col.name, [None] * len(numbers))
    if spec.refers_to_teacher and not _teachers_known(spec, columns, teachers, by_name):
        return None
    if spec.refers_to_activity:
        named = set(columns["activity_id"])
        named.discard(None)
        if not named <= activities:
            return None
    built = _built(spec, columns, plausible)
    if built is None:
        return None
    records, keys = built
    if len(set(keys)) < len(keys):
        return None
    where = layout.where_sheet
    return records, [f"{where}第 {number} 行" for number in numbers]


def _parsed_column(col: Column, cells: list[object],
                   limits: ImportLimits) -> tuple[list[Any], bool] | None:
    """Each cell's parsed value (:data:`~.cells.BLANK` for a blank one) and whether there is a
    blank one; ``None`` when a cell is bad. The cell's type is part of the key when cells are
    not all text (``1``, ``1.0`` and ``True`` are equal in Python, not in a spreadsheet)."""
    try:
        distinct = dict.fromkeys(cells)
    except TypeError:  # an unhashable cell: never from a reader
        return None
    keys: list[Any] = cells
    if any(c is not None and c.__class__ is not str for c in distinct):
        keys = [(c.__class__, c) for c in cells]
        results = {key: parse_cell(col, key[1], limits) for key in dict.fromkeys(keys)}
    else:
        results = {cell: parse_cell(col, cell, limits) for cell in distinct}
    has_blank = False
    for value in results.values():
        if value is BLANK:
            has_blank = True
        elif isinstance(value, BadValue):
            return None
    return list(map(results.__getitem__, keys)), has_blank


def _teachers_known(spec: KindSpec, columns: dict[str, list[Any]],
                    teachers: Mapping[str, str], by_name: Mapping[str, Sequence[str]]) -> bool:
    """Every row's teacher is on the roster, its 姓名 (when given) the roster's; a row with a
    姓名 only gets the id of the one teacher of that name. False on any doubt."""
    ids = columns["teacher_id"]
    names = columns.get("teacher_name", [None] * len(ids))
    pairs = {(tid, name) for tid, name in zip(ids, names, strict=True) if tid is not None}
    for tid, name in pairs:
        known = teachers.get(tid)
        if known is None or (name is not None and name_key(name) != name_key(known)):
            return False
    if None not in ids:
        return True
    if "teacher_name" not in {c.name for c in spec.columns}:
        return True  # a program kind's optional teacher: a row without one is the school's
    resolved: list[Any] = []
    for tid, name in zip(ids, names, strict=True):
        if tid is None:
            if name is None:
                return False  # no teacher (or a holder such as 学校): the row-by-row check
            found = by_name.get(name_key(name), ())
            if len(found) != 1:
                return False
            tid = found[0]
        resolved.append(tid)
    columns["teacher_id"] = resolved
    return True


def _built(spec: KindSpec, columns: dict[str, list[Any]],
           plausible: RecordCheck) -> tuple[list[object], list[tuple[Any, ...]]] | None:
    """Every row's record and key, or ``None`` when a rule of the kind refuses a row."""
    names = list(columns)
    build, check = spec.build, plausible.check
    rows = zip(*columns.values(), strict=True)
    keys: list[tuple[Any, ...]] = []
    try:
        if spec.key_of is None:
            records = [build(dict(zip(names, values, strict=True))) for values in rows]
            keys = list(zip(*(columns[k] if k in columns else [None] * len(records)
                              for k in spec.key), strict=True))
        else:
            records = []
            for values in rows:
                row = dict(zip(names, values, strict=True))
                records.append(build(row))
                keys.append(spec.key_of(row))
        for record in records:
            check(record)
    except RowError:
        return None
    return records, keys
