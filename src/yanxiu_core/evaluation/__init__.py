"""Evaluation: core and program indicators → 过程性 score, assessments → 终结性 score, combined by
the district's weights into a 0–100 total and a grade. See ``docs/evaluation.md``."""

from __future__ import annotations

from .engine import (
    UNRATED,
    IndicatorResult,
    SchoolEvaluation,
    SummativeLine,
    TeacherEvaluation,
    VetoLine,
    apply_vetoes,
    evaluate,
)
from .explain import explain_lines, teacher_json, to_json
from .indicators import DEFAULT_WEIGHTS, core_indicators
from .policy import EvaluationSettings, GradeBandLike, round1

__all__ = [
    "DEFAULT_WEIGHTS",
    "UNRATED",
    "EvaluationSettings",
    "GradeBandLike",
    "IndicatorResult",
    "SchoolEvaluation",
    "SummativeLine",
    "TeacherEvaluation",
    "VetoLine",
    "apply_vetoes",
    "core_indicators",
    "evaluate",
    "explain_lines",
    "round1",
    "teacher_json",
    "to_json",
]
