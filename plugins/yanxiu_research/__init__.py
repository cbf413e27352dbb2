"""课题研究 (``research``): the school's research projects through 立项, 开题, 中期 and 结题,
their members' outputs and the 结题 ratings.

One program instance holds all of a school's 课题, imported as the ``research.projects`` and
``research.stages`` record kinds; outputs are the core artifacts whose 所属项目 is the instance.
Registered through the ``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .program import ResearchProgram
from .settings import ResearchSettings

__all__ = ["ResearchProgram", "ResearchSettings"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(ResearchProgram())
