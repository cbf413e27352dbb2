"""What ``yanxiu check`` says about ``[plan]`` and ``[[targets]]`` once the roster is imported and
the programs run: a ``teacher`` id the roster lacks, a program figure the program does not give."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Problem
from ..targets import target_problems

if TYPE_CHECKING:
    from ..app import App


def member_problems(app: App, school_id: str) -> list[Problem]:
    """A 领导小组 or 研修网络 ``teacher`` id that is not on the imported roster (with the closest
    id, or the id of a teacher of that name)."""
    from ..config.reader import did_you_mean

    plan = app.school_config(school_id).plan
    members = [*plan.leading_group, *plan.network]
    if not any(m.teachers for m in members):
        return []
    roster = app.records(school_id).teachers()
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


def plan_problems(app: App, school_id: str) -> list[Problem]:
    """Every check of the school's plan that needs its records or its programs."""
    return member_problems(app, school_id) + target_problems(app, school_id)
