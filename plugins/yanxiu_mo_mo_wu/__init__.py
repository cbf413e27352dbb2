"""模课-磨课-悟课 (``mo_mo_wu``): each participant's lessons (课例) through the three stages of the
2017 school's 三部式 classroom practice — 模课 (observe and imitate a model lesson), 磨课 (主备 and
辅备 teachers polish the lesson round by round around its recording or 实录) and 悟课 (reflect on
one's own teaching) — with the core's staged work finding the cycles that are stuck.

Rounds are imported as the ``mo_mo_wu.rounds`` record kind (or handed in as 实录 artifacts);
model lessons are the instance's activities attended (or 听课记录), reflections artifacts.
Registered through the ``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .program import MoMoWuProgram
from .settings import MoMoWuSettings

__all__ = ["MoMoWuProgram", "MoMoWuSettings"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(MoMoWuProgram())
