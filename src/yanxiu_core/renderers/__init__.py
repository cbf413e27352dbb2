"""Output renderers: how a report document becomes a file.

One module per format (``markdown``, ``html``, ``docx``, ``json``), each knowing the document
model (:mod:`yanxiu_core.document`) and nothing else. The core registers them through the same
``yanxiu_output_renderers`` hook a third party uses (``yanxiu_core.default_renderers``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from ..document import Report


@attrs.frozen
class RenderOptions:
    """What a renderer may need beyond the document, supplied by the workspace.

    ``reference_docx``: a school's or district's own Word file whose styles, page setup,
    headers and footers (letterhead) a Word renderer uses instead of its built-in layout.
    """

    reference_docx: Path | None = None


@attrs.frozen
class OutputRenderer:
    """``name`` is what ``--format`` takes, ``extension`` the file suffix (``.md``).

    ``render(report)`` or ``render(report, options)`` returns text (written as UTF-8) or bytes.
    ``aliases`` are other names ``--format`` accepts; ``extra_extensions`` other suffixes that
    mean this format (``.htm``), so ``-o FILE`` can pick the renderer from the file name.
    """

    name: str
    extension: str
    render: Callable[..., str | bytes]
    title: str = ""
    aliases: tuple[str, ...] = ()
    extra_extensions: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        """Every file suffix of the format, ``extension`` first: the suffix of ``-o FILE`` is
        matched against them (case-insensitively) to pick this renderer when ``--format`` is
        not given."""
        return (self.extension, *self.extra_extensions)

    def __call__(self, report: Report, options: RenderOptions | None = None) -> str | bytes:
        """Render, passing ``options`` only to a ``render`` that takes a second argument (the
        one-argument form came first and stays valid)."""
        if _takes_options(self.render):
            return self.render(report, options or RenderOptions())
        return self.render(report)


def _takes_options(func: Callable[..., Any]) -> bool:
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in params)
