"""Settings and the record kind of 公开课周 (``[programs.<id>]`` with ``type = "open_lessons"``).

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.gongkaike.periods``).

Score sheets (``open_lessons.scores``) carry one column per rubric item. A record kind's columns
are declared once per program type, not per school, so the columns a sheet may have are a fixed
list (:data:`RUBRIC_COLUMNS`, the items 评课表 usually have); a school's ``rubric`` picks its
items from that list, and a sheet may give a 总分 instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from yanxiu_core import (
    RecordField,
    RecordKind,
    after_start,
    no_blank,
    not_negative,
    positive,
    stage_names,
    teacher_ids,
    unique,
)

PARTS = ("说课", "授课", "评课")
"""The parts of each lesson, in order."""

RUBRIC_COLUMNS = (
    "教学目标", "教学内容", "教学设计", "教学过程", "教学方法", "教学效果", "学生活动",
    "课堂氛围", "教师素养", "教学基本功", "信息技术应用", "信息技术", "分层教学", "核心素养",
    "说课", "评课",
)
"""Rubric items a score sheet may have as columns (the ``rubric`` setting names some of them)."""


@attrs.frozen
class Period:
    """One lesson period of a day: ``{ start = "08:00", end = "08:40" }``."""

    start: dt.time
    end: dt.time = attrs.field(validator=after_start)


@attrs.frozen
class RubricItem:
    """One item of the 评课 rubric: ``{ name = "教学目标", max = 10 }``."""

    name: str
    max: float = attrs.field(validator=positive)


@attrs.frozen
class Band:
    """A band of the score distribution: lessons scoring at least ``min`` percent."""

    name: str
    min: float = attrs.field(validator=not_negative)


DEFAULT_PERIODS = (
    Period(dt.time(8, 0), dt.time(8, 40)), Period(dt.time(9, 0), dt.time(9, 40)),
    Period(dt.time(13, 30), dt.time(14, 10)), Period(dt.time(14, 30), dt.time(15, 10)),
)
DEFAULT_RUBRIC = (
    RubricItem("教学目标", 10), RubricItem("教学内容", 20), RubricItem("教学方法", 20),
    RubricItem("信息技术应用", 20), RubricItem("教学效果", 30),
)
DEFAULT_BANDS = (Band("优秀", 90), Band("良好", 80), Band("合格", 60), Band("待改进", 0))
DEFAULT_PARTS: Mapping[str, int] = {"说课": 10, "授课": 40, "评课": 20}
DEFAULT_LESSON_KINDS = ("公开课", "展示课", "研究课")
DEFAULT_IT_WORDS = ("信息技术", "多媒体", "课件", "电子白板", "白板", "微课", "希沃", "平板", "PPT")


def _periods(_instance: Any, attribute: attrs.Attribute[Any], value: Sequence[Period]) -> None:
    if not value:
        raise ValueError(f"'{attribute.name}' 至少要有一节（如 {{ start = \"08:00\", "
                         f"end = \"08:40\" }}）")


def _rubric(_instance: Any, attribute: attrs.Attribute[Any], value: Sequence[RubricItem]) -> None:
    stage_names(_instance, attribute, [r.name for r in value])
    for item in value:
        if item.name not in RUBRIC_COLUMNS:
            raise ValueError(f"'{attribute.name}' 中的 {item.name!r} 不是评分表可用的列"
                             f"（可用：{'、'.join(RUBRIC_COLUMNS)}；或在评分表中只填总分）")


def _bands(_instance: Any, attribute: attrs.Attribute[Any], value: Sequence[Band]) -> None:
    stage_names(_instance, attribute, [b.name for b in value])
    mins = [b.min for b in value]
    if any(b >= a for a, b in itertools.pairwise(mins)):
        raise ValueError(f"'{attribute.name}' 应按下限从高到低排列，且下限各不相同")
    if mins[-1] != 0:
        raise ValueError(f"'{attribute.name}' 最后一档的下限应为 0，使每个分数都有所属档次")


def _parts(_instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, int]) -> None:
    for name, minutes in value.items():
        if name not in PARTS:
            raise ValueError(f"'{attribute.name}' 中的 {name!r} 不是公开课环节（{'、'.join(PARTS)}）")
        if minutes < 0:
            raise ValueError(f"'{attribute.name}' 中 {name!r} 的时长不能为负数")


@attrs.frozen
class OpenLessonsSettings:
    """``[programs.<id>]`` with ``type = "open_lessons"``: who teaches, when, how it is scored."""

    start: dt.date  # first day of the lessons (required)
    name: str = ""  # the title in the summary; default the type title 公开课周
    theme: str = ""  # e.g. 信息技术与分层教学有效融合
    teachers: tuple[str, ...] = teacher_ids("教师", validator=[no_blank, unique])  # () = all
    subjects: tuple[str, ...] = ()  # only teachers of these subjects; () = every subject
    periods: tuple[Period, ...] = attrs.field(default=DEFAULT_PERIODS, validator=_periods)
    skip: tuple[dt.date, ...] = ()  # days without lessons besides weekends and holidays
    seed: int = 0  # the order of the teachers is shuffled with this seed
    place: str = ""  # where a lesson is when the teacher's class is not known
    classes: Mapping[str, str] = attrs.field(factory=dict, hash=False)  # 工号 -> 班级
    parts: Mapping[str, int] = attrs.field(factory=lambda: dict(DEFAULT_PARTS),
                                           validator=_parts, hash=False)
    rubric: tuple[RubricItem, ...] = attrs.field(default=DEFAULT_RUBRIC, validator=_rubric)
    bands: tuple[Band, ...] = attrs.field(default=DEFAULT_BANDS, validator=_bands)
    lesson_kinds: tuple[str, ...] = DEFAULT_LESSON_KINDS  # activity 类型 that are held lessons
    it_kinds: tuple[str, ...] = ()  # activity 类型 that count as using 信息技术 outright
    it_words: tuple[str, ...] = DEFAULT_IT_WORDS  # words in 主题/内容 that mean 信息技术 use
    top: int = attrs.field(default=5, validator=not_negative)  # best lessons named
    score_weight: float = attrs.field(default=1.0, validator=positive)  # of the summative item
    as_of: dt.date | None = None

    @property
    def full_marks(self) -> float:
        return sum(r.max for r in self.rubric)


SCORES = RecordKind(
    name="scores",
    title="评课评分",
    fields=(
        RecordField("teacher_id", ("授课教师工号", "工号", "授课教师", "teacher_id"), required=True),
        RecordField("rater", ("评课人", "评委", "评分人", "rater"), required=True),
        RecordField("date", ("日期", "评课日期", "date"), type="date"),
        RecordField("total", ("总分", "得分", "total"), type="float"),
        *(RecordField(name, (name,), type="float") for name in RUBRIC_COLUMNS),
    ),
    key=("teacher_id", "rater"),
)
