"""网络研修 (``online``): hours from an online-training platform's export (teacher, course, 学时,
completion date, certificate), credited to each teacher's 学时 in a credit category of the
district's hours policy, with a yearly cap; the section states the courses, hours and completion,
the findings name the teachers below the required online hours.

Registered through the ``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .program import OnlineProgram
from .settings import OnlineSettings

__all__ = ["OnlineProgram", "OnlineSettings"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(OnlineProgram())
