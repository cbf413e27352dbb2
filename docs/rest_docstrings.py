"""A griffe extension for the reference pages (``mkdocs.yml`` loads it; not part of the site).

yanxiu's docstrings are written the Sphinx way — ``:class:`Records```, ``:meth:`~Table.table```,
``.. versionadded:: 0.1``, a paragraph ending in ``::`` before an example — and mkdocstrings
renders docstrings as Markdown, where those would show as stray colons. This rewrites them, in
the loaded copy only, into what Markdown shows: a role becomes its name in code, linked to the
object's reference entry when a page documents it (and plain code when none does, with no
warning); a version directive becomes a sentence; ``::`` becomes ``:``. Double-backtick
literals and the rest are valid Markdown already.

It also shows an attrs field's default as the value (``= 3``, ``= []``) instead of the
``attrs.field(default=3, validator=…)`` call the source has.
"""

from __future__ import annotations

import ast
import html
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|data|mod|exc|obj|const):`(~?)([^`<>]+)`")
_VERSION = re.compile(
    r"^(?P<indent>[ \t]*)\.\. (?P<kind>versionadded|versionchanged|deprecated):: *(?P<version>\S+)"
    r"(?P<rest>[^\n]*(?:\n(?P=indent)[ \t]+\S[^\n]*)*)",
    re.MULTILINE,
)
_VERSION_WORDS = {"versionadded": "New in", "versionchanged": "Changed in",
                  "deprecated": "Deprecated since"}
_LITERAL_MARK = re.compile(r"(\S)?[ \t]*::[ \t]*$", re.MULTILINE)


class RestDocstrings(griffe.Extension):
    """Rewrites every docstring of a package once the package is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if obj.docstring is not None:
                obj.docstring.value = to_markdown(obj.docstring.value, obj)
            if isinstance(obj, griffe.Attribute) and isinstance(obj.value, griffe.ExprCall):
                obj.value = _field_default(obj.value)


def _objects(obj: griffe.Object) -> list[griffe.Object]:
    """``obj`` and everything defined in it (not what it imports), each once."""
    found = [obj]
    for member in obj.members.values():
        if isinstance(member, griffe.Object):
            found.extend(_objects(member))
    return found


_FACTORIES = {"list": "[]", "dict": "{}", "set": "set()", "tuple": "()"}


def _field_default(value: griffe.ExprCall) -> str | griffe.ExprCall | None:
    """``attrs.field(default=3, validator=v)`` → ``3``; ``factory=list`` → ``[]``, ``factory=F``
    → ``F()``; no default → no value (a required field). Other calls stay as written."""
    try:
        call = ast.parse(str(value), mode="eval").body
    except SyntaxError:
        return value
    if not (isinstance(call, ast.Call) and ast.unparse(call.func) in ("attrs.field", "attr.ib")):
        return value
    for keyword in call.keywords:
        if keyword.arg == "default":
            return ast.unparse(keyword.value)
        if keyword.arg == "factory":
            name = ast.unparse(keyword.value)
            if isinstance(keyword.value, ast.Lambda):
                return ast.unparse(keyword.value.body)
            return _FACTORIES.get(name, f"{name}()")
    return None


def _target(name: str, scope: griffe.Object) -> str:
    """The full path ``name`` means inside ``scope`` (the object's, its class's, its module's
    names; ``Teacher.age`` through ``Teacher``), past aliases; ``name`` itself when unknown."""
    head, _, tail = name.partition(".")
    try:
        path = scope.resolve(head) + (f".{tail}" if tail else "")
    except Exception:  # NameResolutionError, or a name outside the package
        path = name
    try:
        found = scope.modules_collection[path]
        return str(found.final_target.path if found.is_alias else found.path)
    except Exception:  # not loaded (another library) or an alias that does not resolve
        return path


def to_markdown(text: str, scope: griffe.Object) -> str:
    def role(match: re.Match[str]) -> str:
        short, name = match.group(1), match.group(2).strip()
        shown = name.rsplit(".", 1)[-1] if short else name
        return (f'<autoref identifier="{html.escape(_target(name, scope))}" optional>'
                f"<code>{html.escape(shown)}</code></autoref>")

    def version(match: re.Match[str]) -> str:
        rest = " ".join(match.group("rest").split())
        words = _VERSION_WORDS[match.group("kind")]
        return f"{match.group('indent')}*{words} {match.group('version')}.*" + (
            f" {rest}" if rest else "")

    def literal(match: re.Match[str]) -> str:
        before = match.group(1)
        return f"{before}:" if before else ""

    text = _VERSION.sub(version, text)
    text = _LITERAL_MARK.sub(literal, text)
    return _ROLE.sub(role, text)
