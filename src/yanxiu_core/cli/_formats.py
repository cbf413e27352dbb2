"""``--format``: a choice among the registered renderers, and where its output goes.

The choices come from the renderers the plugins registered (built-in md, docx, html, json and any
third party's), so ``--help`` lists them; they are looked up only when a command needs them.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from ..app import App
from ..errors import DataError, UsageError


def _renderers(ctx: click.Context | None) -> dict[str, Any]:
    app = ctx.find_object(App) if ctx is not None else None
    if app is None:
        from ..app import App as _App  # help shown before the group made an App

        app = _App(root=Path("."))
    return app.host.renderers()


class FormatChoice(click.ParamType):  # type: ignore[type-arg]
    """A registered renderer's name or alias (case-insensitive)."""

    name = "format"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        try:
            return "[" + "|".join(sorted(_renderers(ctx or click.get_current_context(True)))) + "]"
        except Exception:  # a broken workspace must not break --help
            return "FORMAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..output import find_renderer

        try:
            return find_renderer(_renderers(ctx), str(value)).name
        except UsageError as exc:
            self.fail(str(exc).removeprefix("错误："), param, ctx)


def choose_format(app: App, fmt: str | None, output: Path | None) -> str:
    """The renderer for ``--format`` and ``-o``: the format named, else the one the file's
    suffix means, else Markdown. A suffix that means another format is a usage error."""
    from ..output import renderer_for_path

    renderers = app.host.renderers()
    by_suffix = renderer_for_path(renderers, output) if output is not None else None
    if fmt is None:
        if output is not None and by_suffix is None:
            raise UsageError(f"无法从文件名 {output.name!r} 判断输出格式；请用 --format 指定"
                             f"（{'、'.join(sorted(renderers))}）")
        return by_suffix.name if by_suffix is not None else "md"
    if output is not None and by_suffix is not None and by_suffix.name != fmt:
        raise UsageError(f"文件名 {output.name!r} 是 {by_suffix.name} 格式，与 --format {fmt} 不符；"
                         f"请把文件名改为 {output.stem}{renderers[fmt].extension}，或去掉 --format")
    if output is not None and by_suffix is None and output.suffix:
        raise UsageError(f"文件名 {output.name!r} 的扩展名与 --format {fmt} 不符；"
                         f"应为 {renderers[fmt].extension}")
    return fmt


def write_output(content: str | bytes, path: Path) -> None:
    """Write through a temporary file in the same folder, then rename: a failed write never
    leaves half a document under the real name.

    A path that exists but is not a regular file (``/dev/null``, ``/dev/full``, a pipe) is
    written directly: renaming over it would replace the device. An OS error becomes a
    :class:`DataError` of one line naming the path and what to do (the same line the CLI prints
    for any other OS error, see :mod:`._system_errors`).
    """
    from ._system_errors import os_error_message

    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            with open(path, "wb") as fh:  # a device or a pipe
                fh.write(data)
            return
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; keep the usual permissions
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        ours = str(path.parent / f".{path.name}.")  # the temporary file: the user knows the path
        if exc.filename is None or str(exc.filename).startswith(ours):
            exc.filename, exc.filename2 = str(path), None
        raise DataError(os_error_message(exc, "无法写出")) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def echo_document(content: str | bytes) -> None:
    """A document on standard output; a binary one only when the output is not a terminal."""
    if isinstance(content, str):
        click.echo(content, nl=False)
        return
    if sys.stdout.isatty():
        raise UsageError("这是二进制文件（如 Word 文档），不能显示在终端；请用 -o 指定输出文件")
    sys.stdout.flush()
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()

