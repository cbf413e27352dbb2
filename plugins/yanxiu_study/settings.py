"""Settings and record kinds of 理论学习与个人三年发展规划 (``[programs.<id>]`` with
``type = "study"``).

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.study.every_weeks``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from yanxiu_core import (
    DateRange,
    RecordField,
    RecordKind,
    after_start,
    iso_weekday,
    month_nth,
    not_negative,
    positive,
    stage_names,
)

PER_SESSION, PER_TERM = "session", "term"


def _kinds(_instance: Any, attribute: attrs.Attribute[tuple[str, ...]],
           value: tuple[str, ...]) -> None:
    """A non-empty list of artifact 类型, none blank, each once."""
    stage_names(_instance, attribute, value)


def _notes_per(_instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in (PER_SESSION, PER_TERM):
        raise ValueError(f"'{attribute.name}' 应为 \"{PER_SESSION}\"（每次学习一篇）"
                         f"或 \"{PER_TERM}\"（每学年 notes_count 篇）")


def _topics(_instance: Any, attribute: attrs.Attribute[tuple[str, ...]],
            value: tuple[str, ...]) -> None:
    if any(not v.strip() for v in value):
        raise ValueError(f"'{attribute.name}' 中有空白的专题")


@attrs.frozen
class StudySettings:
    """``[programs.<id>]`` with ``type = "study"``: the study sessions' cadence and topics, the
    notes asked for, and the teachers' 个人三年发展规划."""

    name: str = ""  # the title in the summary; default the type title
    # cadence (the core's Cadence, keys flat): every ``every_weeks`` weeks on ``weekday``; ``nth``:
    # each month's nth weekday; ``per_term``: N spread over the term; ``dates``: a fixed list
    weekday: int = attrs.field(default=3, validator=iso_weekday)
    every_weeks: int = attrs.field(default=2, validator=positive)
    nth: int = attrs.field(default=0, validator=month_nth)
    dates: tuple[dt.date, ...] = ()
    per_term: int = attrs.field(default=0, validator=not_negative)  # N spread over the term
    first_date: dt.date | None = None
    skip: tuple[dt.date, ...] = ()
    skip_ranges: tuple[DateRange, ...] = ()
    start: dt.time = dt.time(15, 30)
    end: dt.time = attrs.field(default=dt.time(17, 0), validator=after_start)
    place: str = ""
    topics: tuple[str, ...] = attrs.field(default=(), validator=_topics)  # by session, in order
    session_kinds: tuple[str, ...] = attrs.field(default=("理论学习", "政治学习"), validator=_kinds)
    # notes: one per held session, or ``notes_count`` in the year (handed in at each 学期's end)
    notes_per: str = attrs.field(default=PER_TERM, validator=_notes_per)
    notes_count: int = attrs.field(default=2, validator=positive)
    note_kinds: tuple[str, ...] = attrs.field(default=("学习笔记",), validator=_kinds)
    min_chars: int = attrs.field(default=0, validator=not_negative)  # 字数, when exported
    plan_kinds: tuple[str, ...] = attrs.field(
        default=("个人三年发展规划", "三年发展规划", "个人发展规划"), validator=_kinds)
    review_kinds: tuple[str, ...] = attrs.field(default=("年度自查", "自评", "年度自评"),
                                                validator=_kinds)
    plan_years: int = attrs.field(default=3, validator=positive)
    as_of: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        for a, b, what in ((self.note_kinds, self.plan_kinds, "plan_kinds"),
                           (self.note_kinds, self.review_kinds, "review_kinds"),
                           (self.plan_kinds, self.review_kinds, "review_kinds")):
            both = [k for k in b if k in a]
            if both:
                raise ValueError(f"'{what}' 中的 {'、'.join(both)} 已用于另一类材料")


NOTES = RecordKind(
    name="notes",
    title="学习笔记（平台导出）",
    fields=(
        RecordField("teacher_id", ("工号", "教师工号", "teacher_id"), required=True),
        RecordField("title", ("标题", "笔记标题", "学习内容", "title")),
        RecordField("date", ("提交日期", "日期", "提交时间", "date"), type="date", required=True),
        RecordField("chars", ("字数", "字数（字）", "chars"), type="int"),
    ),
    key=("teacher_id", "title", "date"),
)

PLANS = RecordKind(
    name="plans",
    title="个人三年发展规划",
    fields=(
        RecordField("teacher_id", ("工号", "教师工号", "teacher_id"), required=True),
        RecordField("start_year", ("起始年份", "规划起始年", "起始年度", "start_year"), type="int",
                    required=True),
        # not named ``date``: a plan runs three years, so its row is read in every term
        RecordField("submitted", ("提交日期", "制订日期", "submitted"), type="date"),
        RecordField("goals", ("年度目标", "目标", "goals")),
    ),
    key=("teacher_id", "start_year"),
)
