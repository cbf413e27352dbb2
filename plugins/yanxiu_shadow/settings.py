"""Settings of 影子行动 / 青蓝结对 (``[programs.<id>]`` with ``type = "shadow"``).

Defaults follow a real 师徒结对 agreement: per term the mentee hands in 3 lesson plans, teaches 8
lessons the mentor observes and observes 8 of the mentor's lessons with a written record.
"""

from __future__ import annotations

import attrs

from yanxiu_core import not_negative, positive


@attrs.frozen
class Pair:
    """One 师徒 pair: teacher ids of the mentor (导师) and the mentee (徒弟)."""

    mentor: str
    mentee: str


@attrs.frozen
class ShadowSettings:
    name: str = ""  # e.g. 影子行动; default the type title
    pairs: tuple[Pair, ...] = ()  # may also be imported as shadow.pairs
    mentor_role: str = "骨干教师"  # a mentor has this role ...
    min_mentor_years: int = attrs.field(default=10, validator=not_negative)  # ... or this many years
    max_mentees: int = attrs.field(default=2, validator=positive)
    new_teacher_role: str = "新教师"  # who `shadow suggest` looks for
    lesson_plans: int = attrs.field(default=3, validator=not_negative)
    taught_lessons: int = attrs.field(default=8, validator=not_negative)
    observed_lessons: int = attrs.field(default=8, validator=not_negative)
    teach_role: str = "授课"  # attendance role of whoever teaches a paired lesson
    observe_role: str = "听课"  # attendance role of whoever observes it
    lesson_plan_kind: str = "教案"  # artifact kinds (with 项目 = this program)
    observation_kind: str = "听课记录"
    feedback_kind: str = "评课记录"
    report_lesson: str = "汇报课"  # assessment name (with 项目 = this program)
    stop_weeks: int = attrs.field(default=8, validator=positive)
