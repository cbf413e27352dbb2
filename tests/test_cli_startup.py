"""`yanxiu --version` loads no plugin, store or report code; `yanxiu --help` loads the plugins
(to list their commands, decision 0024) but still no store, report, spreadsheet or template
code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pluggy", "sqlalchemy", "jinja2", "openpyxl", "yanxiu_core.store", "yanxiu_core.report",
         "yanxiu_core.plugins", "yanxiu_core.app")

PLUGIN_LOADING = ("pluggy", "yanxiu_core.plugins", "yanxiu_core.app")  # what --help may load

PROBE = """
import sys
from yanxiu_core.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.startswith({heavy!r}))
print("LOADED:" + ",".join(heavy))
"""


@pytest.mark.parametrize(("argv", "heavy"), [
    (["--version"], HEAVY),
    (["-V"], HEAVY),
    (["--help"], (*(m for m in HEAVY if m not in PLUGIN_LOADING), "docx")),
])
def test_light_commands_import_nothing_heavy(argv: list[str], heavy: tuple[str, ...]) -> None:
    code = PROBE.format(argv=argv, heavy=heavy)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip().splitlines()[-1]
    assert loaded == "LOADED:", loaded


def test_version_prints_the_package_version() -> None:
    from yanxiu_core import __version__

    out = subprocess.run([sys.executable, "-c", PROBE.format(argv=["--version"], heavy=HEAVY)],
                         capture_output=True, text=True, check=True)
    assert f"yanxiu, version {__version__}" in out.stdout


def test_help_lists_every_builtin_command_with_an_example() -> None:
    from click.testing import CliRunner

    from yanxiu_core.cli import BUILTIN_COMMANDS, cli

    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0
    for name in BUILTIN_COMMANDS:
        assert name in top.output
        sub = runner.invoke(cli, [name, "--help"])
        assert sub.exit_code == 0, sub.output
        assert "示例：" in sub.output, name


def test_help_lists_plugin_commands_with_their_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from yanxiu_core.cli import cli

    monkeypatch.delenv("YANXIU_NO_PLUGINS", raising=False)
    shown = CliRunner().invoke(cli, ["--help"])
    assert shown.exit_code == 0
    commands = shown.output.split("插件命令")[1]
    assert "seed" in commands and "（插件 yanxiu）" in commands  # first-party, distribution yanxiu
    monkeypatch.setenv("YANXIU_NO_PLUGINS", "1")
    bare = CliRunner().invoke(cli, ["--help"])
    assert bare.exit_code == 0 and "插件命令" not in bare.output


def test_help_lists_the_plugin_commands_of_the_workspace_given(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``yanxiu -w X --help`` shows X's workspace plugins' commands, from any folder."""
    from click.testing import CliRunner

    from yanxiu_core.cli import cli

    monkeypatch.delenv("YANXIU_NO_PLUGINS", raising=False)
    monkeypatch.delenv("YANXIU_WORKSPACE", raising=False)
    ws = tmp_path / "ws"
    (ws / "plugins").mkdir(parents=True)
    (ws / "yanxiu.toml").write_text('[district]\nname = "区"\n\n[[terms]]\nname = "2020学年"\n'
                                    "year = 2020\n", encoding="utf-8")
    (ws / "plugins" / "hello.py").write_text(
        "import click\nfrom yanxiu_core import hookimpl\n\n\n@hookimpl\n"
        "def yanxiu_register_commands(cli):\n"
        "    @cli.command(\"hello-district\")\n"
        "    def hello():\n"
        "        \"\"\"向区里问好。\"\"\"\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not the workspace
    shown = CliRunner().invoke(cli, ["-w", str(ws), "--help"])
    assert shown.exit_code == 0, shown.output
    assert "hello-district" in shown.output.split("插件命令")[1]
    elsewhere = CliRunner().invoke(cli, ["--help"])
    assert "hello-district" not in elsewhere.output
