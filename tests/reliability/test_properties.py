"""Property: whatever bytes a school hands in, the importer either imports them or raises a
DataError whose problems are located — never another exception, never a partial write, and
nothing it stores holds control characters or U+FFFD (no mojibake from a wrong decoder)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator
from typing import Any

import hypothesis.strategies as st
import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from importcheck import Importer, dump, seed
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from yanxiu_core.errors import DataError
from yanxiu_core.importing.limits import ImportLimits, bad_character
from yanxiu_core.store import Store

# Deterministic by default, so that main stays green for everyone (no .hypothesis folder in
# the tree either). YANXIU_PROPERTY_EXAMPLES=5000 explores that many random examples instead.
EXPLORE = int(os.environ.get("YANXIU_PROPERTY_EXAMPLES", "0"))
SETTINGS = settings(max_examples=EXPLORE or 150, deadline=None, derandomize=not EXPLORE,
                    database=None, suppress_health_check=[HealthCheck.too_slow])
LIMITS = ImportLimits(max_rows=40, max_columns=30, max_cell_chars=50)  # small, to reach them

REQUIRED = {"teachers": ["工号", "姓名"], "activities": ["编号", "主题", "日期", "学时"],
            "attendance": ["活动编号", "工号"]}
HEADERS = {
    "teachers": ["工号", "姓名", "性别", "出生年份", "学科", "角色", "教龄", "备注", "*工号"],
    "activities": ["编号", "主题", "日期", "开始时间", "结束时间", "学时", "项目", "备注"],
    "attendance": ["活动编号", "工号", "姓名", "状态", "学时", "备注"],
}
GOOD = ["T001", "T002", "王芳", "李明", "男", "女", "1980", "语文", "骨干教师", "12", "A1", "A2",
        "2017-09-05", "2017/9/5", "8:00", "08:40", "15:30", "2", "1.5", "出席", "请假", "√", ""]
NASTY = ['"', '""', '"a', 'a"b', ",", "\n", "\r\n", "\r", "\x00", "\ufeff", "=1+1", "1e30", "inf",
         "nan", "-1", "9" * 40, "１２", "2017-02-30", "25:00", "\u3000", "\x85", "\ufffd", "x" * 60,
         "𠀀", "\u202e", "#DIV/0!"]

cell = st.one_of(
    st.sampled_from(GOOD),
    st.sampled_from(GOOD),
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=8),
)


@st.composite
def header_row(draw: st.DrawFn, kind: str) -> list[str]:
    """Mostly a usable header (the required columns and some others, shuffled)."""
    extra = draw(st.lists(st.sampled_from(HEADERS[kind]), max_size=5))
    names = list(dict.fromkeys(extra)) if draw(st.integers(0, 5)) == 1 else list(
        dict.fromkeys(REQUIRED[kind] + extra))
    return list(draw(st.permutations(names)))


def body(cells: st.SearchStrategy[Any], width: int) -> st.SearchStrategy[list[list[Any]]]:
    """Rows mostly as wide as the header, some shorter or longer."""
    return st.lists(st.lists(cells, min_size=max(width - 2, 0), max_size=width + 2),
                    max_size=14)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Importer]:
    """One seeded store for every example (each example checks its own before and after)."""
    folder = tmp_path_factory.mktemp("properties")
    with Store.open(f"sqlite:///{folder / 'yanxiu.db'}") as store:
        seed(store, folder)
        yield Importer(store, folder)


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(HEADERS)))
    header = draw(header_row(kind))
    table = [header, *draw(body(cell, len(header)))]
    if draw(st.booleans()):  # written by a CSV writer: quoting right, content anything
        out = io.StringIO()
        csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(table)
        lines = out.getvalue().splitlines(keepends=True)
    else:  # typed by hand: no quoting at all
        lines = [",".join(r) + draw(st.sampled_from(["\n", "\r\n", "\r", ""])) for r in table]
    encodings = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]
    if draw(st.booleans()):
        encoding = draw(st.sampled_from(encodings))
        data = _encode("".join(lines), encoding)
    else:  # each line on its own: mixed files
        data = b"".join(_encode(line, draw(st.sampled_from(["utf-8", "gbk"]))) for line in lines)
    mutation = draw(st.sampled_from(["none", "none", "truncate", "flip", "insert"]))
    if data and mutation != "none":
        at = draw(st.integers(0, len(data) - 1))
        if mutation == "truncate":
            data = data[:at]
        elif mutation == "flip":
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        else:
            data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    return kind, data


def check(importer: Importer, kind: str, name: str, data: bytes) -> None:
    outcome = importer.outcome(kind, name, data, limits=LIMITS)
    if isinstance(outcome, DataError):
        assert "未写入任何数据" in str(outcome)
        event(f"refused: {outcome.args[0].split('，')[0].split('：')[-1][:14]}")
        return
    event(f"imported {kind}")
    for table in dump(importer.store).values():
        for row in table:
            for value in row:
                if isinstance(value, str):
                    assert bad_character(value) is None, (name, value)


@SETTINGS
@given(csv_files())
def test_any_csv_is_imported_or_refused_with_located_problems(
        shared: Importer, file: tuple[str, bytes]) -> None:
    kind, data = file
    check(shared, kind, "prop.csv", data)


xlsx_cell = st.one_of(
    cell.map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.times(),
    st.booleans(),
    st.none(),
)


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(HEADERS)))
    book = openpyxl.Workbook()
    names = draw(st.lists(st.sampled_from(["名单", "Sheet2", "说明", "一月", "二月", "统计"]),
                          min_size=1, max_size=3, unique=True))
    for i, name in enumerate(names):
        sheet = book.active if i == 0 else book.create_sheet()
        sheet.title = name
        header = draw(header_row(kind))
        if draw(st.integers(0, 3)) != 2:
            sheet.append(header)
        for row in draw(body(xlsx_cell, len(header))):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if draw(st.integers(0, 9)) == 3:  # now and then a damaged zip
        data = data[: draw(st.integers(0, len(data)))]
    return kind, data


@settings(SETTINGS, max_examples=EXPLORE or 60)
@given(workbooks())
def test_any_workbook_is_imported_or_refused_with_located_problems(
        shared: Importer, file: tuple[str, bytes]) -> None:
    kind, data = file
    check(shared, kind, "prop.xlsx", data)
