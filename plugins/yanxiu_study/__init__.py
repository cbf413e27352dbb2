"""理论学习与个人三年发展规划 (``study``): the school's study sessions on a cadence (every two
weeks by default) with their topics, the 学习笔记 each teacher hands in (per session or per
学期, with a minimum 字数 when the export carries one), and each teacher's 个人三年发展规划 with
its yearly self-review (年度自查).

Sessions are the instance's activities (and school-wide ones of a study 类型); notes and plans
are artifacts or the ``study.notes`` / ``study.plans`` record kinds. Registered through the
``yanxiu`` entry-point group like any third-party program plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .program import StudyProgram
from .settings import StudySettings

__all__ = ["StudyProgram", "StudySettings"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(StudyProgram())
