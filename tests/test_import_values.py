"""Cell-level rules of the import: normalisation, encodings, dates, times, 学时, words."""

from __future__ import annotations

import datetime as dt

import pytest

from yanxiu_core.errors import DataError
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing.encoding import decode
from yanxiu_core.importing.normalize import clean_code, clean_name, clean_text, header_key
from yanxiu_core.importing.values import (
    BadValue,
    parse_bool,
    parse_date,
    parse_float,
    parse_gender,
    parse_hours,
    parse_int,
    parse_status,
    parse_time,
    parse_year,
    split_tags,
)
from yanxiu_core.model import AttendanceStatus

NOV21 = dt.date(2017, 11, 21)


@pytest.mark.parametrize("value", [
    "2017-11-21", "2017/11/21", "2017.11.21", "2017年11月21日", "2017年11月21",
])
def test_date_text_formats(value: str) -> None:
    assert parse_date(value) == NOV21


@pytest.mark.parametrize("value", [
    dt.datetime(2017, 11, 21, 0, 0), dt.datetime(2017, 11, 21, 9, 30), NOV21,
    43060, 43060.0, "43060", "20171121", "２０１７年１１月２１日", "2017 年 11 月 21 日",
    "2017年11月21日(周二)", "2017-11-21T00:00:00", "2017/11/21 0:00",
])
def test_date_cells_serials_and_variants(value: object) -> None:
    assert parse_date(value) == NOV21


@pytest.mark.parametrize(("value", "message"), [
    ("11月21日", "无法识别"), ("2017-02-29", "不存在这一天"), ("2017-13-01", "不存在这一天"),
    (2017, "数字不是合理的 Excel 日期"), ("17-11-21", "无法识别"), ("明天", "无法识别"),
    (True, "无法识别"),
])
def test_bad_dates(value: object, message: str) -> None:
    with pytest.raises(BadValue) as info:
        parse_date(value)
    assert info.value.message == message
    assert "2017年11月21日" in info.value.expected


@pytest.mark.parametrize(("value", "expected"), [
    ("8:00", dt.time(8)), ("08:00", dt.time(8)), ("8：00", dt.time(8)),
    ("14:30:00", dt.time(14, 30)),
    ("８：３０", dt.time(8, 30)), ("8点", dt.time(8)), ("8时30分", dt.time(8, 30)),
    (dt.time(8, 0, 59), dt.time(8)), (dt.datetime(1899, 12, 30, 14, 0), dt.time(14)),
    (0.5, dt.time(12)), (0.34375, dt.time(8, 15)),
])
def test_times(value: object, expected: dt.time) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["24:00", "8:60", "八点", "8", 1.5])
def test_bad_times(value: object) -> None:
    with pytest.raises(BadValue) as info:
        parse_time(value)
    assert "8:00" in info.value.expected


# half up, as schools round: 0.5 × 45 = 22.5 → 23 (Python's round would give 22)
@pytest.mark.parametrize(("value", "minutes"), [
    ("2", 90), ("1.5", 68), ("１．５", 68), (2, 90), (0.5, 23), ("2学时", 90), (" 3 ", 135),
    ("0", 0),
])
def test_hours_become_whole_minutes(value: object, minutes: int) -> None:
    assert parse_hours(value, HoursPolicy()) == minutes


def test_hours_follow_the_policy() -> None:
    assert parse_hours("2", HoursPolicy(minutes_per_hour=40)) == 80


@pytest.mark.parametrize("value", ["-1", "两", "nan", "inf"])
def test_bad_hours(value: object) -> None:
    with pytest.raises(BadValue, match="无法识别") as info:
        parse_hours(value, HoursPolicy())
    assert "学时数" in info.value.expected


def test_numbers() -> None:
    assert parse_int("１２") == 12
    assert parse_int(12.0) == 12
    assert parse_float("92.5分") == 92.5
    assert parse_float(" ９２ ") == 92.0
    with pytest.raises(BadValue, match="不是整数"):
        parse_int("1.5")
    with pytest.raises(BadValue):
        parse_float("九十")
    with pytest.raises(BadValue):
        parse_float(True)


@pytest.mark.parametrize(("value", "year"), [
    ("1985", 1985), (1985, 1985), ("1985.03", 1985), ("1985年3月", 1985), ("1985-03-02", 1985),
    ("1985年", 1985), (dt.datetime(1985, 3, 2), 1985), ("１９８５", 1985),
    ("1985-03", 1985), ("198503", 1985), ("19850302", 1985), (1985.03, 1985), (1985.1, 1985),
    (198503, 1985), (31107, 1985), ("31107", 1985),
])
def test_years(value: object, year: int) -> None:
    assert parse_year(value) == year


@pytest.mark.parametrize("value", ["85", "1850", "去年", "1985.13", "198500", 1985.13, 5000])
def test_bad_years(value: object) -> None:
    with pytest.raises(BadValue):
        parse_year(value)


@pytest.mark.parametrize(("value", "status"), [
    ("出席", AttendanceStatus.PRESENT), ("迟到", AttendanceStatus.LATE),
    ("请假", AttendanceStatus.EXCUSED), ("缺席", AttendanceStatus.ABSENT),
    ("Present", AttendanceStatus.PRESENT), ("LATE", AttendanceStatus.LATE),
    ("excused", AttendanceStatus.EXCUSED), (" absent ", AttendanceStatus.ABSENT),
    ("√", AttendanceStatus.PRESENT), ("到", AttendanceStatus.PRESENT),
    ("事假", AttendanceStatus.EXCUSED), ("×", AttendanceStatus.ABSENT),
])
def test_status_words(value: str, status: AttendanceStatus) -> None:
    assert parse_status(value) is status


def test_unknown_status_lists_the_words() -> None:
    with pytest.raises(BadValue) as info:
        parse_status("早退")
    assert info.value.expected.startswith("出席、迟到、请假、缺席")


def test_gender_bool_and_tags() -> None:
    assert [parse_gender(v) for v in ("男", "女", "M", "female")] == ["男", "女", "男", "女"]
    with pytest.raises(BadValue):
        parse_gender("x")
    assert [parse_bool(v) for v in ("是", "否", "√", "×", "Yes", "0", True)] == [
        True, False, True, False, True, False, True]
    with pytest.raises(BadValue):
        parse_bool("也许")
    assert split_tags("骨干教师、青年教师，班主任;新教师/ 骨干教师 ｜ 党员") == (
        "骨干教师", "青年教师", "班主任", "新教师", "党员")
    assert split_tags("学科带头人（区级） 班主任") == ("学科带头人（区级）", "班主任")


def test_normalisation_levels() -> None:
    # free text: full-width letters/digits and U+3000 folded, Chinese punctuation kept
    assert clean_text("\u3000教育智慧（一）  第２期\u3000") == "教育智慧（一） 第2期"
    assert clean_text("第一行 \r\n  第二行") == "第一行\n第二行"
    assert clean_text(12.0) == "12"
    # names lose alignment padding between CJK characters only
    assert clean_name("王　芳") == "王芳"
    assert clean_name(" Wang  Fang ") == "Wang Fang"
    # codes: NFKC and no blanks at all
    assert clean_code(" Ｔ　００１ ") == "T001"
    assert clean_code(1001) == "1001"
    # headers: case, blanks, separators and bracketed notes do not matter
    assert header_key("学时（小时）") == header_key("学时")
    assert header_key("*工号") == header_key("工号")
    assert header_key("Teacher_ID") == header_key("teacher id") == "teacherid"
    assert header_key("\ufeff工号") == "工号"


def test_encodings_are_detected() -> None:
    text = "工号,姓名\nT1,王芳\n"
    assert decode(text.encode("utf-8"), "a.csv") == (text, "utf-8-sig")
    assert decode(text.encode("utf-8-sig"), "a.csv") == (text, "utf-8-sig")  # BOM dropped
    assert decode(text.encode("gbk"), "a.csv") == (text, "gb18030")
    assert decode("𠀀,镕\n".encode("gb18030"), "a.csv")[0] == "𠀀,镕\n"  # beyond GBK


def test_undecodable_bytes_name_the_file() -> None:
    with pytest.raises(DataError) as info:
        decode(b"\x81\x30\xff\xff", "bad.csv")
    assert "无法识别 bad.csv 的文字编码" in str(info.value)
    assert "GBK/GB18030" in info.value.problems[0].expected


def test_the_fast_blank_test_agrees_with_clean_text() -> None:
    """Every cell of every row is tested for blankness; the fast test must say what cleaning the
    cell would (``clean_text(cell) == ""``), whatever mix of Unicode blanks a sheet holds."""
    import random

    from yanxiu_core.importing.cells import blank as _blank
    from yanxiu_core.importing.normalize import clean_text, is_blank

    chars = [" ", "\t", "\r", "\n", "\x0b", "\x1c", "\u0085", "\u00a0", "\u1680", "\u2002",
             "\u200a", "\u200b", "\u200c", "\u2028", "\u202f", "\u205f", "\u3000", "\ufeff",
             "a", "１", "语"]
    rng = random.Random(7)
    for _ in range(20000):
        cell = "".join(rng.choice(chars) for _ in range(rng.randint(0, 4)))
        assert _blank(cell) == (is_blank(cell) or not clean_text(cell)), repr(cell)
    assert _blank(None) and not _blank(0) and not _blank(1.5)
