"""影子行动 / 青蓝结对 (``shadow``): mentoring pairs of backbone and new teachers.

Registered through the ``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yanxiu_core import ProgramType, hookimpl

from .program import ShadowProgram
from .rules import Suggestion, suggest_pairs
from .settings import Pair, ShadowSettings

__all__ = ["Pair", "ShadowProgram", "ShadowSettings", "Suggestion", "suggest_pairs"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(ShadowProgram())


@hookimpl
def yanxiu_register_commands(cli: Any) -> None:
    from .cli import shadow  # Click command objects only when the CLI asks for them

    cli.add_command(shadow)
