"""Choosing an output renderer: by ``--format`` name or alias, or by the output file's suffix."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .errors import UsageError
from .renderers import OutputRenderer, RenderOptions

REFERENCE_DOCX = "reference.docx"
"""A workspace's own Word styles and letterhead: ``<workspace>/templates/reference.docx``."""


def find_renderer(renderers: Mapping[str, OutputRenderer], fmt: str) -> OutputRenderer:
    """The renderer named ``fmt`` (or with ``fmt`` among its aliases), case-insensitively."""
    wanted = fmt.strip().lower()
    for r in renderers.values():
        if wanted == r.name.lower() or wanted in (a.lower() for a in r.aliases):
            return r
    raise UsageError(f"未知的输出格式 {fmt!r}；可用：{'、'.join(sorted(renderers))}")



def renderer_for_path(renderers: Mapping[str, OutputRenderer], path: Path) -> OutputRenderer | None:
    """The renderer whose extensions include ``path``'s suffix (``None`` when none does)."""
    suffix = path.suffix.lower()
    for r in renderers.values():
        if suffix and suffix in (e.lower() for e in r.extensions):
            return r
    return None


def render_options(workspace: Path) -> RenderOptions:
    """Options from the workspace: ``templates/reference.docx`` when present."""
    reference = workspace / "templates" / REFERENCE_DOCX
    return RenderOptions(reference_docx=reference if reference.is_file() else None)
