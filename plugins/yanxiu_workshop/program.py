"""学科工作室: a subject workshop led by a master teacher, with members, regular meetings and
goals for the year's outputs. A school running several enables one instance per workshop."""

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
    cadence_of,
    first_date_problems,
    percent_text,
    text_blocks,
    total_rate,
    weekday_name,
)

from .analysis import WorkshopFigures, compute, output_kind, people_ids
from .settings import WorkshopSettings

ATTENDANCE_WEIGHT = 0.1
OUTPUTS_WEIGHT = 0.1
"""Default weights of the two member indicators (the district overrides them by key)."""




class WorkshopProgram(ProgramType[WorkshopSettings]):
    """A subject workshop (``workshop``)."""

    name: ClassVar[str] = "workshop"
    title: ClassVar[str] = "学科工作室"
    description: ClassVar[str] = "名师主持、成员定期研讨的学科工作室，按年度目标统计研究课、论文、获奖等成果"
    Settings: ClassVar[type] = WorkshopSettings
    template_package: ClassVar[str | None] = __package__

    # -- plan ------------------------------------------------------------------------------
    def plan(self, ctx: ProgramContext[WorkshopSettings]) -> list[PlannedSession]:
        """Meetings on the cadence, inside the term, skipping holidays and listed dates."""
        s: WorkshopSettings = ctx.settings
        dates = cadence_of(s).dates_in(ctx.term, skip=s.skip, skip_ranges=s.skip_ranges,
                                       holidays=ctx.holidays)
        names = {t.id: t.name for t in ctx.records.teachers()}
        name = ctx.title
        host = names.get(s.host, s.host)
        return [
            PlannedSession(date=day, title=f"{name}活动", program=ctx.program_id, start=s.start,
                           end=s.end, kind=s.meeting_kinds[0] if s.meeting_kinds else "",
                           place=s.place, note=f"第 {i + 1} 次活动；主持人：{host}")
            for i, day in enumerate(dates)
        ]

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[WorkshopSettings]) -> Iterator[Problem]:
        """Host and members are teachers on the roster, members listed once; outputs handed in
        to the workshop come from its people."""
        s: WorkshopSettings = ctx.settings
        roster = {t.id for t in ctx.records.teachers()}
        if s.host not in roster:
            yield ctx.problem("主持人不在教师名册中", "host", s.host, "名册中的工号（如 C001）")
        seen: set[str] = set()
        for i, tid in enumerate(s.members):
            if tid not in roster:
                yield ctx.problem("成员不在教师名册中", f"members[{i}]", tid,
                                  "名册中的工号（如 C013）")
            elif tid in seen:
                yield ctx.problem("成员重复列出", f"members[{i}]", tid, "每位成员只列一次")
            seen.add(tid)
        yield from first_date_problems(ctx, s.first_date, s.weekday)
        people = set(people_ids(s))
        for a in ctx.records.artifacts(program=ctx.program_id):
            if a.teacher_id not in people and output_kind(a, s) is not None:
                yield Problem(
                    f"{ctx.title}的成果由非成员提交，不计入工作室成果",
                    where=f"成果 {a.id}（{a.kind}：{a.title}）", value=a.teacher_id,
                    expected="主持人或成员的工号（或把该教师加入 members）")

    # -- evaluation ------------------------------------------------------------------------
    def measure(self, ctx: ProgramContext[WorkshopSettings]) -> WorkshopFigures:
        return compute(ctx, self.plan(ctx))

    def indicators(self, ctx: ProgramContext[WorkshopSettings]) -> list[Indicator]:
        """Members' (and the host's) meeting attendance and outputs delivered; other teachers
        are not applicable (``None``)."""
        s: WorkshopSettings = ctx.settings
        f = self.measure(ctx)
        name = ctx.title
        teachers = [t.id for t in ctx.records.teachers()]
        people = {p.id: p for p in f.people}
        attendance = {tid: people[tid].attendance if tid in people
                      else IndicatorValue(None, detail="非工作室成员") for tid in teachers}
        out = [Indicator(f"{ctx.program_id}.attendance", f"{name}活动出勤", ATTENDANCE_WEIGHT,
                         attendance)]
        if s.member_outputs > 0:
            values: dict[str, IndicatorValue] = {}
            for tid in teachers:
                if tid not in people:
                    values[tid] = IndicatorValue(None, detail="非工作室成员")
                    continue
                done = people[tid].total_outputs
                evidence = tuple(f"artifact:{a.id}" for a in f.output_artifacts
                                 if a.teacher_id == tid)
                values[tid] = IndicatorValue(min(done, s.member_outputs) / s.member_outputs,
                                             evidence=evidence,
                                             detail=f"{done}/{s.member_outputs}")
            out.append(Indicator(f"{ctx.program_id}.outputs", f"{name}成果", OUTPUTS_WEIGHT,
                                 values))
        return out

    # -- report ----------------------------------------------------------------------------
    def figures(self, ctx: ProgramContext[WorkshopSettings]) -> list[Figure]:
        """people (host and members), meetings held, outputs, one ``outputs_<kind>`` per
        output kind, and attendance_rate when anyone was expected."""
        f = self.measure(ctx)
        out = [Figure("people", "主持人及成员", len(f.people), "人"),
               Figure("meetings", "活动", len(f.meetings), "次"),
               Figure("outputs", "成果", len(f.output_artifacts), "项")]
        out += [Figure(f"outputs_{g.kind}", g.kind, g.done, "项") for g in f.goals]
        if f.rate is not None:
            out.append(Figure("attendance_rate", "出勤率", f.rate, "%"))
        return out

    def members(self, ctx: ProgramContext[WorkshopSettings]) -> list[Membership]:
        """The host (主持人) and the members (成员), with attendance and outputs."""
        out = []
        for p in self.measure(ctx).people:
            outputs = "、".join(f"{k}{n}" for k, n in p.outputs.items() if n) or "无"
            out.append(Membership(p.id, "主持人" if p.is_host else "成员",
                                  f"活动出勤 {p.attended}/{p.expected}；成果：{outputs}"))
        return out

    def section(self, ctx: ProgramContext[WorkshopSettings]) -> Section:
        s: WorkshopSettings = ctx.settings
        f = self.measure(ctx)
        host = next(p for p in f.people if p.is_host)
        prose = ctx.render(
            "workshop_section.md.j2", name=ctx.title, settings=s, host=host.name,
            cadence=cadence_of(s).describe(), cadence_mode=cadence_of(s).mode,
            members=len(f.people) - 1, weekday=weekday_name(s.weekday),
            planned=len(f.planned), due=f.due, held=len(f.meetings), as_of=f.as_of,
            expected=f.expected, attended=f.attended, rate=f.rate, goals=f.goals,
            unmet=f.unmet,
        )
        figures = KeyFigures((
            ("主持人及成员", f"{len(f.people)} 人"), ("活动", f"{len(f.meetings)} 次"),
            ("出勤率", percent_text(f.rate)), ("成果", f"{len(f.output_artifacts)} 项"),
        ))
        numbers = ("应到", "实到", *s.outputs, "成果合计")
        members = Table(
            columns=("姓名", "身份", "学科", *numbers),
            rows=tuple(
                (p.name, "主持人" if p.is_host else "成员",
                 p.teacher.subject if p.teacher else "",
                 str(p.expected), str(p.attended),
                 *(str(p.outputs[k]) for k in s.outputs), str(p.total_outputs))
                for p in f.people),
            caption="工作室成员、活动出勤与成果",
        ).with_total(columns=numbers)
        goals = total_rate(Table(
            columns=("成果类别", "年度目标", "完成", "完成率"),
            rows=tuple((g.kind, "-" if g.goal is None else str(g.goal), str(g.done),
                        percent_text(g.done / g.goal if g.goal else None)) for g in f.goals),
            caption="成果与年度目标",
        ).with_total(columns=("年度目标", "完成")), "完成", "年度目标", "完成率")
        blocks = [*text_blocks(prose), figures, members, goals]
        if f.meetings:
            blocks.append(total_rate(Table(
                columns=("日期", "主题", "主讲人", "应到", "实到", "出勤率"),
                rows=tuple((m.activity.date.isoformat(), m.activity.title, m.activity.speaker,
                            str(m.expected), str(m.attended),
                            percent_text(m.attended / m.expected if m.expected else None))
                           for m in f.meetings),
                caption="工作室活动一览",
            ).with_total(columns=("应到", "实到")), "实到", "应到", "出勤率"))
        return Section(title=ctx.title, key=ctx.program_id, blocks=tuple(blocks))

    def findings(self, ctx: ProgramContext[WorkshopSettings]) -> list[Finding]:
        """Goals not met, and meetings behind the plan."""
        f = self.measure(ctx)
        name = ctx.title
        out: list[Finding] = []

        def add(case: str, kind: FindingKind, **values: object) -> None:
            text = ctx.render("workshop_findings.md.j2", case=case, name=name, as_of=f.as_of,
                              **values)
            out.append(ctx.finding(text, kind))

        if f.unmet:
            add("goals", FindingKind.PROBLEM, goals=f.unmet)
            add("goals_next", FindingKind.NEXT_STEP, goals=f.unmet)
        if len(f.meetings) < f.due:
            add("meetings", FindingKind.PROBLEM, due=f.due, held=len(f.meetings))
        return out
