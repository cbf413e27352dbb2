"""Office files (.docx, .xlsx) are ZIP packages whose entries carry the time they were written;
the same document must give the same bytes, so every entry is stamped with one fixed time."""

from __future__ import annotations

import io
import zipfile

Stamp = tuple[int, int, int, int, int, int]


def restamp(data: bytes, stamp: Stamp) -> bytes:
    """The same package with every entry stamped ``stamp`` (year ≥ 1980, even seconds)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
