"""学时 arithmetic. Minutes are the only stored unit; 学时 and 学分 are derived and rounded once,
at display time, so that a total always equals the sum of the rows it is shown beside."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

import attrs


def _minutes(hours: float, minutes_per_hour: float) -> int:
    """Whole minutes of ``hours``, half up, computed in decimal (1.15 × 45 is 51.75, not the
    binary float's 51.74999…)."""
    exact = Decimal(str(hours)) * Decimal(str(minutes_per_hour))
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


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
        """The yearly requirement ``required_hours`` in whole minutes (rounded half up): what a
        teacher's credited minutes are compared with (学时达标)."""
        return _minutes(self.required_hours, self.minutes_per_hour)

    def hours_to_minutes(self, hours: float) -> int:
        """``hours`` 学时 as whole minutes, ``minutes_per_hour`` each; a half minute rounds up,
        as schools round (0.5 学时 × 45 = 22.5 → 23; Python's ``round`` would give 22, and 68
        for 1.5). The importer reads 学时 cells with it; a program uses it to turn hours into a
        :class:`Credit`."""
        return _minutes(hours, self.minutes_per_hour)

    def minutes_to_hours(self, minutes: int) -> float:
        """学时 for display, rounded to one decimal."""
        return round(minutes / self.minutes_per_hour, 1)

    def minutes_to_credits(self, minutes: int, category: str = "") -> float:
        """学分 for ``minutes`` of credit ``category``: the 学时 divided by the category's
        ``hours_per_credit`` (``default_hours_per_credit`` when it is not listed), rounded to
        two decimals."""
        per_credit = self.hours_per_credit.get(category, self.default_hours_per_credit)
        return round(minutes / self.minutes_per_hour / per_credit, 2)


def sum_minutes(rows: Iterable[int]) -> int:
    """Total of whole-minute rows; the only way totals are formed."""
    return sum(int(m) for m in rows)


def format_hours(minutes: int, policy: HoursPolicy) -> str:
    """``'2.0'`` style 学时 text for a number of minutes."""
    return f"{policy.minutes_to_hours(minutes):.1f}"


def _not_negative(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be whole minutes >= 0, got {value}")


@attrs.frozen
class Credit:
    """Time a program credits to a teacher outside attendance (``ProgramType.credits``): an
    online course, a training certificate. The core adds it to the teacher's 学时 wherever 学时
    are counted — the 学时达标 indicator, the 总结's figures and tables, the 研修档案, targets,
    the district roll-up — in its credit ``category`` (a key of ``[hours.per_credit]``).

    ``minutes`` are whole minutes (a program converts hours with ``HoursPolicy.hours_to_minutes``
    and applies its own caps first); ``evidence`` the record ids behind it
    (``<program id>.<kind>:<id>``, see ``ProgramRecord.ref``).
    """

    teacher_id: str
    minutes: int = attrs.field(validator=_not_negative)
    category: str = ""
    date: dt.date | None = None
    title: str = ""
    evidence: tuple[str, ...] = ()


def credit_minutes(credits: Iterable[Credit]) -> dict[str, int]:
    """Teacher id -> minutes credited by programs."""
    out: dict[str, int] = defaultdict(int)
    for c in credits:
        out[c.teacher_id] += c.minutes
    return dict(out)


def credit_categories(credits: Iterable[Credit]) -> dict[str, dict[str, int]]:
    """Teacher id -> credit category -> minutes credited by programs."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in credits:
        out[c.teacher_id][c.category] += c.minutes
    return {tid: dict(cats) for tid, cats in out.items()}


def with_credits(minutes: Mapping[str, int], credits: Iterable[Credit]) -> dict[str, int]:
    """Attendance minutes per teacher plus the programs' credits (a teacher with credits only
    appears too)."""
    out = dict(minutes)
    for tid, extra in credit_minutes(credits).items():
        out[tid] = out.get(tid, 0) + extra
    return out
