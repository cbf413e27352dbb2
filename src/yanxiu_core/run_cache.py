"""What ``yanxiu run`` wrote last time, so that a run with nothing changed writes nothing again.

A school's summaries are a function of its inputs: the district and school config files, the
workspace's templates and local plugins, the installed plugins' versions, yanxiu's version, the
school's records in the store (every write to them is an import, so the newest import and the
row counts stand for them), the formats asked for and the day (a document may date itself).
``<out>/.yanxiu-run.json`` keeps, per school, a fingerprint of those inputs, the SHA-256 of
every file written, and what the run said about the school (rule problems, the note in the
tally). When every data file of the school was already imported, the fingerprint is the same
and every output is still there byte for byte, ``run`` says so, repeats the problems, and skips
the school's checks, evaluation and rendering (decision 0026). ``run --force`` does not look.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ._version import PLUGIN_API_VERSION, __version__

if TYPE_CHECKING:
    from .app import App

CACHE_NAME = ".yanxiu-run.json"
FORMAT = 1


@attrs.frozen
class SchoolRun:
    """What one school's run produced: outputs (file name -> SHA-256) and what it said."""

    fingerprint: str
    outputs: dict[str, str]
    problems: tuple[str, ...] = ()  # rule problems, as printed
    note: str = ""  # the tally's note for the school ("项目规则问题 2 个")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_listing(root: Path, suffixes: tuple[str, ...] = ()) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime) of every file under ``root`` (with one of ``suffixes``, if
    given) — templates, local plugins, code. A file that vanishes meanwhile or a dangling link
    (an editor's lock file) is left out, never an error."""
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if suffixes and path.suffix not in suffixes:
                continue
            try:
                stat = path.lstat()
            except OSError:
                continue
            found.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return sorted(found)


_CODE: dict[tuple[str, ...], str] = {}


def code_stamp(locations: Iterable[str], *, fresh: bool = False) -> str:
    """A digest of the code that writes the documents: yanxiu_core's own files and each
    loaded plugin's folder (``.py`` and templates) — so an edited core or an editable plugin
    is seen without a version bump. Computed once per process (``fresh``: again)."""
    roots = tuple(sorted({str(Path(__file__).parent), *(loc for loc in locations if loc)}))
    if fresh or roots not in _CODE:
        listing = []
        for root in roots:
            path = Path(root)
            if path.is_dir() or path.name == "__init__.py":  # a package: all of it
                folder = path if path.is_dir() else path.parent
                listing.append([root, file_listing(folder, (".py", ".j2", ".docx", ".css"))])
            elif path.is_file():  # a single-module plugin: that file, not its folder
                stat = path.stat()  # (site-packages would be thousands of files)
                listing.append([root, [[path.name, stat.st_size, stat.st_mtime_ns]]])
        _CODE[roots] = hashlib.sha256(json.dumps(listing).encode()).hexdigest()
    return _CODE[roots]


def fingerprint(app: App, school_id: str, formats: Sequence[str],
                today: dt.date | None = None) -> str:
    """A digest of everything the school's summaries are made from (module docstring)."""
    import sqlalchemy as sa

    from .store import schema

    cfg = app.school_config(school_id)
    i = schema.imports
    with app.store.engine.connect() as conn:
        newest = conn.execute(sa.select(sa.func.max(i.c.id)).where(i.c.school_id == school_id))
        last_import = newest.scalar()
    parts: dict[str, Any] = {
        "yanxiu": [__version__, PLUGIN_API_VERSION],
        "plugins": sorted([p.name, p.version, p.status] for p in app.host.infos),
        "code": code_stamp(p.location for p in app.host.infos),
        "district": sha256_file(app.root / "yanxiu.toml"),
        "school": sha256_file(cfg.file),
        "templates": file_listing(app.root / "templates"),
        "local_plugins": file_listing(app.root / "plugins"),
        "store": [sa.make_url(app.store.url).render_as_string(hide_password=True),
                  last_import, app.store.counts(school_id)],
        "formats": list(formats),
        "today": (today or dt.date.today()).isoformat(),
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RunCache:
    """``<out>/.yanxiu-run.json``: read at the start of a run, written at its end."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / CACHE_NAME
        self.schools: dict[str, SchoolRun] = {}
        # the whole run's snapshot (:mod:`.run_replay`), when it can be answered from it
        self.whole: dict[str, Any] | None = None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                self.schools = {sid: SchoolRun(entry["fingerprint"], dict(entry["outputs"]),
                                               tuple(entry.get("problems", ())),
                                               entry.get("note", ""))
                                for sid, entry in data["schools"].items()}
                whole = data.get("whole")
                self.whole = whole if isinstance(whole, dict) else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.schools = {}  # missing or damaged: every school is written again
            self.whole = None

    def unchanged(self, school_id: str, fp: str, out_dir: Path) -> SchoolRun | None:
        """The previous run of the school if its fingerprint is ``fp`` and every file it wrote
        is still there as written; else None."""
        previous = self.schools.get(school_id)
        if previous is None or previous.fingerprint != fp or not previous.outputs:
            return None
        for name, digest in previous.outputs.items():
            path = out_dir / name
            if not path.is_file() or sha256_file(path) != digest:
                return None
        return previous

    def record(self, school_id: str, run: SchoolRun | None) -> None:
        """Remember a school's run (None: forget it, e.g. it failed or a plugin failed)."""
        if run is None:
            self.schools.pop(school_id, None)
        else:
            self.schools[school_id] = run

    def save(self) -> None:
        """Write the record (none when no school's run can be reused)."""
        if not self.schools:
            self.path.unlink(missing_ok=True)
            return
        data: dict[str, Any] = {"format": FORMAT, "schools": {
            sid: {"fingerprint": r.fingerprint, "outputs": r.outputs,
                  "problems": list(r.problems), "note": r.note}
            for sid, r in sorted(self.schools.items())}}
        if self.whole is not None:
            data["whole"] = self.whole
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)


def outputs_of(paths: Iterable[Path]) -> dict[str, str]:
    """File name -> SHA-256 of the files a school's run wrote."""
    return {p.name: sha256_file(p) for p in paths}
