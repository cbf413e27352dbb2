"""种子工程: selected young teachers get extra resources, platforms and funding — a fast track
whose ledger, milestones and awards are counted from the records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from yanxiu_core import (
    Figure,
    Finding,
    FindingKind,
    Indicator,
    IndicatorValue,
    KeyFigures,
    Membership,
    Problem,
    ProgramContext,
    ProgramType,
    Section,
    Table,
    met_share,
    text_blocks,
)

from .analysis import SeedFigures, awards_by_level, candidates, compute
from .settings import APPLICATIONS, RESOURCES, SeedSettings

MILESTONE_WEIGHT = 0.2
RESOURCE_WEIGHT = 0.1
AWARD_WEIGHT = 0.1
"""Default weights of the three cohort indicators (the district overrides them by key)."""


def _name(f: SeedFigures) -> str:
    return f.teacher.name if f.teacher else f.teacher_id


class SeedProgram(ProgramType[SeedSettings]):
    """The fast track for young teachers (``seed``)."""

    name: ClassVar[str] = "seed"
    title: ClassVar[str] = "种子工程"
    description: ClassVar[str] = (
        "遴选有潜力的青年教师为种子教师，提供经费、培训与展示平台，统计成长里程碑与获奖")
    Settings: ClassVar[type] = SeedSettings
    record_kinds = (RESOURCES, APPLICATIONS)  # awards: the core ledger (所属项目 = the instance)
    template_package: ClassVar[str | None] = __package__

    def validate(self, ctx: ProgramContext[SeedSettings]) -> Iterator[Problem]:
        s: SeedSettings = ctx.settings
        checked = {c.teacher.id: c for c in candidates(ctx)}
        for i, tid in enumerate(s.cohort):
            found = checked.get(tid)
            if found is not None and not found.passed:  # not on the roster: the core says so
                yield ctx.problem(f"{found.teacher.name}不符合遴选条件：{'；'.join(found.reasons)}",
                                  f"cohort[{i}]", tid, "符合遴选条件的教师（见 yanxiu seed candidates）")

    def indicators(self, ctx: ProgramContext[SeedSettings]) -> list[Indicator]:
        s: SeedSettings = ctx.settings
        weights = dict(s.award_weights)
        milestones: dict[str, IndicatorValue] = {}
        awards: dict[str, IndicatorValue] = {}
        resources: dict[str, IndicatorValue] = {}
        for f in compute(ctx):
            res_ids = tuple(f"{ctx.program_id}.resources:{r.id}" for r in f.resources)
            milestones[f.teacher_id] = IndicatorValue(
                f.milestone_share, evidence=res_ids + tuple(f"artifact:{i}" for i in f.artifact_ids),
                detail="；".join(f"{n} {d}/{c}" for n, d, c in f.milestones))
            used = f.resource_progress(s.resource_targets)
            resources[f.teacher_id] = IndicatorValue(
                met_share((d, n) for _, d, n in used), evidence=res_ids,
                detail="；".join(f"{k} {d}/{n}" for k, d, n in used))
            points = f.award_points(weights)
            awards[f.teacher_id] = IndicatorValue(
                min(1.0, points / s.award_target),
                evidence=tuple(f"award:{a.id}" for a in f.awards),
                detail=f"{points:g}/{s.award_target:g} 分")
        return [
            Indicator(f"{ctx.program_id}.milestones", f"{ctx.title}成长里程碑", MILESTONE_WEIGHT,
                      milestones),
            Indicator(f"{ctx.program_id}.resources", f"{ctx.title}资源使用", RESOURCE_WEIGHT,
                      resources),
            Indicator(f"{ctx.program_id}.awards", f"{ctx.title}获奖", AWARD_WEIGHT, awards),
        ]

    def basics(self, ctx: ProgramContext[SeedSettings]) -> list[KeyFigures]:
        """The cohort's size, among the key figures of 基本情况."""
        return [KeyFigures(((ctx.title, f"{len(compute(ctx))}人"),))]

    def section(self, ctx: ProgramContext[SeedSettings]) -> Section:
        s: SeedSettings = ctx.settings
        figures = compute(ctx)
        rows = []
        for f in figures:
            age = f.teacher.age(ctx.term.end) if f.teacher else None
            rows.append((_name(f), (f.teacher.subject if f.teacher else "") or "-",
                         "-" if age is None else str(age), f"{f.funding:.2f}", str(f.count("培训")),
                         str(f.count("平台")), str(len(f.awards)),
                         f"{100 * f.milestone_share:.1f}%"))
        cohort = Table(("种子教师", "学科", "年龄", "经费（元）", "培训", "平台", "获奖",
                        "里程碑完成度"), tuple(rows), caption="种子教师与资源投入")
        cohort = cohort.with_total(columns=("经费（元）", "培训", "平台", "获奖"))
        levels = Table(("获奖级别", "项数"), tuple((lv, str(n)) for lv, n in awards_by_level(figures)),
                       caption="种子教师获奖（按级别）").with_total(columns=("项数",))
        assert cohort.total is not None
        text = ctx.render("seed_section.md.j2", name=ctx.title, settings=s, cohort=len(figures),
                          funding=cohort.total[3], trainings=cohort.total[4],
                          platforms=cohort.total[5], awards=cohort.total[6],
                          by_level=[(lv, n) for lv, n in awards_by_level(figures) if n])
        key = KeyFigures((("种子教师", f"{len(figures)}人"), ("经费投入", f"{cohort.total[3]}元"),
                          ("展示平台", f"{cohort.total[5]}次"), ("获奖", f"{cohort.total[6]}项")))
        return Section(ctx.title, (*text_blocks(text), key, cohort, levels), key=ctx.program_id)

    def figures(self, ctx: ProgramContext[SeedSettings]) -> list[Figure]:
        """cohort, funding (yuan spent), trainings, platforms, awards (cohort awards of the
        term) and one ``awards_<level>`` per level that has any (``awards_市级``)."""
        cohort = compute(ctx)
        out = [Figure("cohort", "种子教师", len(cohort), "人"),
               Figure("funding", "经费投入", round(sum(f.funding for f in cohort), 2), "元"),
               Figure("trainings", "培训", sum(f.count("培训") for f in cohort), "次"),
               Figure("platforms", "展示平台", sum(f.count("平台") for f in cohort), "次"),
               Figure("awards", "获奖", sum(len(f.awards) for f in cohort), "项")]
        out += [Figure(f"awards_{level}", f"{level}获奖", n, "项")
                for level, n in awards_by_level(cohort) if n]
        return out

    def members(self, ctx: ProgramContext[SeedSettings]) -> list[Membership]:
        """Each cohort member as 种子教师, with their ledger and milestones in brief."""
        out = []
        for f in compute(ctx):
            steps = "，".join(f"{n} {d}/{c}" for n, d, c in f.milestones)
            detail = (f"经费 {f.funding:.2f} 元，培训 {f.count('培训')} 次，"
                      f"展示平台 {f.count('平台')} 次，获奖 {len(f.awards)} 项"
                      + (f"；里程碑：{steps}" if steps else ""))
            out.append(Membership(f.teacher_id, "种子教师", detail))
        return out

    def findings(self, ctx: ProgramContext[SeedSettings]) -> list[Finding]:
        s: SeedSettings = ctx.settings
        figures = compute(ctx)
        out = []
        no_platform = [_name(f) for f in figures if f.count("平台") == 0]
        if no_platform:
            out.append(ctx.finding(ctx.render("seed_findings.md.j2", case="no_platform",
                                              name=ctx.title, names=no_platform)))
        spent = sum(f.funding for f in figures)
        if s.budget_yuan and spent < s.budget_yuan:
            out.append(ctx.finding(ctx.render(
                "seed_findings.md.j2", case="unspent", name=ctx.title, budget=f"{s.budget_yuan:.2f}",
                spent=f"{spent:.2f}", left=f"{s.budget_yuan - spent:.2f}")))
        if out:
            out.append(ctx.finding(ctx.render("seed_findings.md.j2", case="next", name=ctx.title),
                                   FindingKind.NEXT_STEP))
        return out
