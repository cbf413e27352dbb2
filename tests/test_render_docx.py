"""The Word renderer: read the bytes back with python-docx and check layout and content."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from yanxiu_core.document import (
    BulletList,
    Chart,
    ChartSeries,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from yanxiu_core.renderers import RenderOptions
from yanxiu_core.renderers.docx import column_widths, render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

ROLES = Table(("角色", "人数", "累计学时"),
              (("骨干教师", "12", "1343.0"), ("青年教师", "8", "672.5"), ("新教师", "-", "")),
              caption="教师构成与学时").with_total(columns=("人数", "累计学时"))
LECTURES = Table(("日期", "主题", "主讲人"),
                 (("2020-09-09", "陶行知教育思想与今日课堂", "某师范大学 张教授"),),
                 caption="讲座一览")


def sample_report(**changes: Any) -> Report:
    fields: dict[str, Any] = dict(
        title="示例小学2020学年校本研修工作总结",
        subtitle="（讨论稿）",
        preamble=(Paragraph("2020学年，我校校本研修工作围绕教师专业发展开展。"),),
        sections=(
            Section("一、基本情况", (
                Paragraph("全校参加校本研修的教师共20人。"),
                KeyFigures((("参训教师", "20人"), ("研修活动", "46次"))),
                ROLES,
            ), subsections=(
                Section("（一）名师讲堂", (Paragraph("讲堂每两周活动一次。"), LECTURES), subsections=(
                    Section("1. 栏目设置", (Paragraph("设四个栏目。"),), subsections=(
                        Section("（1）名家思想", (Paragraph("共四场。"),)),
                    )),
                )),
            )),
            Section("二、存在的问题", (BulletList(("出勤率有待提高", "成果偏少")),)),
        ),
        signature=("示例小学", "2021年8月31日"),
        author="示例小学",
        date=dt.date(2021, 8, 31),
    )
    fields.update(changes)
    return Report(**fields)


def render(report: Report, options: RenderOptions | None = None) -> Any:
    return docx.Document(io.BytesIO(render_docx(report, options or RenderOptions())))


def blocks(document: Any) -> list[DocxParagraph | DocxTable]:
    return list(document.iter_inner_content())


def paragraphs(document: Any) -> list[DocxParagraph]:
    return list(document.paragraphs)


def style_named(document: Any, name: str) -> Any:
    return document.styles[name]


def effective_east_asia(style: Any) -> str | None:
    """The East-Asian font a style shows, following ``basedOn``."""
    while style is not None:
        fonts = style.element.find(f"{W}rPr/{W}rFonts")
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            assert fonts.get(qn("w:eastAsiaTheme")) is None, style.name
            return str(fonts.get(qn("w:eastAsia")))
        style = style.base_style
    return None


def style_pf(document: Any, style_name: str, attr: str) -> Any:
    style = document.styles[style_name]
    while style is not None:
        value = getattr(style.paragraph_format, attr)
        if value is not None:
            return value
        style = style.base_style
    return None


# --- page and fonts -------------------------------------------------------------------------


def test_page_is_a4_with_official_margins() -> None:
    section = render(sample_report()).sections[-1]
    for value, mm in ((section.page_width, 210), (section.page_height, 297),
                      (section.top_margin, 37), (section.bottom_margin, 35),
                      (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(value.mm - mm) < 0.5, (value.mm, mm)


def test_every_style_used_names_an_east_asian_font() -> None:
    document = render(sample_report(appendices=(ROLES,)))
    used = {p.style.name for p in document.paragraphs}
    used |= {p.style.name for t in document.tables for row in t.rows for c in row.cells
             for p in c.paragraphs}
    assert {"Title", "Subtitle", "Body Text", "Heading 1", "Table Caption", "Table Text",
            "Signature", "Appendix Label"} <= used
    for name in used:
        assert effective_east_asia(document.styles[name]), name
    assert effective_east_asia(document.styles["Body Text"]) == "仿宋"
    assert effective_east_asia(document.styles["Title"]) == "宋体"
    # the Latin slots name a real font too, not a theme font
    fonts = document.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    assert fonts.get(qn("w:asciiTheme")) is None
    # document defaults no longer point at theme fonts
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(qn("w:eastAsia")) == "仿宋" and defaults.get(qn("w:eastAsiaTheme")) is None


def test_runs_never_set_a_latin_only_font() -> None:
    document = render(sample_report())
    body = document.element.body
    for fonts in body.iter(f"{W}rFonts"):
        assert fonts.get(qn("w:eastAsia")), fonts.attrib


def test_title_is_22pt_bold_centred() -> None:
    document = render(sample_report())
    first, second = paragraphs(document)[:2]
    assert first.text == "示例小学2020学年校本研修工作总结"
    assert first.style.name == "Title"
    assert first.style.font.size == Pt(22) and first.style.font.bold is True
    assert first.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert second.text == "（讨论稿）" and second.style.name == "Subtitle"


def test_body_text_is_16pt_fangsong_with_two_character_indent() -> None:
    document = render(sample_report())
    para = next(p for p in paragraphs(document) if p.text.startswith("2020学年"))
    assert para.style.name == "Body Text"
    ind = para.style.element.find(f"{W}pPr/{W}ind")
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert ind.get(qn("w:firstLine")) == "640"  # 32 pt
    assert style_pf(document, "Body Text", "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert style_pf(document, "Body Text", "line_spacing_rule") == WD_LINE_SPACING.EXACTLY
    assert 28 <= style_pf(document, "Body Text", "line_spacing").pt <= 29
    assert document.styles["Normal"].font.size == Pt(16)


# --- headings -------------------------------------------------------------------------------


def test_sections_become_word_headings_in_order() -> None:
    document = render(sample_report())
    headings = [(p.style.name, p.text) for p in paragraphs(document)
                if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "一、基本情况"),
        ("Heading 2", "（一）名师讲堂"),
        ("Heading 3", "1. 栏目设置"),
        ("Heading 4", "（1）名家思想"),
        ("Heading 1", "二、存在的问题"),
    ]
    for level in (1, 2, 3, 4):
        outline = document.styles[f"Heading {level}"].element.find(f"{W}pPr/{W}outlineLvl")
        assert outline.get(qn("w:val")) == str(level - 1)


def test_heading_fonts_follow_the_official_hierarchy() -> None:
    document = render(sample_report())
    expected = {1: ("黑体", False), 2: ("楷体", False), 3: ("仿宋", True), 4: ("仿宋", False)}
    for level, (font, bold) in expected.items():
        style = document.styles[f"Heading {level}"]
        assert effective_east_asia(style) == font
        assert style.font.size == Pt(16)
        assert bool(style.font.bold) is bold
        assert not style.font.italic
        assert str(style.font.color.rgb) == "000000"  # not the template's blue
        assert style.element.find(f"{W}pPr/{W}numPr") is None  # no auto-numbering


def test_deep_sections_get_deeper_headings() -> None:
    deep = Section("（1）第五层", (Paragraph("五"),))
    fourth = Section("（一）第四层", subsections=(deep,))
    report = sample_report(sections=(Section("一、甲", subsections=(
        Section("（一）乙", subsections=(Section("1. 丙", subsections=(fourth,)),)),)),))
    names = [p.style.name for p in paragraphs(render(report)) if p.style.name.startswith("Heading")]
    assert names == ["Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5"]


# --- blocks ---------------------------------------------------------------------------------


def test_lists_are_numbered_body_paragraphs() -> None:
    texts = [(p.style.name, p.text) for p in paragraphs(render(sample_report()))]
    assert ("Body Text", "1．出勤率有待提高") in texts
    assert ("Body Text", "2．成果偏少") in texts
    assert not any(t.startswith(("•", "-", "·")) for _, t in texts)


def test_key_figures_are_one_readable_paragraph() -> None:
    para = next(p for p in paragraphs(render(sample_report())) if "参训教师" in p.text)
    assert para.text == "参训教师：20人；研修活动：46次。"
    assert [r.text for r in para.runs if r.bold] == ["20人", "46次"]


# --- tables ---------------------------------------------------------------------------------


def table_after_caption(document: Any, caption: str) -> DocxTable:
    items = blocks(document)
    for i, item in enumerate(items):
        if isinstance(item, DocxParagraph) and item.text == caption:
            following = items[i + 1]
            assert isinstance(following, DocxTable), f"no table right after {caption!r}"
            return following
    raise AssertionError(f"caption {caption!r} not found")


def test_table_cells_caption_and_style() -> None:
    document = render(sample_report())
    caption = next(p for p in paragraphs(document) if p.text == "教师构成与学时")
    assert caption.style.name == "Table Caption"
    assert style_pf(document, "Table Caption", "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    table = table_after_caption(document, "教师构成与学时")
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["角色", "人数", "累计学时"],
        ["骨干教师", "12", "1343.0"],
        ["青年教师", "8", "672.5"],
        ["新教师", "-", ""],
        ["合计", "20", "2015.5"],
    ]
    assert table.style.name == "Table Grid"
    cell_para = table.rows[1].cells[0].paragraphs[0]
    assert cell_para.style.name == "Table Text"
    assert document.styles["Table Text"].font.size == Pt(12)
    ind = document.styles["Table Text"].element.find(f"{W}pPr/{W}ind")
    assert ind.get(qn("w:firstLineChars")) == "0"


def test_header_row_repeats_on_every_page() -> None:
    table = table_after_caption(render(sample_report()), "教师构成与学时")
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert table.rows[1]._tr.find(f"{W}trPr/{W}tblHeader") is None
    assert all(r.runs[0].bold for r in (c.paragraphs[0] for c in table.rows[0].cells))


def test_numeric_columns_are_right_aligned() -> None:
    table = table_after_caption(render(sample_report()), "教师构成与学时")
    for row in table.rows[1:]:
        text_cell, *numbers = (c.paragraphs[0] for c in row.cells)
        assert text_cell.alignment != WD_ALIGN_PARAGRAPH.RIGHT
        assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in numbers)
    lectures = table_after_caption(render(sample_report()), "讲座一览")
    assert lectures.rows[1].cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT


def test_total_row_is_last_and_bold() -> None:
    table = table_after_caption(render(sample_report()), "教师构成与学时")
    last = table.rows[-1]
    assert last.cells[0].text == "合计"
    assert all(run.bold for c in last.cells for p in c.paragraphs for run in p.runs)
    assert not any(run.bold for c in table.rows[1].cells for p in c.paragraphs for run in p.runs)


def test_tables_stay_within_the_text_block() -> None:
    wide = Table(tuple(f"第{i}列名称较长" for i in range(9)),
                 (tuple("这是一段相当长的单元格文字，需要折行显示" for _ in range(9)),),
                 caption="很宽的表")
    document = render(sample_report(sections=(Section("一、宽表", (wide, ROLES)),)))
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert sum(grid) <= round(text_width / 635) + len(grid)  # EMU → twips, rounding
        assert table._tbl.tblPr.find(f"{W}tblLayout").get(qn("w:type")) == "fixed"


def test_column_widths_keep_short_columns_on_one_line() -> None:
    widths = column_widths(LECTURES, 442.0)
    assert abs(sum(widths) - 442.0) < 0.01
    assert widths[0] >= 10 * 0.5 * 12  # the date is not broken
    narrow = column_widths(Table(("姓名", "主题"), (("张三", "很长" * 40),)), 442.0)
    assert narrow[0] >= 2 * 12 and narrow[1] > narrow[0]


def test_a_300_row_table_renders() -> None:
    rows = tuple((f"教师{i:03d}", str(i % 50), f"{i / 3:.1f}") for i in range(300))
    big = Table(("姓名", "次数", "学时"), rows, caption="全体教师").with_total(columns=("次数",))
    start = time.perf_counter()
    document = render(sample_report(sections=(Section("一、名单", (big,)),)))
    assert time.perf_counter() - start < 30
    table = table_after_caption(document, "全体教师")
    assert len(table.rows) == 302
    assert table.rows[300].cells[0].text == "教师299"


def test_chart_with_table_elsewhere_is_skipped_else_shown_as_table() -> None:
    series = (ChartSeries("次数", (4.0, 9.5)),)
    skipped = Chart("活动次数图", "bar", ("讲座", "研讨"), series, unit="次", table_elsewhere=True)
    shown = Chart("学时趋势", "line", ("9月", "10月"), series, unit="学时")
    document = render(sample_report(sections=(Section("一、图", (skipped, shown)),)))
    texts = [p.text for p in paragraphs(document)]
    assert "活动次数图" not in texts
    table = table_after_caption(document, "学时趋势")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["项目", "次数（学时）"], ["9月", "4"], ["10月", "9.5"]]
    assert len(document.tables) == 1


# --- closing parts --------------------------------------------------------------------------


def test_signature_closes_the_body_right_aligned() -> None:
    document = render(sample_report())
    *_, blank, school, date = paragraphs(document)
    assert blank.text == ""
    assert (school.text, date.text) == ("示例小学", "2021年8月31日")
    for para in (school, date):
        assert style_pf(document, para.style.name, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
        assert not para.paragraph_format.first_line_indent
        assert not style_pf(document, para.style.name, "first_line_indent")
    # the date four characters from the right edge (GB/T 9704)
    assert date.paragraph_format.right_indent == Pt(64)


def test_appendices_follow_the_signature_each_on_a_new_page() -> None:
    second = Table(("等级", "人数"), (("优秀", "10"),), caption="考核等级分布")
    document = render(sample_report(appendices=(ROLES, second)))
    items = blocks(document)
    texts = [i.text if isinstance(i, DocxParagraph) else "<table>" for i in items]
    start = texts.index("附表1")
    assert texts[start - 1] == "2021年8月31日"
    assert texts[start:] == ["附表1", "教师构成与学时", "<table>", "附表2", "考核等级分布", "<table>"]
    for label in (items[start], items[start + 3]):
        assert isinstance(label, DocxParagraph)
        assert label.style.name == "Appendix Label"
        assert style_pf(document, "Appendix Label", "page_break_before") is True
        assert effective_east_asia(label.style) == "黑体"
        assert style_pf(document, "Appendix Label", "alignment") == WD_ALIGN_PARAGRAPH.LEFT
    title = items[start + 1]
    assert isinstance(title, DocxParagraph) and title.style.name == "Appendix Title"
    assert style_pf(document, "Appendix Title", "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    appendix = items[start + 2]
    assert isinstance(appendix, DocxTable) and appendix.rows[-1].cells[0].text == "合计"


def test_footer_shows_the_page_number_between_dashes() -> None:
    document = render(sample_report())
    footer = document.sections[-1].footer
    xml = footer._element.xml
    assert "PAGE" in "".join(t.text or "" for t in footer._element.iter(f"{W}instrText"))
    assert xml.count('w:fldCharType="begin"') == 1 and xml.count('w:fldCharType="end"') == 1
    para = footer.paragraphs[0]
    assert para.text.startswith("— ") and para.text.endswith(" —")
    assert style_pf(document, para.style.name, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert para.style.font.size == Pt(14)
    assert effective_east_asia(para.style) == "宋体"


# --- text hygiene and metadata --------------------------------------------------------------


def test_control_characters_are_stripped_and_newlines_break_lines() -> None:
    dirty = "第一行\x00\x07\x1b\n第二行\x0b\x0c\x1f\t末尾"
    table = Table(("名\x01称", "数"), (("甲\x08乙", "1"),), caption="表\x02题")
    report = sample_report(title="总结\x03", preamble=(Paragraph(dirty),),
                           sections=(Section("一、概\x0e况", (table,)),),
                           signature=("示例\x10小学",), author="示例\x11小学")
    document = render(report)
    texts = [p.text for p in paragraphs(document)]
    assert "总结" in texts and "一、概况" in texts and "表题" in texts and "示例小学" in texts
    para = next(p for p in paragraphs(document) if p.text.startswith("第一行"))
    assert para.text == "第一行\n第二行\t末尾"
    assert para._p.find(f"{W}r/{W}br") is not None
    assert [c.text for c in document.tables[0].rows[0].cells] == ["名称", "数"]
    assert document.tables[0].rows[1].cells[0].text == "甲乙"
    assert document.core_properties.author == "示例小学"


def test_core_properties_come_from_the_report() -> None:
    props = render(sample_report()).core_properties
    assert props.title == "示例小学2020学年校本研修工作总结"
    assert props.author == "示例小学"
    assert props.created == dt.datetime(2021, 8, 31, tzinfo=dt.UTC)
    assert props.modified == dt.datetime(2021, 8, 31, tzinfo=dt.UTC)
    assert props.comments == ""  # not python-docx's "generated by python-docx"
    undated = render(sample_report(date=None)).core_properties
    assert undated.created is None


@pytest.mark.parametrize("date", [dt.date(2021, 8, 31), None])
def test_the_same_report_renders_to_the_same_bytes(
        date: dt.date | None, monkeypatch: pytest.MonkeyPatch) -> None:
    report = sample_report(date=date, appendices=(ROLES,))
    first = render_docx(report, RenderOptions())
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)  # zipfile stamps entries with time.time()
    assert render_docx(report, RenderOptions()) == first


def test_an_empty_report_still_renders() -> None:
    document = render(Report(title="空", sections=()))
    assert [p.text for p in paragraphs(document)] == ["空"]


def test_a_table_without_rows_shows_its_header() -> None:
    empty = Table(("姓名", "学时"), (), caption="无记录")
    document = render(sample_report(sections=(Section("一、空表", (empty, Table((), ()))),)))
    table = table_after_caption(document, "无记录")
    assert [[c.text for c in r.cells] for r in table.rows] == [["姓名", "学时"]]
    assert len(document.tables) == 1


# --- reference document ---------------------------------------------------------------------


def make_reference(path: Path) -> Path:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.styles["Title"].font.size = Pt(30)
    section = document.sections[0]
    section.left_margin = Mm(20)
    section.header.paragraphs[0].text = "某某学校信笺"
    document.add_paragraph("样例正文")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "样例表格"
    document.save(str(path))
    return path


def test_reference_docx_gives_styles_page_setup_and_letterhead(tmp_path: Path) -> None:
    options = RenderOptions(reference_docx=make_reference(tmp_path / "ref.docx"))
    data = render_docx(sample_report(appendices=(ROLES,)), options)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in paragraphs(document)]
    assert "样例正文" not in texts
    assert "样例表格" not in [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert texts[0] == "示例小学2020学年校本研修工作总结"
    assert "一、基本情况" in texts
    section = document.sections[-1]
    assert [p.text for p in section.header.paragraphs] == ["某某学校信笺"]
    assert abs(section.left_margin.mm - 20) < 0.5  # the reference's page setup, not ours
    assert abs(section.page_height.mm - 279.4) < 0.5  # python-docx's US Letter
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(14)
    assert normal.element.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "宋体"
    assert document.styles["Title"].font.size == Pt(30)
    # python-docx's own (blue) Heading 1 is the reference's choice and stays
    assert str(document.styles["Heading 1"].font.color.rgb) != "000000"
    # styles it lacks are created; body-like ones take the reference's font
    assert document.styles["Table Caption"].font.size == Pt(14)
    assert effective_east_asia(document.styles["Table Text"]) == "宋体"
    # no footer in the reference: the page number is added
    assert "PAGE" in section.footer._element.xml


def test_reference_footer_is_kept(tmp_path: Path) -> None:
    path = make_reference(tmp_path / "ref.docx")
    reference = docx.Document(str(path))
    reference.sections[0].footer.paragraphs[0].text = "地址：示例路1号"
    reference.save(str(path))
    document = render(sample_report(), RenderOptions(reference_docx=path))
    footer = document.sections[-1].footer
    assert [p.text for p in footer.paragraphs] == ["地址：示例路1号"]
    assert "PAGE" not in footer._element.xml


def test_cells_keep_their_own_text_tabs_breaks_and_bold_totals() -> None:
    """Cells formatted once and copied (the fast path) still hold their own text; a cell with a
    tab or a line break is written as python-docx writes it (w:tab, w:br); 合计 cells are bold,
    body cells are not, and every cell of a column has the column's width."""
    rows = tuple((f"教师{i}", str(i), "甲\t乙" if i == 3 else "上\n下" if i == 4 else "")
                 for i in range(1, 30))
    table = Table(("姓名", "次数", "备注"), rows, caption="长表").with_total(columns=("次数",))
    document = docx.Document(io.BytesIO(render_docx(sample_report(
        sections=(Section("一、情况", (table,)),), appendices=()), RenderOptions())))
    found = next(t for t in document.tables if t.rows[0].cells[0].text == "姓名")
    texts = [[c.text for c in row.cells] for row in found.rows]
    assert texts[1:30] == [list(r) for r in rows]
    assert texts[-1][:2] == ["合计", str(sum(range(1, 30)))]
    cells = found._tbl.findall(f".//{W}tc")
    assert len({id(c) for c in cells}) == len(cells) == 3 * 31
    row3 = found.rows[3]._tr
    assert row3.find(f".//{W}tab") is not None
    assert found.rows[4]._tr.find(f".//{W}br") is not None
    bold = [r.find(f"{W}rPr/{W}b") is not None for r in found.rows[-1]._tr.iter(f"{W}r")]
    assert bold and all(bold)
    assert all(r.find(f"{W}rPr/{W}b") is None for r in found.rows[5]._tr.iter(f"{W}r"))
    widths = {tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")
              for tc in found._tbl.findall(f"{W}tr/{W}tc[1]")}
    assert len(widths) == 1


@pytest.mark.parametrize("kind", ["header", "body", "total"])
@pytest.mark.parametrize("keep", [True, False])
@pytest.mark.parametrize("numeric", [True, False])
@pytest.mark.parametrize("width", [67.0625, 96.48625578703704, 33.3])
def test_a_cells_look_is_written_as_python_docx_writes_it(
        kind: str, keep: bool, numeric: bool, width: float) -> None:
    """Table cells are written as XML text (speed); their formatting must be exactly what
    python-docx's own API writes for the same settings."""
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml
    from docx.table import _Cell
    from lxml import etree

    from yanxiu_core.renderers.docx import _CellLooks

    table = docx.Document().add_table(rows=0, cols=1)
    tc = parse_xml(f'<w:tc {nsdecls("w")}><w:tcPr><w:tcW w:type="dxa" w:w="0"/></w:tcPr>'
                   "<w:p/></w:tc>")
    cell = _Cell(tc, table)
    cell.width = Pt(width)
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    para = cell.paragraphs[0]
    para._p.get_or_add_pPr().style = 'Table "A&B"'
    if kind == "header":
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif numeric:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if keep:
        para.paragraph_format.keep_with_next = True
    expected = etree.tostring(tc, encoding="unicode").replace(f' {nsdecls("w")}', "", 1)
    head, tail = _CellLooks([width], [numeric], 'Table "A&B"').xml(0, kind, keep)
    assert head + tail == expected


def test_cell_text_with_xml_characters_reads_back_as_written() -> None:
    rows = (("<b>&amp;</b>", "1"), ('"引号" & ‘单引号’', "2"), ("]]>", "3"))
    table = Table(("内容", "次数"), rows, caption="特殊字符")
    document = docx.Document(io.BytesIO(render_docx(sample_report(
        sections=(Section("一、情况", (table,)),), appendices=()), RenderOptions())))
    found = next(t for t in document.tables if t.rows[0].cells[0].text == "内容")
    assert [[c.text for c in row.cells] for row in found.rows[1:]] == [list(r) for r in rows]
