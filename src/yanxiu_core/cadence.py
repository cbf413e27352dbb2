"""When a program's sessions fall: one settings class every program with a schedule embeds.

A school writes its rhythm in one of four ways, and :class:`Cadence` takes each (the first one
set wins, in this order):

* ``dates = [2020-09-16, 2020-10-14, …]`` — a fixed list the school decided;
* ``nth = 1`` (with ``weekday``) — each month's first Wednesday (``nth = -1``: the last);
* ``per_term = 6`` (with ``weekday``) — six sessions spread evenly over the term;
* ``every_weeks = 2`` (with ``weekday``) — every two weeks; ``0`` plans nothing.

Single ``skip`` dates, ``skip_ranges`` (寒假, 期末) and the district's holidays are always left out;
a skipped date keeps the rhythm. Planned-vs-held figures compare the records against
:meth:`Cadence.dates_in`, so they follow whatever rhythm is configured. Programs with flat keys in
their own settings (``every_weeks = 2`` beside their other keys) build one with
:func:`cadence_of`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from .model import Term
from .toolkit import (
    DateRange,
    dates_in,
    every_n_weeks,
    month_day_text,
    monthly_dates,
    spread_dates,
    weekday_name,
)
from .validators import after_start, iso_weekday, month_nth, not_negative

_EVERY = {1: "每周", 2: "每两周", 3: "每三周", 4: "每四周"}


@attrs.frozen
class Cadence:
    """A program's rhythm (``[programs.<id>.cadence]`` or the program's own flat keys)."""

    weekday: int = attrs.field(default=3, validator=iso_weekday)  # ISO: 星期一 = 1
    every_weeks: int = attrs.field(default=1, validator=not_negative)  # 0: nothing planned
    nth: int = attrs.field(default=0, validator=month_nth)  # each month's nth weekday; -1 last
    dates: tuple[dt.date, ...] = ()  # a fixed list instead of a rhythm
    per_term: int = attrs.field(default=0, validator=not_negative)  # N spread over the term
    first_date: dt.date | None = None
    start: dt.time = dt.time(15, 30)
    end: dt.time = attrs.field(default=dt.time(17, 0), validator=after_start)
    place: str = ""

    @property
    def mode(self) -> str:
        """``dates``, ``monthly``, ``per_term``, ``weekly`` or ``none`` (nothing planned)."""
        if self.dates:
            return "dates"
        if self.nth:
            return "monthly"
        if self.per_term:
            return "per_term"
        return "weekly" if self.every_weeks else "none"

    def dates_in(self, term: Term, *, skip: Iterable[dt.date] = (),
                 skip_ranges: Iterable[DateRange] = (),
                 holidays: Iterable[dt.date] = ()) -> list[dt.date]:
        """The planned dates inside ``term``, without ``skip``, ``skip_ranges`` and holidays."""
        skipped = set(skip) | set(holidays)
        for r in skip_ranges:
            skipped.update(r.days())
        start = max(self.first_date or term.start, term.start)
        mode = self.mode
        if mode == "dates":
            return dates_in(term, self.dates, skipped)
        if mode == "monthly":
            return monthly_dates(start, term.end, self.weekday, self.nth, skipped)
        if mode == "per_term":
            return spread_dates(start, term.end, self.per_term, self.weekday, skipped)
        if mode == "weekly":
            return every_n_weeks(start, term.end, self.weekday, self.every_weeks, skipped)
        return []

    def describe(self) -> str:
        """The rhythm as a 方案 or 总结 says it: ``每两周星期三``, ``每月第一个星期三``,
        ``每学年6次（星期三）``, ``按确定的日期（共5次）``; ``""`` when nothing is planned."""
        mode = self.mode
        day = weekday_name(self.weekday)
        if mode == "dates":
            return f"按确定的日期（共{len(self.dates)}次）"
        if mode == "monthly":
            return month_day_text(self.weekday, self.nth)
        if mode == "per_term":
            return f"每学年{self.per_term}次（{day}）"
        if mode == "weekly":
            return f"{_EVERY.get(self.every_weeks, f'每{self.every_weeks}周')}{day}"
        return ""


_FIELDS = tuple(a.name for a in attrs.fields(Cadence))


def cadence_of(settings: Any, **defaults: Any) -> Cadence:
    """The :class:`Cadence` of a program whose settings carry the cadence's keys flat
    (``every_weeks``, ``weekday``, ``nth``, ``dates``, ``per_term``, ``first_date``, ``start``,
    ``end``, ``place``); a key the settings lack takes ``defaults`` or the class default."""
    values = {**defaults, **{name: getattr(settings, name) for name in _FIELDS
                             if hasattr(settings, name)}}
    return Cadence(**values)
