"""What the summary reads from the records, once, and how its figures are written.

学时 are shown per row with one decimal and every total is the sum of the shown rows
(``Table.with_total``); shares in prose are whole percents the way schools write them (22%),
in tables one decimal (21.9%).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from ..hours import Credit, HoursPolicy, credit_minutes, format_hours
from ..model import Activity, Teacher
from ..records import ActivityAttendance, Records

UNKNOWN = "未填"


def dec(text: str) -> Decimal:
    return Decimal(text)


def one(value: Decimal) -> str:
    """One decimal, half up: ``Decimal('96.65')`` → ``96.7``."""
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):.1f}"


def rate(attended: int, expected: int) -> str:
    """A table share with one decimal: ``21.9%``; ``-`` when nothing was expected."""
    return one(Decimal(100 * attended) / Decimal(expected)) + "%" if expected else "-"


def whole_percent(part: int, whole: int) -> str:
    """A share as people write it in prose: ``7, 32`` → ``22%`` (half up); ``-`` for 0 of 0."""
    if not whole:
        return "-"
    value = (Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{value}%"


def cn_date(day: dt.date) -> str:
    """``2021年7月10日``, the way a Chinese document dates itself."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def ordered_counts(keys: Iterable[str], last: str = "") -> list[tuple[str, int]]:
    """Counts in order of first appearance, with ``last`` (a catch-all) moved to the end."""
    counts = Counter(keys)
    order = [k for k in counts if k != last] + ([last] if last in counts else [])
    return [(k, counts[k]) for k in order]


@attrs.frozen
class Facts:
    """The records the core parts of the summary need, read once per report."""

    teachers: list[Teacher]
    minutes: dict[str, int]  # teacher id -> credited minutes (0 when no rows)
    attended_rows: dict[str, int]  # teacher id -> rows 出席 or 迟到
    activities: list[Activity]
    per_activity: dict[str, ActivityAttendance]  # aggregated by the store, not here
    by_category: dict[str, int]  # credit category -> credited minutes
    hours: HoursPolicy

    @classmethod
    def read(cls, records: Records, hours: HoursPolicy, credits: Sequence[Credit] = ()) -> Facts:
        """``credits``: the programs' time besides attendance, added to each teacher's minutes
        and to its credit category (only teachers on the roster count)."""
        teachers = records.teachers()
        summary = records.attendance_summary()
        ids = {t.id for t in teachers}
        own = [c for c in credits if c.teacher_id in ids]
        extra = credit_minutes(own)
        minutes = {t.id: (summary[t.id].minutes if t.id in summary else 0) + extra.get(t.id, 0)
                   for t in teachers}
        attended = {t.id: (summary[t.id].attended if t.id in summary else 0) for t in teachers}
        by_category = dict(records.minutes_by_category())
        for c in own:
            by_category[c.category] = by_category.get(c.category, 0) + c.minutes
        return cls(teachers, minutes, attended, records.activities(),
                   records.activity_attendance(), by_category, hours)

    def shown_hours(self, minutes: int) -> Decimal:
        """学时 of one row as displayed (one decimal); totals are sums of these."""
        return dec(format_hours(minutes, self.hours))

    def attended(self, activity_id: str) -> int:
        figures = self.per_activity.get(activity_id)
        return 0 if figures is None else figures.attended

    def expected(self, activity_id: str) -> int:
        figures = self.per_activity.get(activity_id)
        return 0 if figures is None else figures.expected

    def teacher_hours(self, teacher: Teacher) -> Decimal:
        return self.shown_hours(self.minutes[teacher.id])

    def meets(self, teacher: Teacher) -> bool:
        return self.minutes[teacher.id] >= self.hours.required_minutes

    def participants(self) -> int:
        """Teachers on the roster who attended at least one activity."""
        return sum(1 for t in self.teachers if self.attended_rows[t.id] > 0)
