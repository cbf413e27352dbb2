"""网络研修: courses completed on an online-training platform, credited to each teacher's 学时 in
a credit category with a yearly cap."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from yanxiu_core import (
    Credit,
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
    format_hours,
    percent_text,
    text_blocks,
)

from .analysis import OnlineFigures, compute
from .settings import COURSES, OnlineSettings

ROLE = "参学教师"


class OnlineProgram(ProgramType[OnlineSettings]):
    """网络研修 (``online``)."""

    name: ClassVar[str] = "online"
    title: ClassVar[str] = "网络研修"
    description: ClassVar[str] = (
        "教师在网络研修平台完成的课程：按课程类别折算学分类别，每年认定学时设有上限，"
        "统计参学、完成与学时，找出未达到网络研修学时要求的教师")
    Settings: ClassVar[type] = OnlineSettings
    record_kinds = (COURSES,)
    template_package: ClassVar[str | None] = __package__

    def measure(self, ctx: ProgramContext[OnlineSettings]) -> OnlineFigures:
        return compute(ctx)

    def _hours(self, ctx: ProgramContext, minutes: int) -> str:
        return format_hours(minutes, ctx.policy)

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[OnlineSettings]) -> Iterator[Problem]:
        """A course completed twice by one teacher (counted once), a row with 0 学时, a credit
        category the district's hours policy does not name (it uses the default 学时 per 学分)."""
        f = self.measure(ctx)
        for row in f.duplicates:
            yield Problem(f"{COURSES.title}中同一教师重复完成同一课程，只计一次",
                          where=f"{COURSES.title}（工号 {row.teacher_id}）",
                          value=f"{row.course}（{row.date}）", expected="每门课程只记一次")
        for row in f.rows:
            if row.minutes <= 0:
                yield Problem(f"{COURSES.title}中的学时为 0", where=f"{COURSES.title}（工号 "
                              f"{row.teacher_id}）", value=row.course, expected="大于 0 的学时")
        known = set(ctx.policy.hours_per_credit)
        for category in sorted({r.credit_category for r in f.rows if r.done}):
            if known and category not in known:
                yield Problem("学分类别不在区配置 [hours.per_credit] 中，按默认的每学分学时折算",
                              where=f"programs.{ctx.program_id}.category", value=category,
                              expected="、".join(sorted(known)))

    # -- evaluation ------------------------------------------------------------------------
    def credits(self, ctx: ProgramContext[OnlineSettings]) -> list[Credit]:
        """Each completed course's 学时 after the yearly cap, in its credit category."""
        return [Credit(c.row.teacher_id, c.credited, c.row.credit_category, c.row.date,
                       c.row.course, (c.row.ref,))
                for c in self.measure(ctx).completions if c.credited > 0]

    def indicators(self, ctx: ProgramContext[OnlineSettings]) -> list[Indicator]:
        """``<id>.hours``: credited online 学时 over ``required_hours`` (at most 1), for every
        teacher; none without a requirement."""
        s: OnlineSettings = ctx.settings
        f = self.measure(ctx)
        if not f.required:
            return []
        need = self._hours(ctx, f.required)
        values = {p.teacher.id: IndicatorValue(
            min(1.0, p.credited / f.required), tuple(c.row.ref for c in p.completions),
            f"{self._hours(ctx, p.credited)}/{need} 学时") for p in f.people}
        return [Indicator(f"{ctx.program_id}.hours", f"{ctx.title}学时", s.weight, values)]

    # -- report ----------------------------------------------------------------------------
    def figures(self, ctx: ProgramContext[OnlineSettings]) -> list[Figure]:
        """participants, completions, courses, hours (credited), hours_mean (per participant),
        excess_hours (over the cap), met_share (with a requirement)."""
        f = self.measure(ctx)
        hours = ctx.policy.minutes_to_hours
        out = [Figure("participants", "参学教师", len(f.participants), "人"),
               Figure("completions", "完成课程", len(f.completions), "门次"),
               Figure("courses", "课程", len(f.courses), "门"),
               Figure("hours", "认定学时", hours(f.credited), "学时")]
        if f.participants:
            out.append(Figure("hours_mean", "人均认定学时",
                              round(f.credited / len(f.participants) / ctx.policy.minutes_per_hour,
                                    1), "学时"))
        if f.cap:
            out.append(Figure("excess_hours", "超出上限未认定", hours(f.excess), "学时"))
        if f.required and f.people:
            met = len(f.people) - len(f.below())
            out.append(Figure("met_share", "网络研修学时达标率", met / len(f.people), "%"))
        return out

    def members(self, ctx: ProgramContext[OnlineSettings]) -> list[Membership]:
        return [Membership(p.teacher.id, ROLE,
                           f"完成课程 {len(p.completions)} 门，认定 {self._hours(ctx, p.credited)} 学时"
                           + (f"（超出上限 {self._hours(ctx, p.excess)} 学时未认定）" if p.excess else ""))
                for p in self.measure(ctx).participants]

    def section(self, ctx: ProgramContext[OnlineSettings]) -> Section:
        s: OnlineSettings = ctx.settings
        f = self.measure(ctx)
        n = len(f.people)
        by_category = sorted(f.by_category().items(), key=lambda kv: -kv[1])
        met = n - len(f.below()) if f.required else None
        prose = ctx.render(
            "online_section.md.j2", name=ctx.title, settings=s, teachers=n,
            participants=len(f.participants), completions=len(f.completions),
            courses=len(f.courses), credited=self._hours(ctx, f.credited),
            mean=(self._hours(ctx, round(f.credited / len(f.participants)))
                  if f.participants else None),
            excess=self._hours(ctx, f.excess) if f.excess else None,
            certificates=sum(p.certificates for p in f.people),
            categories=[(c, self._hours(ctx, m)) for c, m in by_category],
            unfinished=sum(len(p.unfinished) for p in f.people),
            required=self._hours(ctx, f.required) if f.required else None,
            met=met, met_share=percent_text(met / n) if met is not None and n else None)
        figures = KeyFigures((
            ("参学教师", f"{len(f.participants)}/{n} 人"),
            ("完成课程", f"{len(f.completions)} 门次"),
            ("认定学时", f"{self._hours(ctx, f.credited)} 学时"),
            *(((f"{ctx.title}学时达标", f"{met}/{n} 人"),) if met is not None else ()),
        ))
        blocks = [*text_blocks(prose), figures]
        if f.completions:
            per_course = sorted(f.by_course().items(), key=lambda kv: -len(kv[1]))
            blocks.append(Table(
                columns=("课程", "学分类别", "完成人数", "认定学时"),
                rows=tuple((course, cs[0].row.credit_category, str(len(cs)),
                            self._hours(ctx, sum(c.credited for c in cs)))
                           for course, cs in per_course),
                caption=f"{ctx.title}课程",
            ).with_total(columns=("完成人数", "认定学时")))
            blocks.append(Table(
                columns=("姓名", "完成课程", "平台学时", "认定学时", "证书"),
                rows=tuple((p.teacher.name, str(len(p.completions)),
                            self._hours(ctx, p.platform_minutes), self._hours(ctx, p.credited),
                            str(p.certificates)) for p in f.people),
                caption=f"教师{ctx.title}学时",
                appendix=True,
            ).with_total(columns=("完成课程", "平台学时", "认定学时", "证书")))
        return Section(title=ctx.title, key=ctx.program_id, blocks=tuple(blocks))

    def findings(self, ctx: ProgramContext[OnlineSettings]) -> list[Finding]:
        """Teachers below the required online 学时; courses begun and not completed."""
        s: OnlineSettings = ctx.settings
        f = self.measure(ctx)
        out: list[Finding] = []

        def add(case: str, kind: FindingKind, **values: object) -> None:
            text = ctx.render("online_findings.md.j2", case=case, name=ctx.title, settings=s,
                              teachers=len(f.people), as_of=f.as_of, **values)
            out.append(ctx.finding(text, kind))

        below = f.below()
        if below:
            add("below", FindingKind.PROBLEM, required=self._hours(ctx, f.required),
                people=[(p.teacher.name, self._hours(ctx, p.credited)) for p in below])
        unfinished = [p for p in f.people if p.unfinished]
        if unfinished:
            add("unfinished", FindingKind.PROBLEM, count=sum(len(p.unfinished) for p in unfinished),
                people=[p.teacher.name for p in unfinished])
        if below or unfinished:
            add("next", FindingKind.NEXT_STEP, below=len(below))
        return out
