"""学科工作室 (``workshop``): subject workshops with members, meetings and yearly goals.

One program instance per workshop (``[programs.<id>]`` with ``type = "workshop"``). Registered
through the ``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .program import WorkshopProgram
from .settings import WorkshopSettings

__all__ = ["WorkshopProgram", "WorkshopSettings"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(WorkshopProgram())
