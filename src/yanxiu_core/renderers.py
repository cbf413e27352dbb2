"""Output renderer records: how a report document becomes a file."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from .report.document import Report


@attrs.frozen
class OutputRenderer:
    """``name`` is what ``--format`` takes, ``extension`` the file suffix (``.md``)."""

    name: str
    extension: str
    render: Callable[[Report], str | bytes]
    title: str = ""
