"""Built-in plugin: the output renderers the core itself provides, registered through the same
``yanxiu_output_renderers`` hook a third-party renderer would use."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .hookspecs import hookimpl

if TYPE_CHECKING:
    from .renderers import OutputRenderer


@hookimpl
def yanxiu_output_renderers(register: Callable[[OutputRenderer], None]) -> None:
    """Register the Markdown renderer (``--format markdown``, ``.md``)."""
    # Imported here so that loading the plugin list stays cheap.
    from .renderers import OutputRenderer
    from .renderers.markdown import render_markdown

    register(OutputRenderer("markdown", ".md", render_markdown, "Markdown"))
