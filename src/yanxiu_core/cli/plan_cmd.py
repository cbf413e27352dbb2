"""``yanxiu plan``: every program's sessions of the term, checked for conflicts."""

from __future__ import annotations

from pathlib import Path

import click

from ..app import App
from ._common import echo_json, pass_app, report_failures, school_option
from ._formats import write_output


@click.command(epilog="示例：yanxiu plan --school chengnan --format ics -o 研修计划.ics")
@school_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "ics"]), default="table",
              show_default=True, help="输出格式。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入文件（默认输出到屏幕）。")
@pass_app
def plan(app: App, school_id: str, fmt: str, output: Path | None) -> None:
    """各项目在本学期的研修计划；同时同地的两项活动、同一主讲人同时出现会报告为冲突。"""
    from ..planning import collect_plan, plan_to_json, render_ics, render_plan_table

    sessions = app.plan(school_id)
    titles = {p.id: p.display_title for p in app.programs(school_id)}
    result = collect_plan(sessions, app.records(school_id).activities())
    if fmt == "json":
        text = None
        if output is None:
            echo_json(plan_to_json(result))
        else:
            import json

            text = json.dumps(plan_to_json(result), ensure_ascii=False, indent=2)
    elif fmt == "ics":
        text = render_ics(result, app.school(school_id).name, titles=titles)
    else:
        text = render_plan_table(result, titles)
    if text is not None:
        if output is None:
            click.echo(text)
        else:
            # bytes: the ICS's CRLF line ends must not be translated on Windows
            write_output(text.encode("utf-8"), output)
            click.echo(f"已写出 {output}", err=True)
    for conflict in result.conflicts:
        click.echo(f"冲突：{conflict}", err=True)
    if report_failures(app) or result.conflicts:
        click.get_current_context().exit(1)
