"""荣誉与获奖 (成效): the awards ledger counted by level and by rank, as real summaries do
("省级2项、市级5项；一等奖4人、二等奖6人"). Ranks stay words (一等奖, 优良); nothing is scored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..document import Block, Chart, ChartSeries, Table, text_blocks
from ..model import Award, Teacher
from ..vocabulary import LEVELS, level_rank

TITLE = "荣誉与获奖"
RANK_ORDER = ("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖", "第一名", "第二名", "第三名",
              "金奖", "银奖", "铜奖", "优秀", "优良", "良好", "合格")
"""Ranks in the order people list them; other words follow in order of appearance."""
MAX_HIGHLIGHTS = 6
HIGH_LEVELS = LEVELS[:4]  # 国家级 … 州级: named one by one in the prose


def _rank_key(rank: str, seen: list[str]) -> tuple[int, int]:
    if rank in RANK_ORDER:
        return (0, RANK_ORDER.index(rank))
    return (1, seen.index(rank))


def _holder(award: Award, names: dict[str, str]) -> str:
    if award.teacher_id is None:
        return award.holder or "学校"
    return names.get(award.teacher_id, award.teacher_id)


def award_blocks(awards: Sequence[Award], teachers: Sequence[Teacher], common: dict[str, Any],
                 text: Callable[..., str]) -> list[Block]:
    """Prose, the count by level (with a chart) and the full list as a 附表."""
    names = {t.id: t.name for t in teachers}
    personal = [a for a in awards if a.teacher_id is not None]
    group = [a for a in awards if a.teacher_id is None]
    levels = sorted({a.level for a in awards}, key=level_rank)
    by_level = [(lv, sum(a.level == lv for a in personal), sum(a.level == lv for a in group))
                for lv in levels]
    seen: list[str] = []
    for a in personal:
        if a.rank and a.rank not in seen:
            seen.append(a.rank)
    people_by_rank = {r: len({a.teacher_id for a in personal if a.rank == r}) for r in seen}
    ranks = sorted(people_by_rank.items(), key=lambda kv: _rank_key(kv[0], seen))
    high = sorted((a for a in personal if a.level in HIGH_LEVELS),
                  key=lambda a: (level_rank(a.level), a.date))
    values = dict(
        common,
        total=len(awards),
        personal=len(personal),
        people=len({a.teacher_id for a in personal}),
        levels=[(lv, p) for lv, p, _ in by_level if p],
        ranks=ranks,
        group_awards=[dict(holder=_holder(a, names), title=a.title, level=a.level, rank=a.rank)
                      for a in group],
        highlights=[dict(name=_holder(a, names), title=a.title, level=a.level, rank=a.rank)
                    for a in high[:MAX_HIGHLIGHTS]],
        more_highlights=len(high) > MAX_HIGHLIGHTS,
    )
    blocks: list[Block] = list(text_blocks(text("report_awards.md.j2", **values)))
    if not awards:
        return blocks
    table = Table(("级别", "教师获奖（项）", "集体获奖（项）"),
                  tuple((lv, str(p), str(g)) for lv, p, g in by_level),
                  caption="荣誉与获奖（按级别）").with_total(columns=("教师获奖（项）", "集体获奖（项）"))
    blocks.append(table)
    if len(by_level) > 1:
        blocks.append(Chart("荣誉与获奖（按级别）", "bar", tuple(lv for lv, _, _ in by_level), (
            ChartSeries("教师获奖", tuple(float(p) for _, p, _ in by_level)),
            ChartSeries("集体获奖", tuple(float(g) for _, _, g in by_level))), unit="项",
            table_elsewhere=True))
    listing = Table(("日期", "获奖者", "荣誉名称", "级别", "等次", "颁发单位"), tuple(
        (a.date.isoformat(), _holder(a, names), a.title, a.level, a.rank or "-", a.issuer or "-")
        for a in sorted(awards, key=lambda a: (level_rank(a.level), a.date, a.id))),
        caption="荣誉与获奖一览", appendix=True)
    blocks.append(listing)
    return blocks
