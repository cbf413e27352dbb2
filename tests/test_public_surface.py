"""The public API is one list: ``yanxiu_core/__init__.py`` names every export three times — the
lazy-load table ``_EXPORTS``, ``__all__`` and the imports for type checkers — and this test fails
when they disagree. Every hook and every ``ProgramType`` method must have reference
documentation in docs/plugins/hooks.md (datasette's test_docs.py is the model)."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import yanxiu_core
from yanxiu_core import ProgramType, hookspecs

ROOT = Path(__file__).resolve().parents[1]
INIT = ROOT / "src" / "yanxiu_core" / "__init__.py"
HOOKS_DOC = ROOT / "docs" / "plugins" / "hooks.md"


def type_checking_imports() -> dict[str, str]:
    """Name -> module of the ``if TYPE_CHECKING:`` imports of ``__init__.py``."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
    names: dict[str, str] = {}
    for node in ast.walk(block):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module or "").lstrip(".")
    return names


def test_the_three_lists_agree() -> None:
    exports = dict(yanxiu_core._EXPORTS)
    listed = [n for n in yanxiu_core.__all__ if n != "__version__"]
    typed = type_checking_imports()
    assert len(listed) == len(set(listed)), "a name twice in __all__"
    assert sorted(exports) == sorted(listed), set(exports) ^ set(listed)
    assert sorted(typed) == sorted(exports), set(typed) ^ set(exports)
    wrong = {n: (exports[n], typed[n]) for n in exports if exports[n] != typed[n]}
    assert wrong == {}, "lazy table and type imports name different modules"


def test_every_export_loads_from_its_module() -> None:
    for name, module in yanxiu_core._EXPORTS.items():
        value = getattr(importlib.import_module(f"yanxiu_core.{module}"), name)
        assert getattr(yanxiu_core, name) is value, name


def test_every_hook_and_program_method_is_documented() -> None:
    doc = HOOKS_DOC.read_text(encoding="utf-8")
    headings = set(re.findall(r"^## `(\w+)\(", doc, flags=re.M))
    hooks = {name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
             if name.startswith("yanxiu_")}
    assert hooks and hooks <= headings, hooks - headings
    methods = {name for name, member in vars(ProgramType).items()
               if inspect.isfunction(member) and not name.startswith("_")}
    missing = {m for m in methods if f"`{m}`" not in doc}
    assert methods and missing == set(), missing
    for name in methods:  # and each has a docstring of its own
        assert inspect.getdoc(getattr(ProgramType, name)), name
