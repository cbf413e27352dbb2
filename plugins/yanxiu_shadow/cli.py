"""``yanxiu shadow suggest``: the command only prints; the logic is :func:`suggest_pairs`."""

from __future__ import annotations

import json

import click

from yanxiu_core import App, text_table

from .rules import suggest_pairs


@click.group()
def shadow() -> None:
    """影子行动（青蓝结对）。"""


@shadow.command(epilog="示例：yanxiu shadow suggest --school chengnan")
@click.option("--school", "school_id", required=True, metavar="ID", help="学校编号。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
def suggest(school_id: str, as_json: bool) -> None:
    """为尚未结对的新教师推荐导师：先同学科，再同教研组，兼顾导师带徒人数。"""
    app = click.get_current_context().find_object(App)
    assert app is not None
    rows: list[dict[str, str | None]] = []
    for ctx in app.program_contexts(school_id, "shadow"):
        for s in suggest_pairs(ctx):
            rows.append({"program": ctx.program_id, "mentee": s.mentee.id,
                         "mentee_name": s.mentee.name, "subject": s.mentee.subject,
                         "mentor": s.mentor.id if s.mentor else None,
                         "mentor_name": s.mentor.name if s.mentor else None, "reason": s.reason})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        click.echo("所有新教师均已结对。")
    else:
        click.echo(text_table(("徒弟", "学科", "推荐导师", "理由"), [
            (f"{r['mentee_name']}（{r['mentee']}）", str(r["subject"] or "-"),
             f"{r['mentor_name']}（{r['mentor']}）" if r["mentor"] else "-", str(r["reason"]))
            for r in rows]))
