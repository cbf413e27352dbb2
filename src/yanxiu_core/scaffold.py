"""``yanxiu plugin new NAME``: the files of a new program plugin distribution.

What it writes installs as a built wheel (hatchling ships ``templates/*.j2`` inside the package),
registers its entry point, declares the plugin API range, contributes a validated setting, an
indicator keyed by the instance id (two instances never collide), a section rendered from its
own template with the school's ``name`` for the instance, and passes its own tests and ruff.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from string import Template

from ._version import PLUGIN_API_VERSION

NAME = re.compile(r"[a-z][a-z0-9_]{1,30}")


def name_problem(name: str) -> str:
    """Why ``name`` cannot name a program plugin (``""`` when it can)."""
    if not NAME.fullmatch(name) or keyword.iskeyword(name):
        return (f"插件名 {name!r} 无效：应为小写字母开头的英文字母、数字或下划线（2–31 个字符），"
                "如 reading")
    return ""


_FILES: dict[str, str] = {
    "pyproject.toml": '''\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "yanxiu-${dist}"
version = "0.1.0"
description = "A yanxiu program plugin: ${name}"
requires-python = ">=3.11"
dependencies = ["yanxiu"]

[project.optional-dependencies]
test = ["pytest>=8.0", "ruff>=0.5"]

# yanxiu finds the program through this entry point
[project.entry-points.yanxiu]
${name} = "yanxiu_${name}"

[tool.hatch.build.targets.wheel]
packages = ["yanxiu_${name}"]  # the whole folder: templates/*.j2 are in the wheel

[tool.ruff]
line-length = 100
''',
    "README.md": '''\
# yanxiu-${dist}

A program plugin for [yanxiu](https://example.invalid/yanxiu): ${name}.

```sh
pip install .          # into the environment where yanxiu is installed
pytest                 # its own tests (yanxiu's pytest fixtures are loaded automatically)
```

Enable it for a school in `schools/<id>.toml`:

```toml
[programs.${name}]
name = "${title}"
sessions_expected = 4
```
''',
    "yanxiu_${name}/__init__.py": '''\
"""The ${name} program for yanxiu: a section, an indicator and a validated setting."""

from __future__ import annotations

from collections.abc import Callable

from yanxiu_core import ProgramType, hookimpl

from .program import Program, Settings

yanxiu_api = ">=${api},<2"  # the plugin API versions this plugin works with

__all__ = ["Program", "Settings"]


@hookimpl
def yanxiu_program_types(register: Callable[[ProgramType], None]) -> None:
    register(Program())
''',
    "yanxiu_${name}/program.py": '''\
"""The program type: settings, an indicator and a section."""

from __future__ import annotations

from typing import ClassVar

import attrs
from yanxiu_core import (
    Indicator,
    IndicatorValue,
    ProgramContext,
    ProgramType,
    Section,
    positive,
    text_blocks,
)


@attrs.frozen
class Settings:
    """``[programs.<id>]`` with ``type = "${name}"``."""

    name: str = ""  # how the school names this instance in its summary
    sessions_expected: int = attrs.field(default=4, validator=positive)  # per teacher


class Program(ProgramType[Settings]):  # ctx.settings is a Settings for mypy
    """${title} (``${name}``): the program's activities and each teacher's attendance."""

    name: ClassVar[str] = "${name}"
    title: ClassVar[str] = "${title}"
    description: ClassVar[str] = "${title}：本项目的活动与教师参与情况"
    Settings: ClassVar[type] = Settings
    template_package: ClassVar[str | None] = __package__

    def indicators(self, ctx: ProgramContext[Settings]) -> list[Indicator]:
        """Sessions attended over ``sessions_expected``, for every teacher."""
        s = ctx.settings
        attended: dict[str, int] = {}
        for row in ctx.records.attendance(program=ctx.program_id):
            if row.status.attended:
                attended[row.teacher_id] = attended.get(row.teacher_id, 0) + 1
        values = {t.id: IndicatorValue(min(1.0, attended.get(t.id, 0) / s.sessions_expected),
                                       detail=f"{attended.get(t.id, 0)}/{s.sessions_expected}")
                  for t in ctx.records.teachers()}
        # keyed by the instance id: two instances of this type never share an indicator
        return [Indicator(f"{ctx.program_id}.attendance", f"{ctx.title}出勤", 0.1, values)]

    def section(self, ctx: ProgramContext[Settings]) -> Section:
        activities = ctx.records.activities(program=ctx.program_id)
        text = ctx.render("${name}_section.md.j2", name=ctx.title, held=len(activities),
                          titles=[a.title for a in activities])
        # ctx.title is the school's own name for the instance; text_blocks keeps lists as lists
        return Section(ctx.title, text_blocks(text), key=ctx.program_id)
''',
    "yanxiu_${name}/templates/${name}_section.md.j2": '''\
{# ${title}的小节：name（学校对本项目的称呼）, held（活动次数）, titles（活动主题） #}
本学年{{ name }}共开展活动 {{ held }} 次。
{% if titles %}

{% for t in titles %}
- {{ t }}
{% endfor %}
{% endif %}
''',
    "tests/test_${name}.py": '''\
"""Tests of the ${name} program, with yanxiu's test helpers (yanxiu_core.testing)."""

from __future__ import annotations

import datetime as dt

import pytest
from yanxiu_core import (
    Activity,
    Attendance,
    AttendanceStatus,
    BulletList,
    ConfigError,
    MemoryRecords,
    Paragraph,
    Teacher,
)
from yanxiu_core.testing import DEFAULT_TERM, make_context

from yanxiu_${name} import Program

PROGRAM = Program()


def records(program_id: str = "${name}") -> MemoryRecords:
    """Two teachers and two activities of the instance ``program_id``."""
    start = dt.datetime(2020, 10, 14, 15, 30)
    return MemoryRecords(DEFAULT_TERM).add(
        [Teacher("T1", "甲老师"), Teacher("T2", "乙老师")],
        [Activity("A1", "研讨", "第一次活动", start, program=program_id, minutes=90),
         Activity("A2", "研讨", "第二次活动", start + dt.timedelta(days=14), program=program_id,
                  minutes=90)],
        [Attendance("A1", "T1", AttendanceStatus.PRESENT),
         Attendance("A2", "T1", AttendanceStatus.PRESENT),
         Attendance("A1", "T2", AttendanceStatus.ABSENT)],
    )


def test_a_bad_setting_is_named_at_its_key() -> None:
    with pytest.raises(ConfigError) as err:
        make_context(PROGRAM, {"sessions_expected": 0})
    assert "programs.${name}.sessions_expected" in str(err.value)


def test_the_indicator_is_keyed_by_the_instance() -> None:
    ctx = make_context(PROGRAM, {"sessions_expected": 2}, records("second"),
                       program_id="second")
    (indicator,) = PROGRAM.indicators(ctx)
    assert indicator.key == "second.attendance"
    assert {t: v.value for t, v in indicator.values.items()} == {"T1": 1.0, "T2": 0.0}


def test_the_section_uses_the_school_name_and_keeps_the_list() -> None:
    recs = records()
    ctx = make_context(PROGRAM, {"name": "我们的项目"}, recs, program_id="${name}")
    section = PROGRAM.section(ctx)
    assert section.title == "我们的项目"
    first, listed = section.blocks
    assert isinstance(first, Paragraph) and "我们的项目共开展活动 2 次" in first.text
    assert isinstance(listed, BulletList) and listed.items == ("第一次活动", "第二次活动")
''',
}


def scaffold_files(name: str, title: str = "") -> dict[str, str]:
    """Relative path -> content of a new plugin distribution for program ``name``."""
    values = {"name": name, "dist": name.replace("_", "-"), "title": title or name,
              "api": PLUGIN_API_VERSION}
    return {Template(path).substitute(values): Template(text).substitute(values)
            for path, text in _FILES.items()}


def write_scaffold(directory: Path, name: str, title: str = "") -> list[Path]:
    """Write the distribution into ``directory`` (which must not hold one already)."""
    written = []
    for rel, text in scaffold_files(name, title).items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
