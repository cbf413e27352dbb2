"""The application facade: one workspace, its plugins, its store, and the yearly pipeline.

The CLI and plugin commands go through an :class:`App`; it loads what a command needs on first
use (config, plugins, store), so cheap commands stay cheap. Plugin failures during a pipeline
step are collected in :attr:`App.failures` instead of aborting other schools or sections.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .document import Block, Report, Section
from .errors import ConfigError, Problem, UsageError
from .model import ProgramInstance, School
from .program import (
    Figure,
    Finding,
    Indicator,
    Membership,
    PlannedSession,
    ProgramContext,
    ProgramType,
    SummativeItem,
    Veto,
)
from .records import Records

if TYPE_CHECKING:
    from .config import SchoolConfig, WorkspaceConfig
    from .evaluation import SchoolEvaluation
    from .hours import Credit
    from .importing import ImportResult
    from .plugins import PluginHost
    from .renderers import RenderOptions
    from .store import Store
    from .targets import TargetResult

# Core kinds first, in the order their references need: roster, activities, then the rest.
CORE_IMPORT_ORDER = ("teachers", "activities", "attendance", "artifacts", "assessments", "awards")


@attrs.define(eq=False, slots=False)  # identity-hashed: per-school results are cached
class App:
    """Lazily loaded workspace state shared by every command of one invocation."""

    root: Path
    no_plugins: bool = False
    disabled: tuple[str, ...] = ()
    strict: bool = False
    _store: Store | None = attrs.field(default=None, init=False)
    # (school, store writes when made, view): the one remembering view, see :meth:`records`
    _records: tuple[str, int, Records] | None = attrs.field(default=None, init=False)

    # -- loading ---------------------------------------------------------------------------
    @functools.cached_property
    def config(self) -> WorkspaceConfig:
        """The workspace; a school whose file has problems is kept in ``config.broken`` (with
        them) instead of stopping every school. Problems of ``yanxiu.toml`` raise."""
        from .config import load_workspace_config

        return load_workspace_config(self.root, keep_broken=True)

    @functools.cached_property
    def host(self) -> PluginHost:
        from .plugins import load_plugins

        return load_plugins(
            workspace=self.root,
            no_plugins=self.no_plugins,
            disabled=self.disabled,
            strict=self.strict,
        )

    @property
    def store(self) -> Store:
        if self._store is None:
            from .store import Store

            self._store = Store.open(self.config.district.database_url)
            if self._store.upgraded_from is not None:  # say it once, where a clerk sees it
                old, where = self._store.upgraded_from
                print(f"数据库已从结构版本 {old} 升级到 {self._store.schema_version()}；"
                      f"升级前的数据已备份：{where}", file=sys.stderr)
        return self._store

    def release_connections(self) -> None:
        """Close the store's open connections (new ones are made on the next use) — before
        worker processes are forked, which must each make their own."""
        if self._store is not None:
            self._store.engine.dispose()

    def use_store(self, store: Store) -> None:
        """Work on ``store`` instead of the workspace's database (before the first use of
        :attr:`store`): e.g. an empty in-memory one, so that a read-only command never creates
        the database file."""
        if self._store is not None:
            raise RuntimeError("the store is already open")
        self._store = store

    def close(self) -> None:
        self._records = None
        if self._store is not None:
            self._store.close()
            self._store = None

    @functools.cached_property
    def program_types(self) -> dict[str, ProgramType]:
        return self.host.program_types()

    @property
    def failures(self) -> list[str]:
        """Plugin failures so far, as Chinese lines naming plugin, school and hook."""
        return [str(f) for f in self.host.failures] if "host" in self.__dict__ else []

    def school_failures(self, school_id: str) -> list[str]:
        """The plugin failures so far that concern one school."""
        if "host" not in self.__dict__:
            return []
        return [str(f) for f in self.host.failures if f.school == school_id]

    # -- schools ---------------------------------------------------------------------------
    def school_ids(self, only: str | None = None, *, include_broken: bool = False) -> list[str]:
        """The schools to work on: ``[only]``, else every school whose config is valid (with
        ``include_broken``, also those whose file has problems, in file-name order).

        An unknown ``only`` is a :class:`UsageError` (exit 2); a broken one a
        :class:`ConfigError` with its problems (exit 1) unless ``include_broken``.
        """
        if only is None:
            return self.config.all_school_ids if include_broken else list(self.config.schools)
        if not (include_broken and only in self.config.broken):
            self.school_config(only)
        return [only]

    def broken_problems(self, school_id: str) -> list[Problem]:
        """The problems of the school's config file; empty when it is valid."""
        return list(self.config.broken.get(school_id, ()))

    def school_config(self, school_id: str) -> SchoolConfig:
        """The school's validated config; :class:`UsageError` for an unknown id,
        :class:`ConfigError` with the file's problems for a school whose file has problems."""
        found = self.config.schools.get(school_id)
        if found is not None:
            return found
        problems = self.config.broken.get(school_id)
        if problems is not None:
            raise ConfigError(f"学校 {school_id!r} 的配置有误，无法处理该校", problems)
        known = "、".join(self.config.all_school_ids) or "（无）"
        raise UsageError(f"未知学校 {school_id!r}；工作区中的学校：{known}")

    def display_path(self, path: Path) -> str:
        """A path as the user sees it in messages: relative to the workspace when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def school(self, school_id: str) -> School:
        cfg = self.school_config(school_id)
        return School(id=cfg.id, name=cfg.name, district=self.config.district.name,
                      profile=cfg.profile)

    @functools.cache  # noqa: B019 - an App lives for one command invocation
    def programs(self, school_id: str) -> tuple[ProgramInstance, ...]:
        from .config import resolve_programs

        return resolve_programs(self.school_config(school_id), self.program_types)

    def records(self, school_id: str) -> Records:
        """The school's records of its term: the view of the school last asked for answers a
        query asked before from memory (the evaluation, the summary and the targets ask for the
        same figures); a write to the store through this App, or another school, starts a new
        one. A :class:`ProgramContext` keeps the view it was made with."""
        store = self.store
        if self._records is None or self._records[:2] != (school_id, store.writes):
            # one school at a time: a district's answers are not kept
            view = store.records(school_id, self.school_config(school_id).term, remember=True)
            self._records = (school_id, store.writes, view)
        return self._records[2]

    @functools.cached_property
    def text(self) -> Any:
        """The Jinja2 prose renderer: workspace templates, then plugins', then the core's."""
        from .report.templates import make_text_renderer

        packages = [t.template_package for t in self.program_types.values() if t.template_package]
        return make_text_renderer(self.root, packages)

    # -- program contexts ------------------------------------------------------------------
    def context(self, school_id: str, instance: ProgramInstance) -> ProgramContext:
        cfg = self.school_config(school_id)
        return ProgramContext(
            school=self.school(school_id),
            term=cfg.term,
            instance=instance,
            policy=cfg.hours,
            records=self.records(school_id),
            config_file=self.display_path(cfg.file),
            holidays=tuple(cfg.holidays),
            renderer=self.text,
        )

    def program_contexts(self, school_id: str, type_name: str) -> list[ProgramContext]:
        """One context per enabled instance of ``type_name`` at the school (for plugin commands)."""
        found = [p for p in self.programs(school_id) if p.type == type_name]
        if not found:
            raise UsageError(f"学校 {school_id!r} 未启用 {type_name!r} 项目")
        return [self.context(school_id, p) for p in found]

    def _each_program(self, school_id: str) -> Iterator[tuple[ProgramInstance, ProgramContext]]:
        for instance in self.programs(school_id):
            yield instance, self.context(school_id, instance)

    def _collect(self, school_id: str, method: str) -> list[Any]:
        """Call ``method`` of every enabled program, isolating failures; flatten the results."""
        out: list[Any] = []
        for instance, ctx in self._each_program(school_id):
            result = self.host.call(instance.type, method, ctx, default=[])
            out.extend(result or [])
        return out

    # -- pipeline steps --------------------------------------------------------------------
    def config_problems(self, school_id: str) -> list[Problem]:
        """Problems of the school's program configuration (types and settings)."""
        try:
            self.programs(school_id)
        except ConfigError as exc:
            return exc.problems or [Problem(str(exc))]
        return []

    def has_roster(self, school_id: str) -> bool:
        """Whether the school's teachers have been imported (program rules need them)."""
        return bool(self.records(school_id).teachers())

    def rule_problems(self, school_id: str) -> list[Problem]:
        """Teacher ids in the programs' settings that are not on the roster
        (:func:`~yanxiu_core.teacher_ids`) and each enabled program's own validation against
        the school's records, located at the line of the school config where the key is
        (plugins only know the key path); then the ``[plan]``/``[[targets]]`` checks that need
        the roster or the programs' figures."""
        from .config import find_line
        from .roster_ids import roster_problems
        from .scheme.checks import member_problems
        from .targets import figures_by_key, target_problems

        cfg = self.school_config(school_id)
        source = cfg.file.read_text(encoding="utf-8")
        problems: list[Problem] = [
            *(p for _, ctx in self._each_program(school_id) for p in roster_problems(ctx)),
            *self._collect(school_id, "validate"),
            *member_problems(cfg.plan, self.records(school_id).teachers()),
            *target_problems(cfg.plan.targets, {p.id for p in self.programs(school_id)},
                             lambda: figures_by_key(self.program_figures(school_id)))]
        return [attrs.evolve(p, line=find_line(source, p.where))
                if p.line is None and p.where and p.file == self.display_path(cfg.file) else p
                for p in problems]

    def check(self, school_id: str | None = None) -> list[Problem]:
        """Config problems plus each program's validation, for the given schools (a school whose
        file has problems contributes those)."""
        problems: list[Problem] = []
        for sid in self.school_ids(school_id, include_broken=True):
            if sid in self.config.broken:
                problems.extend(self.broken_problems(sid))
                continue
            found = self.config_problems(sid)
            if found or not self.has_roster(sid):
                problems.extend(found)  # rules about teachers wait until a roster is imported
            else:
                problems.extend(self.rule_problems(sid))
        return problems

    def import_file(self, school_id: str, kind: str, path: Path,
                    display: str | None = None, *, keep_missing: bool = False) -> ImportResult:
        """Import one file (``yanxiu import``): all or nothing; the store then mirrors the file
        unless ``keep_missing``. A file the school config names under ``[data]`` for this kind
        is named as the config writes it (so that it is the same file to ``yanxiu run``)."""
        if display is None:
            display = self._configured_name(school_id, kind, path)
        return self._import(school_id, [(kind, path, display)], keep_missing=keep_missing)[0]

    def _configured_name(self, school_id: str, kind: str, path: Path) -> str | None:
        try:
            target = path.resolve()
        except OSError:
            return None
        for d in self.school_config(school_id).data:
            if d.kind == kind and d.path.resolve() == target:
                return d.display
        return None

    def _import(self, school_id: str, files: list[tuple[str, Path, str | None]], *,
                keep_missing: bool = False) -> list[ImportResult]:
        """Import ``(kind, path, display name)`` files of one school in ONE transaction."""
        from .importing import FileImport, import_files

        cfg = self.school_config(school_id)
        programs = self.programs(school_id)
        names: dict[str, str] = {}
        for p in programs:
            names[p.id] = p.id
            names[p.title] = p.id
            names[p.display_title] = p.id  # the school's own name for the instance
        requests: list[FileImport] = []
        for kind, path, display in files:
            record_kind = None
            program_id = None
            if "." in kind:
                program_id, _, kind_name = kind.partition(".")
                record_kind = self._record_kind(school_id, program_id, kind_name)
            elif kind not in CORE_IMPORT_ORDER:
                raise UsageError(
                    f"未知的导入类型 {kind!r}；可用：{'、'.join(self.import_kinds(school_id))}"
                )
            requests.append(FileImport(kind=kind, path=path, display_name=display,
                                       record_kind=record_kind, program_id=program_id,
                                       keep_missing=keep_missing))
        return import_files(
            self.store,
            school_id=cfg.id,
            files=requests,
            policy=cfg.hours,
            programs=names,
            reference_year=cfg.term.start.year,  # the roster's 教龄 counts to the term
        )

    def import_kinds(self, school_id: str) -> list[str]:
        kinds = list(CORE_IMPORT_ORDER)
        for p in self.programs(school_id):
            kinds += [f"{p.id}.{k.name}" for k in self.program_types[p.type].record_kinds]
        return kinds

    def _record_kind(self, school_id: str, program_id: str, kind_name: str) -> Any:
        for p in self.programs(school_id):
            if p.id == program_id:
                for k in self.program_types[p.type].record_kinds:
                    if k.name == kind_name:
                        return k
        raise UsageError(
            f"未知的导入类型 '{program_id}.{kind_name}'；"
            f"可用：{'、'.join(self.import_kinds(school_id))}"
        )

    def import_configured(self, school_id: str) -> list[ImportResult]:
        """Import the data files the school config names, roster first, in ONE transaction:
        every file or, when one has a problem, none (the DataError names the file). A file
        already imported with the same content is skipped (per file)."""
        cfg = self.school_config(school_id)
        order = {k: i for i, k in enumerate(self.import_kinds(school_id))}
        files = sorted(cfg.data, key=lambda d: order.get(d.kind, len(order)))
        return self._import(school_id, [(d.kind, d.path, d.display) for d in files])

    def evaluate(self, school_id: str, *, evidence: bool = True) -> SchoolEvaluation:
        """Every teacher's evaluation; ``evidence=False`` when the caller shows figures and
        grades only (the summary, the district roll-up): the attendance rows are not read."""
        from .evaluation import evaluate

        cfg = self.school_config(school_id)
        indicators: list[Indicator] = self._collect(school_id, "indicators")
        summative: list[SummativeItem] = self._collect(school_id, "assessments")
        vetoes: list[Veto] = self._collect(school_id, "vetoes")
        return evaluate(self.records(school_id), cfg.evaluation, cfg.hours,
                        indicators=indicators, summative=summative, vetoes=vetoes,
                        credits=self.credits(school_id), evidence=evidence)

    def credits(self, school_id: str) -> list[Credit]:
        """The time the enabled programs credit to teachers besides attendance (online courses
        …), added to 学时 wherever they are counted."""
        found: list[Credit] = self._collect(school_id, "credits")
        return found

    def teacher_minutes(self, school_id: str) -> dict[str, int]:
        """Teacher id -> credited minutes of the term: attendance plus the programs' credits
        (what the 学时达标 indicator measures; a teacher without any is absent)."""
        from .hours import with_credits

        summary = self.records(school_id).attendance_summary()
        return with_credits({tid: s.minutes for tid, s in summary.items()}, self.credits(school_id))

    def evaluation_gaps(self, school_id: str) -> list[str]:
        """Warnings about missing evaluation inputs (no 考核成绩 …) for ``check``."""
        from .evaluation.gaps import evaluation_gaps

        return evaluation_gaps(self.evaluate(school_id, evidence=False),
                               self.school_config(school_id).evaluation)

    def program_figures(self, school_id: str) -> list[tuple[ProgramInstance, list[Figure]]]:
        """Each enabled program instance with the figures it gives (empty when it gives none
        or failed — the failure is in :attr:`failures`)."""
        return [(instance, list(self.host.call(instance.type, "figures", ctx, default=[])))
                for instance, ctx in self._each_program(school_id)]

    def memberships(self, school_id: str) -> list[tuple[ProgramInstance, Membership]]:
        """Who takes part in which enabled program instance, in program order."""
        return [(instance, m) for instance, ctx in self._each_program(school_id)
                for m in self.host.call(instance.type, "members", ctx, default=[])]

    def plan(self, school_id: str) -> list[PlannedSession]:
        return self._collect(school_id, "plan")

    def targets(self, school_id: str, evaluation: SchoolEvaluation | None = None
                ) -> list[TargetResult]:
        """The school's ``[[targets]]`` judged on its records of the configured term (program
        figures asked for only when a target needs them); ``evaluation`` saves evaluating twice."""
        from .report.facts import Facts
        from .targets import TargetInputs, evaluate_targets, figures_by_key

        cfg = self.school_config(school_id)
        targets = cfg.plan.targets
        if not targets:
            return []
        records = self.records(school_id)
        if evaluation is None and any(t.metric in ("grade_count", "grade_share", "score_mean")
                                      for t in targets):
            evaluation = self.evaluate(school_id, evidence=False)
        figures = (figures_by_key(self.program_figures(school_id))
                   if any(t.metric == "program" for t in targets) else {})
        return evaluate_targets(targets, TargetInputs(
            Facts.read(records, cfg.hours, self.credits(school_id)), records, cfg.term, evaluation,
            figures,
            self.programs(school_id)))

    def report(self, school_id: str) -> Report:
        from .report.builder import build_report

        cfg = self.school_config(school_id)
        evaluation = self.evaluate(school_id, evidence=False)  # the summary shows no record ids
        sections: list[Section] = []
        for instance, ctx in self._each_program(school_id):
            section = self.host.call(instance.type, "section", ctx, default=None)
            if section is not None:
                sections.append(section)
        findings: list[Finding] = self._collect(school_id, "findings")
        basics: list[Block] = self._collect(school_id, "basics")
        failures = [str(f) for f in self.host.failures if f.school == school_id]
        return build_report(
            school=self.school(school_id),
            district_name=self.config.district.name,
            term=cfg.term,
            records=self.records(school_id),
            evaluation=evaluation,
            hours=cfg.hours,
            policy=cfg.evaluation,
            programs=self.programs(school_id),
            program_sections=sections,
            findings=findings,
            failures=failures,
            text=self.text,
            settings=cfg.report,
            program_basics=basics,
            targets=self.targets(school_id, evaluation),
            credits=self.credits(school_id),
        )

    def render(self, report: Report, fmt: str = "md",
               school_id: str = "") -> tuple[str | bytes | None, str]:
        """The rendered report and its file extension; ``None`` when the renderer failed (the
        failure is in :attr:`failures`, naming the renderer's plugin and the school)."""
        from .output import find_renderer

        renderer = find_renderer(self.host.renderers(), fmt)
        content = self.host.render(renderer, report, self.render_options(), school=school_id)
        return content, renderer.extension

    def render_options(self) -> RenderOptions:
        """What the workspace gives renderers: its reference .docx, if it keeps one."""
        from .output import render_options

        return render_options(self.root)


def render_problems(problems: Sequence[Problem]) -> str:
    return "\n".join(f"  - {p}" for p in problems)
