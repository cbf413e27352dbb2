"""Combining indicators and assessments into scores and grades.

Arithmetic (see ``docs/evaluation.md`` and decision 0004):

* 过程性 = 100 × Σ wᵢ·vᵢ / Σ wᵢ over the indicators that apply to the teacher (value not None,
  weight > 0); ``None`` when none applies.
* 终结性 = Σ wⱼ·pⱼ / Σ wⱼ over the teacher's assessments (weight 1 each, percent of full marks)
  and the programs' summative items (their weight); ``None`` when there are none.
* Both are rounded half up to one decimal; 总评 is formed from those *shown* figures,
  (pw·过程性 + sw·终结性) / (pw + sw), or is the one part that exists, rounded the same way, and the
  grade is read from the rounded 总评 — what is shown is what is graded.
* Then the programs' vetoes (一票否决, decision 0019): the grade becomes the lowest of the score's
  grade and the vetoes' caps (policy order); scores are not changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import attrs

from ..hours import Credit, HoursPolicy
from ..model import Teacher
from ..program import Indicator, IndicatorValue, SummativeItem, Veto
from ..records import Records
from .indicators import core_indicators
from .policy import EvaluationSettings, round1

UNRATED = "未评定"
"""Label of teachers without a total (grade ``""``): nothing applies to them, or a part the
district weighs is missing and the district does not let the other part stand alone."""

BASIS_FULL = "both"
BASIS_PROCESS_ONLY = "process_only"
BASIS_SUMMATIVE_ONLY = "summative_only"
BASIS_NONE = "none"
REWEIGHT = "reweight"
"""``missing_part`` value: a missing part's weight moves to the part that exists."""


@attrs.frozen
class IndicatorResult:
    """One indicator as applied to one teacher; ``weight`` is the district's effective weight."""

    key: str
    title: str
    weight: float
    value: IndicatorValue

    @property
    def applies(self) -> bool:
        return self.value.value is not None and self.weight > 0


@attrs.frozen
class SummativeLine:
    """One 终结性 contribution: an imported assessment or a program's summative item."""

    name: str
    percent: float
    weight: float
    evidence: tuple[str, ...] = ()


@attrs.frozen
class VetoLine:
    """A program's veto as applied to one teacher: the reason, the policy grade it caps the
    year's grade at, and the evidence. ``declared`` is the cap as the program named it when
    that is not one of the policy's grades (the lowest grade is then used)."""

    reason: str
    grade_cap: str
    evidence: tuple[str, ...] = ()
    declared: str | None = None


@attrs.frozen
class TeacherEvaluation:
    """A teacher's scores (rounded to one decimal) and everything they were computed from.

    ``grade`` is ``""`` when ``total`` is ``None``. ``weights`` are the policy's (process,
    summative) weights and ``grade_bands`` its (name, min) pairs, kept for the explanation.
    """

    teacher: Teacher
    process: float | None
    summative: float | None
    total: float | None
    grade: str
    indicators: tuple[IndicatorResult, ...] = ()
    summative_items: tuple[SummativeLine, ...] = ()
    weights: tuple[float, float] = (0.6, 0.4)
    grade_bands: tuple[tuple[str, float], ...] = ()
    basis: str = BASIS_FULL  # which parts the total rests on (see BASIS_*)
    vetoes: tuple[VetoLine, ...] = ()
    score_grade: str = attrs.field(
        default=attrs.Factory(lambda self: self.grade, takes_self=True))
    """The grade the total earns before the vetoes (``""`` when unrated); ``grade`` is final."""

    @property
    def vetoed(self) -> bool:
        """A veto changed the grade (not merely applied to a grade already at or below it)."""
        return self.grade != self.score_grade


@attrs.frozen
class SchoolEvaluation:
    """Every teacher's evaluation, in roster order, and the policy's grade names in order."""

    teachers: tuple[TeacherEvaluation, ...]
    grade_names: tuple[str, ...] = ()

    def grade_distribution(self) -> list[tuple[str, int]]:
        """(grade, count) in policy order, zeros included; unrated teachers last if any.

        The counts always add up to the number of teachers.
        """
        counts: dict[str, int] = {name: 0 for name in self.grade_names}
        unrated = 0
        for te in self.teachers:
            if te.grade:
                counts[te.grade] = counts.get(te.grade, 0) + 1
            else:
                unrated += 1
        result = list(counts.items())
        if unrated:
            result.append((UNRATED, unrated))
        return result

    def by_teacher(self, teacher_id: str) -> TeacherEvaluation:
        """The evaluation of one teacher; ``KeyError`` naming the id if not on the roster."""
        for te in self.teachers:
            if te.teacher.id == teacher_id:
                return te
        raise KeyError(teacher_id)


def weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Σ w·x / Σ w over (weight, value) pairs with weight > 0; ``None`` if there are none."""
    used = [(w, x) for w, x in pairs if w > 0]
    total_weight = sum(w for w, _ in used)
    if total_weight <= 0:
        return None
    return sum(w * x for w, x in used) / total_weight


def combine(
    process: float | None, summative: float | None, process_weight: float, summative_weight: float,
    missing_part: str = REWEIGHT,
) -> float | None:
    """总评 from the (rounded) parts: weighted when both exist.

    When a part the district weighs (weight > 0) is missing, ``missing_part`` decides: with
    ``"reweight"`` the part that exists stands alone; otherwise there is no total (未评定), so a
    school that imported no 考核成绩 is never graded on 过程性 alone without saying so. A part
    with weight 0 is not needed. A policy whose two weights are both zero falls back to equal
    weights rather than failing.
    """
    if process is None and summative is None:
        return None
    if process is None or summative is None:
        missing_weight = process_weight if process is None else summative_weight
        if missing_weight > 0 and missing_part != REWEIGHT:
            return None
        return process if summative is None else summative
    if process_weight + summative_weight <= 0:
        process_weight = summative_weight = 1.0
    return (process_weight * process + summative_weight * summative) / (
        process_weight + summative_weight
    )


def _basis(process: float | None, summative: float | None) -> str:
    if process is not None and summative is not None:
        return BASIS_FULL
    if process is not None:
        return BASIS_PROCESS_ONLY
    return BASIS_SUMMATIVE_ONLY if summative is not None else BASIS_NONE


def evaluate(
    records: Records,
    policy: EvaluationSettings,
    hours: HoursPolicy,
    *,
    indicators: Sequence[Indicator] = (),
    summative: Sequence[SummativeItem] = (),
    vetoes: Sequence[Veto] = (),
    credits: Sequence[Credit] = (),
    evidence: bool = True,
) -> SchoolEvaluation:
    """Evaluate every teacher: the core indicators plus ``indicators`` from programs make the
    过程性 score, imported assessments plus ``summative`` items the 终结性 score; ``vetoes``
    then cap the grades (:func:`apply_vetoes`). ``credits``: the programs' time besides
    attendance, counted in 学时达标. ``evidence=False``: the core indicators carry no evidence
    ids (figures and grades are the same; for documents that do not show them)."""
    all_indicators = [*core_indicators(records, policy, hours, credits, evidence=evidence),
                      *indicators]
    weights = [policy.weight_for(ind.key, ind.weight) for ind in all_indicators]
    assessments: dict[str, list[SummativeLine]] = defaultdict(list)
    for a in records.assessments():
        assessments[a.teacher_id].append(
            SummativeLine(a.name, a.percent, 1.0, (f"assessment:{a.id}",))
        )
    for item in summative:
        assessments[item.teacher_id].append(
            SummativeLine(item.name, item.percent, item.weight, item.evidence)
        )
    bands = tuple((band.name, float(band.min)) for band in policy.grades)
    names = tuple(name for name, _ in bands)
    vetoed: dict[str, list[VetoLine]] = defaultdict(list)
    for veto in vetoes:
        vetoed[veto.teacher_id].append(veto_line(veto, names))
    pw, sw = policy.process_weight, policy.summative_weight
    teachers = []
    for teacher in records.teachers():
        results = tuple(
            IndicatorResult(
                ind.key, ind.title, w, ind.values.get(teacher.id, IndicatorValue(None))
            )
            for ind, w in zip(all_indicators, weights, strict=True)
        )
        lines = tuple(assessments.get(teacher.id, ()))
        te = _evaluate_teacher(teacher, results, lines, policy, (pw, sw), bands)
        own = tuple(vetoed.get(teacher.id, ()))
        if own:
            te = attrs.evolve(te, grade=apply_vetoes(te.grade, own, names), vetoes=own,
                              score_grade=te.grade)
        teachers.append(te)
    return SchoolEvaluation(tuple(teachers), names)


def veto_line(veto: Veto, grade_names: Sequence[str]) -> VetoLine:
    """The veto with its cap resolved to a policy grade: ``None`` or a name the policy does not
    have means the lowest grade (the name is kept in ``declared``)."""
    lowest = grade_names[-1] if grade_names else ""
    if veto.grade_cap is None:
        return VetoLine(veto.reason, lowest, veto.evidence)
    if veto.grade_cap in grade_names:
        return VetoLine(veto.reason, veto.grade_cap, veto.evidence)
    return VetoLine(veto.reason, lowest, veto.evidence, declared=veto.grade_cap)


def apply_vetoes(grade: str, vetoes: Sequence[VetoLine], grade_names: Sequence[str]) -> str:
    """The year's grade after the vetoes: the lowest of ``grade`` and the caps, in the policy's
    order (best first). An unrated teacher (``grade == ""``) stays unrated unless a veto caps at
    the lowest grade — that grade is then known whatever the score; a cap above it only limits."""
    if not vetoes or not grade_names:
        return grade
    order = {name: i for i, name in enumerate(grade_names)}
    worst_cap = max(order.get(v.grade_cap, len(grade_names) - 1) for v in vetoes)
    if not grade:
        return grade_names[-1] if worst_cap == len(grade_names) - 1 else ""
    return grade_names[max(order.get(grade, 0), worst_cap)]


def _evaluate_teacher(
    teacher: Teacher,
    results: tuple[IndicatorResult, ...],
    lines: tuple[SummativeLine, ...],
    policy: EvaluationSettings,
    weights: tuple[float, float],
    bands: tuple[tuple[str, float], ...],
) -> TeacherEvaluation:
    mean = weighted_mean([(r.weight, r.value.value) for r in results if r.value.value is not None])
    process = None if mean is None else round1(100 * mean)
    sum_mean = weighted_mean([(line.weight, line.percent) for line in lines])
    summ = None if sum_mean is None else round1(sum_mean)
    raw_total = combine(process, summ, *weights, missing_part=policy.missing_part)
    total = None if raw_total is None else round1(raw_total)
    grade = "" if total is None else policy.grade_for(total)
    return TeacherEvaluation(
        teacher, process, summ, total, grade, results, lines, weights, bands,
        basis=_basis(process, summ),
    )
