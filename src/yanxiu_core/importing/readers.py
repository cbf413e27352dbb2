"""Reading a spreadsheet file into rows of raw cells, with the spreadsheet's own row numbers.

CSV cells are strings; ``.xlsx`` cells keep their types (numbers, ``datetime`` for date cells,
``time`` for time cells), which the value parsers understand. openpyxl is imported only when an
``.xlsx`` file is read.

Rows blank in every cell are not kept (their numbers still count), and a row's trailing blank
cells are dropped. Every file is bounded by :class:`~.limits.ImportLimits`: rows, columns and,
for a workbook, its decompressed size — checked before it is unpacked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

import attrs

from ..errors import DataError, Problem
from .encoding import decode
from .limits import DEFAULT_LIMITS, ImportLimits, size_text
from .normalize import EDGE_BLANKS, is_blank

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

# Appended to a CSV's text to see whether the file ends inside a quoted cell: it then becomes
# part of that cell instead of a row of its own (Python's csv module accepts such a file).
_EOF_MARK = "\ue000\ue001yanxiu-eof\ue001"


@attrs.frozen
class Sheet:
    """One table of a file: ``rows`` are ``(row number, cells)``, numbered from 1 as the
    spreadsheet shows them (title rows and blank rows counted, blank rows not kept).
    ``chart``: a chart sheet, which holds no cells."""

    name: str
    rows: Sequence[tuple[int, Sequence[object]]]
    chart: bool = False

    def label(self) -> str:
        """``工作表 “名单” `` for messages; empty for a CSV."""
        return f"工作表 “{self.name}” " if self.name else ""


def read_sheets(data: bytes, suffix: str, file: str,
                limits: ImportLimits = DEFAULT_LIMITS) -> list[Sheet]:
    """The tables in a file's content; CSV has one, a workbook one per sheet (in order)."""
    suffix = suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [read_csv(data, file, limits)]
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(data, file, limits)
    hint = "请在 Excel/WPS 中另存为 .xlsx 或 CSV" if suffix in (".xls", ".et", ".ods") else ""
    raise DataError(
        f"导入失败：不支持的文件类型 {suffix or '（无扩展名）'}，未写入任何数据",
        [Problem("不支持的文件类型" + (f"，{hint}" if hint else ""), file=file, value=suffix,
                 expected="CSV（.csv）或 Excel 工作簿（.xlsx）")],
    )


def _delimiter(text: str) -> str:
    """Tab for tab-separated exports, else comma (how Excel and WPS write CSV in China)."""
    for line in io.StringIO(text, newline=""):
        if line.strip():
            return "\t" if "\t" in line and "," not in line else ","
    return ","


def _invalid_csv(file: str, row: int, message: str, expected: str) -> DataError:
    return DataError(f"导入失败：{file} 不是有效的 CSV，未写入任何数据",
                     [Problem(message, file=file, where=f"第 {row} 行", expected=expected)])


def read_csv(data: bytes, file: str, limits: ImportLimits = DEFAULT_LIMITS) -> Sheet:
    """The rows of a CSV file: encoding decided from the whole file, one row per record (a
    quoted cell may hold line breaks), a file that ends inside a quoted cell refused."""
    text, _encoding = decode(data, file)
    reader = csv.reader(io.StringIO(text + "\n" + _EOF_MARK, newline=""),
                        delimiter=_delimiter(text))
    try:
        # Numbered by record, as a spreadsheet program shows the file.
        rows = _kept_rows(_until_mark(reader, file), file, "", limits)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _invalid_csv(
                file, _record_of(text, reader.line_num),
                f"单元格超过 {csv.field_size_limit()} 字（常见原因：引号没有闭合）",
                "成对的英文双引号；单元格内容不要过长",
            ) from None
        raise _invalid_csv(file, _record_of(text, reader.line_num), f"CSV 格式错误（{exc}）",
                           "逗号分隔、引号成对的 CSV") from None
    return Sheet(name="", rows=rows)


def _record_of(text: str, physical_line: int) -> int:
    """The record a physical line is in (line breaks inside quotes join lines)."""
    from .encoding import record_number

    lines = text.splitlines(keepends=True)[: max(physical_line - 1, 0)]
    return record_number("".join(lines))


def _until_mark(records: Iterator[list[str]], file: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV's records, numbered, without the end mark — read as they come (a file of blank
    lines is not held in memory). The mark is the last record; a record that swallowed it has a
    quoted cell that was never closed. Each record is handed on once the next one is read, so
    only the last is looked at."""
    last = next(records, None)
    if last is None:
        return
    number = 0
    for cells in records:
        number += 1
        yield number, last
        last = cells
    if last == [_EOF_MARK]:
        return
    if last and last[-1].endswith(_EOF_MARK):
        raise _invalid_csv(
            file, number + 1,
            "引号没有闭合：这一行有一个以英文双引号开头的单元格，直到文件末尾都没有结尾的引号",
            "成对的英文双引号，如 \"王芳\"；文件可能被截断了，请重新导出",
        )
    if last:  # never: the text ends with the mark
        yield number + 1, last


def _kept_rows(rows: Iterable[tuple[int, Sequence[object]]], file: str, sheet_label: str,
               limits: ImportLimits, already: int = 0) -> list[tuple[int, Sequence[object]]]:
    """Non-blank rows with trailing blank cells dropped, within the row and column limits;
    ``already``: rows kept from earlier sheets of the file."""
    kept: list[tuple[int, Sequence[object]]] = []
    keep = kept.append
    room = limits.max_rows - already
    widest = limits.max_columns
    for number, cells in rows:
        width = len(cells)
        last = cells[-1] if cells else None
        if type(last) is not str or not last.strip(EDGE_BLANKS):  # else (most rows): all kept
            while width and is_blank(cells[width - 1]):
                width -= 1
            if not width:
                continue
            cells = cells[:width]
        if width > widest:
            raise DataError(
                f"导入失败：{file} 的列数过多，未写入任何数据",
                [Problem(f"这一行有 {width} 列，超过上限 {limits.max_columns} 列", file=file,
                         where=f"{sheet_label}第 {number} 行",
                         expected=f"不超过 {limits.max_columns} 列；请删除多余的列")],
            )
        if len(kept) >= room:
            raise too_many_rows(file, f"{sheet_label}第 {number} 行", limits)
        keep((number, cells if cells.__class__ is list else list(cells)))
    return kept


def too_many_rows(file: str, where: str, limits: ImportLimits) -> DataError:
    return DataError(
        f"导入失败：{file} 的行数过多，未写入任何数据",
        [Problem(f"超过 {limits.max_rows} 行（不含空行），在这一行停止读取", file=file,
                 where=where,
                 expected=f"每个文件不超过 {limits.max_rows} 行；请拆分文件或删除多余的行")],
    )


def _not_a_workbook(file: str, exc: BaseException, where: str = "") -> DataError:
    return DataError(
        f"导入失败：无法打开 {file}，未写入任何数据",
        [Problem(f"不是有效的 Excel 工作簿（{type(exc).__name__}）", file=file, where=where,
                 expected="Excel 2007 及以后的 .xlsx 文件；请在 Excel/WPS 中打开后重新保存")],
    )


def check_zip(data: bytes, file: str, limits: ImportLimits) -> None:
    """Refuse a workbook whose parts would decompress beyond the limits, before unpacking it.

    The sizes come from the zip's directory; Python's zipfile never inflates a part beyond
    its recorded size (and fails on a mismatch), so the check holds for lying archives too.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _not_a_workbook(file, exc) from None
    total = sum(info.file_size for info in infos)
    biggest = max(infos, key=lambda info: info.file_size, default=None)
    problems = []
    if biggest is not None and biggest.file_size > limits.max_xlsx_member_bytes:
        problems.append(Problem(
            f"工作簿的部件 {biggest.filename} 解压后有 {size_text(biggest.file_size)}，超过上限 "
            f"{size_text(limits.max_xlsx_member_bytes)}", file=file,
            expected="正常的工作簿（可能是“压缩炸弹”，或工作表中有大量空行、格式）"))
    elif total > limits.max_xlsx_unzipped_bytes:
        problems.append(Problem(
            f"工作簿解压后共 {size_text(total)}（文件本身 {size_text(len(data))}），超过上限 "
            f"{size_text(limits.max_xlsx_unzipped_bytes)}", file=file,
            expected="正常的工作簿（可能是“压缩炸弹”，或工作表中有大量空行、格式）"))
    if problems:
        raise DataError(f"导入失败：{file} 解压后过大，未写入任何数据", problems)


def read_xlsx(data: bytes, file: str, limits: ImportLimits = DEFAULT_LIMITS) -> list[Sheet]:
    """Every sheet of a workbook, in order (chart sheets as empty :class:`Sheet` s).

    A damaged workbook is a :class:`DataError` naming the sheet and row where reading
    stopped, never another exception."""
    check_zip(data, file, limits)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged file can fail anywhere inside openpyxl
        raise _not_a_workbook(file, exc) from None
    sheets: list[Sheet] = []
    kept = 0
    try:
        worksheets = {ws.title: ws for ws in book.worksheets}
        for name in book.sheetnames:
            ws = worksheets.get(name)
            if ws is None:
                sheets.append(Sheet(name=name, rows=(), chart=True))
                continue
            label = f"工作表 “{name}” "
            declared = ws.max_row if isinstance(ws.max_row, int) else 0
            if declared > limits.max_rows:
                raise DataError(
                    f"导入失败：{file} 的行数过多，未写入任何数据",
                    [Problem(f"工作表的使用范围有 {declared} 行，超过上限 {limits.max_rows} 行",
                             file=file, where=label.strip(),
                             expected="删除表格下方多余的行（包括只有格式的空行）后重新保存，"
                                      "或拆分文件")],
                )
            # Some writers record wrong sheet dimensions; read every row that is really there.
            ws.reset_dimensions()
            progress = _Progress()
            try:
                rows = _kept_rows(progress.track(ws.iter_rows(min_row=1, values_only=True)),
                                  file, label, limits, already=kept)
            except DataError:
                raise
            except Exception as exc:
                raise _not_a_workbook(file, exc, f"{label}第 {progress.last + 1} 行附近") from None
            kept += len(rows)
            sheets.append(Sheet(name=name, rows=rows))
    except DataError:
        raise
    except Exception as exc:
        raise _not_a_workbook(file, exc) from None
    finally:
        book.close()
    return sheets


@attrs.define
class _Progress:
    """The last row number handed out, to say where a damaged sheet stopped."""

    last: int = 0

    def track(self, rows: Iterable[Sequence[object]]) -> Iterable[tuple[int, Sequence[object]]]:
        for number, cells in enumerate(rows, start=1):
            self.last = number
            yield number, cells
