"""A CSV's encoding is decided from the whole file: mixed files are refused by row, never stored
as mojibake; control characters and unterminated quotes are located problems."""

from __future__ import annotations

import codecs

import pytest
from importcheck import SCHOOL, TERM, Importer

from yanxiu_core.errors import DataError
from yanxiu_core.importing.encoding import _is_utf8_chinese, decode

HEADER = "工号,姓名,学科\n"
ROWS = ["T001,王芳,语文\n", "T002,李明,数学\n", "T003,赵丽,英语\n"]
TEXT = HEADER + "".join(ROWS)


def names(importer: Importer) -> list[str]:
    return [t.name for t in importer.store.records(SCHOOL, TERM).teachers()]


def test_utf8_file_with_one_gbk_row_is_refused_naming_the_row(importer: Importer) -> None:
    data = TEXT.encode() + "T004,孙强,体育\n".encode("gbk")
    # before: decoded whole as GB18030, every UTF-8 row became mojibake and the import passed
    assert data.decode("gb18030")
    err = importer.refused("teachers", "mixed.csv", data)
    assert [(p.file, p.where) for p in err.problems] == [("mixed.csv", "第 5 行")]
    assert "不是 UTF-8 编码" in err.problems[0].message
    assert "请另存为 UTF-8 或 GBK 编码" in err.problems[0].expected
    assert "混用了两种文字编码" in str(err)


def test_gbk_file_with_one_utf8_row_names_the_utf8_row(importer: Importer) -> None:
    data = TEXT.encode("gbk") + "T004,孙强,体育\n".encode() + "T005,钱七,美术\n".encode("gbk")
    err = importer.refused("teachers", "mixed.csv", data)
    assert [p.where for p in err.problems] == ["第 5 行"]
    assert "是 UTF-8 编码" in err.problems[0].message


def test_row_numbers_count_records_not_lines(importer: Importer) -> None:
    data = (HEADER + 'T001,王芳,"语文\n数学\n英语"\n').encode() + "T004,孙强,体育\n".encode("gbk")
    err = importer.refused("teachers", "mixed.csv", data)
    assert err.problems[0].where == "第 3 行"  # the quoted cell's line breaks are one row


def test_a_bom_over_gbk_bytes_is_refused(importer: Importer) -> None:
    importer.refused("teachers", "bom.csv", codecs.BOM_UTF8 + TEXT.encode("gbk"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16",
                                      "utf-16-be-bom"])
def test_each_accepted_encoding_reads_the_names_right(importer: Importer, encoding: str) -> None:
    if encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")
    else:
        data = TEXT.encode(encoding)
    importer.run("teachers", "t.csv", data)
    assert names(importer) == ["王芳", "李明", "赵丽"]


def test_neither_utf8_nor_gbk_names_the_first_row_that_is_not_utf8(importer: Importer) -> None:
    data = b"teacher id,name\nT001,Wang\nT002,Li\nT003,\xff\xfe\xfd\nT004,\xff\n"
    err = importer.refused("teachers", "bad.csv", data)
    problem = err.problems[0]
    assert (problem.file, problem.where) == ("bad.csv", "第 4 行")
    assert "既不是 UTF-8 也不是 GBK/GB18030" in problem.message
    assert "请另存为 UTF-8 或 GBK 编码" in problem.expected
    # in an otherwise Chinese UTF-8 file the same bytes are the odd row out
    err = importer.refused("teachers", "bad.csv", TEXT.encode() + b"T004,\xff\xfe\xfd\n")
    assert (err.problems[0].where, err.problems[0].message) == (
        "第 5 行", "这一行不是 UTF-8 编码，而文件其余部分是 UTF-8")


def test_implausible_gb18030_is_refused_at_its_row() -> None:
    # U+0085 (a C1 control) written in GB18030's four-byte form: decodes, but is no text
    data = (TEXT + "T004,孙\x85强,体育\n").encode("gb18030")
    with pytest.raises(DataError) as info:
        decode(data, "c1.csv")
    assert info.value.problems[0].where == "第 5 行"
    assert "U+0085" in info.value.problems[0].message


def test_workbook_and_utf16_without_bom_named_as_such() -> None:
    with pytest.raises(DataError, match=r"Excel 工作簿（\.xlsx）"):
        decode(b"PK\x03\x04" + b"\x00" * 30, "a.csv")
    with pytest.raises(DataError, match="没有 BOM 的 UTF-16"):
        decode("teacher id,name\nT1,Wang\n".encode("utf-16-le"), "a.csv")


def test_gbk_text_is_never_taken_for_utf8() -> None:
    """Every pair of GB2312 characters encoded in GBK (the lines a mixed-file check could
    mistake for UTF-8): none is taken for Chinese in UTF-8, so GBK files are never refused."""
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    assert len(chars) == 6763
    lines = [f"T1,{a}{b},1".encode("gbk") for a, b in zip(chars, chars[1:] + chars[:1],
                                                           strict=True)]
    lines += [f"T1,{a}{b}{c}".encode("gbk") for a, b, c in zip(chars, chars[7:], chars[13:],
                                                               strict=False)]
    assert not any(_is_utf8_chinese(line) for line in lines)
    assert all(_is_utf8_chinese(line.decode("gbk").encode()) for line in lines[:2000])


# --- characters and quotes -------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x0b", "\x0c", "\x7f", "\x85", "\ufffd"])
def test_control_character_in_a_cell_is_a_row_error(importer: Importer, char: str) -> None:
    data = (HEADER + f"T001,王芳,语{char}文\n").encode()
    err = importer.refused("teachers", "ctl.csv", data)
    problem = err.problems[0]
    assert (problem.file, problem.where) == ("ctl.csv", "第 2 行, 列 “学科”")
    assert f"U+{ord(char):04X}" in problem.message


def test_tab_and_line_breaks_in_a_cell_are_fine(importer: Importer) -> None:
    importer.run("teachers", "t.csv", (HEADER + 'T001,王芳,"语文\r\n\t数学"\n').encode())
    assert names(importer)[0] == "王芳"


def test_control_characters_in_unused_columns_do_no_harm(importer: Importer) -> None:
    data = ("工号,姓名,备注\nT001,王芳,\x00\x1b\x07\n").encode()
    result = importer.run("teachers", "t.csv", data)
    assert result.ignored_columns == ("备注",)


def test_unterminated_quote_at_the_end_is_refused_naming_the_row(importer: Importer) -> None:
    data = (TEXT + 'T05,"戊老').encode()
    err = importer.refused("teachers", "cut.csv", data)
    problem = err.problems[0]
    assert (problem.file, problem.where) == ("cut.csv", "第 5 行")
    assert "引号没有闭合" in problem.message
    # the same with the final line break, and after a line break inside the open quote
    assert importer.refused("teachers", "cut.csv", data + b"\n").problems[0].where == "第 5 行"
    assert importer.refused("teachers", "cut.csv", data + "\n师\n".encode()).problems[0].where \
        == "第 5 行"


def test_a_quote_opened_early_swallowing_the_file_is_refused(importer: Importer) -> None:
    data = (HEADER + 'T001,"王芳,语文\n' + "".join(ROWS[1:])).encode("gbk")
    err = importer.refused("teachers", "open.csv", data)
    assert err.problems[0].where == "第 2 行"


def test_properly_closed_quotes_at_the_end_are_fine(importer: Importer) -> None:
    importer.run("teachers", "t.csv", (TEXT + 'T004,"孙强","体育"').encode())
    assert names(importer)[-1] == "孙强"
