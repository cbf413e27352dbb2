"""Markdown renderer of the report document model. Knows the document classes and nothing else."""

from __future__ import annotations

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


def escape_cell(text: str) -> str:
    """A table cell on one line with ``|`` escaped, so it cannot break the table."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_table(table: Table) -> str:
    """A pipe table; numeric columns right-aligned, the 合计 row last and bold."""
    lines = []
    if table.caption:
        lines += [f"**{table.caption}**", ""]
    lines.append(_row([escape_cell(c) for c in table.columns]))
    aligns = ["---:" if numeric else "---" for numeric in table.numeric_columns()]
    lines.append(_row(aligns))
    lines += [_row([escape_cell(c) for c in row]) for row in table.rows]
    if table.total is not None:
        lines.append(_row([f"**{escape_cell(c)}**" if c.strip() else "" for c in table.total]))
    return "\n".join(lines)


def _list_item(text: str) -> str:
    return " ".join(text.split())


def render_block(block: Block) -> str:
    """One block as Markdown text (no trailing newline)."""
    if isinstance(block, Paragraph):
        return block.text.strip()
    if isinstance(block, BulletList):
        if block.ordered:
            return "\n".join(f"{i}. {_list_item(t)}" for i, t in enumerate(block.items, 1))
        return "\n".join(f"- {_list_item(t)}" for t in block.items)
    if isinstance(block, KeyFigures):
        return "\n".join(f"- **{label}**：{value}" for label, value in block.items)
    if isinstance(block, Chart):
        # No graphics in Markdown: the figures as a table, unless a table already shows them.
        return "" if block.table_elsewhere else render_table(block.table())
    return render_table(block)


def _section(section: Section, level: int) -> list[str]:
    parts = [f"{'#' * min(level, 6)} {section.title}"]
    parts += [render_block(b) for b in section.blocks]
    for sub in section.subsections:
        parts += _section(sub, level + 1)
    return parts


def render_markdown(report: Report) -> str:
    """The whole report as a Markdown document ending with one newline."""
    parts = [f"# {report.title}"]
    if report.subtitle:
        parts.append(report.subtitle)
    parts += [render_block(b) for b in report.preamble]
    for section in report.sections:
        parts += _section(section, 2)
    parts += [line for line in report.signature if line]
    for i, table in enumerate(report.appendices):
        parts.append(f"## {appendix_label(i)} {table.caption}")
        parts.append(render_table(attrs.evolve(table, caption="")))
    return "\n\n".join(p for p in parts if p) + "\n"
