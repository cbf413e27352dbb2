"""Markdown renderer of the report document model. Knows the document classes and nothing else.

Every string of the document — names, titles and cells typed into schools' spreadsheets — is
escaped so that it reads as the text it is and never becomes Markdown: no raw HTML, no link or
image, no emphasis or code, and no heading, list, quote, rule, table or code fence, whatever a
name holds. A character is escaped only where it could form markup (``-`` only at the start of a
line, ``.`` only after a line's leading number), so ordinary Chinese sentences, dates
(``2020-09-09``) and figures (``98.4%``, ``-3.5``) stay as they are. Control characters and
bidirectional overrides are removed, and a user string never spans lines: its newlines and runs
of white space become one space. Addresses are shown as text; the only links a reader's renderer
may still make are ``http`` links of bare domain names (``www.example.com``).
"""

from __future__ import annotations

import re

import attrs

from ..document import (
    Block,
    BulletList,
    Chart,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
    appendix_label,
)

# C0 controls other than white space (tab, newlines, form feed: they collapse to a space), DEL,
# C1 controls other than NEL (white space), and the bidirectional embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069) that make text display in another order than written.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Inline markup, anywhere in a line: backslash escapes, code, emphasis, strikethrough, link and
# image brackets, table pipes, math (``char``); raw HTML, autolinks and quotes (``<``, ``>``);
# character references (``&`` before a name or number); and what makes GFM-style renderers link
# a bare address: the ``:`` of ``scheme://`` (an http address would also swallow the ``**`` and
# text after it), of ``mailto:``/``xmpp:``, the ``@`` of an e-mail and a protocol-relative ``//``.
# Bare domains (``www.example.com``) may still become http links; they end before markup.
_INLINE = re.compile(
    r"(?P<char>[\\`*_~\[\]|$])"
    r"|(?P<lt><)|(?P<gt>>)"
    r"|(?P<amp>&)(?=#|[A-Za-z0-9]+;)"
    r"|(?P<at>@)(?=\S)"
    r"|(?<![A-Za-z0-9+.-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*(?=://)|(?i:mailto|xmpp)(?=:)):"
    r"|(?<![:/])(?P<slashes>//+)"
)

# Block markup at the start of a line, checked after inline escaping (which already took care of
# ``>``, ``<``, ``*``, ``_``, `````, ``~``, ``|``, ``[``): an ATX heading, a definition (``:``),
# a bullet (``-``/``+`` and a space), a thematic break or setext underline (``---``), and an
# ordered list marker (``1.``/``1)`` and a space — the escape goes before the ``.``).
_LINE_START = re.compile(
    r"^(?:(?P<mark>#|:(?=\s)|[-+](?=\s|$)|-(?=[-\s]*$))"
    r"|\d{1,9}(?P<num>[.)])(?=\s|$))"
)

# A closing sequence of an ATX heading (`` ##`` at the end), which a parser would drop.
_HEADING_END = re.compile(r"(?:^|(?<=\s))(?=#+$)")


def clean_text(text: str) -> str:
    """``text`` on one line: control characters removed, white space (newlines too) collapsed,
    an unpaired surrogate (which cannot be written as UTF-8) replaced by U+FFFD."""
    return " ".join(_SURROGATE.sub("\ufffd", _CONTROL.sub("", text)).split())


def _inline_escape(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "lt":
        return "&lt;"
    if kind == "gt":
        return "&gt;"
    if kind == "amp":
        return "&amp;"
    if kind == "scheme":
        return match.group("scheme") + "\\:"
    if kind == "slashes":
        return "\\/" * len(match.group("slashes"))
    return "\\" + match.group(0)  # char, at


def escape_inline(text: str) -> str:
    """``text`` as Markdown that shows exactly it, inside a line (a cell, a heading, after a
    list marker or ``**``): cleaned by :func:`clean_text`, every character that could start or
    end inline markup escaped."""
    return _INLINE.sub(_inline_escape, clean_text(text))


def _line_start_escape(match: re.Match[str]) -> str:
    if match.group("mark"):
        return "\\" + match.group("mark")
    text = match.group(0)
    return text[:-1] + "\\" + text[-1]


def escape_line(text: str) -> str:
    """``text`` as Markdown that shows exactly it as a whole line (a paragraph, a list item's
    text): :func:`escape_inline`, and a leading heading, list, rule or definition marker
    escaped so the line stays a paragraph."""
    return _LINE_START.sub(_line_start_escape, escape_inline(text), count=1)


def escape_heading(text: str) -> str:
    """A heading's text: :func:`escape_inline`, and a trailing run of ``#`` escaped so it is not
    taken for the heading's closing sequence."""
    return _HEADING_END.sub("\\\\", escape_inline(text), count=1)


def escape_cell(text: str) -> str:
    """A table cell: on one line, ``|`` and all inline markup escaped (:func:`escape_inline`),
    so it can neither break the table nor become markup."""
    return escape_inline(text)


def _row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _bold(text: str) -> str:
    escaped = escape_inline(text)
    return f"**{escaped}**" if escaped else ""


def render_table(table: Table) -> str:
    """A pipe table; numeric columns right-aligned, the 合计 row last and bold."""
    lines = []
    if table.caption and _bold(table.caption):
        lines += [_bold(table.caption), ""]
    lines.append(_row([escape_cell(c) for c in table.columns]))
    aligns = ["---:" if numeric else "---" for numeric in table.numeric_columns()]
    lines.append(_row(aligns))
    lines += [_row([escape_cell(c) for c in row]) for row in table.rows]
    if table.total is not None:
        lines.append(_row([_bold(c) for c in table.total]))
    return "\n".join(lines)


def render_block(block: Block) -> str:
    """One block as Markdown text (no trailing newline)."""
    if isinstance(block, Paragraph):
        return escape_line(block.text)
    if isinstance(block, BulletList):
        if block.ordered:
            return "\n".join(f"{i}. {escape_line(t)}" for i, t in enumerate(block.items, 1))
        return "\n".join(f"- {escape_line(t)}" for t in block.items)
    if isinstance(block, KeyFigures):
        return "\n".join(f"- {_bold(label)}：{escape_inline(value)}" for label, value in block.items)
    if isinstance(block, Chart):
        # No graphics in Markdown: the figures as a table, unless a table already shows them.
        return "" if block.table_elsewhere else render_table(block.table())
    return render_table(block)


def _heading(level: int, title: str) -> str:
    return f"{'#' * min(level, 6)} {escape_heading(title)}".rstrip()


def _section(section: Section, level: int) -> list[str]:
    parts = [_heading(level, section.title)]
    parts += [render_block(b) for b in section.blocks]
    for sub in section.subsections:
        parts += _section(sub, level + 1)
    return parts


def render_markdown(report: Report) -> str:
    """The whole report as a Markdown document ending with one newline."""
    parts = [_heading(1, report.title)]
    if report.subtitle:
        parts.append(escape_line(report.subtitle))
    parts += [render_block(b) for b in report.preamble]
    for section in report.sections:
        parts += _section(section, 2)
    parts += [escape_line(line) for line in report.signature]
    for i, table in enumerate(report.appendices):
        parts.append(_heading(2, f"{appendix_label(i)} {table.caption}"))
        parts.append(render_table(attrs.evolve(table, caption="")))
    return "\n\n".join(p for p in parts if p) + "\n"
