"""``yanxiu check``: is the workspace valid and are the programs' rules met?"""

from __future__ import annotations

import click

from ..app import App
from ._common import echo_problems, optional_school_option, pass_app, report_failures


@click.command(epilog="示例：yanxiu -w configs/example check --school chengnan")
@optional_school_option
@pass_app
def check(app: App, school_id: str | None) -> None:
    """检查配置文件、启用的项目及各项目规则；有问题时退出码为 1。"""
    problems = app.check(school_id)
    failed = report_failures(app)
    if problems:
        echo_problems(f"发现 {len(problems)} 个问题：", problems)
    if problems or failed:
        click.get_current_context().exit(1)
    schools = app.school_ids(school_id)
    click.echo(f"检查通过：{len(schools)} 所学校（{'、'.join(schools)}）。")
    waiting = [sid for sid in schools if not app.has_roster(sid)]
    for sid in schools:
        if sid not in waiting:
            for line in app.evaluation_gaps(sid):
                click.echo(f"提醒：[{sid}] {line}")
    if waiting:
        click.echo(f"尚未导入教师名册：{'、'.join(waiting)}；导入后（或 yanxiu run）再检查各项目规则。")
