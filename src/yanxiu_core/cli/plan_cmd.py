"""``yanxiu plan``: every program's sessions of the term, checked for conflicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..app import App
from ._common import echo_json, pass_app, report_failures, school_option
from ._tabular import SUFFIXES, choose_tabular_format, emit
from .scheme_cmd import PlanFormat, calendar_format, plan_document

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..planning import Plan

PLAN_SUFFIXES = {**SUFFIXES, ".ics": "ics"}
CALENDAR_FORMATS = ("table", "json", "ics", "csv", "xlsx")


@click.command(epilog="示例：yanxiu plan --school chengnan --format ics -o 研修计划.ics；"
                      "yanxiu plan --school chengnan --document -o 研修方案.docx")
@school_option
@click.option("--format", "fmt", type=PlanFormat(CALENDAR_FORMATS), default=None,
              help="输出格式（默认按 -o 的扩展名，否则 table；--document 时为 md/docx/html/json，"
                   "默认 md）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入文件（.txt/.json/.ics/.csv/.xlsx；--document 时 .md/.docx/.html/.json）；"
                   "默认输出到屏幕。")
@click.option("--document", is_flag=True,
              help="写出本校研修方案（指导思想、研修目标、组织机构、研修项目、研修安排、保障措施）。")
@pass_app
def plan(app: App, school_id: str, fmt: str | None, output: Path | None, document: bool) -> None:
    """各项目在本学期的研修计划；同时同地的两项活动、同一主讲人同时出现会报告为冲突。
    加 --document 写出研修方案。"""
    from ..planning import collect_plan

    if document:
        plan_document(app, school_id, fmt, output)
        return
    calendar_format(fmt, CALENDAR_FORMATS)
    fmt = choose_tabular_format(fmt, output, PLAN_SUFFIXES)
    sessions = app.plan(school_id)
    titles = {p.id: p.display_title for p in app.programs(school_id)}
    result = collect_plan(sessions, app.records(school_id).activities())
    if fmt == "json" and output is None:
        from ..planning import plan_to_json

        echo_json(plan_to_json(result))
    elif fmt == "table" and output is None:
        from ..planning import render_plan_table

        click.echo(render_plan_table(result, titles))
    else:
        emit(_content(app, school_id, fmt, result, titles), output)
    for conflict in result.conflicts:
        click.echo(f"冲突：{conflict}", err=True)
    if report_failures(app) or result.conflicts:
        click.get_current_context().exit(1)


def _content(app: App, school_id: str, fmt: str, result: Plan,
             titles: Mapping[str, str]) -> str | bytes:
    """The plan as a file's content in ``fmt`` (the ICS's CRLF line ends kept as they are)."""
    from ..planning import (
        PLAN_SHEET_COLUMNS,
        plan_rows,
        plan_to_json,
        render_ics,
        render_plan_table,
    )

    if fmt == "json":
        return json.dumps(plan_to_json(result), ensure_ascii=False, indent=2) + "\n"
    if fmt == "ics":
        return render_ics(result, app.school(school_id).name, titles=titles)
    if fmt == "csv":
        from ..spreadsheet import write_csv

        return write_csv(plan_rows(result, titles), PLAN_SHEET_COLUMNS)
    if fmt == "xlsx":
        return _xlsx(app, school_id, result, titles)
    return render_plan_table(result, titles) + "\n"


def _xlsx(app: App, school_id: str, result: Plan, titles: Mapping[str, str]) -> bytes:
    """研修计划 (one row per entry, real dates and times), then 冲突 when there are any."""
    from ..planning import CONFLICT_COLUMNS, PLAN_SHEET_COLUMNS, conflict_rows, plan_rows
    from ..spreadsheet import Sheet, write_xlsx

    school = app.school(school_id).name
    sheets = [Sheet("研修计划", PLAN_SHEET_COLUMNS, plan_rows(result, titles))]
    if result.conflicts:
        sheets.append(Sheet("冲突", CONFLICT_COLUMNS, conflict_rows(result)))
    return write_xlsx(sheets, stamp=app.school_config(school_id).term.end, author=school,
                      title=f"{school}研修计划")
