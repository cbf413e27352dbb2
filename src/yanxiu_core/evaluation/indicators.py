"""The core's 过程性评价 indicators: attendance, 学时 against the requirement, required artifacts.

Each is an :class:`~yanxiu_core.program.Indicator` like the ones programs contribute, so the
engine treats all indicators alike. Values are ratios in [0, 1]; ``None`` means "does not apply to
this teacher" and the indicator's weight is shared among the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..hours import Credit, HoursPolicy, credit_minutes, format_hours
from ..model import Attendance
from ..program import Indicator, IndicatorValue
from ..records import AttendanceSummary, Records
from .policy import EvaluationSettings

ATTENDANCE = "attendance"
HOURS = "hours"
ARTIFACTS = "artifacts"

DEFAULT_WEIGHTS: dict[str, float] = {ATTENDANCE: 0.4, HOURS: 0.4, ARTIFACTS: 0.2}
"""Default weights of the core indicators; the district overrides them by key."""


def core_indicators(
    records: Records, policy: EvaluationSettings, hours: HoursPolicy,
    credits: Sequence[Credit] = (), *, evidence: bool = True,
) -> list[Indicator]:
    """The three core indicators for every teacher of ``records``, weighted by ``policy``;
    ``credits`` (the programs' time besides attendance) count toward 学时达标.

    The figures come from SQL aggregates (:meth:`Records.attendance_summary`). The evidence —
    every attendance row's activity id, per teacher — is what ``explain`` and the 研修档案
    show; a summary or a district roll-up does not, so ``evidence=False`` leaves the
    attendance rows unread (on a district, most of the evaluation's time)."""
    summary = records.attendance_summary()
    rows = records.attendance() if evidence else None  # loaded once for both indicators
    return [
        attendance_indicator(records, policy, rows, summary=summary, evidence=evidence),
        hours_indicator(records, policy, hours, credits, rows, summary=summary,
                        evidence=evidence),
        artifacts_indicator(records, policy),
    ]


def _attendance_evidence(rows: Iterable[Attendance]) -> dict[str, list[str]]:
    """Teacher id -> ``attendance:<activity id>`` of every attendance row (any status)."""
    evidence: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        evidence[row.teacher_id].append(f"attendance:{row.activity_id}")
    return evidence


def attendance_indicator(records: Records, policy: EvaluationSettings,
                         rows: Sequence[Attendance] | None = None, *,
                         summary: Mapping[str, AttendanceSummary] | None = None,
                         evidence: bool = True) -> Indicator:
    """出勤率: rows attended (出席/迟到) over rows expected; no rows → not applicable.
    ``rows``/``summary``: the term's attendance and its aggregate, when the caller has them
    already; ``evidence=False``: no evidence ids (the rows are not read)."""
    summary = records.attendance_summary() if summary is None else summary
    if evidence and rows is None:
        rows = records.attendance()
    ids = _attendance_evidence(rows if evidence and rows is not None else ())
    values: dict[str, IndicatorValue] = {}
    for teacher in records.teachers():
        s = summary.get(teacher.id)
        if s is None or s.rate is None:
            values[teacher.id] = IndicatorValue(None, detail="无出勤记录")
            continue
        values[teacher.id] = IndicatorValue(
            s.rate,
            evidence=tuple(ids[teacher.id]),
            detail=f"{s.attended}/{s.expected}",
        )
    weight = policy.weight_for(ATTENDANCE, DEFAULT_WEIGHTS[ATTENDANCE])
    return Indicator(ATTENDANCE, "出勤率", weight, values)


def hours_indicator(
    records: Records, policy: EvaluationSettings, hours: HoursPolicy,
    credits: Sequence[Credit] = (), rows: Sequence[Attendance] | None = None, *,
    summary: Mapping[str, AttendanceSummary] | None = None, evidence: bool = True,
) -> Indicator:
    """学时达标: credited minutes (attendance plus the programs' ``credits``) over the yearly
    requirement, capped at 1.

    Every teacher is measured (no rows = 0 学时). Only when the district requires no 学时 at all
    is the indicator not applicable.
    """
    required = hours.required_minutes
    summary = records.attendance_summary() if summary is None else summary
    credited: dict[str, list[str]] = defaultdict(list)
    if evidence:
        minutes_of = records.activity_minutes()
        for row in records.attendance() if rows is None else rows:
            if row.credited_minutes(minutes_of.get(row.activity_id, 0)) > 0:
                credited[row.teacher_id].append(f"attendance:{row.activity_id}")
        for c in credits:
            if c.minutes > 0:
                credited[c.teacher_id].extend(c.evidence)
    extra = credit_minutes(credits)
    values: dict[str, IndicatorValue] = {}
    for teacher in records.teachers():
        s = summary.get(teacher.id)
        minutes = (s.minutes if s is not None else 0) + extra.get(teacher.id, 0)
        detail = f"{format_hours(minutes, hours)}/{format_hours(required, hours)} 学时"
        ratio = None if required <= 0 else min(1.0, minutes / required)
        values[teacher.id] = IndicatorValue(
            ratio, evidence=tuple(credited[teacher.id]), detail=detail
        )
    weight = policy.weight_for(HOURS, DEFAULT_WEIGHTS[HOURS])
    return Indicator(HOURS, "学时达标", weight, values)


def artifacts_indicator(records: Records, policy: EvaluationSettings) -> Indicator:
    """研修材料: distinct required kinds handed in over the number required.

    Artifacts of any program count. Not applicable to anyone when the district requires none.
    """
    required = tuple(dict.fromkeys(policy.required_artifacts))  # distinct, in policy order
    by_teacher: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for kind in required:
        for art in records.artifacts(kind=kind):
            by_teacher[art.teacher_id][kind].append(f"artifact:{art.id}")
    values: dict[str, IndicatorValue] = {}
    for teacher in records.teachers():
        if not required:
            values[teacher.id] = IndicatorValue(None, detail="未规定须上交的材料")
            continue
        handed = by_teacher.get(teacher.id, {})
        missing = [k for k in required if k not in handed]
        detail = f"{len(required) - len(missing)}/{len(required)}"
        if missing:
            detail += f"，未交：{'、'.join(missing)}"
        evidence = tuple(e for k in required for e in handed.get(k, ()))
        values[teacher.id] = IndicatorValue(
            (len(required) - len(missing)) / len(required), evidence=evidence, detail=detail
        )
    weight = policy.weight_for(ARTIFACTS, DEFAULT_WEIGHTS[ARTIFACTS])
    return Indicator(ARTIFACTS, "研修材料", weight, values)
