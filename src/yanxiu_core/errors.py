"""Errors that reach the user. Each carries where the problem is and what was expected.

Exit codes (scripts may rely on them): 0 success, 1 invalid data or config, 2 usage error.
"""

from __future__ import annotations

import attrs

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


@attrs.frozen
class Problem:
    """One thing wrong, located as precisely as we can.

    ``file`` is a path as the user wrote it; ``where`` a key path (``programs.reading.books_per_term``)
    or a row/column (``第 5 行, 列 “日期”``); ``line`` a 1-based line number when known.
    """

    message: str
    file: str = ""
    where: str = ""
    line: int | None = None
    value: object = None
    expected: str = ""

    def __str__(self) -> str:
        loc = self.file
        if self.line is not None:
            loc = f"{loc}:{self.line}" if loc else f"第 {self.line} 行"
        parts = [p for p in (loc, self.where) if p]
        head = ", ".join(parts)
        text = self.message
        if self.value is not None:
            text += f"；值 {self.value!r}"
        if self.expected:
            text += f"；应为 {self.expected}"
        return f"{head}: {text}" if head else text


class YanxiuError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class ConfigError(YanxiuError):
    """The workspace configuration is invalid."""


class DataError(YanxiuError):
    """Imported or stored records are invalid; nothing was written."""


class PluginError(YanxiuError):
    """A plugin failed to load or one of its hooks raised."""


class UsageError(YanxiuError):
    exit_code = EXIT_USAGE
