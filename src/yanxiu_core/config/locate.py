"""Find the line of a key path in TOML text, so config errors can say where to look.

tomllib gives values without positions. This small scanner walks the text once, following table
headers (``[a.b]``, ``[[a]]`` with their index), dotted and quoted keys, inline tables and arrays
(also spread over several lines, so ``sessions[1].date`` finds the second element), and skips
strings, including multi-line ones. It only has to be good enough for error messages: on text it
does not understand it moves on rather than fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_BARE = re.compile(r"[A-Za-z0-9_\-]+")
_PATH_TOKEN = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^.\[\]"'\s]+)|\[(\d+)\])\s*\.?""")


def _key_path(key_path: str) -> list[str]:
    """``terms[1].start`` → ``['terms', '#1', 'start']``; ``data."a.b"`` → ``['data', 'a.b']``."""
    parts: list[str] = []
    pos = 0
    while pos < len(key_path):
        m = _PATH_TOKEN.match(key_path, pos)
        if m is None or m.end() == pos:
            break
        dq, sq, bare, index = m.groups()
        parts.append(f"#{index}" if index is not None else (dq if dq is not None else sq or bare))
        pos = m.end()
    return parts


class _Scanner:
    """A cursor over the lines of a TOML text that reports every key it meets with its line."""

    def __init__(self, text: str, report: Callable[[list[str], int], None]) -> None:
        self.lines = text.splitlines()
        self.i = 0  # line index
        self.j = 0  # column
        self.report = report

    # -- low-level movement -------------------------------------------------------------
    def _line(self) -> str:
        return self.lines[self.i] if self.i < len(self.lines) else ""

    def _peek(self) -> str:
        line = self._line()
        return line[self.j] if self.j < len(line) else ""

    def _done(self) -> bool:
        return self.i >= len(self.lines)

    def _next_line(self) -> None:
        self.i, self.j = self.i + 1, 0

    def _skip_blank(self, newlines: bool) -> None:
        """Skip spaces (and comments and line ends when ``newlines``)."""
        while not self._done():
            c = self._peek()
            if c in (" ", "\t"):
                self.j += 1
            elif newlines and (c == "" or c == "#"):
                self._next_line()
            else:
                return

    # -- pieces of TOML -----------------------------------------------------------------
    def _key(self) -> list[str]:
        """A (dotted, possibly quoted) key up to ``=``; empty if there is none."""
        parts: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            c = self._peek()
            if c in ('"', "'"):
                end = self._line().find(c, self.j + 1)
                if end < 0:
                    return []
                parts.append(self._line()[self.j + 1:end])
                self.j = end + 1
            else:
                m = _BARE.match(self._line(), self.j)
                if m is None:
                    return []
                parts.append(m.group())
                self.j = m.end()
            self._skip_blank(newlines=False)
            if self._peek() == ".":
                self.j += 1
                continue
            if self._peek() == "=":
                self.j += 1
                return parts
            return []

    def _string(self) -> None:
        line = self._line()
        quote = line[self.j]
        if line.startswith(quote * 3, self.j):  # multi-line string: find the closing triple
            self.j += 3
            while not self._done():
                end = self._line().find(quote * 3, self.j)
                if end >= 0:
                    self.j = end + 3
                    return
                self._next_line()
            return
        k = self.j + 1
        while k < len(line) and line[k] != quote:
            k += 2 if quote == '"' and line[k] == "\\" else 1
        self.j = k + 1

    def _value(self, path: list[str]) -> None:
        self._skip_blank(newlines=False)
        c = self._peek()
        if c == "{":
            self._inline_table(path)
        elif c == "[":
            self._array(path)
        elif c in ('"', "'"):
            self._string()
        else:  # number, date, boolean: up to a delimiter
            m = re.compile(r"[^,\]}#]*").match(self._line(), self.j)
            self.j = m.end() if m else len(self._line())

    def _inline_table(self, path: list[str]) -> None:
        self.j += 1
        while not self._done():
            self._skip_blank(newlines=True)
            if self._peek() == "}":
                self.j += 1
                return
            line_before = self.i
            key = self._key()
            if not key:  # not understood: give up on this table
                self._next_line()
                return
            self.report([*path, *key], line_before + 1)
            self._value([*path, *key])
            self._skip_blank(newlines=True)
            if self._peek() == ",":
                self.j += 1

    def _array(self, path: list[str]) -> None:
        self.j += 1
        index = 0
        while not self._done():
            self._skip_blank(newlines=True)
            if self._peek() == "]":
                self.j += 1
                return
            if self._peek() == ",":  # stray comma: avoid looping on it
                self.j += 1
                continue
            element = [*path, f"#{index}"]
            self.report(element, self.i + 1)
            before = (self.i, self.j)
            self._value(element)
            if (self.i, self.j) == before:
                self.j += 1
            self._skip_blank(newlines=True)
            if self._peek() == ",":
                self.j += 1
            index += 1

    # -- the document ---------------------------------------------------------------------
    def run(self) -> None:
        table: list[str] = []
        array_counts: dict[tuple[str, ...], int] = {}
        while not self._done():
            self._skip_blank(newlines=True)
            if self._done():
                return
            lineno = self.i + 1
            if self._peek() == "[":
                header = re.match(r"\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$", self._line())
                if header:
                    names = _key_path(header.group(2))
                    if header.group(1) == "[[":
                        count = array_counts.get(tuple(names), -1) + 1
                        array_counts[tuple(names)] = count
                        table = [*names, f"#{count}"]
                    else:
                        table = names
                    self.report(table, lineno)
                self._next_line()
                continue
            key = self._key()
            if key:
                self.report([*table, *key], lineno)
                self._value([*table, *key])
            self._next_line()


def find_line(toml_text: str, key_path: str) -> int | None:
    """1-based line of ``key_path`` (``programs.a.sessions[1].date``) in ``toml_text``.

    If the key itself is absent, the line of the closest enclosing key or table (so a missing
    key points at its table); for a table written only through sub-tables, the first of them;
    ``None`` if nothing of the path is in the text.
    """
    target = _key_path(key_path)
    best: tuple[int, int] | None = None  # (matched length, line)

    def consider(path: list[str], line: int) -> None:
        # A key or table on the way to the target (the deepest one wins), or the first one
        # inside it (``programs`` is found at ``[programs.x]``).
        nonlocal best
        n = 0
        while n < min(len(path), len(target)) and path[n] == target[n]:
            n += 1
        if n and n in (len(path), len(target)) and (best is None or n > best[0]):
            best = (n, line)

    _Scanner(toml_text, consider).run()
    return None if best is None else best[1]
