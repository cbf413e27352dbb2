"""``yanxiu import KIND FILE --school ID``: one spreadsheet, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from ..app import App
from ._common import pass_app, school_option


@click.command(
    "import",
    epilog=(
        "示例：yanxiu import teachers 教师名单.xlsx --school chengnan\n\n"
        "KIND：teachers、activities、attendance、artifacts、assessments、awards（荣誉与获奖），"
        "或项目声明的记录类型（“项目.记录类型”）。"
    ),
)
@click.argument("kind")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@school_option
@pass_app
def import_(app: App, kind: str, file: Path, school_id: str) -> None:
    """导入一个表格（CSV 或 XLSX）。有任何错误行时不写入任何数据。"""
    result = app.import_file(school_id, kind, file)
    click.echo(result.summary())
