"""HTML renderer of the report document model: one self-contained, printable page.

Everything is inside the one file — the CSS in a ``<style>``, the charts as inline SVG drawn by
:mod:`.svg` — and nothing is fetched: no fonts, scripts, images or style sheets from anywhere,
so the page opens the same offline, on a school's intranet or from an e-mail attachment. Every
text of the document is escaped (names, titles and cells come from spreadsheets); the template
environment autoescapes and the SVG module escapes what it draws.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs
import jinja2
from markupsafe import Markup

from ..document import (
    BulletList,
    Chart,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
    appendix_label,
)
from . import RenderOptions
from .svg import FONT_STACK, render_chart, text_width

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")

SERIF_STACK = ('"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", '
               '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", serif')

SHORT_CELL_EM = 6.0  # see column_classes()
KEEP_TOGETHER_ROWS = 20  # tables up to this many rows are not split across printed pages

TOC_TITLE = "目录"
APPENDICES_TITLE = "附表"


def column_classes(table: Table) -> list[str]:
    """CSS class per column: ``num`` (right-aligned numbers), ``short`` (text no wider than
    :data:`SHORT_CELL_EM` — names, dates, categories — kept on one line so a crowded table
    squeezes its long text instead of splitting a name or a date), or ``""``."""
    classes = []
    for idx, numeric in enumerate(table.numeric_columns()):
        cells = [row[idx] for row in (*table.rows, *([table.total] if table.total else []))]
        if numeric:
            classes.append("num")
        elif cells and max(text_width(c.strip(), 1.0) for c in cells) <= SHORT_CELL_EM:
            classes.append("short")
        else:
            classes.append("")
    return classes


def class_attributes(table: Table) -> list[Markup]:
    """`` class="…"`` (or nothing) per column, from :func:`column_classes`."""
    return [Markup(f' class="{name}"') if name else Markup("") for name in column_classes(table)]


def block_kind(block: object) -> str:
    """The template macro that draws ``block``."""
    for cls, name in ((Paragraph, "paragraph"), (BulletList, "list"), (KeyFigures, "figures"),
                      (Table, "table"), (Chart, "chart")):
        if isinstance(block, cls):
            return name
    raise TypeError(f"unknown block type {type(block).__name__}")


def chart_svg(chart: Chart) -> Markup:
    """The chart's inline SVG (already escaped by :mod:`.svg`)."""
    return Markup(render_chart(chart))  # render_chart escapes every text it draws


@attrs.frozen
class SectionView:
    """A section as the template sees it: its anchor ``id`` and heading ``level`` (2–6)."""

    id: str
    level: int
    section: Section
    children: tuple[SectionView, ...]


def section_views(sections: Sequence[Section]) -> list[SectionView]:
    """Sections with unique anchors: ``sec-<key>`` where the key allows, else ``sec-1-2``."""
    used: set[str] = set()

    def view(section: Section, path: tuple[int, ...]) -> SectionView:
        slug = _ID_UNSAFE.sub("-", section.key).strip("-")
        numbered = "sec-" + "-".join(str(n) for n in path)
        anchor = f"sec-{slug}" if slug else numbered
        if anchor in used:
            anchor = numbered if numbered not in used else f"{numbered}-{len(used)}"
        used.add(anchor)
        children = tuple(view(sub, (*path, i)) for i, sub in enumerate(section.subsections, 1))
        return SectionView(anchor, min(len(path) + 1, 6), section, children)

    return [view(s, (i,)) for i, s in enumerate(sections, 1)]


CSS = """
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --accent: #1f5f99;
        --head: #e8eef5; --zebra: #f6f8fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #eceff3; color: var(--ink); font-family: SERIF;
       font-size: 16px; line-height: 1.8; }
.page { max-width: 900px; margin: 24px auto; background: #fff; padding: 48px 60px 60px;
        box-shadow: 0 1px 4px rgba(0, 0, 0, .1); }
h1, h2, h3, h4, h5, h6, nav, table, figure, .figures, .subtitle { font-family: SANS; }
h1 { text-align: center; font-size: 26px; line-height: 1.4; margin: 0 0 8px; }
header { margin-bottom: 20px; }
.subtitle { text-align: center; color: var(--muted); margin: 0 0 20px; }
h2 { font-size: 21px; line-height: 1.4; margin: 36px 0 14px; padding-bottom: 6px;
     border-bottom: 2px solid var(--accent); }
h3 { font-size: 18px; line-height: 1.4; margin: 28px 0 10px; }
h4, h5, h6 { font-size: 16px; line-height: 1.4; margin: 20px 0 8px; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 12px; text-indent: 2em; text-align: justify; }
ul, ol { margin: 0 0 14px; padding-left: 2.4em; }
li { margin: 2px 0; }
a { color: var(--accent); }
nav.toc { border: 1px solid var(--line); background: #f8fafc; border-radius: 4px;
          padding: 10px 18px 12px; margin: 8px 0 28px; font-size: 15px; line-height: 1.7; }
nav.toc .toc-title { font-weight: 700; margin-bottom: 2px; }
nav.toc ol { list-style: none; margin: 0; padding: 0; columns: 2; column-gap: 32px; }
nav.toc li { margin: 0; break-inside: avoid; }
nav.toc a { text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr));
           gap: 10px; margin: 16px 0 20px; }
.figures > div { border: 1px solid var(--line); border-top: 3px solid var(--accent);
                 border-radius: 4px; padding: 8px 10px 6px; background: #fbfcfd;
                 break-inside: avoid; page-break-inside: avoid; }
.figures dt { font-size: 13px; color: var(--muted); line-height: 1.4; }
.figures dd { margin: 2px 0 0; font-size: 22px; font-weight: 700; color: var(--accent);
              line-height: 1.3; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 16px 0 22px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; line-height: 1.5; }
caption { caption-side: top; text-align: left; font-weight: 700; font-size: 15px;
          padding: 0 0 6px; }
th, td { border: 1px solid var(--line); padding: 5px 10px; vertical-align: top;
         text-align: left; }
thead th { background: var(--head); font-weight: 700; }
tbody tr:nth-child(even) td { background: var(--zebra); }
tfoot td { font-weight: 700; background: #edf1f5; border-top: 2px solid #8c959f; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.short { white-space: nowrap; }
th.num { white-space: normal; }
tr { break-inside: avoid; page-break-inside: avoid; }
figure.chart { margin: 18px 0 24px; padding: 12px 10px 8px; border: 1px solid var(--line);
               border-radius: 4px; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: 700; font-size: 15px; text-align: center;
                          margin-bottom: 4px; }
figure.chart svg { display: block; width: 100%; max-width: 720px; height: auto; margin: 0 auto; }
figure.chart svg text { font-family: SANS; }
.signature { margin: 48px 0 0; text-align: right; }
.signature p { text-indent: 0; text-align: right; margin: 0; }
.appendices { margin-top: 48px; }
.appendix h2 { font-size: 18px; border-bottom: 1px solid var(--line); }
.appendix .label { margin-right: .6em; }
@page { size: A4; margin: 20mm 18mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  .table-wrap { overflow: visible; }
  table { font-size: 9.5pt; }
  figure.chart { border: none; padding: 0; }
  .table-wrap.keep { break-inside: avoid; page-break-inside: avoid; }
  caption { break-after: avoid; page-break-after: avoid; }
  tfoot { display: table-row-group; }  /* the total once, at the end, not on every page */
  .figures { grid-template-columns: repeat(auto-fill, minmax(110px, 1fr)); }
  .figures dd { font-size: 18px; }
  .appendices { break-before: page; page-break-before: always; margin-top: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@media (max-width: 640px) {
  .page { margin: 0; padding: 20px 16px 32px; }
  h1 { font-size: 22px; }
  nav.toc ol { columns: 1; }
}
""".replace("SERIF", SERIF_STACK).replace("SANS", FONT_STACK)

TEMPLATE = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ report.title }}</title>
{% if report.author %}<meta name="author" content="{{ report.author }}">
{% endif %}
{% if report.date %}<meta name="date" content="{{ report.date.isoformat() }}">
{% endif %}
<meta name="generator" content="yanxiu">
<style>{{ css }}</style>
</head>
<body>
<main class="page">
{% macro render_table(table, caption=True) %}
<div class="table-wrap{% if table.rows|length <= keep_together_rows %} keep{% endif %}">
<table>
{% if caption and table.caption %}<caption>{{ table.caption }}</caption>
{% endif %}
{% set cls = column_classes(table) %}
<thead><tr>{% for c in table.columns %}<th scope="col"{{ cls[loop.index0] }}>{{ c }}</th>{% endfor %}\
</tr></thead>
<tbody>
{% for row in table.rows %}
<tr>{% for c in row %}<td{{ cls[loop.index0] }}>{{ c }}</td>{% endfor %}</tr>
{% endfor %}
</tbody>
{% if table.total is not none %}
<tfoot><tr class="total">{% for c in table.total %}<td{{ cls[loop.index0] }}>{{ c }}</td>{% endfor %}\
</tr></tfoot>
{% endif %}
</table>
</div>
{% endmacro %}
{% macro render_block(block) %}
{% set kind = block_kind(block) %}
{% if kind == "paragraph" %}
<p>{{ block.text.strip() }}</p>
{% elif kind == "list" %}
<{{ "ol" if block.ordered else "ul" }}>
{% for item in block.items %}<li>{{ item }}</li>
{% endfor %}
</{{ "ol" if block.ordered else "ul" }}>
{% elif kind == "figures" %}
<dl class="figures">
{% for label, value in block.items %}<div><dt>{{ label }}</dt><dd>{{ value }}</dd></div>
{% endfor %}
</dl>
{% elif kind == "table" %}
{{ render_table(block) }}
{% else %}
<figure class="chart chart-{{ block.kind }}">
<figcaption>{{ block.title }}</figcaption>
{{ chart_svg(block) }}
</figure>
{% endif %}
{% endmacro %}
<header>
<h1>{{ report.title }}</h1>
{% if report.subtitle %}<p class="subtitle">{{ report.subtitle }}</p>
{% endif %}
</header>
{% if sections or report.appendices %}
<nav class="toc" aria-label="{{ toc_title }}">
<div class="toc-title">{{ toc_title }}</div>
<ol>
{% for view in sections %}<li><a href="#{{ view.id }}">{{ view.section.title }}</a></li>
{% endfor %}
{% if report.appendices %}<li><a href="#appendices">{{ appendices_title }}</a></li>
{% endif %}
</ol>
</nav>
{% endif %}
{% for block in report.preamble %}{{ render_block(block) }}{% endfor %}
{% for view in sections recursive %}
<section id="{{ view.id }}">
<h{{ view.level }}>{{ view.section.title }}</h{{ view.level }}>
{% for block in view.section.blocks %}{{ render_block(block) }}{% endfor %}
{{ loop(view.children) }}
</section>
{% endfor %}
{% if report.signature %}
<div class="signature">
{% for line in report.signature if line %}<p>{{ line }}</p>
{% endfor %}
</div>
{% endif %}
{% if report.appendices %}
<div class="appendices" id="appendices">
{% for table in report.appendices %}
<section class="appendix" id="appendix-{{ loop.index }}">
<h2><span class="label">{{ appendix_label(loop.index0) }}</span>{{ table.caption }}</h2>
{{ render_table(table, caption=False) }}
</section>
{% endfor %}
</div>
{% endif %}
</main>
</body>
</html>
"""

_ENV = jinja2.Environment(
    loader=jinja2.DictLoader({"report.html": TEMPLATE}),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
_ENV.globals.update(column_classes=class_attributes, block_kind=block_kind, chart_svg=chart_svg,
                    appendix_label=appendix_label)


def render_html(report: Report, options: RenderOptions) -> str:
    """The whole report as one self-contained HTML page (``options`` are not used by HTML)."""
    del options
    context: dict[str, Any] = {
        "report": report,
        "sections": section_views(report.sections),
        "css": Markup(CSS),  # a constant of this module
        "toc_title": TOC_TITLE,
        "appendices_title": APPENDICES_TITLE,
        "keep_together_rows": KEEP_TOGETHER_ROWS,
    }
    return _ENV.get_template("report.html").render(context)
