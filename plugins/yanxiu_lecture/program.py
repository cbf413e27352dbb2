"""大讲堂: a lecture series every N weeks in rotating columns, by outside experts and the
school's own teachers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from yanxiu_core import (
    Figure,
    Finding,
    FindingKind,
    Indicator,
    KeyFigures,
    Membership,
    PlannedSession,
    Problem,
    ProgramContext,
    ProgramType,
    Section,
    Table,
    attendance_ratios,
    cadence_of,
    first_date_problems,
    percent_text,
    text_blocks,
    total_rate,
    weekday_name,
)

from .analysis import LectureFigures, compute
from .settings import LectureSettings

ATTENDANCE_WEIGHT = 0.2
"""Default weight of the lecture attendance indicator (the district overrides it by key)."""
MAX_NAMES = 10  # teachers named in one finding; the rest are counted



def _speaker_type(inside: bool | None) -> str:
    return {True: "校内教师", False: "外聘专家", None: "未填写"}[inside]


class LectureProgram(ProgramType[LectureSettings]):
    """The lecture series (``lecture``)."""

    name: ClassVar[str] = "lecture"
    title: ClassVar[str] = "大讲堂"
    description: ClassVar[str] = "按固定周期举办的讲座系列，栏目轮换，外聘专家与校内名师主讲"
    Settings: ClassVar[type] = LectureSettings
    template_package: ClassVar[str | None] = __package__

    # -- plan ------------------------------------------------------------------------------
    def plan(self, ctx: ProgramContext[LectureSettings]) -> list[PlannedSession]:
        """Sessions on the cadence; columns rotate over the sessions actually planned, so a
        skipped holiday does not skip a column. A ``sessions`` entry fills in topic, speaker or a
        different column for its date without shifting the rotation."""
        s: LectureSettings = ctx.settings
        dates = cadence_of(s).dates_in(ctx.term, skip=s.skip, skip_ranges=s.skip_ranges,
                                       holidays=ctx.holidays)
        specs = {spec.date: spec for spec in s.sessions}
        name = ctx.title
        out = []
        for i, day in enumerate(dates):
            spec = specs.get(day)
            column = spec.column if spec and spec.column else s.columns[i % len(s.columns)]
            title = f"{name}·{column}" + (f"：{spec.title}" if spec and spec.title else "")
            out.append(PlannedSession(
                date=day, title=title, program=ctx.program_id, start=s.start, end=s.end,
                kind=column, place=s.place, speaker=spec.speaker if spec else "",
                note=f"第 {i + 1} 讲",
            ))
        return out

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[LectureSettings]) -> Iterator[Problem]:
        s: LectureSettings = ctx.settings
        yield from first_date_problems(ctx, s.first_date, s.weekday)
        planned = {p.date for p in self.plan(ctx)}
        for i, spec in enumerate(s.sessions):
            if spec.date not in planned:
                yield ctx.problem(
                    "该日期不是计划中的讲座日期（可能是节假日、跳过的日期或不在节奏上）",
                    f"sessions[{i}].date", spec.date,
                    f"{cadence_of(s).describe()}的计划日期（见 yanxiu plan）")
            if spec.column and spec.column not in s.columns:
                yield ctx.problem("未知的栏目", f"sessions[{i}].column", spec.column,
                                  "栏目之一：" + "、".join(s.columns))
        for a in ctx.records.activities(program=ctx.program_id):
            if a.kind not in s.columns:
                yield Problem(
                    f"{ctx.title}活动的“类型”应填栏目名称，否则按“其他”栏目统计",
                    where=f"活动 {a.id}（{a.date}）", value=a.kind,
                    expected="栏目之一：" + "、".join(s.columns))

    # -- evaluation ------------------------------------------------------------------------
    def indicators(self, ctx: ProgramContext[LectureSettings]) -> list[Indicator]:
        """Each teacher's share of the held lectures attended."""
        s: LectureSettings = ctx.settings
        values = attendance_ratios(
            ctx.records.activities(program=ctx.program_id),
            ctx.records.attendance(program=ctx.program_id),
            [t.id for t in ctx.records.teachers()],
            missing_is_absent=s.everyone_expected,
        )
        return [Indicator(f"{ctx.program_id}.attendance", f"{ctx.title}出勤",
                          ATTENDANCE_WEIGHT, values)]

    # -- report ----------------------------------------------------------------------------
    def measure(self, ctx: ProgramContext[LectureSettings]) -> LectureFigures:
        """The figures behind the section and the findings."""
        return compute(ctx, self.plan(ctx))

    def figures(self, ctx: ProgramContext[LectureSettings]) -> list[Figure]:
        """planned, held, outside / inside (talks by outside experts / the school's teachers)
        and, when anyone was expected, attendance_rate."""
        f = self.measure(ctx)
        out = [Figure("planned", "计划场次", len(f.planned), "场"),
               Figure("held", "已举行", len(f.talks), "场"),
               Figure("outside", "外聘专家主讲", f.count(False), "场"),
               Figure("inside", "校内教师主讲", f.count(True), "场")]
        if f.rate is not None:
            out.append(Figure("attendance_rate", "出勤率", f.rate, "%"))
        return out

    def members(self, ctx: ProgramContext[LectureSettings]) -> list[Membership]:
        """The school's own teachers who gave a talk (speaker written as on the roster)."""
        by_name = {t.name: t.id for t in ctx.records.teachers()}
        return [Membership(by_name[t.activity.speaker], "主讲",
                           f"{t.activity.date:%Y-%m-%d}《{t.activity.title}》")
                for t in self.measure(ctx).talks if t.activity.speaker in by_name]

    def section(self, ctx: ProgramContext[LectureSettings]) -> Section:
        s: LectureSettings = ctx.settings
        f = self.measure(ctx)
        prose = ctx.render(
            "lecture_section.md.j2", name=ctx.title, settings=s,
            cadence=cadence_of(s).describe(), cadence_mode=cadence_of(s).mode,
            weekday=weekday_name(s.weekday), start=f"{s.start:%H:%M}", end=f"{s.end:%H:%M}",
            planned=len(f.planned), due=f.due, held=len(f.talks), as_of=f.as_of,
            outside=f.count(False), inside=f.count(True), unknown=f.count(None),
            expected=f.expected, attended=f.attended, rate=f.rate, columns=f.columns,
        )
        figures = KeyFigures((
            ("计划场次", str(len(f.planned))), ("已举行", str(len(f.talks))),
            ("外聘专家主讲", str(f.count(False))), ("校内教师主讲", str(f.count(True))),
            ("出勤率", percent_text(f.rate)),
        ))
        numbers = ("全年计划", "应举行", "已举行", "外聘专家", "校内教师")
        by_column = Table(
            columns=("栏目", *numbers),
            rows=tuple((c.column, str(c.planned), str(c.due), str(c.held), str(c.outside),
                        str(c.inside)) for c in f.columns),
            caption=f"各栏目场次（应举行：截至 {f.as_of} 计划中的场次）",
        ).with_total(columns=numbers)
        talks = Table(
            columns=("日期", "栏目", "主题", "主讲人", "主讲人类别", "应到", "实到", "出勤率"),
            rows=tuple((t.activity.date.isoformat(), t.column, t.activity.title,
                        t.activity.speaker, _speaker_type(t.inside), str(t.expected),
                        str(t.attended), percent_text(t.rate)) for t in f.talks),
            caption="讲座一览",
        ).with_total(columns=("应到", "实到"))
        talks = total_rate(talks, "实到", "应到", "出勤率")
        tables = (by_column, talks) if f.talks else (by_column,)
        return Section(title=ctx.title, key=ctx.program_id,
                       blocks=(*text_blocks(prose), figures, *tables))

    def findings(self, ctx: ProgramContext[LectureSettings]) -> Iterable[Finding]:
        """Columns behind plan; overall and per-teacher attendance below the threshold."""
        s: LectureSettings = ctx.settings
        f = self.measure(ctx)
        name = ctx.title
        out: list[Finding] = []

        def add(case: str, kind: FindingKind, **values: object) -> None:
            text = ctx.render("lecture_findings.md.j2", case=case, name=name, as_of=f.as_of,
                              threshold=s.low_attendance_rate, **values)
            out.append(ctx.finding(text, kind))

        behind = [c for c in f.columns if c.behind > 0]
        if behind:
            add("behind", FindingKind.PROBLEM, columns=behind)
            add("behind_next", FindingKind.NEXT_STEP, columns=behind)
        if f.rate is not None and f.rate < s.low_attendance_rate:
            add("low_rate", FindingKind.PROBLEM, rate=f.rate, expected=f.expected,
                attended=f.attended)
        names = {t.id: t.name for t in ctx.records.teachers()}
        (indicator,) = self.indicators(ctx)
        low = [(names.get(tid, tid), v.detail) for tid, v in indicator.values.items()
               if v.value is not None and v.value < s.low_attendance_rate]
        if low:
            add("low_teachers", FindingKind.PROBLEM, teachers=low[:MAX_NAMES], more=len(low)
                - min(len(low), MAX_NAMES), count=len(low))
        if low or (f.rate is not None and f.rate < s.low_attendance_rate):
            add("low_next", FindingKind.NEXT_STEP)
        return out
