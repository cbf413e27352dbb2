"""Architecture boundaries, checked on the source text."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# program words; an English one only as a word of its own (not CSS box-shadow)
PROGRAM_WORDS = re.compile(
    r"影子|大讲堂|种子|工作室|青蓝|课题|公开课周|蹲点|电子备课|模课|磨课|悟课|年度自查|师德考核|承诺书|师德典型|网络研修|(?<![-\w])(?:shadow|lecture|seed|workshop|research|open_lessons|jiti_beike|mo_mo_wu|ethics)\b")


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


def _imports(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return re.findall(r"^\s*(?:from (\S+) import|import (\S+))", text, re.M)


def test_renderers_know_only_the_document_model() -> None:
    """Every renderer module imports the document model, its sibling renderer modules, the
    standard library and third-party libraries — never the builder, programs or plugins."""
    folder = ROOT / "src" / "yanxiu_core" / "renderers"
    files = sorted(folder.glob("*.py"))
    assert len(files) >= 2
    offenders = []
    for path in files:
        for frm, imp in _imports(path):
            name = frm or imp
            if name.startswith(".."):
                ok = name == "..document"
            elif name.startswith("."):
                ok = True  # a sibling renderer module
            else:
                ok = not name.startswith("yanxiu")
            if not ok:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_document_model_is_a_leaf() -> None:
    """Every layer may import the document model, so it imports nothing of yanxiu's."""
    names = [frm or imp for frm, imp in _imports(ROOT / "src" / "yanxiu_core" / "document.py")]
    assert not [n for n in names if n.startswith(".") or n.startswith("yanxiu")], names
