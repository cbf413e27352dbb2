"""Charts of the report document model drawn as inline SVG markup, in Python.

No JavaScript and no external resource: every chart is an ``<svg>`` element of plain shapes and
``<text>``, so an HTML file that embeds it stays one self-contained file, prints as vectors and
shows the same in every browser (decision 0008). Text is escaped here; the caller may insert
the returned markup as is.

Text widths are estimated (a CJK character is one em, other characters about 0.6 em) — enough
to lay out axes, truncate long category names with an ellipsis and keep the full name in a
``<title>`` tooltip.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Sequence

import attrs

from ..document import Chart

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
              '"WenQuanYi Micro Hei", sans-serif')

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
           "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")

WIDTH = 720
INK = "#1f2328"
MUTED = "#57606a"
GRID = "#e1e4e8"
AXIS = "#8c959f"
ELLIPSIS = "…"
NO_DATA = "暂无数据"
TOTAL_LABEL = "合计"
UNIT_LABEL = "单位："


def esc(text: object) -> str:
    """``text`` safe inside SVG/HTML element content and in double- or single-quoted attributes."""
    return html.escape(str(text), quote=True)


def color(index: int) -> str:
    """The ``index``-th series or slice colour; beyond the palette, evenly spread hues."""
    if index < len(PALETTE):
        return PALETTE[index]
    hue = (index * 137.508) % 360
    return f"hsl({hue:.0f}, 45%, 52%)"


def text_width(text: str, size: float) -> float:
    """Estimated rendered width of ``text`` at font size ``size`` (CJK characters are 1 em)."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif unicodedata.combining(ch):
            continue
        else:
            width += 0.6
    return width * size


def truncate(text: str, max_width: float, size: float) -> tuple[str, bool]:
    """``text`` shortened with an ellipsis to fit ``max_width``; whether it was shortened."""
    text = " ".join(text.split())
    if text_width(text, size) <= max_width:
        return text, False
    room = max_width - text_width(ELLIPSIS, size)
    out = ""
    for ch in text:
        if text_width(out + ch, size) > room:
            break
        out += ch
    return out.rstrip() + ELLIPSIS, True


_NO_LINE_START = set("，。、；：？！）》」』”’…%,.;:?!)]")
_NO_LINE_END = set("（《「『“‘([")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def wrap(text: str, max_width: float, size: float) -> tuple[list[str], bool]:
    """``text`` on one line if it fits, else on two lines broken after a CJK character (or a
    space) as evenly as possible, the second line truncated if still too long; whether any
    text was left out. Digit and letter runs (``2020``) are never split."""
    text = " ".join(text.split())
    if text_width(text, size) <= max_width:
        return [text], False
    best: tuple[float, str, str] | None = None
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if not ((_wide(before) or before == " ") and before not in _NO_LINE_END
                and after not in _NO_LINE_START):
            continue
        first, second = text[:i].rstrip(), text[i:].lstrip()
        if not first or not second or text_width(first, size) > max_width:
            continue
        widest = max(text_width(first, size), text_width(second, size))
        if best is None or widest < best[0]:
            best = (widest, first, second)
    if best is None:
        shown, cut = truncate(text, max_width, size)
        return [shown], cut
    second, cut = truncate(best[2], max_width, size)
    return [best[1], second], cut


def format_value(value: float) -> str:
    """A chart value as shown: whole numbers without decimals, others with one."""
    if value == 0:
        return "0"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.1f}"


def format_tick(value: float) -> str:
    """An axis tick label without trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@attrs.frozen
class Scale:
    """A linear value axis from ``low`` to ``high`` (both include 0) with ticks every ``step``."""

    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(count + 1)]

    def fraction(self, value: float) -> float:
        """Where ``value`` lies between ``low`` (0.0) and ``high`` (1.0)."""
        return (value - self.low) / (self.high - self.low)


def nice_scale(values: Sequence[float], target: int = 5) -> Scale:
    """An axis through 0 covering ``values`` with about ``target`` round steps (1, 2, 2.5, 5 ×
    10ⁿ). Whole-number data gets whole-number steps; all-zero or empty data a 0..1 axis."""
    low = min(0.0, *values) if values else 0.0
    high = max(0.0, *values) if values else 0.0
    integer = all(v == int(v) for v in values)
    if high == low:
        high = 1.0
    span = high - low
    magnitude = 10.0 ** math.floor(math.log10(span / target))
    step = 0.0
    for multiple in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = multiple * magnitude
        if integer and (candidate < 1 or candidate != int(candidate)):
            continue
        if span / candidate <= target + 1e-9:
            step = candidate
            break
    if step == 0.0:
        step = max(1.0, 10.0 * magnitude)
    top = math.ceil(high / step - 1e-9) * step
    bottom = math.floor(low / step + 1e-9) * step
    if top == bottom:
        top = bottom + step
    return Scale(bottom, top, step)


class _Canvas:
    """Collects SVG elements; every text goes through :func:`esc`."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(self, x: float, y: float, text: str, *, size: float = 12, anchor: str = "start",
             fill: str = INK, weight: str = "", title: str = "", css: str = "") -> None:
        """A ``<text>`` (baseline at ``y``); with ``title`` wrapped in a group with a tooltip."""
        attrs_ = f' font-size="{size:g}" fill="{fill}"'
        if anchor != "start":
            attrs_ += f' text-anchor="{anchor}"'
        if weight:
            attrs_ += f' font-weight="{weight}"'
        if css:
            attrs_ += f' class="{css}"'
        element = f'<text x="{x:.1f}" y="{y:.1f}"{attrs_}>{esc(text)}</text>'
        if title:
            element = f"<g><title>{esc(title)}</title>{element}</g>"
        self.add(element)

    def label(self, x: float, y: float, text: str, max_width: float, *, size: float = 12,
              anchor: str = "start", fill: str = INK) -> None:
        """A text truncated to ``max_width``; the full text becomes a tooltip if shortened."""
        shown, cut = truncate(text, max_width, size)
        self.text(x, y, shown, size=size, anchor=anchor, fill=fill, title=text if cut else "")

    def wrapped(self, x: float, y: float, text: str, max_width: float, *, size: float = 12,
                anchor: str = "middle", line_height: float = 1.25) -> int:
        """A text on up to two lines within ``max_width`` (see :func:`wrap`); the full text is a
        tooltip if some was left out. Returns the number of lines."""
        lines, cut = wrap(text, max_width, size)
        spans = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * line_height:g}">{esc(line)}</tspan>'
            for i, line in enumerate(lines))
        element = (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{INK}" '
                   f'text-anchor="{anchor}">{spans}</text>')
        self.add(f"<g><title>{esc(text)}</title>{element}</g>" if cut else element)
        return len(lines)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, title: str = "",
             extra: str = "") -> None:
        element = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" '
                   f'height="{max(h, 0):.1f}" fill="{fill}"{extra}>')
        self.add(element + (f"<title>{esc(title)}</title>" if title else "") + "</rect>")

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1) -> None:
        self.add(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                 f'stroke="{stroke}" stroke-width="{width:g}"/>')


def _unit_text(chart: Chart) -> str:
    return f"{UNIT_LABEL}{chart.unit}" if chart.unit else ""


def _tooltip(chart: Chart, category: str, series: str, value: float) -> str:
    who = f"{category} · {series}" if len(chart.series) > 1 else category
    return f"{who}：{format_value(value)}{chart.unit}"


def describe(chart: Chart) -> str:
    """A plain-text account of the chart for ``aria-label``: title, unit and every value."""
    parts = []
    for s in chart.series:
        values = "，".join(f"{c} {format_value(v)}{chart.unit}"
                          for c, v in zip(chart.categories, s.values, strict=True))
        parts.append(f"{s.name}：{values}" if len(chart.series) > 1 else values)
    body = "；".join(p for p in parts if p) or NO_DATA
    return f"{chart.title}。{body}"


def _legend(canvas: _Canvas, names: Sequence[str], y: float, left: float) -> float:
    """Series swatches and names in rows from ``y``; returns the height used."""
    x, row = left, 0
    size = 13
    for i, name in enumerate(names):
        shown, cut = truncate(name, 180, size)
        item_w = 18 + text_width(shown, size) + 20
        if x + item_w > WIDTH - 8 and x > left:
            x, row = left, row + 1
        top = y + row * 20
        canvas.rect(x, top + 2, 13, 13, color(i))
        canvas.text(x + 19, top + 13.5, shown, size=size, title=name if cut else "")
        x += item_w
    return (row + 1) * 20


def _header(canvas: _Canvas, chart: Chart, *, legend: bool) -> float:
    """Unit note and, when asked, the series legend; returns the y where the plot may start."""
    y = 8.0
    if legend:
        y += _legend(canvas, [s.name for s in chart.series], y, 12) + 4
    unit = _unit_text(chart)
    if unit:
        canvas.text(12, y + 12, unit, size=12, fill=MUTED)
        y += 18
    return y


def _svg(chart: Chart, height: float, body: list[str]) -> str:
    return (f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
            f'height="{height:.0f}" role="img" aria-label="{esc(describe(chart))}" '
            f'font-family="{esc(FONT_STACK)}">' + "".join(body) + "</svg>")


def _empty(chart: Chart) -> str:
    canvas = _Canvas()
    canvas.text(WIDTH / 2, 60, NO_DATA, size=14, anchor="middle", fill=MUTED)
    return _svg(chart, 100, canvas.parts)


def _value_axis_left(scale: Scale) -> float:
    return max(text_width(format_tick(t), 11) for t in scale.ticks) + 20


def _bar_or_line(chart: Chart) -> str:
    """Vertical bars (``bar``) or lines with points (``line``) over categories along x."""
    canvas = _Canvas()
    many = len(chart.series) > 1
    top = _header(canvas, chart, legend=many) + 18  # room for value labels above the top
    scale = nice_scale([v for s in chart.series for v in s.values])
    left = _value_axis_left(scale)
    right = WIDTH - 16
    plot_h = 240.0
    bottom = top + plot_h
    n = len(chart.categories)
    band = (right - left) / n

    def y_of(value: float) -> float:
        return bottom - scale.fraction(value) * plot_h

    for tick in scale.ticks:
        y = y_of(tick)
        canvas.line(left, y, right, y, AXIS if tick == 0 else GRID)
        canvas.text(left - 6, y + 4, format_tick(tick), size=12, anchor="end", fill=MUTED)
    y0 = y_of(0)
    label_lines = 1
    for i, category in enumerate(chart.categories):
        label_lines = max(label_lines, canvas.wrapped(left + band * (i + 0.5), bottom + 19,
                                                      category, band - 6, size=13))
    if chart.kind == "bar":
        group = band * (0.62 if many else 0.55)
        bar_w = min(group / len(chart.series), 64.0)
        group = bar_w * len(chart.series)
        for si, series in enumerate(chart.series):
            for i, value in enumerate(series.values):
                x = left + band * (i + 0.5) - group / 2 + si * bar_w
                y = min(y0, y_of(value))
                canvas.rect(x + 1, y, bar_w - 2, abs(y_of(value) - y0), color(si),
                            _tooltip(chart, chart.categories[i], series.name, value))
                text = format_value(value)
                if text_width(text, 12) <= bar_w + band * 0.3 / len(chart.series):
                    ty = y - 5 if value >= 0 else y_of(value) + 14
                    canvas.text(x + bar_w / 2, ty, text, size=12, anchor="middle")
    else:
        for si, series in enumerate(chart.series):
            points = [(left + band * (i + 0.5), y_of(v)) for i, v in enumerate(series.values)]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            if len(points) > 1:
                canvas.add(f'<polyline points="{path}" fill="none" stroke="{color(si)}" '
                           f'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>')
            below = many and si % 2 == 1
            for i, ((x, y), value) in enumerate(zip(points, series.values, strict=True)):
                canvas.add(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#fff" '
                           f'stroke="{color(si)}" stroke-width="2.5"><title>'
                           f'{esc(_tooltip(chart, chart.categories[i], series.name, value))}'
                           f"</title></circle>")
                text = format_value(value)
                if text_width(text, 12) <= band - 2:
                    canvas.text(x, y + 20 if below else y - 10, text, size=12, anchor="middle",
                                fill=color(si) if many else INK)
    return _svg(chart, bottom + 30 + 16 * (label_lines - 1), canvas.parts)


def _hbar(chart: Chart) -> str:
    """Horizontal bars: category names on the left, values growing to the right."""
    canvas = _Canvas()
    many = len(chart.series) > 1
    top = _header(canvas, chart, legend=many) + 4
    scale = nice_scale([v for s in chart.series for v in s.values])
    size = 13
    label_w = min(max(text_width(c, size) for c in chart.categories), WIDTH * 0.36)
    left = 12 + label_w + 10
    right = WIDTH - 56  # room for the value labels after the longest bar
    bar_h = 20.0 if not many else 14.0
    row_h = bar_h * len(chart.series) + 12
    plot_h = row_h * len(chart.categories)
    bottom = top + plot_h

    def x_of(value: float) -> float:
        return left + scale.fraction(value) * (right - left)

    for tick in scale.ticks:
        x = x_of(tick)
        canvas.line(x, top, x, bottom, AXIS if tick == 0 else GRID)
        canvas.text(x, bottom + 17, format_tick(tick), size=12, anchor="middle", fill=MUTED)
    x0 = x_of(0)
    for i, category in enumerate(chart.categories):
        row_top = top + i * row_h + 6
        canvas.label(left - 10, row_top + row_h / 2 - 6 + 4.5, category, label_w, size=size,
                     anchor="end")
        for si, series in enumerate(chart.series):
            value = series.values[i]
            y = row_top + si * bar_h
            x = min(x0, x_of(value))
            canvas.rect(x, y + 1, abs(x_of(value) - x0), bar_h - 2, color(si),
                        _tooltip(chart, category, series.name, value))
            if value >= 0:
                canvas.text(x_of(value) + 5, y + bar_h / 2 + 4.5, format_value(value), size=12)
            else:
                canvas.text(x_of(value) - 5, y + bar_h / 2 + 4.5, format_value(value), size=12,
                            anchor="end")
    return _svg(chart, bottom + 28, canvas.parts)


def _arc_path(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    """A ring segment between angles ``start`` and ``end`` (radians, clockwise from 12 o'clock)."""

    def point(radius: float, angle: float) -> str:
        return f"{cx + radius * math.sin(angle):.2f} {cy - radius * math.cos(angle):.2f}"

    large = 1 if end - start > math.pi else 0
    return (f"M {point(outer, start)} A {outer:g} {outer:g} 0 {large} 1 {point(outer, end)} "
            f"L {point(inner, end)} A {inner:g} {inner:g} 0 {large} 0 {point(inner, start)} Z")


def _donut(chart: Chart) -> str:
    """Shares of one whole as a ring, the total in the middle, a legend with values and shares."""
    canvas = _Canvas()
    values = chart.series[0].values
    shares = [max(v, 0.0) for v in values]
    total = sum(shares)
    top = 16.0  # no unit note: every legend value carries the unit
    outer, inner = 110.0, 66.0
    row_h = 26.0
    size = 14
    legend_h = row_h * len(values)
    height = max(2 * outer, legend_h) + top + 16
    value_texts = [f"{format_value(v)}{chart.unit}" for v in values]
    value_w = max(text_width(t, size) for t in value_texts) + 8
    pct_w = text_width("100.0%", size) + 12
    gap = 56.0
    name_room = WIDTH - 24 - 2 * outer - gap - 20 - 12 - value_w - pct_w - 24
    name_w = min(max(text_width(c, size) for c in chart.categories), name_room)
    used = 2 * outer + gap + 20 + name_w + 12 + value_w + pct_w
    cx = max(24.0, (WIDTH - used) / 2) + outer
    cy = top + max(2 * outer, legend_h) / 2
    if total <= 0:
        canvas.add(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{(outer + inner) / 2:g}" fill="none" '
                   f'stroke="{GRID}" stroke-width="{outer - inner:g}"/>')
    else:
        angle = 0.0
        for i, share in enumerate(shares):
            if share <= 0:
                continue
            sweep = share / total * 2 * math.pi
            tip = _tooltip(chart, chart.categories[i], chart.series[0].name, values[i])
            tip += f"（{share / total * 100:.1f}%）"
            if share >= total:
                canvas.add(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{(outer + inner) / 2:g}" '
                           f'fill="none" stroke="{color(i)}" stroke-width="{outer - inner:g}">'
                           f"<title>{esc(tip)}</title></circle>")
            else:
                path = _arc_path(cx, cy, outer, inner, angle, angle + sweep)
                canvas.add(f'<path d="{path}" fill="{color(i)}" stroke="#fff" stroke-width="1.5">'
                           f"<title>{esc(tip)}</title></path>")
            if sweep >= 0.42:  # about 24°: room for the share inside the ring
                mid = angle + sweep / 2
                r = (outer + inner) / 2
                canvas.text(cx + r * math.sin(mid), cy - r * math.cos(mid) + 4,
                            f"{share / total * 100:.0f}%", size=11, anchor="middle",
                            fill="#fff", weight="bold")
            angle += sweep
    canvas.text(cx, cy - 6, TOTAL_LABEL, size=12, anchor="middle", fill=MUTED)
    canvas.text(cx, cy + 18, f"{format_value(total)}{chart.unit}", size=20, anchor="middle",
                weight="bold")

    legend_x = cx + outer + gap
    value_x = legend_x + 20 + name_w + 12 + value_w
    pct_x = value_x + pct_w
    first = cy - legend_h / 2
    for i, category in enumerate(chart.categories):
        y = first + i * row_h
        canvas.rect(legend_x, y + 6, 13, 13, color(i))
        canvas.label(legend_x + 20, y + 18, category, name_w, size=size)
        canvas.text(value_x, y + 18, value_texts[i], size=size, anchor="end")
        pct = f"{max(values[i], 0.0) / total * 100:.1f}%" if total > 0 else "-"
        canvas.text(pct_x, y + 18, pct, size=size, anchor="end", fill=MUTED)
    return _svg(chart, height, canvas.parts)


def render_chart(chart: Chart) -> str:
    """The chart as one ``<svg>`` element (``role="img"``, described by ``aria-label``)."""
    if not chart.categories:
        return _empty(chart)
    if chart.kind == "hbar":
        return _hbar(chart)
    if chart.kind == "donut":
        return _donut(chart)
    return _bar_or_line(chart)
