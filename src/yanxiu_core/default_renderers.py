"""Built-in plugin: the output renderers the core itself provides, registered through the same
``yanxiu_output_renderers`` hook a third-party renderer would use.

Each format's module (``yanxiu_core.renderers.<module>``) is imported only when a report is
rendered in that format, so listing plugins or rendering Markdown never pays for python-docx.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from .hookspecs import hookimpl

if TYPE_CHECKING:
    from .document import Report
    from .renderers import OutputRenderer, RenderOptions

# name, extension, module, function, title, aliases, other extensions
BUILTIN_FORMATS: tuple[tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("md", ".md", "markdown", "render_markdown", "Markdown", ("markdown",), (".markdown",)),
    ("docx", ".docx", "docx", "render_docx", "Word 文档", ("word",), ()),
    ("html", ".html", "html", "render_html", "网页（含图表）", (), (".htm",)),
    ("json", ".json", "json", "render_json", "JSON（完整文档模型）", (), ()),
    ("xlsx", ".xlsx", "xlsx", "render_xlsx", "Excel 表格", ("excel",), ()),
)


def _lazy(module: str, function: str) -> Callable[[Report, RenderOptions], str | bytes]:
    def render(report: Report, options: RenderOptions) -> str | bytes:
        from .renderers import OutputRenderer

        target = getattr(importlib.import_module(f".renderers.{module}", __package__), function)
        # Call through OutputRenderer so a one-argument renderer function also works.
        return OutputRenderer(module, "", target)(report, options)

    render.__name__ = function
    return render


@hookimpl
def yanxiu_output_renderers(register: Callable[[OutputRenderer], None]) -> None:
    """Register Markdown (``md``), Word (``docx``), HTML (``html``), the document model as
    JSON (``json``) and its tables as Excel sheets (``xlsx``)."""
    from .renderers import OutputRenderer

    for name, ext, module, function, title, aliases, extra in BUILTIN_FORMATS:
        register(OutputRenderer(name, ext, _lazy(module, function), title, aliases=aliases,
                                extra_extensions=extra))
