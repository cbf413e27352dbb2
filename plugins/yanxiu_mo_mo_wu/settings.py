"""Settings and record kind of 模课-磨课-悟课 (``[programs.<id>]`` with ``type = "mo_mo_wu"``).

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.mmw.min_rounds``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from yanxiu_core import (
    EligibilityRules,
    RecordField,
    RecordKind,
    counts_by,
    no_blank,
    not_negative,
    positive,
    stage_names,
    teacher_ids,
    unique,
)

MODEL, POLISH, REFLECT = "模课", "磨课", "悟课"
STAGES = (MODEL, POLISH, REFLECT)
"""The three stages of a cycle, in order (the names are the program's own, not settings)."""
LEAD, ASSIST = "主备", "辅备"
ROLES = (LEAD, ASSIST)


def _kinds(_instance: Any, attribute: attrs.Attribute[tuple[str, ...]],
           value: tuple[str, ...]) -> None:
    stage_names(_instance, attribute, value)


@attrs.frozen
class MoMoWuSettings:
    """``[programs.<id>]`` with ``type = "mo_mo_wu"``: who takes part and what a cycle needs."""

    name: str = ""  # the title in the summary; default the type title 模课-磨课-悟课
    # participants: the union of these three; all empty = every teacher on the roster
    participants: tuple[str, ...] = teacher_ids("参与教师", validator=[no_blank, unique])
    subjects: tuple[str, ...] = attrs.field(default=(), validator=[no_blank, unique])  # all of these
    cohort: EligibilityRules = attrs.field(factory=EligibilityRules)  # { max_age = 35 } …
    min_rounds: int = attrs.field(default=2, validator=positive)  # 磨课 rounds a cycle needs
    days_between: int = attrs.field(default=30, validator=not_negative)  # 0: no deadlines
    days: Mapping[str, int] = attrs.field(  # per stage: days allowed after the stage before
        factory=dict, validator=counts_by((POLISH, REFLECT), "可设期限的阶段"), hash=False)
    cycles_each: int = attrs.field(default=1, validator=not_negative)  # 0: no indicator
    model_kinds: tuple[str, ...] = attrs.field(default=("听课记录",), validator=_kinds)
    round_kinds: tuple[str, ...] = attrs.field(default=("磨课实录", "教学实录", "课堂实录"),
                                               validator=_kinds)
    reflection_kinds: tuple[str, ...] = attrs.field(default=("悟课反思", "教学反思"),
                                                    validator=_kinds)
    as_of: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        for a, b, what in ((self.model_kinds, self.round_kinds, "round_kinds"),
                           (self.model_kinds, self.reflection_kinds, "reflection_kinds"),
                           (self.round_kinds, self.reflection_kinds, "reflection_kinds")):
            both = [k for k in b if k in a]
            if both:
                raise ValueError(f"'{what}' 中的 {'、'.join(both)} 已用于另一阶段")

    def days_for(self, stage: str) -> int:
        """Days allowed from the stage before ``stage`` to it (0: no deadline)."""
        return int(self.days.get(stage, self.days_between))

    @property
    def selects_all(self) -> bool:
        return not self.participants and not self.subjects and self.cohort.empty


ROUNDS = RecordKind(
    name="rounds",
    title="磨课记录",
    fields=(
        RecordField("teacher_id", ("工号", "教师工号", "teacher_id"), required=True),
        RecordField("lesson", ("课例", "课题", "课名", "lesson"), required=True),
        RecordField("round", ("轮次", "第几轮", "round"), type="int"),
        RecordField("date", ("日期", "磨课日期", "时间", "date"), type="date", required=True),
        RecordField("role", ("角色", "分工", "role"), choices=ROLES),
        RecordField("evidence", ("佐证", "佐证材料", "视频/实录", "evidence")),
    ),
    key=("teacher_id", "lesson", "date", "role"),
)
