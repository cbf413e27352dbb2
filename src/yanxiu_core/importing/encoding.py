"""Text encoding of CSV files: detected, never asked for.

Schools' CSVs come from Excel or WPS in UTF-8 (with or without BOM) or, on Chinese Windows, in
GBK. UTF-8 is tried first (``utf-8-sig`` also drops a BOM): valid UTF-8 is practically never GBK
text by accident, while GBK bytes almost never form valid UTF-8. GB18030 is a superset of GBK
and GB2312, so one decoder covers all three.
"""

from __future__ import annotations

from ..errors import DataError, Problem

ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding that decoded it."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DataError(
        f"导入失败：无法识别 {file} 的文字编码，未写入任何数据",
        [Problem("文件既不是 UTF-8 也不是 GBK/GB18030 编码", file=file,
                 expected="UTF-8、带 BOM 的 UTF-8 或 GBK/GB18030 编码的 CSV，或 .xlsx 文件")],
    )
