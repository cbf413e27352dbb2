"""A plugin that misbehaves in every method: named (plugin, method, school), the rest goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from yanxiu_core.cli import cli
from yanxiu_core.plugins import result_problem
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

BAD_PLUGIN = '''
import attrs
from yanxiu_core import OutputRenderer, ProgramType, Section, hookimpl

BEHAVIOUR = {
    "str": lambda: "不是列表",
    "dict": lambda: {"a": 1},
    "wrong_items": lambda: ["字符串", 3],
    "raises": lambda: 1 / 0,
    "generator_raises": lambda: (x for x in [1 / 0]),
}


@attrs.frozen
class Settings:
    mode: str = "str"


class Bad(ProgramType):
    name = "bad"
    title = "捣乱项目"
    Settings = Settings

    def _misbehave(self, ctx):
        return BEHAVIOUR[ctx.settings.mode]()

    validate = plan = indicators = assessments = basics = findings = _misbehave

    def section(self, ctx):
        if ctx.settings.mode == "raises":
            raise RuntimeError("section exploded")
        return {"title": "不是 Section"}


def _explode(report):
    raise RuntimeError("renderer exploded")


@hookimpl
def yanxiu_program_types(register):
    register(Bad())


@hookimpl
def yanxiu_output_renderers(register):
    register(OutputRenderer("broken", ".broken", _explode))
    register(OutputRenderer("odd", ".odd", lambda report: {"not": "text"}))
'''

SCHOOL = '''name = "{name}"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"

[programs.bad]
mode = "{mode}"
'''


def workspace(builder: WorkspaceBuilder, modes: dict[str, str]) -> Path:
    builder.district(DISTRICT_TOML)
    builder.file("plugins/badplugin.py", BAD_PLUGIN)
    for school, mode in modes.items():
        builder.school(school, SCHOOL.format(name=f"{school}小学", mode=mode))
    builder.csv("data/teachers.csv", ["工号", "姓名"], [["T1", "甲老师"], ["T2", "乙老师"]])
    builder.csv("data/activities.csv", ["编号", "类型", "主题", "日期", "学时"],
                [["A1", "理论学习", "师德学习", "2020-10-14", 2]])
    builder.csv("data/attendance.csv", ["活动编号", "工号"], [["A1", "T1"], ["A1", "T2"]])
    return builder.root


@pytest.mark.parametrize("mode", ["str", "dict", "wrong_items", "raises", "generator_raises"])
def test_every_school_is_written_and_the_plugin_named(workspace_builder: WorkspaceBuilder,
                                                      tmp_path: Path, mode: str) -> None:
    root = workspace(workspace_builder, {"a": mode, "b": mode})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-w", str(root), "run", "-o", str(out), "--format", "md"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir() if p.name != ".yanxiu-run.json") == ["a.md", "b.md"]
    for school in ("a", "b"):
        for method in ("validate", "indicators", "assessments", "basics", "section", "findings"):
            assert f"插件 badplugin（学校 {school}，钩子 {method}）出错" in result.output, method
    text = (out / "a.md").read_text(encoding="utf-8")
    assert "以下内容因插件运行出错未能生成" in text  # the reader is told a part is missing
    assert "## 一、基本情况" in text and "## 三、考核评价" in text


def test_a_failing_renderer_is_named_and_the_other_formats_are_written(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    root = workspace(workspace_builder, {"a": "str"})
    (root / "schools" / "a.toml").write_text(SCHOOL.format(name="a小学", mode="str").split(
        "[programs.bad]")[0], encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-w", str(root), "run", "-o", str(out), "--format", "broken",
                                      "--format", "odd", "--format", "md"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "插件 badplugin（学校 a，钩子 render:broken）出错：RuntimeError: renderer exploded" \
        in result.output
    assert "钩子 render:odd）出错" in result.output and "返回了 dict" in result.output
    # nothing half-written
    assert sorted(p.name for p in out.iterdir() if p.name != ".yanxiu-run.json") == ["a.md"]


def test_result_checks() -> None:
    from yanxiu_core.document import Paragraph, Section
    from yanxiu_core.errors import Problem

    assert result_problem("validate", [Problem("x")]) == ""
    assert "str" in result_problem("validate", "x")
    assert "第 2 项是 int" in result_problem("findings", [_f(), 2])
    assert result_problem("section", None) == "" and result_problem("section", Section("t")) == ""
    assert "Section" in result_problem("section", [Paragraph("x")])
    assert result_problem("basics", [Paragraph("x")]) == ""


def _f() -> object:
    from yanxiu_core.program import Finding, FindingKind

    return Finding(FindingKind.PROBLEM, "x")
