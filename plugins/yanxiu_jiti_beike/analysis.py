"""Figures of 集体备课 from its settings and records: the 组 and their members, planned and held
sessions, the 四定 of each session, attendance, 三步走 per teacher and the 蹲点 leaders. The
plan, section, findings, indicators, figures and members all read these, so they agree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs

from yanxiu_core import (
    Activity,
    Attendance,
    Cadence,
    IndicatorValue,
    PlannedSession,
    ProgramContext,
    Teacher,
    attendance_ratios,
    report_date,
)

from .settings import HEAD_ROLES, PLATFORM, JitiBeikeSettings

FOUR = ("定时间", "定地点", "定内容", "定主讲人")
GENERIC_WORDS = ("集体备课", "教研活动", "备课", "教研", "活动", "研讨")
"""Words a title may hold that say nothing about the content (定内容 needs more than these)."""


@attrs.frozen
class Group:
    """A 教研组 (from the roster's 教研组 column) or a 备课组 (from ``prep_groups``)."""

    name: str
    kind: str  # 教研组 / 备课组
    members: tuple[Teacher, ...]
    head: Teacher | None
    leader: Teacher | None  # 蹲点领导
    cadence: Cadence

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.members)


def _missing_four(a: Activity, group: str) -> tuple[str, ...]:
    """Which of the 四定 a held session lacks."""
    missing = []
    if a.start.time() == dt.time(0, 0) and a.end is None:
        missing.append("定时间")
    if not a.place.strip():
        missing.append("定地点")
    rest = a.title.replace(group, "") if group else a.title
    for word in GENERIC_WORDS:
        rest = rest.replace(word, "")
    rest = "".join(ch for ch in rest if ch.isalnum())
    if not a.content.strip() and len(rest) < 2:
        missing.append("定内容")
    if not a.speaker.strip():
        missing.append("定主讲人")
    return tuple(missing)


@attrs.frozen
class Session:
    """A held session of one 组: the activity, the 四定 it lacks, its members' attendance."""

    activity: Activity
    group: str
    missing: tuple[str, ...]
    expected: int
    attended: int

    @property
    def complete(self) -> bool:
        return not self.missing


@attrs.frozen
class StepStatus:
    """One member's 三步走: on the platform (young) or the three steps (older).

    ``done`` counts platform units, or units with every step; ``partial`` units with some steps
    only; ``evidence`` the records behind it."""

    teacher: Teacher
    platform: bool
    reason: str  # the eligibility reason (年龄 29 岁)
    done: int
    needed: int
    partial: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return min(self.done, self.needed) / self.needed if self.needed else 1.0

    @property
    def met(self) -> bool:
        return self.done >= self.needed


@attrs.frozen
class GroupFigures:
    group: Group
    planned: tuple[PlannedSession, ...]
    due: int  # planned up to as_of
    sessions: tuple[Session, ...]
    leader_attended: int  # sessions the 蹲点 leader attended

    @property
    def complete(self) -> int:
        return sum(1 for s in self.sessions if s.complete)

    @property
    def expected(self) -> int:
        return sum(s.expected for s in self.sessions)

    @property
    def attended(self) -> int:
        return sum(s.attended for s in self.sessions)


@attrs.frozen
class Figures:
    as_of: dt.date
    groups: tuple[GroupFigures, ...]
    unassigned: tuple[Activity, ...]  # sessions naming no 组
    attendance: dict[str, IndicatorValue] = attrs.field(hash=False)  # member id -> value
    steps: tuple[StepStatus, ...] = ()

    @property
    def sessions(self) -> list[Session]:
        return [s for g in self.groups for s in g.sessions]

    @property
    def four_share(self) -> float | None:
        held = self.sessions
        return sum(1 for s in held if s.complete) / len(held) if held else None

    @property
    def expected(self) -> int:
        return sum(g.expected for g in self.groups)

    @property
    def attended(self) -> int:
        return sum(g.attended for g in self.groups)

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None

    def steps_of(self, platform: bool) -> list[StepStatus]:
        return [s for s in self.steps if s.platform == platform]


def _head(name: str, kind: str, members: tuple[Teacher, ...], s: JitiBeikeSettings,
          roster: dict[str, Teacher]) -> Teacher | None:
    if name in s.heads:
        return roster.get(s.heads[name])
    return next((t for t in members if any(t.has_role(r) for r in HEAD_ROLES[kind])), None)


def groups_of(ctx: ProgramContext) -> list[Group]:
    """The 教研组 (``groups``, or every 教研组 on the roster, in roster order), then the
    备课组 of ``prep_groups``; ids not on the roster are left out (``yanxiu check`` names them)."""
    s: JitiBeikeSettings = ctx.settings
    teachers = ctx.records.teachers()
    roster = {t.id: t for t in teachers}
    names = list(s.groups) or list(dict.fromkeys(t.group for t in teachers if t.group))
    out = []
    for name in names:
        members = tuple(t for t in teachers if t.group == name)
        out.append(Group(name, "教研组", members, _head(name, "教研组", members, s, roster),
                         roster.get(s.sitting_leaders.get(name, "")), s.cadence_of(name)))
    for name, ids in s.prep_groups.items():
        members = tuple(roster[i] for i in dict.fromkeys(ids) if i in roster)
        out.append(Group(name, "备课组", members, _head(name, "备课组", members, s, roster),
                         roster.get(s.sitting_leaders.get(name, "")), s.cadence_of(name)))
    return out


def planned_dates(ctx: ProgramContext, cadence: Cadence) -> list[dt.date]:
    """A 组's dates in the term on its cadence (the core's), skipping ``skip``, ``skip_ranges``
    and the holidays."""
    s: JitiBeikeSettings = ctx.settings
    return cadence.dates_in(ctx.term, skip=s.skip, skip_ranges=s.skip_ranges,
                            holidays=ctx.holidays)


def plan_group(ctx: ProgramContext, group: Group) -> list[PlannedSession]:
    c = group.cadence
    note = f"蹲点领导：{group.leader.name}" if group.leader else ""
    return [PlannedSession(date=day, title=f"{group.name}集体备课", program=ctx.program_id,
                           start=c.start, end=c.end, kind="集体备课", place=c.place, note=note)
            for day in planned_dates(ctx, c)]


def group_named(a: Activity, names: list[str]) -> str | None:
    """The 组 a session belongs to: the 负责人/组织者 cell naming a 组 (exactly, else
    containing its name), else the 组 named in the 主题; the longest name wins."""
    by_length = sorted(names, key=len, reverse=True)
    leader = a.leader.strip()
    if leader in names:
        return leader
    for text in (leader, a.title):
        found = next((n for n in by_length if n in text), None)
        if found is not None:
            return found
    return None


def sessions_of(ctx: ProgramContext) -> list[Activity]:
    s: JitiBeikeSettings = ctx.settings
    return [a for a in ctx.records.activities(program=ctx.program_id)
            if not s.session_kinds or a.kind in s.session_kinds]


def _step_statuses(ctx: ProgramContext, members: list[Teacher]) -> list[StepStatus]:
    s: JitiBeikeSettings = ctx.settings
    platform: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for r in ctx.records.program_records(ctx.program_id, PLATFORM.name):
        if r.teacher_id:
            platform[r.teacher_id][str(r.values.get("unit", ""))].append(r.id)
    steps: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for kind in s.steps:
        for art in ctx.records.artifacts(kind=kind):
            steps[art.teacher_id][art.title][kind] = art.id
    out = []
    for t in members:
        checked = s.platform.check(t, ctx.term.end)
        if checked.passed:
            units = platform.get(t.id, {})
            evidence = tuple(f"{ctx.program_id}.{PLATFORM.name}:{i}"
                             for ids in units.values() for i in ids)
            out.append(StepStatus(t, True, checked.reason, len(units), s.units, (), evidence))
            continue
        own = steps.get(t.id, {})
        done = [u for u, kinds in own.items() if len(kinds) == len(s.steps)]
        partial = tuple(u for u, kinds in own.items() if len(kinds) < len(s.steps))
        evidence = tuple(f"artifact:{i}" for kinds in own.values() for i in kinds.values())
        out.append(StepStatus(t, False, checked.reason, len(done), s.units, partial, evidence))
    return out


def compute(ctx: ProgramContext, today: dt.date | None = None) -> Figures:
    """All figures of the program for ``ctx``'s term."""
    s: JitiBeikeSettings = ctx.settings
    as_of = report_date(ctx.term, s.as_of, today)
    groups = groups_of(ctx)
    names = [g.name for g in groups]
    by_group: dict[str, list[Activity]] = defaultdict(list)
    unassigned = []
    for a in sessions_of(ctx):
        name = group_named(a, names)
        if name is None:
            unassigned.append(a)
        else:
            by_group[name].append(a)
    rows: dict[str, list[Attendance]] = defaultdict(list)
    for row in ctx.records.attendance(program=ctx.program_id):
        rows[row.activity_id].append(row)
    out = []
    for g in groups:
        ids = set(g.member_ids)
        sessions = []
        leader_attended = 0
        for a in by_group.get(g.name, []):
            own = rows.get(a.id, [])
            attended = sum(1 for r in own if r.teacher_id in ids and r.status.attended)
            sessions.append(Session(a, g.name, _missing_four(a, g.name), len(ids), attended))
            if g.leader and any(r.teacher_id == g.leader.id and r.status.attended for r in own):
                leader_attended += 1
        planned = plan_group(ctx, g)
        out.append(GroupFigures(g, tuple(planned), sum(1 for p in planned if p.date <= as_of),
                                tuple(sessions), leader_attended))
    members = list({t.id: t for g in groups for t in g.members}.values())
    attendance: dict[str, IndicatorValue] = {}
    for t in members:
        own_sessions = [a for g in groups if t in g.members for a in by_group.get(g.name, [])]
        own_rows = [r for a in own_sessions for r in rows.get(a.id, []) if r.teacher_id == t.id]
        attendance.update(attendance_ratios(own_sessions, own_rows, [t.id]))
    return Figures(as_of, tuple(out), tuple(unassigned), attendance,
                   tuple(_step_statuses(ctx, members)))
