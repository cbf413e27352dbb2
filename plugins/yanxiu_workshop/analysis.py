"""Figures of one workshop from its settings and records: people, meetings, outputs, goals.
The section, the findings and the indicators all read these, so they agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from yanxiu_core import (
    Activity,
    Artifact,
    IndicatorValue,
    PlannedSession,
    ProgramContext,
    Teacher,
    attendance_ratios,
    report_date,
)

from .settings import WorkshopSettings


def people_ids(s: WorkshopSettings) -> list[str]:
    """The host first, then the members in their order, each once."""
    return list(dict.fromkeys([s.host, *s.members]))


@attrs.frozen
class Person:
    """A host or member: meetings expected and attended, the attendance indicator value, and
    outputs (output kind -> count)."""

    id: str
    teacher: Teacher | None
    is_host: bool
    expected: int
    attended: int
    attendance: IndicatorValue
    outputs: dict[str, int] = attrs.field(hash=False)

    @property
    def name(self) -> str:
        return self.teacher.name if self.teacher else self.id

    @property
    def total_outputs(self) -> int:
        return sum(self.outputs.values())


@attrs.frozen
class GoalFigures:
    kind: str
    goal: int | None
    done: int

    @property
    def met(self) -> bool:
        return self.goal is None or self.done >= self.goal


@attrs.frozen
class MeetingFigures:
    activity: Activity
    expected: int
    attended: int


@attrs.frozen
class WorkshopFigures:
    as_of: dt.date
    planned: tuple[PlannedSession, ...]
    people: tuple[Person, ...]
    meetings: tuple[MeetingFigures, ...]
    goals: tuple[GoalFigures, ...]
    output_artifacts: tuple[Artifact, ...]  # the artifacts counted, by people only

    @property
    def due(self) -> int:
        return sum(1 for p in self.planned if p.date <= self.as_of)

    @property
    def expected(self) -> int:
        return sum(m.expected for m in self.meetings)

    @property
    def attended(self) -> int:
        return sum(m.attended for m in self.meetings)

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None

    @property
    def unmet(self) -> list[GoalFigures]:
        return [g for g in self.goals if not g.met]


def output_kind(artifact: Artifact, s: WorkshopSettings) -> str | None:
    """The output category of an artifact (its 类型, or what ``aliases`` maps it to), or
    ``None`` when it is not an output (a 学习笔记 handed in to the workshop, say)."""
    kind = s.aliases.get(artifact.kind, artifact.kind)
    return kind if kind in s.outputs else None


def meetings_of(ctx: ProgramContext) -> list[Activity]:
    """The workshop's activities whose 类型 is one of the meeting kinds."""
    s: WorkshopSettings = ctx.settings
    return [a for a in ctx.records.activities(program=ctx.program_id) if a.kind in s.meeting_kinds]


def compute(ctx: ProgramContext, planned: Sequence[PlannedSession],
            today: dt.date | None = None) -> WorkshopFigures:
    """All figures of the workshop for ``ctx``'s term."""
    s: WorkshopSettings = ctx.settings
    ids = people_ids(s)
    roster = {t.id: t for t in ctx.records.teachers()}
    meetings = meetings_of(ctx)
    meeting_ids = {m.id for m in meetings}
    rows = [r for r in ctx.records.attendance(program=ctx.program_id)
            if r.teacher_id in ids and r.activity_id in meeting_ids]
    ratios = attendance_ratios(meetings, rows, ids)
    counted = [a for a in ctx.records.artifacts(program=ctx.program_id)
               if a.teacher_id in ids and output_kind(a, s) is not None]
    people = []
    for tid in ids:
        outs = dict.fromkeys(s.outputs, 0)
        for a in counted:
            if a.teacher_id == tid:
                outs[str(output_kind(a, s))] += 1
        attended = sum(1 for r in rows if r.teacher_id == tid and r.status.attended)
        people.append(Person(tid, roster.get(tid), tid == s.host, len(meetings), attended,
                             ratios[tid], outs))
    meeting_figures = []
    for m in meetings:
        own = [r for r in rows if r.activity_id == m.id]
        meeting_figures.append(MeetingFigures(m, len(ids),
                                              sum(1 for r in own if r.status.attended)))
    goals = tuple(GoalFigures(k, s.goals.get(k), sum(p.outputs[k] for p in people))
                  for k in s.outputs)
    return WorkshopFigures(as_of=report_date(ctx.term, s.as_of, today), planned=tuple(planned),
                           people=tuple(people), meetings=tuple(meeting_figures), goals=goals,
                           output_artifacts=tuple(counted))
