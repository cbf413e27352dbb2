"""``yanxiu run --jobs N``: schools in N worker processes.

Each worker opens the workspace itself (its own plugins, its own database connections: neither
can cross a fork) and runs :func:`~.run_school.run_school` for one school at a time, with what
it prints recorded; the parent prints each school's output whole, in the order the schools
finish, and keeps the tally and the run record. Imports still take the store's write lock one
at a time (SQLite and PostgreSQL alike); checking, evaluating and rendering — most of a run —
proceed side by side.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import attrs

from ..app import App
from ..run_cache import RunCache
from .run_school import Outcome, run_school

Tape = list[tuple[bool, str]]  # (to stderr, text) in the order printed


class _Recorder(io.StringIO):
    """A stand-in for stdout or stderr that appends what is written to a shared tape."""

    def __init__(self, tape: Tape, err: bool) -> None:
        super().__init__()
        self.tape, self.err = tape, err

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream with b"": not one
            raise TypeError("a text stream")
        self.tape.append((self.err, text))
        return len(text)


@attrs.frozen
class Finished:
    """One school done by a worker: its outcome, what it printed, its plugin failures."""

    school_id: str
    outcome: Outcome
    tape: Tape
    failures: tuple[str, ...]


_worker: dict[str, Any] = {}  # the worker process's App and run record


def _start_worker(options: dict[str, Any], out_dir: Path, reuse: bool) -> None:
    _worker["app"] = App(**options)
    _worker["cache"] = RunCache(out_dir) if reuse else None


def _one_school(school_id: str, out_dir: Path, formats: tuple[str, ...],
                quiet: bool) -> Finished:
    app: App = _worker["app"]
    tape: Tape = []
    with contextlib.redirect_stdout(_Recorder(tape, False)), \
            contextlib.redirect_stderr(_Recorder(tape, True)):
        outcome = run_school(app, school_id, out_dir, formats, quiet, _worker["cache"])
    failures = tuple(str(f) for f in app.host.failures if f.school in ("", school_id)) \
        if "host" in app.__dict__ else ()
    return Finished(school_id, outcome, tape, failures)


def run_in_parallel(app: App, ids: Sequence[str], jobs: int, out_dir: Path,
                    formats: tuple[str, ...], quiet: bool, reuse: bool) -> Iterator[Finished]:
    """Each school's :class:`Finished`, as the ``jobs`` workers finish them."""
    app.release_connections()  # the workers must not share the parent's connections
    options = {"root": app.root, "no_plugins": app.no_plugins, "disabled": app.disabled,
               "strict": app.strict}
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                               initargs=(options, out_dir, reuse))
    try:
        futures = [pool.submit(_one_school, sid, out_dir, formats, quiet) for sid in ids]
        for future in as_completed(futures):
            yield future.result()
    except BaseException:  # Ctrl-C or an unexpected error: do not start the schools left
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
