"""``yanxiu report``: the 校本研修工作总结 of one school."""

from __future__ import annotations

from pathlib import Path

import click

from ..app import App
from ._common import pass_app, report_failures, school_option
from ._formats import FormatChoice, choose_format, echo_document, write_output


@click.command(epilog="示例：yanxiu report --school chengnan -o 总结.docx")
@school_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入文件；不指定 --format 时按扩展名选格式（.docx/.html/.md/.json）。"
                   "默认输出到屏幕。")
@click.option("--format", "fmt", type=FormatChoice(), default=None,
              help="输出格式（默认按 -o 的扩展名，否则 md）。")
@pass_app
def report(app: App, school_id: str, output: Path | None, fmt: str | None) -> None:
    """写出校本研修工作总结；每个数字都来自记录。"""
    fmt = choose_format(app, fmt, output)
    content, _ext = app.render(app.report(school_id), fmt, school_id)
    if content is None:
        pass  # the renderer failed: reported below, exit 1, nothing half-written
    elif output is None:
        echo_document(content)
    else:
        write_output(content, output)
        click.echo(f"已写出 {output}", err=True)
    if report_failures(app):
        click.get_current_context().exit(1)
