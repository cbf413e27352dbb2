"""Figures of the lecture series computed from the plan and the records: what the section, the
findings and the indicators all read, so they can never disagree."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence

import attrs

from yanxiu_core import Activity, Attendance, PlannedSession, ProgramContext, report_date

from .settings import LectureSettings

OTHER_COLUMN = "其他"
_HONORIFICS = ("副校长", "校长", "副主任", "主任", "老师", "教师")
_SPLIT = re.compile(r"[\s、,，;；/|：:]+")


def speaker_is_inside(speaker: str, roster_names: Collection[str],
                      inside_prefixes: Sequence[str] = ("校内",),
                      outside_prefixes: Sequence[str] = ("外聘", "校外")) -> bool | None:
    """Whether a lecture's 主讲人 is one of the school's own teachers.

    In order: a cell starting with an outside prefix (``外聘：张教授``) is outside; one starting
    with an inside prefix (``校内：林老师``) is inside; otherwise it is inside when one of its
    parts (split on blanks, ``、`` ``,`` ``/`` ``：``), with a trailing 老师/校长/主任 removed,
    is a teacher's name on the roster. An empty cell gives ``None`` (unknown).
    """
    text = speaker.strip()
    if not text:
        return None
    if any(text.startswith(p) for p in outside_prefixes if p):
        return False
    if any(text.startswith(p) for p in inside_prefixes if p):
        return True
    for part in _SPLIT.split(text):
        for suffix in _HONORIFICS:
            if part.endswith(suffix) and len(part) > len(suffix):
                part = part[: -len(suffix)]
                break
        if part in roster_names:
            return True
    return False


@attrs.frozen
class Talk:
    """A held lecture with its column, speaker type and attendance figures."""

    activity: Activity
    column: str
    inside: bool | None
    expected: int
    attended: int

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None


@attrs.frozen
class ColumnFigures:
    """Per column: sessions planned in the term, planned up to the report date, held, and the
    held ones by speaker type."""

    column: str
    planned: int
    due: int
    held: int
    outside: int
    inside: int

    @property
    def behind(self) -> int:
        return max(self.due - self.held, 0)


@attrs.frozen
class LectureFigures:
    as_of: dt.date
    planned: tuple[PlannedSession, ...]
    talks: tuple[Talk, ...]
    columns: tuple[ColumnFigures, ...]

    @property
    def expected(self) -> int:
        return sum(t.expected for t in self.talks)

    @property
    def attended(self) -> int:
        return sum(t.attended for t in self.talks)

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None

    @property
    def due(self) -> int:
        return sum(1 for s in self.planned if s.date <= self.as_of)

    def count(self, inside: bool | None) -> int:
        return sum(1 for t in self.talks if t.inside is inside)


def column_of(activity: Activity, columns: Sequence[str]) -> str:
    """A held lecture's column is its activity 类型 (kind); anything else is 其他."""
    return activity.kind if activity.kind in columns else OTHER_COLUMN


def compute(ctx: ProgramContext, planned: Sequence[PlannedSession],
            today: dt.date | None = None) -> LectureFigures:
    """All figures of the series for ``ctx``'s term."""
    s: LectureSettings = ctx.settings
    as_of = report_date(ctx.term, s.as_of, today)
    teachers = ctx.records.teachers()
    names = {t.name for t in teachers}
    roster = {t.id for t in teachers}
    rows_of: dict[str, list[Attendance]] = {}
    for row in ctx.records.attendance(program=ctx.program_id):
        if row.teacher_id in roster:
            rows_of.setdefault(row.activity_id, []).append(row)
    talks = []
    for a in ctx.records.activities(program=ctx.program_id):
        own = rows_of.get(a.id, [])
        talks.append(Talk(
            activity=a,
            column=column_of(a, s.columns),
            inside=speaker_is_inside(a.speaker, names, s.inside_prefixes, s.outside_prefixes),
            expected=len(roster) if s.everyone_expected else len(own),
            attended=sum(1 for r in own if r.status.attended),
        ))
    names_in_use = list(s.columns)
    if any(t.column == OTHER_COLUMN for t in talks):
        names_in_use.append(OTHER_COLUMN)
    columns = []
    for name in names_in_use:
        mine = [t for t in talks if t.column == name]
        plan = [p for p in planned if p.kind == name]
        columns.append(ColumnFigures(
            column=name,
            planned=len(plan),
            due=sum(1 for p in plan if p.date <= as_of),
            held=len(mine),
            outside=sum(1 for t in mine if t.inside is False),
            inside=sum(1 for t in mine if t.inside is True),
        ))
    return LectureFigures(as_of=as_of, planned=tuple(planned), talks=tuple(talks),
                          columns=tuple(columns))
