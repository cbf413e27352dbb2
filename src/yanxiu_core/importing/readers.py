"""Reading a spreadsheet file into rows of raw cells, with the spreadsheet's own row numbers.

CSV cells are strings; ``.xlsx`` cells keep their types (numbers, ``datetime`` for date cells,
``time`` for time cells), which the value parsers understand. openpyxl is imported only when an
``.xlsx`` file is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import attrs

from ..errors import DataError, Problem
from .encoding import decode

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@attrs.frozen
class Sheet:
    """One table of a file: ``rows`` are ``(row number, cells)``, numbered from 1 as the
    spreadsheet shows them (title rows and blank rows counted)."""

    name: str
    rows: Sequence[tuple[int, Sequence[object]]]


def read_sheets(data: bytes, suffix: str, file: str) -> list[Sheet]:
    """The tables in a file's content; CSV has one, a workbook one per worksheet."""
    suffix = suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [read_csv(data, file)]
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(data, file)
    hint = "请在 Excel/WPS 中另存为 .xlsx 或 CSV" if suffix in (".xls", ".et", ".ods") else ""
    raise DataError(
        f"导入失败：不支持的文件类型 {suffix or '（无扩展名）'}，未写入任何数据",
        [Problem("不支持的文件类型" + (f"，{hint}" if hint else ""), file=file, value=suffix,
                 expected="CSV（.csv）或 Excel 工作簿（.xlsx）")],
    )


def _delimiter(text: str) -> str:
    """Tab for tab-separated exports, else comma (how Excel and WPS write CSV in China)."""
    for line in text.splitlines():
        if line.strip():
            return "\t" if "\t" in line and "," not in line else ","
    return ","


def read_csv(data: bytes, file: str) -> Sheet:
    text, _encoding = decode(data, file)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        # Numbered by record, as a spreadsheet program shows the file (a quoted cell holding a
        # line break is still one row).
        rows = [(n, row) for n, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise DataError(
            f"导入失败：{file} 不是有效的 CSV，未写入任何数据",
            [Problem(f"CSV 格式错误（{exc}）", file=file, where=f"第 {reader.line_num} 行",
                     expected="逗号分隔、引号成对的 CSV")],
        ) from None
    return Sheet(name="", rows=rows)


def read_xlsx(data: bytes, file: str) -> list[Sheet]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DataError(
            f"导入失败：无法打开 {file}，未写入任何数据",
            [Problem(f"不是有效的 Excel 工作簿（{type(exc).__name__}）", file=file,
                     expected="Excel 2007 及以后的 .xlsx 文件")],
        ) from None
    try:
        sheets = []
        for ws in book.worksheets:
            # Some writers record wrong sheet dimensions; read every row that is really there.
            ws.reset_dimensions()
            rows = [(n, list(cells)) for n, cells in
                    enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)]
            sheets.append(Sheet(name=ws.title, rows=rows))
        return sheets
    finally:
        book.close()
