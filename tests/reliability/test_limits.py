"""Bounds of an import (ImportLimits): numbers that fit the store, 学时 within reason, cell and
file sizes, rows and columns, decompressed workbooks, and how many problems are printed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from badinputs import inline_rows, lie_about_size, raw_xlsx
from click.testing import CliRunner
from importcheck import SCHOOL, TERM, Importer

from yanxiu_core.cli import cli
from yanxiu_core.cli._common import echo_problems
from yanxiu_core.errors import Problem
from yanxiu_core.importing.limits import ImportLimits, LimitedDataError
from yanxiu_core.importing.values import BadValue, parse_int
from yanxiu_core.program import RecordField, RecordKind
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

ACT = "编号,主题,日期,开始时间,结束时间,学时\n"
ATT = "活动编号,工号,状态,学时\n"


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- numbers that fit the store --------------------------------------------------------------


@pytest.mark.parametrize("hours", ["1e30", "1e400", "inf", "-inf", "nan", "9" * 400, "1001",
                                   "100000", "-1"])
def test_absurd_hours_are_row_errors_not_tracebacks(importer: Importer, hours: str) -> None:
    err = importer.refused("activities", "a.csv", (ACT + f"A9,讲座,2017-09-05,,,{hours}\n").encode())
    assert [p.where for p in err.problems] == ["第 2 行, 列 “学时”"]
    err = importer.refused("attendance", "b.csv", (ATT + f"A1,T001,出席,{hours}\n").encode())
    assert [p.where for p in err.problems] == ["第 2 行, 列 “学时”"]


@pytest.mark.parametrize("value", [1e30, 10**30, 1e308, float("inf")])
def test_absurd_numeric_cells_in_a_workbook(importer: Importer, value: float) -> None:
    data = xlsx([["编号", "主题", "日期", "学时"], ["A9", "讲座", "2017-09-05", value]])
    err = importer.refused("activities", "a.xlsx", data)
    assert [p.where for p in err.problems] == ["第 2 行, 列 “学时”"]


def test_program_numbers_fit_a_32_bit_column(importer: Importer) -> None:
    kind = RecordKind("ledger", "台账", (RecordField("n", ("数量",), type="int", required=True),
                                         RecordField("m", ("学时",), type="minutes")))
    data = "数量,学时\n1e30,1\n3,1e30\n2147483647,1\n-2147483649,1\n".encode()
    err = importer.refused("p.ledger", "p.csv", data, record_kind=kind, program_id="p")
    assert [p.where for p in err.problems] == [
        "第 2 行, 列 “数量”", "第 3 行, 列 “学时”", "第 5 行, 列 “数量”"]
    with pytest.raises(BadValue, match="数字过大"):
        parse_int(2**31)
    assert parse_int(-(2**31)) == -(2**31)


# --- 学时 within reason -----------------------------------------------------------------------


def test_a_lump_sum_course_without_times_is_accepted(importer: Importer) -> None:
    importer.run("activities", "a.csv", (ACT + "A9,国培网络研修,2017-12-30,,,120\n").encode())
    acts = {a.id: a for a in importer.store.records(SCHOOL, TERM).activities()}
    assert acts["A9"].minutes == 120 * 45


def test_hours_far_beyond_the_lesson_are_refused(importer: Importer) -> None:
    rows = ("A7,公开课,2017-10-10,08:00,08:40,20\n"  # 900 minutes for a 40-minute lesson
            "A8,通宵,2017-10-11,00:30,23:30,40\n"  # 1800 minutes: more than a day
            "A9,集中培训,2017-10-12,08:30,16:30,12\n")  # 540 minutes in 8 hours: fine
    err = importer.refused("activities", "a.csv", (ACT + rows).encode())
    assert [p.where for p in err.problems] == ["第 2 行, 列 “学时”", "第 3 行, 列 “学时”"]
    assert "08:00–08:40 只有 40 分钟" in err.problems[0].message
    assert "200 分钟" in err.problems[0].expected
    assert "1440 分钟" in err.problems[1].expected
    importer.run("activities", "a.csv", (ACT + rows.split("\n", 2)[2]).encode())


def test_attendance_hours_within_a_factor_of_the_activity(importer: Importer) -> None:
    # A2 is 1 学时 (45 minutes): 5 学时 is the most a row may credit for it
    err = importer.refused("attendance", "b.csv", (ATT + "A2,T001,出席,6\nA2,T002,出席,5\n")
                           .encode())
    assert [p.where for p in err.problems] == ["第 2 行, 列 “学时”"]
    assert "活动 A2 为 45 分钟" in err.problems[0].message
    importer.run("attendance", "b.csv", (ATT + "A2,T001,出席,2\nA2,T002,出席,5\n").encode())


# --- cells, rows, columns, files ---------------------------------------------------------------


def test_cell_length_limit_applies_to_read_columns_only(importer: Importer) -> None:
    head = "工号,姓名,学科,备注\n"
    err = importer.refused("teachers", "t.csv", (head + f"T001,王芳,{'语' * 2001},\n").encode())
    problem = err.problems[0]
    assert (problem.where, problem.message) == ("第 2 行, 列 “学科”", "单元格过长（2001 字）")
    assert isinstance(problem.value, str) and problem.value.endswith("…（共 2001 字）")
    importer.run("teachers", "t.csv", (head + f"T001,王芳,{'语' * 2000},{'注' * 100_000}\n")
                 .encode())
    small = ImportLimits(max_cell_chars=10)
    importer.refused("teachers", "t.csv", (head + "T001,王芳,语文语文语文语文语文语文,\n").encode(),
                     limits=small)


def test_a_twenty_million_character_cell_is_refused_not_stored(importer: Importer) -> None:
    # openpyxl and Excel cut a cell at 32767 characters; other writers do not
    data = raw_xlsx([inline_rows([["工号", "姓名"], ["T009", "王" * 20_000_000]])])
    assert len(data) < 200_000  # a small file …
    err = importer.refused("teachers", "big.xlsx", data)  # … that would store 20 MB of text
    assert err.problems[0].message == "单元格过长（20000000 字）"
    assert len(str(err)) < 1000


def test_rows_beyond_the_limit(importer: Importer) -> None:
    rows = [f"T{i:03d},名{i}\n" for i in range(10)]
    limits = ImportLimits(max_rows=10)
    err = importer.refused("teachers", "t.csv", ("工号,姓名\n" + "".join(rows)).encode(),
                           limits=limits)
    assert err.problems[0].where == "第 11 行"  # the header and 9 rows were read
    blank = "\n\n,,\n" * 50  # blank rows do not count
    importer.run("teachers", "t.csv", ("工号,姓名\n" + blank.join(rows[:9])).encode(),
                 limits=limits)


def test_columns_beyond_the_limit(importer: Importer) -> None:
    err = importer.refused("teachers", "t.csv",
                           ("工号,姓名\nT001,王芳," + ",".join("x" * 1200) + "\n").encode())
    assert "1202 列" in err.problems[0].message and err.problems[0].where == "第 2 行"
    importer.run("teachers", "t.csv", ("工号,姓名\nT001,王芳" + "," * 5000 + "\n").encode())


def test_file_size_is_checked_before_reading(importer: Importer) -> None:
    err = importer.refused("teachers", "t.csv", b"x" * 2000, limits=ImportLimits(max_file_bytes=1000))
    assert "太大" in str(err) and "2.0 KB" in str(err)


# --- workbooks: decompressed size and dimensions, before loading -------------------------------


def test_a_small_workbook_declaring_a_huge_part_is_refused_unopened(importer: Importer) -> None:
    data = lie_about_size(raw_xlsx([inline_rows([["工号", "姓名"], ["T1", "王芳"]])]),
                          "xl/worksheets/sheet1.xml", 300 * 1024 * 1024)
    err = importer.refused("teachers", "bomb.xlsx", data)
    assert "解压后有 300.0 MB，超过上限 200.0 MB" in err.problems[0].message


def test_a_zip_bomb_is_refused_by_its_real_size(importer: Importer) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (8 * 1024 * 1024))
    assert len(out.getvalue()) < 20_000
    err = importer.refused("teachers", "bomb.xlsx", out.getvalue(),
                           limits=ImportLimits(max_xlsx_member_bytes=4 * 1024 * 1024))
    assert "8.0 MB" in err.problems[0].message


def test_a_million_rows_in_a_small_workbook_stop_at_the_limit(importer: Importer) -> None:
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n)
                    for n in range(2, 1_000_001))
    sheet = inline_rows([["工号", "姓名"]]).replace(b"</sheetData>", body + b"</sheetData>")
    data = raw_xlsx([sheet])
    err = importer.refused("teachers", "million.xlsx", data, limits=ImportLimits(max_rows=1000))
    assert err.problems[0].where == "工作表 “S1” 第 1001 行"
    declared = raw_xlsx([b'<dimension ref="A1:B1000000"/>' + sheet])
    err = importer.refused("teachers", "million.xlsx", declared)
    assert "使用范围有 1000000 行" in err.problems[0].message


# --- problems printed ----------------------------------------------------------------------------


def test_problems_are_printed_fifty_then_counted(importer: Importer) -> None:
    rows = "".join(f"T{i:03d},名{i},x\n" for i in range(300))
    err = importer.refused("teachers", "t.csv", ("工号,姓名,性别\n" + rows).encode())
    assert isinstance(err, LimitedDataError)
    text = str(err)
    assert text.count("\n  - ") == 50 and text.endswith("  另有 250 处问题未列出")
    assert "有 300 处错误" in text
    assert len(err.problems) == 300 and err.total == 300  # the full list for programs
    err = importer.refused("teachers", "t.csv", ("工号,姓名,性别\n" + rows).encode(),
                           limits=ImportLimits(problems_kept=100, problems_shown=5))
    assert (len(err.problems), err.total) == (100, 300)
    assert str(err).endswith("另有 295 处问题未列出")


def test_echo_problems_prints_fifty_then_counts(capsys: pytest.CaptureFixture[str]) -> None:
    echo_problems("发现问题：", [Problem(f"问题 {i}") for i in range(70)])
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "发现问题：" and len(err) == 52
    assert err[-2] == "  - 问题 49" and err[-1] == "  另有 20 处问题未列出"


def test_the_cli_prints_a_bounded_message(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML)
    workspace_builder.school("demo", 'name = "示范小学"\n')
    path = workspace_builder.csv("t.csv", ["工号", "姓名", "性别"],
                                 [[f"T{i}", f"名{i}", "x"] for i in range(5000)])
    result = CliRunner().invoke(cli, ["-w", str(workspace_builder.root), "import", "teachers",
                                      str(path), "--school", "demo"])
    assert result.exit_code == 1
    assert "另有 4950 处问题未列出" in result.output and "Traceback" not in result.output
    assert result.output.count("\n  - ") == 50


def test_limits_are_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text("utf-8")
    limits = ImportLimits()
    for figure in ("200 000", "2 000", "1 000", "100 MB", "200 MB", "50 ", "1000 学时", "5 倍",
                   "24 小时", "30 秒"):
        assert figure in doc, figure
    assert limits.max_rows == 200_000 and limits.max_cell_chars == 2_000
