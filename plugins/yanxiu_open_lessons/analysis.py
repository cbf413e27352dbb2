"""What the records say about the open lessons: who is scheduled, which lessons were held, with
信息技术 or not, and their 评课 scores.

* The **scheduled** teachers are the program's teachers (:func:`program_teachers`).
* A **held lesson** is an activity with 所属项目 = the instance and 类型 in ``lesson_kinds``; its
  teacher is the 主讲人 (工号 or 姓名 on the roster).
* It **used 信息技术** when its 类型 is in ``it_kinds`` or its 主题, 内容 or 效果 mentions one of
  ``it_words`` (课件, 多媒体, 信息技术 …).
* A **score** is one rater's 评课 sheet row for a teacher: the rubric items' sum when the row
  has any, else its 总分; as a percent of the rubric's full marks. A lesson's score is the
  mean over its raters.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence

import attrs

from yanxiu_core import Activity, ProgramContext, ProgramRecord, Teacher, report_date

from .schedule import Lesson, build_schedule
from .settings import OpenLessonsSettings


def program_teachers(ctx: ProgramContext) -> list[Teacher]:
    """The teachers who give a lesson: those listed in ``teachers`` (all of the roster when
    none are), limited to ``subjects`` when given; by 工号."""
    s: OpenLessonsSettings = ctx.settings
    roster = ctx.records.teachers()
    if s.teachers:
        wanted = set(s.teachers)
        roster = [t for t in roster if t.id in wanted]
    if s.subjects:
        roster = [t for t in roster if t.subject in s.subjects]
    return sorted(roster, key=lambda t: t.id)


def skip_days(ctx: ProgramContext) -> set[dt.date]:
    s: OpenLessonsSettings = ctx.settings
    return set(ctx.holidays) | set(s.skip)


def schedule(ctx: ProgramContext) -> list[Lesson]:
    """The timetable of the instance (see :func:`~.schedule.build_schedule`)."""
    s: OpenLessonsSettings = ctx.settings
    return build_schedule(program_teachers(ctx), s.periods, s.start, seed=s.seed,
                          skip=skip_days(ctx), classes=s.classes, place=s.place)


def parts_text(s: OpenLessonsSettings) -> str:
    """``说课 10 分钟、授课 40 分钟、评课 20 分钟`` (the parts the settings give)."""
    return "、".join(f"{name} {minutes} 分钟" for name, minutes in s.parts.items())


@attrs.frozen
class Score:
    """One rater's score of one teacher's lesson, as a percent of the rubric's full marks."""

    record: ProgramRecord
    rater: str
    points: float
    percent: float
    items: tuple[tuple[str, float], ...] = ()


@attrs.frozen
class HeldLesson:
    activity: Activity
    teacher: Teacher | None
    uses_it: bool
    scores: tuple[Score, ...] = ()

    @property
    def score(self) -> float | None:
        """Mean percent over the raters, ``None`` when nobody scored it."""
        if not self.scores:
            return None
        return sum(x.percent for x in self.scores) / len(self.scores)


@attrs.frozen
class OpenLessonsFigures:
    teachers: tuple[Teacher, ...]  # scheduled
    held: tuple[HeldLesson, ...]  # the term's lessons, by date
    scores: dict[str, tuple[Score, ...]] = attrs.field(hash=False)  # teacher id -> scores
    as_of: dt.date = dt.date.min
    unknown_speakers: tuple[Activity, ...] = ()

    @property
    def held_by(self) -> dict[str, HeldLesson]:
        """Teacher id -> their first held lesson."""
        out: dict[str, HeldLesson] = {}
        for h in self.held:
            if h.teacher is not None:
                out.setdefault(h.teacher.id, h)
        return out

    @property
    def days(self) -> list[dt.date]:
        return sorted({h.activity.date for h in self.held})

    @property
    def subjects(self) -> list[str]:
        """The subjects of the held lessons: those of the scheduled teachers in their order
        (by 工号), then any other."""
        held = {h.teacher.subject for h in self.held if h.teacher is not None and h.teacher.subject}
        order = [t.subject for t in self.teachers] + sorted(held)
        return [x for x in dict.fromkeys(order) if x in held]

    @property
    def it_share(self) -> float | None:
        return sum(1 for h in self.held if h.uses_it) / len(self.held) if self.held else None

    @property
    def scored(self) -> list[HeldLesson]:
        return [h for h in self.held if h.score is not None]

    @property
    def mean_score(self) -> float | None:
        values = [h.score for h in self.held if h.score is not None]
        return sum(values) / len(values) if values else None

    @property
    def not_held(self) -> list[Teacher]:
        """Scheduled teachers without a held lesson."""
        held = self.held_by
        return [t for t in self.teachers if t.id not in held]

    @property
    def unscored(self) -> list[HeldLesson]:
        return [h for h in self.held if h.score is None]


def uses_it(a: Activity, s: OpenLessonsSettings) -> bool:
    if a.kind in s.it_kinds:
        return True
    text = f"{a.title}\n{a.content}\n{a.effect}".casefold()
    return any(word.casefold() in text for word in s.it_words if word)


def read_score(r: ProgramRecord, s: OpenLessonsSettings) -> Score | None:
    """The row's points (rubric items' sum, else 总分) as a percent; ``None`` when it has
    neither."""
    items = tuple((item.name, float(r.values[item.name])) for item in s.rubric
                  if isinstance(r.values.get(item.name), (int, float)))
    if items:
        points = sum(v for _, v in items)
    elif isinstance(r.values.get("total"), (int, float)):
        points = float(r.values["total"])
    else:
        return None
    if not math.isfinite(points):
        return None
    full = s.full_marks
    return Score(r, str(r.values.get("rater") or ""), points, 100.0 * points / full if full else 0.0,
                 items)


def lesson_teacher(a: Activity, by_id: dict[str, Teacher],
                   by_name: dict[str, Teacher]) -> Teacher | None:
    text = a.speaker.strip()
    return by_id.get(text) or by_name.get(text.replace(" ", "").replace("\u3000", ""))


def compute(ctx: ProgramContext) -> OpenLessonsFigures:
    s: OpenLessonsSettings = ctx.settings
    as_of = report_date(ctx.term, s.as_of)
    roster = ctx.records.teachers()
    by_id = {t.id: t for t in roster}
    by_name = {t.name.replace(" ", ""): t for t in roster}
    scores: dict[str, list[Score]] = defaultdict(list)
    for r in ctx.records.program_records(ctx.program_id, "scores"):
        score = read_score(r, s)
        if score is not None and r.teacher_id:
            scores[r.teacher_id].append(score)
    kinds = set(s.lesson_kinds)
    held: list[HeldLesson] = []
    unknown: list[Activity] = []
    for a in ctx.records.activities(program=ctx.program_id):
        if kinds and a.kind not in kinds:
            continue
        teacher = lesson_teacher(a, by_id, by_name)
        if teacher is None:
            unknown.append(a)
        own = tuple(scores.get(teacher.id, ())) if teacher is not None else ()
        held.append(HeldLesson(a, teacher, uses_it(a, s), own))
    return OpenLessonsFigures(
        teachers=tuple(program_teachers(ctx)), held=tuple(held),
        scores={k: tuple(v) for k, v in scores.items()}, as_of=as_of,
        unknown_speakers=tuple(unknown))


def band_of(percent: float, bands: Sequence[tuple[str, float]]) -> str:
    """The first band whose minimum the percent reaches (bands from high to low)."""
    for name, low in bands:
        if percent >= low - 1e-9:
            return name
    return bands[-1][0]
