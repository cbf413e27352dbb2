"""``yanxiu run``: the main job — check, import, evaluate and write every school's summary.

One school's problems never stop the others: a school whose config file is broken, whose data is
refused or whose summary cannot be written is reported with its problems and skipped, the other
schools are still written, and a final tally names every school that failed (exit 1).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from ..app import App
from ..errors import DataError
from ..run_cache import RunCache
from ..run_replay import holds, lines_of, run_key, snapshot, state_configs, watch
from ._common import (
    echo_json,
    optional_school_option,
    pass_app,
    report_failures,
)
from ._formats import FormatChoice
from ._system_errors import os_error_message, traceback_wanted
from .run_parallel import run_in_parallel
from .run_school import Outcome, reuse, run_school

DEFAULT_FORMATS = ("docx", "html", "md")


@click.command(epilog="示例：yanxiu -w configs/example run -o out")
@optional_school_option
@click.option("-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="总结写入的目录。")
@click.option("--format", "formats", type=FormatChoice(), multiple=True,
              help="输出格式，可重复（默认 docx、html 和 md 各一份）。")
@click.option("-q", "--quiet", is_flag=True,
              help="只输出问题与最后一行汇总（不逐个列出导入的文件与写出的总结，不显示进度）。")
@click.option("--force", is_flag=True,
              help="即使数据、配置与上次写出的总结都未变，也重新检查、评价并写出每所学校的总结。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="同时处理的学校数（多核计算机上可设为 CPU 核数；导入仍逐校进行）。")
@click.option("--json", "as_json", is_flag=True,
              help="最后输出 JSON（每所学校的结果、读入行数、用时），代替汇总行；隐含 -q。")
@pass_app
def run(app: App, school_id: str | None, out_dir: Path, formats: tuple[str, ...],
        quiet: bool, force: bool, jobs: int, as_json: bool) -> None:
    """对每所学校：检查配置，导入配置中尚未导入的数据文件，检查各项目规则，评价，写出总结
    （文件名为学校编号）。

    配置或数据有误的学校跳过并继续其他学校；项目规则不符时照常写出总结并报告问题。
    最后列出完成与失败的学校、读入的行数与用时；有任何问题时以退出码 1 结束。
    在终端上运行时显示进度（第几所学校、预计还需多久）。

    数据文件、配置、模板与插件都与上次相同、上次写出的总结也未改动的学校，沿用上次的总结并
    重复上次的问题提示，不再重新生成（--force 则重新生成）。
    """
    began = time.monotonic()
    quiet = quiet or as_json
    formats = formats or DEFAULT_FORMATS
    cache = RunCache(out_dir)
    key = run_key(app, school_id, formats, out_dir)
    if not force and cache.whole is not None and holds(cache.whole, key, cache.schools):
        ids = list(cache.whole["schools"])  # nothing changed since the last run
        _finish(ids, _replayed(cache, ids, out_dir, quiet), out_dir, began, as_json, [])
        return
    configs = state_configs(Path(app.root))  # before they are loaded (decision 0028)
    ids = app.school_ids(school_id, include_broken=True)
    _make_output_dir(out_dir)
    if any(sid not in app.config.broken for sid in ids):
        app.store  # noqa: B018 - open it now: a database that cannot be opened stops every school
    # what the run reads, stated before it does: the snapshot follows a one-process run only
    # (worker processes import on their own)
    watched = watch(app, ids, configs) if jobs == 1 or len(ids) == 1 else None
    progress = Progress(len(ids), shown=not quiet and sys.stderr.isatty())
    worker_failures: list[str] = []
    outcomes: dict[str, Outcome] = {}
    for sid, outcome in _outcomes(app, ids, jobs, out_dir, formats, quiet, force, cache,
                                  progress, worker_failures):
        outcomes[sid] = outcome
        cache.record(sid, outcome.done)
    plugin_failed = report_failures(app, worker_failures)
    cache.whole = None
    with contextlib.suppress(OSError):  # the record only saves time next run (no database
        # query below: the snapshot reads files only)
        if watched and not plugin_failed and all(o.done for o in outcomes.values()):
            cache.whole = snapshot(app, watched, ids, key,
                                   {sid: o.said_again for sid, o in outcomes.items()},
                                   {sid: o.done.outputs for sid, o in outcomes.items() if o.done},
                                   out_dir)
        cache.save()
    failures = list(dict.fromkeys([*app.failures, *worker_failures])) if plugin_failed else []
    _finish(ids, outcomes, out_dir, began, as_json, failures)


def _replayed(cache: RunCache, ids: list[str], out_dir: Path,
              quiet: bool) -> dict[str, Outcome]:
    """The last run said again, school by school (:mod:`...run_replay`)."""
    assert cache.whole is not None
    outcomes: dict[str, Outcome] = {}
    for sid in ids:
        if not quiet:
            for line in lines_of(cache.whole, sid):
                click.echo(f"[{sid}] {line}")
        outcomes[sid] = reuse(sid, cache.schools[sid], out_dir, quiet)
    return outcomes


def _finish(ids: list[str], outcomes: dict[str, Outcome], out_dir: Path, began: float,
            as_json: bool, plugin_failures: list[str]) -> None:
    """The tally (or the JSON) and the exit status: 1 when a school failed or needs attention
    or a plugin failed."""
    failed = {sid: o.failure for sid, o in outcomes.items() if o.failure}
    flagged = {sid: o.note for sid, o in outcomes.items() if not o.failure and o.note}
    rows_read = sum(o.read for o in outcomes.values())
    seconds = time.monotonic() - began
    if as_json:
        echo_json({
            "schools": [_school_json(sid, outcomes[sid], out_dir) for sid in ids],
            "summary": {"schools": len(ids), "done": len(ids) - len(failed),
                        "failed": len(failed), "need_attention": len(flagged),
                        "rows_read": rows_read, "seconds": round(seconds, 2)},
            "plugin_failures": plugin_failures,
        })
    else:
        click.echo(_tally(ids, failed, flagged) + f"读入 {rows_read} 行，用时 {seconds:.1f} 秒。")
    if failed or flagged or plugin_failures:
        click.get_current_context().exit(1)


def _school_json(sid: str, outcome: Outcome, out_dir: Path) -> dict[str, object]:
    status = "failed" if outcome.failure else "attention" if outcome.note else "done"
    return {"id": sid, "status": status, "reason": outcome.failure or outcome.note,
            "reused": outcome.reused, "rows_read": outcome.read,
            "outputs": [str(out_dir / name) for name in outcome.written]}


def _outcomes(app: App, ids: list[str], jobs: int, out_dir: Path, formats: tuple[str, ...],
              quiet: bool, force: bool, cache: RunCache, progress: Progress,
              worker_failures: list[str]) -> Iterator[tuple[str, Outcome]]:
    """Each school's outcome, its output printed: one after the other in this process, or —
    with ``--jobs`` above 1 and several schools — from worker processes as they finish."""
    if jobs > 1 and len(ids) > 1:
        for done in run_in_parallel(app, ids, min(jobs, len(ids)), out_dir, formats, quiet,
                                    reuse=not force):
            progress.start(done.school_id)
            for err, text in done.tape:
                click.echo(text, nl=False, err=err)
            worker_failures.extend(done.failures)
            progress.done()
            yield done.school_id, done.outcome
        return
    for sid in ids:
        progress.start(sid)
        outcome = run_school(app, sid, out_dir, formats, quiet, None if force else cache)
        progress.done()
        yield sid, outcome


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


def _tally(ids: list[str], failed: dict[str, str], flagged: dict[str, str]) -> str:
    """``完成 1 所学校；失败 2 所：hexi2（配置有误）、x（数据有误）。`` (then the caller adds
    the rows read and the time taken)"""
    order = {sid: i for i, sid in enumerate(ids)}  # schools finish in any order with --jobs
    failed = dict(sorted(failed.items(), key=lambda kv: order[kv[0]]))
    flagged = dict(sorted(flagged.items(), key=lambda kv: order[kv[0]]))
    done = len(ids) - len(failed)
    line = f"完成 {done} 所学校"
    if flagged:
        line += (f"（其中 {len(flagged)} 所需要注意："
                 + "、".join(f"{sid}（{note}）" for sid, note in flagged.items()) + "）")
    if failed:
        line += f"；失败 {len(failed)} 所：" + "、".join(
            f"{sid}（{why}）" for sid, why in failed.items())
    return line + "。"
