"""The timetable as a file: text table, CSV, xlsx, iCalendar or JSON, all through the core
(:func:`~yanxiu_core.text_table`, the formula-safe :func:`~yanxiu_core.write_csv` and
:func:`~yanxiu_core.write_xlsx`, the planning calendar's :func:`~yanxiu_core.render_ics`).
Plain functions of a :class:`~yanxiu_core.ProgramContext`; the command only picks and writes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from yanxiu_core import (
    ProgramContext,
    Sheet,
    collect_plan,
    render_ics,
    text_table,
    weekday_name,
    write_csv,
    write_xlsx,
)

from .analysis import parts_text
from .schedule import Lesson
from .settings import OpenLessonsSettings

FORMATS = ("table", "csv", "xlsx", "ics", "json")
SUFFIXES = {".txt": "table", ".csv": "csv", ".xlsx": "xlsx", ".ics": "ics", ".json": "json"}
COLUMNS = ("序号", "日期", "星期", "节次", "开始", "结束", "授课教师", "工号", "学科", "班级", "地点",
           "观课教研组", "环节")


def rows(ctx: ProgramContext, lessons: Sequence[Lesson]) -> list[list[Any]]:
    """One row per lesson in :data:`COLUMNS`: dates and times as such, the rest text."""
    s: OpenLessonsSettings = ctx.settings
    parts = parts_text(s)
    return [[x.number, x.date, weekday_name(x.date), x.period, x.start, x.end, x.teacher.name,
             x.teacher.id, x.teacher.subject, x.class_name, x.place, x.group, parts]
            for x in lessons]


def _summary(lessons: Sequence[Lesson]) -> str:
    if not lessons:
        return "没有可安排的教师。"
    days = sorted({x.date for x in lessons})
    return (f"共 {len(lessons)} 节：{days[0]} 至 {days[-1]}，{len(days)} 个上课日，"
            f"{len({x.teacher.subject for x in lessons if x.teacher.subject})} 个学科")


def as_table(ctx: ProgramContext, lessons: Sequence[Lesson]) -> str:
    shown = [[_cell(c) for c in r] for r in rows(ctx, lessons)]
    return text_table(COLUMNS, shown) + "\n\n" + _summary(lessons) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return str(value.strftime("%H:%M"))
    return str(value)


def as_csv(ctx: ProgramContext, lessons: Sequence[Lesson]) -> str:
    return write_csv(rows(ctx, lessons), COLUMNS)


def as_xlsx(ctx: ProgramContext, lessons: Sequence[Lesson]) -> bytes:
    title = f"{ctx.school.name}{ctx.title}安排"
    return write_xlsx([Sheet(ctx.title[:31], COLUMNS, rows(ctx, lessons))], stamp=ctx.term.end,
                      author=ctx.school.name, title=title)


def as_json(ctx: ProgramContext, lessons: Sequence[Lesson]) -> str:
    data = [dict(zip(COLUMNS, (_cell(c) if not isinstance(c, int) else c for c in r), strict=True))
            for r in rows(ctx, lessons)]
    return json.dumps({"program": ctx.program_id, "lessons": data}, ensure_ascii=False,
                      indent=2) + "\n"


def as_ics(ctx: ProgramContext, program: Any) -> str:
    """The instance's plan (every scheduled lesson, merged with the lessons already held) as
    the core's planning calendar writes it."""
    plan = collect_plan(program.plan(ctx), ctx.records.activities(program=ctx.program_id))
    return render_ics(plan, ctx.school.name, titles={ctx.program_id: ctx.title})


def conflicts(ctx: ProgramContext, program: Any) -> list[str]:
    """The core planning's conflicts (same place or speaker at once) among the instance's
    lessons, as Chinese lines."""
    plan = collect_plan(program.plan(ctx), ctx.records.activities(program=ctx.program_id))
    return [str(c) for c in plan.conflicts]
