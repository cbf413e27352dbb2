"""What ``yanxiu check`` says about ``[plan]`` once the roster is imported: a 领导小组 or 研修网络
``teacher`` id the roster lacks. (Targets naming a program figure: :func:`..targets.target_problems`.)"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Problem
from ..model import Teacher
from .model import SchoolPlan


def member_problems(plan: SchoolPlan, roster: Sequence[Teacher]) -> list[Problem]:
    """A 领导小组 or 研修网络 ``teacher`` id that is not on the imported roster (with the closest
    id, or the id of a teacher of that name)."""
    from ..config.reader import did_you_mean

    members = [*plan.leading_group, *plan.network]
    if not any(m.teachers for m in members):
        return []
    ids = {t.id for t in roster}
    by_name = {t.name: t.id for t in roster}
    problems = []
    for m in members:
        for tid in m.teachers:
            if tid in ids:
                continue
            hint = (f"（{tid} 是姓名？其工号为 {by_name[tid]!r}）" if tid in by_name
                    else did_you_mean(tid, ids))
            problems.append(Problem(f"教师名册中没有工号 {tid!r}{hint}", file=m.file, where=m.key,
                                    line=m.line, value=tid,
                                    expected="教师名册中的工号；不在名册中的人请写 name = \"姓名\""))
    return problems
