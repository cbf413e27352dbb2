"""Spreadsheets out (issue 9, part 4): CSV and xlsx that no spreadsheet program runs.

Every workbook is read back with openpyxl: no cell is a formula, injected strings are text
exactly as typed, numbers are numeric cells, dates are date cells, the header row is frozen.
The CLI tests feed the injected strings through a real import of a school's CSV files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from yanxiu_core.cli import cli
from yanxiu_core.spreadsheet import BOM, Number, Sheet, csv_cell, safe_text, write_csv, write_xlsx
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

INJECTED = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=1+1"]
HARMLESS = ["", "张老师", "a=1", " =1", "1+1", "'quoted", "中=文", "x-2"]


def cells(data: bytes) -> Iterator[Any]:
    """Every cell of every sheet of an xlsx file."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            yield from row


def assert_no_formula(data: bytes) -> None:
    formulas = [(c.parent.title, c.coordinate, c.value) for c in cells(data) if c.data_type == "f"]
    assert formulas == []


def sheet_values(data: bytes, index: int = 0) -> list[list[Any]]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[index]
    return [[c.value for c in row] for row in ws.iter_rows()]


def parse_csv(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


# --- safe_text and CSV ----------------------------------------------------------------------


@pytest.mark.parametrize("value", INJECTED)
def test_safe_text_prefixes_what_a_spreadsheet_would_run(value: str) -> None:
    assert safe_text(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_safe_text_leaves_other_text_alone(value: str) -> None:
    assert safe_text(value) == value


def test_csv_prefixes_exactly_the_dangerous_text_cells() -> None:
    rows = [[*INJECTED, *HARMLESS, 5, -5, 2.5, -0.5, "-5", None]]
    header = ["=列", *(f"c{i}" for i in range(len(rows[0]) - 1))]
    text = write_csv(rows, header)
    assert "\r\n" in text and text.count("\r\n") == 2  # CRLF line ends, "\rx" quoted
    head, body = parse_csv(text)
    assert head[0] == "'=列"
    expected = ["'" + v for v in INJECTED] + HARMLESS + ["5", "-5", "2.5", "-0.5", "'-5", ""]
    assert body == expected


def test_csv_writes_numbers_dates_and_times_as_a_spreadsheet_reads_them() -> None:
    row = [Number(0.984, "0.0%"), Number(84.6, "0.0"), Number(12, "0"), dt.date(2020, 10, 14),
           dt.time(8, 30), dt.datetime(2020, 10, 14, 15, 30), True]
    assert [csv_cell(v) for v in row] == ["98.4%", "84.6", "12", "2020-10-14", "08:30",
                                          "2020-10-14 15:30", "True"]


def test_csv_drops_characters_no_file_can_carry() -> None:
    text = write_csv([["a\x00b\x1bc", "\ud800"]], ["h"])
    assert parse_csv(text)[1] == ["abc", "\ufffd"]
    text.encode("utf-8")  # no lone surrogate left


# --- xlsx -----------------------------------------------------------------------------------


def sample_sheet() -> Sheet:
    rows: list[list[Any]] = [
        [text, 7, -5, "-5", Number(0.984, "0.0%"), dt.date(2020, 10, 14), dt.time(15, 30), None]
        for text in INJECTED
    ]
    rows.append(["合计", 49, -35, "", None, None, None, None])
    header = ["姓名", "次数", "差值", "文本", "出勤率", "日期", "开始", "空"]
    return Sheet("教师名单", header, rows, bold_rows=frozenset({len(rows) - 1}))


def test_xlsx_injected_text_stays_text_exactly() -> None:
    data = write_xlsx([sample_sheet()])
    assert_no_formula(data)
    values = sheet_values(data)
    assert [row[0] for row in values[1:-1]] == INJECTED
    assert all(row[3] == "-5" for row in values[1:-1])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, len(INJECTED) + 2))


def test_xlsx_numbers_dates_and_times_are_typed_cells() -> None:
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx([sample_sheet()]))).active
    count, diff, text, rate, day, start, empty = (ws.cell(row=2, column=c) for c in range(2, 9))
    assert (count.data_type, count.value) == ("n", 7)
    assert (diff.data_type, diff.value) == ("n", -5)
    assert (text.data_type, text.value) == ("s", "-5")
    assert (rate.data_type, rate.value, rate.number_format) == ("n", 0.984, "0.0%")
    assert day.is_date and day.value.date() == dt.date(2020, 10, 14)
    assert day.number_format == "yyyy-mm-dd"
    assert start.is_date and start.value == dt.time(15, 30)
    assert empty.value is None


def test_xlsx_header_bold_frozen_total_bold_widths_for_chinese() -> None:
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx([sample_sheet()]))).active
    assert ws.title == "教师名单" and ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    assert all(c.font.bold for c in ws[ws.max_row]) and not ws.cell(row=2, column=1).font.bold
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    # 姓名 (4 units) but =HYPERLINK("http://x") is 22 characters wide; 出勤率 is 6 units
    assert widths["A"] == 22 + 2 and widths["E"] >= 6 + 2
    assert ws.auto_filter.ref == f"A1:H{ws.max_row - 1}"  # the 合计 row is not filtered


def test_xlsx_width_counts_cjk_double_and_is_capped() -> None:
    sheet = Sheet("宽度", ["名称", "说明"], [["城南实验小学", "长" * 200]])
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx([sheet]))).active
    assert ws.column_dimensions["A"].width == 12 + 2
    assert ws.column_dimensions["B"].width == 50 + 2
    assert ws["B2"].alignment.wrap_text


def test_xlsx_replaces_characters_openpyxl_refuses() -> None:
    sheet = Sheet("控\x01制", ["a\x00"], [["x\x07y\x1b", "\ud800", "\ufffe", "tab\tkept\r\nand"]])
    data = write_xlsx([sheet])
    assert sheet_values(data) == [["a", None, None, None], ["xy", "\ufffd", "\ufffd", "tab\tkept\r\nand"]]
    assert openpyxl.load_workbook(io.BytesIO(data)).active.title == "控制"


def test_xlsx_never_holds_a_non_finite_number() -> None:
    data = write_xlsx([Sheet("x", ["a", "b"], [[float("nan"), Number(float("inf"), "0.0")]])])
    assert sheet_values(data)[1] == ["nan", "inf"]


def test_xlsx_same_input_same_bytes_stamped_with_the_date() -> None:
    first = write_xlsx([sample_sheet()], stamp=dt.date(2021, 7, 10), author="示范小学")
    assert first == write_xlsx([sample_sheet()], stamp=dt.date(2021, 7, 10), author="示范小学")
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2021, 7, 10, 0, 0, 0)}
    props = openpyxl.load_workbook(io.BytesIO(first)).properties
    assert props.created == props.modified == dt.datetime(2021, 7, 10)
    assert props.creator == "示范小学"


def test_sheet_names_are_valid_distinct_and_short() -> None:
    sheets = [Sheet(name, ["a"], []) for name in
              ["学历/职称[统计]?", "Sheet", "sheet", "", "History", "长" * 40, "长" * 40, "'引号'"]]
    names = openpyxl.load_workbook(io.BytesIO(write_xlsx(sheets))).sheetnames
    assert names[:5] == ["学历／职称【统计】？", "Sheet", "sheet(2)", "表4", "History(2)"]
    assert names[5] == "长" * 31 and names[6] == "长" * 28 + "(2)"
    assert names[7] == "引号"


# --- the commands, on data imported from a school's spreadsheets ----------------------------

SCHOOL = '''name = "示范小学"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
'''

NAMES = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "=1+1"]


@pytest.fixture
def injected(workspace_builder: WorkspaceBuilder) -> Path:
    """A school whose roster and activities were typed by someone trying formulas; imported."""
    b = workspace_builder
    b.district(DISTRICT_TOML)
    b.school("demo", SCHOOL)
    b.csv("data/teachers.csv", ["工号", "姓名", "学历", "出生年份", "学科"],
          [[f"T{i}", name, "本科", 1990, "=语文"] for i, name in enumerate(NAMES, 1)])
    b.csv("data/activities.csv", ["编号", "类型", "主题", "日期", "开始时间", "学时", "地点", "主讲人"],
          [["A1", "理论学习", "=1+1", "2020-10-14", "15:30", 2, "@会议室", "-张三"],
           ["A2", "集体备课", '=HYPERLINK("http://x")', "2020-11-04", "15:30", 3, "", ""]])
    b.csv("data/attendance.csv", ["活动编号", "工号"],
          [["A1", f"T{i}"] for i in range(1, 6)] + [["A2", "T1"]])
    result = run(b.root, "run", "-o", str(b.root / "out"), "--format", "md")
    assert result.exit_code == 0, result.output
    return b.root


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["-w", str(root), *args])


def test_evaluate_xlsx_keeps_typed_names_as_text(injected: Path, tmp_path: Path) -> None:
    out = tmp_path / "评价.xlsx"
    result = run(injected, "evaluate", "--school", "demo", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert_no_formula(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["教师评价", "等级分布"]
    ws = book["教师评价"]
    assert [c.value for c in ws[1]] == list(EVALUATION_HEAD)
    assert ws.freeze_panes == "A2"
    rows = [[c for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[1].value for r in rows] == NAMES
    assert all(r[2].value == "=语文" and r[2].data_type == "s" for r in rows)
    hours = {r[0].value: r[3] for r in rows}
    assert hours["T1"].data_type == "n" and hours["T1"].value == pytest.approx(5.0)
    assert hours["T2"].value == pytest.approx(2.0) and hours["T2"].number_format == "0.0"
    assert all(r[4].data_type == "n" for r in rows)
    assert all(r[5].value is None for r in rows)  # no 考核成绩: a blank cell, not "-"
    grades = [[c.value for c in row] for row in book["等级分布"].iter_rows()]
    assert grades[0] == ["等级", "人数", "占比"] and grades[-1][:2] == ["合计", 5]


EVALUATION_HEAD = ("工号", "姓名", "学科", "学时", "过程性", "终结性", "总分", "等级", "备注")


def test_evaluate_csv_prefixes_the_typed_cells(injected: Path) -> None:
    result = run(injected, "evaluate", "--school", "demo", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    head, *body = parse_csv(result.stdout_bytes.decode("utf-8"))
    assert head == list(EVALUATION_HEAD)
    assert [r[1] for r in body] == ["'" + n for n in NAMES]
    assert {r[2] for r in body} == {"'=语文"}
    assert [r[3] for r in body] == ["5.0", "2.0", "2.0", "2.0", "2.0"]
    assert {r[5] for r in body} == {""}


def test_evaluate_json_and_table_carry_the_hours(injected: Path) -> None:
    result = run(injected, "evaluate", "--school", "demo", "--json")
    assert result.exit_code == 0, result.output
    teachers = json.loads(result.output)["teachers"]
    assert [(t["minutes"], t["hours"]) for t in teachers] == [(225, 5.0)] + [(90, 2.0)] * 4
    assert list(teachers[0])[:4] == ["teacher_id", "name", "minutes", "hours"]
    same = run(injected, "evaluate", "--school", "demo", "--format", "json")
    assert same.output == result.output
    table = run(injected, "evaluate", "--school", "demo").output.splitlines()
    assert table[0].split("\t") == list(EVALUATION_HEAD)
    assert table[1].split("\t")[3] == "5.0"


def test_evaluate_format_and_file_name_must_agree(injected: Path, tmp_path: Path) -> None:
    for args in (["--json", "--format", "csv"], ["-o", str(tmp_path / "x.docx")],
                 ["--format", "csv", "-o", str(tmp_path / "x.xlsx")]):
        result = run(injected, "evaluate", "--school", "demo", *args)
        assert result.exit_code == 2, (args, result.output)
    assert not (tmp_path / "x.xlsx").exists()
    out = tmp_path / "评价.csv"
    assert run(injected, "evaluate", "--school", "demo", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_plan_xlsx_has_real_dates_and_text_titles(injected: Path, tmp_path: Path) -> None:
    out = tmp_path / "计划.xlsx"
    result = run(injected, "plan", "--school", "demo", "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert_no_formula(data)
    ws = openpyxl.load_workbook(io.BytesIO(data))["研修计划"]
    assert [c.value for c in ws[1]][:10] == ["日期", "星期", "开始", "结束", "项目", "主题", "类型",
                                             "地点", "主讲人", "备注"]
    assert ws.freeze_panes == "A2"
    first, second = ws[2], ws[3]
    assert first[0].is_date and first[0].value.date() == dt.date(2020, 10, 14)
    assert first[2].is_date and first[2].value == dt.time(15, 30)
    assert (first[5].value, first[7].value, first[8].value) == ("=1+1", "@会议室", "-张三")
    assert second[5].value == '=HYPERLINK("http://x")' and second[5].data_type == "s"


def test_plan_csv_prefixes_the_typed_cells(injected: Path) -> None:
    result = run(injected, "plan", "--school", "demo", "--format", "csv")
    assert result.exit_code == 0, result.output
    head, *body = parse_csv(result.stdout_bytes.decode("utf-8"))
    assert head[:4] == ["日期", "星期", "开始", "结束"]
    assert body[0][:4] == ["2020-10-14", "星期三", "15:30", "17:00"]
    assert (body[0][5], body[0][7], body[0][8]) == ("'=1+1", "'@会议室", "'-张三")
    assert body[1][5] == "'=HYPERLINK(\"http://x\")"


def test_plan_file_suffix_picks_the_format(injected: Path, tmp_path: Path) -> None:
    ics = tmp_path / "计划.ics"
    assert run(injected, "plan", "--school", "demo", "-o", str(ics)).exit_code == 0
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    result = run(injected, "plan", "--school", "demo", "--format", "ics", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
