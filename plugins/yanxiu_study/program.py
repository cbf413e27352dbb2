"""理论学习与个人三年发展规划: study sessions on a cadence with topics, the teachers' 学习笔记, and
their 个人三年发展规划 with a yearly self-review."""

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
    first_date_problems,
    report_date,
    text_blocks,
)

from .analysis import StudyFigures, compute, describe_cadence, planned_dates
from .settings import NOTES, PER_SESSION, PLANS, StudySettings

NOTES_WEIGHT = 0.1
PLAN_WEIGHT = 0.05
"""Default weights of the notes and plan indicators (the district overrides them by key)."""
SESSION = "理论学习"


class StudyProgram(ProgramType[StudySettings]):
    """Study sessions, notes and 个人三年发展规划 (``study``)."""

    name: ClassVar[str] = "study"
    title: ClassVar[str] = "理论学习与个人发展规划"
    description: ClassVar[str] = (
        "按周期开展的理论学习（专题、计划与实际场次），教师的学习笔记，以及个人三年发展规划与年度自查")
    Settings: ClassVar[type] = StudySettings
    record_kinds = (NOTES, PLANS)
    template_package: ClassVar[str | None] = __package__

    def measure(self, ctx: ProgramContext[StudySettings]) -> StudyFigures:
        return compute(ctx)

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[StudySettings]) -> Iterator[Problem]:
        """The first date (in the term, on the weekday), fixed dates outside the term, more
        topics than sessions; notes and plans of teachers not on the roster; a plan whose start
        year is after the term."""
        s: StudySettings = ctx.settings
        if not s.dates:
            yield from first_date_problems(ctx, s.first_date, s.weekday)
        for i, day in enumerate(s.dates):
            if not ctx.term.contains(day):
                yield ctx.problem("学习日期不在学期内", f"dates[{i}]", day,
                                  f"{ctx.term.start} 至 {ctx.term.end} 之间的日期")
        planned = planned_dates(ctx)
        if len(s.topics) > len(planned):
            yield ctx.problem(f"专题有 {len(s.topics)} 个，但本学年只安排了 {len(planned)} 次学习",
                              "topics", len(s.topics), f"不超过 {len(planned)} 个")
        roster = {t.id for t in ctx.records.teachers()}
        for kind in (NOTES, PLANS):
            for r in ctx.records.program_records(ctx.program_id, kind.name):
                tid = str(r.teacher_id or r.values.get("teacher_id") or "")
                if tid not in roster:
                    yield Problem(f"{kind.title}的教师不在教师名册中", where=f"{kind.title} {r.id}",
                                  value=tid, expected="名册中的工号")
                start = r.values.get("start_year")
                if kind is PLANS and isinstance(start, int) and start > ctx.term.end.year:
                    yield Problem("发展规划的起始年份晚于本学年", where=f"{kind.title} {r.id}",
                                  value=start, expected=f"不晚于 {ctx.term.end.year}")

    # -- plan ------------------------------------------------------------------------------
    def plan(self, ctx: ProgramContext[StudySettings]) -> list[PlannedSession]:
        """One session per cadence date, the ``topics`` in order."""
        s: StudySettings = ctx.settings
        out = []
        for i, day in enumerate(planned_dates(ctx)):
            topic = s.topics[i] if i < len(s.topics) else ""
            out.append(PlannedSession(day, topic or f"{SESSION}（第{i + 1}次）", ctx.program_id,
                                      start=s.start, end=s.end, kind=SESSION, place=s.place))
        return out

    # -- evaluation ------------------------------------------------------------------------
    def indicators(self, ctx: ProgramContext[StudySettings]) -> list[Indicator]:
        """``<id>.notes``: notes counted ÷ required (at most 1); ``<id>.plan``: half for a plan
        in force, half for the year's self-review."""
        f = self.measure(ctx)
        notes: dict[str, IndicatorValue] = {}
        plans: dict[str, IndicatorValue] = {}
        for p in f.people:
            if p.required:
                notes[p.id] = IndicatorValue(min(len(p.notes), p.required) / p.required,
                                             evidence=tuple(n.ref for n in p.notes),
                                             detail=f"{len(p.notes)}/{p.required}")
            else:
                notes[p.id] = IndicatorValue(None, detail="本学年尚无应交的学习笔记")
            refs = ((p.plan.ref,) if p.plan else ()) + p.reviews
            plans[p.id] = IndicatorValue(
                (0.5 if p.plan else 0.0) + (0.5 if p.reviewed else 0.0), evidence=refs,
                detail=("已制订规划" if p.plan else "未制订规划")
                + ("，已年度自查" if p.reviewed else "，未年度自查"))
        return [Indicator(f"{ctx.program_id}.notes", "学习笔记", NOTES_WEIGHT, notes),
                Indicator(f"{ctx.program_id}.plan", "个人三年发展规划", PLAN_WEIGHT, plans)]

    # -- report ----------------------------------------------------------------------------
    def figures(self, ctx: ProgramContext[StudySettings]) -> list[Figure]:
        """sessions_planned (to the report day), sessions_held, notes, notes_met (teachers),
        plans, reviews; plan_share and notes_share when the roster has teachers."""
        f = self.measure(ctx)
        out = [Figure("sessions_planned", "计划学习", len(f.planned_to_date), "次"),
               Figure("sessions_held", "开展学习", len(f.held), "次"),
               Figure("notes", "学习笔记", f.notes, "篇"),
               Figure("notes_met", "学习笔记达标", len(f.people) - len(f.behind), "人"),
               Figure("plans", "制订个人三年发展规划", len(f.plans), "人"),
               Figure("reviews", "完成年度自查", len(f.reviewed), "人")]
        if f.people:
            out += [Figure("plan_share", "制订规划的教师占比", len(f.plans) / len(f.people), "%"),
                    Figure("notes_share", "学习笔记达标率",
                           (len(f.people) - len(f.behind)) / len(f.people), "%")]
        return out

    def members(self, ctx: ProgramContext[StudySettings]) -> list[Membership]:
        """Every teacher, with notes handed in and asked, the plan and its review."""
        s: StudySettings = ctx.settings
        out = []
        for p in self.measure(ctx).people:
            plan = "未制订个人三年发展规划"
            if p.plan is not None:
                period = p.plan.period(s.plan_years)
                plan = f"个人三年发展规划{f'（{period}）' if period else ''}"
                plan += "，已年度自查" if p.reviewed else "，未年度自查"
            out.append(Membership(p.id, "参学教师",
                                  f"学习笔记 {len(p.notes)}/{p.required} 篇；{plan}"))
        return out

    def section(self, ctx: ProgramContext[StudySettings]) -> Section:
        s: StudySettings = ctx.settings
        f = self.measure(ctx)
        teachers = len(f.people)
        prose = ctx.render(
            "study_section.md.j2", name=ctx.title, settings=s, as_of=f.as_of,
            cadence=describe_cadence(s), planned=len(f.planned), planned_to_date=len(f.planned_to_date),
            held=len(f.held), topics=f.topics, per_session=s.notes_per == PER_SESSION,
            notes=f.notes, teachers=teachers, notes_met=teachers - len(f.behind),
            plans=len(f.plans), reviewed=len(f.reviewed),
            plan_share=len(f.plans) / teachers if teachers else None,
            notes_share=(teachers - len(f.behind)) / teachers if teachers else None,
        )
        figures = KeyFigures((
            ("开展学习", f"{len(f.held)} 次"), ("学习笔记", f"{f.notes} 篇"),
            ("制订规划", f"{len(f.plans)} 人"), ("年度自查", f"{len(f.reviewed)} 人"),
        ))
        attendance = ctx.records.activity_attendance()
        held = Table(
            columns=("日期", "学习内容", "类型", "主讲人", "出席人数"),
            rows=tuple((a.date.isoformat(), a.title, a.kind, a.speaker or "-",
                        str(attendance[a.id].attended if a.id in attendance else 0))
                       for a in f.held),
            caption=f"{SESSION}（{describe_cadence(s)}，计划 {len(f.planned_to_date)} 次）",
        ).with_total(columns=("出席人数",))
        people = Table(
            columns=("姓名", "学习笔记", "应交", "个人三年发展规划", "年度自查"),
            rows=tuple((p.name, str(len(p.notes)), str(p.required),
                        "1" if p.plan else "0", "1" if p.plan and p.reviewed else "0")
                       for p in f.people),
            caption="教师学习笔记与发展规划",
            appendix=True,
        ).with_total(columns=("学习笔记", "应交", "个人三年发展规划", "年度自查"))
        return Section(title=ctx.title, key=ctx.program_id,
                       blocks=(*text_blocks(prose), figures, held, people))

    def findings(self, ctx: ProgramContext[StudySettings]) -> list[Finding]:
        """Fewer sessions held than planned to date; teachers behind on notes, notes under
        ``min_chars``; teachers without a plan; plans without the year's self-review."""
        s: StudySettings = ctx.settings
        f = self.measure(ctx)
        out: list[Finding] = []

        def add(case: str, kind: FindingKind, **values: object) -> None:
            text = ctx.render("study_findings.md.j2", case=case, name=ctx.title, as_of=f.as_of,
                              settings=s, **values)
            out.append(ctx.finding(text, kind))

        if len(f.held) < len(f.planned_to_date):
            add("sessions", FindingKind.PROBLEM, held=len(f.held), planned=len(f.planned_to_date),
                cadence=describe_cadence(s))
        if f.behind:
            add("notes", FindingKind.PROBLEM, people=f.behind, teachers=len(f.people))
        short = [p for p in f.people if p.short_notes]
        if short:
            add("short", FindingKind.PROBLEM, people=short,
                count=sum(len(p.short_notes) for p in short))
        without = [p for p in f.people if p.plan is None]
        if without:
            add("no_plan", FindingKind.PROBLEM, people=without, teachers=len(f.people))
        unreviewed = [p for p in f.plans if not p.reviewed]
        as_of_end = report_date(ctx.term, s.as_of) >= ctx.term.end
        if unreviewed and as_of_end:
            add("no_review", FindingKind.PROBLEM, people=unreviewed)
        if f.behind or without or short:
            add("next", FindingKind.NEXT_STEP, notes=bool(f.behind or short), plans=bool(without))
        return out
