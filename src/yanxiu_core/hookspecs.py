"""The whole plugin contract of yanxiu. Every hook is prefixed ``yanxiu_``.

Hooks are called with keyword arguments only; an implementation may accept a subset of them, which
is how arguments get added without breaking plugins. Never give a hookimpl parameter a default.
Narrative documentation: ``docs/plugins/hooks.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from .program import ProgramType
    from .renderers import OutputRenderer

PROJECT_NAME = "yanxiu"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""The decorator that marks a plugin's hook implementation: ``@hookimpl`` on a module-level
function named after a hook (``yanxiu_program_types``). Import it as
``from yanxiu_core import hookimpl``; a misspelt hook name makes the plugin fail to load."""


@hookspec
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    """Register program types: call ``register(MyProgram())`` once per type.

    Called once when plugins are loaded. A type's ``name`` must be unique across plugins; a
    duplicate is reported naming both plugins and the second is ignored.
    """


@hookspec
def yanxiu_output_renderers(register: Callable[[OutputRenderer], None]) -> None:
    """Register report renderers: call ``register(OutputRenderer(name, extension, render))``.

    ``render(report)`` turns a :class:`yanxiu_core.document.Report` into text or bytes.
    Called when a command needs a renderer (``report --format``).
    """


@hookspec
def yanxiu_register_commands(cli: click.Group) -> None:
    """Add Click commands or groups to the ``yanxiu`` command line.

    Called only when a command that is not built in is invoked, or for ``--help`` of the group
    after plugins load. Inside a command, ``click.get_current_context().obj`` is the
    :class:`yanxiu_core.app.App` with the workspace, store and program contexts.
    """

