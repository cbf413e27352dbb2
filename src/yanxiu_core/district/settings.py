"""``[district_report]``: what the district asks of its roll-up (read by ``config``).

A leaf: plain records and the names of the figures a district may rank its schools by.
"""

from __future__ import annotations

import attrs

METRICS: dict[str, tuple[str, str]] = {
    "teachers": ("专任教师", "人"),
    "participation": ("参训率", "%"),
    "hours_mean": ("人均学时", "学时"),
    "hours_met_share": ("学时达标率", "%"),
    "excellent_share": ("优秀率", "%"),
    "awards": ("荣誉与获奖", "项"),
}
"""Figures a school can be ranked by: key -> (label, unit). Higher ranks first for every one."""


@attrs.frozen
class DistrictReportSettings:
    """``rank_by``: the figures (keys of :data:`METRICS`) the roll-up ranks schools by, in the
    order the district lists them; none by default — schools are compared, not ranked."""

    rank_by: tuple[str, ...] = ()
