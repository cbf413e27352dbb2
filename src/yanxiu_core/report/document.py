"""The report document model: what plugins and the core fill, and renderers turn into files.

Renderers know these classes and nothing else. Cells are already-formatted strings, so every
renderer shows exactly the same figures, and totals are formed from the shown cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import attrs


@attrs.frozen
class Paragraph:
    text: str


@attrs.frozen
class BulletList:
    items: tuple[str, ...]
    ordered: bool = False


@attrs.frozen
class KeyFigures:
    """A row of headline numbers: (label, value) pairs."""

    items: tuple[tuple[str, str], ...]


@attrs.frozen
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    total: tuple[str, ...] | None = None  # a footer row, see with_total()

    def __attrs_post_init__(self) -> None:
        width = len(self.columns)
        for row in (*self.rows, *([self.total] if self.total else [])):
            if len(row) != width:
                raise ValueError(f"row {row!r} has {len(row)} cells, table has {width} columns")

    def with_total(self, label: str = "合计", columns: Sequence[str] = ()) -> Table:
        """A copy with a 合计 row that sums the named columns *as shown*.

        Summing the displayed cells (not the unrounded values) is what makes a total equal the
        sum of the rows beside it.
        """
        total = [""] * len(self.columns)
        total[0] = label
        for name in columns:
            idx = self.columns.index(name)
            values = [_as_decimal(row[idx]) for row in self.rows]
            places = max((_places(row[idx]) for row in self.rows), default=0)
            total[idx] = f"{sum(values, Decimal(0)):.{places}f}"
        return attrs.evolve(self, total=tuple(total))


def _as_decimal(cell: str) -> Decimal:
    text = cell.strip().rstrip("%")
    if not text or text == "-":
        return Decimal(0)
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"cannot total non-numeric cell {cell!r}") from exc


def _places(cell: str) -> int:
    text = cell.strip()
    return len(text.split(".", 1)[1]) if "." in text else 0


Block = Paragraph | BulletList | KeyFigures | Table


@attrs.frozen
class Section:
    """A titled part of the report; ``key`` identifies it (a program id, or a core name)."""

    title: str
    blocks: tuple[Block, ...] = ()
    key: str = ""
    subsections: tuple[Section, ...] = ()


@attrs.frozen
class Report:
    title: str
    sections: tuple[Section, ...]
    subtitle: str = ""
    preamble: tuple[Block, ...] = ()
    signature: tuple[str, ...] = ()  # closing lines: school name, date
