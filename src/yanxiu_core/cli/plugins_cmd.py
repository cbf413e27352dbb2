"""``yanxiu plugins``: what is installed, what is active, what failed and why."""

from __future__ import annotations

import attrs
import click

from ..app import App
from ._common import echo_json, json_option, pass_app


@click.command(epilog="示例：yanxiu plugins --json")
@json_option
@pass_app
def plugins(app: App, as_json: bool) -> None:
    """列出插件：名称、版本、来源、状态（active/disabled/failed）、钩子、项目类型与错误。"""
    app.host.program_types()  # registration fills in each plugin's program types and failures
    infos = app.host.infos
    if as_json:
        echo_json([attrs.asdict(i) for i in infos])
    else:
        for info in infos:
            click.echo(f"{info.name} {info.version or '-'}  [{info.source}] {info.status}")
            if info.program_types:
                click.echo(f"    项目类型：{', '.join(info.program_types)}")
            if info.hooks:
                click.echo(f"    钩子：{', '.join(info.hooks)}")
            if info.error:
                click.echo(f"    错误：{info.error}")
    if any(i.status == "failed" for i in infos):
        click.get_current_context().exit(1)
