"""One school's turn in ``yanxiu run``: check, import, evaluate, render and write — or reuse
what the previous run wrote when nothing it is made from changed (:mod:`..run_cache`)."""

from __future__ import annotations

from pathlib import Path

import attrs
import click

from ..app import App
from ..errors import ConfigError, DataError, YanxiuError
from ..run_cache import RunCache, SchoolRun, fingerprint, outputs_of
from ._common import PROBLEMS_SHOWN, echo_problems
from ._formats import write_output
from ._system_errors import os_error_message, traceback_wanted


@attrs.frozen
class Outcome:
    """One school's run: why it failed and what needs attention (``""``: nothing to say), the
    rows read from its files, and what to remember for the next run (None: nothing)."""

    failure: str = ""
    note: str = ""
    read: int = 0
    done: SchoolRun | None = None
    reused: bool = False  # nothing changed: the previous run's summaries stand
    written: tuple[str, ...] = ()  # file names in the output folder, written or reused
    # The import lines (without "[sid] ") a run with nothing changed would print: each file
    # "与已导入的内容相同" — what :mod:`...run_replay` says again.
    said_again: tuple[str, ...] = ()


def run_school(app: App, sid: str, out_dir: Path, formats: tuple[str, ...],
               quiet: bool = False, cache: RunCache | None = None) -> Outcome:
    """:func:`_run_school`, an error of the machine (a data file that cannot be read) reported
    as the school's failure."""
    try:
        return _run_school(app, sid, out_dir, formats, quiet, cache)
    except OSError as exc:
        if traceback_wanted():
            raise
        click.echo(f"[{sid}] 错误：{os_error_message(exc)}", err=True)
        return Outcome("文件读写出错")
    except YanxiuError as exc:  # e.g. the store stayed busy past the timeout: this school only
        click.echo(f"[{sid}] 错误：{exc}", err=True)
        return Outcome("出错")


def _run_school(app: App, sid: str, out_dir: Path, formats: tuple[str, ...],
                quiet: bool = False, cache: RunCache | None = None) -> Outcome:
    """Check, import, report and write one school — or, when ``cache`` says nothing it is made
    from changed since its summaries were written, say so and repeat the problems found then."""
    broken = app.broken_problems(sid)
    if broken:
        echo_problems(f"[{sid}] 配置有误，跳过该校：", broken)
        return Outcome("配置有误")
    problems = app.config_problems(sid)
    if problems:
        echo_problems(f"[{sid}] 配置检查未通过，跳过该校：", problems)
        return Outcome("配置有误")
    read = 0
    again: list[str] = []
    try:
        results = app.import_configured(sid)
        for result in results:
            read += 0 if result.already_imported else result.rows
            if not quiet:
                click.echo(f"[{sid}] {result.summary()}")
            again.append(attrs.evolve(result, already_imported=True).summary())
        fp = fingerprint(app, sid, formats)
        previous = cache.unchanged(sid, fp, out_dir) if cache is not None and all(
            r.already_imported for r in results) else None
        if previous is not None:
            return attrs.evolve(reuse(sid, previous, out_dir, quiet), said_again=tuple(again))
        notes = []
        rules = app.rule_problems(sid)
        if rules:
            echo_problems(f"[{sid}] 项目规则检查发现 {len(rules)} 个问题：", rules)
            notes.append(f"项目规则问题 {len(rules)} 个")
        document = app.report(sid)
    except ConfigError as exc:
        click.echo(f"[{sid}] 错误：{exc}", err=True)
        return Outcome("配置有误", read=read)
    except DataError as exc:
        click.echo(f"[{sid}] 错误：{exc}", err=True)
        return Outcome("数据有误", read=read)
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        content, ext = app.render(document, fmt, sid)
        if content is None:
            continue  # the renderer failed: reported with the plugin failures, exit 1
        path = out_dir / f"{sid}{ext}"
        try:
            write_output(content, path)
        except DataError as exc:
            click.echo(f"[{sid}] 错误：{exc}", err=True)
            return Outcome("写出失败", read=read)
        written.append(path)
        if not quiet:
            click.echo(f"[{sid}] 已写出 {path}")
    names = tuple(p.name for p in written)
    failures = app.school_failures(sid)
    if failures:  # a plugin failed: never reuse this run's documents
        notes.append(f"插件错误 {len(failures)} 个")
        return Outcome("", "，".join(notes), read, written=names)
    done = SchoolRun(fp, outputs_of(written), tuple(str(p) for p in rules), "，".join(notes))
    return Outcome("", done.note, read, done, written=names, said_again=tuple(again))


def reuse(sid: str, previous: SchoolRun, out_dir: Path, quiet: bool) -> Outcome:
    """Nothing changed: the summaries on disk stand, and the problems found then still hold."""
    if previous.problems:
        click.echo(f"[{sid}] 项目规则检查发现 {len(previous.problems)} 个问题（与上次相同）：",
                   err=True)
        for line in previous.problems[:PROBLEMS_SHOWN]:
            click.echo(f"  - {line}", err=True)
        if len(previous.problems) > PROBLEMS_SHOWN:
            click.echo(f"  另有 {len(previous.problems) - PROBLEMS_SHOWN} 处问题未列出", err=True)
    if not quiet:
        names = "、".join(str(out_dir / name) for name in previous.outputs)
        click.echo(f"[{sid}] 数据与配置未变，沿用上次写出的 {names}")
    return Outcome("", previous.note, 0, previous, reused=True,
                   written=tuple(previous.outputs))
