"""What a database URL names, without loading the database layer (``yanxiu run`` answers an
unchanged run before SQLAlchemy is imported)."""

from __future__ import annotations

from pathlib import Path


def sqlite_path(url: str) -> Path | None:
    """The database file of a plain SQLite URL (``None`` for a server, memory or a URI)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix):]
    if not rest or rest == ":memory:" or rest.startswith("file:") or "?" in rest:
        return None
    return Path(rest)


def sqlite_change_counter(path: Path) -> int | None:
    """The SQLite header's file change counter (bytes 24–27): in rollback-journal mode it moves
    by one with every committed write, whoever makes it (``None``: no readable database)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(28)
    except OSError:
        return None
    return int.from_bytes(head[24:28], "big") if len(head) == 28 else None
