"""师德建设 (``ethics``): 师德 study sessions, each teacher's pledge (承诺书), the yearly 师德考核
result with its one-vote veto (一票否决) on the year's grade, and the school's 师德典型.

One program instance per school; its study sessions are the instance's activities, the pledges
artifacts of the kind ``pledge_kind``, the results and the 典型 the ``ethics.results`` and
``ethics.exemplars`` record kinds. Registered through the ``yanxiu`` entry-point group like any
third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .program import EthicsProgram
from .settings import EthicsSettings

__all__ = ["EthicsProgram", "EthicsSettings"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(EthicsProgram())
