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
