"""The timetable of the open lessons: every teacher once, K periods a school day.

Plain functions of plain values (teachers, periods, dates), so they are tested and timed without
a workspace. The rules:

* days from ``start`` on, weekends, holidays and listed dates skipped;
* each day's periods filled in order of their start time with the next teacher of a fixed order
  (the roster by 工号, shuffled with ``seed``: the same seed gives the same timetable) who fits;
* two lessons whose periods overlap never have the same subject, the same observing 教研组
  (the teacher's 教研组, else the subject) or the same place — a period where nobody fits stays
  empty. Periods that do not overlap (the usual one lesson at a time) never clash.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection, Iterator, Mapping, Sequence

import attrs

from yanxiu_core import Teacher

from .settings import Period


@attrs.frozen
class Lesson:
    """One scheduled lesson: ``number`` counts from 1 over the whole timetable, ``period``
    from 1 within the day (节次)."""

    number: int
    teacher: Teacher
    date: dt.date
    period: int
    start: dt.time
    end: dt.time
    place: str = ""
    class_name: str = ""

    @property
    def subject(self) -> str:
        return self.teacher.subject

    @property
    def group(self) -> str:
        """The 教研组 that observes the lesson: the teacher's, else their subject's."""
        return self.teacher.group or self.teacher.subject


def school_days(start: dt.date, skip: Collection[dt.date] = ()) -> Iterator[dt.date]:
    """Monday to Friday from ``start`` on, leaving out ``skip`` (holidays, listed days)."""
    day = start
    while True:
        if day.isoweekday() <= 5 and day not in skip:
            yield day
        day += dt.timedelta(days=1)


def _overlap(a: Period, b: Period) -> bool:
    return a.start < b.end and b.start < a.end


def _clash(teacher: Teacher, place: str, other: Lesson) -> bool:
    group = teacher.group or teacher.subject
    return ((bool(teacher.subject) and teacher.subject == other.subject)
            or (bool(group) and group == other.group)
            or (bool(place) and place == other.place))


def teacher_order(teachers: Sequence[Teacher], seed: int) -> list[Teacher]:
    """The roster by 工号, shuffled with ``seed`` (Python's Mersenne Twister: the same seed gives
    the same order on every machine and version)."""
    ordered = sorted(teachers, key=lambda t: t.id)
    random.Random(seed).shuffle(ordered)
    return ordered


def build_schedule(teachers: Sequence[Teacher], periods: Sequence[Period], start: dt.date, *,
                   seed: int = 0, skip: Collection[dt.date] = (),
                   classes: Mapping[str, str] | None = None, place: str = "") -> list[Lesson]:
    """Every teacher's lesson, in date and period order (see the module's rules).

    ``classes`` maps a 工号 to the teacher's class (班级), where the lesson is held; a teacher
    without one is at ``place``."""
    classes = classes or {}
    slots = sorted(range(len(periods)), key=lambda i: (periods[i].start, periods[i].end, i))
    numbered = {i: n for n, i in enumerate(slots, 1)}
    waiting = teacher_order(teachers, seed)
    lessons: list[Lesson] = []
    skipped = set(skip)
    for day in school_days(start, skipped):
        if not waiting:
            break
        today: list[tuple[Period, Lesson]] = []
        for i in slots:
            period = periods[i]
            near = [lesson for p, lesson in today if _overlap(p, period)]
            for n, teacher in enumerate(waiting):
                room = classes.get(teacher.id, "") or place
                if not any(_clash(teacher, room, other) for other in near):
                    lesson = Lesson(len(lessons) + 1, teacher, day, numbered[i], period.start,
                                    period.end, room, classes.get(teacher.id, ""))
                    lessons.append(lesson)
                    today.append((period, lesson))
                    del waiting[n]
                    break
            if not waiting:
                break
        if not today:  # nobody fits any period (cannot happen with one period): give up
            break
    return lessons


def clashes(lessons: Sequence[Lesson]) -> list[tuple[Lesson, Lesson, str]]:
    """Pairs of lessons at overlapping times on one day with the same subject, observing group
    or place, and what they share — empty for a timetable :func:`build_schedule` made."""
    found: list[tuple[Lesson, Lesson, str]] = []
    for n, a in enumerate(lessons):
        for b in lessons[n + 1:]:
            if a.date != b.date or not (a.start < b.end and b.start < a.end):
                continue
            for what, x, y in (("学科", a.subject, b.subject), ("教研组", a.group, b.group),
                               ("地点", a.place, b.place)):
                if x and x == y:
                    found.append((a, b, f"{what}：{x}"))
    return found
