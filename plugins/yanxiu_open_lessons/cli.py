"""``yanxiu open-lessons schedule``: the command only picks the format and writes; the timetable
is :func:`~.analysis.schedule`, the files :mod:`.output`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from yanxiu_core import App

from . import output
from .analysis import schedule as build


def _format(fmt: str | None, path: Path | None) -> str:
    by_suffix = output.SUFFIXES.get(path.suffix.lower()) if path is not None else None
    if fmt is None:
        if path is not None and by_suffix is None:
            raise click.UsageError(f"无法从文件名 {path.name!r} 判断输出格式；请用 --format 指定，"
                                   f"或使用扩展名 {'、'.join(sorted(output.SUFFIXES))}")
        return by_suffix or "table"
    if by_suffix is not None and by_suffix != fmt:
        raise click.UsageError(f"文件名 {path.name!r} 是 {by_suffix} 格式，"  # type: ignore[union-attr]
                               f"与 --format {fmt} 不符")
    return fmt


@click.group(name="open-lessons")
def open_lessons() -> None:
    """公开课周：排出每位教师的公开课。"""


@open_lessons.command(epilog="示例：yanxiu open-lessons schedule --school hexi2 -o 公开课安排.xlsx")
@click.option("--school", "school_id", required=True, metavar="ID", help="学校编号。")
@click.option("--program", "program_id", default=None, metavar="ID",
              help="项目编号（学校启用了多个公开课周时必填）。")
@click.option("--format", "fmt", type=click.Choice(output.FORMATS), default=None,
              help="输出格式（默认按 -o 的扩展名，否则 table）。")
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="写入文件（.txt/.csv/.xlsx/.ics/.json）；默认输出到屏幕。")
def schedule(school_id: str, program_id: str | None, fmt: str | None, path: Path | None) -> None:
    """按设置的开始日期和每天节次排出公开课：跳过周末和节假日，同一时间不排同一学科、
    同一教研组观课的两节课，每位教师在本班上课。"""
    app = click.get_current_context().find_object(App)
    assert app is not None
    contexts = app.program_contexts(school_id, "open_lessons")
    if program_id is not None:
        contexts = [c for c in contexts if c.program_id == program_id]
        if not contexts:
            raise click.UsageError(f"学校 {school_id!r} 没有公开课周项目 {program_id!r}")
    elif len(contexts) > 1:
        ids = "、".join(c.program_id for c in contexts)
        raise click.UsageError(f"学校 {school_id!r} 启用了多个公开课周（{ids}），请用 --program 指定")
    (ctx,) = contexts
    fmt = _format(fmt, path)
    program = app.program_types["open_lessons"]
    lessons = build(ctx)
    content: str | bytes
    if fmt == "csv":
        content = output.as_csv(ctx, lessons)
    elif fmt == "xlsx":
        content = output.as_xlsx(ctx, lessons)
    elif fmt == "ics":
        content = output.as_ics(ctx, program)
    elif fmt == "json":
        content = output.as_json(ctx, lessons)
    else:
        content = output.as_table(ctx, lessons)
    if path is not None:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        click.echo(f"已写出 {path}", err=True)
    elif isinstance(content, bytes):
        if sys.stdout.isatty():
            raise click.UsageError("xlsx 不能输出到终端，请用 -o 指定文件")
        sys.stdout.buffer.write(content)
    else:
        click.echo(content, nl=False)
    found = output.conflicts(ctx, program)
    for line in found:
        click.echo(f"冲突：{line}", err=True)
    if found:
        click.get_current_context().exit(1)
