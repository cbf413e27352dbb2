"""One teacher's 研修档案 as a :class:`~yanxiu_core.document.Report`, so that every renderer
(Word, HTML, Markdown, JSON, any plugin's) writes it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..document import Block, Report, Section
from ..model import Teacher
from ..report.facts import cn_date
from ..report.outline import numbered, with_appendix
from .assessment import evaluation_blocks
from .book import SchoolBook
from .parts import (
    activity_blocks,
    award_blocks,
    hours_blocks,
    membership_blocks,
    output_blocks,
    profile_table,
)

PARTS: Sequence[tuple[str, str, Callable[[SchoolBook, Teacher], Sequence[Block]]]] = (
    ("profile", "基本信息", lambda book, t: [profile_table(book, t)]),
    ("hours", "研修学时", hours_blocks),
    ("activities", "研修活动", activity_blocks),
    ("artifacts", "研修成果", output_blocks),
    ("awards", "荣誉与获奖", award_blocks),
    ("programs", "项目参与", membership_blocks),
    ("evaluation", "考核评价", evaluation_blocks),
)
"""The archive's sections in order: key, title (numbers are added), what builds the blocks."""


def build_teacher_record(book: SchoolBook, teacher: Teacher) -> Report:
    """The teacher's archive for the book's term; long tables go to 附表 as in the summary."""
    sections = tuple(Section(title, tuple(build(book, teacher)), key=key)
                     for key, title, build in PARTS)
    day = book.settings.signature_date or book.term.end
    report = Report(
        title=f"{teacher.name}研修档案",
        subtitle=f"{book.school.name} · {book.term.name}",
        sections=numbered(sections),
        signature=(book.settings.signed_by or book.school.name, cn_date(day)),
        author=book.school.name,
        date=day,
    )
    return with_appendix(report, book.settings.max_body_rows)
