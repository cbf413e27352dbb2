"""File names of the archives: ``<工号>-<姓名>-研修档案.<ext>``, safe on every file system."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..model import Teacher

SUFFIX = "研修档案"
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')
_SPACES = re.compile(r"\s+")
MAX_PART = 60
"""Characters kept of an id or a name (a file name stays well under 255 bytes)."""


def safe_part(text: str) -> str:
    """``text`` without path separators, characters Windows refuses, control characters and
    leading dots; runs of spaces become one; ``_`` when nothing is left."""
    kept = "".join(c for c in text if not unicodedata.category(c).startswith("C"))
    kept = _UNSAFE.sub("_", kept)
    kept = _SPACES.sub(" ", kept).strip(" .")
    return kept[:MAX_PART] or "_"


def record_file_name(teacher: Teacher, extension: str) -> str:
    """``C013-严子泽-研修档案.docx`` (``extension`` with its dot)."""
    return f"{safe_part(teacher.id)}-{safe_part(teacher.name)}-{SUFFIX}{extension}"


def record_file_names(teachers: Iterable[Teacher], extension: str) -> dict[str, str]:
    """Teacher id -> file name, distinct even where two ids become the same once made safe or
    differ only in case (``-2``, ``-3`` … are added)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for teacher in teachers:
        name = record_file_name(teacher, extension)
        stem = name[: len(name) - len(extension)] if extension else name
        n = 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}{extension}"
        taken.add(name.casefold())
        names[teacher.id] = name
    return names
