"""Spreadsheets out: CSV and xlsx files that no spreadsheet program will run.

A cell a user typed (a teacher's name, an activity's title) may start with ``=``, ``+``, ``-``,
``@``, tab or CR; Excel, WPS and LibreOffice would take it as a formula (OWASP "CSV injection").
In CSV such a cell is written with a leading ``'`` (:func:`safe_text`), which the programs show
as text; in xlsx it is a string cell, never a formula (:mod:`yanxiu_core.renderers._sheet`,
shared with the report's ``xlsx`` renderer). Real numbers (``int``/``float``) stay numbers in
both. See ``docs/decisions/0015-spreadsheets-out.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence

from .renderers._sheet import (
    DANGEROUS_PREFIXES,
    Number,
    Sheet,
    Value,
    clean_text,
    is_dangerous,
    number_text,
    workbook_bytes,
)

__all__ = [
    "BOM", "DANGEROUS_PREFIXES", "Number", "Sheet", "Value", "csv_cell", "safe_text",
    "workbook_bytes", "write_csv", "write_xlsx",
]

BOM = "\ufeff"
"""Written first in every CSV: without it Excel reads UTF-8 Chinese as the local code page."""


def safe_text(value: str) -> str:
    """``value`` with a ``'`` in front when it starts with ``=``, ``+``, ``-``, ``@``, tab or CR,
    so a spreadsheet program opening the CSV shows it as text instead of running it."""
    return "'" + value if is_dangerous(value) else value


def csv_cell(value: Value) -> str:
    """One CSV cell: text through :func:`clean_text` and :func:`safe_text`; a number as written
    by Python (``-5``, ``84.6``; never prefixed); a :class:`Number` as its format shows it
    (``98.4%``); a date ``2020-10-14``, a time ``08:30``; ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, Number):
        return number_text(value) if math.isfinite(value.value) else str(value.value)
    if isinstance(value, bool) or not isinstance(value, (int, float, dt.date, dt.time)):
        return safe_text(clean_text(str(value)))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return repr(value) if isinstance(value, float) else str(value)


def write_csv(rows: Iterable[Sequence[Value]], header: Sequence[str]) -> str:
    """A CSV document (RFC 4180: comma-separated, quoted where needed, CRLF line ends) starting
    with a byte-order mark; the header's cells pass through :func:`csv_cell` like the rest.

    Write the text as UTF-8 as it is (no newline translation)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return BOM + out.getvalue()


def write_xlsx(sheets: Sequence[Sheet], *, stamp: dt.date | None = None,
               author: str = "", title: str = "") -> bytes:
    """An .xlsx file of ``sheets`` (see :func:`~yanxiu_core.renderers._sheet.workbook_bytes`):
    bold frozen header rows, widths for Chinese text, numbers, dates and times as such, text
    never a formula; the same sheets and ``stamp`` give the same bytes."""
    return workbook_bytes(sheets, stamp=stamp, author=author, title=title)
