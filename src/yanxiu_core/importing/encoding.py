"""Text encoding of CSV files: decided from the whole file, never asked for, never guessed wrong.

Schools' CSVs come from Excel or WPS in UTF-8 (with or without BOM), as "Unicode text" (UTF-16
with a BOM) or, on Chinese Windows, in GBK. The rule (docs/import.md, decision 0014):

1. a UTF-16 BOM: UTF-16;
2. the whole file is valid UTF-8 (``utf-8-sig`` also drops a BOM): UTF-8. Chinese text in GBK
   is practically never valid UTF-8 by accident;
3. otherwise GB18030 (a superset of GBK and GB2312), but only if the result is plausible:
   decodes without error, holds no C1 control characters and no U+FFFD, its Chinese is mostly
   common characters — and no line of the file is Chinese in UTF-8. That last point catches
   the dangerous case: a UTF-8 file with one row pasted in GBK is not valid UTF-8, and decoding
   it whole as GB18030 turns every other row into plausible-looking mojibake;
4. anything else is refused, naming the first row that is not valid UTF-8.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import itertools
import re

from ..errors import DataError, Problem

ENCODINGS = ("utf-8-sig", "gb18030")
SAVE_AS = ("UTF-8（可带 BOM）或 GBK/GB18030 编码的 CSV，或 .xlsx 文件；"
           "请另存为 UTF-8 或 GBK 编码（Excel/WPS：另存为 “CSV UTF-8”）")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# Marks the end of a prefix when counting its CSV records (never in a real file).
_SENTINEL = "\ue000\ue001yanxiu\ue001"


def decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding that decoded it (``utf-8-sig``, ``utf-16`` or
    ``gb18030``); a :class:`DataError` naming the row for a file that is neither."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise DataError(
            f"导入失败：无法识别 {file} 的文字编码，未写入任何数据",
            [Problem("文件是 UTF-32 编码", file=file, expected=SAVE_AS)],
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, file)
    _refuse_binary(data, file)
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    utf8_lines, other_lines = _classify_lines(data)
    if utf8_lines:
        raise _mixed(data, file, utf8_lines, other_lines)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise _refusal(
            file, data, first_bad, "这一行既不是 UTF-8 也不是 GBK/GB18030 编码",
        ) from None
    found = implausible(text)
    if found is not None:
        reason, at = found
        raise DataError(
            f"导入失败：无法识别 {file} 的文字编码，未写入任何数据",
            [Problem(f"按 GBK/GB18030 读出的文字不可信（{reason}）", file=file,
                     where=f"第 {record_number(text[:at])} 行", expected=SAVE_AS)],
        )
    return text, "gb18030"


def _utf16(data: bytes, file: str) -> tuple[str, str]:
    try:
        return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as exc:
        text = data[: exc.start - exc.start % 2].decode("utf-16", errors="replace")
        row = record_number(text)
        raise DataError(
            f"导入失败：无法识别 {file} 的文字编码，未写入任何数据",
            [Problem("文件以 UTF-16 标记开头，但这一行有无效的字节", file=file,
                     where=f"第 {row} 行", expected=SAVE_AS)],
        ) from None


def _refuse_binary(data: bytes, file: str) -> None:
    """A workbook saved under a ``.csv`` name, or UTF-16 without its BOM, is not text we can
    read: say what it is instead of reporting garbage rows."""
    if data.startswith(_ZIP_MAGIC):
        what, expected = "这是 Excel 工作簿（.xlsx），不是 CSV", "把文件扩展名改为 .xlsx 后再导入"
    elif data.startswith(_OLE_MAGIC):
        what, expected = "这是旧版 Excel 工作簿（.xls），不是 CSV", "在 Excel/WPS 中另存为 .xlsx 或 CSV"
    elif data and data.count(0) * 4 >= len(data):
        what, expected = "文件中四分之一以上是 NUL 字节：是没有 BOM 的 UTF-16 或二进制文件", SAVE_AS
    else:
        return
    raise DataError(
        f"导入失败：无法识别 {file} 的文字编码，未写入任何数据",
        [Problem(what, file=file, expected=expected)],
    )


def _classify_lines(data: bytes) -> tuple[list[int], list[int]]:
    """Line numbers (1-based, physical) of the lines that are Chinese in UTF-8, and of the
    other lines with bytes beyond ASCII (invalid as UTF-8, or valid only by accident)."""
    utf8: list[int] = []
    other: list[int] = []
    for number, line in enumerate(data.splitlines(), start=1):
        if line.isascii():
            continue
        (utf8 if _is_utf8_chinese(line) else other).append(number)
    return utf8, other


def _is_utf8_chinese(line: bytes) -> bool:
    """Whether a line is Chinese written in UTF-8 rather than GBK bytes that happen to be
    valid UTF-8: it decodes, has characters beyond U+07FF, holds common Chinese characters
    (GB2312 level 1 and Chinese punctuation), and read as GB18030 it would hold no more of
    them. GBK lines of common characters are (measured) never taken for UTF-8."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not any(ord(ch) >= 0x800 for ch in text):
        return False
    try:
        as_gbk = line.decode("gb18030")
    except UnicodeDecodeError:
        return True
    common = _common_count(text)
    return common > 0 and common >= _common_count(as_gbk)


def _is_common(ch: str) -> bool:
    """A character of GB2312 level 1 (the 3755 most used) or common Chinese punctuation."""
    if ch.isascii():
        return False
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and (0xB0 <= encoded[0] <= 0xD7 or encoded[0] in (0xA1, 0xA3))


def _common_count(text: str) -> int:
    return sum(1 for ch in text if _is_common(ch))


_IMPLAUSIBLE = re.compile("[\x80-\x9f\ufffd]")
_HANZI = re.compile("[\u4e00-\u9fff]")
_RARITY_SAMPLE = 20_000  # hanzi looked at for the share of common characters


def implausible(text: str) -> tuple[str, int] | None:
    """Why GB18030-decoded ``text`` is not believable Chinese, and where; or ``None``."""
    found = _IMPLAUSIBLE.search(text)
    if found is not None:
        code = ord(found.group())
        what = "替换字符 U+FFFD" if code == 0xFFFD else f"控制字符 U+{code:04X}"
        return f"含有{what}", found.start()
    hanzi = [m.group() for m in itertools.islice(_HANZI.finditer(text), _RARITY_SAMPLE)]
    if len(hanzi) >= 20 and _common_count("".join(hanzi)) * 2 < len(hanzi):
        return "大部分汉字是生僻字，像是乱码", 0
    return None


def record_number(text: str) -> int:
    """The CSV record (row as a spreadsheet shows it) that the end of ``text`` is in: line
    breaks inside a quoted cell do not start a row."""
    try:
        return max(1, sum(1 for _ in csv.reader(io.StringIO(text + _SENTINEL, newline=""))))
    except csv.Error:
        return len(text.splitlines()) or 1


def _rows_of_lines(data: bytes, lines: list[int]) -> list[int]:
    """CSV record numbers of physical line numbers (one pass over the file)."""
    text = data.decode("utf-8", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    ends: list[int] = []  # last physical line of each record
    try:
        for _ in reader:
            ends.append(reader.line_num)
    except csv.Error:
        return lines
    return [min(bisect.bisect_left(ends, line) + 1, max(len(ends), 1)) for line in lines]


def _refusal(file: str, data: bytes, offset: int, message: str) -> DataError:
    line = len(data[:offset].splitlines()) or 1
    if data[:offset].endswith((b"\n", b"\r")):
        line += 1
    row = _rows_of_lines(data, [line])[0]
    return DataError(
        f"导入失败：无法识别 {file} 的文字编码，未写入任何数据",
        [Problem(message, file=file,
                 where=f"第 {row} 行", expected=SAVE_AS)],
    )


def _mixed(data: bytes, file: str, utf8_lines: list[int], other_lines: list[int]) -> DataError:
    """A file whose lines are in two encodings: name the odd ones out (the first 50)."""
    if len(utf8_lines) >= len(other_lines):
        odd, message = other_lines, "这一行不是 UTF-8 编码，而文件其余部分是 UTF-8"
    else:
        odd, message = utf8_lines, "这一行是 UTF-8 编码，而文件其余部分不是（像是 GBK）"
    rows = dict.fromkeys(_rows_of_lines(data, odd[:50]))
    problems = [Problem(message, file=file, where=f"第 {row} 行",
                        expected=f"整个文件使用同一种编码；{SAVE_AS}") for row in rows]
    return DataError(
        f"导入失败：{file} 混用了两种文字编码（UTF-8 和 GBK），未写入任何数据", problems
    )
