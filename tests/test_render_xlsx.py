"""The report as an Excel workbook (``--format xlsx``): 概要 first, one sheet per table in
document order, figures as numbers, nothing a spreadsheet would run."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

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
from yanxiu_core.renderers.xlsx import number_cell, render_xlsx

pytestmark = pytest.mark.shared_store  # the tests read the module's workspace store

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"
INJECTED = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def no_formulas(workbook: Any) -> list[str]:
    return [f"{ws.title}!{c.coordinate}" for ws in workbook.worksheets
            for row in ws.iter_rows() for c in row if c.data_type == "f"]


def values(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def sample_report() -> Report:
    people = Table(("工号", "姓名", "学时", "出勤率", "日期", "备注"), tuple(
        (f"00{i}", name, f"{i}.5", f"9{i}.4%", f"2020-10-1{i}", "-")
        for i, name in enumerate(INJECTED)), caption="教师/学时").with_total(columns=("学时",))
    chart = Chart("各月活动", "bar", ("9月", "10月"), (ChartSeries("次数", (3.0, 4.0)),), unit="次")
    hidden = Chart("重复的图", "bar", ("a",), (ChartSeries("x", (1.0,)),), table_elsewhere=True)
    counts = Table(("级别", "人数"), (("市级", "3"), ("校级", "12")), caption="教师/学时")
    return Report(
        title="示范小学2020学年校本研修工作总结",
        subtitle="=副标题",
        preamble=(Paragraph("=1+1 开头的段落"),),
        sections=(
            Section("一、基本情况", (KeyFigures((("专任教师", "6人"), ("出勤率", "98.4%"))),
                                     Paragraph("正文。"), people, chart, hidden),
                    subsections=(Section("（一）骨干", (BulletList(("@甲", "乙")), counts,
                                                       Table(("a",), (("x",),)))),)),
        ),
        signature=("示范小学", "2021年7月10日"),
        appendices=(Table(("学科", "人数"), (("语文", "14"),), caption="学科分布"),),
        author="示范小学",
        date=dt.date(2021, 7, 10),
    )


def test_sheets_in_document_order_with_valid_distinct_names() -> None:
    workbook = book(render_xlsx(sample_report()))
    assert workbook.sheetnames == ["概要", "教师／学时", "各月活动", "教师／学时(2)", "表5", "附表1 学科分布"]
    assert no_formulas(workbook) == []
    assert all(ws.freeze_panes == "A2" for ws in workbook.worksheets)
    assert all(c.font.bold for ws in workbook.worksheets for c in ws[1])


def test_summary_sheet_has_title_figures_and_text() -> None:
    rows = values(book(render_xlsx(sample_report()))["概要"])
    assert rows[:7] == [["项目", "内容"], ["标题", "示范小学2020学年校本研修工作总结"],
                        ["副标题", "=副标题"], ["学校", "示范小学"],
                        ["日期", dt.datetime(2021, 7, 10)], ["专任教师", "6人"], ["出勤率", "98.4%"]]
    text = [r[1] for r in rows[7:]]
    assert text[0] == "=1+1 开头的段落"
    assert "（见工作表“教师／学时(2)”）" in text and "· @甲" in text
    assert text[-2:] == ["示范小学", "2021年7月10日"]
    assert [r[0] for r in rows if r[0] and r[0].startswith(("一", "（"))] == ["一、基本情况", "（一）骨干"]


def test_table_cells_become_numbers_dates_or_text() -> None:
    ws = book(render_xlsx(sample_report()))["教师／学时"]
    assert [c.value for c in ws[1]] == ["工号", "姓名", "学时", "出勤率", "日期", "备注"]
    body = list(ws.iter_rows(min_row=2, max_row=len(INJECTED) + 1))
    assert [r[0].value for r in body] == [f"00{i}" for i in range(len(INJECTED))]  # ids stay text
    assert [r[1].value for r in body] == INJECTED
    assert all(r[1].data_type == "s" for r in body)
    assert [(r[2].value, r[2].number_format) for r in body[:2]] == [(0.5, "0.0"), (1.5, "0.0")]
    assert [(r[3].value, r[3].number_format) for r in body[:2]] == [(0.904, "0.0%"), (0.914, "0.0%")]
    assert body[0][4].is_date and body[0][4].value == dt.datetime(2020, 10, 10)
    assert body[0][5].value == "-" and body[0][5].data_type == "s"
    total = ws[ws.max_row]
    assert [c.value for c in total[:3]] == ["合计", None, 18.0] and all(c.font.bold for c in total)
    chart = values(book(render_xlsx(sample_report()))["各月活动"])
    assert chart == [["项目", "次数（次）"], ["9月", 3], ["10月", 4]]


@pytest.mark.parametrize(("text", "value", "fmt"), [
    ("12", 12, "0"), ("-3", -3, "0"), ("84.6", 84.6, "0.0"), ("98.4%", 0.984, "0.0%"),
    ("100%", 1, "0%"), ("0.05", 0.05, "0.00"),
])
def test_number_cells_keep_the_shown_decimals(text: str, value: float, fmt: str) -> None:
    cell = number_cell(text)
    assert not isinstance(cell, str) and cell is not None
    assert cell.value == pytest.approx(value) and cell.number_format == fmt  # type: ignore[union-attr]


def test_same_report_same_bytes() -> None:
    assert render_xlsx(sample_report()) == render_xlsx(sample_report())


# --- on the example district ----------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, ws, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.db"))
    result = CliRunner().invoke(cli, ["-w", str(ws), "run", "--school", "chengnan", "-o",
                                      str(ws / "out"), "--format", "md"])
    assert result.exit_code == 0, result.output
    return ws


def test_report_xlsx_on_the_example(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "总结.xlsx"
    result = CliRunner().invoke(cli, ["-w", str(example), "report", "--school", "chengnan",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    workbook = book(out.read_bytes())
    assert no_formulas(workbook) == []
    assert workbook.sheetnames[0] == "概要" and "考核等级分布" in workbook.sheetnames
    assert any(name.startswith("附表1") for name in workbook.sheetnames)
    roles = workbook["教师构成与学时（按角色）"]
    total = [c.value for c in roles[roles.max_row]]
    assert total[0] == "合计" and total[1] == 60 and roles[roles.max_row][1].font.bold
    md = (example / "out" / "chengnan.md").read_text(encoding="utf-8")
    assert f"| **合计** | **{total[1]}** | **{total[2]:.1f}** |" in md
    assert all(roles.cell(row=r, column=2).data_type == "n" for r in range(2, roles.max_row + 1))


def test_report_format_xlsx_to_a_pipe(example: Path) -> None:
    result = CliRunner().invoke(cli, ["-w", str(example), "report", "--school", "chengnan",
                                      "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes[:2] == b"PK"
    assert book(result.stdout_bytes).sheetnames[0] == "概要"
