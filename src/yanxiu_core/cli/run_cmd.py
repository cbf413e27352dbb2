"""``yanxiu run``: the main job — check, import, evaluate and write every school's summary."""

from __future__ import annotations

from pathlib import Path

import click

from ..app import App
from ..errors import DataError
from ._common import echo_problems, optional_school_option, pass_app, report_failures
from ._formats import FormatChoice, write_output

DEFAULT_FORMATS = ("docx", "html", "md")


@click.command(epilog="示例：yanxiu -w configs/example run -o out")
@optional_school_option
@click.option("-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="总结写入的目录。")
@click.option("--format", "formats", type=FormatChoice(), multiple=True,
              help="输出格式，可重复（默认 docx、html 和 md 各一份）。")
@pass_app
def run(app: App, school_id: str | None, out_dir: Path, formats: tuple[str, ...]) -> None:
    """对每所学校：检查配置，导入配置中尚未导入的数据文件，检查各项目规则，评价，写出总结
    （文件名为学校编号）。

    配置或数据有误的学校跳过并继续其他学校；项目规则不符时照常写出总结并报告问题。
    有任何问题时最后以退出码 1 结束。
    """
    ok = True
    for sid in app.school_ids(school_id):
        problems = app.config_problems(sid)
        if problems:
            echo_problems(f"[{sid}] 配置检查未通过，跳过该校：", problems)
            ok = False
            continue
        try:
            for result in app.import_configured(sid):
                click.echo(f"[{sid}] {result.summary()}")
        except DataError as exc:
            click.echo(f"[{sid}] 错误：{exc}", err=True)
            ok = False
            continue
        rules = app.rule_problems(sid)
        if rules:
            echo_problems(f"[{sid}] 项目规则检查发现 {len(rules)} 个问题：", rules)
            ok = False
        document = app.report(sid)
        for fmt in dict.fromkeys(formats or DEFAULT_FORMATS):
            content, ext = app.render(document, fmt, sid)
            if content is None:
                continue  # the renderer failed: reported with the plugin failures, exit 1
            path = out_dir / f"{sid}{ext}"
            write_output(content, path)
            click.echo(f"[{sid}] 已写出 {path}")
    if report_failures(app):
        ok = False
    if not ok:
        click.get_current_context().exit(1)
