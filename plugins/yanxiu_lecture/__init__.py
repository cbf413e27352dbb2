"""大讲堂 (``lecture``): a lecture series every N weeks in rotating columns.

Registered through the ``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .analysis import speaker_is_inside
from .program import LectureProgram
from .settings import LectureSettings, SessionSpec

__all__ = ["LectureProgram", "LectureSettings", "SessionSpec", "speaker_is_inside"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(LectureProgram())
