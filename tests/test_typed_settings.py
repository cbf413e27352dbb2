"""``ProgramType[Settings]`` / ``ProgramContext[Settings]``: mypy knows ``ctx.settings``; a plain
``ProgramType`` still works (settings are ``Any``), at run time both behave the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import attrs

from yanxiu_core import Indicator, IndicatorValue, ProgramContext, ProgramType, Teacher
from yanxiu_core.memory_records import MemoryRecords
from yanxiu_core.testing import DEFAULT_TERM, make_context

PLUGIN = '''\
from __future__ import annotations

import attrs

from yanxiu_core import Indicator, ProgramContext, ProgramType


@attrs.frozen
class ReadingSettings:
    books_per_term: int = 2


class Reading(ProgramType[ReadingSettings]):
    name = "reading"
    title = "读书沙龙"
    Settings = ReadingSettings

    def indicators(self, ctx: ProgramContext[ReadingSettings]) -> list[Indicator]:
        need: int = ctx.settings.{attribute}
        return []


class Untyped(ProgramType):
    name = "untyped"
    title = "未标注"

    def indicators(self, ctx: ProgramContext) -> list[Indicator]:
        anything: int = ctx.settings.whatever
        return []
'''


def mypy(tmp_path: Path, attribute: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "reading_plugin.py"
    source.write_text(PLUGIN.format(attribute=attribute), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null",
         str(source)],
        capture_output=True, text=True, cwd=tmp_path, check=False)


def test_mypy_catches_a_misspelt_setting(tmp_path: Path) -> None:
    wrong = mypy(tmp_path, "books_per_trem")
    assert wrong.returncode == 1, wrong.stdout
    assert '"ReadingSettings" has no attribute "books_per_trem"' in wrong.stdout
    assert wrong.stdout.count("error:") == 1  # the untyped program is not flagged
    right = mypy(tmp_path, "books_per_term")
    assert right.returncode == 0, right.stdout


@attrs.frozen
class NotesSettings:
    need: int = 2


class Notes(ProgramType[NotesSettings]):
    name = "notes"
    title = "笔记"
    Settings = NotesSettings

    def indicators(self, ctx: ProgramContext[NotesSettings]) -> list[Indicator]:
        return [Indicator(f"{ctx.program_id}.need", "笔记", 0.1,
                          {t.id: IndicatorValue(1 / ctx.settings.need) for t in ctx.records.teachers()})]


def test_a_typed_program_runs_like_any_other() -> None:
    records = MemoryRecords(DEFAULT_TERM, teacher_list=[Teacher("T1", "甲")])
    ctx = make_context(Notes(), {"need": 4}, records, program_id="n2")
    assert isinstance(ctx.settings, NotesSettings)
    (indicator,) = Notes().indicators(ctx)
    assert (indicator.key, indicator.values["T1"].value) == ("n2.need", 0.25)
