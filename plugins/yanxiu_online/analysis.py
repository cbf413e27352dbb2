"""What the 网络研修 program reads from the platform export: each teacher's completed courses in
the term, the 学时 credited after the yearly cap, by credit category."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs

from yanxiu_core import ProgramContext, ProgramRecord, Teacher, report_date

from .settings import COURSES, OnlineSettings


@attrs.frozen
class CourseRow:
    """One row of the export, read."""

    record: ProgramRecord
    teacher_id: str
    course: str
    category: str  # as the export writes it
    credit_category: str  # where the settings credit it
    minutes: int
    date: dt.date
    certificate: str
    status: str
    done: bool

    @property
    def ref(self) -> str:
        return self.record.ref

    @property
    def key(self) -> str:
        """The course as one course however the export writes it (with or without 《》, spaces)."""
        return _course_key(self.course)


@attrs.frozen
class Completion:
    """A completed course and the minutes credited after the yearly cap."""

    row: CourseRow
    credited: int

    @property
    def excess(self) -> int:
        return self.row.minutes - self.credited


@attrs.frozen
class TeacherOnline:
    teacher: Teacher
    completions: tuple[Completion, ...]
    unfinished: tuple[CourseRow, ...]

    @property
    def platform_minutes(self) -> int:
        return sum(c.row.minutes for c in self.completions)

    @property
    def credited(self) -> int:
        return sum(c.credited for c in self.completions)

    @property
    def excess(self) -> int:
        return sum(c.excess for c in self.completions)

    @property
    def certificates(self) -> int:
        return sum(1 for c in self.completions if c.row.certificate)


@attrs.frozen
class OnlineFigures:
    people: tuple[TeacherOnline, ...]  # every teacher on the roster, roster order
    rows: tuple[CourseRow, ...]  # the term's rows up to as_of
    duplicates: tuple[CourseRow, ...]  # a course a teacher completed before (not counted again)
    required: int  # minutes each teacher should have online; 0: no requirement
    cap: int  # creditable minutes a year; 0: no cap
    as_of: dt.date

    @property
    def participants(self) -> list[TeacherOnline]:
        return [p for p in self.people if p.completions]

    @property
    def completions(self) -> list[Completion]:
        return [c for p in self.people for c in p.completions]

    def by_course(self) -> dict[str, list[Completion]]:
        """Completions per course (named as first written), in order of first completion."""
        names: dict[str, str] = {}
        out: dict[str, list[Completion]] = {}
        for c in sorted(self.completions, key=lambda c: (c.row.date, c.row.record.id)):
            name = names.setdefault(c.row.key, c.row.course)
            out.setdefault(name, []).append(c)
        return out

    @property
    def courses(self) -> list[str]:
        """Distinct courses completed, in order of first completion."""
        return list(self.by_course())

    @property
    def credited(self) -> int:
        return sum(p.credited for p in self.people)

    @property
    def excess(self) -> int:
        return sum(p.excess for p in self.people)

    def by_category(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for c in self.completions:
            out[c.row.credit_category] += c.credited
        return dict(out)

    def below(self) -> list[TeacherOnline]:
        """Teachers whose credited online minutes are under the requirement."""
        return [p for p in self.people if self.required and p.credited < self.required]


def _course_key(name: str) -> str:
    return "".join(name.split()).strip("《》")


def read_rows(ctx: ProgramContext, as_of: dt.date) -> list[CourseRow]:
    s: OnlineSettings = ctx.settings
    done_words = {w.strip() for w in s.done_words}
    rows = []
    for r in ctx.records.program_records(ctx.program_id, COURSES.name):
        day = r.date
        if day is None or day > as_of or not r.teacher_id:
            continue
        status = str(r.values.get("status") or "").strip()
        certificate = str(r.values.get("certificate") or "").strip()
        done = (not status or status in done_words) and (
            bool(certificate) or not s.certificate_required)
        category = str(r.values.get("category") or "").strip()
        rows.append(CourseRow(r, r.teacher_id, str(r.values.get("course") or "").strip(), category,
                              s.credit_category(category), int(r.values.get("minutes") or 0),
                              day, certificate, status, done))
    return sorted(rows, key=lambda x: (x.date, x.course, x.record.id))


def compute(ctx: ProgramContext) -> OnlineFigures:
    s: OnlineSettings = ctx.settings
    as_of = report_date(ctx.term, s.as_of)
    rows = read_rows(ctx, as_of)
    cap = ctx.policy.hours_to_minutes(s.max_hours) if s.max_hours else 0
    required = ctx.policy.hours_to_minutes(s.required_hours) if s.required_hours else 0
    done: dict[str, list[CourseRow]] = defaultdict(list)
    unfinished: dict[str, list[CourseRow]] = defaultdict(list)
    duplicates: list[CourseRow] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:  # by date: a course's first completion counts
        if not row.done:
            unfinished[row.teacher_id].append(row)
            continue
        key = (row.teacher_id, row.key)
        if key in seen:
            duplicates.append(row)
            continue
        seen.add(key)
        done[row.teacher_id].append(row)
    people = []
    for teacher in ctx.records.teachers():
        used = 0
        completions = []
        for row in done.get(teacher.id, []):
            credited = row.minutes if not cap else max(0, min(row.minutes, cap - used))
            used += credited
            completions.append(Completion(row, credited))
        people.append(TeacherOnline(teacher, tuple(completions),
                                    tuple(unfinished.get(teacher.id, []))))
    return OnlineFigures(tuple(people), tuple(rows), tuple(duplicates), required, cap, as_of)
