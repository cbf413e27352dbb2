"""Settings and record kinds of 师德建设 (``[programs.<id>]`` with ``type = "ethics"``).

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.shide.veto_results``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from yanxiu_core import RecordField, RecordKind, after_start, iso_weekday, month_nth, not_negative

DEFAULT_RESULTS = ("优秀", "合格", "基本合格", "不合格")


def _results(_instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    """The 考核 results, best first: at least two, none blank, each once."""
    if len(value) < 2:
        raise ValueError(f"'{attribute.name}' 至少要有两个考核结果（从好到差，如 优秀、合格、不合格）")
    seen: set[str] = set()
    for name in value:
        if not name.strip():
            raise ValueError(f"'{attribute.name}' 中有空的考核结果")
        if name in seen:
            raise ValueError(f"'{attribute.name}' 中的考核结果 {name!r} 重复")
        seen.add(name)


def _veto_results(instance: Any, attribute: attrs.Attribute[Any],
                  value: tuple[str, ...]) -> None:
    for name in value:
        if name not in instance.results:
            raise ValueError(f"'{attribute.name}' 中的 {name!r} 不是考核结果（可用："
                             f"{'、'.join(instance.results)}）")


def _not_blank(_instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValueError(f"'{attribute.name}' 不能为空")


@attrs.frozen
class EthicsSettings:
    """``[programs.<id>]`` with ``type = "ethics"``: sessions, pledges, results and the veto."""

    name: str = ""  # the title in the summary; default the type title 师德建设
    # study sessions on a cadence: every_weeks = 0 plans none (sessions are only counted)
    every_weeks: int = attrs.field(default=0, validator=not_negative)
    weekday: int = attrs.field(default=3, validator=iso_weekday)  # ISO: 星期三 = 3
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
    # the pledge: an artifact of this kind, one per teacher per year
    pledge_kind: str = attrs.field(default="师德承诺书", validator=_not_blank)
    # the 师德考核: results best first; these ones veto the year's grade
    results: tuple[str, ...] = attrs.field(default=DEFAULT_RESULTS, validator=_results)
    veto_results: tuple[str, ...] = attrs.field(default=("不合格",), validator=_veto_results)
    veto_grade: str = attrs.field(default="不合格", validator=_not_blank)
    as_of: dt.date | None = None


RESULTS = RecordKind(
    name="results",
    title="师德考核结果",
    fields=(
        RecordField("teacher_id", ("工号", "teacher_id"), required=True),
        RecordField("result", ("结果", "考核结果", "师德考核结果", "等级", "result"),
                    required=True),
        RecordField("date", ("日期", "考核日期", "date"), type="date", required=True),
        RecordField("note", ("说明", "备注", "note")),
    ),
    key=("teacher_id", "date"),
)

EXEMPLARS = RecordKind(
    name="exemplars",
    title="师德典型",
    fields=(
        RecordField("teacher_id", ("工号", "teacher_id"), required=True),
        RecordField("deed", ("事迹", "主要事迹", "deed"), required=True),
        RecordField("honour", ("称号", "荣誉", "honour")),
        RecordField("date", ("日期", "评选日期", "date"), type="date"),
    ),
    key=("teacher_id", "deed"),
)
