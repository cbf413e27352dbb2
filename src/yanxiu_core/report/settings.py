"""How a district or school shapes its summary: the outline, the signature, the age bands.

These are plain records; ``config.loader`` reads them from ``[report]`` in ``yanxiu.toml`` and
``schools/<id>.toml`` (see ``docs/report.md``), the builder follows them.
"""

from __future__ import annotations

import datetime as dt

import attrs

BLOCK_PARTS: dict[str, str] = {
    "basics": "基本情况",
    "awards": "荣誉与获奖",
    "evaluation": "考核评价",
    "targets": "目标达成情况",
    "problems": "存在的问题",
    "next_steps": "下步打算",
}
"""Parts that are text and tables, with the title they get when they share a section."""

OPTIONAL_PARTS = ("targets",)
"""Parts a school may have nothing for (no ``[[targets]]``): then they are left out, heading and
all. A school that has them gets them even when the outline does not place them: before
存在的问题."""

SUBSECTION_PARTS: dict[str, str] = {
    "programs": "研修项目",
    "activities": "全校性研修活动",
}
"""Parts that are subsections: every program not placed on its own, the school-wide activities."""

PROGRAM_PART = "program."
"""``program.<id>``: one program's section (its instance id or its type name)."""

PARTS = (*BLOCK_PARTS, *SUBSECTION_PARTS)


@attrs.frozen
class OutlineItem:
    """A top-level section of the summary: its title (numbers are added) and what it holds."""

    title: str
    parts: tuple[str, ...]


DEFAULT_OUTLINE: tuple[OutlineItem, ...] = (
    OutlineItem("基本情况", ("basics",)),
    OutlineItem("具体工作与成效", ("programs", "activities", "awards")),
    OutlineItem("考核评价", ("evaluation",)),
    OutlineItem("目标达成情况", ("targets",)),
    OutlineItem("存在的问题", ("problems",)),
    OutlineItem("下步打算", ("next_steps",)),
)

DEFAULT_AGE_BANDS: tuple[int, ...] = (30, 35, 45, 55)


@attrs.frozen
class ReportSettings:
    """``[report]``: outline, signature, age cut-offs and how long a table may be in the body.

    ``signature_date`` ``None`` means the term's last day; ``signed_by`` ``""`` the school's name.
    ``age_bands`` are the upper ages of each band but the last (``[35, 45, 50]`` → 35岁及以下,
    36–45岁, 46–50岁, 51岁及以上). A table longer than ``max_body_rows`` goes to a 附表.
    """

    outline: tuple[OutlineItem, ...] = DEFAULT_OUTLINE
    signature_date: dt.date | None = None
    signed_by: str = ""
    age_bands: tuple[int, ...] = DEFAULT_AGE_BANDS
    max_body_rows: int = 20
