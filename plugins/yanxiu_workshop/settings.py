"""Settings of one subject workshop (one ``[programs.<id>]`` table per workshop).

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.tonghua.goals``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from yanxiu_core import DateRange, after_start, iso_weekday, month_nth, not_negative, positive

DEFAULT_OUTPUTS = ("研究课", "论文", "获奖", "校本课程")
DEFAULT_MEETING_KINDS = ("会议", "研讨", "沙龙", "讲座", "观摩")










def _host(_instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"'{attribute.name}' 应填主持人的工号")


def _goals(instance: Any, attribute: attrs.Attribute[Mapping[str, int]],
           value: Mapping[str, int]) -> None:
    for kind, count in value.items():
        if kind not in instance.outputs:
            raise ValueError(f"'{attribute.name}' 中的 {kind!r} 不是成果类别（可用："
                             f"{'、'.join(instance.outputs)}；或把它加入 outputs）")
        if count < 0:
            raise ValueError(f"'{attribute.name}' 中 {kind!r} 的目标不能为负数")


def _aliases(instance: Any, attribute: attrs.Attribute[Mapping[str, str]],
             value: Mapping[str, str]) -> None:
    for kind, output in value.items():
        if output not in instance.outputs:
            raise ValueError(f"'{attribute.name}' 把 {kind!r} 归入 {output!r}，它不是成果类别"
                             f"（可用：{'、'.join(instance.outputs)}）")


@attrs.frozen
class WorkshopSettings:
    """``[programs.<id>]`` with ``type = "workshop"``: who, when, and the year's goals."""

    host: str = attrs.field(validator=_host)  # teacher id of the 主持人 (required)
    name: str = ""  # e.g. 童化作文工作室; default the type title
    subject: str = ""
    members: tuple[str, ...] = ()  # teacher ids, the host need not be listed
    every_weeks: int = attrs.field(default=2, validator=positive)
    weekday: int = attrs.field(default=4, validator=iso_weekday)  # ISO: 星期四 = 4
    # other rhythms (the core's Cadence): each month's nth weekday; N spread over the term;
    # a fixed list of dates — the first one set wins over every_weeks
    nth: int = attrs.field(default=0, validator=month_nth)
    per_term: int = attrs.field(default=0, validator=not_negative)
    dates: tuple[dt.date, ...] = ()
    start: dt.time = dt.time(15, 30)
    end: dt.time = attrs.field(default=dt.time(17, 0), validator=after_start)
    place: str = ""
    first_date: dt.date | None = None
    skip: tuple[dt.date, ...] = ()
    skip_ranges: tuple[DateRange, ...] = ()
    meeting_kinds: tuple[str, ...] = DEFAULT_MEETING_KINDS  # activity 类型 that are meetings
    outputs: tuple[str, ...] = DEFAULT_OUTPUTS  # artifact 类型 counted as outputs
    aliases: Mapping[str, str] = attrs.field(factory=dict, validator=_aliases, hash=False)
    goals: Mapping[str, int] = attrs.field(factory=dict, validator=_goals, hash=False)
    member_outputs: int = attrs.field(default=1, validator=not_negative)
    as_of: dt.date | None = None
