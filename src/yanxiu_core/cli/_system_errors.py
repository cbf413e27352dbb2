"""Errors of the machine rather than of the data: a file that cannot be written, a full disk, a
read-only database. Each becomes one Chinese line naming the path and what to do.

:class:`~yanxiu_core.cli.LazyGroup` turns such an error into that line and exit 1, for every
command (built-in or a plugin's), unless ``--traceback`` (or ``YANXIU_TRACEBACK=1``) asks for the
Python traceback. This module imports only the standard library, so ``--help`` stays light;
SQLAlchemy's errors are recognised only when SQLAlchemy is already loaded.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

import click

TRACEBACK_ENV = "YANXIU_TRACEBACK"

# errno -> (what is wrong, what to do)
_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("没有权限", "请检查该文件或目录的权限、文件是否正被其他程序（如 Word）打开，"
                   "或换一个可写的位置"),
    errno.EPERM: ("不允许此操作", "请检查该文件或目录的权限，或换一个位置"),
    errno.EROFS: ("文件系统只读", "请换一个可写的位置"),
    errno.ENOSPC: ("磁盘空间不足", "请清理磁盘空间后重试，或换一个位置"),
    errno.EDQUOT: ("超出磁盘配额", "请清理空间后重试，或换一个位置"),
    errno.ENOTDIR: ("路径中的某一级是文件而不是目录", "请检查路径，或换一个路径"),
    errno.EISDIR: ("这是一个目录", "请给出文件名，而不是目录"),
    errno.EEXIST: ("已有同名的文件", "需要目录的地方有一个文件；请改名或删除它，或换一个路径"),
    errno.ENOENT: ("文件或目录不存在", "请检查路径是否正确"),
    errno.EBUSY: ("文件正被占用", "请关闭占用它的程序后重试"),
    errno.ENAMETOOLONG: ("路径过长", "请换一个较短的路径"),
    errno.EIO: ("磁盘读写出错", "请检查磁盘或网络存储后重试"),
    errno.EMFILE: ("打开的文件过多", "请关闭其他程序后重试"),
}

# SQLite's message (lower case, start) -> (what is wrong, what to do)
_DATABASE_REASONS: tuple[tuple[str, str, str], ...] = (
    ("attempt to write a readonly database", "数据库只读，无法写入",
     "请检查数据库文件及其所在目录的写权限，或在 yanxiu.toml 的 [database] url 中改用可写的位置"),
    ("unable to open database file", "无法打开数据库文件",
     "请确认其所在目录存在且可写，或在 yanxiu.toml 的 [database] url 中改用其他位置"),
    ("database or disk is full", "磁盘空间不足", "请清理磁盘空间后重试"),
    ("disk i/o error", "磁盘读写出错", "请检查磁盘或网络存储后重试"),
    ("database is locked", "数据库正被另一个程序使用", "请等它结束后重试"),
    ("file is not a database", "该文件不是 SQLite 数据库",
     "请检查 yanxiu.toml 的 [database] url 指向的文件"),
)


def os_error_reason(exc: OSError) -> tuple[str, str]:
    """What is wrong (with the system's own words in brackets) and what to do."""
    system = exc.strerror or str(exc) or type(exc).__name__
    reason, advice = _REASONS.get(exc.errno or -1, (system, "请检查该路径后重试"))
    if reason != system:
        reason = f"{reason}（{system}）"
    return reason, advice


def os_error_message(exc: OSError, action: str = "无法访问") -> str:
    """One line: ``无法写出 /dev/full：磁盘空间不足（No space left on device）。请清理…。``"""
    reason, advice = os_error_reason(exc)
    paths = [str(os.fsdecode(p)) for p in (exc.filename, exc.filename2) if p is not None]
    if not paths:
        return f"系统错误：{reason}。{advice}。"
    return f"{action} {' → '.join(paths)}：{reason}。{advice}。"


def database_error_message(exc: BaseException, database: str | None) -> str:
    """One line for an SQLAlchemy ``OperationalError``, naming the database file."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    reason, advice = text, "请检查数据库文件及其所在目录后重试"
    for start, known, what_to_do in _DATABASE_REASONS:
        if text.lower().startswith(start):
            reason, advice = f"{known}（{text}）", what_to_do
            break
    where = f" {database} " if database else ""
    return f"数据库{where}出错：{reason}。{advice}。"


def database_path(app: Any) -> str | None:
    """The database file of the invocation's App (without opening anything), if known."""
    store = getattr(app, "_store", None)
    url = getattr(store, "url", None)
    if url is None and app is not None and "config" in getattr(app, "__dict__", {}):
        url = app.config.district.database_url
    if not isinstance(url, str):
        return None
    for prefix in ("sqlite:///", "sqlite://"):
        if url.startswith(prefix):
            path = url[len(prefix):].split("?", 1)[0]
            return path.removeprefix("file:") or None
    from ..store.store import shown_url

    return shown_url(url)  # a server: never its password


def is_database_error(exc: BaseException) -> bool:
    """An SQLAlchemy ``OperationalError`` (only looked for once SQLAlchemy is loaded)."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    operational = getattr(sa_exc, "OperationalError", None)
    return operational is not None and isinstance(exc, operational)


def traceback_wanted(ctx: click.Context | None = None) -> bool:
    """``--traceback`` on the command line, or ``YANXIU_TRACEBACK=1``."""
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().params.get("show_traceback"):
        return True
    return os.environ.get(TRACEBACK_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def system_error_message(exc: BaseException, app: Any = None) -> str | None:
    """The user's line for an OS or database error; ``None`` for any other exception."""
    if isinstance(exc, OSError):
        return os_error_message(exc)
    if is_database_error(exc):
        return database_error_message(exc, database_path(app))
    return None


def silence_broken_stdout() -> None:
    """After ``yanxiu … | head``: point standard output at ``/dev/null`` so Python's final
    flush does not complain again (nothing to do where stdout has no file descriptor)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
