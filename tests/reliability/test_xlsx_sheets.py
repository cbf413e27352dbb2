"""Every sheet of a workbook is imported or accounted for by name — never silently ignored."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
from importcheck import SCHOOL, TERM, Importer

HEAD = ["工号", "姓名", "学科"]


def book(build: Callable[[Any], None]) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def fill(sheet: Any, *rows: list[object]) -> None:
    for row in rows:
        sheet.append(row)


def ids(importer: Importer) -> list[str]:
    return [t.id for t in importer.store.records(SCHOOL, TERM).teachers()]


def test_sheets_with_the_same_columns_are_imported_together(importer: Importer) -> None:
    def build(wb: Any) -> None:
        wb.active.title = "一年级"
        fill(wb.active, ["一年级教师名单"], HEAD, ["T101", "甲", "语文"])
        # same fields, other order and other header words
        fill(wb.create_sheet("二年级"), ["学科", "教师编号", "教师姓名"], ["数学", "T201", "乙"],
             ["英语", "T202", "丙"])

    result = importer.run("teachers", "grades.xlsx", book(build))
    assert (result.added, result.rows) == (3, 3)
    assert {"T101", "T201", "T202"} <= set(ids(importer))
    subjects = {t.id: t.subject for t in importer.store.records(SCHOOL, TERM).teachers()}
    assert subjects["T201"] == "数学"


def test_problems_and_duplicates_name_their_sheet(importer: Importer) -> None:
    def build(wb: Any) -> None:
        wb.active.title = "上学期"
        fill(wb.active, ["工号", "姓名", "性别"], ["T101", "甲", "男"])
        fill(wb.create_sheet("下学期"), ["工号", "姓名", "性别"], ["T102", "乙", "x"],
             ["T101", "甲", "男"])

    err = importer.refused("teachers", "terms.xlsx", book(build))
    assert [(p.where, p.message) for p in err.problems] == [
        ("工作表 “下学期” 第 2 行, 列 “性别”", "无法识别"),
        ("工作表 “下学期” 第 3 行", "与工作表 “上学期” 第 2 行重复"),
    ]


def test_a_second_sheet_with_other_columns_is_refused_by_name(importer: Importer) -> None:
    def build(wb: Any) -> None:
        wb.active.title = "名单"
        fill(wb.active, HEAD, ["T101", "甲", "语文"])
        fill(wb.create_sheet("职称"), ["工号", "姓名", "职称"], ["T101", "甲", "一级教师"])

    err = importer.refused("teachers", "two.xlsx", book(build))
    problem = err.problems[0]
    assert problem.where == "工作表 “职称” 第 1 行（表头）"
    assert problem.message == "这个工作表的列与工作表 “名单” 不同（缺少 “学科”，多出 “职称”）"


def test_a_table_without_a_header_row_is_refused_by_name(importer: Importer) -> None:
    def build(wb: Any) -> None:
        fill(wb.active, HEAD, ["T101", "甲", "语文"])
        fill(wb.create_sheet("统计"), ["教研组", "人数", "占比"], ["语文组", 3, 0.5])

    err = importer.refused("teachers", "stats.xlsx", book(build))
    assert err.problems[0].where == "工作表 “统计”"
    assert "没有表头行，但这个工作表有数据" in err.problems[0].message


def test_empty_note_and_chart_sheets_are_reported_in_the_summary(importer: Importer) -> None:
    def build(wb: Any) -> None:
        from openpyxl.chart import BarChart, Reference

        wb.active.title = "填表说明"
        fill(wb.active, ["填表说明"], ["1. 工号必填", "（教务处）"], [], ["2. 一人一行"])
        data = wb.create_sheet("名单")
        fill(data, HEAD, ["T101", "甲", "语文"])
        wb.create_sheet("Sheet3")
        chart = BarChart()
        chart.add_data(Reference(data, min_col=1, min_row=1, max_row=2))
        wb.create_chartsheet("图表").add_chart(chart)

    result = importer.run("teachers", "notes.xlsx", book(build))
    assert result.added == 1
    assert result.sheet_notes == (
        "工作表 “填表说明” 没有表头行，视为说明，未导入",
        "工作表 “Sheet3” 是空表，未导入",
        "工作表 “图表” 是图表，未导入",
    )
    assert result.summary() == (
        "notes.xlsx：新增 1 行，更新 0 行，未变 0 行；工作表 “填表说明” 没有表头行，视为说明，未导入；"
        "工作表 “Sheet3” 是空表，未导入；工作表 “图表” 是图表，未导入")


def test_a_workbook_without_any_header_row_lists_every_sheet(importer: Importer) -> None:
    def build(wb: Any) -> None:
        wb.active.title = "甲"
        fill(wb.active, ["a", "b", "c"], [1, 2, 3])
        fill(wb.create_sheet("乙"), ["说明"])
        wb.create_sheet("丙")

    err = importer.refused("teachers", "none.xlsx", book(build))
    assert "找不到表头行" in str(err)
    assert [p.where for p in err.problems] == ["工作表 “甲”", "工作表 “乙”"]


def test_a_single_sheet_keeps_its_plain_messages(importer: Importer) -> None:
    def build(wb: Any) -> None:
        fill(wb.active, ["工号", "姓名", "性别"], ["T101", "甲", "x"])

    err = importer.refused("teachers", "one.xlsx", book(build))
    assert err.problems[0].where == "第 2 行, 列 “性别”"
    err = importer.refused("teachers", "none.xlsx", book(lambda wb: fill(wb.active, ["a", "b"])))
    assert err.problems[0].where == ""


def test_rows_of_all_sheets_count_towards_the_row_limit(importer: Importer) -> None:
    from yanxiu_core.importing.limits import ImportLimits

    def build(wb: Any) -> None:
        fill(wb.active, HEAD, *([f"T1{i:02d}", "甲", "语文"] for i in range(6)))
        fill(wb.create_sheet("二"), HEAD, *([f"T2{i:02d}", "乙", "数学"] for i in range(6)))

    err = importer.refused("teachers", "rows.xlsx", book(build), limits=ImportLimits(max_rows=10))
    assert err.problems[0].where == "工作表 “二” 第 4 行"
