"""Rankings of the roll-up: only the figures the district lists in ``[district_report] rank_by``.

Higher ranks first; schools with the same figure (as shown) share a place (1, 1, 3). A school
that failed, or whose figure has no value (a share of no teachers), is left out of the ranking.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..document import Block, Paragraph, Table
from .collect import SchoolFigures
from .settings import METRICS


def ranking_blocks(keys: Sequence[str], schools: Sequence[SchoolFigures]) -> list[Block]:
    """One ranking table per key; a sentence instead of a table no school can enter."""
    out: list[Block] = []
    for key in keys:
        table = ranking_table(key, schools)
        out.append(table if table.rows else Paragraph(f"{table.caption}：没有可排名的学校。"))
    return out


def ranking_table(key: str, schools: Sequence[SchoolFigures]) -> Table:
    """名次, 学校 and the figure, best first."""
    label, _unit = METRICS[key]
    scored = []
    for school in schools:
        if school.failed:
            continue
        value, text = school.metric(key)
        if text != "-":
            scored.append((value, text, school))
    scored.sort(key=lambda item: -item[0])  # stable: ties keep the workspace's order
    rows: list[tuple[str, str, str]] = []
    place = 0
    for i, (value, text, school) in enumerate(scored):
        if i == 0 or value != scored[i - 1][0]:
            place = i + 1
        rows.append((str(place), school.name, text))
    return Table(("名次", "学校", _column(key)), tuple(rows), caption=f"各校{label}排名")


def _column(key: str) -> str:
    label, unit = METRICS[key]
    return label if unit == "%" else f"{label}（{unit}）"
