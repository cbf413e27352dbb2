"""The roster's profile columns: 学历, 骨干级别, 专业对口, 出生年月 forms and 教龄 → 入职年份.

Every bad-input test asserts the message (file, row, column, value, expectation) and that the
store is exactly as before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from storecheck import dump, write_csv, write_xlsx

from yanxiu_core.errors import DataError
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import ImportResult, import_file
from yanxiu_core.model import Teacher, Term
from yanxiu_core.store import Store

TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))


def run(store: Store, path: Path, reference_year: int | None = 2020) -> ImportResult:
    return import_file(store, school_id="s1", kind="teachers", path=path, policy=HoursPolicy(),
                       programs={}, reference_year=reference_year)


def teachers(store: Store) -> list[Teacher]:
    return store.records("s1", TERM).teachers()


def failing(store: Store, path: Path, reference_year: int | None = 2020) -> DataError:
    before = dump(store)
    with pytest.raises(DataError) as info:
        run(store, path, reference_year)
    assert dump(store) == before
    assert "未写入任何数据" in str(info.value)
    return info.value


def one(store: Store, tmp_path: Path, header: str, value: object) -> Teacher:
    """Import a one-teacher roster with ``header`` = ``value`` and return the teacher."""
    run(store, write_csv(tmp_path / "t.csv", [["工号", "姓名", header], ["T1", "王芳", value]]))
    (teacher,) = teachers(store)
    return teacher


# --- the new columns ---------------------------------------------------------------------


def test_roster_with_every_profile_column(store: Store, tmp_path: Path) -> None:
    rows = [
        ["工号", "姓名", "出生年月", "教龄", "学历", "骨干级别", "专业对口", "角色"],
        ["X1", "曹晨航", "1973.03", "25", "本科（函授）", "市级骨干教师", "是", "骨干教师"],
        ["X2", "邱子", "1980年7月", "18", "大专", "无", "对口", ""],
        ["X3", "韦若", "199509", "3", "硕士研究生", "", "否", "青年教师"],
        ["X4", "杜明远", "1990-11", "", "", "区级", "", ""],
    ]
    result = run(store, write_csv(tmp_path / "teachers.csv", rows, "gbk"))
    assert (result.added, result.ignored_columns) == (4, ())
    got = [(t.id, t.birth_year, t.joined_year, t.education, t.backbone_level, t.specialty_match,
            t.roles) for t in teachers(store)]
    assert got == [
        ("X1", 1973, 1995, "本科（函授）", "市级", True, ("骨干教师",)),
        ("X2", 1980, 2002, "大专", "", True, ()),
        ("X3", 1995, 2017, "硕士研究生", "", False, ("青年教师",)),
        ("X4", 1990, None, "", "区县级", None, ()),
    ]


@pytest.mark.parametrize(("word", "level"), [
    ("区级", "区县级"), ("县级", "区县级"), ("区县级", "区县级"), ("区县", "区县级"),
    ("市级", "市级"), ("市级骨干教师", "市级"), ("州级", "州级"), ("省级", "省级"),
    ("省级骨干", "省级"), ("国家级", "国家级"), ("校级", "校级"), ("校级骨干教师", "校级"),
    ("无", ""), ("-", ""), (" 区 级 ", "区县级"), ("ｘ", None),
])
def test_each_backbone_level_word(store: Store, tmp_path: Path, word: str,
                                  level: str | None) -> None:
    if level is None:
        err = failing(store, write_csv(tmp_path / "t.csv", [["工号", "姓名", "骨干级别"],
                                                            ["T1", "王芳", word]]))
        assert err.problems[0].value == word
        return
    assert one(store, tmp_path, "骨干级别", word).backbone_level == level


@pytest.mark.parametrize(("word", "match"), [
    ("是", True), ("否", False), ("对口", True), ("不对口", False), ("Y", True), ("n", False),
    ("yes", True), ("No", False), ("TRUE", True), ("false", False), ("1", True), ("0", False),
    ("√", True), ("×", False),
])
def test_each_specialty_match_word(store: Store, tmp_path: Path, word: str, match: bool) -> None:
    assert one(store, tmp_path, "专业对口", word).specialty_match is match


@pytest.mark.parametrize(("header", "field", "value", "expected"), [
    ("最高学历", "education", "硕士研究生", "硕士研究生"),
    ("education", "education", "Bachelor", "Bachelor"),
    ("骨干教师级别", "backbone_level", "省级", "省级"),
    ("骨干类别", "backbone_level", "县级", "区县级"),
    ("骨干", "backbone_level", "校级", "校级"),
    ("Backbone Level", "backbone_level", "市", "市级"),
    ("是否专业对口", "specialty_match", "是", True),
    ("所学专业是否对口", "specialty_match", "不对口", False),
    ("Specialty Match", "specialty_match", "yes", True),
    ("教龄（年）", "joined_year", "12年", 2008),
    ("years teaching", "joined_year", "0", 2020),
    ("出生年月", "birth_year", "1985.03", 1985),
    ("出生日期", "birth_year", "1985年3月2日", 1985),
])
def test_every_header_of_the_new_columns(store: Store, tmp_path: Path, header: str, field: str,
                                         value: str, expected: object) -> None:
    assert getattr(one(store, tmp_path, header, value), field) == expected


@pytest.mark.parametrize("text", ["1985.03", "1985.3", "1985.10", "1985年3月", "1985年03月",
                                  "1985-03", "1985/3", "198503", "19850302", "1985-03-02",
                                  "1985-03-02 00:00:00", "１９８５．０３", "1985年", "31107"])
def test_each_birth_month_form_in_csv(store: Store, tmp_path: Path, text: str) -> None:
    assert one(store, tmp_path, "出生年月", text).birth_year == 1985


@pytest.mark.parametrize("cell", [dt.datetime(1985, 3, 1), dt.date(1985, 3, 1), 1985.03, 1985.1,
                                  198503, 19850302, 31107, 1985])
def test_each_birth_month_form_in_xlsx(store: Store, tmp_path: Path, cell: object) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", [["工号", "姓名", "出生年月"], ["T1", "王芳", cell]])
    run(store, path)
    assert teachers(store)[0].birth_year == 1985


@pytest.mark.parametrize(("text", "message"), [
    ("1985.13", "月份不合理"), ("198513", "月份不合理"), ("85.03", "无法识别"),
    ("1885.03", "年份不合理"),
])
def test_bad_birth_months(store: Store, tmp_path: Path, text: str, message: str) -> None:
    err = failing(store, write_csv(tmp_path / "t.csv", [["工号", "姓名", "出生年月"],
                                                        ["T1", "王芳", text]]))
    (problem,) = err.problems
    assert (problem.where, problem.message, problem.value) == (
        "第 2 行, 列 “出生年月”", message, text)
    assert "1985.03" in problem.expected and "198503" in problem.expected


# --- errors ------------------------------------------------------------------------------


def test_bad_backbone_level_and_specialty_match_are_located(store: Store, tmp_path: Path) -> None:
    rows = [["教师名单"],
            ["工号", "姓名", "骨干级别", "专业对口"],
            ["T1", "王芳", "市级", "是"],
            ["T2", "李明", "特级", "否"],
            ["T3", "赵丽", "区级", "部分"]]
    err = failing(store, write_csv(tmp_path / "teachers.csv", rows))
    assert str(err).startswith("导入失败：teachers.csv（教师名单）有 2 处错误，未写入任何数据")
    level, match = err.problems
    assert (level.file, level.where, level.value, level.message) == (
        "teachers.csv", "第 4 行, 列 “骨干级别”", "特级", "未知的骨干级别")
    for word in ("国家级", "省级", "市级", "州级", "区县级", "区级", "县级", "校级", "无"):
        assert word in level.expected
    assert (match.file, match.where, match.value) == ("teachers.csv", "第 5 行, 列 “专业对口”",
                                                      "部分")
    for word in ("是", "否", "对口/不对口", "√/×", "Y/N", "yes/no", "true/false", "1/0"):
        assert word in match.expected
    assert "teachers.csv, 第 4 行, 列 “骨干级别”: 未知的骨干级别；值 '特级'" in str(err)


def test_bad_years_teaching(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "姓名", "教龄"], ["T1", "王芳", "十二"], ["T2", "李明", "-3"],
            ["T3", "赵丽", "2.5"]]
    err = failing(store, write_csv(tmp_path / "t.csv", rows))
    assert [(p.where, p.value) for p in err.problems] == [
        ("第 2 行, 列 “教龄”", "十二"), ("第 3 行, 列 “教龄”", "-3"), ("第 4 行, 列 “教龄”", "2.5")]
    assert all("12年" in p.expected for p in err.problems)


# --- 教龄 → 入职年份 ----------------------------------------------------------------------


def test_years_teaching_count_back_from_the_reference_year(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "姓名", "教龄", "入职年份"],
            ["T1", "王芳", "12", ""],  # 2020 − 12
            ["T2", "李明", "0", ""],  # joined this school year
            ["T3", "赵丽", "5", "2010"],  # 入职年份 wins, no error for the mismatch
            ["T4", "孙强", "", ""]]
    run(store, write_csv(tmp_path / "t.csv", rows), reference_year=2020)
    assert [t.joined_year for t in teachers(store)] == [2008, 2020, 2010, None]
    # the same file counted to another school year
    with Store.open(f"sqlite:///{tmp_path / 'other.db'}") as other:
        import_file(other, school_id="s1", kind="teachers", path=tmp_path / "t.csv",
                    policy=HoursPolicy(), programs={}, reference_year=2017)
        assert [t.joined_year for t in other.records("s1", TERM).teachers()] == [
            2005, 2017, 2010, None]


def test_years_teaching_without_a_reference_year_is_a_row_error(store: Store,
                                                                tmp_path: Path) -> None:
    rows = [["工号", "姓名", "教龄", "入职年份"], ["T1", "王芳", "12", ""], ["T2", "李明", "3", "2017"]]
    err = failing(store, write_csv(tmp_path / "t.csv", rows), reference_year=None)
    (problem,) = err.problems  # T2 has its 入职年份
    assert (problem.where, problem.value) == ("第 2 行, 列 “教龄”", "12")
    assert problem.expected == "填写入职年份"


# --- unknown columns, duplicates, re-import ----------------------------------------------


def test_unknown_columns_are_reported_first_degree_among_them(store: Store,
                                                              tmp_path: Path) -> None:
    rows = [["序号", "工号", "姓名", "第一学历", "最高学历", "政治面貌"],
            ["1", "T1", "王芳", "中师", "本科", "群众"]]
    result = run(store, write_csv(tmp_path / "t.csv", rows))
    assert result.ignored_columns == ("序号", "第一学历", "政治面貌")
    assert result.summary() == (
        "t.csv：新增 1 行，更新 0 行，未变 0 行（未使用的列：序号、第一学历、政治面貌）")
    assert teachers(store)[0].education == "本科"


def test_two_education_columns_are_an_error(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "姓名", "学历", "最高学历"], ["T1", "王芳", "本科", "硕士"]]
    err = failing(store, write_csv(tmp_path / "t.csv", rows))
    assert err.problems[0].message == "列 “学历” 和 “最高学历” 是同一项，只能保留一列"


def test_reimport_with_an_edited_level_updates_the_teacher(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    rows = [["工号", "姓名", "骨干级别", "专业对口", "学历"],
            ["T1", "王芳", "区级", "是", "本科"], ["T2", "李明", "", "", "大专"]]
    assert run(store, write_csv(path, rows)).added == 2
    assert run(store, path).already_imported
    rows[1][2] = "市级骨干教师"
    rows[2][3] = "否"
    result = run(store, write_csv(path, rows))
    assert (result.added, result.updated, result.unchanged) == (0, 2, 0)
    assert [(t.backbone_level, t.specialty_match) for t in teachers(store)] == [
        ("市级", True), ("", False)]
