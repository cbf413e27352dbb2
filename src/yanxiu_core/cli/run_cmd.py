"""``yanxiu run``: the main job — check, import, evaluate and write every school's summary.

One school's problems never stop the others: a school whose config file is broken, whose data is
refused or whose summary cannot be written is reported with its problems and skipped, the other
schools are still written, and a final tally names every school that failed (exit 1).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from ..app import App
from ..errors import ConfigError, DataError
from ._common import echo_problems, optional_school_option, pass_app, report_failures
from ._formats import FormatChoice, write_output
from ._system_errors import os_error_message, traceback_wanted

DEFAULT_FORMATS = ("docx", "html", "md")


@click.command(epilog="示例：yanxiu -w configs/example run -o out")
@optional_school_option
@click.option("-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="总结写入的目录。")
@click.option("--format", "formats", type=FormatChoice(), multiple=True,
              help="输出格式，可重复（默认 docx、html 和 md 各一份）。")
@click.option("-q", "--quiet", is_flag=True,
              help="只输出问题与最后一行汇总（不逐个列出导入的文件与写出的总结，不显示进度）。")
@pass_app
def run(app: App, school_id: str | None, out_dir: Path, formats: tuple[str, ...],
        quiet: bool) -> None:
    """对每所学校：检查配置，导入配置中尚未导入的数据文件，检查各项目规则，评价，写出总结
    （文件名为学校编号）。

    配置或数据有误的学校跳过并继续其他学校；项目规则不符时照常写出总结并报告问题。
    最后列出完成与失败的学校、读入的行数与用时；有任何问题时以退出码 1 结束。
    在终端上运行时显示进度（第几所学校、预计还需多久）。
    """
    began = time.monotonic()
    ids = app.school_ids(school_id, include_broken=True)
    _make_output_dir(out_dir)
    if any(sid not in app.config.broken for sid in ids):
        app.store  # noqa: B018 - open it now: a database that cannot be opened stops every school
    failed: dict[str, str] = {}  # school id -> why it was skipped
    flagged: dict[str, str] = {}  # school id -> what needs attention (its summary was written)
    progress = Progress(len(ids), shown=not quiet and sys.stderr.isatty())
    rows_read = 0
    for sid in ids:
        progress.start(sid)
        try:
            failure, note, read = _run_school(app, sid, out_dir, formats or DEFAULT_FORMATS,
                                              quiet)
            rows_read += read
        except OSError as exc:  # e.g. a data file that cannot be read
            if traceback_wanted():
                raise
            click.echo(f"[{sid}] 错误：{os_error_message(exc)}", err=True)
            failure, note = "文件读写出错", ""
        progress.done()
        if failure:
            failed[sid] = failure
        elif note:
            flagged[sid] = note
    plugin_failed = report_failures(app)
    click.echo(_tally(ids, failed, flagged)
               + f"读入 {rows_read} 行，用时 {time.monotonic() - began:.1f} 秒。")
    if failed or flagged or plugin_failed:
        click.get_current_context().exit(1)


def _make_output_dir(out_dir: Path) -> None:
    """Create the output folder before any work, so a wrong ``-o`` fails at once."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if traceback_wanted():
            raise
        raise DataError(os_error_message(exc, "无法创建输出目录")) from None


class Progress:
    """``(3/20) hexi2 …  已用 12 秒，预计还需 68 秒`` on stderr before each school — on a
    terminal only (a log file or a pipe gets none) and not with ``-q``."""

    def __init__(self, total: int, *, shown: bool,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.shown, self.clock = total, shown, clock
        self.began = clock()
        self.finished = 0

    def start(self, school_id: str) -> None:
        if not self.shown:
            return
        spent = self.clock() - self.began
        eta = ""
        if self.finished:
            left = spent / self.finished * (self.total - self.finished)
            eta = f"，预计还需 {left:.0f} 秒"
        click.echo(f"({self.finished + 1}/{self.total}) {school_id} …  已用 {spent:.0f} 秒{eta}",
                   err=True)

    def done(self) -> None:
        self.finished += 1


def _run_school(app: App, sid: str, out_dir: Path, formats: tuple[str, ...],
                quiet: bool = False) -> tuple[str, str, int]:
    """Check, import, report and write one school: (why it failed, what needs attention,
    rows read from its files), the texts ``""`` when there is nothing to say."""
    broken = app.broken_problems(sid)
    if broken:
        echo_problems(f"[{sid}] 配置有误，跳过该校：", broken)
        return "配置有误", "", 0
    problems = app.config_problems(sid)
    if problems:
        echo_problems(f"[{sid}] 配置检查未通过，跳过该校：", problems)
        return "配置有误", "", 0
    read = 0
    try:
        for result in app.import_configured(sid):
            read += 0 if result.already_imported else result.rows
            if not quiet:
                click.echo(f"[{sid}] {result.summary()}")
        notes = []
        rules = app.rule_problems(sid)
        if rules:
            echo_problems(f"[{sid}] 项目规则检查发现 {len(rules)} 个问题：", rules)
            notes.append(f"项目规则问题 {len(rules)} 个")
        document = app.report(sid)
    except ConfigError as exc:
        click.echo(f"[{sid}] 错误：{exc}", err=True)
        return "配置有误", "", read
    except DataError as exc:
        click.echo(f"[{sid}] 错误：{exc}", err=True)
        return "数据有误", "", read
    for fmt in dict.fromkeys(formats):
        content, ext = app.render(document, fmt, sid)
        if content is None:
            continue  # the renderer failed: reported with the plugin failures, exit 1
        path = out_dir / f"{sid}{ext}"
        try:
            write_output(content, path)
        except DataError as exc:
            click.echo(f"[{sid}] 错误：{exc}", err=True)
            return "写出失败", "", read
        if not quiet:
            click.echo(f"[{sid}] 已写出 {path}")
    failures = app.school_failures(sid)
    if failures:
        notes.append(f"插件错误 {len(failures)} 个")
    return "", "，".join(notes), read


def _tally(ids: list[str], failed: dict[str, str], flagged: dict[str, str]) -> str:
    """``完成 1 所学校；失败 2 所：hexi2（配置有误）、x（数据有误）。`` (then the caller adds
    the rows read and the time taken)"""
    done = len(ids) - len(failed)
    line = f"完成 {done} 所学校"
    if flagged:
        line += (f"（其中 {len(flagged)} 所需要注意："
                 + "、".join(f"{sid}（{note}）" for sid, note in flagged.items()) + "）")
    if failed:
        line += f"；失败 {len(failed)} 所：" + "、".join(
            f"{sid}（{why}）" for sid, why in failed.items())
    return line + "。"
