"""Chinese prose from Jinja2 templates, overridable by the district file by file.

Lookup order for a template name: the workspace's ``templates/`` folder, then each program
package's ``templates/`` folder (in the order given), then the core's ``yanxiu_core/templates/``.
Templates write Markdown-flavoured plain text; :func:`~yanxiu_core.document.text_blocks` turns it
into document blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from ..document import text_blocks as text_blocks  # moved to the document model; still here
from ..toolkit import book_title, name_list, quoted

CORE_PACKAGE = "yanxiu_core"


def _percent(ratio: float | None, places: int = 1) -> str:
    """Template filter: ``0.856`` → ``85.6%``; ``None`` → ``-``."""
    return "-" if ratio is None else f"{100 * ratio:.{places}f}%"


def _weight_percent(weight: float, total: float) -> str:
    """Template filter: a weight as a share of ``total`` in percent (``0.6, 1.0`` → ``60%``)."""
    return f"{round(100 * weight / total, 1):g}%" if total else "-"


def _one_line(value: Any) -> Any:
    """Every ``{{ value }}`` a template prints stays on one line: a name or title typed with a
    line break must not start a paragraph or a list item of the document (the template's own
    lines do that)."""
    return " ".join(value.split()) if isinstance(value, str) else value


def make_environment(
    workspace_root: Path | None, packages: Sequence[str] = ()
) -> jinja2.Environment:
    """The Jinja2 environment behind :func:`make_text_renderer`."""
    loaders: list[jinja2.BaseLoader] = []
    if workspace_root is not None:
        folder = Path(workspace_root) / "templates"
        loaders.append(jinja2.FileSystemLoader(folder, encoding="utf-8"))
    for package in dict.fromkeys([*packages, CORE_PACKAGE]):  # distinct, core last
        try:
            loaders.append(jinja2.PackageLoader(package, "templates", encoding="utf-8"))
        except (ValueError, ModuleNotFoundError):
            # A package without a templates/ folder contributes nothing; rendering one of its
            # template names then fails with TemplateNotFound naming the template.
            continue
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown / plain text, not HTML
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_one_line,
    )
    env.filters["percent"] = _percent
    env.filters["weight_percent"] = _weight_percent
    env.filters["book_title"] = book_title
    env.filters["quoted"] = quoted
    env.filters["name_list"] = name_list
    return env


def make_text_renderer(
    workspace_root: Path | None, packages: Sequence[str] = ()
) -> Callable[..., str]:
    """``render(template_name, **vars) -> str``: the stripped text of a template.

    Undefined variables are errors (StrictUndefined), so a misspelt variable in a district's
    override fails loudly instead of leaving a gap in the report.
    """
    env = make_environment(workspace_root, packages)

    def render(template_name: str, **values: Any) -> str:
        return env.get_template(template_name).render(**values).strip()

    return render


