"""课题研究: the school's research projects (课题) — level, leader and members, the stages from
立项 to 结题 with their dates, the outputs of the members and the 结题 rating."""

from __future__ import annotations

from collections import Counter
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
    out_of_order,
    report_date,
    text_blocks,
    unknown_stages,
)

from .analysis import (
    LEADER,
    MEMBER,
    ResearchFigures,
    compute,
    read_projects,
    stage_rows,
)
from .settings import PROJECTS, STAGES, ResearchSettings

OUTPUTS_WEIGHT = 0.1
"""Default weight of the member output indicator (the district overrides it by key)."""
NO_STAGE = "未记录"



def _levels(f: ResearchFigures, s: ResearchSettings) -> list[str]:
    """The levels the term's 课题 have, in the settings' order (others after, as written)."""
    found = {p.level for p in f.projects}
    return [lv for lv in s.levels if lv in found] + sorted(found - set(s.levels))


class ResearchProgram(ProgramType[ResearchSettings]):
    """School research projects (``research``)."""

    name: ClassVar[str] = "research"
    title: ClassVar[str] = "课题研究"
    description: ClassVar[str] = (
        "学校各级课题的立项、开题、中期、结题进程，课题组成员的参与与成果，以及结题鉴定等级")
    Settings: ClassVar[type] = ResearchSettings
    record_kinds = (PROJECTS, STAGES)  # outputs: the core artifacts (所属项目 = the instance)
    template_package: ClassVar[str | None] = __package__

    def measure(self, ctx: ProgramContext[ResearchSettings]) -> ResearchFigures:
        return compute(ctx)

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[ResearchSettings]) -> Iterator[Problem]:
        """Leaders and members on the roster, levels and ratings from the settings, stage rows
        of known 课题 and stages, in order; outputs from the 课题's people."""
        s: ResearchSettings = ctx.settings
        roster = {t.id for t in ctx.records.teachers()}
        as_of = report_date(ctx.term, s.as_of)
        projects = read_projects(ctx, as_of)
        for p in projects:
            where = f"课题 {p.id}（{p.title}）"
            if p.leader not in roster:
                yield Problem("课题主持人不在教师名册中", where=where, value=p.leader,
                              expected="名册中的工号")
            for tid in p.members:
                if tid not in roster:
                    yield Problem("课题组成员不在教师名册中", where=where, value=tid,
                                  expected="名册中的工号")
            if p.level not in s.levels:
                yield Problem("课题级别不在设置的级别中", where=where, value=p.level,
                              expected="、".join(s.levels))
            if p.rating and p.rating not in s.ratings:
                yield Problem("结题等级不在设置的等级中", where=where, value=p.rating,
                              expected="、".join(s.ratings))
            elif p.rating and p.concluded is None:
                yield Problem(f"已填结题等级，但没有“{p.plan.last}”阶段的记录", where=where,
                              value=p.rating, expected=f"“{p.plan.last}”阶段的日期与佐证材料")
            for unknown in unknown_stages(p.progress, p.plan):
                yield Problem("课题进展的阶段名不在设置的阶段中", where=where, value=unknown.stage,
                              expected="、".join(s.stage_names))
            for before, after in out_of_order(p.progress, p.plan):
                yield Problem(f"“{after.stage}”的日期早于“{before.stage}”", where=where,
                              value=after.date.isoformat(),
                              expected=f"不早于 {before.date.isoformat()}")
        known = {p.id for p in projects}
        for r in stage_rows(ctx):
            project = str(r.values.get("project") or "")
            if project not in known:
                yield Problem("课题进展中的课题编号没有对应的课题",
                              where=f"课题进展（{r.values.get('stage')}）", value=project,
                              expected="课题表中的课题编号")
        people = {tid for p in projects for tid in p.people}
        for a in ctx.records.artifacts(program=ctx.program_id):
            if a.kind in s.outputs and a.teacher_id not in people:
                yield Problem(f"{ctx.title}成果的作者不是任何课题的主持人或成员，不计入课题成果",
                              where=f"成果 {a.id}（{a.kind}：{a.title}）", value=a.teacher_id,
                              expected="课题主持人或成员的工号")

    # -- evaluation ------------------------------------------------------------------------
    def indicators(self, ctx: ProgramContext[ResearchSettings]) -> list[Indicator]:
        """Each participant's outputs against ``member_outputs`` (at most 1); teachers in no
        课题 of the term are not applicable."""
        s: ResearchSettings = ctx.settings
        if s.member_outputs == 0:
            return []
        f = self.measure(ctx)
        people = {p.id: p for p in f.participants}
        values: dict[str, IndicatorValue] = {}
        for t in ctx.records.teachers():
            p = people.get(t.id)
            if p is None:
                values[t.id] = IndicatorValue(None, detail="未参与课题研究")
                continue
            values[t.id] = IndicatorValue(
                min(p.total, s.member_outputs) / s.member_outputs,
                evidence=tuple(f"artifact:{a.id}" for a in p.artifacts),
                detail=f"{p.total}/{s.member_outputs}")
        return [Indicator(f"{ctx.program_id}.outputs", f"{ctx.title}成果", OUTPUTS_WEIGHT, values)]

    # -- report ----------------------------------------------------------------------------
    def figures(self, ctx: ProgramContext[ResearchSettings]) -> list[Figure]:
        """projects, one ``projects_<level>`` per level that has any, concluded (in the term),
        overdue, participants, outputs with one ``outputs_<kind>`` per kind, excellent (concluded
        in the term with the best rating) and output_share (participants with at least
        ``member_outputs`` outputs) when anyone takes part."""
        s: ResearchSettings = ctx.settings
        f = self.measure(ctx)
        levels = Counter(p.level for p in f.projects)
        concluded = f.concluded_in(ctx.term.start, ctx.term.end)
        best = s.ratings[0]
        out = [Figure("projects", "课题", len(f.projects), "项")]
        out += [Figure(f"projects_{lv}", f"{lv}课题", levels[lv], "项") for lv in _levels(f, s)]
        out += [Figure("concluded", "本学年结题", len(concluded), "项"),
                Figure("overdue", "逾期课题", len(f.overdue), "项"),
                Figure("participants", "参研教师", len(f.participants), "人"),
                Figure("outputs", "课题成果", len(f.outputs), "项")]
        out += [Figure(f"outputs_{k}", k, sum(1 for a in f.outputs if a.kind == k), "项")
                for k in s.outputs]
        out.append(Figure("excellent", f"结题{best}", sum(1 for p in concluded if p.rating == best),
                          "项"))
        if f.participants:
            share = len(f.with_outputs(max(s.member_outputs, 1))) / len(f.participants)
            out.append(Figure("output_share", "有成果的参研教师占比", share, "%"))
        return out

    def members(self, ctx: ProgramContext[ResearchSettings]) -> list[Membership]:
        """The 主持人 and 成员 of each of the term's 课题, with its title, level and stage."""
        out = []
        for p in self.measure(ctx).projects:
            detail = f"课题《{p.title}》（{p.level}，{p.stage or NO_STAGE}）"
            out.append(Membership(p.leader, LEADER, detail))
            out += [Membership(tid, MEMBER, detail) for tid in p.members]
        return out

    def section(self, ctx: ProgramContext[ResearchSettings]) -> Section:
        s: ResearchSettings = ctx.settings
        f = self.measure(ctx)
        names = {t.id: t.name for t in ctx.records.teachers()}
        stages = list(s.stage_names) + ([NO_STAGE] if any(p.stage is None for p in f.projects)
                                        else [])
        levels = _levels(f, s)
        concluded = f.concluded_in(ctx.term.start, ctx.term.end)
        need = max(s.member_outputs, 1)
        counts = Counter(p.rating or "未评定" for p in concluded)
        ratings = [(r, counts[r]) for r in s.ratings if counts[r]]
        ratings += [(r, n) for r, n in counts.items() if r not in s.ratings and r != "未评定"]
        ratings += [("未评定", counts["未评定"])] if counts["未评定"] else []
        prose = ctx.render(
            "research_section.md.j2", name=ctx.title, settings=s, as_of=f.as_of,
            total=len(f.projects),
            by_level=[(lv, sum(1 for p in f.projects if p.level == lv)) for lv in levels],
            by_stage=[(st, n) for st in stages
                      if (n := sum(1 for p in f.projects if (p.stage or NO_STAGE) == st))],
            categories=[(c, n) for c, n in Counter(p.category for p in f.projects
                                                   if p.category).most_common()],
            leaders=sum(1 for p in f.participants if p.leads),
            participants=len(f.participants),
            outputs=[(k, n) for k in s.outputs
                     if (n := sum(1 for a in f.outputs if a.kind == k))],
            output_total=len(f.outputs), need=need,
            with_outputs=len(f.with_outputs(need)),
            share=len(f.with_outputs(need)) / len(f.participants) if f.participants else None,
            concluded=concluded,
            ratings=ratings,
            overdue=f.overdue,
        )
        figures = KeyFigures((
            ("课题", f"{len(f.projects)} 项"), ("参研教师", f"{len(f.participants)} 人"),
            ("课题成果", f"{len(f.outputs)} 项"), ("本学年结题", f"{len(concluded)} 项"),
        ))
        projects = Table(
            columns=("课题编号", "课题名称", "级别", "类别", "主持人", "成员", "立项日期",
                     "当前阶段", "成果", "结题等级"),
            rows=tuple(
                (p.id, p.title, p.level, p.category or "-", names.get(p.leader, p.leader),
                 str(len(p.members)), p.start.isoformat() if p.start else "-",
                 p.stage or NO_STAGE, str(len(p.outputs)), p.rating or "-")
                for p in f.projects),
            caption="课题一览",
        ).with_total(columns=("成员", "成果"))
        by_level = Table(
            columns=("级别", *stages, "合计"),
            rows=tuple(
                (lv, *(str(sum(1 for p in f.projects if p.level == lv
                               and (p.stage or NO_STAGE) == st)) for st in stages),
                 str(sum(1 for p in f.projects if p.level == lv)))
                for lv in levels),
            caption=f"课题（按级别与阶段，截至 {f.as_of.isoformat()}）",
        ).with_total(columns=(*stages, "合计"))
        people = Table(
            columns=("姓名", "身份", "所在课题", *s.outputs, "成果合计"),
            rows=tuple(
                (p.name, p.role, "、".join(x.id for x in p.projects),
                 *(str(p.outputs[k]) for k in s.outputs), str(p.total))
                for p in f.participants),
            caption="参研教师与成果",
        ).with_total(columns=(*s.outputs, "成果合计"))
        blocks = [*text_blocks(prose), figures, projects, by_level, people]
        if concluded:
            blocks.append(Table(
                columns=("结题等级", "课题数"),
                rows=tuple((r, str(n)) for r, n in ratings),
                caption="本学年结题课题鉴定等级",
            ).with_total(columns=("课题数",)))
        return Section(title=ctx.title, key=ctx.program_id, blocks=tuple(blocks))

    def findings(self, ctx: ProgramContext[ResearchSettings]) -> list[Finding]:
        """课题 overdue for a stage (where each is stuck, and how late), participants without any
        output, 课题 concluded with the lowest rating."""
        s: ResearchSettings = ctx.settings
        f = self.measure(ctx)
        out: list[Finding] = []

        def add(case: str, kind: FindingKind, **values: object) -> None:
            text = ctx.render("research_findings.md.j2", case=case, name=ctx.title,
                              as_of=f.as_of, **values)
            out.append(ctx.finding(text, kind))

        if f.overdue:
            add("overdue", FindingKind.PROBLEM, projects=f.overdue)
            add("overdue_next", FindingKind.NEXT_STEP, projects=f.overdue)
        if s.member_outputs > 0:
            idle = [p for p in f.participants if p.total == 0]
            if idle:
                add("no_output", FindingKind.PROBLEM, people=idle, participants=len(f.participants))
                add("no_output_next", FindingKind.NEXT_STEP, people=idle)
        worst = s.ratings[-1] if len(s.ratings) > 1 else None
        failed = [p for p in f.concluded_in(ctx.term.start, ctx.term.end) if p.rating == worst]
        if failed:
            add("failed", FindingKind.PROBLEM, projects=failed, rating=worst)
        return out

