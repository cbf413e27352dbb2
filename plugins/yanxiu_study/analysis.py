"""Figures of a school's 理论学习 and 个人三年发展规划 from the records: the planned and held
sessions, each teacher's notes against what is asked, plans and yearly self-reviews. The section,
the findings, the indicators, the figures and the members all read these, so they agree."""

from __future__ import annotations

import datetime as dt

import attrs

from yanxiu_core import (
    Activity,
    ProgramContext,
    Teacher,
    cadence_of,
    month_day_text,
    report_date,
    weekday_name,
)

from .settings import NOTES, PER_SESSION, PLANS, StudySettings


def planned_dates(ctx: ProgramContext) -> list[dt.date]:
    """The term's session dates on the configured cadence (the core's :class:`Cadence`: fixed
    ``dates``, each month's ``nth`` weekday, ``per_term`` sessions or every ``every_weeks``
    weeks) — without ``skip``, ``skip_ranges`` and the holidays."""
    s: StudySettings = ctx.settings
    return cadence_of(s).dates_in(ctx.term, skip=s.skip, skip_ranges=s.skip_ranges,
                                  holidays=ctx.holidays)


def describe_cadence(s: StudySettings) -> str:
    """``每两周（星期三）安排一次``, ``每月第一个星期三安排一次``, ``在学校确定的日期安排``."""
    if s.dates:
        return "在学校确定的日期安排"
    if s.nth:
        return f"{month_day_text(s.weekday, s.nth)}安排一次"
    if s.per_term:
        return f"每学年安排{s.per_term}次（{weekday_name(s.weekday)}）"
    day = weekday_name(s.weekday)
    words = {1: "每周", 2: "每两周", 3: "每三周", 4: "每四周"}
    return f"{words.get(s.every_weeks, f'每 {s.every_weeks} 周')}（{day}）安排一次"


@attrs.frozen
class Note:
    ref: str
    date: dt.date
    title: str
    chars: int | None  # 字数, when the export has it

    def short(self, need: int) -> bool:
        return need > 0 and self.chars is not None and self.chars < need


@attrs.frozen
class Plan:
    """A teacher's 个人三年发展规划: from the plans kind (start year, goals) or an artifact handed
    in this year."""

    ref: str
    start_year: int | None
    submitted: dt.date | None
    goals: str

    def period(self, years: int) -> str:
        return "" if self.start_year is None else f"{self.start_year}—{self.start_year + years}"


@attrs.frozen
class Person:
    teacher: Teacher
    notes: tuple[Note, ...]  # counted (long enough)
    short_notes: tuple[Note, ...]
    required: int
    plan: Plan | None
    reviews: tuple[str, ...]  # refs of the year's self-reviews

    @property
    def id(self) -> str:
        return self.teacher.id

    @property
    def name(self) -> str:
        return self.teacher.name

    @property
    def notes_met(self) -> bool:
        return len(self.notes) >= self.required

    @property
    def reviewed(self) -> bool:
        return bool(self.reviews)


@attrs.frozen
class StudyFigures:
    as_of: dt.date
    planned: tuple[dt.date, ...]  # the term's
    planned_to_date: tuple[dt.date, ...]
    held: tuple[Activity, ...]  # up to as_of
    people: tuple[Person, ...]

    @property
    def notes(self) -> int:
        return sum(len(p.notes) for p in self.people)

    @property
    def plans(self) -> list[Person]:
        return [p for p in self.people if p.plan is not None]

    @property
    def reviewed(self) -> list[Person]:
        return [p for p in self.people if p.plan is not None and p.reviewed]

    @property
    def behind(self) -> list[Person]:
        return [p for p in self.people if not p.notes_met]

    @property
    def topics(self) -> list[str]:
        return [a.title for a in self.held]


def sessions(ctx: ProgramContext, as_of: dt.date) -> list[Activity]:
    """The instance's activities and the school-wide ones of a ``session_kinds`` 类型, held by
    ``as_of``."""
    s: StudySettings = ctx.settings
    own = ctx.records.activities(program=ctx.program_id)
    shared = [a for a in ctx.records.activities(program=None) if a.kind in s.session_kinds]
    found = [a for a in [*own, *shared] if a.date <= as_of]
    return sorted(found, key=lambda a: (a.start, a.id))


def _plans(ctx: ProgramContext, year: int) -> dict[str, Plan]:
    """Each teacher's plan in force in the school year starting in ``year``: a row of the plans
    kind (the latest start year not after it, within ``plan_years``), else an artifact of a
    ``plan_kinds`` 类型 handed in this year."""
    s: StudySettings = ctx.settings
    out: dict[str, Plan] = {}
    rows = sorted(ctx.records.program_records(ctx.program_id, PLANS.name),
                  key=lambda r: r.values.get("start_year") or 0)
    for r in rows:
        tid = str(r.teacher_id or r.values.get("teacher_id") or "")
        start = r.values.get("start_year")
        if isinstance(start, int) and start <= year < start + s.plan_years:
            submitted = r.values.get("submitted")
            out[tid] = Plan(r.ref, start,
                            submitted if isinstance(submitted, dt.date) else None,
                            str(r.values.get("goals") or "").strip())
    for a in ctx.records.artifacts():
        if a.kind in s.plan_kinds and a.teacher_id not in out:
            out[a.teacher_id] = Plan(f"artifact:{a.id}", None, a.date, "")
    return out


def compute(ctx: ProgramContext, today: dt.date | None = None) -> StudyFigures:
    s: StudySettings = ctx.settings
    as_of = report_date(ctx.term, s.as_of, today)
    planned = planned_dates(ctx)
    held = sessions(ctx, as_of)
    required = len(held) if s.notes_per == PER_SESSION else s.notes_count
    notes: dict[str, list[Note]] = {}
    for a in ctx.records.artifacts():
        if a.kind in s.note_kinds and a.date <= as_of:
            notes.setdefault(a.teacher_id, []).append(Note(f"artifact:{a.id}", a.date, a.title,
                                                           None))
    for r in ctx.records.program_records(ctx.program_id, NOTES.name):
        day = r.values.get("date")
        if isinstance(day, dt.date) and day <= as_of:
            chars = r.values.get("chars")
            tid = str(r.teacher_id or r.values.get("teacher_id") or "")
            notes.setdefault(tid, []).append(Note(
                r.ref, day, str(r.values.get("title") or ""),
                chars if isinstance(chars, int) else None))
    plans = _plans(ctx, ctx.term.start.year)
    reviews: dict[str, list[str]] = {}
    for a in ctx.records.artifacts():
        if a.kind in s.review_kinds and a.date <= as_of:
            reviews.setdefault(a.teacher_id, []).append(f"artifact:{a.id}")
    people = []
    for t in ctx.records.teachers():
        own = sorted(notes.get(t.id, []), key=lambda n: (n.date, n.ref))
        people.append(Person(
            t, tuple(n for n in own if not n.short(s.min_chars)),
            tuple(n for n in own if n.short(s.min_chars)), required, plans.get(t.id),
            tuple(reviews.get(t.id, []))))
    return StudyFigures(as_of, tuple(planned), tuple(d for d in planned if d <= as_of),
                        tuple(held), tuple(people))
