"""师德建设: 师德 study sessions, each teacher's pledge (承诺书), the 师德考核 result per teacher
with a one-vote veto (一票否决) on the year's grade, and the school's 师德典型."""

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
    PlannedSession,
    Problem,
    ProgramContext,
    ProgramType,
    Section,
    Table,
    Veto,
    cadence_of,
    first_date_problems,
    percent_text,
    text_blocks,
    total_rate,
    weekday_name,
)

from .analysis import NOT_RECORDED, EthicsFigures, compute, exemplar_rows, result_rows
from .settings import EXEMPLARS, RESULTS, EthicsSettings

PLEDGE_WEIGHT = 0.05
ATTENDANCE_WEIGHT = 0.1
"""Default weights of the two indicators (the district overrides them by key)."""
EXEMPLAR_ROLE = "师德典型"
VETO_WORD = "师德考核"


class EthicsProgram(ProgramType[EthicsSettings]):
    """师德建设 (``ethics``)."""

    name: ClassVar[str] = "ethics"
    title: ClassVar[str] = "师德建设"
    description: ClassVar[str] = (
        "师德专题学习、师德承诺书、年度师德考核（不合格者年度考核一票否决）与师德典型")
    Settings: ClassVar[type] = EthicsSettings
    record_kinds = (RESULTS, EXEMPLARS)
    template_package: ClassVar[str | None] = __package__

    # -- plan ------------------------------------------------------------------------------
    def plan(self, ctx: ProgramContext[EthicsSettings]) -> list[PlannedSession]:
        """Study sessions on the cadence when one is set (``every_weeks``, ``nth``, ``per_term``
        or ``dates``; none otherwise)."""
        s: EthicsSettings = ctx.settings
        if cadence_of(s).mode == "none":
            return []
        dates = cadence_of(s).dates_in(ctx.term, skip=s.skip, holidays=ctx.holidays)
        return [PlannedSession(date=day, title=f"{ctx.title}专题学习", program=ctx.program_id,
                               start=s.start, end=s.end, kind="师德学习", place=s.place,
                               note=f"第 {i + 1} 次")
                for i, day in enumerate(dates)]

    def measure(self, ctx: ProgramContext[EthicsSettings]) -> EthicsFigures:
        return compute(ctx, self.plan(ctx))

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[EthicsSettings]) -> Iterator[Problem]:
        """Results from the settings' list, one per teacher in the term; 典型 on the roster."""
        s: EthicsSettings = ctx.settings
        if cadence_of(s).mode in ("weekly", "monthly", "per_term"):
            yield from first_date_problems(ctx, s.first_date, s.weekday)
        f = self.measure(ctx)
        for r in result_rows(ctx):
            result = str(r.values.get("result") or "").strip()
            if result not in s.results:
                yield Problem(f"{RESULTS.title}不在设置的考核结果中",
                              where=f"{RESULTS.title}（工号 {r.teacher_id}）", value=result,
                              expected="、".join(s.results))
        for d in f.duplicates:
            later = f.results[d.teacher_id]
            yield Problem(f"同一教师本学年有多条{RESULTS.title}，按日期最晚的一条计",
                          where=f"{RESULTS.title}（工号 {d.teacher_id}）",
                          value=f"{d.date}：{d.result}",
                          expected=f"只保留一条（现按 {later.date}：{later.result}）")
        roster = {t.id for t in f.teachers}
        for r in exemplar_rows(ctx):
            tid = str(r.values.get("teacher_id") or "")
            if tid not in roster:
                yield Problem(f"{EXEMPLARS.title}不在教师名册中", where=EXEMPLARS.title,
                              value=tid, expected="名册中的工号")

    # -- evaluation ------------------------------------------------------------------------
    def indicators(self, ctx: ProgramContext[EthicsSettings]) -> list[Indicator]:
        """The pledge signed (every teacher) and study attendance (everyone expected at every
        session; not applicable when none was held)."""
        s: EthicsSettings = ctx.settings
        f = self.measure(ctx)
        pledge = {t.id: (IndicatorValue(1.0, (f"artifact:{f.pledges[t.id].id}",), "已签订")
                         if t.id in f.pledges else IndicatorValue(0.0, detail="未签订"))
                  for t in f.teachers}
        return [Indicator(f"{ctx.program_id}.pledge", s.pledge_kind, PLEDGE_WEIGHT, pledge),
                Indicator(f"{ctx.program_id}.attendance", "师德学习出勤",
                          ATTENDANCE_WEIGHT, f.attendance)]

    def vetoes(self, ctx: ProgramContext[EthicsSettings]) -> list[Veto]:
        """A result in ``veto_results`` caps the year's grade at ``veto_grade``."""
        s: EthicsSettings = ctx.settings
        return [Veto(t.id, s.veto_grade, f"{VETO_WORD}{r.result}",
                     (f"{ctx.program_id}.{RESULTS.name}:{r.record_id}",))
                for t, r in self.measure(ctx).vetoed]

    # -- report ----------------------------------------------------------------------------
    def figures(self, ctx: ProgramContext[EthicsSettings]) -> list[Figure]:
        """sessions, attendance_rate (when anyone was expected), pledge_share (when there are
        teachers), excellent (teachers with the best result), vetoes, exemplars."""
        s: EthicsSettings = ctx.settings
        f = self.measure(ctx)
        out = [Figure("sessions", "师德学习", len(f.sessions), "次")]
        if f.rate is not None:
            out.append(Figure("attendance_rate", "学习出勤率", f.rate, "%"))
        if f.pledge_share is not None:
            out.append(Figure("pledge_share", "承诺书签订率", f.pledge_share, "%"))
        best = s.results[0]
        out += [Figure("excellent", f"{VETO_WORD}{best}",
                       sum(1 for r in f.results.values() if r.result == best), "人"),
                Figure("vetoes", "一票否决", len(f.vetoed), "人"),
                Figure("exemplars", EXEMPLAR_ROLE, len(f.exemplars), "人")]
        return out

    def members(self, ctx: ProgramContext[EthicsSettings]) -> list[Membership]:
        """The 师德典型, with the honour and the deed."""
        return [Membership(e.teacher_id, EXEMPLAR_ROLE,
                           f"{e.honour}：{e.deed}" if e.honour else e.deed)
                for e in self.measure(ctx).exemplars]

    def section(self, ctx: ProgramContext[EthicsSettings]) -> Section:
        s: EthicsSettings = ctx.settings
        f = self.measure(ctx)
        n = len(f.teachers)
        dist = f.distribution(s.results)
        prose = ctx.render(
            "ethics_section.md.j2", name=ctx.title, settings=s, as_of=f.as_of,
            cadence=cadence_of(s).describe(), cadence_mode=cadence_of(s).mode,
            weekday=weekday_name(s.weekday), planned=len(f.planned), due=f.due,
            held=len(f.sessions), topics=[x.activity.title for x in f.sessions],
            expected=f.expected, attended=f.attended, rate=f.rate, teachers=n,
            signed=len(f.signed), pledge_share=f.pledge_share,
            distribution=[(r, c) for r, c in dist if c and r != NOT_RECORDED],
            unassessed=len(f.unassessed), vetoed=[t.name for t, _ in f.vetoed],
            exemplars=f.exemplars,
        )
        figures = KeyFigures((
            ("师德学习", f"{len(f.sessions)} 次"), ("学习出勤率", percent_text(f.rate)),
            ("承诺书签订率", percent_text(f.pledge_share)),
            (f"{VETO_WORD}{s.results[0]}", f"{sum(c for r, c in dist if r == s.results[0])} 人"),
        ))
        blocks = [*text_blocks(prose), figures]
        if f.sessions:
            blocks.append(total_rate(Table(
                columns=("日期", "主题", "主讲人", "应到", "实到", "出勤率"),
                rows=tuple((x.activity.date.isoformat(), x.activity.title, x.activity.speaker,
                            str(x.expected), str(x.attended),
                            percent_text(x.attended / x.expected if x.expected else None))
                           for x in f.sessions),
                caption=f"{ctx.title}学习活动一览",
            ).with_total(columns=("应到", "实到")), "实到", "应到", "出勤率"))
        blocks.append(Table(
            columns=("考核结果", "人数", "占比"),
            rows=tuple((r, str(c), percent_text(c / n if n else None)) for r, c in dist),
            caption=f"{VETO_WORD}结果分布",
        ).with_total(columns=("人数",)))
        if f.exemplars:
            blocks.append(Table(
                columns=("姓名", "称号", "主要事迹"),
                rows=tuple((e.name, e.honour or "-", e.deed) for e in f.exemplars),
                caption=EXEMPLAR_ROLE,
            ))
        return Section(title=ctx.title, key=ctx.program_id, blocks=tuple(blocks))

    def findings(self, ctx: ProgramContext[EthicsSettings]) -> list[Finding]:
        """Teachers without a pledge, results not recorded, vetoes applied, sessions behind
        the cadence."""
        s: EthicsSettings = ctx.settings
        f = self.measure(ctx)
        out: list[Finding] = []

        def add(case: str, kind: FindingKind, **values: object) -> None:
            text = ctx.render("ethics_findings.md.j2", case=case, name=ctx.title,
                              as_of=f.as_of, settings=s, teachers=len(f.teachers), **values)
            out.append(ctx.finding(text, kind))

        if f.teachers and f.unsigned:
            add("unsigned", FindingKind.PROBLEM, people=[t.name for t in f.unsigned])
        if f.teachers and f.unassessed:
            add("unassessed", FindingKind.PROBLEM, people=[t.name for t in f.unassessed])
        if f.vetoed:
            add("vetoed", FindingKind.PROBLEM,
                people=[(t.name, r.result) for t, r in f.vetoed])
            add("vetoed_next", FindingKind.NEXT_STEP, people=[t.name for t, _ in f.vetoed])
        if len(f.sessions) < f.due:
            add("sessions", FindingKind.PROBLEM, due=f.due, held=len(f.sessions))
        return out
