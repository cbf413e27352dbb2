"""研修档案: one document per teacher — profile, 学时 by credit category against the yearly
requirement (and by year when several terms are configured), activities attended, outputs,
awards, program memberships and the year's evaluation with the records behind it.

:class:`SchoolBook` reads a school once; :func:`build_teacher_record` makes one teacher's
:class:`~yanxiu_core.document.Report` from it. See ``docs/record.md``.
"""

from __future__ import annotations

from .book import SchoolBook, TermMinutes
from .builder import build_teacher_record
from .files import record_file_name, record_file_names, safe_part

__all__ = [
    "SchoolBook",
    "TermMinutes",
    "build_teacher_record",
    "record_file_name",
    "record_file_names",
    "safe_part",
]
