"""Warnings about evaluation inputs that are missing, so no score is re-weighted unsaid."""

from __future__ import annotations

from .engine import BASIS_NONE, BASIS_PROCESS_ONLY, BASIS_SUMMATIVE_ONLY, REWEIGHT, SchoolEvaluation
from .policy import EvaluationSettings


def evaluation_gaps(evaluation: SchoolEvaluation, policy: EvaluationSettings) -> list[str]:
    """Chinese lines for ``check``: teachers missing a part the district weighs, and what the
    district's ``missing_part`` setting does with them; vetoes capping at a grade the policy
    does not have."""
    n = len(evaluation.teachers)
    if not n:
        return []
    lines = []
    then = "总评按现有部分计" if policy.missing_part == REWEIGHT else "列为未评定"
    by_basis = {basis: sum(te.basis == basis for te in evaluation.teachers)
                for basis in (BASIS_PROCESS_ONLY, BASIS_SUMMATIVE_ONLY, BASIS_NONE)}
    if policy.summative_weight > 0 and by_basis[BASIS_PROCESS_ONLY]:
        what = "尚未导入考核成绩" if by_basis[BASIS_PROCESS_ONLY] == n else "没有考核成绩"
        lines.append(f"{by_basis[BASIS_PROCESS_ONLY]}/{n} 名教师{what}（终结性评价），"
                     f"按区的规定将{then}（evaluation.missing_part）")
    if policy.process_weight > 0 and by_basis[BASIS_SUMMATIVE_ONLY]:
        lines.append(f"{by_basis[BASIS_SUMMATIVE_ONLY]}/{n} 名教师没有可计的过程性评价"
                     f"（出勤、学时、研修材料），按区的规定将{then}（evaluation.missing_part）")
    if by_basis[BASIS_NONE]:
        lines.append(f"{by_basis[BASIS_NONE]}/{n} 名教师既无过程性评价也无考核成绩，将列为未评定")
    unknown = {v.declared: v.grade_cap for te in evaluation.teachers for v in te.vetoes
               if v.declared}
    for declared, used in unknown.items():
        lines.append(f"一票否决的等级“{declared}”不是区定的考核等级（evaluation.grades），"
                     f"按最低等级“{used}”计")
    return lines
