"""Architecture boundaries, checked on the source text."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM_WORDS = re.compile(r"影子|大讲堂|种子|工作室|青蓝|\bshadow\b|\blecture\b|\bseed\b|\bworkshop\b")


def core_files() -> list[Path]:
    core = ROOT / "src" / "yanxiu_core"
    return [p for p in core.rglob("*") if p.suffix in (".py", ".j2", ".toml", ".csv")]


def test_core_never_names_a_program() -> None:
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in core_files()
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if PROGRAM_WORDS.search(line)]
    assert offenders == []


def test_plugins_use_only_the_public_api() -> None:
    private = re.compile(r"^\s*(from|import)\s+yanxiu_core\.(?!testing\b)", re.M)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "plugins").rglob("*.py")
                 if private.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_renderers_know_only_the_document_model() -> None:
    text = (ROOT / "src" / "yanxiu_core" / "report" / "markdown.py").read_text(encoding="utf-8")
    imports = re.findall(r"^from (\S+) import", text, re.M)
    assert set(imports) <= {"__future__", ".document", "collections.abc", "typing"}, imports
