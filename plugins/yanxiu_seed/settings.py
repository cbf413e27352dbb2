"""Settings and record kinds of 种子工程 (``[programs.<id>]`` with ``type = "seed"``).

Awards are not a record kind of their own: they are the core awards ledger (``yanxiu import
awards``), those whose 所属项目 is the seed instance.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from yanxiu_core import (
    LEVELS,
    RecordField,
    RecordKind,
    counts_by,
    no_blank,
    normalize_level,
    not_negative,
    positive,
    teacher_ids,
    unique,
)

RESOURCE_TYPES = ("经费", "培训", "平台")
DEFAULT_AWARD_WEIGHTS = {"国家级": 5.0, "省级": 4.0, "市级": 3.0, "州级": 3.0, "区县级": 2.0,
                         "校级": 1.0}


def level_weights(value: Mapping[str, float]) -> dict[str, float]:
    """``award_weights`` keyed by the core's level names. Other words for a level — the short
    keys of earlier versions (校, 区县, 市, 省, 国家), 区级, 县级 … — are read as that level;
    an unknown key is kept so that the validator reports it."""
    out: dict[str, float] = {}
    for key, weight in value.items():
        level = normalize_level(str(key)) or str(key)
        if level in out:
            raise ValueError(f"'award_weights' 中 {key!r} 与另一项都是{level}，只能写一次")
        out[level] = weight
    return out


def _one_source(instance: Milestone, attribute: attrs.Attribute[str], value: str) -> None:
    if bool(instance.artifact_kind) == bool(value):
        raise ValueError(f"'{attribute.name}' 与 artifact_kind 须且只须填一个")
    if value and value not in RESOURCE_TYPES:
        raise ValueError(f"'{attribute.name}' 应为 {'、'.join(RESOURCE_TYPES)} 之一")


@attrs.frozen
class Milestone:
    """A yearly milestone: ``count`` artifacts of ``artifact_kind`` or ledger entries of
    ``resource_type`` (经费/培训/平台)."""

    name: str
    artifact_kind: str = ""
    resource_type: str = attrs.field(default="", validator=_one_source)
    count: int = attrs.field(default=1, validator=positive)


DEFAULT_MILESTONES = (
    Milestone("校级以上公开课或赛课", resource_type="平台"),
    Milestone("外出培训学习", resource_type="培训"),
    Milestone("撰写论文或案例", artifact_kind="论文"),
)


@attrs.frozen
class SeedSettings:
    name: str = ""
    cohort: tuple[str, ...] = teacher_ids("种子教师", validator=[no_blank, unique])  # confirmed
    max_age: int = attrs.field(default=35, validator=positive)
    grade_order: tuple[str, ...] = ("优秀", "良好", "合格", "不合格")  # best first
    min_previous_grade: str = "良好"
    application_kind: str = "申请表"  # artifact kind of the application
    budget_yuan: float = attrs.field(default=0.0, validator=not_negative)  # 0 = no check
    milestones: tuple[Milestone, ...] = DEFAULT_MILESTONES
    award_weights: Mapping[str, float] = attrs.field(
        factory=lambda: dict(DEFAULT_AWARD_WEIGHTS), converter=level_weights,
        validator=counts_by(LEVELS, "获奖级别"), hash=False)
    award_target: float = attrs.field(default=3.0, validator=positive)
    # ledger entries of each type a seed teacher is expected to use in the term
    resource_targets: Mapping[str, int] = attrs.field(
        factory=lambda: {"经费": 1, "培训": 1, "平台": 1},
        validator=counts_by(RESOURCE_TYPES, "资源类型"), hash=False)

    def __attrs_post_init__(self) -> None:
        if self.min_previous_grade not in self.grade_order:
            raise ValueError(f"'min_previous_grade' 应为 {'、'.join(self.grade_order)} 之一")


RESOURCES = RecordKind(
    name="resources",
    title="种子教师资源台账",
    fields=(
        RecordField("teacher_id", ("工号", "teacher_id"), required=True),
        RecordField("date", ("日期", "date"), type="date", required=True),
        RecordField("type", ("类型", "type"), required=True, choices=RESOURCE_TYPES),
        RecordField("description", ("内容", "说明", "description"), required=True),
        RecordField("amount", ("金额", "金额（元）", "amount"), type="float"),
    ),
    key=("teacher_id", "date", "type", "description"),
)
APPLICATIONS = RecordKind(
    name="applications",
    title="种子教师申请",
    fields=(
        RecordField("teacher_id", ("工号", "teacher_id"), required=True),
        RecordField("date", ("申请日期", "日期", "date"), type="date", required=True),
        RecordField("previous_grade", ("上年度考核等级", "考核等级", "previous_grade"),
                    required=True),
    ),
    key=("teacher_id",),
)
