"""One cell, parsed: what both ways of validating a file (row by row, :mod:`.importer`, and
column by column, :mod:`.bulk`) share, so that they accept exactly the same cells."""

from __future__ import annotations

from typing import Any

from .columns import Column
from .limits import ImportLimits, checked_cell
from .normalize import is_blank
from .values import BadValue

# What clean_text removes from a cell made only of them: every whitespace character (str.strip;
# the last one is U+3000) and the zero-width blanks it collapses (U+200B, U+FEFF).
_BLANK_CHARS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u200b\ufeff"

BLANK: Any = object()
"""What :func:`parse_cell` returns for a blank cell."""


def blank(value: object) -> bool:
    """Nothing in the cell once cleaned (``clean_text(value) == ""``), without cleaning it: this
    runs for every cell of every row."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(_BLANK_CHARS)
    return is_blank(value)


def parse_cell(col: Column, cell: object, limits: ImportLimits) -> Any:
    """The parsed value of one cell, :data:`BLANK`, or the :class:`BadValue` it raised. A pure
    function of the column and the cell: callers may keep its result per distinct cell."""
    if blank(cell):
        return BLANK
    try:
        return col.parse(checked_cell(cell, limits))
    except BadValue as exc:
        return exc


def name_key(name: str) -> str:
    """How a name is compared with the roster's: without any blanks."""
    return "".join(name.split())
