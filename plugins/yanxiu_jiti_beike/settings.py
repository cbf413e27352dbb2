"""Settings and record kinds of 集体备课 (``[programs.<id>]`` with ``type = "jiti_beike"``).

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.jtbk.cadence.weekday``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from yanxiu_core import (
    Cadence,
    DateRange,
    EligibilityRules,
    RecordField,
    RecordKind,
    positive,
    teacher_ids,
)

DEFAULT_STEPS = ("个人自备", "集体讨论", "个人复备")
HEAD_ROLES = {"教研组": ("教研组长", "组长"), "备课组": ("备课组长", "组长")}
"""Roster roles that make a member the 组长 of a 教研组 / 备课组 when ``heads`` names none."""


JTBK_CADENCE = Cadence(every_weeks=1, end=dt.time(16, 30))
"""A 组's default rhythm: every week, 星期三 15:30–16:30 (the core's :class:`Cadence`)."""


def _blank_keys(_instance: Any, attribute: attrs.Attribute[Mapping[str, Any]],
                value: Mapping[str, Any]) -> None:
    for key, item in value.items():
        if not str(key).strip():
            raise ValueError(f"'{attribute.name}' 中有空白的组名")
        if isinstance(item, str) and not item.strip():
            raise ValueError(f"'{attribute.name}' 中 {key!r} 的工号为空")


def _prep_groups(_instance: Any, attribute: attrs.Attribute[Mapping[str, tuple[str, ...]]],
                 value: Mapping[str, tuple[str, ...]]) -> None:
    _blank_keys(_instance, attribute, value)
    for key, ids in value.items():
        if not ids:
            raise ValueError(f"'{attribute.name}' 中 {key!r} 没有成员")


def _steps(_instance: Any, attribute: attrs.Attribute[tuple[str, ...]],
           value: tuple[str, ...]) -> None:
    if not value or any(not v.strip() for v in value) or len(set(value)) != len(value):
        raise ValueError(f"'{attribute.name}' 应为不重复的成果类型（如 个人自备、集体讨论、个人复备）")


@attrs.frozen
class JitiBeikeSettings:
    """``[programs.<id>]`` with ``type = "jiti_beike"``."""

    name: str = ""  # e.g. 集体备课; default the type title
    groups: tuple[str, ...] = ()  # 教研组 taking part; default every 教研组 on the roster
    # 备课组 (a grade's teachers of one subject): name -> teacher ids
    prep_groups: Mapping[str, tuple[str, ...]] = teacher_ids(
        "备课组成员", factory=dict, validator=_prep_groups, hash=False)
    heads: Mapping[str, str] = teacher_ids(  # 组 -> 工号 of the 组长
        "组长", factory=dict, validator=_blank_keys, hash=False)
    sitting_leaders: Mapping[str, str] = teacher_ids(  # 组 -> 工号 of the 蹲点 school leader
        "蹲点领导", factory=dict, validator=_blank_keys, hash=False)
    cadence: Cadence = JTBK_CADENCE
    cadences: Mapping[str, Cadence] = attrs.field(factory=dict, validator=_blank_keys, hash=False)
    skip: tuple[dt.date, ...] = ()
    skip_ranges: tuple[DateRange, ...] = ()
    session_kinds: tuple[str, ...] = ()  # activity 类型 that are sessions; empty: all of them
    platform: EligibilityRules = attrs.field(  # who uses 网络电子备课
        factory=lambda: EligibilityRules(max_age=35))
    steps: tuple[str, ...] = attrs.field(default=DEFAULT_STEPS, validator=_steps)
    units: int = attrs.field(default=4, validator=positive)  # units per teacher in the term
    as_of: dt.date | None = None

    def cadence_of(self, group: str) -> Cadence:
        return self.cadences.get(group, self.cadence)


PLATFORM = RecordKind(
    name="platform",
    title="网络电子备课平台导出",
    fields=(
        RecordField("teacher_id", ("工号", "教师工号", "teacher_id"), required=True),
        RecordField("unit", ("单元/课题", "单元", "课题", "单元名称", "unit"), required=True),
        RecordField("date", ("提交日期", "日期", "提交时间", "date"), type="date", required=True),
        RecordField("item", ("类型", "资源类型", "内容", "item"), required=False),
    ),
    key=("teacher_id", "unit", "date", "item"),
)
