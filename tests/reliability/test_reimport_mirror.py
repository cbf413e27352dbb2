"""Re-import mirrors the file (decision 0013): rows a file no longer has are removed, with what
depends on them; a column a file does not have keeps the stored values; ``--keep-missing`` keeps
rows for partial files. Checked through the App and the CLI on a real workspace, and through the
figures (attendance_summary, evaluate) that a school hands in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from storecheck import dump

from yanxiu_core.app import App
from yanxiu_core.cli import cli
from yanxiu_core.errors import DataError
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import import_file, sha256_of
from yanxiu_core.model import AttendanceStatus, Teacher
from yanxiu_core.program import RecordField, RecordKind
from yanxiu_core.store import LATEST, Store, create_engine, migrate, schema
from yanxiu_core.testing import WorkspaceBuilder

SCHOOL = "a"
TEACHERS = [
    ["工号", "姓名", "性别", "出生年份", "学科", "教研组", "职称", "角色", "入职年份", "学历",
     "骨干级别", "专业对口"],
    ["T1", "王芳", "女", "1975", "语文", "语文组", "高级教师", "骨干教师", "1996", "本科", "市级", "是"],
    ["T2", "李明", "男", "1990", "数学", "数学组", "一级教师", "青年教师", "2012", "硕士研究生", "",
     "否"],
    ["T3", "赵丽", "女", "1995", "英语", "英语组", "二级教师", "新教师", "2018", "本科", "", "是"],
]
ACTIVITIES = [
    ["编号", "类型", "主题", "日期", "开始时间", "结束时间", "地点", "学时"],
    ["A1", "讲座", "开学第一讲", "2020-09-09", "14:00", "15:30", "报告厅", "2"],
    ["A2", "听课", "公开课", "2020-10-14", "08:00", "08:40", "201", "1"],
    ["A3", "学习", "师德学习", "2020-11-11", "15:00", "16:30", "会议室", "2"],
]
ATTENDANCE = [
    ["活动编号", "工号", "状态"],
    ["A1", "T1", "出席"], ["A1", "T2", "出席"], ["A1", "T3", "请假"],
    ["A2", "T1", "出席"], ["A2", "T2", "出席"],
    ["A3", "T2", "出席"], ["A3", "T3", "出席"],
]
ARTIFACTS = [
    ["工号", "类型", "标题", "提交日期", "得分"],
    ["T1", "教案", "识字教学", "2020-10-20", "90"],
    ["T3", "反思", "课后反思", "2020-11-20", "85"],
]
ASSESSMENTS = [
    ["工号", "考核名称", "得分", "满分", "日期"],
    ["T1", "期末考核", "88", "100", "2021-01-15"],
    ["T2", "期末考核", "76", "100", "2021-01-15"],
    ["T3", "期末考核", "92", "100", "2021-01-15"],
    ["T3", "说课", "40", "50", "2020-12-01"],
]
AWARDS = [
    ["工号", "荣誉名称", "级别", "等次", "获奖日期", "获奖对象", "颁奖单位"],
    ["T3", "区优质课评比", "区级", "一等奖", "2021-04-15", "", "区教育局"],
    ["", "文明校园", "区级", "", "2021-01-10", "学校", "区文明办"],
]
FILES: dict[str, list[list[str]]] = {
    "teachers": TEACHERS, "activities": ACTIVITIES, "attendance": ATTENDANCE,
    "artifacts": ARTIFACTS, "assessments": ASSESSMENTS, "awards": AWARDS,
}


def without(rows: Sequence[Sequence[str]], *drop: str) -> list[list[str]]:
    """``rows`` without the data rows whose first cells are ``drop`` (``"A3|T2"`` = A3, T2)."""
    dropped = [tuple(d.split("|")) for d in drop]
    return [list(r) for i, r in enumerate(rows)
            if i == 0 or not any(tuple(r[:len(d)]) == d for d in dropped)]


class School:
    """A workspace with one school whose [data] names every core kind, and its App."""

    def __init__(self, builder: WorkspaceBuilder) -> None:
        self.builder = builder
        builder.district()
        data = "\n".join(f'{k} = "data/{k}.csv"' for k in FILES)
        builder.school(SCHOOL, f'name = "甲校"\n\n[data]\n{data}\n')
        for kind, rows in FILES.items():
            self.write(kind, rows)
        self.app = App(builder.root, no_plugins=True)

    def write(self, kind: str, rows: Sequence[Sequence[str]]) -> Path:
        return self.builder.csv(f"data/{kind}.csv", rows[0], rows[1:])

    def path(self, kind: str) -> Path:
        return self.builder.root / "data" / f"{kind}.csv"

    def reimport(self, kind: str, rows: Sequence[Sequence[str]], **kw: Any) -> Any:
        """Write the school's file of ``kind`` and import it alone (``yanxiu import``)."""
        return self.app.import_file(SCHOOL, kind, self.write(kind, rows), **kw)

    def counts(self) -> dict[str, int]:
        return self.app.store.counts(SCHOOL)

    def minutes(self) -> dict[str, int]:
        return {t: s.minutes for t, s in self.app.records(SCHOOL).attendance_summary().items()}


@pytest.fixture
def school(workspace_builder: WorkspaceBuilder) -> Iterator[School]:
    s = School(workspace_builder)
    try:
        s.app.import_configured(SCHOOL)
        yield s
    finally:
        s.app.close()


# --- rows removed from a file ---------------------------------------------------------------


def test_rows_removed_from_a_file_are_removed_and_counted(school: School) -> None:
    assert school.counts()["attendance"] == 7
    result = school.reimport("attendance", without(ATTENDANCE, "A3|T2", "A1|T3"))
    assert (result.added, result.updated, result.unchanged, result.removed) == (0, 0, 5, 2)
    assert result.summary() == (
        "data/attendance.csv：新增 0 行，更新 0 行，未变 5 行，删除 2 行（文件中已没有）")
    assert school.counts()["attendance"] == 5
    history = school.app.store.import_history(SCHOOL)[-1]
    assert (history.file_name, history.removed, history.owned) == ("data/attendance.csv", 2, 5)


def test_a_removed_attendance_row_no_longer_earns_hours(school: School) -> None:
    before = school.minutes()
    assert before["T2"] == 90 + 45 + 90  # A1 2学时 + A2 1学时 + A3 2学时, 45 minutes each
    school.reimport("attendance", without(ATTENDANCE, "A3|T2"))
    after = school.minutes()
    assert after["T2"] == 90 + 45
    assert {t: m for t, m in after.items() if t != "T2"} == {
        t: m for t, m in before.items() if t != "T2"}
    assert school.app.evaluate(SCHOOL).by_teacher("T2").indicators  # still evaluated


def test_a_removed_assessment_is_no_longer_scored(school: School) -> None:
    t3 = school.app.evaluate(SCHOOL).by_teacher("T3")
    assert [line.name for line in t3.summative_items] == ["期末考核", "说课"]
    assert t3.summative == 86.0  # (92 + 40/50) / 2
    school.reimport("assessments", without(ASSESSMENTS, "T3|说课"))
    t3 = school.app.evaluate(SCHOOL).by_teacher("T3")
    assert [line.name for line in t3.summative_items] == ["期末考核"]
    assert t3.summative == 92.0


def test_other_files_of_the_same_kind_keep_their_rows(school: School) -> None:
    extra = school.builder.csv("data/spring.csv", ["编号", "主题", "日期", "学时"],
                               [["B1", "春季讲座", "2021-03-10", "2"]])
    school.app.import_file(SCHOOL, "activities", extra)
    result = school.reimport("activities", without(ACTIVITIES, "A2"))
    assert result.removed == 1
    ids = [a.id for a in school.app.records(SCHOOL).activities()]
    assert ids == ["A1", "A3", "B1"]  # spring.csv's B1 is not activities.csv's to remove
    assert school.app.import_file(SCHOOL, "activities", extra).already_imported


def test_removing_an_activity_removes_its_attendance_and_says_so(school: School) -> None:
    result = school.reimport("activities", without(ACTIVITIES, "A3"))
    assert (result.removed, result.cascaded) == (1, (("attendance", 2),))
    assert result.summary().endswith(
        "删除 1 行（文件中已没有）：A3 师德学习；随之删除相关记录 2 行（出勤记录 2 行）")
    assert school.minutes()["T2"] == 90 + 45
    assert school.counts()["attendance"] == 5


def test_a_teacher_who_left_disappears_from_the_years_figures(school: School) -> None:
    evaluation = school.app.evaluate(SCHOOL)
    assert [t.teacher.id for t in evaluation.teachers] == ["T1", "T2", "T3"]
    result = school.reimport("teachers", without(TEACHERS, "T3"))
    assert result.removed == 1
    assert result.cascaded == (("attendance", 2), ("artifacts", 1), ("assessments", 2),
                               ("awards", 1))
    assert result.summary() == (
        "data/teachers.csv：新增 0 行，更新 0 行，未变 2 行，删除 1 行（文件中已没有）：赵丽（T3）；"
        "随之删除相关记录 6 行（出勤记录 2 行、研修成果 1 行、考核成绩 2 行、荣誉与获奖 1 行）")
    records = school.app.records(SCHOOL)
    assert [t.id for t in records.teachers()] == ["T1", "T2"]
    assert "T3" not in records.attendance_summary()
    assert [a.teacher_id for a in records.artifacts()] == ["T1"]
    assert [(a.title, a.teacher_id) for a in records.awards()] == [("文明校园", None)]
    assert [t.teacher.id for t in school.app.evaluate(SCHOOL).teachers] == ["T1", "T2"]
    # the sign-in sheet still names T3: it no longer matches the store and is read again
    with pytest.raises(DataError) as info:
        school.app.import_configured(SCHOOL)
    assert "attendance.csv" in str(info.value) and "T3" in str(info.value)
    assert "工号不在教师名单中" in str(info.value)


def test_nothing_is_lost_after_a_mistaken_roster(school: School) -> None:
    """A roster exported with a filter drops a teacher by mistake: putting the full roster back
    and running again restores every row that went with the teacher."""
    before = dump(school.app.store)
    school.reimport("teachers", without(TEACHERS, "T3"))
    assert school.counts()["attendance"] == 5
    school.reimport("teachers", TEACHERS)
    results = {r.kind: r for r in school.app.import_configured(SCHOOL)}
    assert results["activities"].already_imported
    assert (results["attendance"].added, results["attendance"].already_imported) == (2, False)
    assert (results["assessments"].added, results["awards"].added) == (2, 1)
    assert school.counts() == {"teachers": 3, "activities": 3, "attendance": 7, "artifacts": 2,
                               "assessments": 4, "awards": 2, "program_records": 0}
    restored = dump(school.app.store)
    for table in ("teachers", "activities", "attendance"):  # same rows as at first
        assert restored[table] == before[table]


def test_same_content_again_is_a_no_op(school: School) -> None:
    before = dump(school.app.store)
    results = school.app.import_configured(SCHOOL)
    assert all(r.already_imported for r in results)
    assert dump(school.app.store) == before  # not even a history row
    # the same rows in other bytes: read again, nothing changes, nothing removed
    result = school.app.import_file(SCHOOL, "teachers", school.write("teachers", TEACHERS[:1]
                                                                   + TEACHERS[1:][::-1]))
    assert (result.added, result.updated, result.unchanged, result.removed) == (0, 0, 3, 0)


# --- --keep-missing ------------------------------------------------------------------------


def test_keep_missing_keeps_rows_of_a_partial_file(school: School) -> None:
    partial = [ATTENDANCE[0], ["A1", "T3", "出席"]]  # only a correction
    result = school.reimport("attendance", partial, keep_missing=True)
    assert (result.updated, result.removed, result.kept) == (1, 0, 6)
    assert result.summary() == (
        "data/attendance.csv：新增 0 行，更新 1 行，未变 0 行；文件中没有的 6 行按要求保留")
    assert school.counts()["attendance"] == 7
    # the same content without keep_missing is not "already imported": it mirrors the file
    result = school.app.import_file(SCHOOL, "attendance", school.path("attendance"))
    assert (result.already_imported, result.removed) == (False, 6)
    assert school.counts()["attendance"] == 1


def test_keep_missing_on_the_command_line(school: School) -> None:
    root = school.builder.root
    school.write("teachers", [["工号", "姓名"], ["T4", "孙强"]])
    runner = CliRunner()
    kept = runner.invoke(cli, ["-w", str(root), "import", "teachers",
                               str(root / "data" / "teachers.csv"), "--school", SCHOOL,
                               "--keep-missing"])
    assert kept.exit_code == 0, kept.output
    assert "data/teachers.csv：新增 1 行" in kept.output and "文件中没有的 3 行按要求保留" in kept.output
    assert school.counts()["teachers"] == 4
    mirrored = runner.invoke(cli, ["-w", str(root), "import", "teachers",
                                   str(root / "data" / "teachers.csv"), "--school", SCHOOL])
    assert mirrored.exit_code == 0, mirrored.output
    assert "删除 3 行" in mirrored.output and "随之删除相关记录" in mirrored.output
    assert school.counts()["teachers"] == 1
    assert "--keep-missing" in runner.invoke(cli, ["import", "--help"]).output


# --- a column the file does not have keeps the stored values -------------------------------


def test_a_narrower_roster_never_blanks_columns_it_does_not_carry(school: School) -> None:
    before = school.app.records(SCHOOL).teachers()
    result = school.reimport("teachers", [["工号", "姓名"], ["T1", "王芳"], ["T2", "李明"],
                                          ["T3", "赵丽"]])
    assert (result.updated, result.unchanged, result.removed) == (0, 3, 0)
    assert school.app.records(SCHOOL).teachers() == before
    # a present column writes, an empty cell in it clears; a new name is taken
    result = school.reimport("teachers", [["工号", "姓名", "学科", "骨干级别"],
                                          ["T1", "王芳芳", "", "区级"], ["T2", "李明", "物理", ""],
                                          ["T3", "赵丽", "英语", ""]])
    assert (result.updated, result.unchanged) == (2, 1)
    t1, t2, t3 = school.app.records(SCHOOL).teachers()
    assert (t1.name, t1.subject, t1.backbone_level) == ("王芳芳", "", "区县级")
    assert (t1.gender, t1.birth_year, t1.group, t1.title, t1.roles, t1.joined_year,
            t1.education, t1.specialty_match) == (
        "女", 1975, "语文组", "高级教师", ("骨干教师",), 1996, "本科", True)
    assert (t2.subject, t2.specialty_match, t2.education) == ("物理", False, "硕士研究生")
    assert t3 == before[2]
    # 教龄 writes 入职年份 (counted to 2020学年)
    school.reimport("teachers", [["工号", "姓名", "教龄"], ["T1", "王芳芳", "20"],
                                 ["T2", "李明", ""], ["T3", "赵丽", "2"]])
    assert [t.joined_year for t in school.app.records(SCHOOL).teachers()] == [2000, None, 2018]


def test_narrower_files_of_every_kind_keep_what_they_do_not_carry(school: School) -> None:
    status = {(r.activity_id, r.teacher_id): r.status
              for r in school.app.records(SCHOOL).attendance()}
    assert status[("A1", "T3")] is AttendanceStatus.EXCUSED
    # a sign-in sheet without 状态: new rows are 出席, stored rows keep theirs
    school.reimport("attendance", [["活动编号", "工号"], *(r[:2] for r in ATTENDANCE[1:])])
    after = {(r.activity_id, r.teacher_id): r.status
             for r in school.app.records(SCHOOL).attendance()}
    assert after == status
    # activities without times or place: the stored times stay (on the file's date)
    school.reimport("activities", [["编号", "主题", "日期", "学时"],
                                   ["A1", "开学第一讲", "2020-09-10", "2"],
                                   ["A2", "公开课", "2020-10-14", "1"],
                                   ["A3", "师德学习", "2020-11-11", "3"]])
    a1, _a2, a3 = school.app.records(SCHOOL).activities()
    assert (a1.start, a1.end, a1.place, a1.kind) == (
        dt.datetime(2020, 9, 10, 14, 0), dt.datetime(2020, 9, 10, 15, 30), "报告厅", "讲座")
    assert (a3.minutes, a3.place) == (135, "会议室")
    # assessments without 满分 and 日期; artifacts without 得分; awards without 颁奖单位
    school.reimport("assessments", [["工号", "考核名称", "得分"], ["T1", "期末考核", "90"],
                                    ["T2", "期末考核", "76"], ["T3", "期末考核", "92"],
                                    ["T3", "说课", "45"]])
    said = {a.name: a for a in school.app.records(SCHOOL).assessments(teacher_id="T3")}
    assert (said["说课"].score, said["说课"].full_marks, said["说课"].date) == (
        45.0, 50.0, dt.date(2020, 12, 1))
    school.reimport("artifacts", [["工号", "类型", "标题", "提交日期"],
                                  ["T1", "教案", "识字教学", "2020-10-20"],
                                  ["T3", "反思", "课后反思", "2020-11-20"]])
    assert [a.score for a in school.app.records(SCHOOL).artifacts()] == [90.0, 85.0]
    school.reimport("awards", [["工号", "荣誉名称", "级别", "等次", "获奖日期", "获奖对象"],
                               ["T3", "区优质课评比", "区级", "特等奖", "2021-04-15", ""],
                               ["", "文明校园", "区级", "", "2021-01-10", "学校"]])
    awards = {a.title: a for a in school.app.records(SCHOOL).awards()}
    assert (awards["区优质课评比"].rank, awards["区优质课评比"].issuer) == ("特等奖", "区教育局")
    assert awards["文明校园"].issuer == "区文明办"


def test_a_program_record_keeps_the_fields_its_file_does_not_carry(tmp_path: Path) -> None:
    kind = RecordKind("ledger", "经费台账", (
        RecordField("item", ("项目名称",), required=True),
        RecordField("amount", ("金额",), "float"),
        RecordField("note", ("备注",)),
    ), key=("item",))
    path = tmp_path / "ledger.csv"

    def run(text: str) -> Any:
        path.write_text(text, encoding="utf-8")
        return import_file(store, school_id="s", kind="alpha.ledger", path=path,
                           policy=HoursPolicy(), programs={}, record_kind=kind)

    with Store.open(f"sqlite:///{tmp_path / 'y.db'}") as store:
        run("项目名称,金额,备注\n图书,500,第一批\n打印,20.5,\n")
        result = run("项目名称,金额\n图书,600\n")
        assert (result.updated, result.removed) == (1, 1)
        with store.engine.connect() as conn:
            payloads = conn.execute(sa.select(schema.program_records.c.payload)).scalars().all()
        assert payloads == ['{"amount":600.0,"item":"图书","note":"第一批"}']


# --- provenance ------------------------------------------------------------------------------


def test_rows_from_no_known_file_are_adopted_not_removed(school: School) -> None:
    school.app.store.save(SCHOOL, [Teacher("T9", "外聘教师")])  # not from a file
    result = school.reimport("teachers", without(TEACHERS, "T2"))
    assert result.removed == 1  # T2 was the file's; T9 was never any file's
    assert [t.id for t in school.app.records(SCHOOL).teachers()] == ["T1", "T3", "T9"]
    school.reimport("teachers", [*TEACHERS, ["T9", "外聘教师"] + [""] * 10])
    assert school.app.store.owned_rows(SCHOOL, "teachers", "data/teachers.csv") == 4
    assert school.reimport("teachers", TEACHERS).removed == 1  # now it is the file's: removed


def test_a_file_outside_the_config_takes_rows_over_and_the_owner_reads_again(
    school: School,
) -> None:
    other = school.builder.csv("elsewhere/roster.csv", TEACHERS[0], TEACHERS[1:2])
    result = school.app.import_file(SCHOOL, "teachers", other)
    assert (result.file, result.unchanged, result.removed) == ("roster.csv", 1, 0)
    assert school.app.store.owned_rows(SCHOOL, "teachers", "roster.csv") == 1
    results = {r.kind: r for r in school.app.import_configured(SCHOOL)}
    assert not results["teachers"].already_imported  # lost T1 to roster.csv: read again
    assert school.app.store.owned_rows(SCHOOL, "teachers", "data/teachers.csv") == 3


def test_a_version_3_database_is_upgraded_and_read_again_once(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("工号,姓名\nT1,王芳\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'v3.db'}"
    engine = create_engine(url)
    assert migrate(engine, target=3) == [1, 2, 3]
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO teachers (school_id, id, name, gender, subject, teaching_group, title, "
            "roles) VALUES ('s', 'T1', '王芳', '女', '', '', '', '[]'), "
            "('s', 'T2', '李明', '男', '', '', '', '[]')"))
        conn.execute(sa.text(
            "INSERT INTO imports (school_id, kind, file_name, sha256, rows, added, updated, "
            "unchanged, imported_at) VALUES ('s', 'teachers', 't.csv', :sha, 2, 2, 0, 0, "
            "'2020-09-01 08:00:00.000000')"), {"sha": sha256_of(path)})  # this very content
    engine.dispose()
    with Store.open(url) as store:
        assert store.schema_version() == LATEST
        log = store.import_history("s")[0]
        assert (log.owned, log.removed, log.kept) == (None, 0, 0)
        result = import_file(store, school_id="s", kind="teachers", path=path,
                             policy=HoursPolicy(), programs={})
        # read (not "already imported"); T1 adopted, T2 (no file known) stays
        assert (result.already_imported, result.unchanged, result.removed) == (False, 1, 0)
        assert store.owned_rows("s", "teachers", "t.csv") == 1
        assert store.counts("s")["teachers"] == 2
