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
from yanxiu_core.errors import PluginError
from yanxiu_core.plugins import load_plugins
from yanxiu_core.renderers import OutputRenderer
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


def test_plugins_command_says_where_from_what_and_where_enabled() -> None:
    example = ROOT / "configs" / "example"
    result = CliRunner().invoke(cli, ["-w", str(example), "plugins", "--json"])
    assert result.exit_code == 0, result.output
    data = {p["name"]: p for p in json.loads(result.output)}
    lessons = data["open_lessons"]
    assert lessons["distribution"] == "yanxiu" and lessons["source"] == "entrypoint"
    assert Path(lessons["location"]).name == "yanxiu_open_lessons"
    assert lessons["commands"] == ["open-lessons"] and lessons["program_types"] == ["open_lessons"]
    assert lessons["enabled"] == ["hexi2: gongkaike"]
    assert data["ethics"]["enabled"] == ["chengnan: shide", "hexi2: shide"]
    assert data["yanxiu_core.default_renderers"]["renderers"] == ["md", "docx", "html", "json", "xlsx"]
    text = CliRunner().invoke(cli, ["-w", str(example), "plugins"]).output
    assert "    命令：open-lessons\n    启用于：hexi2: gongkaike" in text


def test_help_points_to_the_plugin_commands_without_loading_plugins() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "见 “yanxiu plugins”" in " ".join(result.output.split())
    lessons = CliRunner().invoke(cli, ["open-lessons", "--help"])
    assert lessons.exit_code == 0 and "schedule" in lessons.output


def test_every_hook_is_documented() -> None:
    doc = (ROOT / "docs" / "plugins" / "hooks.md").read_text(encoding="utf-8")
    specs = [name for name in dir(hookspecs) if name.startswith("yanxiu_")]
    assert specs, "no hookspecs found"
    for name in specs:
        assert re.search(rf"^## `?{name}", doc, flags=re.M), f"{name} not documented"
        assert getattr(hookspecs, name).__doc__, f"{name} has no docstring"


# -- more loading rules -------------------------------------------------------------------------

def test_a_failing_builtin_is_listed_and_strict_reraises() -> None:
    host = load_plugins(entry_points=[fake_entry_point("good", program_module("good", Good()))],
                        builtins=("yanxiu_core.no_such_builtin",))
    info = host.info("yanxiu_core.no_such_builtin")
    assert info is not None and (info.source, info.status) == ("builtin", "failed")
    assert list(host.program_types()) == ["good"]
    with pytest.raises(ModuleNotFoundError):
        load_plugins(entry_points=[], builtins=("yanxiu_core.no_such_builtin",), strict=True)


def test_env_strict_flag_reraises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YANXIU_STRICT_PLUGINS", "1")
    with pytest.raises(ModuleNotFoundError):
        load_plugins(entry_points=[failing_entry_point("bad")])


def test_an_optional_hook_is_not_a_misspelling() -> None:
    module = ModuleType("optional")

    @hookimpl(optionalhook=True)
    def yanxiu_future_hook(register: Any) -> None:
        raise AssertionError("never called")

    module.yanxiu_future_hook = yanxiu_future_hook  # type: ignore[attr-defined]
    host = load_plugins(entry_points=[fake_entry_point("optional", module)])
    assert host.info("optional").status == "active"  # type: ignore[union-attr]


def test_the_same_entry_point_twice_loads_once_and_a_name_clash_fails() -> None:
    good = fake_entry_point("good", program_module("good", Good()))
    clash = md.EntryPoint(name="good", value="yanxiu_no_such_module_xyz", group="yanxiu")
    host = load_plugins(entry_points=[good, good, clash])
    assert [(i.name, i.status) for i in host.infos[1:]] == [("good", "active"), ("good", "failed")]
    assert "已被占用" in (host.infos[2].error or "")


def test_invalid_registration_is_reported_and_strict_raises() -> None:
    module = ModuleType("odd")

    @hookimpl
    def yanxiu_program_types(register: Any) -> None:
        register("not a program type")
        register(Good())

    module.yanxiu_program_types = yanxiu_program_types  # type: ignore[attr-defined]
    host = load_plugins(entry_points=[fake_entry_point("odd", module)])
    assert list(host.program_types()) == ["good"]  # the valid one stays
    (failure,) = host.failures
    assert (failure.plugin, failure.hook, failure.school) == ("odd", "yanxiu_program_types", "")
    assert "not a program type" in failure.error
    strict = load_plugins(entry_points=[fake_entry_point("odd", module)], strict=True)
    with pytest.raises(PluginError, match="ProgramType"):
        strict.program_types()


def test_duplicate_renderers_name_both_plugins() -> None:
    def renderer_module(name: str) -> ModuleType:
        module = ModuleType(name)

        @hookimpl
        def yanxiu_output_renderers(register: Any) -> None:
            register(OutputRenderer("md", ".md", lambda report: name))

        module.yanxiu_output_renderers = yanxiu_output_renderers  # type: ignore[attr-defined]
        return module

    host = load_plugins(entry_points=[fake_entry_point("extra_md", renderer_module("extra_md"))])
    renderers = host.renderers()
    assert renderers["md"].extension == ".md"
    assert renderers["md"].render is not None and "extra_md" not in str(renderers["md"])
    (problem,) = host.registration_problems
    assert "yanxiu_core.default_renderers" in problem and "extra_md" in problem


def test_register_commands_isolates_each_plugin() -> None:
    import click

    ok, bad = ModuleType("ok_cmd"), ModuleType("bad_cmd")

    @hookimpl
    def yanxiu_register_commands(cli: click.Group) -> None:
        cli.add_command(click.Command("hello", callback=lambda: click.echo("你好")))

    @hookimpl(specname="yanxiu_register_commands")
    def broken(cli: click.Group) -> None:
        raise RuntimeError("no commands today")

    ok.yanxiu_register_commands = yanxiu_register_commands  # type: ignore[attr-defined]
    bad.broken = broken  # type: ignore[attr-defined]
    host = load_plugins(entry_points=[fake_entry_point("bad_cmd", bad), fake_entry_point("ok_cmd", ok)])
    group = click.Group("yanxiu")
    host.register_commands(group)
    host.register_commands(group)  # a second call adds nothing twice
    assert list(group.commands) == ["hello"]
    assert CliRunner().invoke(group, ["hello"]).output == "你好\n"
    assert host.info("bad_cmd").status == "failed"  # type: ignore[union-attr]
    assert host.failures[0].hook == "yanxiu_register_commands"


def test_call_strict_reraises_and_unknown_type_is_a_plugin_error() -> None:
    host = load_plugins(entry_points=[fake_entry_point("bad", program_module("b", Broken()))],
                        strict=True)
    with pytest.raises(RuntimeError, match="boom"):
        host.call("broken", "section", make_context(Broken()), default=None)
    with pytest.raises(PluginError, match="broken"):
        host.call("nope", "section", make_context(Broken()), default=None)


def test_local_plugin_can_be_disabled_and_is_not_run(workspace_builder: WorkspaceBuilder) -> None:
    marker = workspace_builder.root / "ran.txt"
    workspace_builder.file("plugins/noisy.py", f"open({str(marker)!r}, 'w').write('x')\n")
    host = load_plugins(workspace=workspace_builder.root, entry_points=[], disabled=["noisy"])
    assert host.info("noisy").status == "disabled"  # type: ignore[union-attr]
    assert not marker.exists()


def test_plugin_hooks_and_types_are_listed(plugin_host_factory: Any) -> None:
    host = plugin_host_factory(good=program_module("good", Good()))
    host.program_types()
    info = host.info("good")
    assert (info.hooks, info.program_types, info.version) == (("yanxiu_program_types",), ("good",), "")
    assert host.plugin_of("good") == "good" and host.plugin_of("missing") == "?"
