"""Pairing rules (who may mentor, how many mentees) and `shadow suggest`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import attrs

from yanxiu_core import Problem, ProgramContext, Teacher

from .analysis import all_pairs
from .settings import ShadowSettings


def qualified(teacher: Teacher, ctx: ProgramContext) -> bool:
    """A mentor is a 骨干教师 (the configured role) or has taught at least N years."""
    settings: ShadowSettings = ctx.settings
    years = teacher.years_teaching(ctx.term.end)
    return teacher.has_role(settings.mentor_role) or (
        years is not None and years >= settings.min_mentor_years)


def rule_problems(ctx: ProgramContext) -> Iterator[Problem]:
    settings: ShadowSettings = ctx.settings
    teachers = {t.id: t for t in ctx.records.teachers()}
    pairs = all_pairs(ctx)
    mentors = Counter(p.mentor for p in pairs)
    mentees = {p.mentee for p in pairs}
    seen: set[tuple[str, str]] = set()
    for i, pair in enumerate(pairs):
        key = f"pairs[{i}]"
        if (pair.mentor, pair.mentee) in seen:
            yield ctx.problem("师徒结对重复", key, f"{pair.mentor}→{pair.mentee}", "每对只列一次")
        seen.add((pair.mentor, pair.mentee))
        for side, tid in (("mentor", pair.mentor), ("mentee", pair.mentee)):
            if tid not in teachers:
                yield ctx.problem("不在教师名册中", f"{key}.{side}", tid, "名册中的工号")
        mentor = teachers.get(pair.mentor)
        if mentor is not None and not qualified(mentor, ctx):
            yield ctx.problem(
                f"{mentor.name}不符合导师条件", f"{key}.mentor", pair.mentor,
                f"{settings.mentor_role}，或教龄不少于 {settings.min_mentor_years} 年")
        if pair.mentor == pair.mentee:
            yield ctx.problem("导师与徒弟是同一人", key, pair.mentor, "两位不同的教师")
    for mentor_id, count in sorted(mentors.items()):
        if count > settings.max_mentees:
            yield ctx.problem(f"导师带徒 {count} 人，超过上限", "pairs", mentor_id,
                              f"每位导师至多 {settings.max_mentees} 名徒弟（max_mentees）")
    for tid in sorted(mentees & set(mentors)):
        yield ctx.problem("同一学期既是导师又是徒弟", "pairs", tid, "只担任一种角色")


@attrs.frozen
class Suggestion:
    mentee: Teacher
    mentor: Teacher | None
    reason: str


def suggest_pairs(ctx: ProgramContext) -> list[Suggestion]:
    """Mentors for unpaired new teachers: same subject first, then same 教研组, least loaded.

    Mentors already at ``max_mentees`` and teachers who are mentees are never proposed; each
    proposal counts towards the mentor's load for the next one.
    """
    settings: ShadowSettings = ctx.settings
    teachers = ctx.records.teachers()
    pairs = all_pairs(ctx)
    paired = {p.mentee for p in pairs}
    load = Counter(p.mentor for p in pairs)
    candidates = [t for t in teachers if qualified(t, ctx) and t.id not in paired
                  and not t.has_role(settings.new_teacher_role)]
    out = []
    for mentee in teachers:
        if not mentee.has_role(settings.new_teacher_role) or mentee.id in paired \
                or mentee.id in load:
            continue
        free = [c for c in candidates if load[c.id] < settings.max_mentees and c.id != mentee.id]
        rules = (("同学科", [c for c in free if c.subject and c.subject == mentee.subject]),
                 ("同教研组", [c for c in free if c.group and c.group == mentee.group]))
        for rule, pool in rules:
            if pool:
                mentor = min(pool, key=lambda c: (load[c.id], c.id))
                load[mentor.id] += 1
                out.append(Suggestion(mentee, mentor,
                                      f"{rule}，导师现带徒 {load[mentor.id] - 1} 人"))
                break
        else:
            out.append(Suggestion(mentee, None, "没有同学科或同教研组、仍可带徒的导师"))
    return out
