"""``yanxiu report``: the 校本研修工作总结 of one school."""

from __future__ import annotations

from pathlib import Path

import click

from ..app import App
from ._common import pass_app, report_failures, school_option


def write_output(content: str | bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@click.command(epilog="示例：yanxiu report --school chengnan -o 总结.md")
@school_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入文件（默认输出到屏幕）。")
@click.option("--format", "fmt", default="md", show_default=True, help="输出格式。")
@pass_app
def report(app: App, school_id: str, output: Path | None, fmt: str) -> None:
    """写出校本研修工作总结；每个数字都来自记录。"""
    content, _ext = app.render(app.report(school_id), fmt)
    if output is None:
        click.echo(content if isinstance(content, str) else content.decode("utf-8"))
    else:
        write_output(content, output)
        click.echo(f"已写出 {output}", err=True)
    if report_failures(app):
        click.get_current_context().exit(1)
