"""Cleaning what schools type into cells: full-width characters and stray spaces.

Two strengths, because NFKC is not safe everywhere: in free text it would also turn Chinese
punctuation such as “（）” and “，” into ASCII, changing what the report prints. So

* codes, numbers, dates and headers get full NFKC (full-width ``２０１７．１１`` → ``2017.11``);
* free text gets only full-width digits/letters and the ideographic space (U+3000) folded, edges
  stripped and runs of blanks collapsed to one space.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Full-width ASCII digits and letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A) and U+3000.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_FOLD[0x3000] = 0x20

_BLANKS = re.compile(r"[ \t\u00a0\u2002-\u200b\u3000\ufeff]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}·])\s+(?=[{_CJK}·])")


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ISO, ``None`` as ``''``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def clean_text(value: object) -> str:
    """Free text: full-width digits/letters folded, blanks collapsed, edges stripped.

    Line breaks inside a cell (content, 效果) are kept; blanks around them are removed.
    """
    text = cell_text(value).translate(_FOLD).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_BLANKS.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def clean_name(value: object) -> str:
    """A person's name: like :func:`clean_text`, and the padding some sheets put between the
    characters of a two-character name to align it (``王　芳``) is removed."""
    return _SPACE_BETWEEN_CJK.sub("", clean_text(value))


def clean_code(value: object) -> str:
    """An id or a value to parse (工号, 编号, numbers, dates): NFKC and no blanks at all."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    return "".join(text.split()).replace("\ufeff", "")


def clean_loose(value: object) -> str:
    """NFKC with blanks collapsed but kept (for parsing words such as ``present`` or dates
    written ``2017 年 11 月 21 日``)."""
    text = unicodedata.normalize("NFKC", cell_text(value)).replace("\ufeff", "")
    return " ".join(text.split())


_ANNOTATION = re.compile(r"[(\[【].*?[)\]】]")


def header_key(value: object) -> str:
    """How a header is compared: NFKC, case-folded, without blanks, ``_``, ``-``, ``*``, ``:``
    and bracketed notes, so ``学时（小时）``, ``*工号`` and ``Teacher ID`` match their entries."""
    text = unicodedata.normalize("NFKC", cell_text(value)).casefold()
    text = _ANNOTATION.sub("", text)
    return re.sub(r"[\s_\-*:.]+", "", text.replace("\ufeff", ""))


EDGE_BLANKS = " \t\r\n\u3000\ufeff"
"""What :func:`is_blank` strips before deciding that a text cell is empty."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(EDGE_BLANKS))
