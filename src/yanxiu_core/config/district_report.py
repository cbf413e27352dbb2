"""The ``[district_report]`` table of ``yanxiu.toml``: how the district's roll-up of its
schools is shaped (``yanxiu district report``). Schools have no say in it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..district.settings import METRICS, DistrictReportSettings
from .reader import Reader, did_you_mean

DISTRICT_REPORT_KEYS = ("rank_by",)


def _metrics_expected() -> str:
    return "以下之一：" + "、".join(f"{key}（{label}）" for key, (label, _) in METRICS.items())


def read_district_report(r: Reader, data: Mapping[str, Any]) -> DistrictReportSettings:
    """``[district_report]``; every problem recorded at its key."""
    table = r.get(data, "district_report", "district_report", dict, {}, "表 [district_report]")
    r.unknown_keys(table, DISTRICT_REPORT_KEYS, "district_report")
    expected = '指标名称的列表，如 ["hours_mean", "excellent_share"]'
    raw = r.get(table, "rank_by", "district_report.rank_by", list, [], expected)
    keys: list[str] = []
    for i, key in enumerate(raw):
        where = f"district_report.rank_by[{i}]"
        if not isinstance(key, str):
            r.problem(where, "类型不对", key, _metrics_expected())
        elif key not in METRICS:
            r.problem(where, f"未知的排名指标{did_you_mean(key, METRICS)}", key, _metrics_expected())
        elif key in keys:
            r.problem(where, "排名指标重复", key, "每个指标只列一次")
        else:
            keys.append(key)
    return DistrictReportSettings(rank_by=tuple(keys))
