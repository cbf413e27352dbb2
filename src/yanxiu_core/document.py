"""The report document model: what plugins and the core fill, and renderers turn into files.

A leaf module: every layer may import it, and it imports nothing of yanxiu's. Renderers know
these classes and nothing else. Cells are already-formatted strings, so every renderer shows
exactly the same figures, and totals are formed from the shown cells.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import attrs

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")


@attrs.frozen
class Paragraph:
    """A paragraph of plain text. Renderers escape it (no Markdown or HTML passes through);
    :func:`text_blocks` splits template output into paragraphs and lists."""

    text: str


@attrs.frozen
class BulletList:
    """A list of plain-text ``items``: bulleted, or numbered 1, 2, 3 … when ``ordered`` (the
    items carry no numbers of their own)."""

    items: tuple[str, ...]
    ordered: bool = False


@attrs.frozen
class KeyFigures:
    """A row of headline numbers: (label, value) pairs."""

    items: tuple[tuple[str, str], ...]


@attrs.frozen
class Table:
    """A table of already-formatted cells: ``columns`` are the headers, each of ``rows`` has
    one cell per column (a row of another width raises ``ValueError``).

    ``caption`` titles it; ``total`` is a footer row, usually made by :meth:`with_total`.
    ``appendix=True`` marks detail to look up rather than read: the report builder moves such a
    table (and any longer than ``[report] max_body_rows``) to the appendix as 附表1,
    附表2 …, leaving a one-line reference where it stood.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    total: tuple[str, ...] | None = None  # a footer row, see with_total()
    appendix: bool = False  # detail to look up, not read: the builder moves it to a 附表

    def __attrs_post_init__(self) -> None:
        width = len(self.columns)
        for row in (*self.rows, *([self.total] if self.total else [])):
            if len(row) != width:
                raise ValueError(f"row {row!r} has {len(row)} cells, table has {width} columns")

    def numeric_columns(self) -> list[bool]:
        """Which columns hold numbers — every non-blank, non-``-`` body cell is a number or a
        percentage (``12``, ``-3.5``, ``98.4%``), and there is one — so renderers right-align
        them alike."""
        flags = []
        for idx in range(len(self.columns)):
            present = [c for c in (row[idx].strip() for row in self.rows) if c and c != "-"]
            flags.append(bool(present) and all(_NUMBER.match(c) for c in present))
        return flags

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


CHART_KINDS = ("bar", "hbar", "line", "donut")


@attrs.frozen
class ChartSeries:
    """One named row of values of a chart, one value per category."""

    name: str
    values: tuple[float, ...]


@attrs.frozen
class Chart:
    """Figures people would rather look at than read.

    ``kind``: ``bar`` (vertical, series side by side), ``hbar`` (horizontal bars, for long
    category names), ``line`` (a trend over ordered categories such as months) or ``donut``
    (shares of one whole; one series). ``unit`` follows each value (``次``, ``%``, ``学时``).
    ``table_elsewhere``: the same figures already stand in a :class:`Table` of the report, so
    formats without graphics (Markdown, Word) leave the chart out instead of repeating them;
    otherwise they show :meth:`table`.
    """

    title: str
    kind: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    unit: str = ""
    table_elsewhere: bool = False

    def __attrs_post_init__(self) -> None:
        if self.kind not in CHART_KINDS:
            raise ValueError(f"chart kind {self.kind!r} is not one of {', '.join(CHART_KINDS)}")
        if not self.series:
            raise ValueError(f"chart {self.title!r} has no series")
        if self.kind == "donut" and len(self.series) != 1:
            raise ValueError(f"donut chart {self.title!r} takes exactly one series")
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"series {s.name!r} has {len(s.values)} values, chart "
                                 f"{self.title!r} has {len(self.categories)} categories")
            if any(not math.isfinite(v) for v in s.values):
                raise ValueError(f"series {s.name!r} of chart {self.title!r} has a non-finite value")

    def table(self) -> Table:
        """The chart's figures as a table (categories down, one column per series)."""
        unit = f"（{self.unit}）" if self.unit else ""
        columns = ("项目", *(f"{s.name}{unit}" for s in self.series))
        rows = tuple((cat, *(_format_value(s.values[i]) for s in self.series))
                     for i, cat in enumerate(self.categories))
        return Table(columns, rows, caption=self.title)


def _format_value(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


Block = Paragraph | BulletList | KeyFigures | Table | Chart


@attrs.frozen
class Section:
    """A titled part of the report; ``key`` identifies it (a program id, or a core name).

    Nesting gives the heading level: a report's sections are level 1 (一、), their
    subsections level 2 (（一）), then 1. and （1）. Titles carry their numbers as written.
    """

    title: str
    blocks: tuple[Block, ...] = ()
    key: str = ""
    subsections: tuple[Section, ...] = ()


@attrs.frozen
class Report:
    """A whole document: title, opening blocks, sections, the closing signature lines, then the
    appendix tables (附表1, 附表2 …, numbered by position; the body refers to them by number).

    ``author`` (the school) and ``date`` (the signature date) are also written into file
    metadata where a format has it.
    """

    title: str
    sections: tuple[Section, ...]
    subtitle: str = ""
    preamble: tuple[Block, ...] = ()
    signature: tuple[str, ...] = ()  # closing lines: school name, date
    appendices: tuple[Table, ...] = ()
    author: str = ""
    date: dt.date | None = None

    def walk(self) -> list[tuple[int, Section]]:
        """Every section with its depth (1 for top level), in reading order."""
        out: list[tuple[int, Section]] = []

        def visit(section: Section, depth: int) -> None:
            out.append((depth, section))
            for sub in section.subsections:
                visit(sub, depth + 1)

        for section in self.sections:
            visit(section, 1)
        return out


APPENDIX_LABEL = "附表"


def appendix_label(index: int) -> str:
    """``附表1`` for the first appendix table (``index`` counts from 0)."""
    return f"{APPENDIX_LABEL}{index + 1}"


_ORDERED = re.compile(r"^\d+(?:\.(?!\d)|、)\s*")  # "1. " or "1、", not "1.5"


def text_blocks(text: str) -> tuple[Block, ...]:
    """Split template output (or any prose) into paragraphs and lists.

    Blank lines separate paragraphs; a run of lines starting with ``- `` is a bullet list, a run
    starting with ``1. `` (or ``1、``) a numbered list. Other consecutive lines join into one
    paragraph.
    """
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    ordered = False

    def flush() -> None:
        nonlocal items
        if para:
            blocks.append(Paragraph("".join(para)))
            para.clear()
        if items:
            blocks.append(BulletList(tuple(items), ordered=ordered))
            items = []

    for raw in text.splitlines():
        line = raw.strip()
        is_bullet = line.startswith("- ")
        is_number = bool(_ORDERED.match(line))
        if not line:
            flush()
        elif is_bullet or is_number:
            if para or (items and ordered != is_number):
                flush()
            ordered = is_number
            items.append(line[2:].strip() if is_bullet else _ORDERED.sub("", line))
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return tuple(blocks)
