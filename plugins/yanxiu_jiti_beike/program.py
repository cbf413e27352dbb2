"""集体备课 / 教研组: each 组 meets on its cadence; every session keeps the 四定; young teachers
prepare on the 网络电子备课 platform, the others walk the 三步走; a school leader sits in (蹲点)."""

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
    percent_text,
    text_blocks,
    total_rate,
)

from .analysis import Figures, GroupFigures, StepStatus, compute, groups_of, plan_group
from .settings import PLATFORM, JitiBeikeSettings

ATTENDANCE_WEIGHT = 0.1
STEPS_WEIGHT = 0.1
FOUR_WEIGHT = 0.05
"""Default weights of the indicators (the district overrides them by key)."""




def _name(t: object) -> str:
    return getattr(t, "name", "") or "-"


class JitiBeikeProgram(ProgramType[JitiBeikeSettings]):
    """集体备课 / 教研组 (``jiti_beike``)."""

    name: ClassVar[str] = "jiti_beike"
    title: ClassVar[str] = "集体备课"
    description: ClassVar[str] = (
        "教研组、备课组按固定周期集体备课，落实“四定”“三步走”，行政领导蹲点参与")
    Settings: ClassVar[type] = JitiBeikeSettings
    record_kinds = (PLATFORM,)
    template_package: ClassVar[str | None] = __package__

    # -- plan ------------------------------------------------------------------------------
    def plan(self, ctx: ProgramContext[JitiBeikeSettings]) -> list[PlannedSession]:
        """Each 组's sessions on its cadence, inside the term, skipping holidays."""
        out = [p for g in groups_of(ctx) for p in plan_group(ctx, g)]
        return sorted(out, key=lambda p: (p.date, p.title))

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[JitiBeikeSettings]) -> Iterator[Problem]:
        """Groups, heads, 蹲点 leaders and 备课组 members on the roster; cadences of known 组."""
        s: JitiBeikeSettings = ctx.settings
        teachers = ctx.records.teachers()
        on_roster = {t.group for t in teachers if t.group}
        for i, name in enumerate(s.groups):
            if name not in on_roster:
                yield ctx.problem("教研组不在教师名册中", f"groups[{i}]", name,
                                  "名册“教研组”列中的组名")
        known = set(s.groups or on_roster) | set(s.prep_groups)
        for key, mapping in (("heads", s.heads), ("sitting_leaders", s.sitting_leaders)):
            for name in mapping:
                if name not in known:  # an id not on the roster: the core says so
                    yield ctx.problem("没有这个教研组或备课组", f"{key}.{name}", name,
                                      "、".join(sorted(known)) or "名册中的教研组")
        for name, cadence in s.cadences.items():
            if name not in known:
                yield ctx.problem("没有这个教研组或备课组", f"cadences.{name}", name,
                                  "、".join(sorted(known)) or "名册中的教研组")
            elif not cadence.nth:
                yield from first_date_problems(ctx, cadence.first_date, cadence.weekday,
                                               f"cadences.{name}.first_date")
        if not s.cadence.nth:
            yield from first_date_problems(ctx, s.cadence.first_date, s.cadence.weekday,
                                           "cadence.first_date")

    # -- evaluation ------------------------------------------------------------------------
    def measure(self, ctx: ProgramContext[JitiBeikeSettings]) -> Figures:
        return compute(ctx)

    def indicators(self, ctx: ProgramContext[JitiBeikeSettings]) -> list[Indicator]:
        """Members' attendance at their 组's sessions, their 三步走 completion, and each 组长's
        share of sessions with all of the 四定; other teachers are not applicable."""
        f = self.measure(ctx)
        teachers = [t.id for t in ctx.records.teachers()]
        none = IndicatorValue(None, detail="非教研组、备课组成员")
        steps = {st.teacher.id: IndicatorValue(
            st.share, evidence=st.evidence,
            detail=f"{'网络电子备课' if st.platform else '三步走'} {st.done}/{st.needed} 个单元")
            for st in f.steps}
        heads: dict[str, list[GroupFigures]] = {}
        for g in f.groups:
            if g.group.head is not None:
                heads.setdefault(g.group.head.id, []).append(g)
        four: dict[str, IndicatorValue] = {}
        for tid, gs in heads.items():
            held = [s for g in gs for s in g.sessions]
            if held:
                done = sum(1 for s in held if s.complete)
                four[tid] = IndicatorValue(done / len(held),
                                           evidence=tuple(f"activity:{s.activity.id}" for s in held),
                                           detail=f"四定齐全 {done}/{len(held)} 次")
            else:
                four[tid] = IndicatorValue(None, detail="本组尚无活动记录")
        name = ctx.title
        return [
            Indicator(f"{ctx.program_id}.attendance", f"{name}出勤", ATTENDANCE_WEIGHT,
                      {t: f.attendance.get(t, none) for t in teachers}),
            Indicator(f"{ctx.program_id}.three_steps", f"{name}三步走", STEPS_WEIGHT,
                      {t: steps.get(t, none) for t in teachers}),
            Indicator(f"{ctx.program_id}.four_fixed", f"{name}四定", FOUR_WEIGHT,
                      {t: four.get(t, IndicatorValue(None, detail="非组长")) for t in teachers}),
        ]

    # -- report ----------------------------------------------------------------------------
    def figures(self, ctx: ProgramContext[JitiBeikeSettings]) -> list[Figure]:
        """groups, sessions_due, sessions_held, four_fixed_share, attendance_rate,
        platform_teachers/platform_users, steps_teachers/steps_complete (shares left out when
        nothing counts)."""
        f = self.measure(ctx)
        young, older = f.steps_of(True), f.steps_of(False)
        out = [Figure("groups", "教研组、备课组", len(f.groups), "个"),
               Figure("sessions_due", "应开展集体备课", sum(g.due for g in f.groups), "次"),
               Figure("sessions_held", "已开展集体备课", len(f.sessions), "次")]
        if f.four_share is not None:
            out.append(Figure("four_fixed_share", "“四定”齐全率", f.four_share, "%"))
        if f.rate is not None:
            out.append(Figure("attendance_rate", "出勤率", f.rate, "%"))
        out += [Figure("platform_teachers", "应使用网络电子备课教师", len(young), "人"),
                Figure("platform_users", "使用网络电子备课教师", sum(1 for s in young if s.done), "人"),
                Figure("steps_teachers", "落实“三步走”教师", len(older), "人"),
                Figure("steps_complete", "“三步走”达标教师", sum(1 for s in older if s.met), "人")]
        return out

    def members(self, ctx: ProgramContext[JitiBeikeSettings]) -> list[Membership]:
        """组长, 组员 and 蹲点领导 of every 组, with attendance and 三步走 in brief."""
        f = self.measure(ctx)
        steps = {s.teacher.id: s for s in f.steps}
        out = []
        for g in f.groups:
            group = g.group
            for t in group.members:
                role = "组长" if group.head is not None and t.id == group.head.id else "组员"
                value = f.attendance.get(t.id)
                st = steps.get(t.id)
                parts = [f"{group.name}（{group.kind}）"]
                if value is not None and value.detail:
                    parts.append(f"出勤 {value.detail}")
                if st is not None:
                    way = "网络电子备课" if st.platform else "三步走"
                    parts.append(f"{way} {st.done}/{st.needed} 个单元")
                out.append(Membership(t.id, role, "；".join(parts)))
            if group.leader is not None:
                out.append(Membership(group.leader.id, "蹲点领导",
                                      f"{group.name}（{group.kind}）；参加 "
                                      f"{g.leader_attended}/{len(g.sessions)} 次"))
        return out

    def section(self, ctx: ProgramContext[JitiBeikeSettings]) -> Section:
        s: JitiBeikeSettings = ctx.settings
        f = self.measure(ctx)
        young, older = f.steps_of(True), f.steps_of(False)
        prose = ctx.render(
            "jiti_beike_section.md.j2", name=ctx.title, settings=s, figures=f,
            groups=[g.group for g in f.groups], due=sum(g.due for g in f.groups),
            held=len(f.sessions), complete=sum(g.complete for g in f.groups),
            four_share=f.four_share, rate=f.rate, as_of=f.as_of, young=young, older=older,
            platform_users=sum(1 for x in young if x.done), young_met=sum(1 for x in young if x.met),
            older_met=sum(1 for x in older if x.met), rule=s.platform.describe(),
            leaders=[g for g in f.groups if g.group.leader is not None])
        key = KeyFigures((
            ("教研组、备课组", f"{len(f.groups)} 个"), ("集体备课", f"{len(f.sessions)} 次"),
            ("“四定”齐全率", percent_text(f.four_share)), ("出勤率", percent_text(f.rate)),
            ("网络电子备课", f"{sum(1 for x in young if x.done)}/{len(young)} 人"),
            ("“三步走”达标", f"{sum(1 for x in older if x.met)}/{len(older)} 人")))
        steps_by_group = {g.group.name: [x for x in f.steps if x.teacher in g.group.members]
                          for g in f.groups}
        overview = total_rate(Table(
            ("组", "类型", "组长", "蹲点领导", "人数", "应开展", "已开展", "四定齐全", "应到", "实到",
             "出勤率"),
            tuple((g.group.name, g.group.kind, _name(g.group.head), _name(g.group.leader),
                   str(len(g.group.members)), str(g.due), str(len(g.sessions)), str(g.complete),
                   str(g.expected), str(g.attended),
                   percent_text(g.attended / g.expected if g.expected else None)) for g in f.groups),
            caption="各组集体备课开展情况",
        ).with_total(columns=("人数", "应开展", "已开展", "四定齐全", "应到", "实到")),
            "实到", "应到", "出勤率")
        # each teacher counted once, in the first 组 they belong to (教研组 before 备课组)
        home: dict[str, list[StepStatus]] = {}
        placed: set[str] = set()
        for g in f.groups:
            for x in steps_by_group[g.group.name]:
                if x.teacher.id not in placed:
                    placed.add(x.teacher.id)
                    home.setdefault(g.group.name, []).append(x)
        numbers = ("网络电子备课教师", "网络电子备课达标", "三步走教师", "三步走达标")
        steps = Table(
            ("组", *numbers),
            tuple((name, str(sum(1 for x in xs if x.platform)),
                   str(sum(1 for x in xs if x.platform and x.met)),
                   str(sum(1 for x in xs if not x.platform)),
                   str(sum(1 for x in xs if not x.platform and x.met)))
                  for name, xs in home.items()),
            caption=f"“三步走”落实情况（每人 {s.units} 个单元，按所在第一个组计）",
        ).with_total(columns=numbers)
        subsections = tuple(self._group_section(ctx, g, steps_by_group[g.group.name])
                            for g in f.groups)
        return Section(ctx.title, (*text_blocks(prose), key, overview, steps), key=ctx.program_id,
                       subsections=subsections)

    def _group_section(self, ctx: ProgramContext, g: GroupFigures,
                       steps: list[StepStatus]) -> Section:
        prose = ctx.render("jiti_beike_group.md.j2", g=g, group=g.group,
                           cadence=g.group.cadence.describe(), steps=steps, as_of=ctx.term.end)
        blocks = list(text_blocks(prose))
        if g.sessions:
            blocks.append(total_rate(Table(
                ("日期", "主题", "主讲人", "地点", "四定", "应到", "实到", "出勤率"),
                tuple((x.activity.date.isoformat(), x.activity.title, x.activity.speaker or "-",
                       x.activity.place or "-",
                       "齐全" if x.complete else "缺" + "、".join(m[1:] for m in x.missing),
                       str(x.expected), str(x.attended),
                       percent_text(x.attended / x.expected if x.expected else None))
                      for x in g.sessions),
                caption=f"{g.group.name}集体备课一览",
                appendix=True,  # a session per row: the 总结's body keeps the 组's prose
            ).with_total(columns=("应到", "实到")), "实到", "应到", "出勤率"))
        return Section(g.group.name, tuple(blocks))

    def findings(self, ctx: ProgramContext[JitiBeikeSettings]) -> list[Finding]:
        """Sessions behind the cadence, sessions lacking any of the 四定, sessions naming no
        组, teachers behind on 网络电子备课 or 三步走, 蹲点 leaders who attended nothing."""
        s: JitiBeikeSettings = ctx.settings
        f = self.measure(ctx)
        out: list[Finding] = []

        def add(case: str, kind: FindingKind = FindingKind.PROBLEM, **values: object) -> None:
            text = ctx.render("jiti_beike_findings.md.j2", case=case, name=ctx.title,
                              as_of=f.as_of, settings=s, **values)
            out.append(ctx.finding(text, kind))

        behind = [g for g in f.groups if len(g.sessions) < g.due]
        if behind:
            add("behind", groups=behind)
        lacking = [x for x in f.sessions if not x.complete]
        if lacking:
            add("four", sessions=lacking, held=len(f.sessions))
        if f.unassigned:
            add("unassigned", activities=f.unassigned)
        young = [x for x in f.steps_of(True) if not x.met]
        if young:
            add("platform", people=young, rule=s.platform.describe())
        older = [x for x in f.steps_of(False) if not x.met]
        if older:
            add("steps", people=older)
        absent = [g for g in f.groups if g.group.leader is not None and g.sessions
                  and not g.leader_attended]
        if absent:
            add("leaders", groups=absent)
        if out:
            add("next", FindingKind.NEXT_STEP, four=bool(lacking), behind=bool(behind),
                platform=bool(young), steps=bool(older))
        return out
