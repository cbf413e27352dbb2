"""Settings and record kinds of 课题研究 (``[programs.<id>]`` with ``type = "research"``).

Validators raise ``ValueError`` with the field name in quotes, so the core's config loader
reports the full key path (``programs.keti.ratings``).

The record kinds keep their dates in fields *not* named ``date``: a 课题 runs over several
school years, so its rows must be read in every term (the core scopes a record with a ``date``
field to the term of that date).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from yanxiu_core import RecordField, RecordKind, StageSpec, not_negative, stage_names, stage_specs

DEFAULT_STAGES = (StageSpec("立项"), StageSpec("开题", 6), StageSpec("中期", 12),
                  StageSpec("结题", 24))
DEFAULT_LEVELS = ("国家级", "省级", "市级", "区县级", "校级")
DEFAULT_RATINGS = ("优秀", "优良", "合格", "不合格")
DEFAULT_OUTPUTS = ("论文", "案例", "课例", "结题报告")


def _distinct(_instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    """A non-empty list of names, none blank, each once (levels, ratings, output kinds)."""
    stage_names(_instance, attribute, value)


@attrs.frozen
class ResearchSettings:
    """``[programs.<id>]`` with ``type = "research"``: the school's 课题 and what is expected."""

    name: str = ""  # the title in the summary; default the type title 课题研究
    stages: tuple[StageSpec, ...] = attrs.field(default=DEFAULT_STAGES, validator=stage_specs)
    levels: tuple[str, ...] = attrs.field(default=DEFAULT_LEVELS, validator=_distinct)
    ratings: tuple[str, ...] = attrs.field(default=DEFAULT_RATINGS, validator=_distinct)
    outputs: tuple[str, ...] = attrs.field(default=DEFAULT_OUTPUTS, validator=_distinct)
    member_outputs: int = attrs.field(default=1, validator=not_negative)
    as_of: dt.date | None = None

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)


PROJECTS = RecordKind(
    name="projects",
    title="课题",
    fields=(
        RecordField("id", ("课题编号", "编号", "id"), required=True),
        RecordField("title", ("课题名称", "名称", "title"), required=True),
        RecordField("level", ("级别", "课题级别", "level"), required=True),
        RecordField("category", ("类别", "课题类别", "立项类别", "category")),
        # the 主持人: named teacher_id so that the import checks it against the roster
        RecordField("teacher_id", ("主持人工号", "主持人", "负责人工号", "leader"), required=True),
        RecordField("members", ("成员工号", "成员", "课题组成员", "members")),
        RecordField("start", ("立项日期", "立项时间", "start"), type="date"),
        RecordField("planned_end", ("计划结题日期", "计划结题时间", "planned_end"), type="date"),
        RecordField("rating", ("结题等级", "鉴定等级", "rating")),
    ),
    key=("id",),
)

STAGES = RecordKind(
    name="stages",
    title="课题进展",
    fields=(
        RecordField("project", ("课题编号", "编号", "project"), required=True),
        RecordField("stage", ("阶段", "stage"), required=True),
        RecordField("reached", ("日期", "完成日期", "时间", "reached"), type="date", required=True),
        RecordField("evidence", ("佐证材料", "材料", "evidence")),
    ),
    key=("project", "stage"),
)
