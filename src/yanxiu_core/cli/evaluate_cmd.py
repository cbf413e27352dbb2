"""``yanxiu evaluate`` and ``yanxiu explain``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..app import App
from ..errors import UsageError
from ..toolkit import terminal_text
from ._common import echo_json, pass_app, report_failures, school_option
from ._tabular import choose_tabular_format, emit

if TYPE_CHECKING:
    from ..evaluation import SchoolEvaluation
    from ..hours import HoursPolicy
    from ..spreadsheet import Number, Sheet, Value


EVALUATION_COLUMNS = ("工号", "姓名", "学科", "学时", "过程性", "终结性", "总分", "等级", "备注")
DISTRIBUTION_COLUMNS = ("等级", "人数", "占比")


def _fmt(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"


def _one_decimal(value: float | None) -> Number | None:
    from ..spreadsheet import Number

    return None if value is None else Number(round(value, 1), "0.0")


def _teacher_minutes(app: App, school_id: str) -> dict[str, int]:
    """Teacher id -> credited minutes of the term: the figure the 学时达标 indicator measures
    (attendance over every program plus the programs' credits; none = 0)."""
    return app.teacher_minutes(school_id)


def _rows(result: SchoolEvaluation, minutes: dict[str, int], hours: HoursPolicy
          ) -> list[list[Value]]:
    """One row per teacher (roster order) in :data:`EVALUATION_COLUMNS`; scores and 学时 are
    numbers with one decimal, a missing score ``None``."""
    from ..evaluation import UNRATED
    from ..evaluation.explain import veto_note
    from ..spreadsheet import Number

    return [[t.teacher.id, t.teacher.name, t.teacher.subject,
             Number(hours.minutes_to_hours(minutes.get(t.teacher.id, 0)), "0.0"),
             _one_decimal(t.process), _one_decimal(t.summative), _one_decimal(t.total),
             t.grade or UNRATED, veto_note(t)]
            for t in result.teachers]


def _table_text(rows: list[list[Value]]) -> str:
    """Tab-separated lines for the terminal: a number with one decimal, a missing one ``-``."""
    from ..spreadsheet import Number

    def text(cell: Value) -> str:
        if isinstance(cell, Number):
            return _fmt(cell.value)
        return "-" if cell is None else terminal_text(str(cell))

    lines = ["\t".join(EVALUATION_COLUMNS), *("\t".join(text(c) for c in row) for row in rows)]
    return "\n".join(lines) + "\n"


def _json_data(result: SchoolEvaluation, minutes: dict[str, int], hours: HoursPolicy
               ) -> dict[str, Any]:
    """``to_json`` with each teacher's ``minutes`` (credited, whole minutes) and ``hours`` (学时,
    one decimal) after the name."""
    from ..evaluation import to_json

    data = to_json(result)
    teachers = []
    for t in data["teachers"]:
        m = minutes.get(t["teacher_id"], 0)
        head = {"teacher_id": t["teacher_id"], "name": t["name"], "minutes": m,
                "hours": hours.minutes_to_hours(m)}
        teachers.append({**head, **t})
    return {**data, "teachers": teachers}


def _distribution_sheet(result: SchoolEvaluation) -> Sheet:
    """等级分布: each grade (policy order, 未评定 last) with its count and share, then 合计."""
    from ..spreadsheet import Number, Sheet

    counts = result.grade_distribution()
    total = sum(n for _g, n in counts)
    rows: list[list[Value]] = [
        [grade, n, Number(n / total, "0.0%") if total else None] for grade, n in counts]
    rows.append(["合计", total, None])
    return Sheet("等级分布", DISTRIBUTION_COLUMNS, rows, bold_rows=frozenset({len(rows) - 1}))


def _xlsx(app: App, school_id: str, result: SchoolEvaluation, rows: list[list[Value]]) -> bytes:
    from ..spreadsheet import Sheet, write_xlsx

    school = app.school(school_id).name
    sheets = [Sheet("教师评价", EVALUATION_COLUMNS, rows), _distribution_sheet(result)]
    return write_xlsx(sheets, stamp=app.school_config(school_id).term.end, author=school,
                      title=f"{school}教师研修评价")


@click.command(epilog="示例：yanxiu evaluate --school chengnan -o 评价.xlsx")
@school_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]),
              default=None, help="输出格式（默认按 -o 的扩展名，否则 table）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（同 --format json）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入文件（.txt/.json/.csv/.xlsx）；默认输出到屏幕。")
@pass_app
def evaluate(app: App, school_id: str, fmt: str | None, as_json: bool,
             output: Path | None) -> None:
    """每位教师的学时、过程性评价、终结性评价、总分与等级。"""
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json 与 --format {fmt} 不能同时使用")
    fmt = choose_tabular_format("json" if as_json else fmt, output)
    result = app.evaluate(school_id)
    hours = app.school_config(school_id).hours
    minutes = _teacher_minutes(app, school_id)
    if fmt == "json" and output is None:
        echo_json(_json_data(result, minutes, hours))
    elif fmt == "table" and output is None:
        click.echo(_table_text(_rows(result, minutes, hours)), nl=False)
    else:
        emit(_content(app, school_id, fmt, result, minutes), output)
    if report_failures(app):
        click.get_current_context().exit(1)


def _content(app: App, school_id: str, fmt: str, result: SchoolEvaluation,
             minutes: dict[str, int]) -> str | bytes:
    hours = app.school_config(school_id).hours
    rows = _rows(result, minutes, hours)
    if fmt == "json":
        return json.dumps(_json_data(result, minutes, hours), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        from ..spreadsheet import write_csv

        return write_csv(rows, EVALUATION_COLUMNS)
    if fmt == "xlsx":
        return _xlsx(app, school_id, result, rows)
    return _table_text(rows)


@click.command(epilog="示例：yanxiu explain --school chengnan C013（或 c013，或教师姓名）")
@school_option
@click.argument("teacher", metavar="TEACHER")
@pass_app
def explain(app: App, school_id: str, teacher: str) -> None:
    """逐项说明一位教师的评价：每个指标的值、权重和依据的记录编号。

    TEACHER 为工号（不区分大小写）或姓名；重名时请用工号。
    """
    from ..evaluation import explain_lines
    from ..lookup import find_teacher

    result = app.evaluate(school_id)
    wanted = find_teacher([t.teacher for t in result.teachers], teacher, school=school_id)
    try:
        found = result.by_teacher(wanted.id)
    except KeyError:
        raise UsageError(f"学校 {school_id!r} 没有工号为 {wanted.id!r} 的教师") from None
    for line in explain_lines(found):
        click.echo(terminal_text(line))
    if report_failures(app):
        click.get_current_context().exit(1)
