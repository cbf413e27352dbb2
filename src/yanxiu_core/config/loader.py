"""Read a workspace: ``yanxiu.toml`` (district) and ``schools/<id>.toml``.

Every problem is collected (not just the first) and raised as one :class:`ConfigError` whose
problems name the file, the key path, the line, the value and what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..errors import ConfigError, Problem
from ..hours import HoursPolicy
from ..model import Term
from .locate import find_line
from .schema import (
    DEFAULT_GRADES,
    DataFile,
    DistrictConfig,
    EvaluationPolicy,
    GradeBand,
    ProgramSpec,
    SchoolConfig,
    WorkspaceConfig,
)

DISTRICT_FILE = "yanxiu.toml"
SCHOOLS_DIR = "schools"
CORE_DATA_KINDS = ("teachers", "activities", "attendance", "artifacts", "assessments")
DEFAULT_OVERRIDABLE = ("programs", "holidays", "term")
DISTRICT_KEYS = {"district", "terms", "school_year_start", "current_term", "hours", "evaluation",
                 "programs", "overridable", "database", "holidays"}
SCHOOL_KEYS = {"name", "term", "holidays", "programs", "data", "hours", "evaluation"}
_NUMBER = (int, float)


@attrs.define
class _Reader:
    """Typed access to one parsed TOML file that records problems instead of raising."""

    file: Path
    display: str
    source: str
    problems: list[Problem]

    def problem(self, where: str, message: str, value: object = None, expected: str = "") -> None:
        self.problems.append(Problem(message, file=self.display, where=where,
                                     line=find_line(self.source, where), value=value,
                                     expected=expected))

    def get(self, table: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...],
            default: Any, expected: str) -> Any:
        if key not in table:
            return default
        value = table[key]
        bad_bool = isinstance(value, bool) and kind is not bool and kind != (bool,)
        if not isinstance(value, kind) or bad_bool:
            self.problem(where, "类型不对", value, expected)
            return default
        return value

    def unknown_keys(self, table: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        import difflib

        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"（您是否想写 {close[0]!r}？）" if close else ""
                where = f"{prefix}.{key}" if prefix else key
                self.problem(where, f"未知的配置项{hint}", None, "、".join(sorted(allowed)))


def _parse(path: Path, root: Path, problems: list[Problem]) -> tuple[dict[str, Any], str] | None:
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem("找不到配置文件", file=display,
                                expected=f"工作区 {root} 中应有 {DISTRICT_FILE}"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(f"文件不是 UTF-8 编码：{exc}", file=display))
        return None
    try:
        return tomllib.loads(source), source
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(f"TOML 语法错误：{exc}", file=display,
                                line=int(m.group(1)) if m else None))
        return None


def _date(r: _Reader, value: Any, where: str) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    r.problem(where, "类型不对", value, "日期（如 2020-09-01，不加引号）")
    return None


def _terms(r: _Reader, data: Mapping[str, Any]) -> tuple[Term, ...]:
    start_text = r.get(data, "school_year_start", "school_year_start", str, "09-01", "“MM-DD” 文本")
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", start_text)
    if not m:
        r.problem("school_year_start", "格式不对", start_text, "“MM-DD”，如 “09-01”")
        m = re.fullmatch(r"(\d+)-(\d+)", "09-01")
    assert m is not None
    month, day = int(m.group(1)), int(m.group(2))
    raw = r.get(data, "terms", "terms", list, [], "[[terms]] 表数组")
    terms: list[Term] = []
    for i, item in enumerate(raw):
        where = f"terms[{i}]"
        if not isinstance(item, dict):
            r.problem(where, "类型不对", item, "表（含 name 与 year 或 start/end）")
            continue
        name = r.get(item, "name", f"{where}.name", str, None, "文本")
        if not name:
            r.problem(f"{where}.name", "缺少学期名称", None, "文本，如 “2020学年”")
            continue
        if "year" in item:
            year = r.get(item, "year", f"{where}.year", int, None, "整数年份，如 2020")
            if year is None:
                continue
            try:
                start = dt.date(year, month, day)
            except ValueError:
                r.problem("school_year_start", "日期无效", start_text, "有效的月-日")
                continue
            end = dt.date(year + 1, month, day) - dt.timedelta(days=1)
        else:
            s = _date(r, item.get("start"), f"{where}.start")
            e = _date(r, item.get("end"), f"{where}.end")
            if s is None or e is None:
                continue
            start, end = s, e
        if end < start:
            r.problem(f"{where}.end", "学期结束早于开始", end.isoformat(), f"不早于 {start}")
            continue
        if any(t.name == name for t in terms):
            r.problem(f"{where}.name", "学期名称重复", name, "唯一的名称")
            continue
        terms.append(Term(name, start, end))
    if not terms and raw == []:
        r.problem("terms", "没有配置学期", None, "至少一个 [[terms]]（name 与 year）")
    return tuple(terms)


def _hours(r: _Reader, data: Mapping[str, Any], base: HoursPolicy) -> HoursPolicy:
    table = r.get(data, "hours", "hours", dict, {}, "表")
    r.unknown_keys(table, {"minutes_per_hour", "required_hours", "default_hours_per_credit",
                           "per_credit"}, "hours")
    mph = r.get(table, "minutes_per_hour", "hours.minutes_per_hour", int,
                base.minutes_per_hour, "正整数（分钟）")
    if mph <= 0:
        r.problem("hours.minutes_per_hour", "必须大于 0", mph, "正整数（分钟）")
        mph = base.minutes_per_hour
    req = r.get(table, "required_hours", "hours.required_hours", _NUMBER, base.required_hours,
                "不小于 0 的数字")
    if req < 0:
        r.problem("hours.required_hours", "不能为负数", req, "不小于 0 的数字")
        req = base.required_hours
    default_pc = r.get(table, "default_hours_per_credit", "hours.default_hours_per_credit",
                       _NUMBER, base.default_hours_per_credit, "正数")
    per_credit = dict(base.hours_per_credit)
    for cat, value in r.get(table, "per_credit", "hours.per_credit", dict, {}, "表").items():
        if not isinstance(value, _NUMBER) or isinstance(value, bool) or value <= 0:
            r.problem(f"hours.per_credit.{cat}", "类型不对", value, "正数（多少学时折合 1 学分）")
            continue
        per_credit[cat] = float(value)
    return HoursPolicy(minutes_per_hour=mph, required_hours=float(req),
                       hours_per_credit=per_credit, default_hours_per_credit=float(default_pc))


def _evaluation(r: _Reader, data: Mapping[str, Any], base: EvaluationPolicy) -> EvaluationPolicy:
    table = r.get(data, "evaluation", "evaluation", dict, {}, "表")
    r.unknown_keys(table, {"process_weight", "summative_weight", "grades", "indicator_weights",
                           "required_artifacts", "low_attendance_rate"}, "evaluation")
    pw = r.get(table, "process_weight", "evaluation.process_weight", _NUMBER,
               base.process_weight, "不小于 0 的数字")
    sw = r.get(table, "summative_weight", "evaluation.summative_weight", _NUMBER,
               base.summative_weight, "不小于 0 的数字")
    for key, w in (("process_weight", pw), ("summative_weight", sw)):
        if w < 0:
            r.problem(f"evaluation.{key}", "权重不能为负数", w, "不小于 0 的数字")
    if pw + sw <= 0:
        r.problem("evaluation.process_weight", "过程性与终结性权重之和必须大于 0", pw + sw, "> 0")
    weights = dict(base.indicator_weights)
    for key, w in r.get(table, "indicator_weights", "evaluation.indicator_weights", dict, {},
                        "表").items():
        if not isinstance(w, _NUMBER) or isinstance(w, bool) or w < 0:
            r.problem(f"evaluation.indicator_weights.{key}", "权重无效", w, "不小于 0 的数字")
            continue
        weights[key] = float(w)
    grades = base.grades
    if "grades" in table:
        grades = _grades(r, table["grades"])
    required = r.get(table, "required_artifacts", "evaluation.required_artifacts", list,
                     list(base.required_artifacts), "文本列表")
    low = r.get(table, "low_attendance_rate", "evaluation.low_attendance_rate", _NUMBER,
                base.low_attendance_rate, "0 到 1 之间的数字")
    if not 0 <= low <= 1:
        r.problem("evaluation.low_attendance_rate", "超出范围", low, "0 到 1 之间的数字")
        low = base.low_attendance_rate
    return EvaluationPolicy(process_weight=float(pw), summative_weight=float(sw), grades=grades,
                            indicator_weights=weights,
                            required_artifacts=tuple(str(a) for a in required),
                            low_attendance_rate=float(low))


def _grades(r: _Reader, raw: Any) -> tuple[GradeBand, ...]:
    if not isinstance(raw, list) or not raw:
        r.problem("evaluation.grades", "类型不对", raw, "[[evaluation.grades]] 表数组（name, min）")
        return DEFAULT_GRADES
    bands: list[GradeBand] = []
    for i, item in enumerate(raw):
        where = f"evaluation.grades[{i}]"
        if isinstance(item, dict):
            r.unknown_keys(item, {"name", "min"}, where)
        name = item.get("name") if isinstance(item, dict) else None
        low = item.get("min") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name:
            r.problem(f"{where}.name", "缺少等级名称", name, "文本，如 “优秀”")
            continue
        if not isinstance(low, _NUMBER) or isinstance(low, bool) or not 0 <= low <= 100:
            r.problem(f"{where}.min", "分数线无效", low, "0 到 100 之间的数字")
            continue
        if any(b.min == low for b in bands) or any(b.name == name for b in bands):
            r.problem(where, "等级名称或分数线重复", f"{name} {low}", "各不相同")
            continue
        bands.append(GradeBand(name, float(low)))
    bands.sort(key=lambda b: -b.min)
    if bands and bands[-1].min > 0:
        r.problem("evaluation.grades", "最低一档的分数线应为 0，否则有分数无等级",
                  bands[-1].min, "min = 0 的一档")
    return tuple(bands) or DEFAULT_GRADES


def _programs(r: _Reader, data: Mapping[str, Any]) -> list[ProgramSpec]:
    specs = []
    for pid, table in r.get(data, "programs", "programs", dict, {}, "表").items():
        if not isinstance(table, dict):
            r.problem(f"programs.{pid}", "类型不对", table, "表 [programs.<编号>]")
            continue
        settings = dict(table)
        ptype = settings.pop("type", pid)
        if not isinstance(ptype, str):
            r.problem(f"programs.{pid}.type", "类型不对", ptype, "项目类型名称（文本）")
            continue
        specs.append(ProgramSpec(pid, ptype, settings, r.display, r.source))
    return specs


def _holidays(r: _Reader, data: Mapping[str, Any], base: tuple[dt.date, ...]) -> tuple[dt.date, ...]:
    raw = r.get(data, "holidays", "holidays", list, None, "日期列表")
    if raw is None:
        return base
    days = [_date(r, v, f"holidays[{i}]") for i, v in enumerate(raw)]
    return tuple(sorted({d for d in days if d is not None}))


def _database_url(r: _Reader, data: Mapping[str, Any], root: Path) -> str:
    table = r.get(data, "database", "database", dict, {}, "表")
    url: str | None = r.get(table, "url", "database.url", str, None, "数据库 URL 文本")
    if url is None:
        return f"sqlite:///{(root / 'yanxiu.db').resolve()}"
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        rel = url[len("sqlite:///"):]
        if rel and rel != ":memory:":
            return f"sqlite:///{(root / rel).resolve()}"
    return url


def _allowed(key: str, overridable: tuple[str, ...]) -> bool:
    return any(key == p or key.startswith(p + ".") for p in overridable)


def _check_overrides(r: _Reader, data: Mapping[str, Any], overridable: tuple[str, ...]) -> None:
    for key in ("term", "holidays", "programs"):
        if key in data and not _allowed(key, overridable):
            r.problem(key, "区配置不允许学校覆盖此项", None,
                      "区配置 overridable 中列出的项：" + ("、".join(overridable) or "（无）"))
    for section in ("hours", "evaluation"):
        table = data.get(section)
        if isinstance(table, dict):
            for key in table:
                if not _allowed(f"{section}.{key}", overridable):
                    r.problem(f"{section}.{key}", "区配置不允许学校覆盖此项", None,
                              "区配置 overridable 中列出的项：" + ("、".join(overridable) or "（无）"))


def _data_files(r: _Reader, data: Mapping[str, Any], root: Path) -> tuple[DataFile, ...]:
    files = []
    for kind, value in r.get(data, "data", "data", dict, {}, "表").items():
        where = f"data.{kind}" if "." not in kind else f'data."{kind}"'
        if "." not in kind and kind not in CORE_DATA_KINDS:
            r.problem(f"data.{kind}", "未知的数据类型", kind,
                      "、".join(CORE_DATA_KINDS) + "，或 “项目.记录类型”")
            continue
        paths = value if isinstance(value, list) else [value]
        for i, p in enumerate(paths):
            key = where if len(paths) == 1 and not isinstance(value, list) else f"{where}[{i}]"
            if not isinstance(p, str):
                r.problem(key, "类型不对", p, "文件路径（文本）")
                continue
            full = (root / p).resolve()
            if not full.is_file():
                r.problem(key, "数据文件不存在", p, f"工作区中存在的文件（{full}）")
                continue
            files.append(DataFile(kind, full, p))
    return tuple(files)


def _merge_programs(district: list[ProgramSpec], school: list[ProgramSpec],
                    r: _Reader) -> tuple[ProgramSpec, ...]:
    """District defaults the school does not mention come first, then the school's tables in
    their order; a school table with a district id merges over the district settings, and
    ``enabled = false`` drops the program."""
    by_id = {p.id: p for p in district}
    school_ids = {p.id for p in school}
    merged = [p for p in district if p.id not in school_ids]
    for spec in school:
        table = dict(spec.table)
        enabled = table.pop("enabled", True)
        if not isinstance(enabled, bool):
            r.problem(f"programs.{spec.id}.enabled", "类型不对", enabled, "true 或 false")
            enabled = True
        base = by_id.get(spec.id)
        if base is not None:
            table = {**base.table, **table}
            if spec.type == spec.id and base.type != base.id:
                spec = attrs.evolve(spec, type=base.type)
        if enabled:
            merged.append(attrs.evolve(spec, table=table))
    return tuple(merged)


def load_workspace_config(root: Path) -> WorkspaceConfig:
    """Read and validate the whole workspace; raise :class:`ConfigError` listing every problem."""
    root = Path(root)
    problems: list[Problem] = []
    district_path = root / DISTRICT_FILE
    if not root.is_dir():
        raise ConfigError(f"工作区目录不存在：{root}")
    parsed = _parse(district_path, root, problems)
    if parsed is None:
        raise ConfigError("工作区配置有误", problems)
    data, source = parsed
    r = _Reader(district_path, DISTRICT_FILE, source, problems)
    r.unknown_keys(data, DISTRICT_KEYS, "")
    district_table = r.get(data, "district", "district", dict, {}, "表")
    name = r.get(district_table, "name", "district.name", str, "", "文本")
    if not name:
        r.problem("district.name", "缺少区（县）名称", None, "文本")
    terms = _terms(r, data)
    current = terms[-1] if terms else Term("未配置", dt.date(2000, 9, 1), dt.date(2001, 8, 31))
    current_name = r.get(data, "current_term", "current_term", str, None, "学期名称")
    if current_name is not None:
        found = [t for t in terms if t.name == current_name]
        if found:
            current = found[0]
        else:
            r.problem("current_term", "没有这个学期", current_name,
                      "、".join(t.name for t in terms) or "[[terms]] 中的名称")
    hours = _hours(r, data, HoursPolicy())
    evaluation = _evaluation(r, data, EvaluationPolicy())
    overridable = tuple(r.get(data, "overridable", "overridable", list,
                              list(DEFAULT_OVERRIDABLE), "键前缀列表"))
    district = DistrictConfig(
        name=name, file=district_path, terms=terms, current_term=current, hours=hours,
        evaluation=evaluation, programs=tuple(_programs(r, data)), overridable=overridable,
        database_url=_database_url(r, data, root), holidays=_holidays(r, data, ()),
    )
    schools = {}
    for path in sorted((root / SCHOOLS_DIR).glob("*.toml")):
        school = _school(path, root, district, problems)
        if school is not None:
            schools[school.id] = school
    if not schools and not problems:
        problems.append(Problem("工作区中没有学校配置", file=f"{SCHOOLS_DIR}/",
                                expected="至少一个 schools/<学校编号>.toml"))
    if problems:
        raise ConfigError("工作区配置有误", problems)
    return WorkspaceConfig(root=root, district=district, schools=schools)


def _school(path: Path, root: Path, district: DistrictConfig,
            problems: list[Problem]) -> SchoolConfig | None:
    parsed = _parse(path, root, problems)
    if parsed is None:
        return None
    data, source = parsed
    r = _Reader(path, path.relative_to(root).as_posix(), source, problems)
    r.unknown_keys(data, SCHOOL_KEYS, "")
    _check_overrides(r, data, district.overridable)
    name = r.get(data, "name", "name", str, "", "文本")
    if not name:
        r.problem("name", "缺少学校名称", None, "文本")
    term = district.current_term
    term_name = r.get(data, "term", "term", str, None, "学期名称")
    if term_name is not None:
        found = [t for t in district.terms if t.name == term_name]
        if found:
            term = found[0]
        else:
            r.problem("term", "没有这个学期", term_name, "、".join(t.name for t in district.terms))
    return SchoolConfig(
        id=path.stem,
        name=name,
        file=path,
        term=term,
        programs=_merge_programs(list(district.programs), _programs(r, data), r),
        data=_data_files(r, data, root),
        hours=_hours(r, data, district.hours),
        evaluation=_evaluation(r, data, district.evaluation),
        holidays=_holidays(r, data, district.holidays),
    )
