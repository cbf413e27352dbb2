"""Writing worksheets that no spreadsheet program will ever run: the xlsx layer shared by the
report's ``xlsx`` renderer and the commands' tabular exports (:mod:`yanxiu_core.spreadsheet`).

Every sheet has a real header row (bold, frozen below it), column widths measured for Chinese
text (a CJK character counts two units), numbers as numbers, dates as dates, times as times —
and every text cell forced to be a string: openpyxl turns a ``str`` starting with ``=`` into a
formula, so each one is set back to ``data_type = "s"`` (and given Excel's quote prefix when it
starts with ``=``, ``+``, ``-``, ``@``, tab or CR, so editing the cell keeps it text). No cell is
ever a formula. Characters XML cannot carry (C0 controls other than tab, LF and CR; lone
surrogates; U+FFFE/U+FFFF) are removed or replaced instead of failing the whole file.

The same sheets give the same bytes: the workbook's created/modified stamps and the ZIP entry
times come from the caller's date, not the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._zip import restamp

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "DANGEROUS_PREFIXES", "Number", "Sheet", "Value", "clean_text", "display_width",
    "is_dangerous", "number_text", "sheet_names", "workbook_bytes",
]

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet program read a typed cell as a formula (OWASP, CSV injection)."""

DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MIN_WIDTH = 6
MAX_WIDTH = 50
PADDING = 2
SHEET_NAME_LIMIT = 31
FALLBACK_STAMP = dt.datetime(1980, 1, 1)  # the earliest time a ZIP entry can carry
LAST_STAMP = dt.datetime(2107, 12, 31, 23, 59, 58)  # the latest

# C0 controls XML 1.0 refuses (tab, LF and CR are allowed), as openpyxl's ILLEGAL_CHARACTERS_RE.
_XML_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # lone surrogates, non-characters
_NAME_FORBIDDEN = str.maketrans({"[": "【", "]": "】", ":": "：", "*": "＊", "?": "？",
                                 "/": "／", "\\": "＼"})
_NAME_SPACE = re.compile(r"\s+")
_RESERVED_NAMES = {"history"}  # Excel keeps this sheet name for itself


@dataclass(frozen=True)
class Number:
    """A number shown with an Excel number format (``0.0``, ``0.0%``); the value stays a number."""

    value: int | float
    number_format: str = "General"


Value = str | int | float | Number | dt.date | dt.time | None
"""A cell: text, a number, a date (or date and time), a time of day, or empty."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row and body rows. ``bold_rows`` are indexes into ``rows`` shown
    bold (a 合计 row); ``filter`` adds Excel's autofilter over the header and the other rows."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Value]]
    bold_rows: frozenset[int] = field(default_factory=frozenset)
    filter: bool = True
    max_width: int = MAX_WIDTH


def clean_text(text: str) -> str:
    """``text`` as XML can carry it: C0 controls other than tab/LF/CR removed, a lone surrogate
    or a non-character (U+FFFE, U+FFFF) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", _XML_CONTROL.sub("", text))


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet program would take ``text`` typed into a cell as a formula."""
    return text.startswith(DANGEROUS_PREFIXES)


def display_width(text: str) -> int:
    """Width in Excel's character units of the longest line: wide (CJK) characters count 2."""
    lines = text.splitlines() or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
               for line in lines)


# --- sheet names ----------------------------------------------------------------------------


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _truncate(text: str, limit: int) -> str:
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


def _base_name(wanted: str, fallback: str) -> str:
    name = _NAME_SPACE.sub(" ", clean_text(wanted).translate(_NAME_FORBIDDEN)).strip()
    name = _truncate(name.strip("'"), SHEET_NAME_LIMIT).strip().strip("'")
    return name or fallback


def sheet_names(wanted: Iterable[str], fallback: str = "表") -> list[str]:
    """Valid, distinct Excel sheet names for ``wanted`` in order: ``[]:*?/\\`` become their
    full-width forms, controls and line breaks go, at most 31 characters, no leading or trailing
    apostrophe; a repeated name (compared as Excel does, ignoring case) gets ``(2)``, ``(3)`` …
    An empty name becomes ``fallback`` and its position (``表3``)."""
    taken: set[str] = set()
    names = []
    for position, text in enumerate(wanted, 1):
        base = _base_name(text, f"{fallback}{position}")
        name, n = base, 1
        while name.lower() in taken or name.lower() in _RESERVED_NAMES:
            n += 1
            suffix = f"({n})"
            name = _truncate(base, SHEET_NAME_LIMIT - len(suffix)) + suffix
        taken.add(name.lower())
        names.append(name)
    return names


# --- cells ----------------------------------------------------------------------------------


def _text_cell(cell: Any, text: str) -> str:
    text = clean_text(text)
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if is_dangerous(text):
        cell.quotePrefix = True
    return text


def _write_cell(cell: Any, value: Value) -> str:
    """Put ``value`` into ``cell``; returns the text its width is measured by."""
    if value is None:
        return ""
    if isinstance(value, Number) and not math.isfinite(value.value):
        return _text_cell(cell, str(value.value))
    if isinstance(value, float) and not math.isfinite(value):
        return _text_cell(cell, str(value))  # Excel has no NaN or infinity
    if isinstance(value, Number):
        cell.value = value.value
        cell.number_format = value.number_format
        return number_text(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, dt.date, dt.time)):
        return _text_cell(cell, str(value))
    cell.value = value
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
        return "0000-00-00 00:00"
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
        return "0000-00-00"
    if isinstance(value, dt.time):
        cell.number_format = TIME_FORMAT
        return "00:00"
    return f"{value:g}" if isinstance(value, float) else str(value)


def number_text(number: Number) -> str:
    """How Excel shows ``number`` under its format (``0.0%`` → ``98.4%``), for widths and CSV."""
    fmt, value = number.number_format, number.value
    places = len(fmt.split(".", 1)[1].rstrip("%")) if "." in fmt else 0
    if fmt.endswith("%"):
        return f"{value * 100:.{places}f}%"
    return f"{value:.{places}f}" if fmt != "General" else f"{value:g}"


# --- sheets and the workbook ----------------------------------------------------------------


def write_sheet(book: Workbook, sheet: Sheet, name: str) -> None:
    """Add ``sheet`` to ``book`` under ``name`` (already valid and distinct)."""
    # openpyxl is imported where it is used: importing ``Sheet`` (plugin commands' modules do)
    # must not cost the 0.1 s of openpyxl on every `yanxiu --help`
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(title=name)
    widths = [0] * len(sheet.header)
    bold = Font(bold=True)
    for col, title in enumerate(sheet.header, 1):
        cell = ws.cell(row=1, column=col)
        widths[col - 1] = display_width(_text_cell(cell, title))
        cell.font = bold
    for r, row in enumerate(sheet.rows, 2):
        for col, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=col)
            width = display_width(_write_cell(cell, value))
            if width > sheet.max_width:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r - 2 in sheet.bold_rows:
                cell.font = bold
            if col <= len(widths):
                widths[col - 1] = max(widths[col - 1], width)
    for col, width in enumerate(widths, 1):
        size = min(max(width + PADDING, MIN_WIDTH), sheet.max_width + PADDING)
        ws.column_dimensions[get_column_letter(col)].width = size
    ws.freeze_panes = "A2"
    _add_filter(ws, sheet)


def _add_filter(ws: Any, sheet: Sheet) -> None:
    from openpyxl.utils import get_column_letter

    body = [i for i in range(len(sheet.rows)) if i not in sheet.bold_rows]
    if sheet.filter and sheet.header and body:
        last = get_column_letter(len(sheet.header))
        ws.auto_filter.ref = f"A1:{last}{max(body) + 2}"


def workbook_bytes(sheets: Sequence[Sheet], *, stamp: dt.date | None = None,
                   author: str = "", title: str = "") -> bytes:
    """An .xlsx file of ``sheets`` in order (sheet names made valid and distinct by
    :func:`sheet_names`). ``stamp`` (a date, or date and time) is written as the created and
    modified time and as every ZIP entry's time, so the same sheets give the same bytes."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    when = _stamp(stamp)
    book = Workbook()
    book.remove(book.active)
    for sheet, name in zip(sheets, sheet_names(s.title for s in sheets), strict=True):
        write_sheet(book, sheet, name)
    if not sheets:
        book.create_sheet(title="Sheet1")
    props = book.properties
    props.creator = clean_text(author)[:255] or "yanxiu"
    props.lastModifiedBy = None
    props.title = clean_text(title)[:255] or None
    props.created = props.modified = when
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip(buffer.getvalue(), when)


def _stamp(stamp: dt.date | None) -> dt.datetime:
    if stamp is None:
        return FALLBACK_STAMP
    if not isinstance(stamp, dt.datetime):
        stamp = dt.datetime(stamp.year, stamp.month, stamp.day)
    stamp = stamp.replace(tzinfo=None, microsecond=0)
    return min(max(stamp, FALLBACK_STAMP), LAST_STAMP)


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same package with every ZIP entry stamped ``when`` (openpyxl stamps the clock)."""
    return restamp(data, (when.year, when.month, when.day, when.hour, when.minute,
                          when.second - when.second % 2))
