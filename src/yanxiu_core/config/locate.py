"""Find the line of a key path in TOML text, so config errors can say where to look.

tomllib gives values without positions; this scanner follows table headers (``[a.b]``,
``[[a]]``), dotted keys and one level of inline tables well enough for error messages.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_PART = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)"""
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_INDEX = re.compile(r"\[(\d+)\]")


def _split(dotted: str) -> list[str]:
    parts = re.findall(r""""([^"]*)"|'([^']*)'|([^.\s]+)""", dotted)
    return [a or b or c for a, b, c in parts]


def _normalise(key_path: str) -> list[str]:
    """``terms[1].start`` -> ``['terms', '#1', 'start']``."""
    out: list[str] = []
    for part in _split(key_path):
        m = _INDEX.search(part)
        if m:
            out += [part[: m.start()], f"#{m.group(1)}"]
        else:
            out.append(part)
    return out


def find_line(toml_text: str, key_path: str) -> int | None:
    """1-based line of ``key_path`` in ``toml_text``; the closest enclosing table if the key
    itself is absent (so a missing key points at its table); ``None`` if nothing matches."""
    target = _normalise(key_path)
    table: list[str] = []
    array_counts: dict[tuple[str, ...], int] = {}
    best: tuple[int, int] | None = None  # (matched length, line)

    def consider(path: list[str], line: int) -> None:
        nonlocal best
        n = 0
        while n < min(len(path), len(target)) and path[n] == target[n]:
            n += 1
        if n == len(path) and n > 0 and (best is None or n > best[0]):
            best = (n, line)

    for lineno, raw in enumerate(toml_text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            names = _split(header.group(2))
            if header.group(1) == "[[":
                key = tuple(names)
                array_counts[key] = array_counts.get(key, -1) + 1
                table = [*names, f"#{array_counts[key]}"]
            else:
                table = names
            consider(table, lineno)
            continue
        assignment = _KEY.match(raw)
        if assignment:
            path = [*table, *_split(assignment.group(1))]
            consider(path, lineno)
            # one level of inline table: a = { b = 1, c = 2 }
            rest = raw[assignment.end():]
            for inner in re.findall(r"([A-Za-z0-9_\-]+)\s*=", rest):
                consider([*path, inner], lineno)
    return None if best is None else best[1]
