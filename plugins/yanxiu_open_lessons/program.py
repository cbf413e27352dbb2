"""公开课周: every teacher gives a lesson (说课, 授课, 评课) over consecutive school days, scored
by several raters on the school's rubric."""

from __future__ import annotations

import datetime as dt
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
    SummativeItem,
    Table,
    book_title,
    percent_text,
    text_blocks,
)

from .analysis import (
    HeldLesson,
    OpenLessonsFigures,
    band_of,
    compute,
    parts_text,
    schedule,
)
from .schedule import Lesson
from .settings import SCORES, OpenLessonsSettings

TAUGHT_WEIGHT = 0.1
"""Default weight of the 授课 indicator (the district overrides it by key)."""
NOON = dt.time(12, 0)



def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def lesson_session(ctx: ProgramContext, lesson: Lesson) -> PlannedSession:
    """The plan entry of one scheduled lesson: in the teacher's class (or ``place``), the
    teacher as 主讲人, the parts and the observing 教研组 in the note."""
    s: OpenLessonsSettings = ctx.settings
    t = lesson.teacher
    note = [f"第 {lesson.number} 节公开课（当天第 {lesson.period} 节）"]
    if s.parts:
        note.append(parts_text(s))
    if lesson.group:
        note.append(f"观课教研组：{lesson.group}")
    return PlannedSession(
        date=lesson.date, title=f"公开课：{t.subject or '未注明学科'}（{t.name}）",
        program=ctx.program_id, start=lesson.start, end=lesson.end,
        kind=s.lesson_kinds[0] if s.lesson_kinds else "公开课", place=lesson.place,
        speaker=t.name, note="；".join(note))


class OpenLessonsProgram(ProgramType[OpenLessonsSettings]):
    """A week (or fortnight) of open lessons given by every teacher (``open_lessons``)."""

    name: ClassVar[str] = "open_lessons"
    title: ClassVar[str] = "公开课周"
    description: ClassVar[str] = (
        "全员公开课展示：按节次排出每位教师的说课、授课、评课，统计覆盖学科、信息技术使用与评课成绩")
    Settings: ClassVar[type] = OpenLessonsSettings
    record_kinds = (SCORES,)  # held lessons: the core activities (所属项目 = the instance)
    template_package: ClassVar[str | None] = __package__

    # -- plan ------------------------------------------------------------------------------
    def schedule(self, ctx: ProgramContext[OpenLessonsSettings]) -> list[Lesson]:
        return schedule(ctx)

    def plan(self, ctx: ProgramContext[OpenLessonsSettings]) -> list[PlannedSession]:
        """One session per scheduled lesson inside the term."""
        return [lesson_session(ctx, lesson) for lesson in schedule(ctx)
                if ctx.term.contains(lesson.date)]

    def measure(self, ctx: ProgramContext[OpenLessonsSettings]) -> OpenLessonsFigures:
        return compute(ctx)

    def due(self, ctx: ProgramContext, f: OpenLessonsFigures) -> dict[str, Lesson]:
        """Teacher id -> scheduled lesson, for the lessons due by ``as_of``."""
        return {lesson.teacher.id: lesson for lesson in schedule(ctx) if lesson.date <= f.as_of}

    # -- check -----------------------------------------------------------------------------
    def validate(self, ctx: ProgramContext[OpenLessonsSettings]) -> Iterator[Problem]:
        """Listed teachers and classes on the roster; the timetable inside the term; held
        lessons of known teachers; score rows of the program's teachers within the rubric."""
        s: OpenLessonsSettings = ctx.settings
        roster = {t.id for t in ctx.records.teachers()}
        for tid in s.classes:
            if tid not in roster:
                yield ctx.problem("班级设置中的教师不在教师名册中", "classes", tid, "名册中的工号")
        if not ctx.term.contains(s.start):
            yield ctx.problem("开始日期不在学期内", "start", s.start,
                              f"{ctx.term.start} 至 {ctx.term.end} 之间的日期")
        else:
            lessons = schedule(ctx)
            if lessons and lessons[-1].date > ctx.term.end:
                yield ctx.problem(f"按此安排公开课要到 {lessons[-1].date} 才结束，超出学期",
                                  "start", s.start, "更早的开始日期，或每天更多节次（periods）")
        f = self.measure(ctx)
        for a in f.unknown_speakers:
            yield Problem(f"{ctx.title}的授课教师不在教师名册中",
                          where=f"活动 {a.id}（{a.title}）", value=a.speaker,
                          expected="主讲人填授课教师的工号或姓名")
        people = {t.id for t in f.teachers}
        maxima = {r.name: r.max for r in s.rubric}
        for r in ctx.records.program_records(ctx.program_id, "scores"):
            where = f"评课评分 {r.id}（{r.teacher_id}，{r.values.get('rater') or ''}）"
            if r.teacher_id not in people:
                yield Problem(f"{ctx.title}的评分对象不是参加公开课的教师", where=where,
                              value=r.teacher_id, expected="参加公开课教师的工号")
            items = [(k, r.values.get(k)) for k in maxima]
            if all(v is None for _, v in items) and r.values.get("total") is None:
                yield Problem("评分表这一行既没有评分项也没有总分", where=where,
                              expected="、".join(maxima) + " 各项得分，或总分")
            for k, v in items:
                if isinstance(v, (int, float)) and not 0 <= v <= maxima[k]:
                    yield Problem(f"评分项“{k}”的得分超出范围", where=where, value=v,
                                  expected=f"0 至 {maxima[k]:g}")
            total = r.values.get("total")
            if isinstance(total, (int, float)) and not 0 <= total <= s.full_marks:
                yield Problem("总分超出范围", where=where, value=total,
                              expected=f"0 至 {s.full_marks:g}")

    # -- evaluation ------------------------------------------------------------------------
    def indicators(self, ctx: ProgramContext[OpenLessonsSettings]) -> list[Indicator]:
        """Whether each of the program's teachers gave their lesson (1/0); ``None`` for other
        teachers and for lessons not yet due."""
        f = self.measure(ctx)
        held = f.held_by
        due = self.due(ctx, f)
        people = {t.id for t in f.teachers}
        values: dict[str, IndicatorValue] = {}
        for t in ctx.records.teachers():
            if t.id not in people:
                values[t.id] = IndicatorValue(None, detail="不参加公开课")
            elif t.id in held:
                h = held[t.id]
                values[t.id] = IndicatorValue(1.0, evidence=(f"activity:{h.activity.id}",),
                                              detail=f"{h.activity.date} 已授课")
            elif t.id in due:
                values[t.id] = IndicatorValue(0.0, detail=f"计划 {due[t.id].date} 授课，未举行")
            else:
                values[t.id] = IndicatorValue(None, detail="尚未到授课日期")
        return [Indicator(f"{ctx.program_id}.taught", f"{ctx.title}授课", TAUGHT_WEIGHT, values)]

    def assessments(self, ctx: ProgramContext[OpenLessonsSettings]) -> list[SummativeItem]:
        """Each scored teacher's mean 评课 score over the raters, as a percent of the rubric's
        full marks."""
        s: OpenLessonsSettings = ctx.settings
        f = self.measure(ctx)
        held = f.held_by
        out = []
        for tid, scores in sorted(f.scores.items()):
            evidence = tuple(f"{ctx.program_id}.scores:{x.record.id}" for x in scores)
            if tid in held:
                evidence = (f"activity:{held[tid].activity.id}", *evidence)
            out.append(SummativeItem(tid, f"{ctx.title}评课",
                                     sum(x.percent for x in scores) / len(scores),
                                     s.score_weight, evidence))
        return out

    # -- report ----------------------------------------------------------------------------
    def figures(self, ctx: ProgramContext[OpenLessonsSettings]) -> list[Figure]:
        """teachers (scheduled), lessons (held), days, subjects, it_share and mean_score when
        there are lessons."""
        f = self.measure(ctx)
        out = [Figure("teachers", "授课教师", len(f.teachers), "人"),
               Figure("lessons", "公开课", len(f.held), "节"),
               Figure("days", "历时", len(f.days), "天"),
               Figure("subjects", "覆盖学科", len(f.subjects), "个")]
        if f.it_share is not None:
            out.append(Figure("it_share", "信息技术使用率", f.it_share, "%"))
        if f.mean_score is not None:
            out.append(Figure("mean_score", "评课平均分", round(f.mean_score, 1), "分"))
        return out

    def members(self, ctx: ProgramContext[OpenLessonsSettings]) -> list[Membership]:
        """Each scheduled teacher with their lesson (held: date and title; else the plan)."""
        f = self.measure(ctx)
        held = f.held_by
        planned = {lesson.teacher.id: lesson for lesson in schedule(ctx)}
        out = []
        for t in f.teachers:
            if t.id in held:
                a = held[t.id].activity
                detail = f"{a.date} 公开课{book_title(a.title)}"
            elif t.id in planned:
                p = planned[t.id]
                detail = f"计划 {p.date} 第 {p.period} 节（未举行）"
            else:
                detail = "未排课"
            out.append(Membership(t.id, "授课教师", detail))
        return out

    def section(self, ctx: ProgramContext[OpenLessonsSettings]) -> Section:
        s: OpenLessonsSettings = ctx.settings
        f = self.measure(ctx)
        lessons = list(f.held)
        days = f.days
        ranked = sorted(f.scored, key=lambda h: (-(h.score or 0.0), h.activity.date,
                                                 h.activity.id))
        best = ranked[:s.top]
        bands = [(b.name, b.min) for b in s.bands]
        per_day = len(s.periods)
        prose = ctx.render(
            "open_lessons_section.md.j2", name=ctx.title, settings=s, theme=s.theme,
            lessons=len(lessons), teachers=len(f.teachers),
            taught=len(f.held_by), first=days[0] if days else None,
            last=days[-1] if days else None, days=len(days), per_day=per_day,
            morning=sum(1 for p in s.periods if p.start < NOON),
            afternoon=sum(1 for p in s.periods if p.start >= NOON),
            subjects=f.subjects, it_share=f.it_share,
            it_all=bool(lessons) and all(h.uses_it for h in lessons),
            parts=list(s.parts), scored=len(f.scored), mean=f.mean_score,
            best=[_best(h) for h in best],
            all_taught=bool(f.teachers) and not f.not_held,
        )
        figures = KeyFigures((
            ("授课教师", f"{len(f.held_by)}/{len(f.teachers)} 人"), ("公开课", f"{len(lessons)} 节"),
            ("历时", f"{len(days)} 天"), ("覆盖学科", f"{len(f.subjects)} 个"),
            ("信息技术使用", percent_text(f.it_share)), ("评课平均分", _score(f.mean_score)),
        ))
        by_subject = Table(
            columns=("学科", "授课教师", "已授课", "使用信息技术", "已评分"),
            rows=tuple(_subject_rows(f)), caption="各学科公开课",
        ).with_total(columns=("授课教师", "已授课", "使用信息技术", "已评分"))
        top = Table(
            columns=("名次", "授课教师", "学科", "课题", "日期", "得分"),
            rows=tuple((str(n), *_names(h), h.activity.title, h.activity.date.isoformat(),
                        _score(h.score)) for n, h in enumerate(best, 1)),
            caption=f"优秀课例（评课得分前 {len(best)} 名）",
        )
        counts = {name: 0 for name, _ in bands}
        for h in f.scored:
            counts[band_of(h.score or 0.0, bands)] += 1
        ranges = [f"{low:g} 分及以上" if i == 0 else f"{low:g}–{bands[i - 1][1]:g} 分"
                  for i, (_, low) in enumerate(bands)]
        scored = len(f.scored)
        distribution = Table(
            columns=("档次", "得分（百分制）", "节数", "占比"),
            rows=tuple((name, ranges[i], str(counts[name]),
                        percent_text(counts[name] / scored if scored else None))
                       for i, (name, _) in enumerate(bands)),
            caption="评课成绩分布",
        ).with_total(columns=("节数",))
        listing = Table(
            columns=("日期", "授课教师", "学科", "课题", "信息技术", "评分人数", "得分"),
            rows=tuple((h.activity.date.isoformat(), *_names(h), h.activity.title,
                        "是" if h.uses_it else "否", str(len(h.scores)), _score(h.score))
                       for h in lessons),
            caption=f"{ctx.title}课例一览", appendix=True,
        ).with_total(columns=("评分人数",))
        blocks = [*text_blocks(prose), figures, by_subject]
        if best:
            blocks.append(top)
        blocks += [distribution, listing]
        return Section(title=ctx.title, key=ctx.program_id, blocks=tuple(blocks))

    def findings(self, ctx: ProgramContext[OpenLessonsSettings]) -> list[Finding]:
        """Scheduled teachers whose lesson (due by ``as_of``) was not held; lessons not scored."""
        f = self.measure(ctx)
        due = self.due(ctx, f)
        held = f.held_by
        missing = [t for t in f.teachers if t.id in due and t.id not in held]
        out: list[Finding] = []

        def add(case: str, kind: FindingKind, **values: object) -> None:
            text = ctx.render("open_lessons_findings.md.j2", case=case, name=ctx.title,
                              as_of=f.as_of, **values)
            out.append(ctx.finding(text, kind))

        if missing:
            add("not_held", FindingKind.PROBLEM, teachers=missing, due=len(due))
            add("not_held_next", FindingKind.NEXT_STEP, teachers=missing)
        if f.unscored:
            add("unscored", FindingKind.PROBLEM, lessons=[_best(h) for h in f.unscored],
                total=len(f.held))
            add("unscored_next", FindingKind.NEXT_STEP, lessons=[_best(h) for h in f.unscored])
        return out


def _names(h: HeldLesson) -> tuple[str, str]:
    if h.teacher is None:
        return h.activity.speaker, ""
    return h.teacher.name, h.teacher.subject


def _best(h: HeldLesson) -> dict[str, object]:
    name, subject = _names(h)
    return {"name": name, "subject": subject, "title": h.activity.title,
            "date": h.activity.date, "score": h.score}


def _subject_rows(f: OpenLessonsFigures) -> Iterator[tuple[str, ...]]:
    held = f.held_by
    subjects = list(dict.fromkeys(t.subject or "未注明" for t in f.teachers))
    for subject in subjects:
        teachers = [t for t in f.teachers if (t.subject or "未注明") == subject]
        lessons = [held[t.id] for t in teachers if t.id in held]
        yield (subject, str(len(teachers)), str(len(lessons)),
               str(sum(1 for h in lessons if h.uses_it)),
               str(sum(1 for h in lessons if h.score is not None)))
