"""Spreadsheet import of the core kinds: formats, vocabulary, all-or-nothing errors, re-import.

Every bad-input test asserts the message (file, row, column, value, expectation) and that the
store is exactly as before.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from storecheck import dump, write_csv, write_xlsx

from yanxiu_core.errors import DataError, UsageError
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import ImportResult, import_file
from yanxiu_core.model import AttendanceStatus, Term
from yanxiu_core.store import Store

TERM = Term("2017学年", dt.date(2017, 9, 1), dt.date(2018, 8, 31))
POLICY = HoursPolicy()  # 45 minutes a 学时
PROGRAMS = {"alpha": "alpha", "读书会": "alpha", "beta": "beta", "磨课": "beta"}

TEACHERS = [
    ["工号", "姓名", "性别", "出生年份", "学科", "教研组", "职称", "角色", "入职年份"],
    ["T001", "王芳", "女", "1975", "语文", "语文组", "高级教师", "骨干教师、班主任", "1996"],
    ["T002", "李明", "男", "1995", "数学", "数学组", "二级教师", "新教师", "2017"],
    ["T003", "赵丽", "女", "1990", "英语", "英语组", "一级教师", "青年教师", "2012"],
]
ACTIVITIES = [
    ["编号", "项目", "类型", "主题", "日期", "开始时间", "结束时间", "地点", "主讲人", "学时"],
    ["A1", "读书会", "讲座", "开学第一讲", "2017-09-05", "14:00", "15:30", "报告厅", "王芳", "2"],
    ["A2", "", "学习", "师德学习", "2017-09-12", "15:00", "16:30", "会议室", "", ""],
    ["A3", "beta", "听课", "识字教学公开课", "2017-10-10", "08:00", "08:40", "201", "李明", "1"],
]
ATTENDANCE = [
    ["活动编号", "工号", "状态", "角色", "学时"],
    ["A1", "T001", "出席", "主讲", ""],
    ["A1", "T002", "迟到", "", ""],
    ["A1", "T003", "请假", "", ""],
    ["A2", "T001", "", "", ""],
    ["A2", "T002", "缺席", "", "2"],
    ["A3", "T002", "出席", "授课", "1.5"],
]


def run(store: Store, kind: str, path: Path, **kw: Any) -> ImportResult:
    return import_file(store, school_id="s1", kind=kind, path=path, policy=POLICY,
                       programs=PROGRAMS, **kw)


def seed(store: Store, tmp_path: Path, *kinds: str) -> None:
    """Import the standard roster / activities / attendance files."""
    files = {"teachers": TEACHERS, "activities": ACTIVITIES, "attendance": ATTENDANCE}
    for kind in kinds:
        run(store, kind, write_csv(tmp_path / f"{kind}.csv", files[kind]))


def failing(store: Store, kind: str, path: Path, **kw: Any) -> DataError:
    """Run an import that must fail; check it wrote nothing and return the error."""
    before = dump(store)
    with pytest.raises(DataError) as info:
        run(store, kind, path, **kw)
    assert dump(store) == before
    assert "未写入任何数据" in str(info.value)
    return info.value


# --- reading the files ---------------------------------------------------------------------


def test_teachers_csv_utf8(store: Store, tmp_path: Path) -> None:
    result = run(store, "teachers", write_csv(tmp_path / "teachers.csv", TEACHERS))
    assert result == ImportResult(file="teachers.csv", kind="teachers", rows=3, added=3)
    assert result.summary() == "teachers.csv：新增 3 行，更新 0 行，未变 0 行"
    t1 = store.records("s1", TERM).teachers()[0]
    assert (t1.id, t1.name, t1.gender, t1.birth_year, t1.subject, t1.group, t1.title,
            t1.roles, t1.joined_year) == ("T001", "王芳", "女", 1975, "语文", "语文组",
                                           "高级教师", ("骨干教师", "班主任"), 1996)


def test_utf8_with_bom(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", TEACHERS, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run(store, "teachers", path).added == 3
    assert [t.id for t in store.records("s1", TERM).teachers()] == ["T001", "T002", "T003"]


def test_gbk_file_is_detected(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", TEACHERS, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert run(store, "teachers", path).added == 3
    names = [t.name for t in store.records("s1", TERM).teachers()]
    assert names == ["王芳", "李明", "赵丽"]


def test_xlsx_with_title_rows_date_and_time_cells(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers")
    rows: list[list[object]] = [
        ["某某小学2017学年校本研修活动记录"],
        [],
        ["编号", "项目", "类型", "主题", "日期", "开始时间", "结束时间", "学时"],
        ["A1", "读书会", "讲座", "开学第一讲", dt.datetime(2017, 9, 5), dt.time(14, 0),
         dt.time(15, 30), 2],
        ["A2", None, "学习", "师德学习", dt.date(2017, 9, 12), dt.time(15, 0), dt.time(16, 30),
         None],
        ["A3", "beta", "听课", "公开课", 43018, "8:00", "8:40", 1.5],  # Excel serial number
    ]
    path = write_xlsx(tmp_path / "activities.xlsx", rows)
    result = run(store, "activities", path)
    assert result.added == 3 and result.rows == 3
    acts = {a.id: a for a in store.records("s1", TERM).activities()}
    assert acts["A1"].start == dt.datetime(2017, 9, 5, 14, 0)
    assert acts["A1"].end == dt.datetime(2017, 9, 5, 15, 30)
    assert acts["A1"].program == "alpha" and acts["A1"].minutes == 90
    assert acts["A2"].program is None and acts["A2"].minutes == 90  # from 15:00–16:30
    assert acts["A3"].start == dt.datetime(2017, 10, 10, 8, 0)
    assert acts["A3"].minutes == 68  # 1.5 学时 × 45, rounded


def test_xlsx_error_rows_are_the_sheets_own_numbers(store: Store, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["教师名单"],
        ["工号", "姓名", "出生年份"],
        ["T001", "王芳", 1975],
        [],
        ["T002", "李明", "去年"],
    ]
    err = failing(store, "teachers", write_xlsx(tmp_path / "t.xlsx", rows))
    assert [p.where for p in err.problems] == ["第 5 行, 列 “出生年份”"]
    assert err.problems[0].file == "t.xlsx"


def test_xlsx_uses_the_first_sheet_with_a_header_row(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由教务处填写"])
    data = book.create_sheet("名单")
    for row in TEACHERS:
        data.append(row)
    book.save(path)
    assert run(store, "teachers", path).added == 3
    data.append(["T009", "孙强", "x"])
    book.save(path)
    err = failing(store, "teachers", path)
    assert err.problems[0].where == "工作表 “名单” 第 5 行, 列 “性别”"


def test_tab_separated_text(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("工号\t姓名\nT001\t王芳, 外号\n", encoding="utf-8")
    assert run(store, "teachers", path).added == 1
    assert store.records("s1", TERM).teachers()[0].name == "王芳, 外号"


@pytest.mark.parametrize("text", ["2017-11-21", "2017/11/21", "2017.11.21", "2017年11月21日",
                                  "2017-11-21 00:00:00", "２０１７－１１－２１", "20171121",
                                  "2017年11月21日（星期二）", " 2017.11.21 "])
def test_each_date_format(store: Store, tmp_path: Path, text: str) -> None:
    seed(store, tmp_path, "teachers")
    path = write_csv(tmp_path / "artifacts.csv",
                     [["工号", "类型", "标题", "提交日期"], ["T001", "教案", "识字", text]])
    run(store, "artifacts", path)
    assert store.records("s1", TERM).artifacts()[0].date == dt.date(2017, 11, 21)


def test_full_width_digits_and_stray_spaces(store: Store, tmp_path: Path) -> None:
    rows = [
        ["  工号 ", "姓　名", "出生年份", "角色", "职称"],
        ["Ｔ００１ ", " 王　芳", "１９７５", " 骨干教师 ， 班主任 ", "  高级　 教师 "],
        ["\u3000T002", "李明\u3000", " 1995 ", "", ""],
    ]
    assert run(store, "teachers", write_csv(tmp_path / "t.csv", rows)).added == 2
    t1, t2 = store.records("s1", TERM).teachers()
    assert (t1.id, t1.name, t1.birth_year, t1.roles, t1.title) == (
        "T001", "王芳", 1975, ("骨干教师", "班主任"), "高级 教师")
    assert (t2.id, t2.name, t2.birth_year) == ("T002", "李明", 1995)


def test_english_headers_any_case(store: Store, tmp_path: Path) -> None:
    teachers = [["Teacher ID", "NAME", "Gender", "Birth Year", "Subject", "Group", "Title",
                 "Roles", "Joined"],
                ["T001", "Wang Fang", "F", "1975", "Chinese", "G1", "Senior", "mentor/young",
                 "1996"]]
    run(store, "teachers", write_csv(tmp_path / "t.csv", teachers))
    t = store.records("s1", TERM).teachers()[0]
    assert (t.name, t.gender, t.roles, t.joined_year) == ("Wang Fang", "女", ("mentor", "young"),
                                                          1996)
    activities = [["ID", "Program", "Type", "Title", "Date", "Start", "End", "Place", "Speaker",
                   "Leader", "Content", "Effect", "Hours", "Credit Category"],
                  ["A1", "alpha", "talk", "Opening", "2017-09-05", "14:00", "15:30", "Hall",
                   "Wang", "Li", "text", "good", "2", "校本研修"]]
    run(store, "activities", write_csv(tmp_path / "a.csv", activities))
    a = store.records("s1", TERM).activities()[0]
    assert (a.kind, a.place, a.speaker, a.leader, a.content, a.effect, a.minutes,
            a.credit_category) == ("talk", "Hall", "Wang", "Li", "text", "good", 90, "校本研修")
    attendance = [["activity_id", "teacher_id", "STATUS", "role", "hours"],
                  ["A1", "T001", "Late", "listener", ""]]
    run(store, "attendance", write_csv(tmp_path / "r.csv", attendance))
    r = store.records("s1", TERM).attendance()[0]
    assert (r.status, r.role, r.minutes) == (AttendanceStatus.LATE, "listener", None)
    artifacts = [["Teacher", "Kind", "Title", "Date", "Program", "Score"],
                 ["T001", "plan", "Lesson", "2017-11-21", "beta", "90"]]
    run(store, "artifacts", write_csv(tmp_path / "f.csv", artifacts))
    f = store.records("s1", TERM).artifacts()[0]
    assert (f.kind, f.program, f.score) == ("plan", "beta", 90.0)
    assessments = [["Teacher ID", "Program", "Assessment", "Score", "Full Marks", "Date"],
                   ["T001", "", "Final", "45", "50", "2018-01-05"]]
    run(store, "assessments", write_csv(tmp_path / "s.csv", assessments))
    s = store.records("s1", TERM).assessments()[0]
    assert (s.name, s.score, s.full_marks, s.program, s.date, s.percent) == (
        "Final", 45.0, 50.0, None, dt.date(2018, 1, 5), 90.0)


def test_unknown_columns_are_ignored_and_reported(store: Store, tmp_path: Path) -> None:
    rows = [["序号", "工号", "姓名", "备注"], ["1", "T001", "王芳", "借调"]]
    result = run(store, "teachers", write_csv(tmp_path / "t.csv", rows))
    assert result.ignored_columns == ("序号", "备注")
    assert result.summary() == "t.csv：新增 1 行，更新 0 行，未变 0 行（未使用的列：序号、备注）"


def test_rows_blank_in_every_used_column_are_skipped(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "姓名", "备注"], ["T001", "王芳", ""], ["", "", ""],
            [" ", "\u3000", "制表：张"]]
    assert run(store, "teachers", write_csv(tmp_path / "t.csv", rows)).rows == 1


# --- hours and attendance rules ------------------------------------------------------------


def test_attendance_credit_rules(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers", "activities", "attendance")
    recs = store.records("s1", TERM)
    rows = {(r.activity_id, r.teacher_id): r for r in recs.attendance()}
    assert rows[("A2", "T001")].status is AttendanceStatus.PRESENT  # empty status → 出席
    assert rows[("A1", "T002")].minutes is None  # no own 学时: the activity's
    assert rows[("A3", "T002")].minutes == 68
    summary = recs.attendance_summary()
    # T001: A1 出席 90 (activity's 2 学时) + A2 出席 90 (15:00–16:30)
    assert summary["T001"].minutes == 180
    # T002: A1 迟到 90 + A2 缺席 0 (its own 2 学时 not credited) + A3 own 68
    assert summary["T002"].minutes == 158
    assert (summary["T002"].expected, summary["T002"].attended) == (3, 2)
    # T003: 请假 → nothing
    assert summary["T003"].minutes == 0 and summary["T003"].attended == 0


def test_status_words_english_and_sign_in_marks(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers", "activities")
    rows = [["活动编号", "工号", "状态"], ["A1", "T001", "√"], ["A1", "T002", "ABSENT"],
            ["A1", "T003", "病假"], ["A2", "T001", "excused"], ["A2", "T002", "迟"]]
    run(store, "attendance", write_csv(tmp_path / "r.csv", rows))
    got = [(r.activity_id, r.teacher_id, r.status.value)
           for r in store.records("s1", TERM).attendance()]
    assert got == [("A1", "T001", "出席"), ("A1", "T002", "缺席"), ("A1", "T003", "请假"),
                   ("A2", "T001", "请假"), ("A2", "T002", "迟到")]


def test_attendance_by_name_when_there_is_no_id_column(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers", "activities")
    rows = [["活动编号", "姓名", "状态"], ["A1", "王 芳", "出席"], ["A1", "李明", "出席"]]
    run(store, "attendance", write_csv(tmp_path / "r.csv", rows))
    assert [r.teacher_id for r in store.records("s1", TERM).attendance()] == ["T001", "T002"]


# --- errors: all or nothing ----------------------------------------------------------------


def test_bad_dates_on_several_rows_are_all_reported(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers")
    rows = [["研修成果登记表"],
            ["工号", "类型", "标题", "提交日期"],
            ["T001", "教案", "一", "2017-11-21"],
            ["T001", "教案", "二", "2017-13-01"],
            ["T002", "反思", "三", "11月21日"],
            ["T003", "反思", "四", "2018-02-30"]]
    err = failing(store, "artifacts", write_csv(tmp_path / "artifacts.csv", rows))
    assert str(err).startswith("导入失败：artifacts.csv（研修成果）有 3 处错误，未写入任何数据")
    assert [p.where for p in err.problems] == [
        "第 4 行, 列 “提交日期”", "第 5 行, 列 “提交日期”", "第 6 行, 列 “提交日期”"]
    assert [p.value for p in err.problems] == ["2017-13-01", "11月21日", "2018-02-30"]
    assert all(p.file == "artifacts.csv" for p in err.problems)
    assert "2017年11月21日" in err.problems[0].expected
    assert err.problems[2].message == "不存在这一天"
    assert "artifacts.csv, 第 4 行, 列 “提交日期”" in str(err)


def test_unknown_teacher(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers", "activities")
    rows = [["活动编号", "工号", "状态"], ["A1", "T001", "出席"], ["A1", "T999", "出席"],
            ["A2", "", "出席"]]
    err = failing(store, "attendance", write_csv(tmp_path / "r.csv", rows))
    problem, blank = err.problems
    assert (blank.where, blank.message) == ("第 4 行, 列 “工号”", "没有填写教师")
    assert problem.where == "第 3 行, 列 “工号”"
    assert problem.value == "T999"
    assert problem.message == "工号不在教师名单中"
    assert "先导入 teachers" in problem.expected


def test_unknown_activity(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers", "activities")
    rows = [["活动编号", "工号"], ["A1", "T001"], ["A9", "T001"], ["B7", "T002"]]
    err = failing(store, "attendance", write_csv(tmp_path / "r.csv", rows))
    assert [(p.where, p.value) for p in err.problems] == [
        ("第 3 行, 列 “活动编号”", "A9"), ("第 4 行, 列 “活动编号”", "B7")]
    assert err.problems[0].message == "活动编号不在已导入的活动中"
    assert "先导入 activities" in err.problems[0].expected


def test_unknown_teacher_in_artifacts_and_assessments(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers")
    err = failing(store, "artifacts", write_csv(
        tmp_path / "f.csv", [["工号", "类型", "提交日期"], ["X1", "教案", "2017-11-21"]]))
    assert (err.problems[0].where, err.problems[0].value) == ("第 2 行, 列 “工号”", "X1")
    err = failing(store, "assessments", write_csv(
        tmp_path / "s.csv", [["工号", "考核名称", "得分"], ["X2", "期末", "90"]]))
    assert (err.problems[0].where, err.problems[0].value) == ("第 2 行, 列 “工号”", "X2")


def test_name_that_contradicts_the_id(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers", "activities")
    rows = [["活动编号", "工号", "姓名"], ["A1", "T001", "李明"]]
    err = failing(store, "attendance", write_csv(tmp_path / "r.csv", rows))
    assert err.problems[0].where == "第 2 行, 列 “姓名”"
    assert err.problems[0].message == "工号 T001 在教师名单中是 “王芳”"


def test_name_shared_by_two_teachers_needs_the_id(store: Store, tmp_path: Path) -> None:
    run(store, "teachers", write_csv(tmp_path / "t.csv",
                                     [["工号", "姓名"], ["T1", "张伟"], ["T2", "张伟"]]))
    seed(store, tmp_path, "activities")
    err = failing(store, "attendance", write_csv(
        tmp_path / "r.csv", [["活动编号", "姓名"], ["A1", "张伟"], ["A1", "无此人"]]))
    assert [p.message for p in err.problems] == ["教师名单中有 2 位 “张伟”（工号 T1、T2）",
                                                 "姓名不在教师名单中"]


def test_missing_required_column(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "类型", "标题"], ["T001", "教案", "一"]]
    seed(store, tmp_path, "teachers")
    err = failing(store, "artifacts", write_csv(tmp_path / "artifacts.csv", rows))
    (problem,) = err.problems
    assert problem.file == "artifacts.csv"
    assert problem.message == "缺少必需的列 “提交日期”"
    assert problem.where == "第 1 行（表头）"
    assert problem.expected == (
        "列名之一：提交日期 / 日期 / 提交时间 / date / submitted / submission date")


def test_missing_teacher_column(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers", "activities")
    err = failing(store, "attendance", write_csv(
        tmp_path / "r.csv", [["活动编号", "状态"], ["A1", "出席"]]))
    assert err.problems[0].message == "缺少必需的列 “工号”"
    assert "姓名" in err.problems[0].expected


def test_no_header_row(store: Store, tmp_path: Path) -> None:
    err = failing(store, "teachers", write_csv(tmp_path / "t.csv", [["a", "b"], ["1", "2"]]))
    assert "找不到表头行" in str(err)
    assert "工号、姓名" in err.problems[0].expected


def test_required_cell_empty_and_bad_numbers(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers")
    rows = [["工号", "考核名称", "得分", "满分"],
            ["T001", "", "90", ""],
            ["T002", "期末", "九十", ""],
            ["T003", "期末", "60", "50"]]
    err = failing(store, "assessments", write_csv(tmp_path / "s.csv", rows))
    assert [(p.where, p.message) for p in err.problems] == [
        ("第 2 行, 列 “考核名称”", "必填项为空"),
        ("第 3 行, 列 “得分”", "无法识别"),
        ("第 4 行, 列 “得分”", "得分超出范围"),
    ]
    assert err.problems[2].expected == "0 到满分 50 之间的数"


def test_duplicate_keys_in_one_file(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "姓名"], ["T001", "王芳"], ["T002", "李明"], ["Ｔ００１", "王芳"]]
    err = failing(store, "teachers", write_csv(tmp_path / "t.csv", rows))
    (problem,) = err.problems
    assert (problem.where, problem.message, problem.value) == ("第 4 行", "与第 2 行重复", "T001")
    seed(store, tmp_path, "teachers", "activities")
    err = failing(store, "attendance", write_csv(
        tmp_path / "r.csv", [["活动编号", "工号"], ["A1", "T001"], ["A1", "T001"]]))
    assert err.problems[0].message == "与第 2 行重复"


def test_unknown_program_lists_the_accepted_names(store: Store, tmp_path: Path) -> None:
    rows = [["编号", "项目", "主题", "日期", "学时"], ["A1", "影视赏析", "讲座", "2017-09-05", "1"]]
    err = failing(store, "activities", write_csv(tmp_path / "a.csv", rows))
    (problem,) = err.problems
    assert problem.where == "第 2 行, 列 “项目”"
    assert problem.value == "影视赏析"
    assert problem.expected == "本校启用的项目之一：alpha、beta、磨课、读书会；全校性活动留空"


def test_activity_needs_hours_or_both_times(store: Store, tmp_path: Path) -> None:
    rows = [["编号", "主题", "日期", "开始时间", "结束时间", "学时"],
            ["A1", "讲座", "2017-09-05", "14:00", "", ""],
            ["A2", "讲座", "2017-09-05", "15:00", "14:00", ""],
            ["A3", "讲座", "2017-09-05", "25:00", "", "1"]]
    err = failing(store, "activities", write_csv(tmp_path / "a.csv", rows))
    assert [(p.where, p.message) for p in err.problems] == [
        ("第 2 行, 列 “学时”", "没有学时，也没有开始和结束时间可以推算"),
        ("第 3 行, 列 “结束时间”", "结束时间不晚于开始时间"),
        ("第 4 行, 列 “开始时间”", "不是有效的时间"),
    ]


def test_unsupported_and_unreadable_files(store: Store, tmp_path: Path) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    err = failing(store, "teachers", xls)
    assert "另存为 .xlsx 或 CSV" in str(err)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    assert "不是有效的 Excel 工作簿" in str(failing(store, "teachers", fake))
    assert "无法读取 missing.csv" in str(failing(store, "teachers", tmp_path / "missing.csv"))


def test_unknown_kind_is_a_usage_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"未知的导入类型 'pupils'.*teachers"):
        run(store, "pupils", write_csv(tmp_path / "t.csv", TEACHERS))


def test_display_name_is_used_in_messages(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["工号", "姓名", "性别"], ["T1", "王芳", "未知"]])
    err = failing(store, "teachers", path, display_name="data/教师.csv")
    assert err.problems[0].file == "data/教师.csv"
    assert "男 或 女" in err.problems[0].expected


# --- re-import ------------------------------------------------------------------------------


def test_reimport_of_the_same_file_changes_nothing_and_says_so(
    store: Store, tmp_path: Path
) -> None:
    seed(store, tmp_path, "teachers", "activities")
    path = write_csv(tmp_path / "attendance.csv", ATTENDANCE)
    first = run(store, "attendance", path)
    assert (first.added, first.already_imported) == (6, False)
    before = dump(store)
    again = run(store, "attendance", path)
    assert again.already_imported
    assert (again.rows, again.added, again.updated, again.unchanged) == (6, 0, 0, 6)
    assert again.summary() == "attendance.csv：与已导入的内容相同（6 行），未作任何更改"
    assert dump(store) == before  # not even a history row


def test_edited_reimport_updates_by_natural_key(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers")
    path = tmp_path / "teachers.csv"
    edited = [row[:] for row in TEACHERS]
    edited[1][6] = "正高级教师"  # T001's title changes
    edited.append(["T004", "孙强", "男", "1988", "体育", "综合组", "一级教师", "", "2010"])
    write_csv(path, edited)
    result = run(store, "teachers", path)
    assert (result.added, result.updated, result.unchanged, result.already_imported) == (
        1, 1, 2, False)
    assert result.summary() == "teachers.csv：新增 1 行，更新 1 行，未变 2 行"
    teachers = store.records("s1", TERM).teachers()
    assert [t.title for t in teachers] == ["正高级教师", "二级教师", "一级教师", "一级教师"]
    # going back to the original file is an edit again, not "already imported"; the file is
    # the truth for its rows, so T004, no longer in it, is removed (decision 0013)
    write_csv(path, TEACHERS)
    back = run(store, "teachers", path)
    assert (back.updated, back.removed, back.already_imported) == (1, 1, False)
    assert back.summary() == (
        "teachers.csv：新增 0 行，更新 1 行，未变 2 行，删除 1 行（文件中已没有）：孙强（T004）")
    assert [t.title for t in store.records("s1", TERM).teachers()] == [
        "高级教师", "二级教师", "一级教师"]
    assert [(h.added, h.removed) for h in store.import_history("s1")] == [
        (3, 0), (1, 0), (0, 1)]


def test_resaved_file_with_same_content_reports_unchanged(store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path, "teachers")
    # same rows, other bytes (GBK instead of UTF-8): read again, nothing changes
    result = run(store, "teachers", write_csv(tmp_path / "t2.csv", TEACHERS, "gb18030"))
    assert (result.added, result.updated, result.unchanged) == (0, 0, 3)
    assert not result.already_imported


def test_import_is_per_school(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", TEACHERS)
    run(store, "teachers", path)
    other = import_file(store, school_id="s2", kind="teachers", path=path, policy=POLICY,
                        programs={})
    assert (other.added, other.already_imported) == (3, False)
    assert store.counts("s2")["teachers"] == 3


def test_heavy_libraries_load_only_when_needed() -> None:
    code = (
        "import sys, yanxiu_core, yanxiu_core.importing;"
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy';"
        "assert 'openpyxl' not in sys.modules, 'openpyxl';"
        "import yanxiu_core.store; assert 'sqlalchemy' in sys.modules"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_docs_list_every_accepted_header() -> None:
    from yanxiu_core.importing.kinds import CORE_KINDS, core_spec

    doc = (Path(__file__).resolve().parents[1] / "docs" / "import.md").read_text("utf-8")
    missing = [
        f"{kind}: {header}"
        for kind in CORE_KINDS
        for col in core_spec(kind, POLICY, PROGRAMS).columns
        for header in col.headers
        if header not in doc
    ]
    assert missing == []
