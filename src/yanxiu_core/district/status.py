"""Where each school stands in the year's workflow (``yanxiu status``): which data files were
imported when, which changed on disk since, which are missing, what the records still lack, and
what is due next. Read-only: nothing is imported and nothing is written to the store.

A file has changed when its SHA-256 differs from the one its last import recorded (the hash
``import`` itself computes, :func:`~yanxiu_core.importing.sha256_of`).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import YanxiuError
from ..planning import EntryStatus, collect_plan
from ..records import Records

if TYPE_CHECKING:
    from ..app import App
    from ..store import ImportLog

# File states (stable: scripts read them from ``--json``)
IMPORTED = "imported"  # on disk as last imported
CHANGED = "changed"  # on disk, different from the last import
NOT_IMPORTED = "not_imported"  # configured, on disk, never imported
MISSING = "missing"  # configured, not on disk
NOT_CONFIGURED = "not_configured"  # imported once, no longer named by the school config


@attrs.frozen
class FileStatus:
    kind: str
    file: str  # as the school config names it (the name the import history keeps)
    state: str
    imported_at: dt.datetime | None = None
    rows: int | None = None

    def as_json(self) -> dict[str, Any]:
        return dict(kind=self.kind, file=self.file, state=self.state,
                    imported_at=self.imported_at.isoformat() if self.imported_at else None,
                    rows=self.rows)


@attrs.frozen
class Gap:
    """Something the school's records lack. ``what``: ``teachers`` (no roster), ``assessments``
    (no 考核成绩 this term), ``program_records`` (an enabled program without any record this
    term), ``sessions`` (planned sessions of a program, past, not recorded) or ``plan`` (the
    school's ``[plan]`` states no 研修方案: ``SchoolPlan.written``); ``text`` says it in
    Chinese."""

    what: str
    text: str
    program: str | None = None
    dates: tuple[dt.date, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return dict(what=self.what, text=self.text, program=self.program,
                    dates=[d.isoformat() for d in self.dates])


@attrs.frozen
class NextItem:
    date: dt.date
    title: str
    program: str | None = None
    program_title: str = ""

    @property
    def text(self) -> str:
        return f"{self.date.isoformat()} {self.program_title or self.title}"

    def as_json(self) -> dict[str, Any]:
        return dict(date=self.date.isoformat(), title=self.title, program=self.program,
                    program_title=self.program_title)


@attrs.frozen
class SchoolStatus:
    id: str
    name: str
    term: str = ""
    term_end: dt.date | None = None
    config_problems: tuple[str, ...] = ()
    files: tuple[FileStatus, ...] = ()
    gaps: tuple[Gap, ...] = ()
    next: NextItem | None = None
    failures: tuple[str, ...] = ()  # plugin failures while looking
    as_of: dt.date = attrs.field(factory=dt.date.today)

    def count(self, state: str) -> int:
        return sum(f.state == state for f in self.files)

    @property
    def in_order(self) -> bool:
        """Nothing to chase: config valid, every configured file imported as it is on disk,
        nothing missing, no plugin failure."""
        return not (self.config_problems or self.gaps or self.failures or any(
            f.state in (CHANGED, NOT_IMPORTED, MISSING) for f in self.files))

    def _named(self, state: str, shown: int = 3) -> str:
        """``（data/a.csv、data/b.csv 等）``: the files in ``state``, so the line says which."""
        names = [f.file for f in self.files if f.state == state]
        more = "等" if len(names) > shown else ""
        return f"（{'、'.join(names[:shown])}{more}）" if names else ""

    def summary(self) -> str:
        """``chengnan 城南实验小学：已导入 14 个文件，1 个已变更，缺：考核成绩；下一项：…``"""
        head = f"{self.id} {self.name}" if self.name != self.id else self.id
        parts = []
        if self.config_problems:
            parts.append(f"配置有误（{len(self.config_problems)} 处）")
        parts.append(f"已导入 {self.count(IMPORTED) + self.count(CHANGED)} 个文件")
        for state, words in ((CHANGED, "个已变更"), (NOT_IMPORTED, "个未导入"),
                             (MISSING, "个文件缺失")):
            if self.count(state):
                # which files changed or went missing matters; "not imported yet" is a count
                named = self._named(state) if state != NOT_IMPORTED else ""
                parts.append(f"{self.count(state)} {words}{named}")
        if self.failures:
            parts.append(f"插件出错 {len(self.failures)} 个")
        if self.gaps:
            parts.append("缺：" + "、".join(g.text for g in self.gaps))
        elif self.in_order:
            parts.append("齐全")
        line = f"{head}：" + "，".join(parts)
        if self.next is not None:
            line += f"；下一项：{self.next.text}"
        elif self.term_end is not None:
            ended = self.as_of > self.term_end
            line += f"；{'学期已结束' if ended else '下一项：学期结束'}（{self.term_end.isoformat()}）"
        return line

    def as_json(self) -> dict[str, Any]:
        return dict(
            id=self.id, name=self.name, term=self.term,
            term_end=self.term_end.isoformat() if self.term_end else None,
            in_order=self.in_order, summary=self.summary(),
            config_problems=list(self.config_problems),
            files=[f.as_json() for f in self.files],
            counts={state: self.count(state)
                    for state in (IMPORTED, CHANGED, NOT_IMPORTED, MISSING, NOT_CONFIGURED)},
            missing=[g.as_json() for g in self.gaps],
            next=self.next.as_json() if self.next else None,
            plugin_failures=list(self.failures),
        )


def district_status(app: App, school_id: str | None = None,
                    today: dt.date | None = None) -> list[SchoolStatus]:
    """The status of every school (or one), as of ``today``."""
    open_read_only(app)
    day = today or dt.date.today()
    return [school_status(app, sid, day) for sid in app.school_ids(school_id, include_broken=True)]


def open_read_only(app: App) -> None:
    """Make sure looking does not create the database: when the workspace's SQLite file does
    not exist yet, the app reads an empty database in memory instead (nothing is imported)."""
    import sqlalchemy as sa

    from ..store import Store

    url = sa.make_url(app.config.district.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not url.database.startswith("file:") and not Path(url.database).exists():
        app.use_store(Store.open("sqlite://"))


def school_status(app: App, sid: str, today: dt.date) -> SchoolStatus:
    history = app.store.import_history(sid)
    if sid in app.config.broken:
        files = _file_states(_raw_data_files(app, sid), history)
        return SchoolStatus(sid, _raw_name(app, sid) or sid, files=files, as_of=today,
                            config_problems=tuple(str(p) for p in app.broken_problems(sid)))
    cfg = app.school_config(sid)
    configured = [(d.kind, d.display, d.path) for d in cfg.data]
    base = SchoolStatus(sid, cfg.name, term=cfg.term.name, term_end=cfg.term.end, as_of=today,
                        files=_file_states(configured, history))
    problems = app.config_problems(sid)
    if problems:
        return attrs.evolve(base, config_problems=tuple(str(p) for p in problems))
    try:
        gaps, upcoming = _gaps_and_next(app, sid, today)
    except YanxiuError as exc:
        return attrs.evolve(base, config_problems=(str(exc),))
    return attrs.evolve(base, gaps=tuple(gaps), next=upcoming,
                        failures=tuple(app.school_failures(sid)))


def _file_states(configured: list[tuple[str, str, Path]],
                 history: list[ImportLog]) -> tuple[FileStatus, ...]:
    from ..importing import sha256_of

    latest: dict[tuple[str, str], ImportLog] = {}
    for entry in history:  # oldest first: the newest import of each file wins
        latest[(entry.kind, entry.file_name)] = entry
    out = []
    for kind, display, path in configured:
        log = latest.pop((kind, display), None)
        if not path.is_file():
            state = MISSING
        elif log is None:
            state = NOT_IMPORTED
        else:
            try:
                state = IMPORTED if sha256_of(path) == log.sha256 else CHANGED
            except OSError:
                state = MISSING
        out.append(FileStatus(kind, display, state, log.imported_at if log else None,
                              log.rows if log else None))
    out += [FileStatus(kind, name, NOT_CONFIGURED, log.imported_at, log.rows)
            for (kind, name), log in latest.items()]
    return tuple(out)


def _gaps_and_next(app: App, sid: str, today: dt.date) -> tuple[list[Gap], NextItem | None]:
    cfg = app.school_config(sid)
    records = app.records(sid)
    gaps: list[Gap] = []
    if not cfg.plan.written:
        gaps.append(Gap("plan", "研修方案"))
    if not records.teachers():
        gaps.append(Gap("teachers", "教师名册"))
    if not records.assessments():
        gaps.append(Gap("assessments", "考核成绩"))
    titles = {p.id: p.display_title for p in app.programs(sid)}
    for instance in app.programs(sid):
        kinds = [k.name for k in app.program_types[instance.type].record_kinds]
        if not _has_records(records, instance.id, kinds):
            gaps.append(Gap("program_records", f"{instance.display_title}的记录", instance.id))
    plan = collect_plan(app.plan(sid), records.activities())
    planned = [e for e in plan.entries if e.status is EntryStatus.PLANNED
               and cfg.term.start <= e.date <= cfg.term.end]
    overdue = [e for e in planned if e.date < today]
    per_program = Counter(e.program for e in overdue)
    for program, n in per_program.items():
        title = titles.get(program or "", program or "全校")
        dates = tuple(e.date for e in overdue if e.program == program)
        gaps.append(Gap("sessions", f"{title}计划未记录 {n} 次", program, dates))
    upcoming = next((e for e in planned if e.date >= today), None)
    if upcoming is None:
        return gaps, None
    return gaps, NextItem(upcoming.date, upcoming.title, upcoming.program,
                          titles.get(upcoming.program or "", ""))


def _has_records(records: Records, program: str, kinds: list[str]) -> bool:
    return bool(records.activities(program=program) or records.artifacts(program=program)
                or records.assessments(program=program) or records.awards(program=program)
                or any(records.program_records(program, k) for k in kinds))


def _raw_toml(app: App, sid: str) -> dict[str, Any]:
    """The school file as parsed TOML, or ``{}`` when it cannot be read (its problems are
    reported anyway)."""
    from ..config.loader import SCHOOLS_DIR

    try:
        return tomllib.loads((app.root / SCHOOLS_DIR / f"{sid}.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _raw_name(app: App, sid: str) -> str:
    name = _raw_toml(app, sid).get("name")
    return name.strip() if isinstance(name, str) else ""


def _raw_data_files(app: App, sid: str) -> list[tuple[str, str, Path]]:
    """``[data]`` of a school file that did not validate, as far as it can be read: what
    files it names and whether they exist (a missing file is the usual reason it is broken)."""
    data = _raw_toml(app, sid).get("data")
    out = []
    for kind, value in (data.items() if isinstance(data, dict) else ()):
        for p in value if isinstance(value, list) else [value]:
            if isinstance(p, str) and p.strip():
                out.append((kind, p.strip(), app.root / p.strip()))
    return out
