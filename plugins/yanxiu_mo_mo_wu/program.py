"""模课-磨课-悟课: each participant's lessons (课例) through 模课 (a model lesson observed), 磨课
(主备/辅备 revision rounds with recordings or 实录) and 悟课 (the reflection)."""

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
    out_of_order,
    text_blocks,
)

from .analysis import (
    MoMoWuFigures,
    compute,
    cycle_counts,
    role_of,
    round_rows,
    select_participants,
)
from .settings import LEAD, MODEL, POLISH, REFLECT, ROUNDS, STAGES, MoMoWuSettings

CYCLES_WEIGHT = 0.1
"""Default weight of the cycle completion indicator (the district overrides it by key)."""
PARTICIPANT = "参与教师"


class MoMoWuProgram(ProgramType[MoMoWuSettings]):
    """模课-磨课-悟课 cycles (``mo_mo_wu``)."""

    name: ClassVar[str] = "mo_mo_wu"
    title: ClassVar[str] = "模课-磨课-悟课"
    description: ClassVar[str] = (
        "教师逐个课例经历模课（观摩优秀教师的课）、磨课（主备、辅备围绕教学实录多轮研磨）、"
        "悟课（撰写反思）的三部式课堂实践，统计完成情况并找出停滞的课例")
    Settings: ClassVar[type] = MoMoWuSettings
    record_kinds = (ROUNDS,)  # 模课: the instance's attendance or 听课记录; 悟课: artifacts
    template_package: ClassVar[str | None] = __package__

    def measure(self, ctx: ProgramContext[MoMoWuSettings]) -> MoMoWuFigures:
        return compute(ctx)

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[MoMoWuSettings]) -> Iterator[Problem]:
        """Settings' participants and subjects on the roster; rounds rows of participants, 主备
        rows with their 佐证, round numbers in date order; each cycle's stages in order; stage
        evidence that names no 课例 and finds no cycle."""
        s: MoMoWuSettings = ctx.settings
        teachers = ctx.records.teachers()
        roster = {t.id for t in teachers}
        subjects = {t.subject for t in teachers}
        for i, subject in enumerate(s.subjects):
            if subject not in subjects:
                yield ctx.problem("名册中没有这一学科的教师", f"subjects[{i}]", subject,
                                  "名册中的学科")
        ids = {t.id for t in select_participants(ctx)}
        for r in round_rows(ctx):
            tid = str(r.teacher_id or r.values.get("teacher_id") or "")
            where = f"磨课记录（{tid}，{r.values.get('lesson')}，{r.values.get('date')}）"
            if tid in roster and tid not in ids:
                yield Problem(f"该教师不是{ctx.title}的参与教师，这条磨课记录不计入", where=where,
                              value=tid, expected="参与教师的工号（见 participants、subjects、cohort）")
            elif role_of(r) == LEAD and not str(r.values.get("evidence") or "").strip():
                yield Problem("主备教师的磨课没有佐证（课堂教学视频或教学实录）", where=where,
                              value="", expected="视频或实录的名称")
        f = self.measure(ctx)
        for c in f.cycles:
            where = f"{c.teacher_id}《{c.lesson}》"
            numbered = [r.number for r in c.rounds if r.number is not None]
            if numbered != sorted(numbered) or len(set(numbered)) != len(numbered):
                yield Problem("磨课轮次与日期先后不一致", where=where,
                              value="、".join(str(n) for n in numbered), expected="按日期递增的轮次")
            for before, after in out_of_order(c.progress, c.plan):
                yield Problem(f"“{after.stage}”的日期早于“{before.stage}”", where=where,
                              value=after.date.isoformat(),
                              expected=f"不早于 {before.date.isoformat()}")
        for u in f.unplaced:
            yield Problem(f"{u.stage}材料没有写明课例（标题中用《》注明），也没有可归入的课例",
                          where=f"{u.teacher_id} {u.evidence.ref}", value=u.evidence.title,
                          expected="标题含《课例名》")

    # -- evaluation ------------------------------------------------------------------------
    def indicators(self, ctx: ProgramContext[MoMoWuSettings]) -> list[Indicator]:
        """Each participant's completed cycles against ``cycles_each`` (at most 1);
        non-participants are not applicable."""
        s: MoMoWuSettings = ctx.settings
        if s.cycles_each == 0:
            return []
        f = self.measure(ctx)
        people = {p.id: p for p in f.participants}
        values: dict[str, IndicatorValue] = {}
        for t in ctx.records.teachers():
            p = people.get(t.id)
            if p is None:
                values[t.id] = IndicatorValue(None, detail=f"未参加{ctx.title}")
                continue
            values[t.id] = IndicatorValue(
                min(p.completed, s.cycles_each) / s.cycles_each,
                evidence=tuple(ref for c in p.cycles if c.complete for ref in c.evidence_refs()),
                detail=f"{p.completed}/{s.cycles_each}")
        return [Indicator(f"{ctx.program_id}.cycles", f"{ctx.title}完成", CYCLES_WEIGHT, values)]

    # -- report ----------------------------------------------------------------------------
    def figures(self, ctx: ProgramContext[MoMoWuSettings]) -> list[Figure]:
        """participants, cycles, completed, stuck, rounds (all 磨课 rounds), rounds_mean (over
        the cycles with a round; left out when none has), reflections, and completion (the share
        of participants with ``cycles_each`` completed cycles) when anyone takes part."""
        s: MoMoWuSettings = ctx.settings
        f = self.measure(ctx)
        out = [Figure("participants", PARTICIPANT, len(f.participants), "人"),
               Figure("cycles", "课例", len(f.cycles), "个"),
               Figure("completed", "完成三部式的课例", len(f.completed), "个"),
               Figure("stuck", "停滞的课例", len(f.stuck), "个"),
               Figure("rounds", "磨课", f.rounds, "轮")]
        if f.polished:
            out.append(Figure("rounds_mean", "每个课例平均磨课",
                              round(f.rounds / len(f.polished), 1), "轮"))
        out.append(Figure("reflections", "悟课反思", f.reflections, "篇"))
        if f.participants:
            need = max(s.cycles_each, 1)
            done = sum(1 for p in f.participants if p.completed >= need)
            out.append(Figure("completion", "完成三部式的教师占比", done / len(f.participants), "%"))
        return out

    def members(self, ctx: ProgramContext[MoMoWuSettings]) -> list[Membership]:
        """Each participant with their 课例 and the stage each reached."""
        out = []
        for p in self.measure(ctx).participants:
            lessons = "、".join(f"《{c.lesson}》（{c.stage_text()}）" for c in p.cycles)
            detail = f"课例：{lessons}" if lessons else "尚无课例"
            if p.assists:
                detail += f"；辅备 {p.assists} 次"
            out.append(Membership(p.id, PARTICIPANT, detail))
        return out

    def section(self, ctx: ProgramContext[MoMoWuSettings]) -> Section:
        s: MoMoWuSettings = ctx.settings
        f = self.measure(ctx)
        names = {t.id: t.name for t in ctx.records.teachers()}
        counts = cycle_counts(f.cycles)
        observed = sum(len(c.models) for c in f.cycles)
        started = [c for c in f.cycles if ctx.term.contains(c.started)]
        prose = ctx.render(
            "mo_mo_wu_section.md.j2", name=ctx.title, settings=s, as_of=f.as_of,
            participants=len(f.participants), active=sum(1 for p in f.participants if p.cycles),
            cycles=len(f.cycles), started=len(started), observed=observed,
            modelled=sum(1 for c in f.cycles if c.models),
            rounds=f.rounds, polished=len(f.polished),
            rounds_mean=f.rounds / len(f.polished) if f.polished else None,
            enough=sum(1 for c in f.cycles if len(c.rounds) >= s.min_rounds),
            assists=sum(p.assists for p in f.participants),
            reflections=f.reflections, reflected=sum(1 for c in f.cycles if c.reflections),
            completed=len(f.completed), stuck=len(f.stuck),
        )
        figures = KeyFigures((
            (PARTICIPANT, f"{len(f.participants)} 人"), ("课例", f"{len(f.cycles)} 个"),
            ("磨课", f"{f.rounds} 轮"), ("悟课反思", f"{f.reflections} 篇"),
            ("完成三部式", f"{len(f.completed)} 个"),
        ))
        lessons = Table(
            columns=("教师", "课例", "模课日期", "磨课轮次", "悟课日期", "当前阶段"),
            rows=tuple(
                (names.get(c.teacher_id, c.teacher_id), c.lesson,
                 c.models[0].date.isoformat() if c.models else "-", str(len(c.rounds)),
                 c.reflections[0].date.isoformat() if c.reflections else "-", c.stage_text())
                for c in f.cycles),
            caption=f"{ctx.title}课例一览（截至 {f.as_of.isoformat()}）",
        ).with_total(columns=("磨课轮次",))
        rounds = Table(
            columns=("磨课轮次", "课例数"),
            rows=tuple((f"{n} 轮", str(k)) for n, k in counts.items()),
            caption=f"各课例磨课轮次分布（每个课例至少 {s.min_rounds} 轮）",
        ).with_total(columns=("课例数",))
        people = Table(
            columns=("姓名", "课例", *(f"{st}" for st in STAGES), "完成", "辅备"),
            rows=tuple(
                (p.name, str(len(p.cycles)),
                 str(sum(1 for c in p.cycles if c.models)), str(sum(len(c.rounds) for c in p.cycles)),
                 str(sum(len(c.reflections) for c in p.cycles)), str(p.completed), str(p.assists))
                for p in f.participants),
            caption=f"{ctx.title}参与教师",
        ).with_total(columns=("课例", *STAGES, "完成", "辅备"))
        blocks = [*text_blocks(prose), figures, lessons, rounds, people]
        return Section(title=ctx.title, key=ctx.program_id, blocks=tuple(blocks))

    def findings(self, ctx: ProgramContext[MoMoWuSettings]) -> list[Finding]:
        """Cycles stuck (the stage, its due day, days late), participants with no cycle, cycles
        completed with fewer 磨课 rounds than ``min_rounds``."""
        s: MoMoWuSettings = ctx.settings
        f = self.measure(ctx)
        names = {t.id: t.name for t in ctx.records.teachers()}
        out: list[Finding] = []

        def add(case: str, kind: FindingKind, **values: object) -> None:
            text = ctx.render("mo_mo_wu_findings.md.j2", case=case, name=ctx.title,
                              as_of=f.as_of, settings=s, names=names, **values)
            out.append(ctx.finding(text, kind))

        if f.stuck:
            add("stuck", FindingKind.PROBLEM, cycles=f.stuck, polish=POLISH, model=MODEL,
                reflect=REFLECT)
            add("stuck_next", FindingKind.NEXT_STEP, cycles=f.stuck,
                stages=list(dict.fromkeys(c.stuck.stage for c in f.stuck if c.stuck)))
        if f.idle:
            add("idle", FindingKind.PROBLEM, people=f.idle, participants=len(f.participants))
            add("idle_next", FindingKind.NEXT_STEP, people=f.idle)
        short = [c for c in f.cycles if c.short_of_rounds]
        if short:
            add("short", FindingKind.PROBLEM, cycles=short)
        return out
