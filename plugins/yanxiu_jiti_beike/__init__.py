"""集体备课 / 教研组 (``jiti_beike``): 教研组 and 备课组 meeting on a cadence, the 四定 of every
session (定时间、定地点、定内容、定主讲人), 三步走 by age (网络电子备课 for the young, 个人自备 →
集体讨论 → 个人复备 for the others) and the school leaders who sit in (蹲点).

Registered through the ``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .analysis import compute
from .program import JitiBeikeProgram
from .settings import PLATFORM, JitiBeikeSettings

__all__ = ["PLATFORM", "JitiBeikeProgram", "JitiBeikeSettings", "compute"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(JitiBeikeProgram())
