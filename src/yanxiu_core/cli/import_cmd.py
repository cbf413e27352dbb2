"""``yanxiu import KIND FILE --school ID``: one spreadsheet, all or nothing."""

from __future__ import annotations

import time
from pathlib import Path

import attrs
import click

from ..app import App
from ._common import echo_json, pass_app, school_option


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
@click.option("--keep-missing", is_flag=True,
              help="只增改、不删除：此前从这个文件导入、而文件中已没有的行保留"
                   "（导入部分名单、补充几行时用）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：各项行数与删除的记录。")
@pass_app
def import_(app: App, kind: str, file: Path, school_id: str, keep_missing: bool,
            as_json: bool) -> None:
    """导入一个表格（CSV 或 XLSX）。有任何错误行时不写入任何数据。

    导入后数据库与文件一致：此前从这个文件导入、而文件中已删去的行随之删除（删除教师或活动时，
    其出勤等相关记录一并删除，并在结果中列出）；文件中没有的列保留数据库中原有的值。
    """
    app.store  # noqa: B018 - opened (and upgraded) before the clock starts
    app.import_kinds(school_id)  # the config and plugins loaded too
    began = time.monotonic()
    result = app.import_file(school_id, kind, file, keep_missing=keep_missing)
    seconds = time.monotonic() - began
    if as_json:
        data = attrs.asdict(result)
        data["cascaded"] = dict(result.cascaded)
        data["seconds"] = round(seconds, 2)
        echo_json(data)
    else:
        click.echo(result.summary() + _pace(result.rows, seconds, result.already_imported))


def _pace(rows: int, seconds: float, skipped: bool) -> str:
    """``（用时 1.2 秒，每秒 5.1 万行）`` for a file read; nothing for one skipped as unchanged."""
    if skipped or rows == 0:
        return ""
    per_second = rows / max(seconds, 0.001)
    shown = f"{per_second / 10_000:.1f} 万" if per_second >= 10_000 else f"{per_second:.0f} "
    return f"（用时 {seconds:.1f} 秒，每秒 {shown}行）"
