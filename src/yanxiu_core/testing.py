"""Test helpers for plugin authors, also loaded as a pytest plugin (entry point ``pytest11``).

- :func:`make_context` builds a :class:`ProgramContext` for a program type, with its settings
  validated exactly as a school's TOML table would be, records held in memory, and the type's
  own templates for prose.
- :func:`fake_entry_point` and the ``plugin_host_factory`` fixture give a fresh plugin manager
  per test, loaded from the plugin objects you pass (no global state, no installed packages).
- The ``workspace_builder`` fixture writes a workspace (district, schools, data files).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .hours import HoursPolicy
from .memory_records import MemoryRecords
from .model import ProgramInstance, School, Term
from .program import ProgramContext, ProgramType

DEFAULT_TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
DEFAULT_SCHOOL = School(id="test", name="测试小学", district="测试区")


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
    config (a :class:`~yanxiu_core.errors.ConfigError` names the bad key).
    """
    from .config.settings import build_settings
    from .report.templates import make_text_renderer

    term = term or DEFAULT_TERM
    pid = program_id or program_type.name
    built = build_settings(program_type.Settings, dict(settings or {}), file="<test>",
                           key_prefix=f"programs.{pid}")
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
        renderer=make_text_renderer(workspace, packages),
    )


def fake_entry_point(name: str, obj: object) -> md.EntryPoint:
    """An entry point of group ``yanxiu`` whose ``load()`` returns ``obj`` (a module or object).

    The object is placed in ``sys.modules`` under a private name for the duration of the process.
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


@pytest.fixture
def plugin_host_factory() -> Callable[..., Any]:
    """``factory(name=plugin, ..., workspace=None, **load_options)`` → a fresh PluginHost."""
    from .plugins import load_plugins

    def factory(workspace: Path | None = None, **plugins_and_options: Any) -> Any:
        options = {k: plugins_and_options.pop(k) for k in
                   ("no_plugins", "disabled", "strict") if k in plugins_and_options}
        eps = [fake_entry_point(name, obj) for name, obj in plugins_and_options.items()]
        return load_plugins(workspace=workspace, entry_points=eps, **options)

    return factory


DISTRICT_TOML = """\
[district]
name = "测试区"

[[terms]]
name = "2020学年"
year = 2020
"""


class WorkspaceBuilder:
    """Writes a workspace under ``root``; every method returns the path it wrote."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def district(self, text: str = DISTRICT_TOML) -> Path:
        return self.file("yanxiu.toml", text)

    def school(self, school_id: str, text: str) -> Path:
        return self.file(f"schools/{school_id}.toml", text)

    def file(self, relative: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding=encoding)
        return path


@pytest.fixture
def workspace_builder(tmp_path: Path) -> Iterator[WorkspaceBuilder]:
    yield WorkspaceBuilder(tmp_path / "workspace")
