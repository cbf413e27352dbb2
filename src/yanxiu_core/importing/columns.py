"""Columns of an import kind, and finding the header row among a sheet's first rows.

Each :class:`Column` lists its accepted headers (Chinese first, then English), compared by
:func:`~.normalize.header_key` (case, blanks, ``_``, bracketed notes ignored). The header row is
the first row, among the first :data:`HEADER_SCAN_ROWS`, where at least two cells (or every
column, for a one-column kind) are known headers; rows above it are titles and are skipped.
Columns with unknown headers (序号, 备注 …) are ignored and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from ..errors import DataError, Problem
from .normalize import cell_text, header_key, is_blank
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
    """Where a kind's columns are in a sheet.

    A workbook may hold the same table on several sheets (one per month, per grade …): the
    first sheet's layout then carries the others in ``more`` (same fields, possibly other
    positions) and :meth:`data_rows` walks them all. ``notes`` says which sheets were not
    imported and why (empty, a note without a header row, a chart), for the import summary.
    """

    sheet: Sheet
    header_row: int
    positions: dict[str, int]  # column name -> 0-based cell index
    labels: dict[str, str]  # column name -> header as written in the file
    ignored: tuple[str, ...]  # headers of columns no field uses
    where_sheet: str = ""  # "工作表 “名单” " when the workbook has several sheets, for messages
    more: tuple[Layout, ...] = ()  # further sheets of the same table
    notes: tuple[str, ...] = ()  # sheets not imported, and why

    def parts(self) -> tuple[Layout, ...]:
        """This sheet's layout and those of the further sheets of the same table."""
        return (self, *self.more)

    def data_rows(self) -> Iterator[tuple[Layout, int, Sequence[object]]]:
        """``(sheet layout, row number, cells)`` of every row below a header row."""
        for part in self.parts():
            for number, cells in part.sheet.rows:
                if number > part.header_row:
                    yield part, number, cells

    def ignored_columns(self) -> tuple[str, ...]:
        """Headers of unused columns over all sheets, each once."""
        return tuple(dict.fromkeys(h for part in self.parts() for h in part.ignored))


def _index(columns: Sequence[Column]) -> dict[str, Column]:
    found: dict[str, Column] = {}
    for col in columns:
        for header in (*col.headers, col.name):
            found.setdefault(header_key(header), col)
    return found


def _matches(cells: Sequence[object], index: dict[str, Column]) -> set[str]:
    return {index[k].name for k in (header_key(c) for c in cells) if k in index}


def _header(sheet: Sheet, index: dict[str, Column],
            enough: int) -> tuple[int, Sequence[object]] | None:
    for number, cells in sheet.rows:
        if number > HEADER_SCAN_ROWS:
            break
        if len(_matches(cells, index)) >= enough:
            return number, cells
    return None


def _is_note(sheet: Sheet) -> bool:
    """A sheet without a header row that is not shaped like a table: no row has more than two
    filled cells (填表说明, a title, a signature)."""
    return all(sum(1 for c in cells if not is_blank(c)) <= 2 for _, cells in sheet.rows)


def locate(sheets: Sequence[Sheet], columns: Sequence[Column], file: str) -> Layout:
    """The header row and column positions; a :class:`DataError` when there is no header row,
    a required column is missing or two columns claim the same field.

    Every sheet of a workbook is accounted for: each sheet with a header row is read (they
    must have the same columns, and their rows are imported together); an empty sheet, a
    chart, or a note without a header row is listed in :attr:`Layout.notes`; a sheet shaped
    like a table without a header row, or with other columns, is refused by name.
    """
    index = _index(columns)
    enough = min(2, len(columns))
    several = len(sheets) > 1
    found: list[Layout] = []
    notes: list[str] = []
    problems: list[Problem] = []
    headless: list[Sheet] = []
    for sheet in sheets:
        header = _header(sheet, index, enough)
        if header is not None:
            try:
                found.append(_layout(sheet, header[0], header[1], columns, index, file,
                                     several=several))
            except DataError as exc:
                problems.extend(exc.problems)
        elif sheet.chart:
            notes.append(f"工作表 “{sheet.name}” 是图表，未导入")
        elif not sheet.rows:
            notes.append(f"工作表 “{sheet.name}” 是空表，未导入")
        elif several and _is_note(sheet):
            notes.append(f"工作表 “{sheet.name}” 没有表头行，视为说明，未导入")
        else:
            headless.append(sheet)
    expected = "、".join(c.title for c in columns if c.required) or columns[0].title
    if not found and not problems:
        scanned = [s for s in sheets if s.rows] or list(sheets[:1])
        raise DataError(
            f"导入失败：{file} 中找不到表头行，未写入任何数据",
            [Problem(f"前 {HEADER_SCAN_ROWS} 行中没有表头行", file=file,
                     where=s.label().strip() if several else "",
                     expected=f"一行列名，至少包括 {expected}（可用的列名见 docs/import.md）")
             for s in scanned],
        )
    for sheet in headless:
        problems.append(Problem(
            f"前 {HEADER_SCAN_ROWS} 行中没有表头行，但这个工作表有数据", file=file,
            where=sheet.label().strip(),
            expected=f"一行列名，至少包括 {expected}；不属于本表的工作表请移到别的文件或删除",
        ))
    if found:
        first = found[0]
        for other in found[1:]:
            if set(other.positions) != set(first.positions):
                problems.append(Problem(
                    "这个工作表的列与" + f"工作表 “{first.sheet.name}” 不同（"
                    + _difference(first, other) + "）", file=file,
                    where=f"{other.where_sheet}第 {other.header_row} 行（表头）",
                    expected="各工作表的列相同（才能合并导入）；不同的表请分成不同的文件",
                ))
    if problems:
        raise DataError(
            f"导入失败：{file} 的表头有 {len(problems)} 处问题，未写入任何数据", problems
        )
    first = found[0]
    return attrs.evolve(first, more=tuple(found[1:]), notes=tuple(notes))


def _difference(first: Layout, other: Layout) -> str:
    """Which fields one sheet has and the other lacks, by the headers as written."""
    parts = []
    lacking = [first.labels[n] for n in first.positions if n not in other.positions]
    extra = [other.labels[n] for n in other.positions if n not in first.positions]
    if lacking:
        parts.append("缺少 " + "、".join(f"“{h}”" for h in lacking))
    if extra:
        parts.append("多出 " + "、".join(f"“{h}”" for h in extra))
    return "，".join(parts)


def _layout(sheet: Sheet, number: int, cells: Sequence[object], columns: Sequence[Column],
            index: dict[str, Column], file: str, several: bool) -> Layout:
    where_sheet = sheet.label() if several else ""
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
