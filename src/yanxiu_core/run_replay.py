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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import PLUGIN_API_VERSION, __version__
from .run_cache import code_stamp, file_listing, sha256_file

if TYPE_CHECKING:
    from .app import App

_SQLITE = "sqlite:///"


def run_key(app: App, school_id: str | None, formats: Sequence[str], out_dir: Path,
            today: dt.date | None = None) -> dict[str, Any]:
    """What the command asks for and where it runs: equal keys, equal work. Reads nothing of
    the workspace (the database URL from the environment is kept as a digest: a password in
    it must not land in the output folder)."""
    env_url = os.environ.get("YANXIU_DATABASE_URL", "")
    return {
        "yanxiu": [__version__, PLUGIN_API_VERSION],
        "python": sys.executable,
        "workspace": str(Path(app.root).resolve()),
        "cwd": os.getcwd(),
        "out": str(out_dir.resolve()),
        "school": school_id,
        "formats": list(formats),
        "plugins": [app.no_plugins, sorted(app.disabled), app.strict],
        "database_env": hashlib.sha256(env_url.encode()).hexdigest() if env_url else "",
        "today": (today or dt.date.today()).isoformat(),
    }


def sqlite_file(url: str) -> Path | None:
    """The database file of a plain SQLite URL (``None`` for a server, memory or a URI)."""
    if not url.startswith(_SQLITE):
        return None
    rest = url[len(_SQLITE):]
    if not rest or rest == ":memory:" or rest.startswith("file:") or "?" in rest:
        return None
    return Path(rest)


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


def _store_stamp(db: Path) -> list[list[Any]]:
    """The SQLite file and its journals: a write to the store changes one of them."""
    return [_stat(db), _stat(db.with_name(db.name + "-wal")),
            _stat(db.with_name(db.name + "-journal"))]


def _install_dirs() -> list[list[Any]]:
    """``[folder, mtime_ns]`` of every folder on ``sys.path``: installing, upgrading or removing
    a package adds or removes an entry there (its ``.dist-info``), which changes the time."""
    return [_stat(Path(p))[::2] for p in sys.path if p and os.path.isdir(p)]


def snapshot(app: App, ids: Sequence[str], key: Mapping[str, Any],
             said: Mapping[str, Sequence[str]],
             outputs: Mapping[str, Mapping[str, str]], out_dir: Path) -> dict[str, Any] | None:
    """Everything the run read, at its end (``None`` when the store is not a SQLite file).
    ``said``: each school's lines on stdout before its summaries (the import lines);
    ``outputs``: each school's files written (name -> SHA-256)."""
    db = sqlite_file(app.config.district.database_url)
    if db is None:
        return None
    root = Path(app.root)
    files = [_file(root / "yanxiu.toml")]
    for sid in ids:
        cfg = app.school_config(sid)
        files.append(_file(cfg.file))
        files += [_file(d.path) for d in cfg.data]
        files += [_file(out_dir / name, digest) for name, digest in outputs[sid].items()]
    roots = sorted({str(Path(__file__).parent),
                    *(p.location for p in app.host.infos if p.location)})
    return {
        "key": dict(key),
        "files": files,
        "schools_dir": _school_files(root),
        "trees": _trees(root),
        "code": [roots, code_stamp(roots)],
        "install": _install_dirs(),
        "store": _store_stamp(db),
        "schools": list(ids),
        "said": {sid: list(said.get(sid, ())) for sid in ids},
    }


def _trees(root: Path) -> list[list[list[Any]]]:
    """The workspace's templates and local plugins, as JSON keeps them (lists)."""
    return [[list(entry) for entry in file_listing(root / name)]
            for name in ("templates", "plugins")]


def _school_files(root: Path) -> list[str]:
    folder = root / "schools"
    return sorted(p.name for p in folder.glob("*.toml")) if folder.is_dir() else []


def holds(whole: Mapping[str, Any], key: Mapping[str, Any]) -> bool:
    """Whether nothing the recorded run read has changed (and it was the same command)."""
    try:
        if whole["key"] != dict(key):
            return False
        db = Path(whole["store"][0][0])
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
    except (KeyError, TypeError, ValueError, IndexError):
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


def lines_of(whole: Mapping[str, Any], school_id: str) -> Iterable[str]:
    """What the recorded run printed for the school before its summaries."""
    lines = whole.get("said", {}).get(school_id, ())
    return [str(line) for line in lines]
