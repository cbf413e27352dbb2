"""The ``[report]`` table (district and school) and a school's ``[profile]``.

``[report]`` is read over a base: the district's over the built-in defaults, a school's over the
district's. ``signature_date`` and ``signed_by`` are the school's own and always allowed; the
other keys only where the district's ``overridable`` lists them (see ``loader``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from ..model import SchoolProfile
from ..report.settings import PARTS, PROGRAM_PART, OutlineItem, ReportSettings
from .reader import Reader, did_you_mean

REPORT_KEYS = ("outline", "signature_date", "signed_by", "age_bands", "max_body_rows")
SCHOOL_OWN_REPORT_KEYS = ("signature_date", "signed_by")
PROFILE_KEYS = ("classes", "students", "staff")
_PROGRAM_ID = re.compile(r"^[\w-]+$")


def read_report(r: Reader, data: Mapping[str, Any], base: ReportSettings) -> ReportSettings:
    """``[report]`` over ``base``; every problem recorded at its key."""
    table = r.get(data, "report", "report", dict, {}, "表 [report]")
    r.unknown_keys(table, REPORT_KEYS, "report")
    out = base
    if "outline" in table:
        outline = _outline(r, table["outline"])
        if outline:
            out = attrs.evolve(out, outline=outline)
    if "signature_date" in table:
        day = r.date(table["signature_date"], "report.signature_date")
        if day is not None:
            out = attrs.evolve(out, signature_date=day)
    signed = r.get(table, "signed_by", "report.signed_by", str, None, "文本，如 “城南实验小学教科室”")
    if signed is not None:
        out = attrs.evolve(out, signed_by=signed.strip())
    if "age_bands" in table:
        bands = _age_bands(r, table["age_bands"])
        if bands:
            out = attrs.evolve(out, age_bands=bands)
    rows = r.get(table, "max_body_rows", "report.max_body_rows", int, None, "正整数，如 20")
    if rows is not None:
        if rows < 1:
            r.problem("report.max_body_rows", "必须大于 0", rows, "正整数，如 20")
        else:
            out = attrs.evolve(out, max_body_rows=rows)
    return out


def _outline(r: Reader, raw: Any) -> tuple[OutlineItem, ...]:
    expected = "[[report.outline]] 表数组，每项有 title 与 parts"
    if not isinstance(raw, list) or not raw:
        r.problem("report.outline", "类型不对", raw, expected)
        return ()
    items: list[OutlineItem] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        where = f"report.outline[{i}]"
        if not isinstance(item, dict):
            r.problem(where, "类型不对", item, "表（title 与 parts）")
            continue
        r.unknown_keys(item, ("title", "parts"), where)
        title = item.get("title", "")
        if not isinstance(title, str):
            r.problem(f"{where}.title", "类型不对", title, "文本，如 “主要做法”")
            title = ""
        parts = r.texts(item, "parts", f"{where}.parts", (), "文本列表，如 [\"programs\", \"activities\"]")
        if not parts:
            if "parts" not in item:
                r.problem(f"{where}.parts", "缺少 parts", None, _parts_expected())
            continue
        good = []
        for j, part in enumerate(parts):
            if not _known_part(part):
                r.problem(f"{where}.parts[{j}]", f"未知的总结内容{did_you_mean(part, PARTS)}", part,
                          _parts_expected())
            elif part in seen:
                r.problem(f"{where}.parts[{j}]", f"与第 {seen[part] + 1} 节重复", part,
                          "每项内容只出现一次")
            else:
                seen[part] = i
                good.append(part)
        if not title.strip() and not (len(good) == 1 and good[0].startswith(PROGRAM_PART)):
            r.problem(f"{where}.title", "缺少标题", None, "文本，如 “主要做法”（编号自动加）")
            continue
        if good:
            items.append(OutlineItem(title.strip(), tuple(good)))
    return tuple(items)


def _known_part(part: str) -> bool:
    if part in PARTS:
        return True
    return part.startswith(PROGRAM_PART) and bool(_PROGRAM_ID.match(part[len(PROGRAM_PART):]))


def _parts_expected() -> str:
    return "以下之一：" + "、".join(PARTS) + "，或 “program.项目编号”"


def _age_bands(r: Reader, raw: Any) -> tuple[int, ...]:
    expected = "由小到大的整数年龄列表，如 [35, 45, 50]"
    if not isinstance(raw, list) or not raw:
        r.problem("report.age_bands", "类型不对", raw, expected)
        return ()
    ages = []
    for i, age in enumerate(raw):
        if not isinstance(age, int) or isinstance(age, bool) or not 18 <= age <= 80:
            r.problem(f"report.age_bands[{i}]", "年龄无效", age, "18 到 80 之间的整数")
            return ()
        ages.append(age)
    if ages != sorted(set(ages)):
        r.problem("report.age_bands", "年龄应由小到大且不重复", raw, expected)
        return ()
    return tuple(ages)


def read_profile(r: Reader, data: Mapping[str, Any]) -> SchoolProfile:
    """``[profile]``: 教学班数, 在校学生数, 教职工数 (each optional, a whole number ≥ 0)."""
    table = r.get(data, "profile", "profile", dict, {}, "表 [profile]")
    r.unknown_keys(table, PROFILE_KEYS, "profile")
    values: dict[str, int | None] = {}
    for key in PROFILE_KEYS:
        value = r.get(table, key, f"profile.{key}", int, None, "不小于 0 的整数")
        if value is not None and value < 0:
            r.problem(f"profile.{key}", "不能为负数", value, "不小于 0 的整数")
            value = None
        values[key] = value
    return SchoolProfile(**values)
