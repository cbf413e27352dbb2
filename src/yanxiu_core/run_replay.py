"""A whole ``yanxiu run`` with nothing changed, answered before anything is loaded.

:mod:`.run_cache` lets a run reuse each school's summaries, but only after it has loaded the
configs, the plugins and the store and asked the store about every school — about half a second
of start-up plus 20 ms a school, more than the whole work pandas needs for the district's
aggregation. When the previous run of the same command wrote every school (none failed, no
plugin failed) into a SQLite store, its record also keeps a snapshot of *everything* the run
read, by file: the district and school configs (and which school files exist), every data
file, the templates and local plugins, the code (yanxiu_core's and each plugin's folder, the
install folders of ``sys.path``, which installing or removing a package changes), the SQLite
file itself, and every output. ``run`` checks that snapshot first with ``os.stat`` alone
(hashing only a file whose size or time moved) and, when it holds, says again what the run
said — import lines, problems, tally, exit status — without opening the store (decision 0028).
Anything else — another store, ``--force``, a failed school — takes the normal path.

The inputs are stated (size, time, SHA-256) *before* the run reads them and stated again at
its end, and the store watches for writes it did not make (:meth:`~.store.Store.watch_writes`):
a file saved while the run worked, or any write to the store by anything else meanwhile, leaves
no snapshot, so the next run takes the normal path and sees the change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ._version import PLUGIN_API_VERSION, __version__
from .db_url import sqlite_change_counter, sqlite_path
from .run_cache import code_stamp, file_listing, sha256_file

if TYPE_CHECKING:
    from .app import App


def run_key(app: App, school_id: str | None, formats: Sequence[str], out_dir: Path,
            today: dt.date | None = None) -> dict[str, Any]:
    """What the command asks for and where it runs: equal keys, equal work. Reads nothing of
    the workspace. The ``YANXIU_*`` environment (plugins switched off, the database URL …) is
    kept as a digest: a password in it must not land in the output folder."""
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("YANXIU_"))
    return {
        "yanxiu": [__version__, PLUGIN_API_VERSION],
        "python": sys.executable,
        "workspace": str(Path(app.root).resolve()),
        "cwd": os.getcwd(),
        "out": str(out_dir.resolve()),
        "school": school_id,
        "formats": list(formats),
        "plugins": [app.no_plugins, sorted(app.disabled), app.strict],
        "environment": hashlib.sha256(repr(env).encode()).hexdigest(),
        "today": (today or dt.date.today()).isoformat(),
    }


def _stat(path: Path) -> list[Any]:
    """``[path, size, mtime_ns]``; size -1 for a missing file."""
    try:
        st = path.stat()
    except OSError:
        return [str(path), -1, 0]
    return [str(path), st.st_size, st.st_mtime_ns]


def _file(path: Path, digest: str | None = None) -> list[Any]:
    """``[path, size, mtime_ns, sha256]`` of a file read by the run."""
    return [*_stat(path), digest or sha256_file(path)]


def _store_stamp(db: Path) -> list[Any]:
    """``[path, change counter, size, journal present]``: every committed write moves the
    counter (the store is watched the same way during a run, :meth:`Store.watch_writes`); a
    journal beside it is a write under way."""
    return [str(db), sqlite_change_counter(db), _stat(db)[1],
            db.with_name(db.name + "-journal").exists()]


def _install_dirs() -> list[list[Any]]:
    """``[folder, mtime_ns]`` of every folder on ``sys.path``: installing, upgrading or removing
    a package adds or removes an entry there (its ``.dist-info``), which changes the time."""
    return [_stat(Path(p))[::2] for p in sys.path if p and os.path.isdir(p)]


def state_configs(root: Path) -> list[list[Any]] | None:
    """``yanxiu.toml`` and every ``schools/*.toml`` as they are now, before the run loads them
    (``None`` when one cannot be read)."""
    try:
        return [_file(root / "yanxiu.toml"),
                *(_file(path) for path in sorted((root / "schools").glob("*.toml")))]
    except OSError:
        return None


@attrs.define
class Watch:
    """The inputs of a run, stated before it reads them (:func:`watch`)."""

    files: list[list[Any]]  # [path, size, mtime_ns, sha256]: configs and data files
    schools_dir: list[str]
    trees: list[list[list[Any]]]
    code: list[Any]  # [roots, stamp]
    install: list[list[Any]]


def watch(app: App, ids: Sequence[str], configs: list[list[Any]] | None) -> Watch | None:
    """The run's inputs before it works — ``configs`` from :func:`state_configs`, stated before
    the configs were loaded — and the store watched for writes by anything else; ``None`` when
    no snapshot can follow (a database server, a school whose config is broken, a file that
    cannot be read)."""
    if configs is None or any(sid in app.config.broken for sid in ids):
        return None
    if sqlite_path(app.config.district.database_url) is None or not app.store.watch_writes():
        return None
    root = Path(app.root)
    try:
        files = list(configs)
        for sid in ids:
            files += [_file(d.path) for d in app.school_config(sid).data]
    except OSError:
        return None
    roots = sorted({str(Path(__file__).parent),
                    *(p.location for p in app.host.infos if p.location)})
    return Watch(files, _school_files(root), _trees(root), [roots, code_stamp(roots, fresh=True)],
                 _install_dirs())


def snapshot(app: App, watched: Watch, ids: Sequence[str], key: Mapping[str, Any],
             said: Mapping[str, Sequence[str]],
             outputs: Mapping[str, Mapping[str, str]], out_dir: Path) -> dict[str, Any] | None:
    """Everything the run read, stated at its end — or ``None`` when something moved while it
    worked: an input file, the list of schools, templates, local plugins, the code or the
    installed packages, or the store (a write by anything but this run). ``said``: each school's
    lines on stdout before its summaries; ``outputs``: each school's files written (name ->
    SHA-256)."""
    db = sqlite_path(app.config.district.database_url)
    if db is None:
        return None
    stamp = _store_stamp(db)  # before asking the store: a later write changes it
    if app.store.written_elsewhere():
        return None
    root = Path(app.root)
    if any(_stat(Path(path)) != [path, size, mtime] for path, size, mtime, _ in watched.files):
        return None
    if _school_files(root) != watched.schools_dir or _trees(root) != watched.trees:
        return None
    roots, code = watched.code
    if code_stamp(roots, fresh=True) != code or _install_dirs() != watched.install:
        return None
    try:
        written = [_file(out_dir / name, digest) for sid in ids
                   for name, digest in outputs[sid].items()]
    except (OSError, KeyError):
        return None
    return {
        "key": dict(key),
        "files": watched.files + written,
        "schools_dir": watched.schools_dir,
        "trees": watched.trees,
        "code": watched.code,
        "install": watched.install,
        "store": stamp,
        "schools": list(ids),
        "said": {sid: [str(line) for line in said.get(sid, ())] for sid in ids},
    }


def _trees(root: Path) -> list[list[list[Any]]]:
    """The workspace's templates and local plugins, as JSON keeps them (lists)."""
    return [[list(entry) for entry in file_listing(root / name)]
            for name in ("templates", "plugins")]


def _school_files(root: Path) -> list[str]:
    folder = root / "schools"
    return sorted(p.name for p in folder.glob("*.toml")) if folder.is_dir() else []


def holds(whole: Mapping[str, Any], key: Mapping[str, Any], known: Iterable[str]) -> bool:
    """Whether nothing the recorded run read has changed, it was the same command, and the
    record is whole (every school it names is among ``known``, the schools of the run record,
    with its lines)."""
    try:
        if whole["key"] != dict(key):
            return False
        schools, said = whole["schools"], whole["said"]
        if not (isinstance(schools, list) and schools and set(schools) <= set(known)
                and isinstance(said, dict)
                and all(isinstance(said.get(sid), list) for sid in schools)):
            return False
        db = Path(whole["store"][0])
        if _store_stamp(db) != whole["store"]:
            return False
        root = Path(key["workspace"])
        if _school_files(root) != whole["schools_dir"]:
            return False
        if not all(_unchanged(entry) for entry in whole["files"]):
            return False
        if _trees(root) != whole["trees"]:
            return False
        roots, stamp = whole["code"]
        return bool(_install_dirs() == whole["install"] and code_stamp(roots) == stamp)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return False  # a record of another shape: take the normal path


def _unchanged(entry: Sequence[Any]) -> bool:
    """The file is as recorded: same size and time, or (touched) the same content."""
    path, size, mtime, digest = entry
    now = _stat(Path(path))
    if now[1] != size:
        return False
    if now[2] == mtime:
        return True
    try:
        return bool(sha256_file(Path(path)) == digest)
    except OSError:
        return False


def lines_of(whole: Mapping[str, Any], school_id: str) -> list[str]:
    """What the recorded run printed for the school before its summaries (:func:`holds`
    checked the shape)."""
    return [str(line) for line in whole["said"][school_id]]
