"""Output safety (issue 8): whatever a spreadsheet holds — a name, a title, a cell — the Markdown
summary, the HTML page, the .ics calendar and the terminal tables show it as the text it is.

Markdown is checked by parsing it with markdown-it-py (``gfm-like``: CommonMark with raw HTML,
GFM tables, strikethrough and bare-address links, the most a reader's renderer will do): a report
whose strings are all one hostile payload must give exactly the same structure of blocks and
inline markup as the same report with a harmless word in their place, no HTML, no image, no link
other than a bare http(s) address, and the payload's text must still be there to read (control
characters removed, white space collapsed to one space).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from yanxiu_core.cli import cli
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
from yanxiu_core.planning import collect_plan, ics_escape, ics_fold, render_ics
from yanxiu_core.program import PlannedSession
from yanxiu_core.renderers import RenderOptions
from yanxiu_core.renderers.html import render_html
from yanxiu_core.renderers.markdown import (
    escape_cell,
    escape_heading,
    escape_inline,
    escape_line,
    render_markdown,
    render_table,
)
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder
from yanxiu_core.toolkit import text_table

# --- the payloads ---------------------------------------------------------------------------------

HTML = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "comment-open": "<!-- 注释",
    "comment-close": "-->",
    "cdata-end": "]]>",
    "cdata": "<![CDATA[x]]>",
    "close-and-open": "</p><h1>大标题</h1>",
    "processing": "<?php echo 1; ?>",
    "html-block": "<div>\n\n# 标题\n</div>",
    "autolink-http": "<http://evil.example/>",
    "autolink-js": "<javascript:alert(1)>",
    "autolink-mail": "<a@b.example>",
    "entity-named": "&lt;script&gt;",
    "entity-numeric": "&#60;script&#62;&#x3C;",
    "entity-amp": "&amp; & &copy",
    "underline-tag": "<u>下划线</u>",
}
LINKS = {
    "js-link": "[点我](javascript:alert(1))",
    "data-link": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "image": "![img](http://evil.example/x.png)",
    "image-js": "![a](javascript:alert(1))",
    "reference": "[x][ref]\n\n[ref]: javascript:alert(1)",
    "definition": "[ref]: http://evil.example",
    "footnote": "脚注[^1]",
    "bare-js": "javascript:alert(1)",
    "bare-data": "data:text/html,<b>x</b>",
    "bare-vbscript": "vbscript:msgbox(1)",
    "mailto": "mailto:a@b.example",
    "email": "联系 zhang.san@school.example 老师",
    "ftp": "ftp://evil.example/x",
    "protocol-relative": "见 //evil.example/x",
    "xmpp": "xmpp:a@b.example",
    "www": "www.example.com",
    "url-with-link": "http://example.com/[a](javascript:b)",
    "angle-in-link": "[a](<javascript:alert(1)>)",
}
LINE_START = {
    "newline-heading": "甲\n# 标题",
    "heading": "# 标题",
    "heading-6": "###### 六",
    "heading-no-space": "#标题",
    "newline-bullet": "甲\n- item",
    "bullet": "- item",
    "plus": "+ item",
    "star": "* item",
    "ordered": "1. item",
    "ordered-paren": "1) item",
    "newline-ordered": "甲\n2. 乙",
    "newline-quote": "甲\n> q",
    "quote": "> q",
    "rule-dash": "---",
    "rule-star": "***",
    "rule-underscore": "___",
    "rule-spaced": "- - -",
    "setext-eq": "甲\n===",
    "setext-dash": "甲\n---",
    "eq-only": "===",
    "fence": "```\ncode\n```",
    "fence-tilde": "~~~python",
    "indented": "    缩进代码",
    "table": "| a | b |\n| --- | --- |",
    "definition-colon": ": 定义",
    "heading-closing": "标题 #",
    "hashes-only": "###",
    "trailing-backslash": "行尾\\",
    "blank-lines": "甲\n\n\n乙",
    "crlf": "甲\r\n# 标题\r\n",
}
INLINE = {
    "backticks": "`code`",
    "double-backticks": "`` a ` b ``",
    "star-emphasis": "*斜体*",
    "star-strong": "**粗体**",
    "underscore": "_斜体_ __粗体__",
    "strike": "~~删除~~",
    "single-tilde": "9:00~10:00 与 11~12",
    "pipe": "a|b",
    "math": "$x^2$",
    "math-block": "$$\nx\n$$",
    "escaped-star": "\\*",
    "backslashes": "a\\\\b C:\\new",
    "brackets": "【一】[二]（三）(四)",
    "exclaim": "好!![x]",
}
CONTROL = {
    "nul": "甲\x00乙",
    "esc-colour": "甲\x1b[31m红\x1b[0m",
    "bel": "\x07铃",
    "del": "删\x7f",
    "rtl-override": "\u202e反向 txt.exe",
    "isolate": "\u2066隔离\u2069",
    "nel": "甲\x85乙",
    "cr": "甲\r乙",
    "tab": "甲\t乙",
    "c1-csi": "\x9b31m红",
    "vertical-tab": "甲\x0b\x0c乙",
    "lone-surrogate": "甲\ud83d乙",
}
LONG = {
    "long-chinese": "长" * 5000,
    "long-script": "<script>" * 500,
    "long-links": "[a](javascript:x)" * 300,
    "long-headings": "\n# 标题" * 200,
}
CATEGORIES = {"html": HTML, "links": LINKS, "line-start": LINE_START, "inline": INLINE,
              "control": CONTROL, "long": LONG}
PAYLOADS = {f"{cat}:{name}": text for cat, group in CATEGORIES.items() for name, text in group.items()}

PLACEHOLDER = "占位"

# What the renderers remove: C0 controls except white space, DEL, C1 except NEL, bidi controls.
REMOVED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
SURROGATE = re.compile("[\ud800-\udfff]")


def expected_text(text: str) -> str:
    """What a reader of the Markdown should see of ``text``: controls gone, one line."""
    return " ".join(SURROGATE.sub("\ufffd", REMOVED.sub("", text)).split())


# --- a report with the payload everywhere ---------------------------------------------------------

def report_with(s: str) -> Report:
    """A report whose teacher names, activity titles, cells, captions, chart labels, section
    titles, report title, subtitle and signature all hold ``s``."""
    table = Table(("姓名", f"活动{s}", "学时"),
                  ((s, f"主题{s}", "2.0"), ("乙老师", s, "1.5"), (f"{s}丙", "集体备课", "-")),
                  caption=f"表{s}").with_total(label=s, columns=("学时",))
    chart = Chart(f"图{s}", "bar", (s, "乙"), (ChartSeries(s, (1, 2)), ChartSeries("二", (3, 4))),
                  unit="次")
    work = Section(
        f"二、{s}",
        (Paragraph(f"{s}老师主讲了“{s}”，出勤率98.4%。"), Paragraph(s),
         BulletList((s, f"{s}（2.0学时）", "乙老师")), BulletList((s, "第二项"), ordered=True),
         KeyFigures(((s, s), ("专任教师", "80人"))), table, chart),
        key="work",
        subsections=(Section(s, (Paragraph(s),)), Section(f"（二）{s}", (Paragraph("正文"),))),
    )
    return Report(
        f"{s}2020学年校本研修工作总结",
        (Section("一、基本情况", (Paragraph("我校现有教学班36个。"),), key="basics"), work, Section(s)),
        subtitle=s,
        preamble=(Paragraph(s),),
        signature=(s, "2021年7月10日"),
        appendices=(Table(("姓名", "主题"), ((s, s),), caption=s),),
        author=s,
        date=dt.date(2021, 7, 10),
    )


PARSER = MarkdownIt("gfm-like")


def tokens(markdown: str) -> list[Token]:
    return PARSER.parse(markdown)


def inline_children(toks: list[Token]) -> list[Token]:
    return [c for t in toks if t.type == "inline" for c in t.children or []]


def structure(toks: list[Token]) -> list[tuple[str, str]]:
    """Blocks and inline markup, without text and without links (checked on their own)."""
    out = []
    for t in toks:
        if t.type == "inline":
            out += [(c.type, c.tag) for c in t.children or []
                    if c.type not in ("text", "text_special", "link_open", "link_close")]
        else:
            out.append((t.type, t.tag))
    return out


def plain_text(toks: list[Token]) -> str:
    """The text a reader sees, one line per inline run."""
    return "\n".join("".join(c.content for c in t.children or []
                             if c.type in ("text", "text_special", "code_inline"))
                     for t in toks if t.type == "inline")


def assert_shows_as_text(markdown: str, baseline: str, payload: str) -> None:
    """``markdown`` (with ``payload`` in it) has the structure of ``baseline`` and shows it."""
    toks = tokens(markdown)
    kinds = {t.type for t in toks} | {c.type for c in inline_children(toks)}
    assert not {k for k in kinds if k.startswith("html") or k in ("image", "code_block", "fence",
                                                                   "hardbreak", "softbreak")}
    for link in (c for c in inline_children(toks) if c.type == "link_open"):
        assert re.match(r"https?://", str(link.attrs["href"])), link.attrs
    assert structure(toks) == structure(tokens(baseline))
    shown = plain_text(toks)
    if expected_text(payload):
        assert expected_text(payload) in shown


BASELINE = render_markdown(report_with(PLACEHOLDER))


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payload_everywhere_stays_text_in_markdown(payload: str) -> None:
    markdown = render_markdown(report_with(payload))
    markdown.encode("utf-8")  # writable
    assert_shows_as_text(markdown, BASELINE, payload)
    lowered = markdown.lower()
    assert "<script" not in lowered and "<!--" not in markdown and "<img" not in lowered
    assert not REMOVED.search(markdown)
    # the rendered page a reader's renderer makes of it has no tag the summary did not ask for
    page = PARSER.render(markdown).lower()
    assert "<script" not in page and "<img" not in page and "<!--" not in page
    assert 'href="javascript' not in page and 'href="data' not in page


def test_baseline_has_every_kind_of_block() -> None:
    """The structure compared against is a real one: headings, lists, tables, bold."""
    kinds = {t.type for t in tokens(BASELINE)} | {c.type for c in inline_children(tokens(BASELINE))}
    assert {"heading_open", "bullet_list_open", "ordered_list_open", "table_open", "strong_open",
            "paragraph_open"} <= kinds


class _Elements(HTMLParser):
    """The elements, attributes and comments of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payload_in_the_html_page_is_escaped(payload: str) -> None:
    page = render_html(report_with(payload), RenderOptions())
    elements = _Elements()
    elements.feed(page)
    assert not elements.comments
    tags = {tag for tag, _ in elements.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "u"}
    for _, attrs in elements.tags:
        for name, value in attrs:
            assert not name.startswith("on")
            if name in ("href", "src", "xlink:href"):
                assert (value or "").startswith("#"), (name, value)  # only the page's own anchors


# --- escaping by position: ordinary text stays as it is -----------------------------------------

ORDINARY = [
    "2020学年，我校校本研修工作在示例区的指导下，围绕教师专业发展这一中心，全校80名教师参加研修。",
    "2020-09-09", "98.4%", "-3.5", "1.5学时", "3.公开课", "第1.2节", "A-01", "31–35岁",
    "（一）教师构成", "《小学英语绘本阅读》", "“说课、授课、集中评课；信息技术与分层教学融合”",
    "9:00-10:30", "共开展研修活动133次（理论学习16次，集体备课64次）。", "a & b", "C#", "C++",
    "Node.js 与 HTML5", "学时≥72", "张三、李四", "优秀！", "100%达标", "2021年7月10日",
    "某师范大学 张教授", "www.example.com",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert escape_line(text) == text
    assert escape_inline(text) == text
    assert escape_heading(text) == text
    assert escape_cell(text) == text


def test_numbers_in_tables_stay_plain() -> None:
    table = Table(("学科", "人数", "出勤率", "变化"), (("语文", "12", "98.4%", "-3.5"),
                                               ("数学", "8", "100%", "-")))
    lines = render_table(table.with_total(columns=("人数",))).splitlines()
    assert lines[1] == "| --- | ---: | ---: | ---: |"
    assert lines[2] == "| 语文 | 12 | 98.4% | -3.5 |"
    assert lines[3] == "| 数学 | 8 | 100% | - |"
    assert lines[4] == "| **合计** | **20** |  |  |"


def test_line_start_markers_are_escaped_only_at_the_start() -> None:
    assert escape_line("- 甲 - 乙") == "\\- 甲 - 乙"
    assert escape_line("1. 甲 2. 乙") == "1\\. 甲 2. 乙"
    assert escape_line("# 甲 # 乙") == "\\# 甲 # 乙"
    assert escape_inline("- 甲") == "- 甲"  # inside a line (a cell, after a list marker) it is text
    assert escape_heading("标题 ##") == "标题 \\##"
    assert escape_line("甲\n# 标题") == "甲 # 标题"


def test_addresses_are_text() -> None:
    assert escape_inline("https://example.com/a") == "https\\://example.com/a"
    assert escape_inline("a@b.example") == "a\\@b.example"
    assert escape_inline("10:30 与 https:") == "10:30 与 https:"
    shown = PARSER.renderInline(f"**{escape_inline('http://evil.example/')}**：x")
    assert shown == "<strong>http://evil.example/</strong>：x"


# --- property: any string, anywhere --------------------------------------------------------------

MARKUP = "#-+*_`~[]()!<>&;:|\\/@.=$^{}\"' \n\t\r1a甲"
CONTROLS = "\x00\x07\x1b\x7f\x85\x9b\u202e\u2066"
hostile_text = st.text(
    st.one_of(st.sampled_from(list(MARKUP)), st.sampled_from(list(CONTROLS)),
              st.characters(codec="utf-8")),
    max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=hostile_text)
def test_any_string_stays_text_in_markdown(payload: str) -> None:
    report = Report(f"{payload}总结", (Section(payload, (
        Paragraph(payload), BulletList((payload, "乙")), BulletList((payload,), ordered=True),
        KeyFigures(((payload, payload),)),
        Table(("名", "数"), ((payload, "1"), ("乙", "2")), caption=payload).with_total(
            label=payload, columns=("数",)))),), signature=(payload,))
    baseline = Report(f"{PLACEHOLDER}总结", (Section(PLACEHOLDER, (
        Paragraph(PLACEHOLDER), BulletList((PLACEHOLDER, "乙")), BulletList((PLACEHOLDER,), ordered=True),
        KeyFigures(((PLACEHOLDER, PLACEHOLDER),)),
        Table(("名", "数"), ((PLACEHOLDER, "1"), ("乙", "2")), caption=PLACEHOLDER).with_total(
            label=PLACEHOLDER, columns=("数",)))),), signature=(PLACEHOLDER,))
    shown = expected_text(payload)
    if not shown:  # nothing to show: the blocks holding only the payload are left out
        return
    assert_shows_as_text(render_markdown(report), render_markdown(baseline), payload)


# --- iCalendar -----------------------------------------------------------------------------------

ICS_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def expected_ics(text: str) -> str:
    """What a calendar should show of ``text``: controls gone, tab a space, line breaks kept."""
    cleaned = SURROGATE.sub("\ufffd", ICS_REMOVED.sub("", text)).replace("\t", " ")
    return re.sub(r"\r\n|\r", "\n", cleaned)


def ics_unescape(raw: str) -> str:
    """A TEXT value back from its escaped form (for X- properties, which icalendar keeps raw)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def assert_wellformed_ics(text: str) -> icalendar.Calendar:
    assert text.endswith("\r\n")
    body = text.replace("\r\n", "")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", body), "control character"
    for line in text.split("\r\n")[:-1]:
        raw = line.encode("utf-8")
        assert len(raw) <= 75
        raw.decode("utf-8")  # no character split by a fold
    return icalendar.Calendar.from_ical(text)


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payload_in_every_ics_value_parses_back(payload: str) -> None:
    sessions = [PlannedSession(date=dt.date(2020, 9, 9), title=payload, program="p1",
                               start=dt.time(15, 30), end=dt.time(17, 0), kind=payload,
                               place=payload, speaker=payload, note=payload)]
    text = render_ics(collect_plan(sessions, []), payload, stamp=dt.datetime(2020, 8, 1, tzinfo=dt.UTC),
                      titles={"p1": payload})
    cal = assert_wellformed_ics(text)
    assert ics_unescape(str(cal["X-WR-CALNAME"])) == expected_ics(payload + " 研修计划")
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == expected_ics(payload)
    assert str(event["LOCATION"]) == expected_ics(payload)
    assert f"主讲人：{expected_ics(payload)}" in str(event["DESCRIPTION"])
    assert f"备注：{expected_ics(payload)}" in str(event["DESCRIPTION"])
    categories = event["CATEGORIES"]
    assert isinstance(categories, icalendar.vCategory)
    assert [str(c) for c in categories.cats] == [expected_ics(payload)]
    assert event.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2020, 9, 9, 15, 30)


@settings(max_examples=300, deadline=None)
@given(value=st.text(st.one_of(st.sampled_from(list("\\;,:\n\r\t\"" + CONTROLS)),
                               st.characters(codec="utf-8")), max_size=120))
def test_ics_text_round_trips_and_folds_on_character_boundaries(value: str) -> None:
    line = "SUMMARY:" + ics_escape(value)
    folded = ics_fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
    assert not re.search("[\x00-\x1f\x7f-\x9f]", folded.replace("\r\n ", ""))
    event = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{folded}\r\nEND:VEVENT\r\n")
    assert str(event["SUMMARY"]) == expected_ics(value)


# --- terminal tables ---------------------------------------------------------------------------------

TERMINAL_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_text_table_cells_cannot_control_the_terminal(payload: str) -> None:
    out = text_table(("姓名", f"主题{payload}"), [(payload, "1"), ("乙", payload)])
    assert not TERMINAL_UNSAFE.search(out)
    assert len(out.split("\n")) == 4  # header, rule, two rows: no cell started a line
    for text in expected_text(payload).split(" "):
        assert text in out


def test_text_table_strips_escape_sequences_and_keeps_alignment() -> None:
    out = text_table(("名", "x"), [("\x1b]0;标题\x07张三\x1b[2J", "1"), ("ab", "2")]).splitlines()
    assert out[2] == "]0;标题张三[2J  1"
    assert "\x1b" not in "".join(out) and "\x07" not in "".join(out)
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in out[2].split("  ")[0])
    assert out[3] == "ab" + " " * (width - 2) + "  2"


# --- end to end -----------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
SCHOOL = ('name = "示范小学"\n\n[data]\nteachers = "data/teachers.csv"\n'
          'activities = "data/activities.csv"\nattendance = "data/attendance.csv"\n')


def hostile_workspace(builder: WorkspaceBuilder) -> Path:
    builder.district(DISTRICT_TOML)
    builder.school("demo", SCHOOL)
    builder.csv("data/teachers.csv", ["工号", "姓名", "学历", "出生年份"],
                [["T1", SCRIPT, "本科", 1990], ["T2", "乙老师", "硕士", 1980]])
    builder.csv("data/activities.csv", ["编号", "类型", "主题", "日期", "学时", "主讲人", "地点"],
                [["A1", "理论学习", "甲\n# 标题", "2020-10-14", 2, SCRIPT, "[会议室](javascript:alert(1))"],
                 ["A2", "集体备课", "*乙* | `丙`", "2020-10-21", 1, "乙老师", "<!-- 教室"]])
    builder.csv("data/attendance.csv", ["活动编号", "工号"],
                [["A1", "T1"], ["A1", "T2"], ["A2", "T1"]])
    return builder.root


def test_run_writes_hostile_names_as_text(workspace_builder: WorkspaceBuilder,
                                          tmp_path: Path) -> None:
    root = hostile_workspace(workspace_builder)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-w", str(root), "run", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (md_path,) = out.glob("*.md")
    markdown = md_path.read_text(encoding="utf-8")
    assert "<script" not in markdown.lower() and "<!--" not in markdown
    assert not re.search(r"^#+ 标题", markdown, flags=re.M)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    toks = tokens(markdown)
    assert not [t for t in toks if t.type.startswith("html")]
    headings = [toks[i + 1].content for i, t in enumerate(toks) if t.type == "heading_open"]
    assert "标题" not in headings and not any(h.endswith("标题") and "甲" not in h for h in headings)
    links = [c for c in inline_children(toks) if c.type == "link_open"]
    assert not links
    shown = plain_text(toks)
    assert SCRIPT in shown
    assert "甲 # 标题" in shown or "甲# 标题" in shown  # the title's line break: a space or none

    (html_path,) = out.glob("*.html")
    page = html_path.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_plan_ics_of_hostile_records_parses(workspace_builder: WorkspaceBuilder,
                                            tmp_path: Path) -> None:
    root = hostile_workspace(workspace_builder)
    imported = CliRunner().invoke(cli, ["-w", str(root), "run", "-o", str(tmp_path / "out")])
    assert imported.exit_code == 0, imported.output
    target = tmp_path / "plan.ics"
    result = CliRunner().invoke(cli, ["-w", str(root), "plan", "--school", "demo", "--format", "ics",
                                      "-o", str(target)])
    assert result.exit_code == 0, result.output
    cal = assert_wellformed_ics(target.read_bytes().decode("utf-8"))
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert summaries == sorted(["甲\n# 标题", "*乙* | `丙`"])
    assert any(SCRIPT in str(e["DESCRIPTION"]) for e in cal.walk("VEVENT"))


def test_line_break_in_a_title_makes_no_block_of_the_document(workspace_builder: WorkspaceBuilder,
                                                              tmp_path: Path) -> None:
    builder = workspace_builder
    builder.district(DISTRICT_TOML)
    builder.school("demo", SCHOOL)
    builder.csv("data/teachers.csv", ["工号", "姓名", "学历", "出生年份"],
                [["T1", "甲老师", "本科", 1990], ["T2", "乙老师", "硕士", 1980]])
    builder.csv("data/activities.csv", ["编号", "类型", "主题", "日期", "学时"],
                [["A1", "理论学习", "甲\n- 伪造条目\n\n伪造段落", "2020-10-14", 2]])
    builder.csv("data/attendance.csv", ["活动编号", "工号"], [["A1", "T1"], ["A1", "T2"]])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-w", str(builder.root), "run", "-o", str(out)])
    assert result.exit_code == 0, result.output
    markdown = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert not re.search(r"^- 伪造条目", markdown, flags=re.M)
    assert not re.search(r"^伪造段落", markdown, flags=re.M)
