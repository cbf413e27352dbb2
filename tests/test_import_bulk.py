"""The column-by-column check (importing/bulk.py) against the row-by-row one: on every file
the fast path either gives up (``None``) or gives exactly the records and row labels of the
row-by-row path, and it never accepts a file the row-by-row path refuses."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yanxiu_core.errors import DataError
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import importer
from yanxiu_core.importing.bulk import validated_in_bulk
from yanxiu_core.importing.cells import name_key
from yanxiu_core.importing.columns import locate
from yanxiu_core.importing.kinds import KindSpec, core_spec
from yanxiu_core.importing.limits import DEFAULT_LIMITS, RecordCheck
from yanxiu_core.importing.program_kinds import program_spec
from yanxiu_core.importing.readers import Sheet, read_sheets
from yanxiu_core.program import RecordField, RecordKind

TEACHERS = {"T01": "王小明", "T02": "李 华", "T03": "张三", "T04": "张三"}  # two 张三
ACTIVITIES = {"A1": 90, "A2": 45, "A3": 0}
PROGRAMS = {"seed": "seed", "种子工程": "seed"}

# Pools of cells per header: valid values, blanks and bad ones, mixed.
CELLS: dict[str, list[Any]] = {
    "活动编号": ["A1", "A2", "A3", " A1 ", "A9", "", None],
    "工号": ["T01", "T02", "T03", "t01", "T09", "", None, "Ｔ０２"],
    "姓名": ["王小明", "李华", "李 华", "张三", "赵六", "", None],
    "状态": ["出席", "迟到", "请假", "缺席", "到了", "", None],
    "角色": ["主讲", "听课", "", None],
    "学时": ["1", "2", "0.5", "100", "-1", "abc", "", None],
    "编号": ["A1", "A2", "A4", "A5", "", None],
    "主题": ["讲座", "教研", "", None],
    "日期": ["2020-09-07", "2020/10/1", "2021-13-01", "明天", "", None],
    "开始时间": ["08:00", "9:30", "25:00", "", None],
    "结束时间": ["09:30", "08:30", "", None],
    "项目": ["seed", "种子工程", "影子", "", None],
    "类型": ["教案", "反思", "", None],
    "得分": ["90", "101", "x", "", None],
    "考核名称": ["期末", "期中", "", None],
    "级别": ["区级", "市级", "宇宙级", "", None],
    "荣誉名称": ["优质课", "论文", "", None],
    "获奖对象": ["学校", "语文组", "张三", "", None],
    "性别": ["男", "女", "?", "", None],
    "入职年份": ["2001", "1800", "", None],
    "教龄": ["12", "-3", "", None],
    "次数": ["1", "2", "x", "", None],
    "备注": ["", "说明", None],
}
KINDS: dict[str, tuple[str, ...]] = {
    "attendance": ("活动编号", "工号", "姓名", "状态", "角色", "学时"),
    "activities": ("编号", "项目", "主题", "日期", "开始时间", "结束时间", "学时"),
    "teachers": ("工号", "姓名", "性别", "入职年份", "教龄"),
    "artifacts": ("工号", "姓名", "类型", "日期", "项目", "得分"),
    "assessments": ("工号", "姓名", "项目", "考核名称", "得分"),
    "awards": ("工号", "姓名", "荣誉名称", "级别", "日期", "获奖对象"),
    "seed.visits": ("工号", "日期", "次数", "学时"),
}
VISITS = RecordKind("visits", "听课记录", (
    RecordField("teacher_id", ("工号",)),
    RecordField("date", ("日期",), type="date"),
    RecordField("count", ("次数",), type="int", required=True),
    RecordField("minutes", ("学时",), type="minutes"),
), key=("teacher_id", "date"))


def _spec(kind: str) -> KindSpec:
    policy = HoursPolicy()
    if kind == "seed.visits":
        return program_spec(kind, VISITS, "seed", policy)
    return core_spec(kind, policy, PROGRAMS, reference_year=2020)


def _both(kind: str, table: list[list[Any]]) -> tuple[Any, Any]:
    """(bulk result or None, row-by-row result or the DataError it raised)."""
    spec = _spec(kind)
    sheet = Sheet(name="", rows=[(i, cells) for i, cells in enumerate(table, start=1)
                                 if any(c not in (None, "") for c in cells)])
    layout = locate([sheet], spec.columns, "f.csv")
    by_name: dict[str, list[str]] = {}
    for tid, name in sorted(TEACHERS.items()):
        by_name.setdefault(name_key(name), []).append(tid)
    roster = importer._Roster(dict(TEACHERS), by_name, set(ACTIVITIES), {}, {})
    check = RecordCheck(DEFAULT_LIMITS, dict(ACTIVITIES))
    fast = validated_in_bulk(spec, layout, teachers=roster.names, by_name=roster.by_name,
                             activities=roster.activities, plausible=check,
                             limits=DEFAULT_LIMITS)
    try:
        slow: Any = importer._row_by_row(spec, layout, "f.csv", roster, check, DEFAULT_LIMITS)
    except DataError as exc:
        slow = exc
    return fast, slow


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[list[Any]]]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    headers = list(KINDS[kind])
    if draw(st.booleans()):
        headers.append("备注")
    # mostly good cells (the first of a pool are valid), sometimes anything from the pool
    good = draw(st.booleans())
    rows = draw(st.lists(st.lists(st.integers(0, 7), min_size=len(headers),
                                  max_size=len(headers)), max_size=12))
    table: list[list[Any]] = [headers]
    for picks in rows:
        cells = []
        for header, pick in zip(headers, picks, strict=True):
            pool = CELLS[header]
            cells.append(pool[pick % (2 if good else len(pool))])
        table.append(cells)
    return kind, table


@settings(max_examples=400, deadline=None)
@given(tables())
def test_the_fast_path_agrees_with_the_row_by_row_check(case: tuple[str, list[list[Any]]]) -> None:
    kind, table = case
    fast, slow = _both(kind, table)
    if isinstance(slow, DataError):
        assert fast is None, f"bulk accepted what the row check refuses: {slow.problems[:3]}"
    elif fast is not None:
        assert fast == slow


def _sign_in(n: int) -> list[list[Any]]:
    return [["活动编号", "工号", "状态"]] + [
        [f"A{1 + i % 2}", f"T0{1 + i // 2}", "出席"] for i in range(n)]


def test_a_clean_sign_in_sheet_takes_the_fast_path() -> None:
    fast, slow = _both("attendance", _sign_in(6))
    assert fast is not None and fast == slow
    records, labels = fast
    assert labels == [f"第 {n} 行" for n in range(2, 8)]
    assert {r.teacher_id for r in records} == {"T01", "T02", "T03"}


@pytest.mark.parametrize("change, why", [
    ((3, 1, "T09"), "unknown teacher"),
    ((3, 0, "A9"), "unknown activity"),
    ((3, 2, "到了"), "bad status"),
    ((3, 0, ""), "required blank"),
    ((3, 1, "T01"), "repeated key"),  # row 3 becomes A1,T01 like row 2
])
def test_any_problem_falls_back_to_the_row_by_row_check(
        change: tuple[int, int, str], why: str) -> None:
    table = _sign_in(6)
    row, col, value = change
    table[row - 1][col] = value
    if why == "repeated key":
        table[row - 1][0] = "A1"
    fast, slow = _both("attendance", table)
    assert fast is None, why
    assert isinstance(slow, DataError)
    assert any("第 3 行" in p.where for p in slow.problems), why


def test_rows_blank_in_every_used_column_are_skipped_on_both_paths() -> None:
    table = [["活动编号", "工号", "状态", "备注"], ["A1", "T01", "出席", ""],
             ["", " ", None, "只有备注"], ["A2", "T01", "", ""]]
    fast, slow = _both("attendance", table)
    assert fast is not None and fast == slow and fast[1] == ["第 2 行", "第 4 行"]


def test_names_alone_find_the_one_teacher_and_refuse_a_shared_name() -> None:
    table = [["活动编号", "姓名"], ["A1", "王小明"], ["A2", "李华"]]
    fast, slow = _both("attendance", table)
    assert fast is not None and fast == slow
    assert [r.teacher_id for r in fast[0]] == ["T01", "T02"]
    fast, slow = _both("attendance", [["活动编号", "姓名"], ["A1", "张三"]])
    assert fast is None and isinstance(slow, DataError)


def test_typed_cells_from_a_workbook_are_told_apart() -> None:
    """1, 1.0 and True are equal keys in Python: a workbook's typed cells must not share a
    parsed value (学时 1.0 and a boolean would otherwise be confused)."""
    table = [["活动编号", "工号", "学时"], ["A1", "T01", 1], ["A1", "T02", 1.5],
             ["A2", "T01", True]]
    fast, slow = _both("attendance", table)
    assert fast is None and isinstance(slow, DataError)  # True is no 学时
    table[3][2] = 1.0
    fast, slow = _both("attendance", table)
    assert fast is not None and fast == slow


def test_a_whole_csv_through_the_reader_gives_the_same_records() -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["编号", "主题", "日期", "开始时间", "结束时间"])
    day = dt.date(2020, 9, 7)
    for i in range(30):
        writer.writerow([f"A{i + 10}", f"活动{i}", (day + dt.timedelta(days=i)).isoformat(),
                         "08:00", "09:30"])
    sheets = read_sheets(out.getvalue().encode("utf-8"), ".csv", "a.csv")
    fast, slow = _both("activities", [list(cells) for _, cells in sheets[0].rows])
    assert fast is not None and fast == slow and len(fast[0]) == 30
