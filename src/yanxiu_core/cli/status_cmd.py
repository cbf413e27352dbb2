"""``yanxiu status``: the district office's view of each school's year — read-only."""

from __future__ import annotations

import datetime as dt

import click

from ..app import App
from ._common import echo_json, json_option, optional_school_option, pass_app


@click.command(epilog="示例：yanxiu -w configs/example status --today 2021-06-01")
@optional_school_option
@json_option
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="按这一天计算“已过期”与“下一项”（默认今天）。")
@pass_app
def status(app: App, school_id: str | None, as_json: bool, today: dt.datetime | None) -> None:
    """每校一行：已导入的数据文件、导入后在磁盘上已变更的、缺失或未导入的，记录中缺什么，下一项安排。

    “缺”指：教师名册、本学期的考核成绩、某个启用项目本学期的任何记录、日期已过却未记录的计划活动。

    只读：不导入，也不写数据库。所有学校都齐全时退出码为 0，有任何学校需要跟进时为 1。
    """
    from ..district.status import district_status

    day = today.date() if today is not None else dt.date.today()
    schools = district_status(app, school_id, day)
    if as_json:
        echo_json({"as_of": day.isoformat(), "in_order": all(s.in_order for s in schools),
                   "schools": [s.as_json() for s in schools]})
    else:
        for school in schools:
            click.echo(school.summary())
        behind = [s.id for s in schools if not s.in_order]
        click.echo(f"共 {len(schools)} 所学校，{len(schools) - len(behind)} 所齐全"
                   + (f"，{len(behind)} 所需要跟进：{'、'.join(behind)}。" if behind else "。"))
    if not all(s.in_order for s in schools):
        click.get_current_context().exit(1)
