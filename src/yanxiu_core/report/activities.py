"""全校性研修活动: the activities no program owns, told kind by kind as 做法 and 成效.

Each kind (理论学习, 集体备课, 公开课 …) becomes a numbered subsection whose prose comes from the
records: how many, how often (the cadence read from the dates), who spoke, what it was about
(内容), attendance, and what it achieved (效果). The full list of activities is a 附表.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..document import Section, Table, text_blocks
from ..hours import format_hours
from ..model import Activity
from .facts import Facts, cn_date, rate

TITLE = "全校性研修活动"
MAX_LISTED = 5  # contents, speakers named in the prose; the rest is "等"
MAX_EFFECTS = 3
OTHERS = "其他研修活动"
CADENCES: tuple[tuple[int, int, str], ...] = (
    (5, 9, "每周"), (12, 17, "每两周"), (19, 24, "每三周"), (26, 35, "每月"),
)
"""(shortest, longest median gap in days, wording) — a cadence is named only when it is clear."""


def cadence(dates: Sequence[Any]) -> str:
    """``每两周`` when the median gap between (distinct) dates says so; ``''`` otherwise."""
    days = sorted(set(dates))
    if len(days) < 3:
        return ""
    gap = statistics.median((b - a).days for a, b in itertools.pairwise(days))
    return next((word for low, high, word in CADENCES if low <= gap <= high), "")


def _distinct(values: Sequence[str]) -> list[str]:
    """Non-blank values, most frequent first (ties in order of appearance), trailing 。 cut."""
    cleaned = [v.strip().rstrip("。；;") for v in values if v and v.strip()]
    counts = Counter(cleaned)
    return sorted(counts, key=lambda v: -counts[v])


def _kind_values(kind: str, acts: Sequence[Activity], facts: Facts) -> dict[str, Any]:
    expected = sum(facts.expected(a.id) for a in acts)
    attended = sum(facts.attended(a.id) for a in acts)
    hours = sum((facts.shown_hours(a.minutes) for a in acts), Decimal(0))
    contents = _distinct([a.content or a.title for a in acts])
    speakers = _distinct([a.speaker for a in acts])
    effects = _distinct([a.effect for a in acts])
    places = _distinct([a.place for a in acts])
    per_day = Counter(a.date for a in acts)
    same_each_day = len(set(per_day.values())) == 1 and len(per_day) > 1
    return dict(
        kind=kind, count=len(acts), cadence=cadence([a.date for a in acts]), days=len(per_day),
        per_day=next(iter(per_day.values())) if same_each_day else 0,
        speaker_count=len(speakers),
        first=cn_date(acts[0].date), last=cn_date(acts[-1].date), hours=f"{hours:.1f}",
        contents=contents[:MAX_LISTED], more_contents=len(contents) > MAX_LISTED,
        speakers=speakers[:MAX_LISTED], more_speakers=len(speakers) > MAX_LISTED,
        places=places[:2], effects=effects[:MAX_EFFECTS], expected=expected, attended=attended,
        rate=rate(attended, expected),
    )


def activity_list(facts: Facts, acts: Sequence[Activity]) -> Table:
    rows = tuple(
        (a.date.isoformat(), a.kind or "-", a.title, a.speaker or "-", str(facts.attended(a.id)),
         format_hours(a.minutes, facts.hours))
        for a in acts
    )
    table = Table(("日期", "类型", "主题", "主讲人", "出席人数", "学时"), rows,
                  caption=f"{TITLE}一览", appendix=True)
    return table.with_total(columns=("出席人数", "学时"))


def activities_section(facts: Facts, common: dict[str, Any],
                       text: Callable[..., str]) -> Section | None:
    """The school-wide activities as one section with a subsection per kind (kinds held only
    once are told together under 其他研修活动); ``None`` when there are none."""
    acts = [a for a in facts.activities if a.program is None]
    if not acts:
        return None
    groups: dict[str, list[Activity]] = {}
    for act in acts:
        groups.setdefault(act.kind or OTHERS, []).append(act)
    singles = [a for kind, group in groups.items() if len(group) == 1 for a in group]
    kinds = {k: g for k, g in groups.items() if len(g) > 1}
    subsections = []
    for kind, group in kinds.items():
        prose = text("report_activity_kind.md.j2", **common, **_kind_values(kind, group, facts))
        subsections.append(Section(kind, text_blocks(prose), key=f"activities.{kind}"))
    if singles:
        prose = text("report_activity_others.md.j2", **common, activities=[
            dict(date=cn_date(a.date), kind=a.kind, title=a.title, speaker=a.speaker,
                 effect=a.effect.strip().rstrip("。"), attended=facts.attended(a.id))
            for a in singles])
        subsections.append(Section(OTHERS, text_blocks(prose), key="activities.others"))
    total_hours = sum((facts.shown_hours(a.minutes) for a in acts), Decimal(0))
    intro = text("report_activities.md.j2", **common, count=len(acts), hours=f"{total_hours:.1f}",
                 kinds=[(k, len(g)) for k, g in groups.items()])
    return Section(TITLE, (*text_blocks(intro), activity_list(facts, acts)), key="activities",
                   subsections=tuple(subsections))
