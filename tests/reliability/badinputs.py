"""A generator of damaged and absurd spreadsheets, as schools produce them without meaning to.

:func:`bad_inputs` yields :class:`Case` s — file bytes, the kind to import them as, and what
must happen: ``"import"`` (read correctly: the stored names are the real ones, no mojibake),
``"refuse"`` (a located :class:`~yanxiu_core.errors.DataError`, nothing written) or
``"either"`` (both are fine; never another exception, never a partial write). Classes covered:

* encodings: UTF-8 with/without BOM, GBK, GB18030 beyond GBK, UTF-16 LE/BE with BOM, UTF-16
  without BOM, UTF-32, Big5, Shift-JIS, Latin-1, mixed UTF-8/GBK rows (first, middle, last,
  after a multi-line cell), a BOM over GBK text, doubled BOM, truncated multi-byte characters;
* CSV structure: unterminated quotes (last cell, first cell, spanning lines), stray quotes,
  text after a closing quote, quoted line breaks, CR / CRLF / mixed line ends, no final line
  break, empty files, only a BOM, only blanks, a header and nothing else, a tab-separated file,
  a cell beyond the csv module's field limit, a workbook or an old ``.xls`` named ``.csv``;
* characters: NUL, ESC, VT, FF, DEL, C1 (U+0085), U+FFFD in used cells, in unused cells and in
  headers; zero-width spaces; full-width digits;
* sizes: over-long cells (used and unused columns), thousands of columns, trailing empty
  columns, more rows than allowed (with small limits), a file over the size limit;
* values: formulas as text, dates as text (valid, impossible, two-digit years, serials),
  学时 of 1e30, inf, nan, -1, 400 digits, 100000 for a 40-minute lesson, more than a day;
* workbooks: several sheets (same columns, other columns, empty, notes, a table without a
  header), formulas without cached values, error cells, huge numbers, dates, booleans, a
  declared dimension of a million rows, a zip bomb (declared sizes), a lying zip directory,
  a truncated zip, a zip without a workbook, a chart sheet, merged cells, a hidden sheet.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import struct
import zipfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from yanxiu_core.importing.limits import ImportLimits

NAMES = ["王芳", "李明", "赵丽"]
HEADER = "工号,姓名,性别,出生年份,学科,备注"
ROWS = [f"T00{i + 1},{name},女,1980,语文," for i, name in enumerate(NAMES)]
CSV_TEXT = "\n".join([HEADER, *ROWS]) + "\n"
ROSTER = {"T001": "王芳", "T002": "李明", "T003": "赵丽"}  # what conftest.seed stores


@attrs.frozen
class Case:
    """One input: ``name`` (with its suffix), the bytes, the kind, the expected outcome
    (``import`` / ``refuse`` / ``either``), text the error must contain, and limits."""

    name: str
    data: bytes
    kind: str = "teachers"
    expect: str = "either"
    contains: tuple[str, ...] = ()
    limits: ImportLimits | None = None
    names: tuple[str, ...] = ()  # for "import": names that must be stored exactly

    @property
    def id(self) -> str:
        return self.name


def _csv(name: str, data: bytes, expect: str = "either", *contains: str, **kw: Any) -> Case:
    return Case(f"{name}.csv", data, expect=expect, contains=contains, **kw)


def _rows(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# --- encodings ------------------------------------------------------------------------------


def encoding_cases() -> Iterator[Case]:
    ok = tuple(NAMES)
    yield _csv("utf8", CSV_TEXT.encode(), "import", names=ok)
    yield _csv("utf8_bom", CSV_TEXT.encode("utf-8-sig"), "import", names=ok)
    yield _csv("gbk", CSV_TEXT.encode("gbk"), "import", names=ok)
    beyond = _rows("T001,𠀀镕,女,1980,语文,")
    yield _csv("gb18030_beyond_gbk", beyond.encode("gb18030"), "import", names=("𠀀镕",))
    yield _csv("utf16_le_bom", CSV_TEXT.encode("utf-16"), "import", names=ok)
    yield _csv("utf16_be_bom", codecs.BOM_UTF16_BE + CSV_TEXT.encode("utf-16-be"), "import",
               names=ok)
    yield _csv("utf16_tab_excel_unicode_text", CSV_TEXT.replace(",", "\t").encode("utf-16"),
               "import", names=ok)
    yield _csv("utf16_le_no_bom", CSV_TEXT.encode("utf-16-le"), "refuse", "UTF-16")
    yield _csv("utf32", CSV_TEXT.encode("utf-32"), "refuse", "UTF-32")
    yield _csv("utf32_be", codecs.BOM_UTF32_BE + CSV_TEXT.encode("utf-32-be"), "refuse", "UTF-32")
    yield _csv("utf16_odd_length", CSV_TEXT.encode("utf-16") + b"\x00", "refuse", "第")
    latin = _rows("T001,José,M,1980,español,", header="teacher id,name,gender,born,subject,x")
    yield _csv("latin1", latin.encode("latin-1"), "refuse", "另存为 UTF-8 或 GBK 编码")
    trad = _rows("T001,陳國強,男,1980,國語,", "T002,黃淑華,女,1981,數學,",
                 header="工號,姓名,性別,出生年份,學科,備註")
    yield _csv("big5", trad.encode("big5"), "either")
    jis = _rows("T001,山田太郎,男,1980,国語,", header="工号,姓名,性別,出生年,科目,備考")
    yield _csv("shift_jis", jis.encode("shift_jis"), "either")
    gbk_row = "T004,孙强,男,1988,体育,\n".encode("gbk")
    yield _csv("utf8_with_gbk_row_last", CSV_TEXT.encode() + gbk_row, "refuse", "第 5 行",
               "UTF-8")
    yield _csv("utf8_with_gbk_row_first",
               (HEADER + "\n").encode() + gbk_row + "\n".join(ROWS).encode() + b"\n",
               "refuse", "第 2 行")
    yield _csv("utf8_with_gbk_row_middle",
               (HEADER + "\n" + ROWS[0] + "\n").encode() + gbk_row
               + ("\n".join(ROWS[1:]) + "\n").encode(), "refuse", "第 3 行")
    multi = (HEADER + "\n" + 'T001,王芳,女,1980,语文,"第一行\n第二行"\n').encode() + gbk_row
    yield _csv("gbk_row_after_multiline_cell", multi, "refuse", "第 3 行")
    yield _csv("gbk_with_utf8_row",
               CSV_TEXT.encode("gbk") + "T004,孙强,男,1988,体育,\n".encode(), "refuse",
               "第 5 行", "是 UTF-8 编码")
    yield _csv("bom_over_gbk", codecs.BOM_UTF8 + CSV_TEXT.encode("gbk"), "refuse")
    yield _csv("double_bom", codecs.BOM_UTF8 * 2 + CSV_TEXT.encode(), "either")
    yield _csv("bom_mid_file", CSV_TEXT.encode() + codecs.BOM_UTF8 + ROWS[0].encode(), "either")
    yield _csv("utf8_truncated_char", CSV_TEXT.encode() + "T004,孙".encode()[:-1], "refuse",
               "第 5 行")
    yield _csv("gbk_truncated_char", CSV_TEXT.encode("gbk") + "T004,孙".encode("gbk")[:-1],
               "refuse")
    yield _csv("random_high_bytes", bytes(range(128, 256)) * 4, "refuse")
    yield _csv("xlsx_named_csv", b"PK\x03\x04" + b"\x00" * 40, "refuse", ".xlsx")
    yield _csv("xls_named_csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "refuse",
               ".xls")


# --- CSV structure --------------------------------------------------------------------------


def structure_cases() -> Iterator[Case]:
    ok = tuple(NAMES)
    yield _csv("unterminated_quote_last_cell", (CSV_TEXT + 'T005,"戊老').encode(), "refuse",
               "第 5 行", "引号")
    yield _csv("unterminated_quote_first_cell", (CSV_TEXT + '"T005,戊老\n').encode(), "refuse",
               "第 5 行")
    yield _csv("unterminated_quote_spanning_lines",
               (HEADER + '\nT001,"王芳\nT002,李明\nT003,赵丽\n').encode(), "refuse", "第 2 行")
    yield _csv("unterminated_quote_gbk", (CSV_TEXT + 'T005,"戊老').encode("gbk"), "refuse",
               "第 5 行")
    yield _csv("quote_inside_unquoted_cell", _rows('T001,王"芳,女,1980,语文,').encode(), "either")
    yield _csv("text_after_closing_quote", _rows('T001,"王芳"（组长）,女,1980,语文,').encode(),
               "either")
    yield _csv("quoted_line_break", _rows('T001,王芳,女,1980,语文,"甲\n乙"').encode(), "import",
               names=("王芳",))
    yield _csv("doubled_quotes", _rows('T001,"王""芳",女,1980,语文,').encode(), "import",
               names=('王"芳',))
    yield _csv("closed_quote_at_eof", (CSV_TEXT + 'T004,"孙强"').encode(), "import",
               names=(*NAMES, "孙强"))
    yield _csv("cr_line_ends", CSV_TEXT.replace("\n", "\r").encode(), "import", names=ok)
    yield _csv("crlf_line_ends", CSV_TEXT.replace("\n", "\r\n").encode("gbk"), "import",
               names=ok)
    yield _csv("mixed_line_ends", (HEADER + "\r\n" + ROWS[0] + "\n" + ROWS[1] + "\r" + ROWS[2])
               .encode(), "import", names=ok)
    yield _csv("no_final_line_break", CSV_TEXT.rstrip("\n").encode(), "import", names=ok)
    yield _csv("empty", b"", "refuse", "表头")
    yield _csv("only_bom", codecs.BOM_UTF8, "refuse", "表头")
    yield _csv("only_blanks", b"\n\n  \n,,,\n\t\n", "refuse", "表头")
    yield _csv("header_only", (HEADER + "\n").encode(), "import", names=())
    yield _csv("tab_separated", CSV_TEXT.replace(",", "\t").encode(), "import", names=ok)
    yield _csv("semicolon_separated", CSV_TEXT.replace(",", ";").encode(), "refuse", "表头")
    yield _csv("title_rows_and_blank_lines",
               ("某某小学教师名单\n\n,,,\n" + CSV_TEXT + "\n\n,,,,,\n").encode("gbk"), "import",
               names=ok)
    huge = "x" * 140_000
    yield _csv("cell_beyond_csv_field_limit", _rows(f"T001,王芳,女,1980,语文,{huge}").encode(),
               "refuse", "第 2 行")
    yield _csv("quoted_cell_beyond_field_limit",
               _rows(f'T001,王芳,女,1980,语文,"{huge}"').encode(), "refuse", "第 2 行")


# --- characters -----------------------------------------------------------------------------


def character_cases() -> Iterator[Case]:
    for label, ch in (("nul", "\x00"), ("esc", "\x1b"), ("vt", "\x0b"), ("ff", "\x0c"),
                      ("del", "\x7f"), ("c1_nel", "\x85"), ("replacement", "\ufffd"),
                      ("bell", "\x07")):
        yield _csv(f"{label}_in_name", _rows(f"T001,王{ch}芳,女,1980,语文,").encode(), "refuse",
                   "第 2 行", "姓名")
        yield _csv(f"{label}_in_id", _rows(f"T0{ch}01,王芳,女,1980,语文,").encode("gb18030"),
                   "refuse", "第 2 行")
        yield _csv(f"{label}_in_unused_column", _rows(f"T001,王芳,女,1980,语文,备{ch}注").encode(),
                   "import", names=("王芳",))
    yield _csv("nul_in_header", CSV_TEXT.replace("姓名", "姓\x00名").encode(), "refuse", "姓名")
    yield _csv("zero_width_space", _rows("T001,王\u200b芳,女,1980,语文,").encode(), "either")
    yield _csv("full_width_digits", _rows("Ｔ００１,王芳,女,１９８０,语文,").encode(), "import",
               names=("王芳",))
    yield _csv("rtl_override", _rows("T001,王\u202e芳,女,1980,语文,").encode(), "either")


# --- sizes ----------------------------------------------------------------------------------


def size_cases() -> Iterator[Case]:
    yield _csv("long_cell_used_column", _rows("T001," + "王" * 5000 + ",女,1980,语文,").encode(),
               "refuse", "单元格过长", "姓名")
    yield _csv("long_cell_unused_column", _rows("T001,王芳,女,1980,语文," + "注" * 50_000)
               .encode(), "import", names=("王芳",))
    wide = ",".join(f"c{i}" for i in range(3000))
    yield _csv("three_thousand_columns", _rows("T001,王芳,女,1980,语文," + wide).encode(), "refuse",
               "列")
    yield _csv("trailing_empty_columns", _rows("T001,王芳,女,1980,语文," + "," * 5000).encode(),
               "import", names=("王芳",))
    many = [f"T{i:05d},名{i},女,1980,语文," for i in range(60)]
    yield _csv("more_rows_than_allowed", _rows(*many).encode(), "refuse", "行数过多",
               limits=ImportLimits(max_rows=50))
    yield _csv("blank_rows_do_not_count", (_rows(*many[:40]) + "\n" * 500).encode(), "import",
               limits=ImportLimits(max_rows=50))
    yield _csv("file_over_size_limit", CSV_TEXT.encode() * 20, "refuse", "太大",
               limits=ImportLimits(max_file_bytes=1000))
    yield _csv("many_bad_rows", _rows(*(f"T{i:05d},名{i},x,1980,语文," for i in range(300)))
               .encode(), "refuse", "另有 250 处问题未列出")


# --- values ---------------------------------------------------------------------------------

ACT_HEADER = "编号,主题,日期,开始时间,结束时间,学时"
ATT_HEADER = "活动编号,工号,状态,学时"


def value_cases() -> Iterator[Case]:
    yield _csv("formula_text", _rows("T001,=HYPERLINK(\"x\"),女,1980,语文,").encode(), "either")
    yield _csv("formula_in_number", _rows("T001,王芳,女,=1979+1,语文,").encode(), "refuse",
               "出生年份")
    for label, date in (("iso", "2017-09-05"), ("slash", "2017/9/5"), ("cn", "2017年9月5日"),
                        ("serial", "42983"), ("compact", "20170905")):
        yield Case(f"date_{label}.csv", _rows(f"A9,主题,{date},8:00,8:40,1", header=ACT_HEADER)
                   .encode(), kind="activities", expect="import")
    for label, date in (("impossible", "2017-02-30"), ("two_digit_year", "17-9-5"),
                        ("no_year", "9月5日"), ("tiny_serial", "12"), ("words", "开学初"),
                        ("huge_serial", "9" * 400)):
        yield Case(f"date_{label}.csv", _rows(f"A9,主题,{date},8:00,8:40,1", header=ACT_HEADER)
                   .encode(), kind="activities", expect="refuse", contains=("日期",))
    for label, hours in (("1e30", "1e30"), ("inf", "inf"), ("nan", "nan"), ("negative", "-1"),
                         ("400_digits", "9" * 400), ("1e400", "1e400"), ("a_day_and_more", "33"),
                         ("over_the_cap", "1001"),
                         ("100000", "100000"), ("ten_times_the_lesson", "10")):
        yield Case(f"hours_{label}.csv", _rows(f"A9,公开课,2017-10-10,08:00,08:40,{hours}",
                                               header=ACT_HEADER).encode(),
                   kind="activities", expect="refuse", contains=("学时",))
        yield Case(f"attendance_hours_{label}.csv", _rows(f"A2,T001,出席,{hours}",
                                                          header=ATT_HEADER).encode(),
                   kind="attendance", expect="refuse", contains=("学时",))
    yield Case("hours_within_reason.csv", _rows("A9,公开课,2017-10-10,08:00,08:40,2",
                                                header=ACT_HEADER).encode(),
               kind="activities", expect="import")
    yield Case("attendance_speaker_credit.csv", _rows("A2,T001,出席,4", header=ATT_HEADER)
               .encode(), kind="attendance", expect="import")


# --- workbooks ------------------------------------------------------------------------------


def _book(build: Callable[[Any], None]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(sheet: Any, rows: Sequence[Sequence[object]]) -> None:
    for row in rows:
        sheet.append(list(row))


TABLE: list[list[object]] = [["工号", "姓名", "出生年份"], ["T001", "王芳", 1980],
                             ["T002", "李明", 1990]]


def raw_xlsx(sheet_xml: Sequence[bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook written by hand, one ``<worksheet>`` body per sheet."""
    sheets = "".join(f'<sheet name="S{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                     for i in range(len(sheet_xml)))
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheet_xml)))
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheet_xml)))
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'{overrides}</Types>').encode(),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            b'//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>').encode(),
    }
    for i, body in enumerate(sheet_xml):
        members[f"xl/worksheets/sheet{i + 1}.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main">' + body + b"</worksheet>")
    members.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def inline_rows(rows: Sequence[Sequence[str]], first: int = 1) -> bytes:
    """``<sheetData>`` of inline-string rows."""
    cols = "ABCDEFGHIJ"
    body = "".join(
        f'<row r="{n}">' + "".join(
            f'<c r="{cols[j]}{n}" t="inlineStr"><is><t>{v}</t></is></c>' for j, v in enumerate(row)
        ) + "</row>" for n, row in enumerate(rows, start=first))
    return f"<sheetData>{body}</sheetData>".encode()


def lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with ``member``'s uncompressed size in the central directory set to ``size``."""
    raw = bytearray(data)
    name = member.encode()
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        if bytes(raw[at + 46: at + 46 + name_len]) == name:
            struct.pack_into("<I", raw, at + 24, size)
            return bytes(raw)
        at = raw.find(b"PK\x01\x02", at + 4)
    raise KeyError(member)


def workbook_cases() -> Iterator[Case]:
    def xlsx(name: str, data: bytes, expect: str = "either", *contains: str, **kw: Any) -> Case:
        return Case(f"{name}.xlsx", data, expect=expect, contains=contains, **kw)

    def one(book: Any) -> None:
        _table(book.active, TABLE)

    yield xlsx("plain", _book(one), "import", names=("王芳", "李明"))

    def two_same(book: Any) -> None:
        book.active.title = "一月"
        _table(book.active, TABLE[:2])
        _table(book.create_sheet("二月"), [TABLE[0], TABLE[2]])

    yield xlsx("two_sheets_same_columns", _book(two_same), "import", names=("王芳", "李明"))

    def two_other(book: Any) -> None:
        _table(book.active, TABLE)
        _table(book.create_sheet("职称"), [["工号", "姓名", "职称"], ["T001", "王芳", "一级"]])

    yield xlsx("two_sheets_other_columns", _book(two_other), "refuse", "职称")

    def with_notes(book: Any) -> None:
        book.active.title = "说明"
        _table(book.active, [["填表说明"], ["1. 工号必填"], ["2. 日期写作 2017-09-01"]])
        _table(book.create_sheet("名单"), TABLE)
        book.create_sheet("空表")

    yield xlsx("notes_and_empty_sheets", _book(with_notes), "import", names=("王芳", "李明"))

    def headless(book: Any) -> None:
        _table(book.active, TABLE)
        _table(book.create_sheet("统计"), [["组", "人数", "比例"], ["语文", 3, 0.5]])

    yield xlsx("table_without_header", _book(headless), "refuse", "统计")

    def hidden(book: Any) -> None:
        _table(book.active, TABLE[:2])
        extra = book.create_sheet("隐藏")
        _table(extra, [TABLE[0], TABLE[2]])
        extra.sheet_state = "hidden"

    yield xlsx("hidden_sheet", _book(hidden), "import", names=("王芳", "李明"))

    def formulas(book: Any) -> None:
        _table(book.active, [*TABLE, ["T004", "=A1&B1", "=1979+1"]])

    yield xlsx("formulas_without_cached_values", _book(formulas), "refuse", "第 4 行")

    def odd_cells(book: Any) -> None:
        _table(book.active, [["工号", "姓名", "出生年份", "备注"],
                             ["T001", "王芳", 1e308, True],
                             ["T002", "李明", dt.datetime(1990, 3, 1), "#DIV/0!"],
                             ["T003", "赵丽", 10**30, None],
                             ["T004", "孙强", -1.5, dt.time(8, 0)],
                             [12345678901234567890, "钱七", 1985, None]])

    yield xlsx("odd_cell_types", _book(odd_cells), "refuse", "出生年份")

    def merged(book: Any) -> None:
        _table(book.active, [["教师名单", None, None], *TABLE])
        book.active.merge_cells("A1:C1")

    yield xlsx("merged_title", _book(merged), "import", names=("王芳", "李明"))

    def chart(book: Any) -> None:
        from openpyxl.chart import BarChart, Reference

        _table(book.active, TABLE)
        bars = BarChart()
        bars.add_data(Reference(book.active, min_col=3, min_row=1, max_row=3), titles_from_data=True)
        book.create_chartsheet("图表").add_chart(bars)

    yield xlsx("chart_sheet", _book(chart), "import", names=("王芳", "李明"))

    def long_cell(book: Any) -> None:
        _table(book.active, [*TABLE, ["T004", "王" * 3_000_000, 1980]])

    yield xlsx("three_million_character_cell", _book(long_cell), "refuse", "单元格过长")
    header = inline_rows([["工号", "姓名"], ["T001", "王芳"]])
    yield xlsx("declared_million_rows",
               raw_xlsx([b'<dimension ref="A1:B1048576"/>' + header]), "refuse", "1048576")
    yield xlsx("declared_one_cell_but_more", raw_xlsx([b'<dimension ref="A1"/>' + header]),
               "import", names=("王芳",))
    many = [["工号", "姓名"], *([f"T{i}", f"名{i}"] for i in range(300))]
    yield xlsx("streamed_rows_over_limit", raw_xlsx([inline_rows(many)]), "refuse", "行数过多",
               limits=ImportLimits(max_rows=100))
    far = inline_rows([["工号", "姓名"], ["T001", "王芳"]]).replace(
        b"</sheetData>", b'<row r="1048576"><c r="A1048576" s="0"/></row></sheetData>')
    yield xlsx("styled_cell_at_the_bottom", raw_xlsx([far]), "import", names=("王芳",))
    bomb = raw_xlsx([header], {"xl/media/padding.bin": b"\x00" * (3 * 1024 * 1024)})
    yield xlsx("zip_bomb", bomb, "refuse", "解压后",
               limits=ImportLimits(max_xlsx_unzipped_bytes=2 * 1024 * 1024))
    yield xlsx("lying_zip_directory",
               lie_about_size(raw_xlsx([header]), "xl/worksheets/sheet1.xml", 3_000_000_000),
               "refuse", "解压后")
    whole = raw_xlsx([header])
    yield xlsx("truncated_zip", whole[: len(whole) // 2], "refuse", "Excel")
    yield xlsx("zip_without_workbook", _zip({"hello.txt": b"hi"}), "refuse", "Excel")
    yield xlsx("not_a_zip", CSV_TEXT.encode(), "refuse", "Excel")
    yield xlsx("empty_file", b"", "refuse", "Excel")
    broken = raw_xlsx([b"<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x"])
    yield xlsx("malformed_sheet_xml", broken, "refuse", "Excel")
    bad_date = raw_xlsx([b'<sheetData><row r="1"><c r="A1" t="d"><v>not-a-date</v></c></row>'
                         b"</sheetData>"])
    yield xlsx("invalid_date_cell", bad_date, "refuse")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def bad_inputs() -> Iterator[Case]:
    """Every case, each class in turn."""
    yield from encoding_cases()
    yield from structure_cases()
    yield from character_cases()
    yield from size_cases()
    yield from value_cases()
    yield from workbook_cases()
