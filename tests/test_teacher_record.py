"""``yanxiu record``: each teacher's 研修档案 — its figures against the records, every format,
lookup errors, several terms — and the parts it rests on (the per-teacher 学时 aggregate of
both Records, the evidence resolver, safe file names)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from yanxiu_core.app import App
from yanxiu_core.cli import cli
from yanxiu_core.evaluation.evidence import EvidenceIndex
from yanxiu_core.memory_records import MemoryRecords
from yanxiu_core.model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    Award,
    ProgramRecord,
    Teacher,
    Term,
)
from yanxiu_core.program import RecordField, RecordKind
from yanxiu_core.records import Records
from yanxiu_core.store import Store
from yanxiu_core.teacher_record import record_file_name, record_file_names, safe_part
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

pytestmark = pytest.mark.shared_store  # the tests read the module's workspace store

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"
TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
EVIDENCE_ID = re.compile(r"\b(?:activity|attendance|artifact|assessment|award|[a-z]+\.[a-z]+):\S")


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-w", str(root), *args])


# --- the per-teacher, per-category aggregate ---------------------------------------------------

def scenario() -> list[object]:
    at = dt.datetime(2020, 10, 1, 15, 30)
    return [
        Teacher("T1", "甲"), Teacher("T2", "乙"), Teacher("T3", "丙"),
        Activity("A1", "讲座", "讲座一", at, minutes=90, credit_category="校本研修"),
        Activity("A2", "培训", "培训一", at + dt.timedelta(days=7), minutes=270,
                 credit_category="集中培训"),
        Activity("A3", "备课", "备课一", at + dt.timedelta(days=14), minutes=45),
        Activity("A0", "讲座", "上学年", dt.datetime(2019, 10, 1, 15, 30), minutes=90,
                 credit_category="校本研修"),
        Attendance("A1", "T1"), Attendance("A2", "T1", minutes=200),
        Attendance("A3", "T1", AttendanceStatus.LATE), Attendance("A0", "T1"),
        Attendance("A1", "T2", AttendanceStatus.EXCUSED), Attendance("A3", "T2"),
        Attendance("A2", "T3", AttendanceStatus.ABSENT, minutes=270),
    ]


def both_records(tmp_path: Path) -> list[Records]:
    store = Store.open(f"sqlite:///{tmp_path / 'agg.db'}")
    store.save("s1", scenario())
    store.save("s2", [Teacher("T1", "他校"), Activity("A1", "讲座", "他校", dt.datetime(2020, 10, 1),
                                                       minutes=999, credit_category="校本研修"),
                      Attendance("A1", "T1")])
    return [MemoryRecords(TERM).add(scenario()), store.records("s1", TERM)]


def test_minutes_by_teacher_and_category_in_memory_and_in_the_store(tmp_path: Path) -> None:
    memory, stored = both_records(tmp_path)
    expected = {"T1": {"": 45, "校本研修": 90, "集中培训": 200},  # own minutes; 迟到 credits
                "T2": {"": 45, "校本研修": 0},  # 请假 credits nothing
                "T3": {"集中培训": 0}}  # 缺席, even with own minutes
    for records in (memory, stored):
        got = records.teacher_minutes_by_category()
        assert got == expected
        assert list(got) == ["T1", "T2", "T3"] and list(got["T1"]) == ["", "校本研修", "集中培训"]
        summary = records.attendance_summary()  # the categories add up to the hours indicator's
        assert {t: sum(c.values()) for t, c in got.items()} == {t: s.minutes
                                                              for t, s in summary.items()}


# --- evidence made readable --------------------------------------------------------------------

RESOURCES = RecordKind("resources", "资源台账", (
    RecordField("teacher_id", ("工号",)), RecordField("date", ("日期",), type="date"),
    RecordField("type", ("类型",)), RecordField("amount", ("金额",), type="float")))


def evidence_records() -> MemoryRecords:
    return MemoryRecords(TERM).add(
        Teacher("T1", "甲"),
        Activity("L01", "讲座", "陶行知教育思想与今日课堂", dt.datetime(2020, 9, 9, 15, 30), minutes=90),
        Activity("B01", "集体备课", "", dt.datetime(2020, 9, 22, 15, 30), minutes=90),
        Attendance("L01", "T1"), Attendance("B01", "T1", AttendanceStatus.ABSENT),
        Artifact(12, "T1", "学习笔记", "师德学习笔记", dt.date(2021, 1, 15)),
        Artifact(13, "T1", "研究课", "研究课《推荐一本书》", dt.date(2021, 5, 6)),
        Assessment(3, "T1", "学年课堂教学考核", 63, 100),
        Award(5, "区优质课评比", "区县级", dt.date(2021, 4, 15), rank="一等奖", teacher_id="T1"),
        ProgramRecord(7, "grow", "resources", "T1", dt.date(2020, 10, 10),
                      {"teacher_id": "T1", "date": dt.date(2020, 10, 10), "type": "经费",
                       "amount": 2500.0}),
    )


def test_every_kind_of_evidence_id_is_described() -> None:
    index = EvidenceIndex(evidence_records(), record_kinds={("grow", "resources"): RESOURCES})
    assert index.describe("activity:L01") == "2020-09-09《陶行知教育思想与今日课堂》"
    assert index.describe("attendance:L01", "T1") == "2020-09-09《陶行知教育思想与今日课堂》"
    assert index.describe("attendance:B01", "T1") == "2020-09-22《集体备课》（缺席）"
    assert index.describe("artifact:12") == "2021-01-15 学习笔记《师德学习笔记》"
    assert index.describe("artifact:13") == "2021-05-06 研究课《推荐一本书》"
    assert index.describe("assessment:3") == "学年课堂教学考核（63/100分）"
    assert index.describe("award:5") == "2021-04-15 区县级“区优质课评比”一等奖"
    assert index.describe("grow.resources:7") == "2020-10-10 资源台账：经费，金额2500"
    for unknown in ("activity:X9", "artifact:99", "artifact:abc", "grow.other:7", "plain", "x:"):
        assert index.describe(unknown) == f"记录 {unknown}"


def test_program_records_of_an_undeclared_kind_use_the_program_title() -> None:
    index = EvidenceIndex(evidence_records(), program_titles={"grow": "成长计划"})
    assert index.describe("grow.resources:7") == "2020-10-10 成长计划记录：经费，amount2500"


def test_describe_all_drops_repeated_ids_and_can_sort_by_date() -> None:
    records = evidence_records().add(  # reads like L01 but is another record: kept
        Activity("L02", "讲座", "陶行知教育思想与今日课堂", dt.datetime(2020, 9, 9, 18), minutes=90))
    index = EvidenceIndex(records)
    ids = ["artifact:12", "activity:L01", "nope:1", "artifact:12", "assessment:3", "activity:L02"]
    assert index.describe_all(ids, chronological=True) == [
        "2020-09-09《陶行知教育思想与今日课堂》", "2020-09-09《陶行知教育思想与今日课堂》",
        "2021-01-15 学习笔记《师德学习笔记》", "记录 nope:1", "学年课堂教学考核（63/100分）"]
    assert index.describe_all(ids)[0] == "2021-01-15 学习笔记《师德学习笔记》"  # as given


# --- safe file names ---------------------------------------------------------------------------

def test_file_names_are_safe_and_distinct() -> None:
    assert record_file_name(Teacher("C013", "严子泽"), ".docx") == "C013-严子泽-研修档案.docx"
    assert safe_part("../a/b\\c:d") == "_a_b_c_d"
    assert safe_part("王\x00芳\n") == "王芳"
    assert safe_part("...") == "_" and safe_part("") == "_"
    assert safe_part("王  芳") == "王 芳"
    names = record_file_names([Teacher("A/1", "甲"), Teacher("A_1", "甲"), Teacher("a_1", "甲")],
                              ".md")
    assert names == {"A/1": "A_1-甲-研修档案.md", "A_1": "A_1-甲-研修档案-2.md",
                     "a_1": "a_1-甲-研修档案-3.md"}


# --- the example district ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of configs/example with its records imported (``run``)."""
    ws = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, ws, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.db"))
    result = invoke(ws, "run", "-o", str(ws / "out"), "--format", "md")
    assert result.exit_code == 0, result.output
    return ws


@pytest.fixture(scope="module")
def all_md(example: Path) -> dict[str, str]:
    """Every chengnan teacher's archive as Markdown, by file name."""
    out = example / "records-md"
    result = invoke(example, "record", "--school", "chengnan", "-o", str(out), "--format", "md")
    assert result.exit_code == 0, result.output
    assert f"已写出 60 份研修档案到 {out}" in result.output
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def table(md: str, caption: str) -> list[list[str]]:
    """The body rows and the 合计 row of the Markdown table under ``caption`` (a bold caption or
    an appendix heading), cells without the bold markers."""
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line in (f"**{caption}**",) or (line.startswith("## 附表") and line.endswith(caption)))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        rows.append([c.strip().strip("*") for c in line.strip("|").split("|")])
    return rows[2:]  # without the header and the alignment row


def attendance_rows(example: Path, teacher_id: str) -> list[dict[str, str]]:
    rows = []
    for path in sorted((example / "data" / "chengnan").glob("*attendance.csv")):
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("活动编号"))
        rows += [r for r in csv.DictReader(lines[start:]) if r["工号"] == teacher_id]
    return rows


def test_one_archive_per_teacher_named_by_id_and_name(all_md: dict[str, str]) -> None:
    assert len(all_md) == 60
    assert "C013-严子泽-研修档案.md" in all_md
    assert all(re.fullmatch(r"C\d{3}-\w+-研修档案\.md", name) for name in all_md)


def test_hours_by_category_add_up_to_the_evaluated_hours(example: Path,
                                                         all_md: dict[str, str]) -> None:
    evaluated = json.loads(invoke(example, "evaluate", "--school", "chengnan", "--json").output)
    hours = {t["teacher_id"]: next(i["detail"] for i in t["indicators"] if i["key"] == "hours")
             for t in evaluated["teachers"]}
    for name, md in all_md.items():
        tid = name.split("-")[0]
        earned = hours[tid].split("/")[0]
        assert f"- **已修学时**：{earned}" in md
        rows = table(md, "学时与学分（按学分类别）") if float(earned) else []
        if rows:
            *body, total = rows
            assert total[0] == "合计"
            assert f"{sum(float(r[1]) for r in body):.1f}" == total[1] == earned
            assert f"{sum(float(r[3]) for r in body):.2f}" == total[3]


def test_activities_listed_are_the_teachers_attendance_rows(example: Path,
                                                            all_md: dict[str, str]) -> None:
    for tid, name in (("C013", "严子泽"), ("C002", "周若曦"), ("C045", None)):
        md = next(text for file, text in all_md.items() if file.startswith(tid + "-"))
        raw = attendance_rows(example, tid)
        *listed, total = table(md, "研修活动一览")
        assert len(listed) == len(raw) > 0 and total[0] == "合计"
        assert f"应参加研修活动{len(raw)}次" in md
        attended = sum(1 for r in raw if r["状态"] in ("出席", "迟到", ""))
        assert f"实际参加{attended}次" in md
        by_program = table(md, "研修活动（按项目）")[-1]
        assert by_program[1:3] == [str(len(raw)), str(attended)]
        assert by_program[3] == f"{100 * attended / len(raw):.1f}%"  # the totals' rate
        assert all(r[3] != "" and not re.fullmatch(r"[a-z]+", r[3]) for r in listed)  # titles
        if name:
            assert md.startswith(f"# {name}研修档案\n\n城南实验小学 · 2020学年\n")


def test_memberships_of_a_mentor_and_of_the_workshop_host(all_md: dict[str, str]) -> None:
    mentor = all_md["C002-周若曦-研修档案.md"]
    assert re.search(r"\| 影子行动 \| 导师 \| 徒弟 \S+（C031）", mentor)
    host = next(text for file, text in all_md.items() if file.startswith("C001-"))
    assert re.search(r"\| 童化作文工作室 \| 主持人 \| 活动出勤 \d+/\d+", host)
    mentee = next(text for file, text in all_md.items() if file.startswith("C031-"))
    assert "| 影子行动 | 徒弟 | 导师 周若曦（C002）" in mentee
    seed = all_md["C013-严子泽-研修档案.md"]
    assert "| 种子工程 | 种子教师 |" in seed and "| 童化作文工作室 | 成员 |" in seed


def test_evidence_is_resolved_never_a_raw_id(all_md: dict[str, str]) -> None:
    for name, md in all_md.items():
        assert not EVIDENCE_ID.search(md), name
        assert not re.search(r"记录 [^|\s]", md), name  # no id the resolver could not find
    md = all_md["C013-严子泽-研修档案.md"]
    rows = {r[0]: r for r in table(md, "过程性评价指标")}
    assert rows["城南大讲堂出勤"][4].startswith("2020-09-09《陶行知教育思想与今日课堂》")
    assert "等16项" in rows["城南大讲堂出勤"][4]
    assert rows["种子工程获奖"][4] == ("2021-04-15 区县级“区青年教师优质课评比”一等奖；"
                                    "2021-06-10 校级“校教学节赛课”一等奖")
    assert rows["影子行动任务完成度"][2] == "不适用"
    assert "种子教师资源台账：经费" in rows["种子工程资源使用"][4]
    for md_text in all_md.values():  # a cell counts every record behind it (38/39 → 39项)
        attendance = {r[0]: r for r in table(md_text, "过程性评价指标")}["出勤率"]
        expected = attendance[3].split("/")[1] if "/" in attendance[3] else None
        if expected and int(expected) > 3:
            assert f"等{expected}项" in attendance[4]
    full = {r[0]: r[1] for r in table(md, "考核评价依据")}
    assert full["城南大讲堂出勤"].count("；") == 15
    summative = table(md, "终结性评价")
    assert summative[0][:3] == ["学年课堂教学考核", "63.0", "1"]
    assert "- 总评 = (0.6×95.0 + 0.4×63.0) ÷ (0.6 + 0.4) = 82.2" in md
    assert "- **等级**：良好" in md


def test_hexi2_program_records_are_resolved_in_every_archive(example: Path) -> None:
    """hexi2 runs seven programs whose evidence cites their own records (notes, rounds, platform
    rows, 师德 results, score sheets): every one reads as the record, never an id."""
    out = example / "hexi2-md"
    result = invoke(example, "record", "--school", "hexi2", "-o", str(out), "--format", "md")
    assert result.exit_code == 0, result.output
    archives = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.md")}
    assert len(archives) == 80
    for name, md in archives.items():
        assert not EVIDENCE_ID.search(md), name
        assert not re.search(r"记录 [^|\s]", md), name
    first = next(md for name, md in archives.items() if name.startswith("X001-"))
    assert "2021-06-25 学习笔记（平台导出）：第二学期政治学习笔记，字数" in first
    assert "磨课记录" in first  # the mmw.rounds rows behind the completed cycle


def test_signature_like_the_summary(all_md: dict[str, str]) -> None:
    md = all_md["C013-严子泽-研修档案.md"]
    assert "城南实验小学教科室\n\n2021年7月10日" in md


def test_stdout_for_one_teacher_by_lower_case_id_or_name(example: Path,
                                                         all_md: dict[str, str]) -> None:
    by_id = invoke(example, "record", "--school", "chengnan", "--teacher", "c013")
    by_name = invoke(example, "record", "--school", "chengnan", "--teacher", "严子泽")
    assert by_id.exit_code == by_name.exit_code == 0
    assert by_id.stdout == by_name.stdout == all_md["C013-严子泽-研修档案.md"]


def test_json_is_the_document_model(example: Path) -> None:
    result = invoke(example, "record", "--school", "chengnan", "--teacher", "C002",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "yanxiu.report"
    text = json.dumps(data, ensure_ascii=False)
    assert "周若曦研修档案" in text and "城南实验小学 · 2020学年" in text
    assert "七、考核评价" in text and not EVIDENCE_ID.search(text)


def test_docx_opens_with_headings_and_tables(example: Path) -> None:
    import docx

    out = example / "records-docx"
    result = invoke(example, "record", "--school", "chengnan", "--teacher", "C002", "-o", str(out))
    assert result.exit_code == 0, result.output  # a folder gets Word unless --format says not
    path = out / "C002-周若曦-研修档案.docx"
    assert f"已写出 {path}" in result.output
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "周若曦研修档案"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、基本信息", "二、研修学时", "三、研修活动", "四、研修成果",
                        "五、荣誉与获奖", "六、项目参与", "七、考核评价"]
    header_rows = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["学分类别", "已修学时", "每学分学时", "折合学分"] in header_rows
    assert ["指标", "权重", "完成情况", "说明", "依据"] in header_rows
    assert ["研修项目", "角色", "说明"] in header_rows
    every_cell = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "导师" in every_cell and not EVIDENCE_ID.search(every_cell)


def test_one_file_named_by_o(example: Path) -> None:
    path = example / "one" / "严子泽.html"
    result = invoke(example, "record", "--school", "chengnan", "--teacher", "严子泽", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_xlsx_when_its_renderer_is_installed(example: Path) -> None:
    if "xlsx" not in App(root=example).host.renderers():
        pytest.skip("no xlsx renderer registered")
    from openpyxl import load_workbook

    out = example / "records-xlsx"
    result = invoke(example, "record", "--school", "chengnan", "--teacher", "C013", "-o", str(out),
                    "--format", "xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook(out / "C013-严子泽-研修档案.xlsx")
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    assert "学分类别" in cells and "严子泽" in cells
    assert not any(EVIDENCE_ID.search(c) for c in cells)


def test_html_in_a_browser(example: Path, chromium: Any) -> None:
    from browser import open_offline

    out = example / "records-html"
    result = invoke(example, "record", "--school", "chengnan", "--teacher", "C001", "-o", str(out),
                    "--format", "html")
    assert result.exit_code == 0, result.output
    page, blocked, errors = open_offline(chromium, out / "C001-林文博-研修档案.html")
    try:
        assert page.eval_on_selector("h1", "e => e.textContent") == "林文博研修档案"
        headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
        assert headings[:7] == ["一、基本信息", "二、研修学时", "三、研修活动", "四、研修成果",
                                "五、荣誉与获奖", "六、项目参与", "七、考核评价"]
        assert page.eval_on_selector_all("table", "els => els.length") >= 6
        body = page.eval_on_selector("body", "e => e.innerText")
        assert "主持人" in body and not EVIDENCE_ID.search(body)
        assert blocked == [] and errors == []
    finally:
        page.close()


def test_the_school_is_evaluated_once_for_all_its_teachers(example: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = App.evaluate

    def counting(self: App, school_id: str) -> Any:
        calls.append(school_id)
        return original(self, school_id)

    monkeypatch.setattr(App, "evaluate", counting)
    result = invoke(example, "record", "--school", "chengnan", "-o", str(example / "once"),
                    "--format", "json")
    assert result.exit_code == 0, result.output
    assert calls == ["chengnan"]


# --- usage errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["record", "explain"])
def test_unknown_teacher_is_a_usage_error(example: Path, command: str) -> None:
    args = ["--teacher", "某个不存在的名字"] if command == "record" else ["某个不存在的名字"]
    result = invoke(example, command, "--school", "chengnan", *args)
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "错误：学校 'chengnan' 没有工号或姓名为 '某个不存在的名字' 的教师" in result.output
    assert "Traceback" not in result.output


def test_folder_needed_without_teacher_and_not_a_file(example: Path) -> None:
    result = invoke(example, "record", "--school", "chengnan")
    assert result.exit_code == 2 and "请用 -o 指定写入的文件夹" in result.output
    occupied = example / "occupied"
    occupied.write_text("x", encoding="utf-8")
    result = invoke(example, "record", "--school", "chengnan", "-o", str(occupied))
    assert result.exit_code == 2 and "不是文件夹" in result.output


def twin_workspace(builder: WorkspaceBuilder, district: str = DISTRICT_TOML) -> Path:
    builder.district(district)
    builder.school("alpha", 'name = "示范小学"\n\n[data]\nteachers = "data/teachers.csv"\n'
                            'activities = "data/activities.csv"\nattendance = "data/attendance.csv"\n')
    builder.csv("data/teachers.csv", ["工号", "姓名", "学科"],
                [["T1", "张伟", "英语"], ["T2", "张伟", "体育"], ["T3", "王芳", "语文"]])
    builder.csv("data/activities.csv", ["编号", "类型", "主题", "日期", "学时", "学分类别"],
                [["A0", "理论学习", "上学年的学习", "2019-10-16", 3, "校本研修"],
                 ["A1", "理论学习", "师德学习", "2020-10-14", 2, "校本研修"]])
    builder.csv("data/attendance.csv", ["活动编号", "工号"],
                [["A0", "T3"], ["A1", "T1"], ["A1", "T2"], ["A1", "T3"]])
    assert invoke(builder.root, "run", "-o", str(builder.root / "out"),
                  "--format", "md").exit_code == 0
    return builder.root


@pytest.mark.parametrize("command", ["record", "explain"])
def test_a_shared_name_is_a_usage_error(workspace_builder: WorkspaceBuilder, command: str) -> None:
    root = twin_workspace(workspace_builder)
    args = ["--teacher", "张伟"] if command == "record" else ["张伟"]
    result = invoke(root, command, "--school", "alpha", *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "有 2 位教师的姓名是 '张伟'：张伟（工号 T1，英语）、张伟（工号 T2，体育）" in result.output


TWO_TERMS = """\
[district]
name = "测试区"

[[terms]]
name = "2019学年"
year = 2019

[[terms]]
name = "2020学年"
year = 2020
"""


def test_several_terms_give_a_table_by_year(workspace_builder: WorkspaceBuilder) -> None:
    root = twin_workspace(workspace_builder, TWO_TERMS)
    result = invoke(root, "record", "--school", "alpha", "--teacher", "王芳")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert "- **已修学时**：2.0" in md  # the current term only
    assert table(md, "历年研修学时") == [["2019学年", "3.0", "72.0", "否"],
                                      ["2020学年", "2.0", "72.0", "否"],
                                      ["合计", "5.0", "144.0", ""]]
    single = invoke(root, "record", "--school", "alpha", "--teacher", "T1").stdout
    assert table(single, "历年研修学时")[0] == ["2019学年", "0.0", "72.0", "否"]


def test_one_term_has_no_table_by_year(workspace_builder: WorkspaceBuilder) -> None:
    root = twin_workspace(workspace_builder)
    md = invoke(root, "record", "--school", "alpha", "--teacher", "王芳").stdout
    assert "历年研修学时" not in md and "- **已修学时**：2.0" in md


def test_a_teacher_without_records(workspace_builder: WorkspaceBuilder) -> None:
    root = twin_workspace(workspace_builder)
    (root / "data" / "attendance.csv").write_text("活动编号,工号\nA1,T1\n", encoding="utf-8")
    assert invoke(root, "run", "-o", str(root / "out"), "--format", "md").exit_code == 0
    result = invoke(root, "record", "--school", "alpha", "--teacher", "T3", "--format", "json")
    assert result.exit_code == 0, result.output
    text = json.dumps(json.loads(result.stdout), ensure_ascii=False)
    assert "本学年无记录。" in text and "本学年未承担或参加专项研修项目。" in text
    assert io.StringIO(text).read()  # rendered, nothing raised
