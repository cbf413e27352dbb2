"""A school's 模课-磨课-悟课 cycles from the records: each participant's cycles (one per 课例),
the evidence of each stage, and — as of the report day — the stage reached and where a cycle is
stuck (the core's staged work). The section, the findings, the indicators, the figures and the
members all read these, so they agree.

Evidence, by stage:

* 模课: the participant attended an activity of the instance (not as its 授课/主讲 teacher), or
  handed in an artifact of a ``model_kinds`` kind (听课记录);
* 磨课: a row of ``<id>.rounds`` with the participant as 主备 (no 角色 = 主备), or an artifact of
  a ``round_kinds`` kind (磨课实录 …) on a day no such row of the 课例 has; 辅备 rows count as
  the participant's help in another teacher's 磨课, not as rounds of their own cycle;
* 悟课: an artifact of a ``reflection_kinds`` kind (悟课反思, 教学反思).

Evidence is placed in cycles using all of the term's records; a cycle is then read as of the
report day (what happened by then), so an earlier ``as_of`` does not change where things belong.

The stage 磨课 is reached with the ``min_rounds``-th round. An activity's or artifact's title is
placed in a 课例 of its teacher: one the title names; else, for a model lesson, the teacher's next
课例 in 磨课 without a 模课 (one imitates a model lesson in one's own lesson); else the 《…》 in
the title (a new 课例 — never for a reflection); else, for a 实录, the 课例 the teacher began last
and, for a reflection, the earliest begun 课例 without one. What is left is reported by ``check``
(the instance's artifacts only: a school-wide 教学反思 about something else is not an error).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs

from yanxiu_core import (
    Artifact,
    Overdue,
    ProgramContext,
    ProgramRecord,
    StagePlan,
    StageProgress,
    StageReached,
    Teacher,
    current_stage,
    overdue,
    report_date,
)

from .settings import ASSIST, LEAD, MODEL, POLISH, REFLECT, ROUNDS, STAGES, MoMoWuSettings

TEACHING_ROLES = ("授课", "主讲", "执教", "示范")
"""Attendance roles of the teacher who gives a model lesson (not an observer)."""
_BOOK = re.compile(r"《([^》]+)》")


def lesson_name(text: object) -> str:
    """A 课例 as a rounds row writes it, without 《》 (``《圆的认识》`` → ``圆的认识``)."""
    word = str(text or "").strip()
    found = _BOOK.search(word)
    return found.group(1).strip() if found else word


@attrs.frozen
class Evidence:
    """One piece of a stage's evidence: its day, what it is (``活动 A01``, ``成果 12``) and a
    readable title."""

    date: dt.date
    ref: str
    title: str


@attrs.frozen
class Round:
    """A 磨课 round of a cycle (from a rounds row or a 实录 artifact)."""

    date: dt.date
    number: int | None
    evidence: str
    ref: str


@attrs.frozen
class Cycle:
    """One participant's cycle on one 课例, as of the report day."""

    teacher_id: str
    lesson: str
    models: tuple[Evidence, ...]
    rounds: tuple[Round, ...]
    reflections: tuple[Evidence, ...]
    plan: StagePlan
    progress: StageProgress
    stage: str | None
    stuck: Overdue | None
    min_rounds: int

    @property
    def item(self) -> str:
        return self.progress.item

    @property
    def started(self) -> dt.date:
        return min([*(e.date for e in self.models), *(r.date for r in self.rounds),
                    *(e.date for e in self.reflections)])

    @property
    def complete(self) -> bool:
        return self.stage == REFLECT

    @property
    def short_of_rounds(self) -> bool:
        """Completed (or past 磨课) with fewer rounds than the settings ask."""
        return self.complete and len(self.rounds) < self.min_rounds

    def stage_text(self) -> str:
        """The stage reached as a reader says it (``磨课（第1轮）``, ``悟课``, ``未开始``)."""
        if self.stage == REFLECT:
            return REFLECT
        if self.rounds and self.stage != POLISH:
            return f"{POLISH}（第{len(self.rounds)}轮）"
        return self.stage or "未开始"

    def evidence_refs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*(e.ref for e in self.models), *(r.ref for r in self.rounds),
                                    *(e.ref for e in self.reflections)]))


@attrs.frozen
class Participant:
    teacher: Teacher
    cycles: tuple[Cycle, ...]
    assists: int  # 辅备 rows: help in others' 磨课

    @property
    def id(self) -> str:
        return self.teacher.id

    @property
    def name(self) -> str:
        return self.teacher.name

    @property
    def completed(self) -> int:
        return sum(1 for c in self.cycles if c.complete)


@attrs.frozen
class Unplaced:
    """Evidence of a participant that names no 课例 and finds no cycle to join."""

    teacher_id: str
    stage: str
    evidence: Evidence


@attrs.frozen
class MoMoWuFigures:
    as_of: dt.date
    participants: tuple[Participant, ...]
    cycles: tuple[Cycle, ...]
    unplaced: tuple[Unplaced, ...] = ()

    @property
    def completed(self) -> list[Cycle]:
        return [c for c in self.cycles if c.complete]

    @property
    def stuck(self) -> list[Cycle]:
        return [c for c in self.cycles if c.stuck is not None]

    @property
    def idle(self) -> list[Participant]:
        return [p for p in self.participants if not p.cycles]

    @property
    def reflections(self) -> int:
        return sum(len(c.reflections) for c in self.cycles)

    @property
    def rounds(self) -> int:
        return sum(len(c.rounds) for c in self.cycles)

    @property
    def polished(self) -> list[Cycle]:
        """Cycles with at least one 磨课 round."""
        return [c for c in self.cycles if c.rounds]


def round_rows(ctx: ProgramContext) -> list[ProgramRecord]:
    return ctx.records.program_records(ctx.program_id, ROUNDS.name)


def role_of(row: ProgramRecord) -> str:
    return str(row.values.get("role") or "").strip() or LEAD


def select_participants(ctx: ProgramContext) -> list[Teacher]:
    """The settings' participants (工号), every teacher of ``subjects`` and those the ``cohort``
    rules select (at the term's end unless they say otherwise); everyone when none is set."""
    s: MoMoWuSettings = ctx.settings
    teachers = ctx.records.teachers()
    if s.selects_all:
        return teachers
    named = set(s.participants)
    return [t for t in teachers
            if t.id in named or (s.subjects and t.subject in s.subjects)
            or (not s.cohort.empty and s.cohort.check(t, ctx.term.end).passed)]


@attrs.define
class _Draft:
    teacher_id: str
    lesson: str
    models: list[Evidence] = attrs.Factory(list)
    rounds: list[Round] = attrs.Factory(list)
    reflections: list[Evidence] = attrs.Factory(list)

    @property
    def started(self) -> dt.date:
        return min([*(e.date for e in self.models), *(r.date for r in self.rounds)],
                   default=dt.date.max)


class _Drafts:
    """The cycles being gathered, per teacher in the order their 课例 appear."""

    def __init__(self) -> None:
        self.by_teacher: dict[str, list[_Draft]] = {}
        self.unplaced: list[Unplaced] = []

    def get(self, teacher_id: str, lesson: str) -> _Draft:
        own = self.by_teacher.setdefault(teacher_id, [])
        for d in own:
            if d.lesson == lesson:
                return d
        d = _Draft(teacher_id, lesson)
        own.append(d)
        return d

    def place(self, teacher_id: str, title: str, stage: str, ev: Evidence,
              quiet: bool = False) -> _Draft | None:
        """The cycle a title belongs to (see the module's doc), ``None`` when none."""
        own = self.by_teacher.get(teacher_id, [])
        named = [d for d in own if d.lesson and d.lesson in title]
        if named:
            return max(named, key=lambda d: len(d.lesson))
        if stage == MODEL:  # a model lesson leads to the teacher's next own 课例
            later = [d for d in own if not d.models and d.rounds
                     and min(r.date for r in d.rounds) >= ev.date]
            if later:
                return min(later, key=lambda d: min(r.date for r in d.rounds))
        found = _BOOK.search(title)
        if stage != REFLECT and found and found.group(1).strip():
            return self.get(teacher_id, found.group(1).strip())
        begun = [d for d in own if d.started <= ev.date]
        if stage == POLISH and begun:  # the 课例 being polished at the time
            return max(begun, key=lambda d: d.started)
        waiting = [d for d in begun if not d.reflections]
        if stage == REFLECT and waiting:
            return min(waiting, key=lambda d: d.started)
        if not quiet:
            self.unplaced.append(Unplaced(teacher_id, stage, ev))
        return None


def _plan(s: MoMoWuSettings, models: list[Evidence], rounds: list[Round],
          reflections: list[Evidence], polished: dt.date | None) -> StagePlan:
    """Due dates: 磨课 ``days_for(磨课)`` after the 模课 (or the cycle's first evidence), 悟课
    ``days_for(悟课)`` after the 磨课 was reached (or was due)."""
    firsts = [e.date for e in (*models, *reflections)] + [r.date for r in rounds]
    anchor = min(e.date for e in models) if models else min(firsts)
    due: dict[str, dt.date] = {}
    if s.days_for(POLISH):
        due[POLISH] = anchor + dt.timedelta(days=s.days_for(POLISH))
    base = polished or due.get(POLISH)
    if s.days_for(REFLECT) and base is not None:
        due[REFLECT] = base + dt.timedelta(days=s.days_for(REFLECT))
    return StagePlan(STAGES, due)


def _cycle(d: _Draft, s: MoMoWuSettings, as_of: dt.date) -> Cycle | None:
    """The cycle as of ``as_of`` (its evidence up to that day; ``None`` before any)."""
    models = sorted((e for e in d.models if e.date <= as_of), key=lambda e: e.date)
    rounds = sorted((r for r in d.rounds if r.date <= as_of), key=lambda r: (r.date, r.number or 0))
    reflections = sorted((e for e in d.reflections if e.date <= as_of), key=lambda e: e.date)
    if not (models or rounds or reflections):
        return None
    reached: list[StageReached] = []
    if models:
        reached.append(StageReached(MODEL, models[0].date, models[0].ref))
    polished = rounds[s.min_rounds - 1].date if len(rounds) >= s.min_rounds else None
    if polished is not None:
        reached.append(StageReached(POLISH, polished, rounds[s.min_rounds - 1].ref))
    if reflections:
        reached.append(StageReached(REFLECT, reflections[0].date, reflections[0].ref))
    plan = _plan(s, models, rounds, reflections, polished)
    progress = StageProgress(f"{d.teacher_id}:{d.lesson}", tuple(reached))
    return Cycle(d.teacher_id, d.lesson, tuple(models), tuple(rounds), tuple(reflections), plan,
                 progress, current_stage(progress, plan, as_of), overdue(progress, plan, as_of),
                 s.min_rounds)


def _is_observer(role: str) -> bool:
    return not any(word in role for word in TEACHING_ROLES)


def compute(ctx: ProgramContext, today: dt.date | None = None) -> MoMoWuFigures:
    """The participants' cycles of the term, as of the report day."""
    s: MoMoWuSettings = ctx.settings
    as_of = report_date(ctx.term, s.as_of, today)
    people = select_participants(ctx)
    ids = {t.id for t in people}
    drafts = _Drafts()
    assists: dict[str, int] = {}
    rows = sorted(round_rows(ctx), key=lambda r: (r.values.get("date") or as_of, r.id))
    recorded: set[tuple[str, str, dt.date]] = set()
    for r in rows:
        tid = str(r.teacher_id or r.values.get("teacher_id") or "")
        day = r.values.get("date")
        if tid not in ids or not isinstance(day, dt.date):
            continue
        if role_of(r) == ASSIST:
            assists[tid] = assists.get(tid, 0) + (day <= as_of)
            continue
        lesson = lesson_name(r.values.get("lesson"))
        number = r.values.get("round")
        drafts.get(tid, lesson).rounds.append(Round(
            day, number if isinstance(number, int) else None,
            str(r.values.get("evidence") or ""), r.ref))
        recorded.add((tid, lesson, day))
    evidence: list[tuple[dt.date, str, str, str, Evidence, bool]] = []  # …, quiet
    activities = {a.id: a for a in ctx.records.activities(program=ctx.program_id)}
    for row in ctx.records.attendance(program=ctx.program_id):
        a = activities.get(row.activity_id)
        if (a is None or row.teacher_id not in ids or not row.status.attended
                or not _is_observer(row.role)):
            continue
        evidence.append((a.date, MODEL, row.teacher_id, a.title,
                         Evidence(a.date, f"activity:{a.id}", a.title), False))
    kinds = {**dict.fromkeys(s.model_kinds, MODEL), **dict.fromkeys(s.round_kinds, POLISH),
             **dict.fromkeys(s.reflection_kinds, REFLECT)}
    for art in stage_artifacts(ctx):
        if art.teacher_id in ids and art.kind in kinds:
            evidence.append((art.date, kinds[art.kind], art.teacher_id, art.title,
                             Evidence(art.date, f"artifact:{art.id}", f"{art.kind}：{art.title}"),
                             art.program is None))
    order = {stage: i for i, stage in enumerate(STAGES)}
    for day, stage, tid, title, ev, quiet in sorted(
            evidence, key=lambda e: (order[e[1]], e[0], e[4].ref)):
        draft = drafts.place(tid, title, stage, ev, quiet)
        if draft is None:
            continue
        if stage == MODEL:
            draft.models.append(ev)
        elif stage == REFLECT:
            draft.reflections.append(ev)
        elif (tid, draft.lesson, day) not in recorded:
            draft.rounds.append(Round(day, None, ev.title, ev.ref))
            recorded.add((tid, draft.lesson, day))
    participants = []
    cycles: list[Cycle] = []
    for t in people:
        found = [c for d in drafts.by_teacher.get(t.id, []) if (c := _cycle(d, s, as_of))]
        own = tuple(sorted(found, key=lambda c: (c.started, c.lesson)))
        cycles += own
        participants.append(Participant(t, own, assists.get(t.id, 0)))
    return MoMoWuFigures(as_of, tuple(participants), tuple(cycles), tuple(drafts.unplaced))


def stage_artifacts(ctx: ProgramContext) -> list[Artifact]:
    """The instance's artifacts and the school-wide ones (no 所属项目)."""
    return [*ctx.records.artifacts(program=ctx.program_id), *ctx.records.artifacts(program=None)]


def cycle_counts(cycles: Iterable[Cycle]) -> dict[int, int]:
    """Rounds -> cycles with that many 磨课 rounds."""
    out: dict[int, int] = {}
    for c in cycles:
        out[len(c.rounds)] = out.get(len(c.rounds), 0) + 1
    return dict(sorted(out.items()))
