"""``yanxiu record``: the 研修档案 of one teacher or of every teacher of a school."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..app import App
from ..errors import UsageError
from ._common import pass_app, report_failures, school_option
from ._formats import FormatChoice, choose_format, echo_document, write_output

if TYPE_CHECKING:
    from ..model import Teacher
    from ..teacher_record import SchoolBook

FOLDER_FORMAT = "docx"
"""What a folder of archives holds unless ``--format`` says otherwise: what a school files."""


@click.command(epilog="示例：yanxiu record --school chengnan -o 档案 --format docx；"
                      "yanxiu record --school chengnan --teacher c013")
@school_option
@click.option("--teacher", metavar="TEACHER", default=None,
              help="只写这位教师：工号（不区分大小写）或姓名；重名时用工号。默认全校每位教师。")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="写入的文件夹，每位教师一个文件（<工号>-<姓名>-研修档案.docx 等）；"
                   "指定 --teacher 时也可以是一个文件（按扩展名选格式）。"
                   "指定 --teacher 而不写 -o 时输出到屏幕。")
@click.option("--format", "fmt", type=FormatChoice(), default=None,
              help=f"输出格式（写入文件夹时默认 {FOLDER_FORMAT}，输出到屏幕时默认 md）。")
@pass_app
def record(app: App, school_id: str, teacher: str | None, output: Path | None,
           fmt: str | None) -> None:
    """写出教师个人研修档案：学时、研修活动、成果、获奖、项目参与与考核评价（含依据）。"""
    from ..lookup import find_teacher
    from ..teacher_record import SchoolBook, build_teacher_record

    if teacher is None and output is None:
        raise UsageError("请用 -o 指定写入的文件夹（全校每位教师各一份档案），"
                         "或用 --teacher 指定一位教师")
    roster = app.records(school_id).teachers()
    chosen = [find_teacher(roster, teacher, school=school_id)] if teacher is not None else roster
    if teacher is None and not roster:
        raise UsageError(f"学校 {school_id!r} 尚未导入教师名册（yanxiu import teachers …，或 yanxiu run）")
    book = SchoolBook.read(app, school_id)
    to_file = output is not None and teacher is not None and _names_a_file(app, output)
    if output is None or to_file:
        fmt = choose_format(app, fmt, output)
        content, _ext = app.render(build_teacher_record(book, chosen[0]), fmt, school_id)
        if content is not None and output is None:
            echo_document(content)
        elif content is not None and output is not None:
            write_output(content, output)
            click.echo(f"已写出 {output}", err=True)
    else:
        _write_folder(app, book, chosen, output, fmt or FOLDER_FORMAT, school_id)
    if report_failures(app):
        click.get_current_context().exit(1)


def _names_a_file(app: App, output: Path) -> bool:
    """Whether ``-o`` is meant as one file: not a folder, and its suffix names a format."""
    from ..output import renderer_for_path

    return not output.is_dir() and renderer_for_path(app.host.renderers(), output) is not None


def _write_folder(app: App, book: SchoolBook, teachers: list[Teacher], folder: Path, fmt: str,
                  school_id: str) -> None:
    """One file per teacher in ``folder`` (created if needed)."""
    from ..output import find_renderer
    from ..teacher_record import build_teacher_record, record_file_names

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} 已存在且不是文件夹；请用 -o 指定一个文件夹")
    extension = find_renderer(app.host.renderers(), fmt).extension
    names = record_file_names(teachers, extension)
    written = 0
    for t in teachers:
        content, _ext = app.render(build_teacher_record(book, t), fmt, school_id)
        if content is None:
            continue  # the renderer failed: reported by the caller, exit 1
        path = folder / names[t.id]
        write_output(content, path)
        written += 1
        if len(teachers) == 1:
            click.echo(f"已写出 {path}", err=True)
    if len(teachers) > 1:
        click.echo(f"已写出 {written} 份研修档案到 {folder}", err=True)
