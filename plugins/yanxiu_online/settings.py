"""Settings and the record kind of 网络研修 (``[programs.<id>]`` with ``type = "online"``).

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.wangluo.max_hours``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from yanxiu_core import RecordField, RecordKind

DEFAULT_CATEGORY = "网络研修"
DONE_WORDS = ("已完成", "完成", "已结业", "结业", "合格", "已合格", "通过", "已通过", "已学完")


def _not_negative(_instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"'{attribute.name}' 不能为负数（0 表示不设）")


def _not_blank(_instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"'{attribute.name}' 不能为空")


def _categories(_instance: Any, attribute: attrs.Attribute[Mapping[str, str]],
                value: Mapping[str, str]) -> None:
    for course_category, credit_category in value.items():
        if not str(course_category).strip() or not str(credit_category).strip():
            raise ValueError(f"'{attribute.name}' 中有空白的课程类别或学分类别"
                             f"（{course_category!r} = {credit_category!r}）")


def _words(_instance: Any, attribute: attrs.Attribute[tuple[str, ...]],
           value: tuple[str, ...]) -> None:
    if not value or any(not w.strip() for w in value):
        raise ValueError(f"'{attribute.name}' 应列出表示“已完成”的状态，如 已完成、合格")


def _weight(_instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 <= value <= 1:
        raise ValueError(f"'{attribute.name}' 应在 0 到 1 之间")


@attrs.frozen
class OnlineSettings:
    """``[programs.<id>]`` with ``type = "online"``."""

    name: str = ""  # the title in the summary; default the type title 网络研修
    # the credit category of [hours.per_credit] a course is credited in, by the export's 课程类别;
    # a course whose category is not listed (or blank) goes to `category`
    category: str = attrs.field(default=DEFAULT_CATEGORY, validator=_not_blank)
    categories: Mapping[str, str] = attrs.field(factory=dict, validator=_categories, hash=False)
    max_hours: float = attrs.field(default=0.0, validator=_not_negative)  # yearly cap; 0: none
    required_hours: float = attrs.field(default=0.0, validator=_not_negative)  # per teacher
    done_words: tuple[str, ...] = attrs.field(default=DONE_WORDS, validator=_words)
    certificate_required: bool = False  # a course counts only with a 证书编号
    weight: float = attrs.field(default=0.1, validator=_weight)  # of the <id>.hours indicator
    as_of: dt.date | None = None

    def credit_category(self, course_category: str) -> str:
        return self.categories.get(course_category.strip(), self.category)


COURSES = RecordKind(
    name="courses",
    title="网络研修平台导出",
    fields=(
        RecordField("teacher_id", ("工号", "教师工号", "教师编号", "用户编号", "teacher_id"),
                    required=True),
        RecordField("teacher_name", ("姓名", "教师姓名", "学员姓名", "name")),
        RecordField("course", ("课程名称", "课程", "课程标题", "学习内容", "course"), required=True),
        RecordField("category", ("课程类别", "学分类别", "类别", "课程类型", "category")),
        RecordField("minutes", ("学时", "课程学时", "获得学时", "认定学时", "hours"),
                    type="minutes", required=True),
        RecordField("date", ("完成日期", "完成时间", "结业日期", "学习日期", "日期", "date"),
                    type="date", required=True),
        RecordField("certificate", ("证书编号", "证书号", "证书", "certificate")),
        RecordField("status", ("完成状态", "学习状态", "状态", "status")),
    ),
    key=("teacher_id", "course", "date"),
)
