"""考核评价, 目标达成情况, 存在的问题 and 下步打算: the grade distribution, the school's targets
against the year, and what the records show is lacking."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..document import Block, Chart, ChartSeries, Table, text_blocks
from ..evaluation.engine import (
    BASIS_PROCESS_ONLY,
    BASIS_SUMMATIVE_ONLY,
    REWEIGHT,
    UNRATED,
    SchoolEvaluation,
)
from ..evaluation.policy import EvaluationSettings
from ..model import ProgramInstance
from ..program import Finding, FindingKind
from ..records import Records
from ..targets import TargetResult, TargetStatus
from .facts import Facts, dec, one, rate

SCHOOL_WIDE = "全校性研修活动"


def evaluation_blocks(evaluation: SchoolEvaluation, policy: EvaluationSettings,
                      common: dict[str, Any], text: Callable[..., str]) -> list[Block]:
    """The weights and grade rule in prose, the grade distribution as a table and a chart."""
    dist = evaluation.grade_distribution()
    n = len(evaluation.teachers)
    rows = tuple((g, str(c), rate(c, n) if n else "-") for g, c in dist)
    table = Table(("等级", "人数", "占比"), rows, caption="考核等级分布").with_total(columns=("人数",))
    names: dict[str, list[str]] = {g: [] for g, _ in dist}
    for te in evaluation.teachers:
        names[te.grade or UNRATED].append(te.teacher.name)
    totals = [te.total for te in evaluation.teachers if te.total is not None]
    average = one(sum((dec(f"{t:.1f}") for t in totals), Decimal(0)) / len(totals)) \
        if totals else "-"
    values = dict(
        common,
        teacher_count=n,
        distribution=[(g, c) for g, c in dist],
        grade_teachers=names,
        grade_bands=[(b.name, f"{b.min:g}") for b in policy.grades],
        process_weight=policy.process_weight,
        summative_weight=policy.summative_weight,
        weight_total=policy.process_weight + policy.summative_weight,
        average_total=average,
        missing_summative=sum(te.basis == BASIS_PROCESS_ONLY for te in evaluation.teachers),
        missing_process=sum(te.basis == BASIS_SUMMATIVE_ONLY for te in evaluation.teachers),
        reweight=policy.missing_part == REWEIGHT,
        vetoed=[(te.teacher.name, "、".join(v.reason for v in te.vetoes),
                 te.score_grade or UNRATED, te.grade)
                for te in evaluation.teachers if te.vetoed],
    )
    blocks: list[Block] = [*text_blocks(text("report_evaluation.md.j2", **values)), table]
    if n:
        blocks.append(Chart("考核等级分布", "bar", tuple(g for g, _ in dist),
                            (ChartSeries("人数", tuple(float(c) for _, c in dist)),), unit="人",
                            table_elsewhere=True))
    return blocks


def target_blocks(results: Sequence[TargetResult], common: dict[str, Any],
                  text: Callable[..., str]) -> list[Block]:
    """目标达成情况: a sentence and the table 目标 | 实际 | 达成情况; nothing without targets."""
    if not results:
        return []

    def titles(status: TargetStatus) -> list[str]:
        return [one_line(r.title) for r in results if r.status is status]

    values = dict(
        common,
        targets=[dict(title=one_line(r.title), actual=r.actual_text, status=r.status_text,
                      reason=r.reason) for r in results],
        met=titles(TargetStatus.MET),
        unmet=titles(TargetStatus.UNMET),
        in_progress=titles(TargetStatus.IN_PROGRESS),
        unknown=titles(TargetStatus.UNKNOWN),
    )
    rows = tuple((one_line(r.title), r.actual_text, r.status_text) for r in results)
    return [*text_blocks(text("report_targets.md.j2", **values)),
            Table(("目标", "实际", "达成情况"), rows, caption="目标达成情况")]


def unmet_targets(results: Sequence[TargetResult]) -> list[dict[str, str]]:
    """Template values of the targets due and not met (for 存在的问题 and 下步打算)."""
    return [dict(title=one_line(r.title), actual=r.actual_text) for r in results
            if r.status is TargetStatus.UNMET]


def one_line(text: str) -> str:
    return " ".join(text.split())


def _attendance_problems(facts: Facts, records: Records, programs: Sequence[ProgramInstance],
                         threshold: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Programs (and school-wide activities) and single activities attended below threshold."""
    low_programs = []
    scopes: list[tuple[str | None, str]] = [(p.id, p.display_title) for p in programs]
    scopes.append((None, SCHOOL_WIDE))
    for program, title in scopes:
        summary = records.attendance_summary(program).values()
        expected = sum(s.expected for s in summary)
        attended = sum(s.attended for s in summary)
        if expected and attended / expected < threshold:
            low_programs.append(dict(title=title, attended=attended, expected=expected,
                                     rate=rate(attended, expected)))
    low_activities = []
    for a in facts.activities:
        figures = facts.per_activity.get(a.id)
        if figures is None or figures.rate is None or figures.rate >= threshold:
            continue
        low_activities.append(dict(
            date=a.date.isoformat(), title=a.title, kind=a.kind, attended=figures.attended,
            expected=figures.expected, rate=rate(figures.attended, figures.expected)))
    return low_programs, low_activities


def core_problems(facts: Facts, records: Records, policy: EvaluationSettings,
                  programs: Sequence[ProgramInstance],
                  targets: Sequence[TargetResult] = ()) -> dict[str, Any]:
    """Template values of what the records show is lacking (targets not met, 学时, attendance,
    artifacts)."""
    short = []
    if facts.hours.required_minutes > 0:
        short = [dict(name=t.name, id=t.id, hours=f"{facts.teacher_hours(t):.1f}")
                 for t in sorted(facts.teachers, key=lambda t: (facts.minutes[t.id], t.id))
                 if not facts.meets(t)]
    low_programs, low_activities = _attendance_problems(
        facts, records, programs, policy.low_attendance_rate)
    roster = {t.id for t in facts.teachers}
    missing = []
    for kind in dict.fromkeys(policy.required_artifacts):
        handed = {a.teacher_id for a in records.artifacts(kind=kind)} & roster
        if len(roster) - len(handed):
            missing.append(dict(kind=kind, count=len(roster) - len(handed)))
    return dict(
        unmet_targets=unmet_targets(targets),
        short_hours=short,
        required_hours=f"{facts.hours.required_hours:g}",
        low_programs=low_programs,
        low_activities=low_activities,
        threshold=f"{100 * policy.low_attendance_rate:g}%",
        missing_artifacts=missing,
    )


def problem_and_next_blocks(problems: dict[str, Any], findings: Sequence[Finding],
                            failures: Sequence[str], common: dict[str, Any],
                            text: Callable[..., str]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """存在的问题 (the core's, then the programs' findings, then plugin failures) and 下步打算."""
    program_problems = [one_line(f.text) for f in findings if f.kind is FindingKind.PROBLEM]
    next_steps = [one_line(f.text) for f in findings if f.kind is FindingKind.NEXT_STEP]
    problem_text = text("report_problems.md.j2", **common, **problems,
                        program_problems=program_problems,
                        failures=[one_line(f) for f in failures])
    next_text = text("report_next_steps.md.j2", **common, **problems, next_steps=next_steps)
    return text_blocks(problem_text), text_blocks(next_text)
