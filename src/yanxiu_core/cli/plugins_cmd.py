"""``yanxiu plugins``: what is installed, where from, what it adds, where it is enabled, what
failed and why."""

from __future__ import annotations

from collections import defaultdict

import attrs
import click

from ..app import App
from ._common import echo_json, json_option, pass_app


def _enabled(app: App) -> dict[str, list[str]]:
    """Plugin name -> ``school: instance`` for every enabled program instance it provides."""
    out: dict[str, list[str]] = defaultdict(list)
    for sid in app.school_ids():
        for instance in app.programs(sid):
            out[app.host.plugin_of(instance.type)].append(f"{sid}: {instance.id}")
    return out


@click.command(epilog="示例：yanxiu plugins --json")
@json_option
@pass_app
def plugins(app: App, as_json: bool) -> None:
    """列出插件：名称、版本、发行包、来源与位置、状态、提供的项目类型/输出格式/命令、各校启用的
    项目实例，以及加载失败的原因。"""
    app.host.program_types()  # registration fills in each plugin's program types and failures
    app.host.renderers()
    app.host.register_commands(click.get_current_context().find_root().command)  # type: ignore[arg-type]
    try:
        enabled = _enabled(app)
    except Exception:  # a broken workspace still lists its plugins
        enabled = {}
    infos = app.host.infos
    if as_json:
        echo_json([{**attrs.asdict(i), "enabled": enabled.get(i.name, [])} for i in infos])
    else:
        for info in infos:
            dist = f"（{info.distribution}）" if info.distribution else ""
            click.echo(f"{info.name} {info.version or '-'}{dist}  [{info.source}] {info.status}")
            if info.location:
                click.echo(f"    位置：{info.location}")
            if info.api:
                click.echo(f"    插件接口：{info.api}")
            if info.program_types:
                click.echo(f"    项目类型：{', '.join(info.program_types)}")
            if info.renderers:
                click.echo(f"    输出格式：{', '.join(info.renderers)}")
            if info.commands:
                click.echo(f"    命令：{', '.join(info.commands)}")
            if enabled.get(info.name):
                click.echo(f"    启用于：{'；'.join(enabled[info.name])}")
            if info.hooks:
                click.echo(f"    钩子：{', '.join(info.hooks)}")
            if info.error:
                click.echo(f"    错误：{info.error}")
    if any(i.status == "failed" for i in infos):
        click.get_current_context().exit(1)
