"""Columns of an import kind, and finding the header row among a sheet's first rows.

Each :class:`Column` lists its accepted headers (Chinese first, then English), compared by
:func:`~.normalize.header_key` (case, blanks, ``_``, bracketed notes ignored). The header row is
the first row, among the first :data:`HEADER_SCAN_ROWS`, where at least two cells (or every
column, for a one-column kind) are known headers; rows above it are titles and are skipped.
Columns with unknown headers (序号, 备注 …) are ignored and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ..errors import DataError, Problem
from .normalize import cell_text, header_key
from .readers import Sheet

HEADER_SCAN_ROWS = 20

Parser = Callable[[object], Any]


@attrs.frozen
class Column:
    """A field of an import kind: its name, accepted headers, parser and whether required."""

    name: str
    headers: tuple[str, ...]
    parse: Parser
    required: bool = False

    @property
    def title(self) -> str:
        return self.headers[0]

    def accepted(self) -> str:
        return " / ".join(self.headers)


@attrs.frozen
class Layout:
    """Where a kind's columns are in a sheet."""

    sheet: Sheet
    header_row: int
    positions: dict[str, int]  # column name -> 0-based cell index
    labels: dict[str, str]  # column name -> header as written in the file
    ignored: tuple[str, ...]  # headers of columns no field uses
    where_sheet: str = ""  # "工作表 “名单” " when the workbook has several sheets, for messages


def _index(columns: Sequence[Column]) -> dict[str, Column]:
    found: dict[str, Column] = {}
    for col in columns:
        for header in (*col.headers, col.name):
            found.setdefault(header_key(header), col)
    return found


def _matches(cells: Sequence[object], index: dict[str, Column]) -> set[str]:
    return {index[k].name for k in (header_key(c) for c in cells) if k in index}


def locate(sheets: Sequence[Sheet], columns: Sequence[Column], file: str) -> Layout:
    """The header row and column positions; a :class:`DataError` when there is no header row,
    a required column is missing or two columns claim the same field."""
    index = _index(columns)
    enough = min(2, len(columns))
    for sheet in sheets:
        for number, cells in sheet.rows[:HEADER_SCAN_ROWS]:
            if len(_matches(cells, index)) >= enough:
                return _layout(sheet, number, cells, columns, index, file,
                               several=len(sheets) > 1)
    expected = "、".join(c.title for c in columns if c.required) or columns[0].title
    raise DataError(
        f"导入失败：{file} 中找不到表头行，未写入任何数据",
        [Problem(f"前 {HEADER_SCAN_ROWS} 行中没有表头行", file=file,
                 expected=f"一行列名，至少包括 {expected}（可用的列名见 docs/import.md）")],
    )


def _layout(sheet: Sheet, number: int, cells: Sequence[object], columns: Sequence[Column],
            index: dict[str, Column], file: str, several: bool) -> Layout:
    where_sheet = f"工作表 “{sheet.name}” " if several else ""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for i, cell in enumerate(cells):
        label = cell_text(cell).strip()
        col = index.get(header_key(cell))
        if col is None:
            if label:
                ignored.append(label)
            continue
        if col.name in positions:
            problems.append(Problem(
                f"列 “{labels[col.name]}” 和 “{label}” 是同一项，只能保留一列", file=file,
                where=f"{where_sheet}第 {number} 行（表头）", value=label,
                expected=f"每项一列：{col.accepted()}",
            ))
            continue
        positions[col.name] = i
        labels[col.name] = label
    for col in columns:
        if col.required and col.name not in positions:
            problems.append(Problem(
                f"缺少必需的列 “{col.title}”", file=file,
                where=f"{where_sheet}第 {number} 行（表头）",
                expected=f"列名之一：{col.accepted()}",
            ))
    if problems:
        raise DataError(
            f"导入失败：{file} 的表头有 {len(problems)} 处问题，未写入任何数据", problems
        )
    return Layout(sheet=sheet, header_row=number, positions=positions, labels=labels,
                  ignored=tuple(ignored), where_sheet=where_sheet)
