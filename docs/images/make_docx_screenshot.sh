#!/usr/bin/env bash
# Screenshot of a Word report for the docs: the first two pages side by side, grey, as PNG.
#
#   docs/images/make_docx_screenshot.sh REPORT.docx [OUT.png] [DPI]
#
# Needs LibreOffice (soffice) and poppler (pdftoppm); combines the pages with python3's
# standard library (no ImageMagick needed). OUT defaults to docs/images/report-docx.png.
# The Chinese fonts the document names (宋体 仿宋 楷体 黑体) are rarely installed on Linux, so a
# private fontconfig maps them to Noto Serif/Sans CJK SC for the conversion (serif for 宋体,
# 仿宋 and 楷体, sans for 黑体); Word on Windows shows the real fonts.
set -euo pipefail

if [[ $# -lt 1 || ! -f $1 ]]; then
    echo "usage: $0 REPORT.docx [OUT.png] [DPI]" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
docx="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="${2:-$here/report-docx.png}"
dpi="${3:-72}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

alias_block() {  # family → prefer
    printf '  <alias binding="same"><family>%s</family><prefer><family>%s</family></prefer></alias>\n' "$1" "$2"
}
{
    echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
    echo '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
    for family in 宋体 SimSun 仿宋 FangSong 仿宋_GB2312 楷体 KaiTi 楷体_GB2312 方正小标宋简体; do
        alias_block "$family" "Noto Serif CJK SC"
    done
    for family in 黑体 SimHei; do
        alias_block "$family" "Noto Sans CJK SC"
    done
    echo '</fontconfig>'
} >"$work/fonts.conf"

cp "$docx" "$work/report.docx"
# A private LibreOffice profile, so a LibreOffice already running elsewhere does not interfere.
FONTCONFIG_FILE="$work/fonts.conf" soffice -env:UserInstallation="file://$work/profile" \
    --headless --convert-to pdf --outdir "$work" "$work/report.docx" >/dev/null 2>&1
if [[ ! -f $work/report.pdf ]]; then
    echo "LibreOffice could not convert $1" >&2
    exit 1
fi
pdftoppm -gray -r "$dpi" -f 1 -l 2 "$work/report.pdf" "$work/page"

python3 - "$out" "$work"/page-*.pgm <<'PY'
"""Put grey PGM pages side by side (a gap between) and write them as one PNG."""
import struct
import sys
import zlib


def read_pgm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    assert fields[0] == b"P5", path
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + width * height]
    return width, height, [pixels[r * width:(r + 1) * width] for r in range(height)]


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


out, *pages = sys.argv[1:]
pages = [read_pgm(p) for p in sorted(pages)]
gap, border = 16, 0x99
height = max(h for _, h, _ in pages) + 2 * gap
rows = []
for y in range(height):
    row = bytearray(b"\xdd" * gap)
    for width, h, lines in pages:
        inside = gap <= y < gap + h
        line = lines[y - gap] if inside else b"\xdd" * width
        row += bytes([border]) + line + bytes([border]) if inside else b"\xdd" * (width + 2)
        row += b"\xdd" * gap
    rows.append(bytes(row))
width = len(rows[0])
raw = b"".join(b"\x00" + r for r in rows)
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9))
       + chunk(b"IEND", b""))
open(out, "wb").write(png)
print(f"{out}: {len(pages)} page(s), {width}×{height}, {len(png) // 1024} KB")
PY
