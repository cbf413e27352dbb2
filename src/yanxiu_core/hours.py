"""学时 arithmetic. Minutes are the only stored unit; 学时 and 学分 are derived and rounded once,
at display time, so that a total always equals the sum of the rows it is shown beside."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs


@attrs.frozen
class HoursPolicy:
    """District settings for credited time.

    ``hours_per_credit`` maps a credit category (e.g. 校本研修, 集中培训) to how many 学时 make one
    学分; a category not listed uses ``default_hours_per_credit``.
    """

    minutes_per_hour: int = 45
    required_hours: float = 72.0
    hours_per_credit: Mapping[str, float] = attrs.field(factory=dict)
    default_hours_per_credit: float = 20.0

    @property
    def required_minutes(self) -> int:
        return round(self.required_hours * self.minutes_per_hour)

    def hours_to_minutes(self, hours: float) -> int:
        return round(hours * self.minutes_per_hour)

    def minutes_to_hours(self, minutes: int) -> float:
        """学时 for display, rounded to one decimal."""
        return round(minutes / self.minutes_per_hour, 1)

    def minutes_to_credits(self, minutes: int, category: str = "") -> float:
        per_credit = self.hours_per_credit.get(category, self.default_hours_per_credit)
        return round(minutes / self.minutes_per_hour / per_credit, 2)


def sum_minutes(rows: Iterable[int]) -> int:
    """Total of whole-minute rows; the only way totals are formed."""
    return sum(int(m) for m in rows)


def format_hours(minutes: int, policy: HoursPolicy) -> str:
    """``'2.0'`` style 学时 text for a number of minutes."""
    return f"{policy.minutes_to_hours(minutes):.1f}"
