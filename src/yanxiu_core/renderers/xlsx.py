"""Excel (.xlsx) renderer of the report document model: the summary's figures as sheets a school
or district can sort, filter and add up.

- The first sheet, ``概要``, has two columns (项目, 内容): the title, subtitle, school and date,
  every key figure (label, value), then the text in reading order — each section's title, its
  paragraphs and list items one per row, and where a table stood the name of its sheet.
- Then one sheet per :class:`~yanxiu_core.document.Table` in document order — the body's tables,
  each :class:`~yanxiu_core.document.Chart`'s :meth:`~yanxiu_core.document.Chart.table` unless
  ``table_elsewhere``, then the appendices (``附表1 …``). The sheet is named after the caption
  (made a valid, distinct Excel name); a 合计 row is bold.
- In a column the document model marks numeric (:meth:`Table.numeric_columns`) a number cell
  becomes a number with the decimals shown (``84.6`` → 84.6, format ``0.0``) and a percentage a
  percent number (``98.4%`` → 0.984, format ``0.0%``), so the sheet shows the document's figures
  and Excel can compute with them. A column with an identifier-like cell (``007``, or more than
  15 digits) stays text. A column of ISO dates (``2020-09-14``) holds date cells. Every other
  cell is text, never a formula (see :mod:`._sheet`).

The same report renders to the same bytes (times from ``Report.date``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from ..document import (
    Block,
    BulletList,
    Chart,
    KeyFigures,
    Paragraph,
    Report,
    Table,
    appendix_label,
)
from ._sheet import Number, Sheet, Value, sheet_names, workbook_bytes

__all__ = ["render_xlsx"]

SUMMARY_SHEET = "概要"
SUMMARY_HEADER = ("项目", "内容")
SUMMARY_WIDTH = 90
_NUMBER = re.compile(r"^(-?)(\d+)(?:\.(\d+))?(%?)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_DIGITS = 15  # what a double keeps exactly; longer digit strings are identifiers


# --- tables ---------------------------------------------------------------------------------


def _is_identifier(cell: str) -> bool:
    match = _NUMBER.match(cell.strip())
    if match is None:
        return False
    whole, frac = match.group(2), match.group(3) or ""
    return (len(whole) > 1 and whole.startswith("0")) or len(whole + frac) > MAX_DIGITS


def _present(cells: list[str]) -> list[str]:
    return [c for c in (c.strip() for c in cells) if c and c != "-"]


def _number_columns(table: Table) -> list[bool]:
    """The numeric columns (:meth:`Table.numeric_columns`; for a table without body rows, the
    columns whose 合计 cell is a number) whose cells are figures, not identifiers in digits."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    flags = []
    for i, numeric in enumerate(table.numeric_columns()):
        if not numeric and not _present([r[i] for r in table.rows]) and table.total:
            total = _present([table.total[i]])
            numeric = bool(total) and all(_NUMBER.match(c) for c in total)
        flags.append(numeric and not any(_is_identifier(r[i]) for r in rows))
    return flags


def _as_date(text: str) -> dt.date | None:
    if not _DATE.match(text.strip()):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _date_columns(table: Table) -> list[bool]:
    """The columns whose every non-blank body cell is an ISO date (``2020-09-14``)."""
    flags = []
    for i in range(len(table.columns)):
        present = _present([r[i] for r in table.rows])
        flags.append(bool(present) and all(_as_date(c) is not None for c in present))
    return flags


def number_cell(text: str) -> Value:
    """A shown figure as a spreadsheet number: ``12`` → 12, ``84.6`` → 84.6 (``0.0``),
    ``98.4%`` → 0.984 (``0.0%``); anything else (blank, ``-``, words) stays as it is."""
    match = _NUMBER.match(text.strip())
    if match is None:
        return text if text.strip() else None
    sign, whole, frac, percent = match.groups()
    places = len(frac or "")
    pattern = "0" + ("." + "0" * places if places else "")
    value = Decimal(f"{sign}{whole}.{frac or '0'}")
    if percent:
        return Number(float(value / 100), pattern + "%")
    if places == 0:
        return Number(int(value), "0")
    return Number(float(value), pattern)


def table_sheet(table: Table, title: str) -> Sheet:
    """One table as a sheet named ``title``: figures as numbers, ISO dates as dates, the 合计
    row bold."""
    numeric, dates = _number_columns(table), _date_columns(table)

    def cell(i: int, text: str) -> Value:
        if numeric[i]:
            return number_cell(text)
        if dates[i]:
            return _as_date(text) or text
        return text

    def row(cells: tuple[str, ...]) -> list[Value]:
        return [cell(i, c) for i, c in enumerate(cells)]

    rows = [row(r) for r in table.rows]
    bold: frozenset[int] = frozenset()
    if table.total is not None:
        bold = frozenset({len(rows)})
        rows.append(row(table.total))
    return Sheet(title, table.columns, rows, bold_rows=bold)


# --- the document's tables in order ---------------------------------------------------------


def _block_tables(blocks: tuple[Block, ...]) -> Iterator[Table]:
    for block in blocks:
        if isinstance(block, Table):
            yield block
        elif isinstance(block, Chart) and not block.table_elsewhere:
            yield block.table()


def _tables(report: Report) -> list[tuple[Table, str]]:
    """Every table with the name it asks for, in document order (appendices last)."""
    found = [(t, t.caption) for t in _block_tables(report.preamble)]
    for _depth, section in report.walk():
        found += [(t, t.caption) for t in _block_tables(section.blocks)]
    for index, table in enumerate(report.appendices):
        label = appendix_label(index)
        found.append((table, f"{label} {table.caption}".strip()))
    return found


# --- 概要 -----------------------------------------------------------------------------------


def _text_rows(blocks: tuple[Block, ...], names: Iterator[str]) -> list[list[Value]]:
    rows: list[list[Value]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            rows.append([None, block.text])
        elif isinstance(block, BulletList):
            rows += [[None, f"{n}. {item}" if block.ordered else f"· {item}"]
                     for n, item in enumerate(block.items, 1)]
        elif isinstance(block, Table) or (isinstance(block, Chart) and not block.table_elsewhere):
            rows.append([None, f"（见工作表“{next(names)}”）"])
    return rows


def _key_figures(report: Report) -> list[list[Value]]:
    blocks = [*report.preamble, *(b for _d, s in report.walk() for b in s.blocks)]
    return [[label, value] for b in blocks if isinstance(b, KeyFigures) for label, value in b.items]


def summary_sheet(report: Report, table_names: list[str]) -> Sheet:
    """``概要``: what the report is, its key figures, then its text one paragraph a row."""
    rows: list[list[Value]] = [["标题", report.title]]
    if report.subtitle:
        rows.append(["副标题", report.subtitle])
    if report.author:
        rows.append(["学校", report.author])
    if report.date is not None:
        rows.append(["日期", report.date])
    rows += _key_figures(report)
    names = iter(table_names)
    rows += _text_rows(report.preamble, names)
    for _depth, section in report.walk():
        rows.append([section.title, None])
        rows += _text_rows(section.blocks, names)
    rows += [[None, line] for line in report.signature]
    return Sheet(SUMMARY_SHEET, SUMMARY_HEADER, rows, filter=False, max_width=SUMMARY_WIDTH)


def render_xlsx(report: Report) -> bytes:
    """The report as an .xlsx workbook: ``概要``, then one sheet per table."""
    tables = _tables(report)
    names = sheet_names([SUMMARY_SHEET, *(name for _t, name in tables)])
    sheets = [summary_sheet(report, names[1:])]
    sheets += [table_sheet(t, name) for (t, _wanted), name in zip(tables, names[1:], strict=True)]
    return workbook_bytes(sheets, stamp=report.date, author=report.author, title=report.title)
