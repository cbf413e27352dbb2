"""Settings of the lecture series, read from the school's ``[programs.<id>]`` table.

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.lecture.weekday``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from yanxiu_core import DateRange, after_start, iso_weekday, month_nth, not_negative, positive, unit_ratio

DEFAULT_COLUMNS = ("名家思想", "教育智慧", "经典欣赏", "典型成长")










def _columns(_instance: Any, attribute: attrs.Attribute[tuple[str, ...]],
             value: tuple[str, ...]) -> None:
    if not value or any(not c.strip() for c in value):
        raise ValueError(f"'{attribute.name}' 应至少列出一个栏目，栏目名不能为空")
    if len(set(value)) != len(value):
        raise ValueError(f"'{attribute.name}' 中有重复的栏目")


@attrs.frozen
class SessionSpec:
    """What the school already knows about one session: its topic, its speaker, or a column
    other than the rotation's. ``date`` must be one of the planned dates."""

    date: dt.date
    title: str = ""
    speaker: str = ""
    column: str = ""


@attrs.frozen
class LectureSettings:
    """``[programs.lecture]``: cadence, columns, speakers and thresholds of the series."""

    name: str = ""  # the school's name for the series (e.g. 城南大讲堂); default the type title
    every_weeks: int = attrs.field(default=2, validator=positive)
    weekday: int = attrs.field(default=3, validator=iso_weekday)  # ISO: 星期三 = 3
    # other rhythms (the core's Cadence): each month's nth weekday; N spread over the term;
    # a fixed list of dates — the first one set wins over every_weeks
    nth: int = attrs.field(default=0, validator=month_nth)
    per_term: int = attrs.field(default=0, validator=not_negative)
    dates: tuple[dt.date, ...] = ()
    start: dt.time = dt.time(15, 30)
    end: dt.time = attrs.field(default=dt.time(17, 0), validator=after_start)
    place: str = "学术报告厅"
    first_date: dt.date | None = None  # default: the first `weekday` of the term
    columns: tuple[str, ...] = attrs.field(default=DEFAULT_COLUMNS, validator=_columns)
    skip: tuple[dt.date, ...] = ()  # single dates without a lecture (besides holidays)
    skip_ranges: tuple[DateRange, ...] = ()  # winter and summer breaks, exam weeks
    sessions: tuple[SessionSpec, ...] = ()
    inside_prefixes: tuple[str, ...] = ("校内",)  # 主讲人 "校内：…" → in-school speaker
    outside_prefixes: tuple[str, ...] = ("外聘", "校外")  # 主讲人 "外聘：…" → outside expert
    everyone_expected: bool = True  # every teacher is expected at every lecture
    low_attendance_rate: float = attrs.field(default=0.85, validator=unit_ratio)
    as_of: dt.date | None = None  # count "planned to date" up to this day (default: today)
