"""公开课周 (``open_lessons``): every teacher's open lesson — 说课, 授课, 评课 — over consecutive
school days, timetabled by ``yanxiu open-lessons schedule``, scored on the school's rubric.

Held lessons are the core activities whose 所属项目 is the instance; 评课 score sheets are the
``open_lessons.scores`` record kind. Registered through the ``yanxiu`` entry-point group like any
third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yanxiu_core import ProgramType, hookimpl

from .program import OpenLessonsProgram
from .schedule import Lesson, build_schedule
from .settings import OpenLessonsSettings

__all__ = ["Lesson", "OpenLessonsProgram", "OpenLessonsSettings", "build_schedule"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(OpenLessonsProgram())


@hookimpl
def yanxiu_register_commands(cli: Any) -> None:
    from .cli import open_lessons  # Click command objects only when the CLI asks for them

    cli.add_command(open_lessons)
