"""The whole document model as JSON, for other tools (a district's own dashboards, archives).

Each block carries ``"type"`` (``paragraph``, ``list``, ``key_figures``, ``table``, ``chart``);
``"format"`` and ``"version"`` at the top say which shape this is. Cells stay the formatted
strings every other format shows, so a tool reading this file sees exactly the printed figures.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs

from ..document import Block, BulletList, Chart, KeyFigures, Paragraph, Report, Section, Table

FORMAT = "yanxiu.report"
VERSION = 1

_TYPES: dict[type, str] = {
    Paragraph: "paragraph",
    BulletList: "list",
    KeyFigures: "key_figures",
    Table: "table",
    Chart: "chart",
}


def _block(block: Block) -> dict[str, Any]:
    return {"type": _TYPES[type(block)], **attrs.asdict(block)}


def _section(section: Section) -> dict[str, Any]:
    return {
        "title": section.title,
        "key": section.key,
        "blocks": [_block(b) for b in section.blocks],
        "subsections": [_section(s) for s in section.subsections],
    }


def document_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": report.title,
        "subtitle": report.subtitle,
        "author": report.author,
        "date": report.date.isoformat() if isinstance(report.date, dt.date) else None,
        "preamble": [_block(b) for b in report.preamble],
        "sections": [_section(s) for s in report.sections],
        "signature": list(report.signature),
        "appendices": [_block(t) for t in report.appendices],
    }


def render_json(report: Report) -> str:
    """Indented UTF-8 JSON (Chinese kept as characters), ending with a newline."""
    return json.dumps(document_dict(report), ensure_ascii=False, indent=2) + "\n"
