"""``yanxiu plan --document``: the school's 研修方案 written like the 总结 (md, docx, html, json).

``plan`` keeps its calendar formats (table, json, ics, csv, xlsx); with ``--document`` its
``--format`` names a document renderer and ``-o``'s suffix picks one, as for ``yanxiu report``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..app import App
from ..errors import UsageError
from ._common import report_failures
from ._formats import FormatChoice, choose_format, echo_document, write_output


class PlanFormat(FormatChoice):
    """A calendar format of ``plan`` or, for ``--document``, a registered renderer's name."""

    name = "format"

    def __init__(self, calendar: Sequence[str]) -> None:
        self.calendar = tuple(calendar)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        documents = super().get_metavar(param, ctx).strip("[]").split("|")
        extra = [d for d in documents if d and d not in self.calendar and d != "FORMAT"]
        return "[" + "|".join([*self.calendar, *extra]) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip().lower()
        if text in self.calendar:
            return text
        return super().convert(value, param, ctx)


def calendar_format(fmt: str | None, calendar: Sequence[str]) -> None:
    """A document format without ``--document`` is a usage error (exit 2)."""
    if fmt is not None and fmt not in calendar:
        raise UsageError(f"--format {fmt} 用于研修方案，请加 --document；日历的格式为 "
                         + "、".join(calendar))


def plan_document(app: App, school_id: str, fmt: str | None, output: Path | None) -> None:
    """Write the 研修方案: to ``output`` (its suffix picks the format unless ``fmt`` does) or to
    standard output (Markdown by default). Parts the school's ``[plan]`` does not state are
    named on stderr; a plugin failure exits 1."""
    from ..scheme.document import build_scheme, scheme_gaps

    fmt = choose_format(app, fmt, output)
    cfg = app.school_config(school_id)
    document = build_scheme(app, school_id)
    content, _ext = app.render(document, fmt, school_id)
    if content is None:
        pass  # the renderer failed: reported below, exit 1, nothing half-written
    elif output is None:
        echo_document(content)
    else:
        write_output(content, output)
        click.echo(f"已写出 {output}", err=True)
    for line in scheme_gaps(cfg.plan, app.display_path(cfg.file)):
        click.echo(f"提示：{line}", err=True)
    if report_failures(app):
        click.get_current_context().exit(1)
