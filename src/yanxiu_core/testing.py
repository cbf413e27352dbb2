"""Test helpers for plugin authors, also loaded as a pytest plugin (entry point ``pytest11``).

- :func:`make_context` builds a :class:`ProgramContext` for a program type, with its settings
  validated exactly as a school's TOML table would be, records held in memory, and the type's
  own templates for prose.
- :func:`fake_entry_point` and the ``plugin_host_factory`` fixture give a fresh plugin manager
  per test, loaded from the plugin objects you pass (no global state, no installed packages).
- The ``workspace_builder`` fixture writes a workspace (district, schools, data files) and
  imports a school's files with the real importer into the workspace's own store
  (:meth:`WorkspaceBuilder.imported`); the ``run_cli`` fixture runs the command line in-process
  with exactly the plugin modules given.
- :func:`records_from_csv` reads spreadsheets in the school's own format through the real
  importer into :class:`MemoryRecords`; :func:`check_problems` is what ``yanxiu check`` says
  about one program instance.

This module is imported by pytest in every test session of a project that installed yanxiu, so
it imports nothing heavy at the top (no SQLAlchemy, Jinja2 or pluggy).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata as md
import io
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

from .errors import Problem
from .hours import HoursPolicy
from .memory_records import MemoryRecords
from .model import ProgramInstance, School, Term
from .program import ProgramContext, ProgramType

if TYPE_CHECKING:
    from .app import App
    from .plugins import PluginHost
    from .records import Records

__all__ = [
    "DEFAULT_SCHOOL",
    "DEFAULT_TERM",
    "DISTRICT_TOML",
    "WorkspaceBuilder",
    "check_problems",
    "fake_entry_point",
    "make_context",
    "plugin_host_factory",
    "records_from_csv",
    "run_cli",
    "workspace_builder",
]

DEFAULT_TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
DEFAULT_SCHOOL = School(id="test", name="测试小学", district="测试区")


def _text_renderer(workspace: Path | None, packages: list[str]) -> Callable[..., str]:
    """The report's template renderer (the type's templates, the workspace's overrides), or —
    when the report package is unavailable — a plain one that shows the template and its values,
    so a test can still see what a program asked for."""
    try:
        from .report.templates import make_text_renderer
    except ImportError:
        def plain(template: str, **values: Any) -> str:
            shown = ", ".join(f"{k}={values[k]!r}" for k in sorted(values)
                              if k not in ("school", "term", "program"))
            return f"[{template}] {shown}".strip()

        return plain
    return make_text_renderer(workspace, packages)


def make_context(
    program_type: ProgramType,
    settings: Mapping[str, Any] | None = None,
    records: MemoryRecords | None = None,
    term: Term | None = None,
    school: School | None = None,
    *,
    program_id: str | None = None,
    policy: HoursPolicy | None = None,
    holidays: tuple[dt.date, ...] = (),
    workspace: Path | None = None,
) -> ProgramContext:
    """A context for one enabled instance of ``program_type``.

    ``settings`` is the TOML table as a dict; it goes through the same validation as a school's
    config (a :class:`~yanxiu_core.errors.ConfigError` names the bad key, e.g.
    ``programs.<id>.every_weeks``). ``records`` default to an empty :class:`MemoryRecords` of
    ``term`` (default :data:`DEFAULT_TERM`). ``workspace`` lets a test use template overrides.
    """
    from .config.settings import build_settings

    term = term or DEFAULT_TERM
    pid = program_id or program_type.name
    built = build_settings(program_type.Settings, dict(settings or {}), file="<test>",
                           key_prefix=f"programs.{pid}", source=None)
    packages = [program_type.template_package] if program_type.template_package else []
    return ProgramContext(
        school=school or DEFAULT_SCHOOL,
        term=term,
        instance=ProgramInstance(id=pid, type=program_type.name, title=program_type.title,
                                 settings=built),
        policy=policy or HoursPolicy(),
        records=records if records is not None else MemoryRecords(term),
        config_file="<test>",
        holidays=holidays,
        renderer=_text_renderer(workspace, packages),
    )


def check_problems(program_type: ProgramType, ctx: ProgramContext) -> list[Problem]:
    """What ``yanxiu check`` says about one instance: the core's roster check of the settings'
    :func:`~yanxiu_core.teacher_ids` fields, then the type's own ``validate``."""
    from .roster_ids import roster_problems

    return [*roster_problems(ctx), *program_type.validate(ctx)]


def fake_entry_point(name: str, obj: object) -> md.EntryPoint:
    """An entry point of group ``yanxiu`` whose ``load()`` returns ``obj`` (a module or object).

    The object is placed in ``sys.modules`` under a private name (``_yanxiu_fake_<name>``), which
    a later call with the same name replaces.
    """
    module_name = f"_yanxiu_fake_{name}"
    if isinstance(obj, ModuleType):
        sys.modules[module_name] = obj
        value = module_name
    else:
        holder = ModuleType(module_name)
        holder.plugin = obj  # type: ignore[attr-defined]
        sys.modules[module_name] = holder
        value = f"{module_name}:plugin"
    return md.EntryPoint(name=name, value=value, group="yanxiu")


PluginHostFactory = Callable[..., "PluginHost"]


@pytest.fixture
def plugin_host_factory() -> Iterator[PluginHostFactory]:
    """``factory(workspace=None, *, no_plugins=, disabled=, strict=, builtins=, **plugins)``.

    Each keyword in ``plugins`` is a plugin name and its module or object, registered through a
    fake entry point; the result is a fresh :class:`~yanxiu_core.plugins.PluginHost` that sees
    nothing installed on the machine. The fake modules are removed from ``sys.modules`` after
    the test.
    """
    from .plugins import load_plugins

    created: list[str] = []

    def factory(workspace: Path | None = None, **plugins_and_options: Any) -> PluginHost:
        options = {k: plugins_and_options.pop(k) for k in
                   ("no_plugins", "disabled", "strict", "builtins") if k in plugins_and_options}
        eps = [fake_entry_point(name, obj) for name, obj in plugins_and_options.items()]
        created.extend(ep.value.split(":")[0] for ep in eps)
        return load_plugins(workspace=workspace, entry_points=eps, **options)

    yield factory
    for module_name in created:
        sys.modules.pop(module_name, None)


DISTRICT_TOML = """\
[district]
name = "测试区"

[[terms]]
name = "2020学年"
year = 2020
"""


class WorkspaceBuilder:
    """Writes a workspace under ``root``; every writing method returns the path it wrote, and
    :meth:`imported` runs the real importer into the workspace's own (temporary) store."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def district(self, text: str = DISTRICT_TOML) -> Path:
        """``yanxiu.toml`` (default: a district with one term, 2020学年)."""
        return self.file("yanxiu.toml", text)

    def school(self, school_id: str, text: str) -> Path:
        """``schools/<school_id>.toml``."""
        return self.file(f"schools/{school_id}.toml", text)

    def file(self, relative: str, text: str, encoding: str = "utf-8") -> Path:
        """Any file of the workspace, parent folders created (``encoding="gbk"`` for a GBK CSV)."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding=encoding)
        return path

    def csv(self, relative: str, header: Sequence[str], rows: Iterable[Sequence[object]],
            encoding: str = "utf-8") -> Path:
        """A CSV data file from a header and rows."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return self.file(relative, out.getvalue(), encoding=encoding)

    def app(self, **options: Any) -> App:
        """The workspace as the command line sees it (``no_plugins=``, ``disabled=``, ``strict=``
        as on the command line; installed plugins are loaded unless ``no_plugins=True``)."""
        from .app import App

        return App(self.root, **options)

    def imported(self, school_id: str, **options: Any) -> Records:
        """Import the files of ``school_id``'s ``[data]`` exactly as ``yanxiu run`` does (one
        transaction; a bad row raises :class:`~yanxiu_core.errors.DataError` naming the file and
        row) and return the school's records for its term, read from the store."""
        app = self.app(**options)
        app.import_configured(school_id)
        return app.records(school_id)


def _registering(program_type: ProgramType) -> ModuleType:
    """A plugin module that registers ``program_type``."""
    from .hookspecs import hookimpl

    module = ModuleType(f"yanxiu_testing_{program_type.name}")

    @hookimpl
    def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
        register(program_type)

    module.yanxiu_program_types = yanxiu_program_types  # type: ignore[attr-defined]
    return module


_CORE_KINDS = ("teachers", "activities", "attendance", "artifacts", "assessments", "awards")


def records_from_csv(*, term: Term = DEFAULT_TERM, program_types: Iterable[ProgramType] = (),
                     **files: str | Path) -> MemoryRecords:
    """Records from spreadsheets in the school's own format, read by the real importer.

    Each keyword is a core kind — ``teachers``, ``activities``, ``attendance``, ``artifacts``,
    ``assessments``, ``awards`` — and its CSV as text (header line first) or the path of a CSV
    or XLSX file. The files go through exactly what ``yanxiu import`` does (header aliases,
    dates and times, 学时, every check; a bad row raises
    :class:`~yanxiu_core.errors.DataError` naming the row); the rows of ``term`` come back
    held in memory, ready for :func:`make_context`::

        records = records_from_csv(
            teachers="工号,姓名\nT1,甲老师\n",
            activities="编号,名称,日期,开始,结束\nA1,读书会,2020-10-09,15:30,17:00\n",
            attendance="活动编号,工号\nA1,T1\n")

    Each of ``program_types`` is enabled under its own name with default settings, so the
    files may name it in 所属项目 (no plugin needs to be installed). Program record kinds need
    their program's settings: build those as :class:`~yanxiu_core.model.ProgramRecord` objects
    in ``program_record_list``.
    """
    import tempfile
    from unittest import mock

    unknown = sorted(set(files) - set(_CORE_KINDS))
    if unknown:
        raise TypeError(f"records_from_csv: unknown kind(s) {unknown}; expected {_CORE_KINDS}")
    with tempfile.TemporaryDirectory(prefix="yanxiu-records-") as tmp:
        ws = WorkspaceBuilder(Path(tmp))
        ws.district("[district]\nname = \"测试区\"\n\n[[terms]]\n"
                    f"name = \"{term.name}\"\nstart = {term.start}\nend = {term.end}\n")
        data: list[str] = []
        for kind in _CORE_KINDS:
            if kind not in files:
                continue
            source = files[kind]
            if isinstance(source, Path):
                target = ws.root / "data" / f"{kind}{source.suffix.lower()}"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read_bytes())
            else:
                target = ws.file(f"data/{kind}.csv", source)
            data.append(f'{kind} = "data/{target.name}"')
        types = list(program_types)
        enabled = "".join(f'\n[programs.{t.name}]\ntype = "{t.name}"\n' for t in types)
        ws.school("test", f'name = "{DEFAULT_SCHOOL.name}"\n\n[data]\n' + "\n".join(data)
                  + "\n" + enabled)
        eps = [fake_entry_point(f"records_from_csv_{t.name}", _registering(t)) for t in types]
        app = ws.app()
        try:
            with mock.patch.object(md, "entry_points", lambda **_select: eps):
                app.import_configured("test")  # loads exactly these plugins (and the built-ins)
            stored = app.records("test")
            return MemoryRecords(
                term,
                teacher_list=stored.teachers(),
                activity_list=stored.activities(),
                attendance_list=stored.attendance(),
                artifact_list=stored.artifacts(),
                assessment_list=stored.assessments(),
                award_list=stored.awards(),
            )
        finally:
            app.close()
            for ep in eps:
                sys.modules.pop(ep.value, None)


CliRun = Callable[..., Any]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRun]:
    """``run_cli(["-w", str(root), "run", "-o", "out"], plugins={"reading": module})``: the real
    ``yanxiu`` command line in-process, with exactly the plugin modules given (registered through
    fake entry points; nothing installed is loaded; the core's built-ins always are). Returns
    Click's ``Result`` (``exit_code``, ``output``; ``stdout`` and ``stderr`` apart)."""
    from click.testing import CliRunner

    from .cli import cli

    created: list[str] = []

    def run(args: Sequence[str], plugins: Mapping[str, object] | None = None,
            **invoke: Any) -> Any:
        eps = [fake_entry_point(name, obj) for name, obj in (plugins or {}).items()]
        created.extend(ep.value.split(":")[0] for ep in eps)

        def entry_points(**_select: Any) -> list[md.EntryPoint]:
            return eps

        monkeypatch.setattr(md, "entry_points", entry_points)  # what load_plugins reads
        return CliRunner().invoke(cli, [str(a) for a in args], **invoke)

    yield run
    for module_name in created:
        sys.modules.pop(module_name, None)


@pytest.fixture
def workspace_builder(tmp_path: Path) -> Iterator[WorkspaceBuilder]:
    """A :class:`WorkspaceBuilder` writing into ``tmp_path / "workspace"``."""
    yield WorkspaceBuilder(tmp_path / "workspace")
