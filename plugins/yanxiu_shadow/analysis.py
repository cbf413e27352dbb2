"""Counting each pair's obligations from attendance roles, artifacts and assessments."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs

from yanxiu_core import (
    Activity,
    Artifact,
    ProgramContext,
    RecordField,
    RecordKind,
    Teacher,
    met_share,
)

from .settings import Pair, ShadowSettings

PAIRS_KIND = RecordKind(
    name="pairs",
    title="师徒结对名单",
    fields=(
        RecordField("mentor", ("导师工号", "师傅工号", "导师", "mentor"), required=True),
        RecordField("mentee", ("徒弟工号", "学员工号", "徒弟", "mentee"), required=True),
        RecordField("date", ("结对日期", "日期", "date"), type="date"),
    ),
    key=("mentor", "mentee"),
)


@attrs.frozen
class Obligation:
    """One counted obligation: what was done against what is required, with the record ids."""

    title: str
    done: int
    need: int
    evidence: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return met_share([(self.done, self.need)])

    @property
    def met(self) -> bool:
        return self.done >= self.need


@attrs.frozen
class PairFigures:
    """One pair's counted obligations, 汇报课 score (percent) and first/last paired lesson."""

    pair: Pair
    mentor: Teacher | None
    mentee: Teacher | None
    mentee_duties: tuple[Obligation, ...]
    mentor_duties: tuple[Obligation, ...]
    report_lesson: float | None  # percent of the 汇报课, if scored
    first: dt.date | None
    last: dt.date | None

    @property
    def mentee_share(self) -> float:
        return met_share((o.done, o.need) for o in self.mentee_duties)

    @property
    def mentor_share(self) -> float:
        return met_share((o.done, o.need) for o in self.mentor_duties)

    @property
    def complete(self) -> bool:
        return all(o.met for o in (*self.mentee_duties, *self.mentor_duties))


def all_pairs(ctx: ProgramContext) -> list[Pair]:
    """Pairs from the config, then imported ones not already listed."""
    settings: ShadowSettings = ctx.settings
    pairs = list(settings.pairs)
    for rec in ctx.records.program_records(ctx.program_id, PAIRS_KIND.name):
        pair = Pair(str(rec.values["mentor"]), str(rec.values["mentee"]))
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def _lessons(ctx: ProgramContext) -> dict[str, tuple[Activity, dict[str, set[str]]]]:
    """Activity id -> (activity, role -> teacher ids who attended in that role)."""
    acts = {a.id: a for a in ctx.records.activities(program=ctx.program_id)}
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in ctx.records.attendance(program=ctx.program_id):
        if row.status.attended:
            roles[row.activity_id][row.role].add(row.teacher_id)
    return {aid: (act, roles[aid]) for aid, act in acts.items()}


def _paired_lessons(pair: Pair, lessons: dict[str, tuple[Activity, dict[str, set[str]]]],
                    settings: ShadowSettings) -> tuple[list[str], list[str], list[dt.date]]:
    """Ids of the lessons the mentee taught with the mentor observing, of those the mentor taught
    with the mentee observing, and the dates of both."""
    taught: list[str] = []
    watched: list[str] = []
    dates: list[dt.date] = []
    for aid, (act, by_role) in lessons.items():
        teaching = by_role.get(settings.teach_role, set())
        observing = by_role.get(settings.observe_role, set())
        if pair.mentee in teaching and pair.mentor in observing:
            taught.append(aid)
        elif pair.mentor in teaching and pair.mentee in observing:
            watched.append(aid)
        else:
            continue
        dates.append(act.date)
    return taught, watched, dates


def _assign_feedback(pairs: list[Pair], taught: dict[Pair, int], feedback: dict[str, list[Artifact]],
                     teachers: dict[str, Teacher]) -> dict[Pair, list[int]]:
    """Share each mentor's feedback records among their mentees.

    Feedback only counts for lessons the mentor observed, so a pair gets at most as many records
    as the mentee taught. A record whose title names a mentee (工号 or name) is that mentee's;
    the others fill the mentor's pairs in order. Without this a mentor with two mentees would
    have every record counted twice.
    """
    out: dict[Pair, list[int]] = {p: [] for p in pairs}
    by_mentor: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_mentor[p.mentor].append(p)
    for mentor, own in by_mentor.items():
        pool: list[int] = []
        for art in feedback.get(mentor, []):
            named = [p for p in own if p.mentee in art.title or (
                p.mentee in teachers and teachers[p.mentee].name in art.title)]
            if len(named) != 1:
                pool.append(art.id)
            elif len(out[named[0]]) < taught[named[0]]:
                out[named[0]].append(art.id)
        for p in own:
            room = max(0, taught[p] - len(out[p]))
            out[p].extend(pool[:room])
            pool = pool[room:]
    return out


def compute(ctx: ProgramContext) -> list[PairFigures]:
    """Every pair's obligations, 汇报课 score and the span of its paired lessons."""
    settings: ShadowSettings = ctx.settings
    teachers = {t.id: t for t in ctx.records.teachers()}
    lessons = _lessons(ctx)
    artifacts: dict[tuple[str, str], list[Artifact]] = defaultdict(list)
    for art in ctx.records.artifacts(program=ctx.program_id):
        artifacts[(art.teacher_id, art.kind)].append(art)
    scores = {a.teacher_id: a.percent for a in ctx.records.assessments(program=ctx.program_id)
              if settings.report_lesson in a.name}
    pairs = all_pairs(ctx)
    paired = {p: _paired_lessons(p, lessons, settings) for p in pairs}
    feedback = _assign_feedback(
        pairs, {p: len(paired[p][0]) for p in pairs},
        {p.mentor: artifacts.get((p.mentor, settings.feedback_kind), []) for p in pairs},
        teachers)
    result = []
    for pair in pairs:
        taught, watched, dates = paired[pair]
        plans = [a.id for a in artifacts.get((pair.mentee, settings.lesson_plan_kind), [])]
        notes = [a.id for a in artifacts.get((pair.mentee, settings.observation_kind), [])]
        mentee_duties = (
            Obligation("教案", len(plans), settings.lesson_plans,
                       tuple(f"artifact:{i}" for i in plans)),
            Obligation("上课", len(taught), settings.taught_lessons,
                       tuple(f"activity:{a}" for a in taught)),
            Obligation("听课", min(len(watched), len(notes)), settings.observed_lessons,
                       tuple(f"activity:{a}" for a in watched) + tuple(f"artifact:{i}" for i in notes)),
        )
        mentor_duties = (
            Obligation("听徒弟课", len(taught), settings.taught_lessons,
                       tuple(f"activity:{a}" for a in taught)),
            Obligation("评课反馈", len(feedback[pair]), settings.taught_lessons,
                       tuple(f"artifact:{i}" for i in feedback[pair])),
        )
        result.append(PairFigures(
            pair=pair, mentor=teachers.get(pair.mentor), mentee=teachers.get(pair.mentee),
            mentee_duties=mentee_duties, mentor_duties=mentor_duties,
            report_lesson=scores.get(pair.mentee),
            first=min(dates) if dates else None, last=max(dates) if dates else None,
        ))
    return result


def stopped(figures: list[PairFigures], span_end: dt.date | None, weeks: int) -> list[PairFigures]:
    """Pairs whose paired lessons stopped: they had some, but none in the last ``weeks`` weeks
    before ``span_end`` (the last day with any activity of the school in the term)."""
    if span_end is None:
        return []
    cutoff = span_end - dt.timedelta(weeks=weeks)
    return [f for f in figures if f.last is not None and f.last < cutoff]


def not_started(figures: list[PairFigures]) -> list[PairFigures]:
    """Pairs with no paired lesson at all in the term."""
    return [f for f in figures if f.last is None]
