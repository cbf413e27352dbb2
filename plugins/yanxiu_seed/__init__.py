"""种子工程 (``seed``): the fast track for young teachers with potential.

Registered through the ``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yanxiu_core import ProgramType, hookimpl

from .analysis import Candidate, candidates
from .program import SeedProgram
from .settings import Milestone, SeedSettings

__all__ = ["Candidate", "Milestone", "SeedProgram", "SeedSettings", "candidates"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(SeedProgram())


@hookimpl
def yanxiu_register_commands(cli: Any) -> None:
    from .cli import seed  # Click command objects only when the CLI asks for them

    cli.add_command(seed)
