"""The reference pages (docs/reference/, built by mkdocs + mkdocstrings; decision 0023).

Always: every ``::: target`` on a page names a real object, and every public class or function
of ``yanxiu_core`` is documented on some page. With the ``docs`` extra installed: the site builds
with ``mkdocs build --strict`` (no broken link, no unresolved object, no warning).
"""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import yanxiu_core

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"
PAGES = sorted(REFERENCE.glob("*.md"))
# "::: target" and the indented options block under it (up to the next unindented line).
DIRECTIVE = re.compile(r"^::: *(?P<target>[\w.]+) *\n(?P<options>(?:[ \t]+\S.*\n)*)", re.MULTILINE)


def _directives() -> list[tuple[str, str, str]]:
    """(page name, target, options text) for every directive of every reference page."""
    return [(page.name, m["target"], m["options"])
            for page in PAGES for m in DIRECTIVE.finditer(page.read_text(encoding="utf-8"))]


def _resolve(target: str) -> Any:
    """Import the longest importable module prefix of ``target``, then getattr the rest."""
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            obj: Any = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module_name.startswith(exc.name):
                raise  # the module exists but one of its own imports is missing
            continue  # no such module: the rest of the target is attributes
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ModuleNotFoundError(target)


def test_reference_pages_exist_and_are_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    names = {p.name for p in PAGES}
    assert {"index.md", "context.md", "records.md", "blocks.md", "settings.md", "helpers.md",
            "testing.md", "hooks.md"} <= names
    assert [n for n in sorted(names) if f"reference/{n}" not in nav] == []


@pytest.mark.parametrize(("page", "target"), [(p, t) for p, t, _ in _directives()])
def test_every_directive_names_a_real_object(page: str, target: str) -> None:
    assert target.startswith("yanxiu_core."), f"{page}: {target} is not in yanxiu_core"
    try:
        _resolve(target)
    except (ImportError, AttributeError) as exc:
        pytest.fail(f"{page}: ::: {target} does not resolve: {exc!r}")


def _documented() -> tuple[set[int], list[str]]:
    """Ids of the objects the pages document — each directive's object and, for a module shown
    with its members, the module's public members — and where each module's members come from."""
    ids: set[int] = set()
    modules: list[str] = []
    for _page, target, options in _directives():
        obj = _resolve(target)
        ids.add(id(obj))
        if isinstance(obj, ModuleType) and not re.search(r"^\s*members:\s*(false|\[)", options, re.M):
            modules.append(target)
            public = getattr(obj, "__all__", [n for n in vars(obj) if not n.startswith("_")])
            ids.update(id(getattr(obj, n)) for n in public)
    return ids, modules


def test_every_public_class_and_function_is_on_a_reference_page() -> None:
    documented, _modules = _documented()
    missing = []
    for name in yanxiu_core.__all__:
        value = getattr(yanxiu_core, name)
        if (inspect.isclass(value) or inspect.isfunction(value)) and id(value) not in documented:
            missing.append(f"{name} ({getattr(value, '__module__', '?')})")
    assert missing == [], "add to a page under docs/reference/: " + ", ".join(missing)


def test_the_site_builds_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    records = (site / "reference" / "records" / "index.html").read_text(encoding="utf-8")
    for name in ("Records", "MemoryRecords", "AttendanceSummary", "Teacher", "program=None"):
        assert name in records, name
    assert 'id="yanxiu_core.records.Records"' in records  # rendered from the docstrings
    context = (site / "reference" / "context" / "index.html").read_text(encoding="utf-8")
    assert 'id="yanxiu_core.program.ProgramContext"' in context
    # docs/rest_docstrings.py turned the Sphinx roles into links or code, on every page
    for page in PAGES:
        built = site / "reference" / ("" if page.stem == "index" else page.stem) / "index.html"
        text = built.read_text(encoding="utf-8")
        leftovers = re.findall(r":(?:class|func|meth|attr|data|mod):|\.\. versionadded::", text)
        assert leftovers == [], f"{built}: {leftovers}"
