"""``--format`` and ``-o`` of the commands whose output is a table (``evaluate``, ``plan``):
the format named, else the one ``-o``'s suffix means, and where the result goes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from ..errors import UsageError
from ._formats import echo_document, write_output

SUFFIXES: Mapping[str, str] = {".txt": "table", ".json": "json", ".csv": "csv", ".xlsx": "xlsx"}
"""File suffix -> format, for the tabular commands (``plan`` adds ``.ics``)."""


def choose_tabular_format(fmt: str | None, output: Path | None,
                          suffixes: Mapping[str, str] = SUFFIXES, default: str = "table") -> str:
    """The format ``--format`` names, else the one ``output``'s suffix means, else ``default``.

    A suffix that means another format than ``--format``, or (without ``--format``) one no
    format has, is a usage error: a file's content always matches its name."""
    by_suffix = suffixes.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        if output is not None and by_suffix is None:
            known = "、".join(sorted(suffixes))
            raise UsageError(f"无法从文件名 {output.name!r} 判断输出格式；请用 --format 指定，"
                             f"或使用扩展名 {known}")
        return by_suffix or default
    if output is not None and by_suffix is not None and by_suffix != fmt:
        wanted = next((s for s, f in suffixes.items() if f == fmt), "")
        hint = f"请把文件名改为 {output.stem}{wanted}，或去掉 --format" if wanted else "请去掉 --format"
        raise UsageError(f"文件名 {output.name!r} 是 {by_suffix} 格式，与 --format {fmt} 不符；{hint}")
    return fmt


def emit(content: str | bytes, output: Path | None) -> None:
    """``content`` into ``output`` (through a temporary file, as UTF-8 without newline
    translation), or on standard output — a binary file (xlsx) only when that is not a
    terminal."""
    if output is None:
        echo_document(content)
        return
    write_output(content, output)
    click.echo(f"已写出 {output}", err=True)
