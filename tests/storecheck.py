"""Helpers shared by the import and store tests: write a spreadsheet, dump the whole store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from yanxiu_core.store import Store, schema


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> Path:
    """A CSV file of ``rows`` (cells joined by commas, no quoting) in ``encoding``."""
    text = "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], title: str = "Sheet1") -> Path:
    """A one-sheet workbook of ``rows``."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to assert that a refused or failed operation wrote nothing."""
    with store.engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key))]
            for name, t in schema.metadata.tables.items()
        }


def old_store(url: str, version: int, school_id: str = "s1") -> None:
    """A store at schema ``version`` (1–4) holding one teacher (T01 王芳) of ``school_id``, as an
    older yanxiu left it: what the upgrade tests open."""
    from yanxiu_core.store import create_engine
    from yanxiu_core.store.migrations import migrate

    engine = create_engine(url)
    assert migrate(engine, target=version) == list(range(1, version + 1))
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO teachers (school_id, id, name, gender, subject, teaching_group, title, "
            "roles, birth_year, joined_year) VALUES (:school, 'T01', '王芳', '女', '', '', '', "
            "'[]', 1975, NULL)"), {"school": school_id})
    engine.dispose()
