"""Read a workspace: ``yanxiu.toml`` (district) and ``schools/<id>.toml``.

Every problem is collected (not just the first); each names the file, the key path, the line,
the value and what was expected. Problems of ``yanxiu.toml`` are always raised as one
:class:`ConfigError` (nothing can be done without the district). Problems of a school's file are
raised too, by default, or — with ``keep_broken=True``, as the CLI loads — kept per school in
:attr:`WorkspaceConfig.broken`, so one broken school does not stop the others.

``[data]`` paths must resolve (after ``..`` and symbolic links) inside the workspace or inside a
folder the district lists in ``[paths] allow_outside``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import attrs

from ..errors import ConfigError, Problem
from ..hours import HoursPolicy
from ..model import Term
from ..report.settings import ReportSettings
from .district_report import read_district_report
from .locate import find_line
from .plan_tables import read_plan, read_targets
from .policies import EVALUATION_KEYS, HOURS_KEYS, read_evaluation, read_hours
from .reader import Reader, did_you_mean, parse_file
from .report_tables import REPORT_KEYS, SCHOOL_OWN_REPORT_KEYS, read_profile, read_report
from .schema import DataFile, DistrictConfig, EvaluationPolicy, ProgramSpec, SchoolConfig, WorkspaceConfig

DISTRICT_FILE = "yanxiu.toml"
SCHOOLS_DIR = "schools"
CORE_DATA_KINDS = ("teachers", "activities", "attendance", "artifacts", "assessments", "awards")
DEFAULT_OVERRIDABLE = ("programs", "holidays", "term")
DISTRICT_KEYS = ("district", "terms", "school_year_start", "current_term", "hours", "evaluation",
                 "programs", "overridable", "database", "holidays", "report", "paths",
                 "targets", "district_report")
PATHS_KEYS = ("allow_outside",)
SCHOOL_KEYS = ("name", "term", "holidays", "programs", "data", "hours", "evaluation", "report",
               "profile", "plan", "targets")
# What a district may let schools override: whole sections or single keys of them.
OVERRIDABLE_PREFIXES = ("term", "holidays", "programs", "hours", "evaluation", "report",
                        *(f"hours.{k}" for k in HOURS_KEYS),
                        *(f"evaluation.{k}" for k in EVALUATION_KEYS),
                        *(f"report.{k}" for k in REPORT_KEYS if k not in SCHOOL_OWN_REPORT_KEYS))


def _school_year_start(r: Reader) -> tuple[int, int]:
    text = r.get(r.data, "school_year_start", "school_year_start", str, "09-01", "“MM-DD” 文本")
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text.strip())
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        try:
            dt.date(2001, month, day)  # a non-leap year: 02-29 would break every other year
            return month, day
        except ValueError:
            pass
    r.problem("school_year_start", "格式不对", text, "“MM-DD” 形式的有效日期，如 “09-01”")
    return 9, 1


def _terms(r: Reader) -> tuple[Term, ...]:
    month, day = _school_year_start(r)
    raw = r.get(r.data, "terms", "terms", list, [], "[[terms]] 表数组")
    terms: list[Term] = []
    for i, item in enumerate(raw):
        where = f"terms[{i}]"
        if not isinstance(item, dict):
            r.problem(where, "类型不对", item, "表（name 与 year，或 name 与 start/end）")
            continue
        r.unknown_keys(item, ("name", "year", "start", "end"), where)
        name = r.get(item, "name", f"{where}.name", str, None, "文本，如 “2020学年”")
        if name is None or not name.strip():
            if "name" not in item or name is not None:  # a wrong type is already reported
                r.problem(f"{where}.name", "缺少学期名称", None, "文本，如 “2020学年”")
            continue
        name = name.strip()
        if "year" in item:
            year = r.get(item, "year", f"{where}.year", int, None, "整数年份，如 2020")
            if year is None:
                continue
            if not 1900 <= year <= 2999:
                r.problem(f"{where}.year", "年份超出范围", year, "四位数年份，如 2020")
                continue
            start = dt.date(year, month, day)
            end = dt.date(year + 1, month, day) - dt.timedelta(days=1)
        elif "start" in item and "end" in item:
            s = r.date(item["start"], f"{where}.start")
            e = r.date(item["end"], f"{where}.end")
            if s is None or e is None:
                continue
            start, end = s, e
        else:
            r.problem(where, "学期缺少日期", None, "year = 2020，或 start 与 end 两个日期")
            continue
        if end < start:
            r.problem(f"{where}.end", "学期结束早于开始", end.isoformat(), f"不早于 {start}")
            continue
        if any(t.name == name for t in terms):
            r.problem(f"{where}.name", "学期名称重复", name, "各学期名称各不相同")
            continue
        terms.append(Term(name, start, end))
    if not raw:
        r.problem("terms", "没有配置学期", None, "至少一个 [[terms]]（name 与 year）")
    return tuple(terms)


def _programs(r: Reader) -> list[ProgramSpec]:
    specs = []
    for pid, table in r.get(r.data, "programs", "programs", dict, {}, "表 [programs.<编号>]").items():
        where = f"programs.{pid}"
        if not isinstance(table, dict):
            r.problem(where, "类型不对", table, "表 [programs.<编号>]")
            continue
        settings = dict(table)
        ptype = settings.pop("type", pid)
        if not isinstance(ptype, str) or not ptype.strip():
            r.problem(f"{where}.type", "类型不对", ptype, "项目类型名称（文本，见 yanxiu plugins）")
            continue
        specs.append(ProgramSpec(pid, ptype.strip(), settings, r.display,
                                 line=find_line(r.source, where), source=r.source))
    return specs


def _holidays(r: Reader, base: tuple[dt.date, ...]) -> tuple[dt.date, ...]:
    raw = r.get(r.data, "holidays", "holidays", list, None, "日期列表，如 [2020-10-01]")
    if raw is None:
        return base
    days = [r.date(v, f"holidays[{i}]") for i, v in enumerate(raw)]
    return tuple(sorted({d for d in days if d is not None}))


DATABASE_URL_ENV = "YANXIU_DATABASE_URL"
"""Overrides ``[database] url``: a server's password belongs in the environment, not in a file
the district shares (decision 0025)."""


def _database_url(r: Reader, root: Path) -> str:
    """An absolute SQLite URL (relative paths are relative to the workspace) or the URL as given;
    ``$YANXIU_DATABASE_URL`` wins over the file."""
    table = r.get(r.data, "database", "database", dict, {}, "表 [database]")
    r.unknown_keys(table, ("url",), "database")
    url: str | None = r.get(table, "url", "database.url", str, None, "数据库 URL 文本")
    url = os.environ.get(DATABASE_URL_ENV, "").strip() or url
    if url is None:
        return f"sqlite:///{(root / 'yanxiu.db').resolve().as_posix()}"
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/"):
        rel = url[len(prefix):]
        # ``sqlite:///file:/abs/x.db?mode=ro&uri=true`` is a SQLite URI, not a relative path.
        if rel and rel != ":memory:" and not rel.startswith("file:") and not Path(rel).is_absolute():
            return f"{prefix}{(root / rel).resolve().as_posix()}"
    return url


def _allow_outside(r: Reader) -> tuple[Path, ...]:
    """``[paths] allow_outside``: absolute folders outside the workspace that ``[data]`` paths
    may point into (resolved, so a symbolic link to the folder counts as the folder)."""
    table = r.get(r.data, "paths", "paths", dict, {}, "表 [paths]")
    r.unknown_keys(table, PATHS_KEYS, "paths")
    expected = "绝对路径的目录列表，如 [\"/srv/shared-data\"]"
    raw = r.get(table, "allow_outside", "paths.allow_outside", list, [], expected)
    folders: list[Path] = []
    for i, item in enumerate(raw):
        where = f"paths.allow_outside[{i}]"
        if not isinstance(item, str) or not item.strip():
            r.problem(where, "类型不对", item, "绝对路径的目录（文本），如 \"/srv/shared-data\"")
            continue
        folder = Path(item.strip()).expanduser()
        if not folder.is_absolute():
            r.problem(where, "不是绝对路径", item, "以 / 开头的绝对路径（Windows 上为 D:\\…），"
                      "如 \"/srv/shared-data\"；工作区内的路径无需列出")
            continue
        if folder.exists() and not folder.is_dir():
            r.problem(where, "不是目录", item, "一个目录（其中的数据文件可被 [data] 引用）")
            continue
        folders.append(folder.resolve())
    return tuple(folders)


def _inside(path: Path, folders: tuple[Path, ...]) -> bool:
    return any(path == f or path.is_relative_to(f) for f in folders)


def _overridable(r: Reader) -> tuple[str, ...]:
    raw = r.get(r.data, "overridable", "overridable", list, None, "键前缀列表")
    if raw is None:
        return DEFAULT_OVERRIDABLE
    out = []
    for i, item in enumerate(raw):
        # A listed prefix, or a key below a single-key prefix (``hours.per_credit.集中培训``).
        known = isinstance(item, str) and (item in OVERRIDABLE_PREFIXES or any(
            item.startswith(p + ".") for p in OVERRIDABLE_PREFIXES if "." in p))
        if not known:
            hint = did_you_mean(item, OVERRIDABLE_PREFIXES) if isinstance(item, str) else ""
            r.problem(f"overridable[{i}]", f"学校不能覆盖此项{hint}", item,
                      "以下之一（或其下的键）：" + "、".join(OVERRIDABLE_PREFIXES))
            continue
        out.append(item)
    return tuple(out)


def _allowed(key: str, overridable: tuple[str, ...]) -> bool:
    return any(key == p or key.startswith(p + ".") for p in overridable)


def _check_overrides(r: Reader, overridable: tuple[str, ...]) -> None:
    expected = "区配置 overridable 中列出的项：" + ("、".join(overridable) or "（无）")
    for key in ("term", "holidays", "programs"):
        if key in r.data and not _allowed(key, overridable):
            r.problem(key, "区配置不允许学校覆盖此项", None, expected)
    for section in ("hours", "evaluation", "report"):
        table = r.data.get(section)
        if isinstance(table, dict):
            for key, value in table.items():
                if section == "report" and key in SCHOOL_OWN_REPORT_KEYS:
                    continue  # the school's own signature, always allowed
                # A nested table may be allowed key by key (``hours.per_credit.集中培训``).
                subkeys = [f"{key}.{k}" for k in value] if isinstance(value, dict) else [key]
                for sub in subkeys:
                    where = f"{section}.{sub}"
                    if not _allowed(where, overridable):
                        r.problem(where, "区配置不允许学校覆盖此项", None, expected)


def _data_files(r: Reader, root: Path, program_ids: list[str],
                allow_outside: tuple[Path, ...] = ()) -> tuple[DataFile, ...]:
    """The ``[data]`` files, each resolved, inside the workspace (or an allowed folder), and
    existing; a problem for each one that is not."""
    files = []
    workspace = root.resolve()
    for kind, value in r.get(r.data, "data", "data", dict, {}, "表 [data]").items():
        where = f"data.{kind}" if "." not in kind else f'data."{kind}"'
        if "." not in kind and kind not in CORE_DATA_KINDS:
            r.problem(where, f"未知的数据类型{did_you_mean(kind, CORE_DATA_KINDS)}", kind,
                      "、".join(CORE_DATA_KINDS) + "，或 “项目编号.记录类型”（加引号）")
            continue
        if "." in kind and kind.split(".", 1)[0] not in program_ids:
            program = kind.split(".", 1)[0]
            r.problem(where, f"本校没有启用编号为 {program!r} 的项目"
                      f"{did_you_mean(program, program_ids)}", kind,
                      "本校启用的项目编号之一：" + ("、".join(program_ids) or "（无）"))
            continue
        paths = value if isinstance(value, list) else [value]
        for i, p in enumerate(paths):
            key = f"{where}[{i}]" if isinstance(value, list) else where
            if not isinstance(p, str) or not p.strip():
                r.problem(key, "类型不对", p, "文件路径（文本），或路径列表")
                continue
            full = (root / p.strip()).resolve()
            if not _inside(full, (workspace, *allow_outside)):
                allowed = "、".join(str(f) for f in allow_outside)
                r.problem(key, f"数据文件不在工作区内（解析后为 {full}）", p,
                          f"工作区 {workspace} 内的文件"
                          + (f"，或 [paths] allow_outside 所列目录（{allowed}）内的文件" if allowed
                             else "；如确需使用工作区外的目录，请在 yanxiu.toml 的 [paths] "
                                  "allow_outside 中列出该目录的绝对路径"))
                continue
            if not full.is_file():
                r.problem(key, "数据文件不存在", p, f"工作区中存在的文件（查找位置：{full}）")
                continue
            files.append(DataFile(kind, full, p.strip()))
    return tuple(files)


def _merge_programs(district: tuple[ProgramSpec, ...], school: list[ProgramSpec],
                    r: Reader) -> tuple[ProgramSpec, ...]:
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
            if "type" not in r.data["programs"][spec.id]:
                spec = attrs.evolve(spec, type=base.type)
        if enabled:
            merged.append(attrs.evolve(spec, table=table, base=base))
    return tuple(merged)


def _district(r: Reader, root: Path) -> DistrictConfig:
    r.unknown_keys(r.data, DISTRICT_KEYS, "")
    table = r.get(r.data, "district", "district", dict, {}, "表 [district]")
    r.unknown_keys(table, ("name",), "district")
    name = r.get(table, "name", "district.name", str, "", "文本").strip()
    if not name:
        r.problem("district.name", "缺少区（县）名称", None, "[district] 下的 name = \"…\"")
    terms = _terms(r)
    current = terms[-1] if terms else Term("未配置", dt.date(2000, 9, 1), dt.date(2001, 8, 31))
    current_name = r.get(r.data, "current_term", "current_term", str, None, "学期名称")
    if current_name is not None:
        found = [t for t in terms if t.name == current_name]
        if found:
            current = found[0]
        else:
            r.problem("current_term", "没有这个学期", current_name,
                      "、".join(t.name for t in terms) or "[[terms]] 中的名称")
    district = DistrictConfig(
        name=name, file=r.file, terms=terms, current_term=current,
        hours=read_hours(r, r.data, HoursPolicy()),
        evaluation=read_evaluation(r, r.data, EvaluationPolicy()),
        programs=tuple(_programs(r)), overridable=_overridable(r),
        database_url=_database_url(r, root), holidays=_holidays(r, ()),
        report=read_report(r, r.data, ReportSettings()), allow_outside=_allow_outside(r),
        district_report=read_district_report(r, r.data),
    )
    return attrs.evolve(district, targets=read_targets(
        r, r.data, program_ids=[p.id for p in district.programs],
        grade_names=[g.name for g in district.evaluation.grades], district=True))


def _school(r: Reader, root: Path, district: DistrictConfig) -> SchoolConfig:
    r.unknown_keys(r.data, SCHOOL_KEYS, "")
    _check_overrides(r, district.overridable)
    name = r.get(r.data, "name", "name", str, "", "文本").strip()
    if not name:
        r.problem("name", "缺少学校名称", None, "name = \"…\"（写在第一个 [表] 之前）")
    term = district.current_term
    term_name = r.get(r.data, "term", "term", str, None, "学期名称")
    if term_name is not None:
        found = [t for t in district.terms if t.name == term_name]
        if found:
            term = found[0]
        else:
            r.problem("term", "没有这个学期", term_name, "、".join(t.name for t in district.terms))
    programs = _merge_programs(district.programs, _programs(r), r)
    school = SchoolConfig(
        id=r.file.stem, name=name, file=r.file, term=term, programs=programs,
        data=_data_files(r, root, [p.id for p in programs], district.allow_outside),
        hours=read_hours(r, r.data, district.hours),
        evaluation=read_evaluation(r, r.data, district.evaluation),
        holidays=_holidays(r, district.holidays),
        report=read_report(r, r.data, district.report),
        profile=read_profile(r, r.data),
    )
    return attrs.evolve(school, plan=read_plan(
        r, r.data, district_targets=district.targets, program_ids=[p.id for p in programs],
        grade_names=[g.name for g in school.evaluation.grades]))


def load_workspace_config(root: Path, *, keep_broken: bool = False) -> WorkspaceConfig:
    """Read and validate the whole workspace.

    Problems of ``yanxiu.toml`` (or a workspace without any school file) raise one
    :class:`ConfigError` listing every problem of every file (file, key path, line, value,
    expected). A school file's problems raise too by default; with ``keep_broken=True`` they are
    kept in :attr:`WorkspaceConfig.broken` under the school's id instead, and ``schools`` holds
    only the schools whose files are valid.
    """
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(f"工作区目录不存在：{root}", [
            Problem("工作区目录不存在", file=str(root), expected="含 yanxiu.toml 的目录（-w/--workspace）")])
    problems: list[Problem] = []
    r = parse_file(root / DISTRICT_FILE, root, problems)
    if r is None:
        raise ConfigError("工作区配置有误", problems)
    district = _district(r, root)
    schools: dict[str, SchoolConfig] = {}
    broken: dict[str, list[Problem]] = {}
    for path in sorted((root / SCHOOLS_DIR).glob("*.toml")):
        own: list[Problem] = []  # this school's problems only
        sr = parse_file(path, root, own)
        school = _school(sr, root, district) if sr is not None else None
        if own or school is None:
            broken[path.stem] = own
        else:
            schools[path.stem] = school
    school_problems = [p for found in broken.values() for p in found]
    if not schools and not broken:
        problems.append(Problem("工作区中没有学校配置", file=f"{SCHOOLS_DIR}/",
                                expected="至少一个 schools/<学校编号>.toml"))
    if problems or (school_problems and not keep_broken):
        raise ConfigError("工作区配置有误", problems + school_problems)
    return WorkspaceConfig(root=root, district=district, schools=schools, broken=broken)

