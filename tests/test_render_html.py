"""The HTML renderer: one self-contained, escaped, printable page with inline SVG charts —
checked on the string and, in a headless Chromium, as a reader would see it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser import TOFU_SELECTORS, font_report, non_cjk_fonts, open_offline

from yanxiu_core.document import (
    BulletList,
    Chart,
    ChartSeries,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from yanxiu_core.renderers import RenderOptions
from yanxiu_core.renderers.html import column_classes, render_html, section_views
from yanxiu_core.renderers.svg import nice_scale, render_chart, text_width, truncate, wrap

EVIL = "<script>alert(1)</script>"
MONTHS = ("9月", "10月", "11月", "12月", "1月", "3月", "4月", "5月", "6月")


def chart_set() -> tuple[Chart, ...]:
    return (
        Chart("各月研修活动出勤人次", "line", MONTHS,
              (ChartSeries("应到", (60, 120, 60, 120, 60, 60, 120, 60, 60)),
               ChartSeries("实到", (59, 117, 58, 118, 60, 57, 119, 59, 58))), unit="人次"),
        Chart("各研修项目活动次数与学时", "bar", ("读书讲坛", "师徒结对", "青年沙龙", "学科工作坊"),
              (ChartSeries("活动次数", (16, 40, 0, 18)), ChartSeries("活动学时", (32, 40, 0, 36))),
              unit="次", table_elsewhere=True),
        Chart("累计学时（按学分类别）", "hbar",
              ("校本研修（含教研组活动与集体备课）", "集中培训", "网络研修"),
              (ChartSeries("学时", (1250, 320, 96.5)),), unit="学时"),
        Chart("考核等级分布", "donut", ("优秀", "良好", "合格", "不合格"),
              (ChartSeries("人数", (8, 12, 3, 1)),), unit="人"),
    )


def sample_report() -> Report:
    """A small made-up school with every block kind, every chart kind and two appendices."""
    line, bar, hbar, donut = chart_set()
    roles = Table(("角色", "人数", "累计学时", "出勤率"),
                  (("骨干教师", "6", "520.0", "98.5%"), ("青年教师", "10", "812.5", "96.0%"),
                   ("新教师", "8", "334.0", "-")),
                  caption="教师构成与学时（按角色）").with_total(columns=("人数", "累计学时"))
    basics = Section("一、基本情况", (
        Paragraph("全校参加校本研修的教师共24人，其中骨干教师6人、青年教师10人、新教师8人。"),
        KeyFigures((("参训教师", "24人"), ("研修活动", "74次"), ("累计学时", "1666.5学时"))),
        roles, line, hbar,
    ), key="basics")
    work = Section("二、具体工作与成效", (Paragraph("围绕研修重点，我校组织实施了以下项目。"),), key="work",
                   subsections=(
                       Section("（一）读书讲坛", (Paragraph("讲坛每两周活动一次。"), bar), key="talks",
                               subsections=(Section("1.主讲安排", (Paragraph("校内教师主讲为主。"),)),)),
                       Section("（二）考核评价", (donut,), key="grades"),
                   ))
    problems = Section("三、存在的问题", (
        BulletList(("部分青年教师听课记录不够规范。", "研修主题还需更聚焦。")),
        BulletList(("完善听课记录模板", "每月一次主题研讨"), ordered=True),
    ), key="problems")
    detail = Table(("姓名", "学科", "学时"),
                   tuple((f"教师{i:02d}", "语文" if i % 2 else "数学", f"{60 + i}.5") for i in range(1, 13)),
                   caption="教师研修学时明细")
    lessons = Table(("日期", "主题", "主讲人"), (("2020-09-09", "整本书阅读的课堂实践", "林晓晴"),),
                    caption="讲坛一览")
    return Report("示例第一小学2020学年校本研修工作总结", (basics, work, problems),
                  subtitle="（2020年9月—2021年8月）",
                  preamble=(Paragraph("2020学年，我校校本研修工作围绕教师专业发展这一中心开展。"),),
                  signature=("示例第一小学", "2021年8月"), appendices=(detail, lessons),
                  author="示例第一小学", date=dt.date(2021, 8, 31))


def render(report: Report) -> str:
    return render_html(report, RenderOptions())


class _Collector(HTMLParser):
    """Tags and text of a page, as a browser's parser would split them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


# --- the page as a string ---------------------------------------------------------------------


def test_page_is_one_self_contained_file() -> None:
    page = render(sample_report())
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert '<meta charset="utf-8">' in page
    assert page.count("<style>") == 1
    lowered = page.lower()
    for forbidden in ("<script", "<link", "<img", "<iframe", "@import", "url(", "http:", "https:",
                      "@font-face"):
        assert forbidden not in lowered, forbidden
    references = re.findall(r"""\b(?:src|href|xlink:href)\s*=\s*["']?([^"'\s>]*)""", page)
    assert references and all(ref.startswith("#") for ref in references), references
    assert "//" not in "".join(references)
    assert "@page { size: A4; margin: 20mm 18mm; }" in page
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", ' \
           '"WenQuanYi Micro Hei", sans-serif' in page


def test_structure_headings_anchors_toc_signature_appendices() -> None:
    report = sample_report()
    page = render(report)
    tags = parse(page).tags
    names = [t for t, _ in tags]
    assert names.count("h1") == 1
    # depth 1 → h2, 2 → h3, 3 → h4; appendices add one h2 each
    assert names.count("h2") == len(report.sections) + len(report.appendices)
    assert names.count("h3") == 2 and names.count("h4") == 1
    ids = [a["id"] for _, a in tags if a.get("id")]
    assert len(ids) == len(set(ids))
    assert {"sec-basics", "sec-work", "sec-talks", "sec-grades", "sec-problems",
            "appendix-1", "appendix-2"} <= set(ids)
    toc = page[page.index('<nav class="toc"'):page.index("</nav>")]
    links = re.findall(r'href="#([^"]+)"', toc)
    assert links == ["sec-basics", "sec-work", "sec-problems", "appendices"]
    assert all(link in ids for link in links)
    assert "目录" in toc
    # the signature closes the body; the appendices follow it, labelled 附表1, 附表2
    assert page.index("示例第一小学</p>") < page.index('id="appendix-1"') < page.index('id="appendix-2"')
    assert page.rindex("三、存在的问题") < page.index('class="signature"')
    assert re.search(r'id="appendix-1">\s*<h2><span class="label">附表1</span>教师研修学时明细</h2>', page)
    assert "附表2" in page
    assert page.count("<p>") >= 5 and "<ol>" in page and "<ul>" in page
    assert page.count("<dt>") == 3 and "<dd>1666.5学时</dd>" in page


def test_tables_have_caption_head_body_total_and_right_aligned_numbers() -> None:
    page = render(sample_report())
    assert page.count("<table>") == 3  # one in the body, two appendices
    assert page.count("<tfoot>") == 1
    assert "<caption>教师构成与学时（按角色）</caption>" in page
    # appendices carry their caption in the heading, not twice
    assert "<caption>教师研修学时明细</caption>" not in page
    body = page[page.index("<caption>教师构成与学时"):]
    body = body[:body.index("</table>")]
    assert '<th scope="col" class="short">角色</th><th scope="col" class="num">人数</th>' in body
    assert '<th scope="col" class="num">出勤率</th>' in body  # 98.5%, 96.0% and "-"
    assert '<tfoot><tr class="total"><td class="short">合计</td><td class="num">24</td>' in body
    assert page.count('<div class="table-wrap keep">') == 3  # short tables stay on one printed page
    assert "tbody tr:nth-child(even)" in page and "tfoot td { font-weight: 700" in page
    assert "break-inside: avoid" in page


def test_numeric_columns_rule() -> None:
    table = Table(("名称", "数", "率", "空", "混"),
                  (("甲", "1", "50%", "", "3"), ("乙", "-2.5", "-", " ", "三"), ("丙", "", "0.5%", "-", "4")))
    assert table.numeric_columns() == [False, True, True, False, False]
    assert column_classes(table) == ["short", "num", "num", "short", "short"]
    long_text = Table(("主题",), (("整本书阅读的课堂实践与反思",),))
    assert column_classes(long_text) == [""]
    many = Table(("序号",), tuple((str(i),) for i in range(30)))
    assert '<div class="table-wrap">' in render(Report("长表", (Section("一", (many,)),)))


def test_every_chart_is_a_figure_with_one_svg() -> None:
    report = sample_report()
    page = render(report)
    charts = [b for _, s in report.walk() for b in s.blocks if isinstance(b, Chart)]
    assert page.count("<svg") == len(charts) == 4
    assert page.count("<figure") == len(charts)
    figures = re.findall(r"<figure[^>]*>\s*<figcaption>(.*?)</figcaption>\s*<svg ([^>]*)>", page)
    assert [title for title, _ in figures] == [c.title for c in charts]
    for _, svg_attrs in figures:
        assert 'role="img"' in svg_attrs and 'aria-label="' in svg_attrs
        assert "viewBox=" in svg_attrs and "Noto Sans CJK SC" in svg_attrs
    assert "xmlns" not in page  # inline SVG in HTML needs no namespace URL


def test_chart_drawn_whether_or_not_its_table_is_elsewhere() -> None:
    chart = chart_set()[0]
    for elsewhere in (False, True):
        alone = Report("图", (Section("一、图", (Chart(chart.title, chart.kind, chart.categories,
                                                     chart.series, chart.unit, elsewhere),)),))
        page = render(alone)
        assert page.count("<svg") == 1 and page.count("<polyline") == 2
        assert "<table" not in page


@pytest.mark.parametrize("kind", ["bar", "hbar", "line", "donut"])
def test_all_zero_single_category_and_empty_charts_draw(kind: str) -> None:
    zero = Chart("全零", kind, ("甲", "乙", "丙"), (ChartSeries("次数", (0, 0, 0)),), unit="次")
    single = Chart("单项", kind, ("唯一的类别",), (ChartSeries("次数", (7,)),), unit="次")
    empty = Chart("无数据", kind, (), (ChartSeries("次数", ()),))
    for chart in (zero, single, empty):
        svg = render_chart(chart)
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert not re.search(r"nan|inf", svg, re.I)
    assert re.search(r">0(次)?<", render_chart(zero))
    assert "唯一的类别" in render_chart(single) and re.search(r">7(次)?<", render_chart(single))
    assert "暂无数据" in render_chart(empty)
    if kind == "donut":
        assert "100.0%" in render_chart(single)
        assert "-</text>" in render_chart(zero)  # no share of a zero total


def test_values_units_and_axis_from_zero() -> None:
    _, bar, hbar, _ = chart_set()
    svg = render_chart(bar)
    assert "单位：次" in svg and ">40<" in svg and ">36<" in svg
    assert re.search(r'<text [^>]*text-anchor="end"[^>]*>0</text>', svg)  # the first tick is 0
    assert "活动次数" in svg and "活动学时" in svg  # legend for two series
    one_series = render_chart(hbar)
    assert ">96.5<" in one_series and ">学时<" not in one_series
    line = render_chart(Chart("单", "line", MONTHS[:3], (ChartSeries("出勤", (1, 2, 3)),)))
    assert "<polyline" in line and line.count("<circle") == 3
    assert "单位：" not in line  # no unit, no unit note


def test_long_labels_wrap_or_get_an_ellipsis_and_a_tooltip() -> None:
    long = "这是一个非常非常长的研修项目名称用来测试省略号"
    svg = render_chart(Chart("长", "hbar", (long, "短"), (ChartSeries("次", (3, 4)),)))
    assert f"<title>{long}</title>" in svg and "…" in svg
    assert ">短<" in svg
    many = tuple(f"2020年{m}月" for m in range(1, 13))
    bar = render_chart(Chart("月", "bar", many, (ChartSeries("次", tuple(range(12))),)))
    assert "<tspan" in bar and ">2020年</tspan>" in bar  # wrapped after 年, digits kept whole
    shown, cut = truncate(long, 100, 12)
    assert cut and shown.endswith("…") and text_width(shown, 12) <= 100
    assert wrap("2020年10月", 60, 13) == (["2020年", "10月"], False)


def test_nice_scale() -> None:
    assert nice_scale([0, 0, 0]).ticks == [0, 1]
    assert nice_scale([]).ticks == [0, 1]
    assert nice_scale([7]).ticks == [0, 2, 4, 6, 8]
    scale = nice_scale([16, 147, 0, 18])
    assert scale.low == 0 and scale.high >= 147 and scale.step == 50
    assert nice_scale([98.4, 95.0]).high == 100
    assert nice_scale([0.2, 0.35]).step == 0.1
    assert nice_scale([3, 1]).step == 1  # whole numbers: no 0.5 steps
    negative = nice_scale([-3, 5])
    assert negative.low < 0 < negative.high and 0 in negative.ticks


def test_section_anchors_are_unique_and_safe() -> None:
    sections = (Section("一", key="a b"), Section("二", key="a b"), Section("三", key="教研"),
                Section("四", subsections=(Section("（一）"),)))
    views = section_views(sections)
    ids = [v.id for v in views] + [c.id for c in views[3].children]
    assert ids == ["sec-a-b", "sec-2", "sec-3", "sec-4", "sec-4-1"]
    assert [v.level for v in views] == [2, 2, 2, 2] and views[3].children[0].level == 3


def hostile_report() -> Report:
    nasty = f'{EVIL}<!-- "引号" & ]]> \'单\''
    chart = Chart(f"图{nasty}", "bar", (f"类{nasty}", "乙"),
                  (ChartSeries(f"列{nasty}", (1, 2)), ChartSeries("二", (3, 4))), unit=f"{EVIL}")
    donut = Chart(f"饼{EVIL}", "donut", (EVIL, "乙"), (ChartSeries(EVIL, (1, 2)),))
    hbar = Chart("条", "hbar", (EVIL * 3,), (ChartSeries(EVIL, (5,)),))
    table = Table((f"列{EVIL}", "数"), ((f"格{nasty}", "1"),), caption=f"表{EVIL}").with_total(
        label=f"合{EVIL}", columns=("数",))
    section = Section(f"一、{nasty}", (Paragraph(nasty), BulletList((EVIL,)),
                                       KeyFigures(((EVIL, EVIL),)), table, chart, donut, hbar),
                      key='"><script>alert(1)</script>')
    return Report(f"标题{nasty}", (section,), subtitle=EVIL, preamble=(Paragraph(EVIL),),
                  signature=(EVIL,), appendices=(Table((EVIL,), ((EVIL,),), caption=EVIL),),
                  author=f'{EVIL}"', date=dt.date(2021, 8, 31))


def test_every_document_string_is_escaped_even_inside_svg() -> None:
    page = render(hostile_report())
    assert "<script" not in page.lower()
    assert "<!--" not in page and "]]>" not in page
    collected = parse(page)
    assert not collected.comments
    assert {t for t, _ in collected.tags} <= {
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "p", "nav",
        "div", "ol", "ul", "li", "a", "section", "dl", "dt", "dd", "table", "caption", "thead",
        "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "svg", "g", "text", "tspan",
        "rect", "line", "path", "circle", "polyline", "span"}
    text = "".join(collected.text)
    # the parsed text gives back the spreadsheet strings, so they were text, not markup
    assert text.count(EVIL) >= 20
    assert '"引号" & ]]> \'单\'' in text
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "类&lt;script&gt;" in svgs[0] and "列&lt;script&gt;" in svgs[0]  # category, series
    assert 'aria-label="图&lt;script&gt;' in page
    assert '<meta name="author" content="&lt;script&gt;alert(1)&lt;/script&gt;&#34;">' in page
    assert 'id="sec-script-alert-1-script"' in page


# --- in a browser -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def opened(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The sample report rendered to a file and opened offline; what the page tried and said."""
    report = sample_report()
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render(report), encoding="utf-8")
    page, blocked, errors = open_offline(chromium, path)
    yield {"page": page, "report": report, "path": path, "blocked": blocked, "errors": errors}
    page.close()


def test_browser_renders_offline_without_errors(opened: Any, tmp_path: Path) -> None:
    page, report = opened["page"], opened["report"]
    assert opened["blocked"] == []
    assert opened["errors"] == []
    charts = [b for _, s in report.walk() for b in s.blocks if isinstance(b, Chart)]
    boxes = page.eval_on_selector_all(
        "figure.chart svg", "els => els.map(e => { const r = e.getBoundingClientRect();"
                            " return [r.width, r.height]; })")
    assert len([b for b in boxes if b[0] > 0 and b[1] > 0]) == len(charts) == 4
    assert page.eval_on_selector_all("svg text", "els => els.filter(e => e.getBBox().width > 0).length") > 40
    headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
    assert headings[:3] == ["一、基本情况", "二、具体工作与成效", "三、存在的问题"]
    align = page.eval_on_selector("tfoot td.num", "e => getComputedStyle(e).textAlign")
    assert align == "right"
    weight = page.eval_on_selector("tfoot td", "e => getComputedStyle(e).fontWeight")
    assert int(weight) >= 700
    png = tmp_path / "report.png"
    page.screenshot(path=str(png), full_page=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    page.emulate_media(media="print")
    try:
        assert page.eval_on_selector("nav.toc", "e => getComputedStyle(e).display") == "none"
        assert page.eval_on_selector(".appendices", "e => getComputedStyle(e).breakBefore") == "page"
        assert page.pdf(format="A4")[:5] == b"%PDF-"
    finally:
        page.emulate_media(media="screen")
    assert opened["blocked"] == [] and opened["errors"] == []


def test_browser_draws_chinese_with_chinese_fonts_no_tofu(opened: Any, cjk_font_families: set[str]) -> None:
    report = font_report(opened["page"], TOFU_SELECTORS)
    kinds = {text for text, _ in report}
    assert len(report) > 50 and "一、基本情况" in kinds and "优秀" in kinds  # svg text included
    families = sorted({family for _, fonts in report for family in fonts})
    print("platform fonts used for CJK text:", families)
    assert non_cjk_fonts(report, cjk_font_families) == []


def test_tofu_check_catches_a_latin_only_font(chromium: Any, cjk_font_families: set[str]) -> None:
    """The check above can fail: text set in a Latin font is reported with that family (its
    digits come from DejaVu, only the Chinese characters fall back)."""
    page = chromium.new_page()
    try:
        page.set_content('<html lang="zh-CN"><body><p style="font-family: \'DejaVu Sans\'">'
                         "2020学年校本研修</p><h1 style=\"font-family: 'Noto Sans CJK SC'\">"
                         "2020学年</h1></body></html>")
        report = font_report(page, "p, h1")
    finally:
        page.close()
    bad = non_cjk_fonts(report, cjk_font_families)
    latin = {family for _, fonts in report[:1] for family in fonts}
    if "DejaVu Sans" not in latin:
        pytest.skip(f"DejaVu Sans not installed here (fonts used: {sorted(latin)})")
    assert bad == ["'2020学年校本研修': DejaVu Sans"]

