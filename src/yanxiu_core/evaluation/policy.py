"""What evaluation needs from the district's evaluation policy, as a structural type.

The config package provides the concrete ``EvaluationPolicy``; evaluation codes against this
protocol so that it depends on nothing but these attributes (and tests can pass a tiny class).
Members are read-only properties so that frozen attrs classes satisfy the protocol.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol


class GradeBandLike(Protocol):
    """A grade name and the lowest (rounded) total that earns it."""

    @property
    def name(self) -> str: ...

    @property
    def min(self) -> float: ...


class EvaluationSettings(Protocol):
    """The district's evaluation policy (see ``docs/evaluation.md`` for the defaults).

    ``grades`` are sorted by ``min`` descending; ``grade_for(score)`` returns the name of the first
    band whose ``min`` the score reaches; ``weight_for(key, default)`` the district's weight for an
    indicator key, or ``default`` when the district sets none.
    """

    @property
    def process_weight(self) -> float: ...

    @property
    def summative_weight(self) -> float: ...

    @property
    def grades(self) -> tuple[GradeBandLike, ...]: ...

    @property
    def indicator_weights(self) -> Mapping[str, float]: ...

    @property
    def required_artifacts(self) -> tuple[str, ...]: ...

    @property
    def low_attendance_rate(self) -> float: ...

    @property
    def missing_part(self) -> str:
        """``"unrated"``: a teacher missing a weighted part is 未评定; ``"reweight"``: the part
        that exists stands alone."""
        ...

    def grade_for(self, score: float) -> str: ...

    def weight_for(self, key: str, default: float) -> float: ...


def round1(value: float) -> float:
    """Round half up to one decimal, the way a school rounds a score (89.95 → 90.0).

    Binary floats carry noise (``0.6 * 85.25 + 0.4 * 90`` is ``87.14999…``), so the value is first
    cut to nine decimals, then rounded half up.
    """
    exact = Decimal(f"{value:.9f}")
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def fmt1(value: float) -> str:
    """``86.0`` style text of an already rounded score."""
    return f"{value:.1f}"
