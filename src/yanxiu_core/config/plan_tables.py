"""``[plan]`` (a school's 研修方案) and ``[[targets]]`` (measurable targets; the district's
apply to every school), validated key by key with the line and a did-you-mean.

A program figure (``metric = "program"``, ``figure = "<program id>.<key>"``) is checked here for
its program id (a program the school, or for a district target the district, enables); whether
the program gives that figure is known only once programs run, so ``yanxiu check`` reports it
(:func:`yanxiu_core.targets.target_problems`, run by `App.rule_problems`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ..scheme.model import Member, SchoolPlan
from ..targets import FILTER_HELP, INT_FILTERS, METRICS, SHARE, Target, known_words, normalize_filter
from .locate import find_line
from .reader import NUMBER, Reader, did_you_mean

PLAN_KEYS = ("theme", "guiding", "aims", "organisation", "measures", "date")
ORGANISATION_KEYS = ("leading_group", "network")
GROUP_KEYS = ("role", "name", "teacher", "post", "duty")
NETWORK_KEYS = ("level", "name", "teacher", "post", "duty")
TARGET_KEYS = ("title", "metric", "where", "figure", "min", "max", "equals", "due")
BOUNDS = ("min", "max", "equals")


def read_plan(r: Reader, data: Mapping[str, Any], *, district_targets: Sequence[Target] = (),
              program_ids: Sequence[str] = (), grade_names: Sequence[str] = ()) -> SchoolPlan:
    """A school's ``[plan]`` and ``[[targets]]`` (after the district's targets)."""
    table = r.get(data, "plan", "plan", dict, {}, "表 [plan]")
    r.unknown_keys(table, PLAN_KEYS, "plan")
    theme = r.get(table, "theme", "plan.theme", str, "", "文本，如 “聚焦核心素养 深化课堂教学改革”")
    guiding = r.get(table, "guiding", "plan.guiding", str, "", "文本（指导思想）")
    aims = r.texts(table, "aims", "plan.aims", (), "文本列表，如 [\"…\", \"…\"]")
    measures = r.texts(table, "measures", "plan.measures", (), "文本列表（保障措施）")
    day = r.date(table["date"], "plan.date") if "date" in table else None
    org = r.get(table, "organisation", "plan.organisation", dict, {}, "表 [plan.organisation]")
    r.unknown_keys(org, ORGANISATION_KEYS, "plan.organisation")
    group = _members(r, org, "leading_group", "role", GROUP_KEYS, "小组职务，如 “组长”“副组长”“成员”")
    network = _members(r, org, "network", "level", NETWORK_KEYS,
                       "层级，如 “第一责任人”“具体负责人”“分管负责人”“实施者”")
    own = read_targets(r, data, program_ids=program_ids, grade_names=grade_names)
    return SchoolPlan(theme=" ".join(theme.split()), guiding=guiding.strip(), aims=aims,
                      leading_group=group, network=network, measures=measures, date=day,
                      targets=(*district_targets, *own))


def _names(r: Reader, entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            at = f"{where}.{key}[{i}]" if isinstance(value, list) else f"{where}.{key}"
            r.problem(at, "类型不对", item, "非空文本，或文本列表")
            continue
        out.append(item.strip())
    return tuple(out)


def _members(r: Reader, org: Mapping[str, Any], key: str, title_key: str,
             allowed: tuple[str, ...], title_expected: str) -> tuple[Member, ...]:
    where = f"plan.organisation.{key}"
    raw = r.get(org, key, where, list, [], f"表的列表，如 [{{ {title_key} = \"…\", name = \"…\" }}]")
    out = []
    for i, entry in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(entry, dict):
            r.problem(at, "类型不对", entry, f"表，如 {{ {title_key} = \"…\", name = \"…\", post = \"…\" }}")
            continue
        r.unknown_keys(entry, allowed, at)
        role = r.get(entry, title_key, f"{at}.{title_key}", str, "", title_expected).strip()
        if not role:
            if title_key not in entry:
                r.problem(f"{at}.{title_key}", f"缺少 {title_key}", None, title_expected)
            continue
        names = _names(r, entry, "name", at)
        teachers = _names(r, entry, "teacher", at)
        post = r.get(entry, "post", f"{at}.post", str, "", "文本，如 “校长”").strip()
        duty = r.get(entry, "duty", f"{at}.duty", str, "", "文本（职责）").strip()
        if not (names or teachers or post):
            r.problem(at, "没有写人", None, "name（姓名）、teacher（教师名册中的工号）或 post（岗位）")
            continue
        out.append(Member(role, names, teachers, post, duty, file=r.display,
                          key=f"{at}.teacher", line=find_line(r.source, f"{at}.teacher")))
    return tuple(out)


def read_targets(r: Reader, data: Mapping[str, Any], *, program_ids: Sequence[str] = (),
                 grade_names: Sequence[str] = (), district: bool = False) -> tuple[Target, ...]:
    """``[[targets]]`` of one file; each problem at its key and line."""
    raw = r.get(data, "targets", "targets", list, [], "[[targets]] 表数组")
    out = []
    for i, entry in enumerate(raw):
        target = _target(r, entry, f"targets[{i}]", program_ids, grade_names, district)
        if target is not None:
            out.append(target)
    return tuple(out)


def _metrics_expected() -> str:
    return "以下之一：" + "、".join(f"{m.name}（{m.help}）" for m in METRICS.values())


def _target(r: Reader, entry: Any, at: str, program_ids: Sequence[str],
            grade_names: Sequence[str], district: bool) -> Target | None:
    if not isinstance(entry, dict):
        r.problem(at, "类型不对", entry, "表（metric 与 min/max/equals）")
        return None
    r.unknown_keys(entry, TARGET_KEYS, at)
    ok = True
    title = r.get(entry, "title", f"{at}.title", str, "", "文本，如 “市级骨干教师不少于3人”")
    name = r.get(entry, "metric", f"{at}.metric", str, None, _metrics_expected())
    if name is None:
        if "metric" not in entry:
            r.problem(f"{at}.metric", "缺少 metric", None, _metrics_expected())
        return None
    metric = METRICS.get(name.strip())
    if metric is None:
        r.problem(f"{at}.metric", f"未知的指标{did_you_mean(name, METRICS)}", name,
                  _metrics_expected())
        return None
    where = _where(r, entry, at, metric.name, metric.filters, grade_names, program_ids)
    if where is None:
        ok = False
    else:
        for key in metric.required:
            if key not in where:
                r.problem(f"{at}.where", f"指标 {metric.name} 需要筛选条件 {key}", None,
                          f"where = {{ {key} = \"…\" }}（{FILTER_HELP[key]}）")
                ok = False
    figure = _figure(r, entry, at, metric.name, program_ids, district)
    if figure is None:
        ok = False
    misspelt = any(k not in TARGET_KEYS for k in entry)  # already said: do not add 没有界限
    bounds = _bounds(r, entry, at, metric.kind, quiet=misspelt)
    if bounds is None:
        ok = False
    due = _due(r, entry, at)
    if not ok or due is False:
        return None
    assert where is not None and figure is not None and bounds is not None
    key = f"{at}.figure" if metric.name == "program" else at
    return Target(metric.name, title=" ".join(title.split()), where=where, figure=figure,
                  min=bounds[0], max=bounds[1], equals=bounds[2],
                  due=None if due is True else due, file=r.display, key=at,
                  line=find_line(r.source, key), district=district)


def _where(r: Reader, entry: Mapping[str, Any], at: str, metric: str, allowed: tuple[str, ...],
           grade_names: Sequence[str], program_ids: Sequence[str]) -> dict[str, Any] | None:
    if "where" not in entry:
        return {}
    table = entry["where"]
    if not isinstance(table, dict):
        r.problem(f"{at}.where", "类型不对", table, "表，如 where = { backbone_level = \"市级\" }")
        return None
    if table and not allowed:
        r.problem(f"{at}.where", f"指标 {metric} 不用筛选条件", None, "去掉 where")
        return None
    out: dict[str, Any] = {}
    good = True
    for key, value in table.items():
        here = f"{at}.where.{key}"
        if key not in allowed:
            r.problem(here, f"指标 {metric} 没有这个筛选条件{did_you_mean(key, allowed)}", None,
                      "以下之一：" + "、".join(f"{k}（{FILTER_HELP[k]}）" for k in allowed))
            good = False
            continue
        if key in INT_FILTERS:
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120:
                r.problem(here, "类型不对", value, FILTER_HELP[key])
                good = False
            else:
                out[key] = value
            continue
        items = value if isinstance(value, list) else [value]
        words = []
        for j, item in enumerate(items):
            spot = f"{here}[{j}]" if isinstance(value, list) else here
            if not isinstance(item, str) or not item.strip():
                r.problem(spot, "类型不对", item, f"文本或文本列表（{FILTER_HELP[key]}）")
                good = False
                continue
            word = _filter_word(r, spot, key, item, grade_names, program_ids)
            if word is None:
                good = False
            else:
                words.append(word)
        if words:
            out[key] = tuple(dict.fromkeys(words))
    if out.get("min_age", 0) > out.get("max_age", 200):
        r.problem(f"{at}.where.min_age", "最小年龄大于最大年龄", out["min_age"],
                  f"不大于 max_age（{out['max_age']}）")
        good = False
    return out if good else None


def _filter_word(r: Reader, spot: str, key: str, item: str, grade_names: Sequence[str],
                 program_ids: Sequence[str]) -> str | None:
    if key == "program":
        program = item.strip()
        choices = [*program_ids, "全校"]
        if program not in choices:
            r.problem(spot, f"本校没有启用编号为 {program!r} 的项目{did_you_mean(program, choices)}",
                      item, "以下之一：" + "、".join(choices))
            return None
        return program
    word = normalize_filter(key, item, grade_names)
    if word is None:
        words = known_words(key, grade_names)
        r.problem(spot, f"无法识别的值{did_you_mean(item.strip(), words)}", item,
                  FILTER_HELP[key] if key != "grade" else "考核等级：" + "、".join(words))
    return word


def _figure(r: Reader, entry: Mapping[str, Any], at: str, metric: str,
            program_ids: Sequence[str], district: bool) -> str | None:
    expected = "“项目编号.数字名”，如 \"reading.held\"（数字名见 yanxiu plugins 或 yanxiu check）"
    if metric != "program":
        if "figure" in entry:
            r.problem(f"{at}.figure", "只有 metric = \"program\" 的目标才用 figure", entry["figure"],
                      "去掉 figure，或写 metric = \"program\"")
            return None
        return ""
    value = r.get(entry, "figure", f"{at}.figure", str, None, expected)
    if value is None:
        if "figure" not in entry:
            r.problem(f"{at}.figure", "缺少 figure", None, expected)
        return None
    program, dot, key = value.strip().partition(".")
    if not dot or not program or not key:
        r.problem(f"{at}.figure", "格式不对", value, expected)
        return None
    if program not in program_ids:
        whose = "区配置" if district else "本校"
        r.problem(f"{at}.figure", f"{whose}没有启用编号为 {program!r} 的项目"
                  f"{did_you_mean(program, program_ids)}", value,
                  "启用的项目编号之一：" + ("、".join(program_ids) or "（无）"))
        return None
    return f"{program}.{key}"


def _bounds(r: Reader, entry: Mapping[str, Any], at: str, kind: str,
            quiet: bool = False) -> tuple[float | None, float | None, float | None] | None:
    expected = "比例，0 到 1 之间的小数（95% 写 0.95）" if kind == SHARE else "不小于 0 的数"
    values: dict[str, float | None] = {}
    good = True
    for key in BOUNDS:
        value = r.get(entry, key, f"{at}.{key}", NUMBER, None, expected)
        if value is not None and (value < 0 or (kind == SHARE and value > 1)):
            r.problem(f"{at}.{key}", "超出范围", value, expected)
            good = False
            value = None
        values[key] = None if value is None else float(value)
        if key in entry and value is None:
            good = False
    low, high, equals = values["min"], values["max"], values["equals"]
    if not good:
        return None
    if low is None and high is None and equals is None:
        if not quiet:
            r.problem(at, "目标没有界限", None, "min（不少于）、max（不超过）或 equals（等于）之一")
        return None
    if equals is not None and (low is not None or high is not None):
        r.problem(f"{at}.equals", "equals 不能与 min、max 同时使用", equals, "只写 equals，或只写 min/max")
        return None
    if low is not None and high is not None and low > high:
        r.problem(f"{at}.min", "min 大于 max", low, f"不大于 max（{high:g}）")
        return None
    return low, high, equals


def _due(r: Reader, entry: Mapping[str, Any], at: str) -> int | dt.date | bool:
    """The due year or date; ``True`` when there is none, ``False`` after a problem."""
    if "due" not in entry:
        return True
    value = entry["due"]
    expected = "年份（如 2023：在该年结束的学期核算）或日期（如 2023-08-31，不加引号）"
    if isinstance(value, int) and not isinstance(value, bool):
        if 1900 <= value <= 2999:
            return value
        r.problem(f"{at}.due", "年份超出范围", value, expected)
        return False
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    r.problem(f"{at}.due", "类型不对", value, expected)
    return False
