"""Hook implementations and program methods are matched by argument name, as pluggy's own hook
caller does: an implementation may take a subset of the hook's arguments (none at all), and a
program method may take the context under any name or not at all. The test enumerates the hooks
and ProgramType's methods, so a hook or method added later is covered too."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import click

from yanxiu_core import MemoryRecords, ProgramType, Term, hookimpl, hookspecs
from yanxiu_core.plugins import call_method
from yanxiu_core.testing import PluginHostFactory, make_context

HOOKS = sorted(name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
               if name.startswith("yanxiu_"))
METHODS = sorted(name for name, member in vars(ProgramType).items()
                 if inspect.isfunction(member) and not name.startswith("_"))
called: list[str] = []


class Bare(ProgramType):
    """Every method without the context."""

    name = "bare"
    title = "无参数"


for _method in METHODS:
    def _make(method: str) -> Any:
        def impl(self: ProgramType) -> Any:
            called.append(method)
            return None if method == "section" else []
        return impl
    setattr(Bare, _method, _make(_method))


def bare_module() -> ModuleType:
    """A plugin whose implementations of every hook take no arguments at all."""
    module = ModuleType("bare_plugin")
    for hook in HOOKS:
        def _make(hook: str) -> Any:
            def impl() -> None:
                called.append(hook)
            impl.__name__ = hook
            return hookimpl(impl)
        setattr(module, hook, _make(hook))
    return module


def test_every_hook_is_called_without_arguments(plugin_host_factory: PluginHostFactory) -> None:
    called.clear()
    host = plugin_host_factory(bare=bare_module())
    host.program_types()
    host.renderers()
    host.register_commands(click.Group("yanxiu"))
    assert sorted(set(called)) == HOOKS
    assert not host.failures, host.failures


def test_every_program_method_is_called_without_the_context(
        plugin_host_factory: PluginHostFactory) -> None:
    import datetime as dt

    class Plugin(ModuleType):
        pass

    module = Plugin("bare_program")

    @hookimpl
    def yanxiu_program_types(register: Any) -> None:
        register(Bare())

    module.yanxiu_program_types = yanxiu_program_types  # type: ignore[attr-defined]
    host = plugin_host_factory(bare=module)
    term = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
    ctx = make_context(Bare(), {}, MemoryRecords(term), term, program_id="bare")
    called.clear()
    for method in METHODS:
        host.call("bare", method, ctx, default="failed")
    assert called == METHODS
    assert not host.failures, host.failures


def test_a_method_may_name_its_context_anything() -> None:
    class Named:
        def plan(self, context: object) -> list[object]:
            return [context]

    assert call_method(Named().plan, "ctx") == ["ctx"]
