"""``yanxiu check``: is the workspace valid and are the programs' rules met?

A district has many schools: the problems are listed per school, and the last line counts the
schools that passed and names those that did not (``--json`` gives the same to a script).
"""

from __future__ import annotations

from typing import Any

import attrs
import click

from ..app import App
from ..errors import Problem
from ..toolkit import name_list
from ._common import (
    PROBLEMS_SHOWN,
    echo_json,
    optional_school_option,
    pass_app,
    report_failures,
)


@attrs.frozen
class SchoolCheck:
    """What ``check`` found for one school."""

    id: str
    problems: tuple[Problem, ...]
    roster: bool  # the roster is imported, so the programs' rules were checked
    reminders: tuple[str, ...]  # missing evaluation inputs: not problems, worth a look

    @property
    def ok(self) -> bool:
        return not self.problems


def check_school(app: App, school_id: str) -> SchoolCheck:
    problems = tuple(app.check(school_id))
    roster = school_id not in app.config.broken and app.has_roster(school_id)
    reminders = tuple(app.evaluation_gaps(school_id)) if roster and not problems else ()
    return SchoolCheck(school_id, problems, roster, reminders)


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {k: (v if v is None or isinstance(v, int | float | str | bool) else str(v))
            for k, v in attrs.asdict(problem).items()}


@click.command(epilog="示例：yanxiu -w configs/example check --school chengnan")
@optional_school_option
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：每所学校的问题与提醒，及汇总。")
@pass_app
def check(app: App, school_id: str | None, as_json: bool) -> None:
    """检查配置文件、启用的项目及各项目规则；有问题时退出码为 1。"""
    results = [check_school(app, sid) for sid in app.school_ids(school_id, include_broken=True)]
    failed_plugins = [str(f) for f in app.failures]
    bad = [r for r in results if not r.ok]
    if as_json:
        echo_json({
            "schools": [{"id": r.id, "ok": r.ok, "roster_imported": r.roster,
                         "problems": [_problem_json(p) for p in r.problems],
                         "reminders": list(r.reminders)} for r in results],
            "summary": {"schools": len(results), "ok": len(results) - len(bad),
                        "with_problems": len(bad),
                        "problems": sum(len(r.problems) for r in results)},
            "plugin_failures": failed_plugins,
        })
    else:
        _echo_text(results, bad)
        report_failures(app)
    if bad or failed_plugins:
        click.get_current_context().exit(1)


def _echo_text(results: list[SchoolCheck], bad: list[SchoolCheck]) -> None:
    total = sum(len(r.problems) for r in bad)
    if bad:
        click.echo(f"发现 {total} 个问题（{len(bad)} 所学校）：", err=True)
        shown = 0
        for r in bad:
            click.echo(f"[{r.id}] {len(r.problems)} 个问题", err=True)
            for p in r.problems[:max(0, PROBLEMS_SHOWN - shown)]:
                click.echo(f"  - {p}", err=True)
            shown += len(r.problems)
        if total > PROBLEMS_SHOWN:
            click.echo(f"  另有 {total - PROBLEMS_SHOWN} 处问题未列出（--json 列出全部）", err=True)
    passed = [r for r in results if r.ok]
    for r in passed:
        for line in r.reminders:
            click.echo(f"提醒：[{r.id}] {line}")
    waiting = [r.id for r in passed if not r.roster]
    if waiting:
        click.echo(f"尚未导入教师名册：{name_list(waiting, unit='所')}；"
                   "导入后（或 yanxiu run）再检查各项目规则。")
    if not bad:
        ids = name_list([r.id for r in results], unit="所")
        click.echo(f"检查通过：{len(results)} 所学校（{ids}）。")
    else:
        click.echo(f"共 {len(results)} 所学校：{len(passed)} 所通过，{len(bad)} 所有问题"
                   f"（{name_list([r.id for r in bad], unit='所')}）。")
