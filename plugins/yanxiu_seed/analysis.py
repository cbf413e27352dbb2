"""Selection rules and each seed teacher's ledger, milestones and awards, from the records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import attrs

from yanxiu_core import (
    LEVELS,
    AtLeast,
    Award,
    MaxAge,
    ProgramContext,
    ProgramRecord,
    Teacher,
    check_eligibility,
    met_share,
)

from .settings import APPLICATIONS, RESOURCES, SeedSettings


@attrs.frozen
class Candidate:
    """One teacher against the selection rules: passed or not, a reason per rule, and whether
    the school has already confirmed them in the cohort."""

    teacher: Teacher
    passed: bool
    reasons: tuple[str, ...]
    in_cohort: bool = False


def candidates(ctx: ProgramContext) -> list[Candidate]:
    """Every teacher against the rules: age and previous grade (the core's eligibility rules),
    an application handed in."""
    s: SeedSettings = ctx.settings
    applications = {r.teacher_id: r for r in
                    ctx.records.program_records(ctx.program_id, APPLICATIONS.name)}
    applied = {a.teacher_id for a in ctx.records.artifacts(kind=s.application_kind)}

    def previous_grade(t: Teacher) -> str:
        app = applications.get(t.id)
        return str(app.values.get("previous_grade", "")) if app else ""

    rules = (MaxAge(s.max_age),
             AtLeast("上年度考核", s.grade_order, s.min_previous_grade, previous_grade,
                     missing="无上年度考核等级", key="previous_grade"))
    cohort = set(s.cohort)
    out = []
    for t in ctx.records.teachers():
        checked = check_eligibility(t, rules, ctx.term.end)
        reasons, ok = list(checked.reasons), checked.passed
        if t.id not in applications and t.id not in applied:
            ok = False
            reasons.append("未提交申请")
        else:
            reasons.append("已提交申请")
        out.append(Candidate(t, ok, tuple(reasons), in_cohort=t.id in cohort))
    return out


@attrs.frozen
class SeedFigures:
    """One cohort member's ledger entries, awards and milestones (name, done, needed)."""

    teacher_id: str
    teacher: Teacher | None
    resources: tuple[ProgramRecord, ...]
    awards: tuple[Award, ...]  # the core ledger's, of this program instance
    milestones: tuple[tuple[str, int, int], ...]  # (name, done, needed)
    artifact_ids: tuple[int, ...]

    def count(self, kind: str) -> int:
        return sum(1 for r in self.resources if r.values.get("type") == kind)

    @property
    def funding(self) -> float:
        return sum(float(r.values.get("amount") or 0) for r in self.resources
                   if r.values.get("type") == "经费")

    @property
    def milestone_share(self) -> float:
        return met_share((d, n) for _, d, n in self.milestones)

    def resource_progress(self, targets: Mapping[str, int]) -> list[tuple[str, int, int]]:
        """(type, entries used, entries expected) for each ledger type with a target."""
        return [(kind, self.count(kind), need) for kind, need in targets.items()]

    def award_points(self, weights: Mapping[str, float]) -> float:
        """Points of the teacher's awards by level (a level without a weight counts 0)."""
        return sum(weights.get(a.level, 0.0) for a in self.awards)


def compute(ctx: ProgramContext) -> list[SeedFigures]:
    """One entry per cohort member, in cohort order. Awards are the core ledger's whose
    所属项目 is this instance (``yanxiu import awards``)."""
    s: SeedSettings = ctx.settings
    teachers = {t.id: t for t in ctx.records.teachers()}
    resources = ctx.records.program_records(ctx.program_id, RESOURCES.name)
    awards = ctx.records.awards(program=ctx.program_id)
    artifacts = ctx.records.artifacts()
    out = []
    for tid in s.cohort:
        own_res = tuple(r for r in resources if r.teacher_id == tid)
        own_art = [a for a in artifacts if a.teacher_id == tid]
        kinds = Counter(a.kind for a in own_art)
        types = Counter(str(r.values.get("type")) for r in own_res)
        milestones = tuple(
            (m.name, kinds[m.artifact_kind] if m.artifact_kind else types[m.resource_type],
             m.count)
            for m in s.milestones)
        out.append(SeedFigures(
            teacher_id=tid, teacher=teachers.get(tid), resources=own_res,
            awards=tuple(a for a in awards if a.teacher_id == tid), milestones=milestones,
            artifact_ids=tuple(a.id for a in own_art
                               if a.kind in {m.artifact_kind for m in s.milestones}),
        ))
    return out


def awards_by_level(figures: list[SeedFigures]) -> list[tuple[str, int]]:
    """(level, awards) for every level, highest first. 市级 and 州级 are one tier and a school
    writes one of them, so 州级 is listed only when an award has it."""
    counts = Counter(a.level for f in figures for a in f.awards)
    return [(level, counts[level]) for level in LEVELS if level != "州级" or counts[level]]
