"""The ``yanxiu`` command line.

Subcommands live in their own modules and are imported only when invoked, so ``yanxiu --help``
and ``--version`` load no plugin, no store and no report code. Commands that plugins add are
looked up (and plugins loaded) only when a name is not built in, or for the help screen.

Errors are handled once, here, for every command: yanxiu's own errors become a Chinese message
and exit 1 or 2; errors of the machine (a file that cannot be written, a full disk, a read-only
database) one Chinese line naming the path and what to do, and exit 1 — or, with ``--traceback``
(``YANXIU_TRACEBACK=1``), the Python traceback.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import click

from .._version import __version__

# command name -> "module:function" inside yanxiu_core.cli
BUILTIN_COMMANDS: dict[str, str] = {
    "init": "init_cmd:init",
    "plugins": "plugins_cmd:plugins",
    "plugin": "plugin_cmd:plugin",
    "check": "check_cmd:check",
    "import": "import_cmd:import_",
    "plan": "plan_cmd:plan",
    "evaluate": "evaluate_cmd:evaluate",
    "explain": "evaluate_cmd:explain",
    "report": "report_cmd:report",
    "record": "record_cmd:record",
    "run": "run_cmd:run",
    "status": "status_cmd:status",
    "district": "district_cmd:district",
}

SHORT_HELP: dict[str, str] = {
    "init": "创建一个可运行的示例工作区",
    "plugins": "列出已安装的插件及其状态",
    "plugin": "插件作者工具：yanxiu plugin new NAME 生成项目插件",
    "check": "检查工作区配置与各项目规则",
    "import": "导入学校的表格（CSV/XLSX）",
    "plan": "生成研修计划（表格/JSON/ICS）",
    "evaluate": "计算每位教师的过程性、终结性评价与等级",
    "explain": "说明一位教师的评价由哪些记录得出",
    "report": "生成校本研修工作总结",
    "record": "生成教师个人研修档案",
    "run": "完整流程：检查、导入、评价、写出各校总结",
    "status": "各校本年度研修工作进度：已导入、已变更、缺少什么",
    "district": "区（县）汇总：各校对比报告",
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*BUILTIN_COMMANDS, *sorted(super().list_commands(ctx))]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = BUILTIN_COMMANDS.get(cmd_name)
        if target is not None:
            module_name, attr = target.split(":")
            module = importlib.import_module(f".{module_name}", __name__)
            cmd: click.Command = getattr(module, attr)
            return cmd
        command = super().get_command(ctx, cmd_name)
        if command is None and not ctx.resilient_parsing:
            # Not built in: it may come from a plugin. Only now do we pay for loading them.
            _ensure_app(ctx).host.register_commands(self)
            command = super().get_command(ctx, cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Turn yanxiu's own errors into a Chinese message and their exit code (1 or 2), and an
        OS or database error into one line naming the path and what to do (exit 1)."""
        try:
            return super().invoke(ctx)
        except Exception as exc:
            # imported here to keep --help light
            from ..errors import EXIT_INVALID, YanxiuError
            from . import _system_errors as system

            if isinstance(exc, YanxiuError):
                click.echo(f"错误：{exc}", err=True)
                ctx.exit(exc.exit_code)
            message = system.system_error_message(exc, ctx.obj)
            if message is None or system.traceback_wanted(ctx):
                raise
            if isinstance(exc, BrokenPipeError):
                system.silence_broken_stdout()  # ``yanxiu … | head``: the reader left
            else:
                click.echo(f"错误：{message}", err=True)
            ctx.exit(EXIT_INVALID)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP[name]) for name in BUILTIN_COMMANDS]
        with formatter.section("命令"):
            formatter.write_dl(rows)
        # Only the help screen loads plugins to list their commands (about 0.25 s; --version
        # and the built-in commands stay light — decision 0024).
        plugin_rows = self._plugin_command_rows(ctx, formatter.width)
        if plugin_rows:
            with formatter.section("插件命令"):
                formatter.write_dl(plugin_rows)
        formatter.write_paragraph()
        formatter.write_text("各插件的版本、来源与启用情况见 “yanxiu plugins”；"
                             "用 “yanxiu <命令> -h” 查看命令的说明。")

    def _plugin_command_rows(self, ctx: click.Context, width: int) -> list[tuple[str, str]]:
        """``(command, short help（插件 distribution）)`` for every command a plugin adds; none
        when plugins are off or cannot load (the help screen must still show)."""
        try:
            host = _ensure_app(ctx).host
            host.register_commands(self)
        except Exception:  # a broken plugin or workspace: `yanxiu plugins` says why
            return []
        rows = []
        for info in host.infos:
            for name in info.commands:
                command = self.commands.get(name)
                if command is not None and name not in BUILTIN_COMMANDS:
                    origin = info.distribution or info.name
                    rows.append((name, f"{command.get_short_help_str(width)}（插件 {origin}）"))
        return sorted(rows)


def _ensure_app(ctx: click.Context) -> Any:
    """The invocation's App, created from the group's options on first need (plugin commands
    are resolved before the group callback runs)."""
    if ctx.obj is None:
        from ..app import App

        params = ctx.params
        root = params.get("workspace") or Path(os.environ.get("YANXIU_WORKSPACE") or ".")
        ctx.obj = App(root=root, no_plugins=params.get("no_plugins", False),
                      disabled=tuple(params.get("disabled", ())),
                      strict=params.get("strict_plugins", False))
        ctx.call_on_close(ctx.obj.close)
    return ctx.obj


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="示例：yanxiu -w configs/example run -o out",
)
# The options that choose the workspace and its plugins are eager, like --help: written before
# it (``yanxiu -w X --help``) they are read before the help screen lists X's plugin commands.
@click.option(
    "-w",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    is_eager=True,
    help="工作区目录（默认 $YANXIU_WORKSPACE，否则为当前目录）。",
)
@click.option("--no-plugins", is_flag=True, is_eager=True,
              help="不加载任何插件（也可设 YANXIU_NO_PLUGINS=1）。")
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    is_eager=True,
    help="不加载指定插件，可重复（也可设 YANXIU_DISABLE_PLUGINS=a,b）。",
)
@click.option(
    "--strict-plugins", is_flag=True, is_eager=True, help="插件出错时直接抛出异常（用于 CI）。"
)
@click.option(
    "--traceback",
    "show_traceback",
    is_flag=True,
    help="文件、磁盘或数据库出错时显示 Python 回溯而非一行说明（供开发者；也可设 YANXIU_TRACEBACK=1）。",
)
@click.version_option(__version__, "-V", "--version", prog_name="yanxiu")
@click.pass_context
def cli(
    ctx: click.Context,
    workspace: Path | None,
    no_plugins: bool,
    disabled: tuple[str, ...],
    strict_plugins: bool,
    show_traceback: bool,
) -> None:
    """yanxiu（研修）：校本研修的配置、计划、记录、评价与总结。"""
    _ensure_app(ctx)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return cli.main(args=argv, prog_name="yanxiu")
