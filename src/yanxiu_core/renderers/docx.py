"""Word (.docx) renderer of the report document model, laid out after GB/T 9704-2012.

The built-in layout is the one Chinese schools apply to documents they sign and hand in: A4,
margins 37 mm (top), 35 mm (bottom), 28 mm (left), 26 mm (right), a text block of 156 × 225 mm
with lines exactly 28.95 pt apart (22 lines of 28 characters); the title in 二号 宋体 bold,
body text in 三号 仿宋 with a two-character first-line indent, headings as real Word heading
styles (``Heading 1`` 一、 黑体, ``Heading 2`` （一） 楷体, ``Heading 3`` 1. 仿宋 bold,
``Heading 4`` and deeper 仿宋) so the navigation pane and a table of contents work, tables in
小四 仿宋 with a repeating header row, and the page number centred in the footer as "— 1 —".
Titles carry their numbers as written; no Word auto-numbering is added.

Every style this module defines names its Chinese font in the East-Asian slot of ``w:rFonts``
(``w:eastAsia="仿宋"``) and a Latin font (Times New Roman) in the ASCII/hAnsi slots; without
the East-Asian slot Word shows Chinese text in a fallback font.

**Reference document** (``RenderOptions.reference_docx``), the convention of pandoc's
``--reference-doc``: a school's or district's own .docx is opened as the base document. Its
body content is removed, but its final section properties (``w:sectPr``: page size, margins,
headers and footers, e.g. a letterhead) are kept, and its styles are used as they are: a style
it defines (``Normal``, ``Title``, ``Heading 1`` …, ``Table Grid``) is not changed; only the
styles it lacks are created. Created styles that carry body text (``Body Text``,
``Table Text``, ``Signature``) then take their fonts from the reference's ``Normal``. When the
reference has no footer, the page-number footer is added.

Styles used (create them in a reference document to restyle): ``Title``, ``Subtitle``,
``Body Text``, ``Heading 1``–``Heading 9``, ``Table Caption``, ``Table Text`` (小四) and
``Table Text Small`` (五号, for tables with many columns), ``Table Grid``
(table style), ``Signature``, ``Appendix Label``, ``Appendix Title``, ``Footer``.

Output is deterministic: the same report renders to the same bytes (core-property dates come
from ``Report.date`` or are left out, and ZIP entry times are fixed).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.shared import Length, Mm, Pt
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph as _DocxParagraph

from ..document import (
    Block,
    BulletList,
    Chart,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
    appendix_label,
)
from . import RenderOptions
from ._zip import restamp

__all__ = ["render_docx"]

# --- layout figures -------------------------------------------------------------------------

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
HEADER_DISTANCE_MM = 15
FOOTER_DISTANCE_MM = 24  # puts "— 1 —" about 7 mm below the text block
LINE_PITCH_PT = 28.95  # 225 mm / 22 lines

LATIN = "Times New Roman"
SONG = "宋体"
FANGSONG = "仿宋"
HEITI = "黑体"
KAITI = "楷体"

SIZE_2 = 22.0  # 二号
SIZE_XIAO2 = 18.0  # 小二
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_XIAO4 = 12.0  # 小四
SIZE_5 = 10.5  # 五号

TABLE_LINE_PT = 20.0
SMALL_TABLE_LINE_PT = 16.0
SPACE_AFTER_TABLE_PT = 6.0
KEEP_TOGETHER_ROWS = 12  # tables up to this many rows are not split across pages
LIST_MARK = "{}．"  # list items: 1． 2． … (no bullet glyphs in official documents)

# XML 1.0 forbids these; python-docx raises on them. \t and \n stay (tab, line break).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# --- text -----------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """``text`` without characters XML cannot hold; ``\\r\\n`` and ``\\r`` become ``\\n``."""
    return _INVALID_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def display_width(text: str) -> float:
    """Width of ``text`` in ems: 1 for a Chinese (wide) character, a half for a digit, a bit
    more for other Latin characters."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 if ch.isdigit() else 0.6
               for ch in text)


@functools.lru_cache(maxsize=8192)
def _metrics(text: str) -> tuple[float, float]:
    """``display_width(text)`` and the width of its longest unbreakable Latin part (a number,
    a date, a word): what column widths are made of. A table repeats its cells (names,
    numbers, 是/否), and widths are asked for twice per table."""
    tokens = [display_width(t) for t in re.findall(r"[!-~]+", text)]
    return display_width(text), max(tokens, default=0.0)


# --- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StyleSpec:
    """A paragraph style as this renderer defines it.

    In a reference document a missing style is created from its spec; with
    ``ref_font_from_normal`` its font names, and with ``ref_layout_from_normal`` also its size
    and line spacing, are left to the reference's ``Normal``.
    """

    name: str
    east_asia: str
    size: float
    base: str | None = "Normal"
    next: str | None = None
    bold: bool = False
    align: str | None = None
    first_line_chars: int = 0
    line_exact: float | None = LINE_PITCH_PT
    before: float | None = 0
    after: float | None = 0
    keep_next: bool = False
    page_break_before: bool = False
    outline: int | None = None
    plain: bool = False  # explicitly not italic, black (undoes a template's heading look)
    ref_font_from_normal: bool = False
    ref_layout_from_normal: bool = False


_NORMAL = _StyleSpec("Normal", FANGSONG, SIZE_3, base=None, align="both")
_BODY = _StyleSpec("Body Text", FANGSONG, SIZE_3, align="both", first_line_chars=200,
                   ref_font_from_normal=True, ref_layout_from_normal=True)
_TITLE = _StyleSpec("Title", SONG, SIZE_2, next="Body Text", bold=True, align="center",
                    line_exact=36, after=LINE_PITCH_PT, keep_next=True, plain=True)
_SUBTITLE = _StyleSpec("Subtitle", KAITI, SIZE_3, next="Body Text", align="center",
                       after=LINE_PITCH_PT, keep_next=True, plain=True)
_TABLE_CAPTION = _StyleSpec("Table Caption", HEITI, SIZE_4, next="Table Text", align="center",
                            line_exact=24, before=SPACE_AFTER_TABLE_PT, after=3,
                            keep_next=True, plain=True)
_TABLE_TEXT = _StyleSpec("Table Text", FANGSONG, SIZE_XIAO4, align="left",
                         line_exact=TABLE_LINE_PT, ref_font_from_normal=True)
_TABLE_TEXT_SMALL = _StyleSpec("Table Text Small", FANGSONG, SIZE_5, base="Table Text",
                               align="left", line_exact=SMALL_TABLE_LINE_PT,
                               ref_font_from_normal=True)
_SIGNATURE = _StyleSpec("Signature", FANGSONG, SIZE_3, align="right",
                        ref_font_from_normal=True, ref_layout_from_normal=True)
_APPENDIX_LABEL = _StyleSpec("Appendix Label", HEITI, SIZE_3, next="Appendix Title",
                             align="left", keep_next=True, page_break_before=True, plain=True)
_APPENDIX_TITLE = _StyleSpec("Appendix Title", SONG, SIZE_XIAO2, next="Table Text", bold=True,
                             align="center", line_exact=32, before=LINE_PITCH_PT / 2,
                             after=LINE_PITCH_PT / 2, keep_next=True, plain=True)
_FOOTER = _StyleSpec("Footer", SONG, SIZE_4, align="center", line_exact=None, plain=True)

_HEADINGS = {
    1: (HEITI, False),
    2: (KAITI, False),
    3: (FANGSONG, True),
}


def _heading_spec(level: int) -> _StyleSpec:
    font, bold = _HEADINGS.get(level, (FANGSONG, False))
    return _StyleSpec(f"Heading {level}", font, SIZE_3, next="Body Text", bold=bold,
                      align="both", first_line_chars=200, keep_next=True, outline=level - 1,
                      plain=True)


def _on_off(tag: str, value: bool) -> Any:
    el = OxmlElement(tag)
    if not value:
        el.set(qn("w:val"), "0")
    return el


def _val(tag: str, value: str) -> Any:
    el = OxmlElement(tag)
    el.set(qn("w:val"), value)
    return el


def _fonts(east_asia: str, latin: str = LATIN) -> Any:
    """``w:rFonts`` with the Chinese font in the East-Asian slot (and as the hint, so quotes
    and dashes shared by both scripts use it too)."""
    el = OxmlElement("w:rFonts")
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia),
                        ("cs", latin), ("hint", "eastAsia")):
        el.set(qn(f"w:{attr}"), value)
    return el


def _half_points(size: float) -> str:
    return str(round(size * 2))


def _twips(points: float) -> str:
    return str(round(points * 20))


def _build_rpr(spec: _StyleSpec, font: bool, size: bool) -> Any:
    rpr = OxmlElement("w:rPr")  # children in schema order
    if font:
        rpr.append(_fonts(spec.east_asia))
    rpr.append(_on_off("w:b", spec.bold))
    rpr.append(_on_off("w:bCs", spec.bold))
    if spec.plain:
        rpr.append(_on_off("w:i", False))
        rpr.append(_on_off("w:iCs", False))
        rpr.append(_val("w:color", "000000"))
    if size:
        rpr.append(_val("w:sz", _half_points(spec.size)))
        rpr.append(_val("w:szCs", _half_points(spec.size)))
    return rpr


def _build_ppr(spec: _StyleSpec, layout: bool) -> Any:
    ppr = OxmlElement("w:pPr")  # children in schema order
    if spec.keep_next:
        ppr.append(OxmlElement("w:keepNext"))
        ppr.append(OxmlElement("w:keepLines"))
    if spec.page_break_before:
        ppr.append(OxmlElement("w:pageBreakBefore"))
    if layout:
        spacing = OxmlElement("w:spacing")
        if spec.before is not None:
            spacing.set(qn("w:before"), _twips(spec.before))
        if spec.after is not None:
            spacing.set(qn("w:after"), _twips(spec.after))
        if spec.line_exact is not None:
            spacing.set(qn("w:line"), _twips(spec.line_exact))
            spacing.set(qn("w:lineRule"), "exact")
        else:
            spacing.set(qn("w:line"), "240")
            spacing.set(qn("w:lineRule"), "auto")
        ppr.append(spacing)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLineChars"), str(spec.first_line_chars))
    ind.set(qn("w:firstLine"), _twips(spec.first_line_chars / 100 * spec.size))
    ppr.append(ind)
    if spec.align:
        ppr.append(_val("w:jc", spec.align))
    if spec.outline is not None:
        ppr.append(_val("w:outlineLvl", str(spec.outline)))
    return ppr


def _replace_child(parent: Any, new: Any, before: Sequence[str]) -> None:
    """Put ``new`` in place of ``parent``'s child of the same tag, or before the first child
    whose tag is in ``before`` (keeping schema order), or at the end."""
    old = parent.find(new.tag)
    if old is not None:
        old.addprevious(new)
        parent.remove(old)
        return
    for tag in before:
        nxt = parent.find(qn(tag))
        if nxt is not None:
            nxt.addprevious(new)
            return
    parent.append(new)


class _Styles:
    """Makes sure every style the document uses exists and (unless it came with the
    reference document) looks as specified."""

    def __init__(self, document: Any, reference: bool) -> None:
        self.document = document
        self.reference = reference
        self._done: set[str] = set()
        # python-docx finds a style by name with an XPath over every style, and checks a new
        # name the same way: kept here by the name as styles.xml writes it (``heading 1`` for
        # Heading 1), the first of a name, as python-docx finds it.
        self._by_name: dict[str, Any] = {}
        for element in document.styles.element.style_lst:
            self._by_name.setdefault(element.name_val, element)

    def find(self, name: str) -> Any:
        found = self._by_name.get(BabelFish.ui2internal(name))
        if found is not None:
            return StyleFactory(found)
        try:
            return self.document.styles[name]  # e.g. a reference document's style id
        except KeyError:
            return None

    def _add(self, name: str, kind: Any) -> Any:
        """``document.styles.add_style(name, kind)`` for a name :meth:`find` did not find,
        without python-docx scanning every style again to refuse a name already there."""
        internal = BabelFish.ui2internal(name)
        element = self._by_name[internal] = self.document.styles.element.add_style_of_type(
            internal, kind, False)
        return StyleFactory(element)

    def ensure(self, spec: _StyleSpec) -> str:
        """The style's name, after creating or (built-in layout only) restyling it."""
        if spec.name in self._done:
            return spec.name
        self._done.add(spec.name)
        style = self.find(spec.name)
        if style is not None and self.reference:
            return spec.name  # the reference document's own style, used as it is
        if style is None:
            style = self._add(spec.name, WD_STYLE_TYPE.PARAGRAPH)
            style.quick_style = True
        created_in_reference = self.reference
        if spec.base is not None and self.find(spec.base) is not None:
            style.base_style = self.find(spec.base)
        if spec.next is not None:
            style.next_paragraph_style = self.find(self.ensure_named(spec.next))
        if style.hidden or style.unhide_when_used:
            style.hidden = False
            style.unhide_when_used = False
        font = not (created_in_reference and spec.ref_font_from_normal)
        layout = not (created_in_reference and spec.ref_layout_from_normal)
        el = style.element
        tail = ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
        _replace_child(el, _build_ppr(spec, layout), ("w:rPr", *tail))
        _replace_child(el, _build_rpr(spec, font, layout), tail)
        return spec.name

    def ensure_named(self, name: str) -> str:
        specs = {s.name: s for s in _NAMED_SPECS}
        if name in specs:
            return self.ensure(specs[name])
        return name

    def heading(self, depth: int) -> str:
        return self.ensure(_heading_spec(min(max(depth, 1), 9)))

    def table_style(self) -> str:
        """``Table Grid`` (all borders), created when the reference document lacks it."""
        name = "Table Grid"
        if self.find(name) is None:
            style = self._add(name, WD_STYLE_TYPE.TABLE)
            tblpr = style.element.find(qn("w:tblPr"))
            if tblpr is None:
                tblpr = OxmlElement("w:tblPr")
                style.element.append(tblpr)
            borders = OxmlElement("w:tblBorders")
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                b = OxmlElement(f"w:{edge}")
                for attr, value in (("val", "single"), ("sz", "4"), ("space", "0"),
                                    ("color", "000000")):
                    b.set(qn(f"w:{attr}"), value)
                borders.append(b)
            tblpr.append(borders)
        return name


_NAMED_SPECS = (_NORMAL, _BODY, _TITLE, _SUBTITLE, _TABLE_CAPTION, _TABLE_TEXT, _TABLE_TEXT_SMALL,
                _SIGNATURE, _APPENDIX_LABEL, _APPENDIX_TITLE, _FOOTER)


def _set_doc_defaults(document: Any) -> None:
    """Document defaults of the built-in layout: 仿宋/Times New Roman 三号, Chinese language,
    no paragraph spacing (python-docx's template has Calibri 11 pt theme fonts)."""
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_el.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    rpr_default = OxmlElement("w:rPrDefault")
    rpr = OxmlElement("w:rPr")
    rpr.append(_fonts(FANGSONG))
    rpr.append(_val("w:kern", "2"))
    rpr.append(_val("w:sz", _half_points(SIZE_3)))
    rpr.append(_val("w:szCs", _half_points(SIZE_3)))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    rpr_default.append(rpr)
    ppr_default = OxmlElement("w:pPrDefault")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)
    ppr_default.append(ppr)
    defaults.append(rpr_default)
    defaults.append(ppr_default)


# --- document setup -------------------------------------------------------------------------


def _clear_body(document: Any) -> None:
    """Remove all body content but the final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _page_setup(document: Any) -> None:
    section = document.sections[-1]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), "default")
    grid.set(qn("w:linePitch"), _twips(LINE_PITCH_PT))


def _page_number_footer(document: Any, styles: _Styles) -> None:
    """"— 1 —" centred in the footer: a PAGE field between two dashes."""
    section = document.sections[-1]
    footer = section.footer
    if styles.reference and not footer.is_linked_to_previous:
        return  # the reference document's own footer
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    for child in list(para._p):
        para._p.remove(child)
    para.style = styles.ensure(_FOOTER)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER  # also under a reference's left-aligned Footer
    para.add_run("— ")
    _field(para, "PAGE", "1")
    para.add_run(" —")


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A complex field (``w:fldChar`` begin/separate/end) showing ``shown`` until updated."""

    def run_with(*children: Any) -> None:
        r = paragraph.add_run()._r
        for child in children:
            r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(begin)
    run_with(instr)
    run_with(separate)
    paragraph.add_run(shown)
    run_with(end)


def _text_width_pt(document: Any) -> float:
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    return float(Length(width).pt) if width else 156 / 25.4 * 72


def _core_properties(document: Any, report: Report) -> None:
    props = document.core_properties
    props.title = _one_line(report.title)[:255]
    props.author = _one_line(report.author)[:255]
    props.last_modified_by = _one_line(report.author)[:255]
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.language = "zh-CN"
    element = props._element
    for name in ("created", "modified", "lastPrinted"):
        for child in list(element):
            if child.tag.endswith("}" + name):
                element.remove(child)
    if report.date is not None:
        stamp = dt.datetime(report.date.year, report.date.month, report.date.day, tzinfo=dt.UTC)
        props.created = stamp
        props.modified = stamp


def _drop_thumbnail(document: Any) -> None:
    """python-docx's template carries a thumbnail of an unrelated page; leave it out."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)


def _fixed_zip(data: bytes, when: dt.date | None) -> bytes:
    """The same package with every ZIP entry stamped ``when`` (or 1980-01-01), so equal
    documents are equal bytes (python-docx stamps the wall-clock time)."""
    stamp = (when.year, when.month, when.day, 0, 0, 0) if when and when.year >= 1980 \
        else (1980, 1, 1, 0, 0, 0)
    return restamp(data, stamp)


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ColumnNeeds:
    """Widths of one column in ems, cell margins included."""

    natural: float  # every cell on one line, header too
    tight: float  # every body cell on one line, the header on up to two
    minimum: float  # the longest unbreakable part: a number, a date, a Latin word


# The left and right cell margins (2 × 5.4 pt in Word's "Table Grid") and some slack for
# fonts wider than one em per character.
_PADDING_PT = 13.0


def _column_needs(table: Table, idx: int, em_pt: float, numeric: bool) -> _ColumnNeeds:
    padding = _PADDING_PT / em_pt
    body = [_one_line(row[idx]) for row in (*table.rows, *([table.total] if table.total else []))]
    header = _one_line(table.columns[idx])
    widest_cell = max((_metrics(c)[0] for c in body), default=0.0)
    header_width = display_width(header)
    natural = max(widest_cell, header_width) + padding
    tight = max(widest_cell, header_width / 2 if header_width > 4 else header_width) + padding
    tokens = [_metrics(c)[1] for c in (*body, header)]
    # Chinese text may wrap between any two characters, but not down to one per line.
    smallest = max([min(2.0, widest_cell or 2.0), *tokens])
    if numeric:
        smallest = max(smallest, widest_cell)
    return _ColumnNeeds(natural, tight, min(smallest + padding, natural))


def _fill(needs: Sequence[float], minimum: Sequence[float], available: float) -> list[float]:
    """Widths adding up to ``available`` when ``needs`` do not fit: columns narrower than a
    common cap keep their need, the wider ones share what is left equally (never below their
    ``minimum``)."""
    if sum(minimum) >= available:
        return [m * available / sum(minimum) for m in minimum]
    low, high = 0.0, max(needs)
    for _ in range(60):  # bisect the cap
        cap = (low + high) / 2
        if sum(max(m, min(n, cap)) for n, m in zip(needs, minimum, strict=True)) > available:
            high = cap
        else:
            low = cap
    widths = [max(m, min(n, low)) for n, m in zip(needs, minimum, strict=True)]
    spare = available - sum(widths)
    capped = [i for i, (w, n) in enumerate(zip(widths, needs, strict=True)) if w < n] or \
        list(range(len(widths)))
    for i in capped:
        widths[i] += spare / len(capped)
    return widths


def table_fits(table: Table, available_pt: float, em_pt: float) -> bool:
    """Whether every body cell of ``table`` fits on one line (headers on two) at ``em_pt``."""
    numeric = table.numeric_columns()
    needs = [_column_needs(table, i, em_pt, numeric[i]).tight for i in range(len(table.columns))]
    return sum(needs) * em_pt <= available_pt


def column_widths(table: Table, available_pt: float, em_pt: float = SIZE_XIAO4) -> list[float]:
    """Column widths in points that add up to ``available_pt`` (the text block).

    When every cell fits on one line, each column gets its natural width plus a share of the
    room left; otherwise the short columns (names, numbers) keep one line and the long text
    columns share the remaining width and wrap.
    """
    numeric = table.numeric_columns()
    needs = [_column_needs(table, i, em_pt, numeric[i]) for i in range(len(table.columns))]
    available = available_pt / em_pt
    natural = [n.natural for n in needs]
    if sum(natural) <= available:
        extra = available - sum(natural)
        widths = [w + extra * w / sum(natural) for w in natural]
    else:
        tight = [n.tight for n in needs]
        minimum = [n.minimum for n in needs]
        if sum(tight) <= available:
            widths = _fill(natural, tight, available)
        else:
            widths = _fill(tight, minimum, available)
    return [w * em_pt for w in widths]


def _set_table_props(tbl: Any, widths_pt: Sequence[float]) -> None:
    tblpr = tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(round(w * 20) for w in widths_pt)))
    _replace_child(tblpr, _val("w:jc", "center"),
                   ("w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                    "w:tblCellMar", "w:tblLook"))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _replace_child(tblpr, layout, ("w:tblCellMar", "w:tblLook", "w:tblCaption",
                                   "w:tblDescription"))
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_pt, strict=True):
        col.set(qn("w:w"), str(round(w * 20)))


def _add_cell_run(p: Any, text: str, bold: bool, parent: Any) -> None:
    """``p.add_run(text)`` (bold) as python-docx writes it, built directly: a run with one
    ``w:t``. Text with tabs or line breaks goes through python-docx (``w:tab``, ``w:br``)."""
    if "\t" in text or "\n" in text:
        run = _DocxParagraph(p, parent).add_run(text)
        if bold:
            run.bold = True
        return
    r = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        r.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    p.append(r)


# Rows never break across pages; the header row repeats on every page.
_TR = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
_TR_HEADER = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"


def _run_xml(text: str, bold: bool) -> str:
    """A run with one ``w:t`` (as :func:`_add_cell_run` builds it), as XML text."""
    t = f"<w:t>{xml_escape(text)}</w:t>"
    return f"<w:r><w:rPr><w:b/></w:rPr>{t}</w:r>" if bold else f"<w:r>{t}</w:r>"


class _CellLooks:
    """The XML of an empty cell for each look — column, kind of row (header, body, total),
    kept with the next row — split where its paragraph's run goes. Written as python-docx
    writes the same settings (``cell.width``, ``vertical_alignment``, the paragraph's style,
    alignment and ``keep_with_next``; tests/test_docx_tables.py holds the two equal), at a
    hundredth of the cost."""

    def __init__(self, widths: Sequence[float], numeric: Sequence[bool], style_id: str) -> None:
        self.widths, self.numeric = widths, numeric
        self.style_id = xml_escape(style_id, {'"': "&quot;"})
        self._xml: dict[tuple[int, str, bool], tuple[str, str]] = {}

    def xml(self, column: int, kind: str, keep: bool) -> tuple[str, str]:
        key = (column, kind, keep)
        found = self._xml.get(key)
        if found is None:
            found = self._xml[key] = self._make(column, kind, keep)
        return found

    def _make(self, column: int, kind: str, keep: bool) -> tuple[str, str]:
        ppr = f'<w:pStyle w:val="{self.style_id}"/>'  # in the schema's order
        if keep:
            ppr += "<w:keepNext/>"
        if kind == "header":
            ppr += '<w:jc w:val="center"/>'
        elif self.numeric[column]:
            ppr += '<w:jc w:val="right"/>'
        width = Pt(self.widths[column]).twips
        return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/><w:vAlign w:val="center"/>'
                f"</w:tcPr><w:p><w:pPr>{ppr}</w:pPr>", "</w:p></w:tc>")


# --- writer ---------------------------------------------------------------------------------


class _Writer:
    def __init__(self, document: Any, styles: _Styles) -> None:
        self.document = document
        self.styles = styles
        self.after_table = False
        self.text_width_pt = _text_width_pt(document)
        self._style_ids: dict[str, str] = {}

    # paragraphs

    def _style_id(self, name: str) -> str:
        # python-docx resolves a style name by scanning every style of the document, for each
        # paragraph; the id of a name never changes within one document.
        found = self._style_ids.get(name)
        if found is None:
            found = self._style_ids[name] = self.styles.find(name).style_id
        return found

    def paragraph(self, style: str, text: str = "") -> Any:
        para = self.document.add_paragraph()
        para._p.get_or_add_pPr().style = self._style_id(style)
        if text:
            para.add_run(text)
        if self.after_table:
            para.paragraph_format.space_before = Pt(SPACE_AFTER_TABLE_PT)
            self.after_table = False
        return para

    def heading(self, title: str, depth: int) -> None:
        self.paragraph(self.styles.heading(depth), _one_line(title))

    def body(self, text: str) -> None:
        text = clean_text(text).strip()
        if text:
            self.paragraph(self.styles.ensure(_BODY), text)

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.body(block.text)
        elif isinstance(block, BulletList):
            for i, item in enumerate(block.items, 1):
                text = _one_line(item)
                if text:
                    self.body(LIST_MARK.format(i) + text)
        elif isinstance(block, KeyFigures):
            self.key_figures(block)
        elif isinstance(block, Chart):
            if not block.table_elsewhere:
                self.table(block.table())
        else:
            self.table(block)

    def key_figures(self, block: KeyFigures) -> None:
        """One body paragraph: 参训教师：**60人**；研修活动：**246次**。"""
        items = [(_one_line(label), _one_line(value)) for label, value in block.items]
        items = [(label, value) for label, value in items if label or value]
        if not items:
            return
        para = self.paragraph(self.styles.ensure(_BODY))
        for i, (label, value) in enumerate(items):
            para.add_run(f"{label}：" if label else "")
            para.add_run(value).bold = True
            para.add_run("；" if i < len(items) - 1 else "。")

    # tables

    def table(self, table: Table, caption: bool = True) -> None:
        if caption and table.caption.strip():
            self.paragraph(self.styles.ensure(_TABLE_CAPTION), _one_line(table.caption))
            self.after_table = False
        if not table.columns:
            return
        # 小四 as a rule; 五号 for a table with too many columns to keep its cells on one line
        cell_spec = _TABLE_TEXT
        if not table_fits(table, self.text_width_pt, SIZE_XIAO4):
            cell_spec = _TABLE_TEXT_SMALL
        cell_style_id = self._style_id(self.styles.ensure(cell_spec))
        body_rows = list(table.rows)
        all_rows: list[tuple[tuple[str, ...], str]] = [(table.columns, "header")]
        all_rows += [(row, "body") for row in body_rows]
        if table.total is not None:
            all_rows.append((table.total, "total"))
        numeric = table.numeric_columns()
        widths = column_widths(table, self.text_width_pt, cell_spec.size)
        keep_together = len(all_rows) <= KEEP_TOGETHER_ROWS + 1
        doc_table = self.document.add_table(rows=0, cols=len(table.columns))
        tbl = doc_table._tbl
        tbl.tblStyle_val = self._style_id(self.styles.table_style())
        _set_table_props(tbl, widths)
        # The rows are written as XML text and parsed once: building each cell through
        # python-docx costs ~0.1 ms per property (it finds each child's place in the schema
        # order), which made tables most of a summary's rendering time.
        looks = _CellLooks(widths, numeric, cell_style_id)
        rows_xml: list[str] = []
        runs_later: list[tuple[int, int, str, bool]] = []  # cells with tabs or line breaks
        for r, (cells, kind) in enumerate(all_rows):
            last = r == len(all_rows) - 1
            keep = (keep_together and not last) or kind == "header"
            parts = [_TR_HEADER if kind == "header" else _TR]
            for c, text in enumerate(cells):
                head, tail = looks.xml(c, kind, keep)
                text = clean_text(text).strip()
                run = ""
                if "\t" in text or "\n" in text:
                    runs_later.append((r, c, text, kind != "body"))
                elif text:
                    run = _run_xml(text, bold=kind != "body")
                parts += (head, run, tail)
            parts.append("</w:tr>")
            rows_xml.append("".join(parts))
        for tr in list(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows_xml)}</w:tbl>")):
            tbl.append(tr)
        for r, c, text, bold in runs_later:
            _add_cell_run(tbl.tr_lst[r].tc_lst[c].p_lst[0], text, bold=bold, parent=doc_table)
        self.after_table = True

    # report parts

    def section(self, section: Section, depth: int) -> None:
        self.heading(section.title, depth)
        for block in section.blocks:
            self.block(block)
        for sub in section.subsections:
            self.section(sub, depth + 1)

    def signature(self, lines: Iterable[str]) -> None:
        """Right-aligned closing lines after a blank line; per GB/T 9704 the last (the date)
        stands four characters from the right edge, and the lines above are centred on it."""
        texts = [_one_line(line) for line in lines]
        texts = [t for t in texts if t]
        if not texts:
            return
        style = self.styles.ensure(_SIGNATURE)
        self.paragraph(style)
        widest = max(display_width(t) for t in texts)
        for text in texts:
            para = self.paragraph(style, text)
            right = 4 + (widest - display_width(text)) / 2
            ind = para.paragraph_format._element.get_or_add_pPr().get_or_add_ind()
            ind.set(qn("w:rightChars"), str(round(right * 100)))
            ind.set(qn("w:right"), _twips(right * SIZE_3))

    def appendix(self, index: int, table: Table) -> None:
        self.after_table = False
        self.paragraph(self.styles.ensure(_APPENDIX_LABEL), appendix_label(index))
        if table.caption.strip():
            self.paragraph(self.styles.ensure(_APPENDIX_TITLE), _one_line(table.caption))
        self.table(table, caption=False)


def _open(options: RenderOptions) -> tuple[Any, bool]:
    if options.reference_docx is not None:
        return docx.Document(str(options.reference_docx)), True
    return docx.Document(), False


def render_docx(report: Report, options: RenderOptions) -> bytes:
    """The report as a Word document (the bytes of a .docx file).

    Built-in layout after GB/T 9704-2012, or the styles, page setup, header and footer of
    ``options.reference_docx`` (see the module docstring).
    """
    document, reference = _open(options)
    _clear_body(document)
    styles = _Styles(document, reference)
    if not reference:
        _set_doc_defaults(document)
        _page_setup(document)
        _drop_thumbnail(document)
        for spec in _NAMED_SPECS:
            styles.ensure(spec)
    _page_number_footer(document, styles)
    writer = _Writer(document, styles)

    title = writer.paragraph(styles.ensure(_TITLE), _one_line(report.title))
    if report.subtitle.strip():
        title.paragraph_format.space_after = Pt(0)
        writer.paragraph(styles.ensure(_SUBTITLE), _one_line(report.subtitle))
    for block in report.preamble:
        writer.block(block)
    for section in report.sections:
        writer.section(section, 1)
    writer.signature(report.signature)
    for i, table in enumerate(report.appendices):
        writer.appendix(i, table)

    _core_properties(document, report)
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue(), report.date)
