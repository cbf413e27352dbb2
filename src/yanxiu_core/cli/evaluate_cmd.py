"""``yanxiu evaluate`` and ``yanxiu explain``."""

from __future__ import annotations

import click

from ..app import App
from ..errors import UsageError
from ..toolkit import terminal_text
from ._common import echo_json, json_option, pass_app, report_failures, school_option


def _fmt(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"


@click.command(epilog="示例：yanxiu evaluate --school chengnan --json")
@school_option
@json_option
@pass_app
def evaluate(app: App, school_id: str, as_json: bool) -> None:
    """每位教师的过程性评价、终结性评价、总分与等级。"""
    from ..evaluation import to_json

    result = app.evaluate(school_id)
    if as_json:
        echo_json(to_json(result))
    else:
        click.echo("工号\t姓名\t过程性\t终结性\t总分\t等级")
        for t in result.teachers:
            cells = (t.teacher.id, t.teacher.name, _fmt(t.process), _fmt(t.summative),
                     _fmt(t.total), t.grade)
            click.echo("\t".join(terminal_text(c) for c in cells))
    if report_failures(app):
        click.get_current_context().exit(1)


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
