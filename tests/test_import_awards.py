"""The awards ledger (荣誉与获奖): teachers by 工号 or name, school and group awards by 获奖对象,
levels normalised, 等次 kept as written, re-import by (teacher or holder, 名称, 日期), and the
``yanxiu import awards`` command.

Every bad-input test asserts the message (file, row, column, value, expectation) and that the
store is exactly as before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from storecheck import dump, write_csv

from yanxiu_core.app import App
from yanxiu_core.cli import cli
from yanxiu_core.errors import DataError
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import ImportResult, import_file
from yanxiu_core.model import Award, Term
from yanxiu_core.store import Store
from yanxiu_core.testing import WorkspaceBuilder

TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
PROGRAMS = {"seed": "seed", "种子工程": "seed", "alpha": "alpha"}
ROSTER = [["工号", "姓名"], ["T001", "王芳"], ["T002", "李明"], ["T003", "张伟"], ["T004", "张伟"]]
AWARDS = [
    ["工号", "姓名", "荣誉名称", "级别", "等次", "获奖日期", "获奖对象", "颁奖单位", "所属项目"],
    ["T001", "", "区青年教师优质课评比", "区级", "一等奖", "2021-04-15", "", "区教育局", "种子工程"],
    ["", "李明", "市基本功大赛", "市级", "二等奖", "2021/5/15", "", "市教育局", ""],
    ["", "", "区文明校园", "区县级", "", "2021-01-10", "学校", "区文明办", ""],
    ["", "", "区级课题结题", "县级", "优良", "2021-06-20", "语文组", "区教科室", ""],
    ["T002", "李明", "论文评比", "省", "优秀奖", "2020年12月1日", "", "", ""],
]


@pytest.fixture
def store(store: Store, tmp_path: Path) -> Store:
    """The shared empty store with this file's roster imported."""
    run(store, "teachers", write_csv(tmp_path / "teachers.csv", ROSTER))
    return store


def run(store: Store, kind: str, path: Path) -> ImportResult:
    return import_file(store, school_id="s1", kind=kind, path=path, policy=HoursPolicy(),
                       programs=PROGRAMS, reference_year=2020)


def awards(store: Store) -> list[Award]:
    return store.records("s1", TERM).awards()


def failing(store: Store, path: Path) -> DataError:
    before = dump(store)
    with pytest.raises(DataError) as info:
        run(store, "awards", path)
    assert dump(store) == before
    assert "未写入任何数据" in str(info.value)
    return info.value


def test_awards_of_teachers_the_school_and_a_group(store: Store, tmp_path: Path) -> None:
    result = run(store, "awards", write_csv(tmp_path / "awards.csv", AWARDS))
    assert (result.kind, result.rows, result.added) == ("awards", 5, 5)
    got = {a.title: a for a in awards(store)}
    assert got["区青年教师优质课评比"] == Award(
        id=got["区青年教师优质课评比"].id, title="区青年教师优质课评比", level="区县级",
        date=dt.date(2021, 4, 15), rank="一等奖", teacher_id="T001", holder="",
        program="seed", issuer="区教育局")
    assert (got["市基本功大赛"].teacher_id, got["市基本功大赛"].level) == ("T002", "市级")  # by name
    school = got["区文明校园"]
    assert (school.teacher_id, school.holder, school.rank, school.level) == (
        None, "学校", "", "区县级")
    group = got["区级课题结题"]
    assert (group.teacher_id, group.holder, group.rank) == (None, "语文组", "优良")
    assert got["论文评比"].level == "省级"
    assert [a.title for a in awards(store)] == [  # by date
        "论文评比", "区文明校园", "区青年教师优质课评比", "市基本功大赛", "区级课题结题"]
    records = store.records("s1", TERM)
    assert [a.title for a in records.awards(teacher_id="T002")] == ["论文评比", "市基本功大赛"]
    assert [a.title for a in records.awards("seed")] == ["区青年教师优质课评比"]
    assert len(records.awards(None)) == 4


@pytest.mark.parametrize("rank", ["一等奖", "二等奖", "三等奖", "优秀奖", "特等奖", "优良", "合格",
                                  "第一名", "金奖", "A等"])
def test_rank_is_kept_as_written(store: Store, tmp_path: Path, rank: str) -> None:
    rows = [["工号", "名称", "级别", "等次", "日期"], ["T001", "赛课", "校级", rank, "2021-03-01"]]
    run(store, "awards", write_csv(tmp_path / "a.csv", rows))
    assert awards(store)[0].rank == rank


@pytest.mark.parametrize(("headers", "expected"), [
    (["教师工号", "获奖名称", "获奖级别", "获奖等次", "时间", "获奖单位", "发证单位", "研修项目"],
     ("T001", "赛课", "市级", "一等奖", "学校", "市教育局", "seed")),
    (["teacher id", "title", "level", "rank", "date", "holder", "issuer", "program"],
     ("T001", "赛课", "市级", "一等奖", "学校", "市教育局", "seed")),
    (["获奖教师", "奖项", "级别", "名次", "日期", "集体", "颁发单位", "所属项目"],
     ("T001", "赛课", "市级", "一等奖", "学校", "市教育局", "seed")),
])
def test_header_variants(store: Store, tmp_path: Path, headers: list[str],
                         expected: tuple[str, ...]) -> None:
    teacher = "王芳" if headers[0] == "获奖教师" else "T001"
    rows = [headers, [teacher, "赛课", "市级", "一等奖", "2021-03-01", "学校", "市教育局", "种子工程"]]
    run(store, "awards", write_csv(tmp_path / "a.csv", rows))
    a = awards(store)[0]
    assert (a.teacher_id, a.title, a.level, a.rank, a.holder, a.issuer, a.program) == expected


def test_a_bare_project_column_is_the_award_name(store: Store, tmp_path: Path) -> None:
    # 项目 here is the contest item; the program is only read from 所属项目 / 研修项目
    rows = [["工号", "比赛项目", "级别", "日期"], ["T001", "优质课评比", "区级", "2021-03-01"]]
    run(store, "awards", write_csv(tmp_path / "a.csv", rows))
    assert (awards(store)[0].title, awards(store)[0].program) == ("优质课评比", None)
    rows = [["工号", "项目", "级别", "日期"], ["T001", "种子工程", "区级", "2021-03-01"]]
    run(store, "awards", write_csv(tmp_path / "b.csv", rows))
    assert [a.title for a in awards(store)] == ["优质课评比", "种子工程"]
    err = failing(store, write_csv(tmp_path / "c.csv", [["工号", "名称", "项目", "级别", "日期"],
                                                        ["T001", "赛课", "x", "区级", "2021-03-01"]]))
    assert err.problems[0].message == "列 “名称” 和 “项目” 是同一项，只能保留一列"


def test_holder_naming_one_teacher_makes_it_theirs(store: Store, tmp_path: Path) -> None:
    rows = [["获奖对象", "名称", "级别", "日期"], ["王芳", "优秀班主任", "校级", "2021-03-01"],
            ["学校", "文明校园", "区级", "2021-03-01"]]
    run(store, "awards", write_csv(tmp_path / "a.csv", rows))  # no 工号 or 姓名 column at all
    got = [(a.teacher_id, a.holder, a.title) for a in awards(store)]
    assert got == [("T001", "", "优秀班主任"), (None, "学校", "文明校园")]


# --- errors ------------------------------------------------------------------------------


def test_teacher_errors_are_located(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "姓名", "名称", "级别", "日期", "获奖对象"],
            ["T001", "", "赛课", "区级", "2021-03-01", ""],
            ["", "张伟", "说课", "区级", "2021-03-01", ""],  # two teachers of that name
            ["T999", "", "论文", "区级", "2021-03-01", ""],
            ["", "无此人", "论文", "区级", "2021-03-01", ""],
            ["", "", "演讲", "区级", "2021-03-01", ""],  # neither teacher nor holder
            ["", "", "朗诵", "区级", "2021-03-01", "张伟"]]  # a holder shared by two teachers
    err = failing(store, write_csv(tmp_path / "awards.csv", rows))
    assert str(err).startswith("导入失败：awards.csv（荣誉与获奖）有 5 处错误，未写入任何数据")
    got = [(p.file, p.where, p.message, p.value) for p in err.problems]
    assert got == [
        ("awards.csv", "第 3 行, 列 “姓名”", "教师名单中有 2 位 “张伟”（工号 T003、T004）", "张伟"),
        ("awards.csv", "第 4 行, 列 “工号”", "工号不在教师名单中", "T999"),
        ("awards.csv", "第 5 行, 列 “姓名”", "姓名不在教师名单中", "无此人"),
        ("awards.csv", "第 6 行, 列 “工号”", "没有填写教师，也没有填写获奖对象", None),
        ("awards.csv", "第 7 行, 列 “获奖对象”", "教师名单中有 2 位 “张伟”（工号 T003、T004）", "张伟"),
    ]
    assert "学校、语文组" in err.problems[3].expected
    assert err.problems[0].expected == "填写工号以区分同名教师"


def test_bad_level_lists_the_levels(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "名称", "级别", "日期"], ["T001", "赛课", "乡级", "2021-03-01"],
            ["T001", "说课", "无", "2021-03-02"], ["T001", "论文", "", "2021-03-03"]]
    err = failing(store, write_csv(tmp_path / "a.csv", rows))
    bad, none, blank = err.problems
    assert (bad.where, bad.message, bad.value) == ("第 2 行, 列 “级别”", "未知的级别", "乡级")
    assert bad.expected.startswith("级别之一：国家级、省级、市级、州级、区县级、校级")
    assert (none.where, none.value) == ("第 3 行, 列 “级别”", "无")
    assert (blank.where, blank.message) == ("第 4 行, 列 “级别”", "必填项为空")


def test_missing_date_and_title(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "名称", "级别", "日期"], ["T001", "赛课", "区级", ""],
            ["T001", "", "区级", "2021-03-01"], ["T001", "论文", "区级", "去年"]]
    err = failing(store, write_csv(tmp_path / "a.csv", rows))
    assert [(p.where, p.message) for p in err.problems] == [
        ("第 2 行, 列 “日期”", "必填项为空"), ("第 3 行, 列 “名称”", "必填项为空"),
        ("第 4 行, 列 “日期”", "无法识别")]
    err = failing(store, write_csv(tmp_path / "b.csv", [["工号", "名称", "级别"],
                                                        ["T001", "赛课", "区级"]]))
    assert err.problems[0].message == "缺少必需的列 “日期”"
    assert "获奖日期" in err.problems[0].expected


def test_without_teacher_or_holder_columns(store: Store, tmp_path: Path) -> None:
    err = failing(store, write_csv(tmp_path / "a.csv", [["名称", "级别", "日期"],
                                                        ["赛课", "区级", "2021-03-01"]]))
    (problem,) = err.problems
    assert problem.message == "缺少必需的列 “工号”"
    assert "获奖对象" in problem.expected


def test_unknown_program_and_repeated_key(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "姓名", "名称", "级别", "日期", "所属项目"],
            ["T001", "", "赛课", "区级", "2021-03-01", "影视"],
            ["T002", "", "赛课", "区级", "2021-03-01", ""],
            ["", "李明", "赛课", "市级", "2021-03-01", ""]]  # the same teacher, title and day
    err = failing(store, write_csv(tmp_path / "a.csv", rows))
    program, repeated = err.problems
    assert (program.where, program.value) == ("第 2 行, 列 “所属项目”", "影视")
    assert (repeated.where, repeated.message) == ("第 4 行", "与第 3 行重复")


def test_unknown_columns_are_reported(store: Store, tmp_path: Path) -> None:
    rows = [["序号", "工号", "名称", "级别", "日期", "备注"],
            ["1", "T001", "赛课", "区级", "2021-03-01", "x"]]
    result = run(store, "awards", write_csv(tmp_path / "a.csv", rows))
    assert result.summary() == "a.csv：新增 1 行，更新 0 行，未变 0 行（未使用的列：序号、备注）"


# --- re-import ---------------------------------------------------------------------------


def test_reimport_same_file_is_a_no_op_and_edits_update(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "awards.csv", AWARDS)
    run(store, "awards", path)
    before = dump(store)
    again = run(store, "awards", path)
    assert again.already_imported and dump(store) == before
    # the same rows in other bytes: read again, nothing changes (school awards included)
    resaved = run(store, "awards", write_csv(tmp_path / "awards2.csv", AWARDS, "gb18030"))
    assert (resaved.added, resaved.updated, resaved.unchanged) == (0, 0, 5)
    edited = [row[:] for row in AWARDS]
    edited[3][4] = "先进集体"  # the school award gets a 等次
    edited[1][7] = "区教育局、区教研室"
    edited.append(["", "", "区文明校园", "区级", "", "2021-01-10", "语文组", "", ""])  # a group's
    result = run(store, "awards", write_csv(path, edited))
    assert (result.added, result.updated, result.unchanged) == (1, 2, 3)
    got = {(a.title, a.holder or a.teacher_id): a for a in awards(store)}
    assert got[("区文明校园", "学校")].rank == "先进集体"
    assert got[("区青年教师优质课评比", "T001")].issuer == "区教育局、区教研室"
    assert len(got) == 6


# --- through the app and the CLI ---------------------------------------------------------


def test_import_awards_command_and_data_config(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'name = "甲校"\n\n[data]\nteachers = "t.csv"\n'
                             'awards = "awards.csv"\n')
    root = workspace_builder.root
    workspace_builder.file("t.csv", "工号,姓名,教龄,骨干级别\nY1,甲青年,5,区级\nO1,丁老师,20,\n")
    workspace_builder.csv("awards.csv", ["工号", "奖项", "级别", "等次", "获奖日期", "获奖对象"],
                          [["Y1", "优质课", "区级", "一等奖", "2020-12-01", ""],
                           ["", "文明校园", "市级", "", "2021-01-10", "学校"]])
    runner = CliRunner()
    result = runner.invoke(cli, ["-w", str(root), "import", "teachers", str(root / "t.csv"),
                                 "--school", "a"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["-w", str(root), "import", "awards", str(root / "awards.csv"),
                                 "--school", "a"])
    assert result.exit_code == 0, result.output
    assert "awards.csv：新增 2 行" in result.output
    workspace_builder.file("bad.csv", "工号,名称,级别,日期\nY1,赛课,特级,2021-03-01\n")
    bad = runner.invoke(cli, ["-w", str(root), "import", "awards", str(root / "bad.csv"),
                              "--school", "a"])
    assert bad.exit_code == 1
    assert "第 2 行" in bad.output and "特级" in bad.output and "国家级" in bad.output
    app = App(root)
    try:
        # [data] awards is a known kind; the roster comes first and 教龄 counts to 2020学年
        results = app.import_configured("a")
        assert [r.kind for r in results] == ["teachers", "awards"]
        assert all(r.already_imported for r in results)
        records = app.records("a")
        assert [(t.id, t.joined_year, t.backbone_level) for t in records.teachers()] == [
            ("O1", 2000, ""), ("Y1", 2015, "区县级")]
        assert [(a.title, a.teacher_id, a.holder) for a in records.awards()] == [
            ("优质课", "Y1", ""), ("文明校园", None, "学校")]
    finally:
        app.close()
