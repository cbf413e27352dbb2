"""``yanxiu district``: the district's own documents — ``report``, every school side by side."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..app import App
from ._common import pass_app, report_failures
from ._formats import FormatChoice, write_output
from ._system_errors import traceback_wanted
from .run_cmd import DEFAULT_FORMATS, _make_output_dir


@click.group(epilog="示例：yanxiu -w configs/example district report -o 汇总")
def district() -> None:
    """区（县）层面的文件：各校校本研修工作汇总。"""


@district.command(epilog="示例：yanxiu -w configs/example district report -o 汇总 --format html")
@click.option("-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="汇总写入的目录。")
@click.option("--format", "formats", type=FormatChoice(), multiple=True,
              help="输出格式，可重复（默认 docx、html 和 md 各一份）。")
@click.option("--no-import", "no_import", is_flag=True,
              help="不导入数据文件，只汇总数据库中已有的记录。")
@pass_app
def report(app: App, out_dir: Path, formats: tuple[str, ...], no_import: bool) -> None:
    """写出“<区名>校本研修工作汇总”：各校参训与学时、考核等级、研修项目、荣誉与获奖、存在的问题并列对比。

    yanxiu.toml 的 [district_report] rank_by 列出的指标另附排名（不写则不排名）。

    先像 run 一样导入各校配置的数据文件（内容未变的文件跳过；--no-import 则不导入）。

    配置有误、导入失败或无法评价的学校在汇总中列出原因，其他学校照常汇总；有这样的学校或插件出错时退出码为 1。
    """
    from ..district.build import build_district_report
    from ..district.collect import SchoolFigures, collect_district

    _make_output_dir(out_dir)
    app.store  # noqa: B018 - open it now: a database that cannot be opened stops every school

    def progress(school: SchoolFigures) -> None:
        if school.failed:
            click.echo(f"[{school.id}] {school.failure}", err=True)
        elif school.imported:
            click.echo(f"[{school.id}] 已导入 {school.imported} 个新的或变更的数据文件")

    schools = collect_district(app, import_data=not no_import, reraise=traceback_wanted(),
                               progress=progress)
    district_config = app.config.district
    document = build_district_report(district_config.name, district_config.current_term, schools,
                                     district_config.district_report)
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", document.title)
    written = 0
    for fmt in dict.fromkeys(formats or DEFAULT_FORMATS):
        content, ext = app.render(document, fmt)
        if content is None:
            continue  # the renderer failed: reported with the plugin failures, exit 1
        path = out_dir / f"{stem}{ext}"
        write_output(content, path)
        written += 1
        click.echo(f"已写出 {path}")
    failed = [s for s in schools if s.failed]
    line = f"已汇总 {len(schools) - len(failed)} 所学校"
    if failed:
        line += f"；未能汇总 {len(failed)} 所：" + "、".join(
            f"{s.id}（{s.failure.split('：', 1)[0]}）" for s in failed)
    click.echo(line + "。")
    if report_failures(app) or failed or not written:
        click.get_current_context().exit(1)
