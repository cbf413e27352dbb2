"""Figures of a school's 课题 from the records: each 课题 with its stages (the core's staged
work), its people and its outputs. The section, the findings, the indicators, the figures and the
members all read these, so they agree."""

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
    normalize_level,
    overdue_stages,
    report_date,
)

from .settings import PROJECTS, STAGES, ResearchSettings

LEADER = "主持人"
MEMBER = "成员"
_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def split_ids(text: object) -> tuple[str, ...]:
    """The 工号 of a 成员 cell (``C002、C003``; commas, semicolons, slashes or spaces too)."""
    if not isinstance(text, str):
        return ()
    return tuple(part for part in _SEPARATORS.split(text.strip()) if part)


def level_of(text: str, s: ResearchSettings) -> str:
    """The level as the settings name it: ``区级`` → ``区县级`` when that is a setting's level;
    otherwise the text as written (``validate`` reports it)."""
    word = text.strip()
    if word in s.levels:
        return word
    normal = normalize_level(word)
    return normal if normal and normal in s.levels else word


@attrs.frozen
class Project:
    """One 课题 with its plan (due dates from its 立项 date and the settings' stages, its own
    planned conclusion winning), what it has reached, and — as of the report day — its stage,
    conclusion date, overdue stages and outputs."""

    record_id: int
    id: str
    title: str
    level: str
    category: str
    leader: str
    members: tuple[str, ...]  # without the leader, each once
    start: dt.date | None
    rating: str
    plan: StagePlan
    progress: StageProgress
    stage: str | None
    concluded: dt.date | None
    overdue: tuple[Overdue, ...]
    outputs: tuple[Artifact, ...] = ()

    @property
    def people(self) -> tuple[str, ...]:
        return (self.leader, *self.members)

    def active_in(self, start: dt.date, end: dt.date) -> bool:
        """Under way at some day of ``start``–``end``: started by its end (or undated) and not
        concluded before its start."""
        begun = self.start is None or self.start <= end
        return begun and (self.concluded is None or self.concluded >= start)


@attrs.frozen
class Participant:
    """A teacher of the term's 课题: the 课题 they lead and those they are a member of, and their
    outputs (output kind -> count)."""

    id: str
    teacher: Teacher | None
    leads: tuple[Project, ...]
    joins: tuple[Project, ...]
    outputs: dict[str, int] = attrs.field(hash=False)
    artifacts: tuple[Artifact, ...] = ()

    @property
    def name(self) -> str:
        return self.teacher.name if self.teacher else self.id

    @property
    def role(self) -> str:
        return LEADER if self.leads else MEMBER

    @property
    def total(self) -> int:
        return sum(self.outputs.values())

    @property
    def projects(self) -> tuple[Project, ...]:
        return (*self.leads, *self.joins)


@attrs.frozen
class ResearchFigures:
    as_of: dt.date
    projects: tuple[Project, ...]  # the term's: under way in it or concluded in it
    participants: tuple[Participant, ...]
    outputs: tuple[Artifact, ...]  # counted outputs of the term, by participants only

    def concluded_in(self, start: dt.date, end: dt.date) -> list[Project]:
        return [p for p in self.projects if p.concluded is not None and start <= p.concluded <= end]

    @property
    def overdue(self) -> list[Project]:
        return [p for p in self.projects if p.overdue]

    def with_outputs(self, need: int) -> list[Participant]:
        return [p for p in self.participants if p.total >= need]


def project_rows(ctx: ProgramContext) -> list[ProgramRecord]:
    return ctx.records.program_records(ctx.program_id, PROJECTS.name)


def stage_rows(ctx: ProgramContext) -> list[ProgramRecord]:
    return ctx.records.program_records(ctx.program_id, STAGES.name)


def _progress(record: ProgramRecord, rows: Iterable[ProgramRecord],
              s: ResearchSettings) -> StageProgress:
    """The stages a 课题 reached: its stage rows, and the first stage on its 立项 date when no
    row says otherwise."""
    pid = str(record.values.get("id") or "")
    reached = [StageReached(str(r.values.get("stage") or ""), r.values["reached"],
                            str(r.values.get("evidence") or ""))
               for r in rows
               if str(r.values.get("project") or "") == pid
               and isinstance(r.values.get("reached"), dt.date)]
    start = record.values.get("start")
    first = s.stage_names[0]
    if isinstance(start, dt.date) and not any(r.stage == first for r in reached):
        reached.insert(0, StageReached(first, start))
    return StageProgress(pid, tuple(reached))


def read_projects(ctx: ProgramContext, as_of: dt.date) -> list[Project]:
    """Every imported 课题 (of any term), as of ``as_of``, by id."""
    s: ResearchSettings = ctx.settings
    stages = stage_rows(ctx)
    out = []
    for rec in project_rows(ctx):
        v = rec.values
        leader = str(rec.teacher_id or v.get("teacher_id") or "")
        members = tuple(m for m in dict.fromkeys(split_ids(v.get("members"))) if m != leader)
        start = v.get("start") if isinstance(v.get("start"), dt.date) else None
        planned_end = v.get("planned_end")
        own = {s.stage_names[-1]: planned_end} if isinstance(planned_end, dt.date) else {}
        plan = StagePlan.from_specs(s.stages, start, own)
        progress = _progress(rec, stages, s)
        stage = current_stage(progress, plan, as_of)
        out.append(Project(
            record_id=rec.id, id=str(v.get("id") or ""), title=str(v.get("title") or ""),
            level=level_of(str(v.get("level") or ""), s), category=str(v.get("category") or ""),
            leader=leader, members=members, start=start, rating=str(v.get("rating") or "").strip(),
            plan=plan, progress=progress, stage=stage,
            concluded=progress.date_of(plan.last, as_of) if stage == plan.last else None,
            overdue=tuple(overdue_stages(progress, plan, as_of))))
    return sorted(out, key=lambda p: p.id)


def _mentions(artifact: Artifact, project: Project) -> bool:
    if project.title and project.title in artifact.title:
        return True
    return bool(re.search(rf"(?<![0-9A-Za-z]){re.escape(project.id)}(?![0-9A-Za-z])",
                          artifact.title))


def project_of(artifact: Artifact, projects: Iterable[Project]) -> Project | None:
    """The 课题 an output belongs to: of the author's 课题 (those led first), the one its title
    names (by title or id), else the first."""
    own = [p for p in projects if p.leader == artifact.teacher_id]
    own += [p for p in projects if artifact.teacher_id in p.members]
    return next((p for p in own if _mentions(artifact, p)), own[0] if own else None)


def compute(ctx: ProgramContext, today: dt.date | None = None) -> ResearchFigures:
    """The term's 课题, their participants and outputs, as of the report day."""
    s: ResearchSettings = ctx.settings
    as_of = report_date(ctx.term, s.as_of, today)
    projects = [p for p in read_projects(ctx, as_of) if p.active_in(ctx.term.start, ctx.term.end)]
    people = list(dict.fromkeys(tid for p in projects for tid in p.people))
    counted = [a for a in ctx.records.artifacts(program=ctx.program_id)
               if a.kind in s.outputs and a.teacher_id in people]
    by_project: dict[str, list[Artifact]] = {}
    for a in counted:
        found = project_of(a, projects)
        if found is not None:
            by_project.setdefault(found.id, []).append(a)
    projects = [attrs.evolve(p, outputs=tuple(by_project.get(p.id, ()))) for p in projects]
    roster = {t.id: t for t in ctx.records.teachers()}
    participants = []
    for tid in people:
        own = [a for a in counted if a.teacher_id == tid]
        outputs = {k: sum(1 for a in own if a.kind == k) for k in s.outputs}
        participants.append(Participant(
            tid, roster.get(tid), tuple(p for p in projects if p.leader == tid),
            tuple(p for p in projects if tid in p.members), outputs, tuple(own)))
    return ResearchFigures(as_of=as_of, projects=tuple(projects),
                           participants=tuple(participants), outputs=tuple(counted))
