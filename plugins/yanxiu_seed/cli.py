"""``yanxiu seed candidates``: the command only prints; the logic is :func:`candidates`."""

from __future__ import annotations

import json

import click

from yanxiu_core import App, text_table

from .analysis import candidates


@click.group()
def seed() -> None:
    """种子工程。"""


@seed.command("candidates", epilog="示例：yanxiu seed candidates --school chengnan")
@click.option("--school", "school_id", required=True, metavar="ID", help="学校编号。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
def candidates_cmd(school_id: str, as_json: bool) -> None:
    """按遴选条件（年龄、上年度考核等级、申请）列出每位教师是否符合及理由。"""
    app = click.get_current_context().find_object(App)
    assert app is not None
    rows = [{"program": ctx.program_id, "teacher_id": c.teacher.id, "name": c.teacher.name,
             "passed": c.passed, "in_cohort": c.in_cohort, "reasons": list(c.reasons)}
            for ctx in app.program_contexts(school_id, "seed") for c in candidates(ctx)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    rows.sort(key=lambda r: (not r["passed"], str(r["teacher_id"])))
    click.echo(text_table(("工号", "姓名", "结果", "已确认", "理由"), [
        (str(r["teacher_id"]), str(r["name"]), "符合" if r["passed"] else "不符合",
         "是" if r["in_cohort"] else "", "；".join(r["reasons"]))  # type: ignore[arg-type]
        for r in rows]))
    passed = sum(1 for r in rows if r["passed"])
    confirmed = sum(1 for r in rows if r["in_cohort"])
    click.echo(f"\n共 {len(rows)} 人，符合条件 {passed} 人，已确认为种子教师 {confirmed} 人。")
