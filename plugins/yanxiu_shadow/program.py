"""影子行动 / 青蓝结对: backbone teachers paired with new teachers, who shadow the mentor's
lessons and are observed in turn; obligations are counted from the records."""

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
    text_blocks,
)

from .analysis import PAIRS_KIND, PairFigures, compute, not_started, stopped
from .rules import rule_problems
from .settings import ShadowSettings

WEIGHT = 0.2
"""Default weight of the obligations indicator in 过程性评价 (the district overrides it by key)."""


def _name(t: object, fallback: str) -> str:
    return getattr(t, "name", None) or fallback


def _fraction(done: int, need: int) -> str:
    return f"{done}/{need}"


class ShadowProgram(ProgramType[ShadowSettings]):
    """Mentoring pairs with per-term obligations (``shadow``)."""

    name: ClassVar[str] = "shadow"
    title: ClassVar[str] = "影子行动"
    description: ClassVar[str] = (
        "骨干教师与新教师结对（青蓝结对），按学期统计师徒双方的听课、上课、教案与评课任务")
    Settings: ClassVar[type] = ShadowSettings
    record_kinds = (PAIRS_KIND,)
    template_package: ClassVar[str | None] = __package__

    def validate(self, ctx: ProgramContext[ShadowSettings]) -> Iterator[Problem]:
        yield from rule_problems(ctx)

    def indicators(self, ctx: ProgramContext[ShadowSettings]) -> list[Indicator]:
        values: dict[str, IndicatorValue] = {}
        mentor_shares: dict[str, list[PairFigures]] = {}
        for fig in compute(ctx):
            duties = fig.mentee_duties
            values[fig.pair.mentee] = IndicatorValue(
                fig.mentee_share,
                evidence=tuple(e for d in duties for e in d.evidence),
                detail="；".join(f"{d.title} {_fraction(d.done, d.need)}" for d in duties))
            mentor_shares.setdefault(fig.pair.mentor, []).append(fig)
        for mentor, figs in mentor_shares.items():
            duties = tuple(d for f in figs for d in f.mentor_duties)
            values[mentor] = IndicatorValue(
                sum(f.mentor_share for f in figs) / len(figs),
                evidence=tuple(e for d in duties for e in d.evidence),
                detail="；".join(f"{d.title} {_fraction(d.done, d.need)}" for d in duties))
        return [Indicator(f"{ctx.program_id}.obligations", f"{ctx.title}任务完成度",
                          WEIGHT, values)]

    def basics(self, ctx: ProgramContext[ShadowSettings]) -> list[KeyFigures]:
        """The number of pairs, among the key figures of 基本情况."""
        return [KeyFigures(((ctx.title, f"{len(compute(ctx))}对"),))]

    def section(self, ctx: ProgramContext[ShadowSettings]) -> Section:
        settings: ShadowSettings = ctx.settings
        figures = compute(ctx)
        rows = []
        for f in figures:
            plans, taught, watched = f.mentee_duties
            _, feedback = f.mentor_duties
            rows.append((
                _name(f.mentor, f.pair.mentor), _name(f.mentee, f.pair.mentee),
                (f.mentee.subject if f.mentee else "") or "-",
                str(plans.done), str(taught.done), str(watched.done), str(feedback.done),
                f"{100 * (f.mentee_share + f.mentor_share) / 2:.1f}%",
                "-" if f.report_lesson is None else f"{f.report_lesson:.1f}",
            ))
        table = Table(
            ("导师", "徒弟", "学科", f"教案（应{settings.lesson_plans}）",
             f"徒弟上课（应{settings.taught_lessons}）", f"徒弟听课（应{settings.observed_lessons}）",
             f"导师评课（应{settings.taught_lessons}）", "任务完成度", settings.report_lesson),
            tuple(rows), caption="师徒结对与任务完成情况")
        table = table.with_total(columns=table.columns[3:7])
        complete = sum(1 for f in figures if f.complete)
        scored = [f.report_lesson for f in figures if f.report_lesson is not None]
        average = f"{sum(scored) / len(scored):.1f}" if scored else None
        text = ctx.render("shadow_section.md.j2", name=ctx.title, settings=settings,
                          pairs=len(figures), complete=complete, scored=len(scored),
                          average=average)
        figures_block = KeyFigures((
            ("结对", f"{len(figures)}对"),
            ("完成全部任务", f"{complete}对"),
            (f"{settings.report_lesson}平均分", average or "-"),
        ))
        return Section(ctx.title, (*text_blocks(text), figures_block, table),
                       key=ctx.program_id)

    def figures(self, ctx: ProgramContext[ShadowSettings]) -> list[Figure]:
        """pairs, complete (pairs with every obligation met), completion (the mean share of
        obligations met) and, when any was scored, report_lesson (the 汇报课 average)."""
        settings: ShadowSettings = ctx.settings
        pairs = compute(ctx)
        out = [Figure("pairs", "师徒结对", len(pairs), "对"),
               Figure("complete", "完成全部任务", sum(1 for f in pairs if f.complete), "对")]
        if pairs:
            shares = [(f.mentee_share + f.mentor_share) / 2 for f in pairs]
            out.append(Figure("completion", "任务完成度", sum(shares) / len(shares), "%"))
        scored = [f.report_lesson for f in pairs if f.report_lesson is not None]
        if scored:
            out.append(Figure("report_lesson", f"{settings.report_lesson}平均分",
                              round(sum(scored) / len(scored), 1), "分"))
        return out

    def members(self, ctx: ProgramContext[ShadowSettings]) -> list[Membership]:
        """Each pair twice: the mentor (导师) naming the mentee, the mentee (徒弟) the mentor."""
        out = []
        for f in compute(ctx):
            mentor = f"{_name(f.mentor, f.pair.mentor)}（{f.pair.mentor}）"
            mentee = f"{_name(f.mentee, f.pair.mentee)}（{f.pair.mentee}）"
            state = "已完成全部任务" if f.complete else f"未完成：{self._missing(f)}"
            out.append(Membership(f.pair.mentor, "导师", f"徒弟 {mentee}；{state}"))
            out.append(Membership(f.pair.mentee, "徒弟", f"导师 {mentor}；{state}"))
        return out

    def findings(self, ctx: ProgramContext[ShadowSettings]) -> list[Finding]:
        settings: ShadowSettings = ctx.settings
        figures = compute(ctx)
        behind = [f for f in figures if not f.complete]
        activities = ctx.records.activities()
        span_end = max((a.date for a in activities), default=None)
        quiet = stopped(figures, span_end, settings.stop_weeks)
        idle = not_started(figures)
        out = []
        for case, items in (("behind", behind), ("stopped", quiet), ("not_started", idle)):
            if items:
                names = [f"{_name(f.mentor, f.pair.mentor)}—{_name(f.mentee, f.pair.mentee)}"
                         for f in items]
                text = ctx.render("shadow_findings.md.j2", case=case, name=ctx.title,
                                  names=names, settings=settings,
                                  details=[self._missing(f) for f in items])
                out.append(ctx.finding(text))
        if behind or quiet:
            text = ctx.render("shadow_findings.md.j2", case="next", name=ctx.title,
                              names=[], settings=settings, details=[])
            out.append(ctx.finding(text, FindingKind.NEXT_STEP))
        return out

    @staticmethod
    def _missing(f: PairFigures) -> str:
        gaps = [f"{d.title}{d.done}/{d.need}" for d in (*f.mentee_duties, *f.mentor_duties)
                if not d.met]
        return "、".join(gaps)
