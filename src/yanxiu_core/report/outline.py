"""Put the parts of the summary where the outline says, number the headings, move long tables
to the appendix.

An outline item holding one text part (``basics``) is that part; one holding one program
(``program.reading``) is that program's section; otherwise each part becomes subsections under
the item (text parts under their default title). Programs no item places go with ``programs``;
with no ``programs`` part they get a section of their own before 存在的问题, so no program's
section is ever dropped. An optional part with nothing to say (``targets`` of a school without
targets) is left out, heading and all; one the outline does not place gets its own section before
存在的问题 too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ..document import Block, Paragraph, Report, Section, Table, appendix_label
from ..toolkit import quoted
from .settings import BLOCK_PARTS, OPTIONAL_PARTS, PROGRAM_PART, OutlineItem

NUMBERS = "一二三四五六七八九十"
OTHER_PROGRAMS = "其他研修项目"
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）)\s*")


@attrs.frozen
class ProgramPart:
    """An enabled program's section with the names the outline may use for it."""

    id: str
    type: str
    section: Section


@attrs.frozen
class Parts:
    """Everything the outline may place: text parts by name, programs, school-wide activities;
    ``work_intro`` opens an item that holds programs or activities."""

    blocks: dict[str, tuple[Block, ...]]
    programs: tuple[ProgramPart, ...]
    activities: Section | None
    work_intro: tuple[Block, ...]


def _program_matches(part: str, program: ProgramPart) -> bool:
    name = part[len(PROGRAM_PART):]
    return name in (program.id, program.type)


def arrange(outline: Sequence[OutlineItem], parts: Parts) -> tuple[Section, ...]:
    """The top-level sections in outline order (unnumbered)."""
    named = [p for item in outline for p in item.parts if p.startswith(PROGRAM_PART)]
    loose = [pp.section for pp in parts.programs
             if not any(_program_matches(p, pp) for p in named)]
    has_programs = any("programs" in item.parts for item in outline)
    sections = []
    for item in outline:
        section = _item(item, parts, loose)
        if section is not None:
            sections.append(section)
    if loose and not has_programs:
        sections.insert(_before_problems(sections), Section(
            OTHER_PROGRAMS, parts.work_intro, key="programs", subsections=tuple(loose)))
    placed = {p for item in outline for p in item.parts}
    for part in OPTIONAL_PARTS:
        if part not in placed and parts.blocks.get(part):
            sections.insert(_before_problems(sections),
                            Section(BLOCK_PARTS[part], parts.blocks[part], key=part))
    return tuple(sections)


def _before_problems(sections: Sequence[Section]) -> int:
    return next((i for i, s in enumerate(sections) if s.key in ("problems", "next_steps")),
                len(sections))


def _item(item: OutlineItem, parts: Parts, loose: list[Section]) -> Section | None:
    if len(item.parts) == 1:
        (part,) = item.parts
        if part in BLOCK_PARTS:
            if part in OPTIONAL_PARTS and not parts.blocks.get(part):
                return None
            return Section(item.title, parts.blocks.get(part, ()), key=part)
        if part.startswith(PROGRAM_PART):
            found = [pp.section for pp in parts.programs if _program_matches(part, pp)]
            if len(found) == 1:
                only = found[0]
                return attrs.evolve(only, title=item.title or only.title)
            if not found:
                return None  # a program this school does not run
            return Section(item.title or found[0].title, parts.work_intro, key=part,
                           subsections=tuple(found))
        if part == "activities" and parts.activities is not None:
            act = parts.activities
            return Section(item.title, act.blocks, key=part, subsections=act.subsections)
    subsections: list[Section] = []
    for part in item.parts:
        if part in OPTIONAL_PARTS and not parts.blocks.get(part):
            continue
        if part in BLOCK_PARTS:
            subsections.append(Section(BLOCK_PARTS[part], parts.blocks.get(part, ()), key=part))
        elif part == "programs":
            subsections.extend(loose)
        elif part.startswith(PROGRAM_PART):
            subsections.extend(pp.section for pp in parts.programs if _program_matches(part, pp))
        elif part == "activities" and parts.activities is not None:
            subsections.append(parts.activities)
    if not subsections and all(p in OPTIONAL_PARTS for p in item.parts):
        return None
    works = any(p in ("programs", "activities") or p.startswith(PROGRAM_PART) for p in item.parts)
    return Section(item.title, parts.work_intro if works else (), key=item.parts[0],
                   subsections=tuple(subsections))


def _number(depth: int, index: int) -> str:
    n = NUMBERS[index] if index < len(NUMBERS) else str(index + 1)
    if depth == 1:
        return f"{n}、"
    if depth == 2:
        return f"（{n}）"
    if depth == 3:
        return f"{index + 1}."
    return f"（{index + 1}）" if depth == 4 else ""


def numbered(sections: Sequence[Section], depth: int = 1) -> tuple[Section, ...]:
    """Titles numbered 一、 → （一） → 1. → （1） by depth; a number already written is replaced."""
    out = []
    for i, sec in enumerate(sections):
        title = _NUMBERED.sub("", sec.title)
        out.append(attrs.evolve(sec, title=f"{_number(depth, i)}{title}",
                                subsections=numbered(sec.subsections, depth + 1)))
    return tuple(out)


@attrs.define
class _Appendix:
    """Collects the tables moved out of the body, numbering them in reading order."""

    max_rows: int
    tables: list[Table] = attrs.field(factory=list)

    def blocks(self, blocks: Sequence[Block], where: str) -> tuple[Block, ...]:
        out: list[Block] = []
        moved: list[str] = []  # references of consecutive moved tables, said in one sentence

        def refer() -> None:
            if moved:
                out.append(Paragraph(f"详见{'、'.join(moved)}。"))
                moved.clear()

        for block in blocks:
            if isinstance(block, Table) and (block.appendix or len(block.rows) > self.max_rows):
                caption = block.caption or f"{where}一览"
                moved.append(f"{appendix_label(len(self.tables))}{quoted(caption)}")
                self.tables.append(attrs.evolve(block, caption=caption, appendix=True))
            else:
                refer()
                out.append(block)
        refer()
        return tuple(out)

    def section(self, section: Section) -> Section:
        title = _NUMBERED.sub("", section.title)
        return attrs.evolve(section, blocks=self.blocks(section.blocks, title),
                            subsections=tuple(self.section(s) for s in section.subsections))


def with_appendix(report: Report, max_rows: int) -> Report:
    """Tables marked ``appendix`` or longer than ``max_rows`` become 附表1, 附表2 … in reading
    order; the body keeps a one-line reference where each stood."""
    appendix = _Appendix(max_rows)
    preamble = appendix.blocks(report.preamble, report.title)
    sections = tuple(appendix.section(s) for s in report.sections)
    return attrs.evolve(report, preamble=preamble, sections=sections,
                        appendices=(*report.appendices, *appendix.tables))
