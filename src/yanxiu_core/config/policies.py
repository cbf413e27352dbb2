"""The ``[hours]`` and ``[evaluation]`` tables, read over a base policy.

The district's tables are read over the built-in defaults; a school's (where ``overridable``
allows) over the district's, so a school that sets one key keeps the district's others.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..hours import HoursPolicy
from .reader import NUMBER, Reader
from .schema import DEFAULT_GRADES, EvaluationPolicy, GradeBand

HOURS_KEYS = ("minutes_per_hour", "required_hours", "default_hours_per_credit", "per_credit")
EVALUATION_KEYS = ("process_weight", "summative_weight", "grades", "indicator_weights",
                   "required_artifacts", "low_attendance_rate", "missing_part")
MISSING_PART_CHOICES = ("unrated", "reweight")


def read_hours(r: Reader, data: Mapping[str, Any], base: HoursPolicy) -> HoursPolicy:
    """``[hours]``: 学时 length, the yearly requirement and 学时 per 学分 by credit category."""
    table = r.get(data, "hours", "hours", dict, {}, "表 [hours]")
    r.unknown_keys(table, HOURS_KEYS, "hours")
    mph = r.get(table, "minutes_per_hour", "hours.minutes_per_hour", int,
                base.minutes_per_hour, "正整数（分钟）")
    if mph <= 0:
        r.problem("hours.minutes_per_hour", "必须大于 0", mph, "正整数（分钟）")
        mph = base.minutes_per_hour
    required = r.number(table, "required_hours", "hours.required_hours", base.required_hours,
                        low=0, expected="不小于 0 的数字")
    default_pc = r.number(table, "default_hours_per_credit", "hours.default_hours_per_credit",
                          base.default_hours_per_credit, above=0, expected="大于 0 的数字")
    per_credit = dict(base.hours_per_credit)
    for category, value in r.get(table, "per_credit", "hours.per_credit", dict, {},
                                 "表 [hours.per_credit]").items():
        if not isinstance(value, NUMBER) or isinstance(value, bool) or value <= 0:
            r.problem(f"hours.per_credit.{category}", "类型不对", value,
                      "大于 0 的数字（多少学时折合 1 学分）")
            continue
        per_credit[category] = float(value)
    return HoursPolicy(minutes_per_hour=mph, required_hours=required,
                       hours_per_credit=per_credit, default_hours_per_credit=default_pc)


def read_evaluation(r: Reader, data: Mapping[str, Any], base: EvaluationPolicy) -> EvaluationPolicy:
    """``[evaluation]``: weights, indicator weights, grade bands and the finding thresholds."""
    table = r.get(data, "evaluation", "evaluation", dict, {}, "表 [evaluation]")
    r.unknown_keys(table, EVALUATION_KEYS, "evaluation")
    pw = r.number(table, "process_weight", "evaluation.process_weight", base.process_weight,
                  low=0, expected="不小于 0 的数字")
    sw = r.number(table, "summative_weight", "evaluation.summative_weight",
                  base.summative_weight, low=0, expected="不小于 0 的数字")
    if pw + sw <= 0:
        r.problem("evaluation.process_weight", "过程性与终结性权重之和必须大于 0", pw + sw,
                  "process_weight + summative_weight > 0")
    weights = dict(base.indicator_weights)
    for key, w in r.get(table, "indicator_weights", "evaluation.indicator_weights", dict, {},
                        "表 [evaluation.indicator_weights]").items():
        if not isinstance(w, NUMBER) or isinstance(w, bool) or w < 0:
            r.problem(f"evaluation.indicator_weights.{key}", "权重无效", w, "不小于 0 的数字")
            continue
        weights[key] = float(w)
    grades = read_grades(r, table["grades"]) if "grades" in table else base.grades
    required = r.texts(table, "required_artifacts", "evaluation.required_artifacts",
                       base.required_artifacts, "文本列表，如 [\"学习笔记\"]")
    low = r.number(table, "low_attendance_rate", "evaluation.low_attendance_rate",
                   base.low_attendance_rate, low=0, high=1, expected="0 到 1 之间的数字")
    missing = r.get(table, "missing_part", "evaluation.missing_part", str, base.missing_part,
                    "“unrated” 或 “reweight”")
    if missing not in MISSING_PART_CHOICES:
        r.problem("evaluation.missing_part", "取值无效", missing,
                  "“unrated”（缺少一部分评价的教师列为未评定）或 “reweight”（按现有部分计总评）")
        missing = base.missing_part
    return EvaluationPolicy(process_weight=pw, summative_weight=sw, grades=grades,
                            indicator_weights=weights, required_artifacts=required,
                            low_attendance_rate=low, missing_part=missing)


def read_grades(r: Reader, raw: Any) -> tuple[GradeBand, ...]:
    """``[[evaluation.grades]]``: names and cut-offs 0–100, all distinct, the lowest at 0."""
    if not isinstance(raw, list) or not raw:
        r.problem("evaluation.grades", "类型不对", raw, "[[evaluation.grades]] 表数组（name, min）")
        return DEFAULT_GRADES
    bands: list[GradeBand] = []
    for i, item in enumerate(raw):
        where = f"evaluation.grades[{i}]"
        if not isinstance(item, dict):
            r.problem(where, "类型不对", item, "表（name 与 min）")
            continue
        r.unknown_keys(item, ("name", "min"), where)
        name, low = item.get("name"), item.get("min")
        if not isinstance(name, str) or not name.strip():
            r.problem(f"{where}.name", "缺少等级名称", name, "文本，如 “优秀”")
            continue
        if not isinstance(low, NUMBER) or isinstance(low, bool) or not 0 <= low <= 100:
            r.problem(f"{where}.min", "分数线无效", low, "0 到 100 之间的数字")
            continue
        if any(b.min == low or b.name == name for b in bands):
            r.problem(where, "等级名称或分数线重复", f"{name} {low}", "各档名称与分数线各不相同")
            continue
        bands.append(GradeBand(name.strip(), float(low)))
    if bands and min(b.min for b in bands) > 0:
        r.problem("evaluation.grades", "最低一档的分数线应为 0，否则有分数无等级",
                  min(b.min for b in bands), "min = 0 的一档")
    return tuple(bands) or DEFAULT_GRADES  # EvaluationPolicy sorts them
