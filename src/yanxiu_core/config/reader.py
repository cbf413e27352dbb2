"""Typed access to one parsed TOML file that records located problems instead of raising.

The loader reads every key through a :class:`Reader`, so one run reports every problem of every
file, each with the file, key path, line, value and what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..errors import Problem
from .locate import find_line

NUMBER = (int, float)
DATE_EXPECTED = "日期（如 2020-09-01，不加引号）"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``（您是否想写 'x'？）`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"（您是否想写 {close[0]!r}？）" if close else ""


@attrs.define
class Reader:
    """One config file: its path, how it is shown to the user, its text, its parsed data and the
    problem list shared by every file of the workspace."""

    file: Path
    display: str
    source: str
    data: dict[str, Any]
    problems: list[Problem]

    def problem(self, where: str, message: str, value: object = None, expected: str = "") -> None:
        """Record a problem at key path ``where``; the line is looked up in the file's text."""
        self.problems.append(Problem(message, file=self.display, where=where,
                                     line=find_line(self.source, where), value=value,
                                     expected=expected))

    def get(self, table: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...],
            default: Any, expected: str) -> Any:
        """``table[key]`` if it has type ``kind`` (``true`` is never a number), else ``default``
        and a problem."""
        if key not in table:
            return default
        value = table[key]
        bad_bool = isinstance(value, bool) and kind is not bool and kind != (bool,)
        if not isinstance(value, kind) or bad_bool:
            self.problem(where, "类型不对", value, expected)
            return default
        return value

    def number(self, table: Mapping[str, Any], key: str, where: str, default: float, *,
               low: float | None = None, above: float | None = None, high: float | None = None,
               expected: str) -> float:
        """A number within bounds (``low`` <= x, ``above`` < x, x <= ``high``), else ``default``."""
        value = self.get(table, key, where, NUMBER, default, expected)
        out_of_range = ((low is not None and value < low) or (above is not None and value <= above)
                        or (high is not None and value > high))
        if out_of_range:
            self.problem(where, "超出范围", value, expected)
            return default
        return float(value)

    def texts(self, table: Mapping[str, Any], key: str, where: str,
              default: tuple[str, ...], expected: str) -> tuple[str, ...]:
        """A list of non-empty strings."""
        raw = self.get(table, key, where, list, None, expected)
        if raw is None:
            return default
        out: list[str] = []
        for i, item in enumerate(raw):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{where}[{i}]", "类型不对", item, "非空文本")
                continue
            out.append(item.strip())
        return tuple(out)

    def date(self, value: Any, where: str) -> dt.date | None:
        """A TOML date (not a datetime, not a string), else a problem."""
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.problem(where, "类型不对", value, DATE_EXPECTED)
        return None

    def unknown_keys(self, table: Mapping[str, Any], allowed: Iterable[str], prefix: str) -> None:
        """A problem with a did-you-mean for every key of ``table`` not in ``allowed``."""
        names = sorted(allowed)
        for key in table:
            if key not in names:
                where = f"{prefix}.{key}" if prefix else key
                self.problem(where, f"未知的配置项{did_you_mean(key, names)}", None,
                             "以下之一：" + "、".join(names))


def parse_file(path: Path, root: Path, problems: list[Problem]) -> Reader | None:
    """Read and parse one TOML file; ``None`` (and a problem) if it is missing or invalid.

    tomllib reports syntax errors as ``… (at line 4, column 8)``; the line becomes the
    problem's line so the message reads ``yanxiu.toml:4: TOML 语法错误 …``.
    """
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem("找不到配置文件", file=display,
                                expected=f"工作区 {root} 中应有此文件"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(f"文件不是 UTF-8 编码：{exc}", file=display,
                                expected="以 UTF-8 保存的 TOML 文件"))
        return None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(f"TOML 语法错误：{exc}", file=display,
                                line=int(m.group(1)) if m else None,
                                expected="合法的 TOML（文本加引号，日期不加引号，如 name = \"2020学年\"）"))
        return None
    return Reader(path, display, source, data, problems)
