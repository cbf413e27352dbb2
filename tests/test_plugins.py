"""Plugin loading, failure isolation and the hook contract."""

from __future__ import annotations

import importlib.metadata as md
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from yanxiu_core import ProgramType, Section, hookimpl, hookspecs
from yanxiu_core.cli import cli
from yanxiu_core.plugins import load_plugins
from yanxiu_core.testing import WorkspaceBuilder, fake_entry_point, make_context

ROOT = Path(__file__).resolve().parents[1]


def program_module(name: str, program: ProgramType) -> ModuleType:
    module = ModuleType(f"plugin_{name}")

    @hookimpl
    def yanxiu_program_types(register: Any) -> None:
        register(program)

    module.yanxiu_program_types = yanxiu_program_types  # type: ignore[attr-defined]
    return module


class Good(ProgramType):
    name = "good"
    title = "好项目"

    def section(self, ctx: Any) -> Section:
        return Section(self.title, key=ctx.program_id)


class Broken(ProgramType):
    name = "broken"
    title = "坏项目"

    def section(self, ctx: Any) -> Section:
        raise RuntimeError("boom")

    def findings(self, ctx: Any) -> Any:
        yield from ()
        raise ValueError("lazy boom")


def failing_entry_point(name: str) -> md.EntryPoint:
    return md.EntryPoint(name=name, value="yanxiu_no_such_module_xyz", group="yanxiu")


def test_a_failing_import_is_listed_and_the_rest_work(plugin_host_factory: Any) -> None:
    host = load_plugins(entry_points=[failing_entry_point("bad"),
                                      fake_entry_point("good", program_module("good", Good()))])
    status = {i.name: (i.source, i.status) for i in host.infos}
    assert status["bad"] == ("entrypoint", "failed")
    assert "yanxiu_no_such_module_xyz" in (host.info("bad").error or "")  # type: ignore[union-attr]
    assert status["good"] == ("entrypoint", "active")
    assert status["yanxiu_core.default_renderers"] == ("builtin", "active")
    assert list(host.program_types()) == ["good"]
    assert host.info("good").program_types == ("good",)  # type: ignore[union-attr]


def test_strict_mode_reraises() -> None:
    with pytest.raises(ModuleNotFoundError):
        load_plugins(entry_points=[failing_entry_point("bad")], strict=True)


def test_disabled_plugins_are_not_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    host = load_plugins(entry_points=[failing_entry_point("bad")], disabled=["bad"])
    assert host.info("bad").status == "disabled"  # type: ignore[union-attr]
    monkeypatch.setenv("YANXIU_DISABLE_PLUGINS", "bad, other")
    host = load_plugins(entry_points=[failing_entry_point("bad")])
    assert host.info("bad").status == "disabled"  # type: ignore[union-attr]


def test_no_plugins_keeps_only_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    eps = [fake_entry_point("good", program_module("good", Good()))]
    assert [i.name for i in load_plugins(entry_points=eps, no_plugins=True).infos] == [
        "yanxiu_core.default_renderers"]
    monkeypatch.setenv("YANXIU_NO_PLUGINS", "1")
    assert load_plugins(entry_points=eps).program_types() == {}


def test_misspelt_hook_fails_that_plugin_only() -> None:
    module = ModuleType("typo")

    @hookimpl
    def yanxiu_program_type(register: Any) -> None:  # missing "s"
        register(Good())

    module.yanxiu_program_type = yanxiu_program_type  # type: ignore[attr-defined]
    host = load_plugins(entry_points=[fake_entry_point("typo", module),
                                      fake_entry_point("other", program_module("b", Broken()))])
    info = host.info("typo")
    assert info is not None and info.status == "failed"
    assert "yanxiu_program_type" in (info.error or "")
    assert list(host.program_types()) == ["broken"]
    with pytest.raises(Exception, match="yanxiu_program_type"):
        load_plugins(entry_points=[fake_entry_point("typo", module)], strict=True)


def test_duplicate_program_type_names_both_plugins() -> None:
    host = load_plugins(entry_points=[fake_entry_point("one", program_module("one", Good())),
                                      fake_entry_point("two", program_module("two", Good()))])
    assert list(host.program_types()) == ["good"]
    assert host.plugin_of("good") == "one"
    (problem,) = host.registration_problems
    assert "one" in problem and "two" in problem


def test_registration_hook_that_raises_marks_plugin_failed() -> None:
    module = ModuleType("raiser")

    @hookimpl
    def yanxiu_program_types(register: Any) -> None:
        raise RuntimeError("cannot register")

    module.yanxiu_program_types = yanxiu_program_types  # type: ignore[attr-defined]
    host = load_plugins(entry_points=[fake_entry_point("raiser", module),
                                      fake_entry_point("good", program_module("good", Good()))])
    assert list(host.program_types()) == ["good"]
    assert host.info("raiser").status == "failed"  # type: ignore[union-attr]


def test_call_isolates_a_raising_hook_and_names_plugin_school_hook() -> None:
    host = load_plugins(entry_points=[fake_entry_point("bad", program_module("b", Broken())),
                                      fake_entry_point("good", program_module("g", Good()))])
    ctx_bad = make_context(Broken())
    assert host.call("broken", "section", ctx_bad, default=None) is None
    assert host.call("broken", "findings", ctx_bad, default=[]) == []  # lazy generator too
    assert host.call("good", "section", make_context(Good()), default=None).title == "好项目"
    texts = [str(f) for f in host.failures]
    assert texts[0] == "插件 bad（学校 test，钩子 section）出错：RuntimeError: boom"
    assert "findings" in texts[1] and "lazy boom" in texts[1]


def test_local_plugins_from_the_workspace(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.file("plugins/oneoff.py", (
        "from yanxiu_core import ProgramType, hookimpl\n"
        "class OneOff(ProgramType):\n    name = 'oneoff'\n    title = '校本小项目'\n"
        "@hookimpl\ndef yanxiu_program_types(register):\n    register(OneOff())\n"))
    workspace_builder.file("plugins/broken.py", "raise ImportError('local boom')\n")
    host = load_plugins(workspace=workspace_builder.root, entry_points=[])
    status = {i.name: (i.source, i.status) for i in host.infos}
    assert status["oneoff"] == ("local", "active")
    assert status["broken"] == ("local", "failed")
    assert "oneoff" in host.program_types()


def test_plugin_failure_in_report_is_isolated_and_exits_1(
        workspace_builder: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace_builder.district()
    workspace_builder.file("plugins/shaky.py", (
        "from yanxiu_core import ProgramType, Section, Paragraph, hookimpl\n"
        "class Shaky(ProgramType):\n    name = 'shaky'\n    title = '不稳定项目'\n"
        "    def section(self, ctx):\n"
        "        if ctx.school.id == 'a':\n            raise RuntimeError('only at a')\n"
        "        return Section('不稳定项目', (Paragraph('正常'),))\n"
        "@hookimpl\ndef yanxiu_program_types(register):\n    register(Shaky())\n"))
    for sid in ("a", "b"):
        workspace_builder.school(sid, f'name = "{sid}校"\n[programs.shaky]\n')
    monkeypatch.setenv("YANXIU_NO_PLUGINS", "")
    out = workspace_builder.root / "out"
    result = CliRunner().invoke(cli, ["-w", str(workspace_builder.root), "--disable-plugin",
                                      "shadow", "run", "-o", str(out)])
    assert result.exit_code == 1
    assert "插件 shaky（学校 a，钩子 section）出错：RuntimeError: only at a" in result.output
    assert (out / "a.md").exists() and (out / "b.md").exists()
    assert "正常" in (out / "b.md").read_text(encoding="utf-8")
    assert "only at a" in (out / "a.md").read_text(encoding="utf-8")


def test_plugins_command_json_lists_status_and_hooks(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.file("plugins/broken.py", "raise ImportError('local boom')\n")
    result = CliRunner().invoke(cli, ["-w", str(workspace_builder.root), "plugins", "--json"])
    data = {p["name"]: p for p in json.loads(result.output)}
    assert data["yanxiu_core.default_renderers"]["hooks"] == ["yanxiu_output_renderers"]
    assert data["broken"]["status"] == "failed" and "local boom" in data["broken"]["error"]
    assert result.exit_code == 1  # a failed plugin is worth a non-zero exit


def test_every_hook_is_documented() -> None:
    doc = (ROOT / "docs" / "plugins" / "hooks.md").read_text(encoding="utf-8")
    specs = [name for name in dir(hookspecs) if name.startswith("yanxiu_")]
    assert specs, "no hookspecs found"
    for name in specs:
        assert re.search(rf"^## `?{name}", doc, flags=re.M), f"{name} not documented"
        assert getattr(hookspecs, name).__doc__, f"{name} has no docstring"
