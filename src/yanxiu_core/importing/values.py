"""Parsing one cell into a typed value. Each parser raises :class:`BadValue` naming what was
expected, in Chinese, for the error message; blanks never reach a parser (the caller decides
whether a blank is allowed)."""

from __future__ import annotations

import datetime as dt
import math
import re

from ..hours import HoursPolicy
from ..model import AttendanceStatus
from ..vocabulary import LEVELS, normalize_level
from .normalize import clean_code, clean_loose, clean_text


class BadValue(ValueError):
    """A cell that does not hold what its column expects."""

    def __init__(self, expected: str, message: str = "") -> None:
        super().__init__(message or "无法识别")
        self.expected = expected
        self.message = message or "无法识别"


DATE_EXPECTED = "日期，如 2017-11-21、2017/11/21、2017.11.21 或 2017年11月21日"
TIME_EXPECTED = "时间，如 8:00 或 14:30"
HOURS_EXPECTED = "学时数（不小于 0 的数），如 2 或 1.5"

# The most 学时 one cell may credit: far above any single course a school records as one row
# (a 国培 course of 120 学时), far below garbage such as ``1e30`` or ``100000``; it also keeps
# every stored minute count far inside a 32-bit integer. Rows with a duration are held to it
# more tightly (importing.limits.RecordCheck).
MAX_HOURS = 1000
# Whole numbers a store column holds on every database (32-bit signed).
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

# Excel stores dates as days since 1899-12-30 (its 1900 leap-year bug makes earlier serials
# shift by one day, which no school date needs). Only serials of 1950–2099 are taken as dates,
# so that a stray number such as 2017 is an error instead of a date in 1905.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN = (dt.date(1950, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (dt.date(2099, 12, 31) - _EXCEL_EPOCH).days

_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[(]?\s*(?:星期|周)[一二三四五六日天]\s*[)]?)?"  # 2017年11月21日（星期二）
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"  # a datetime's midnight exported to CSV
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*分?(?:\s*:\s*(\d{1,2}))?$")
_HOUR_ONLY = re.compile(r"^(\d{1,2})\s*[时点]$")
_YEAR = re.compile(r"^(\d{4})(?:\s*(?:年|[-/.])\s*\d{1,2}\s*月?(?:\s*[-/.]?\s*\d{1,2}\s*日?)?)?$")


def excel_serial_date(serial: float) -> dt.date:
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise BadValue(DATE_EXPECTED, "数字不是合理的 Excel 日期")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _number(value: object) -> float | None:
    """The value as a number if it is one (a numeric cell), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an integer cell of hundreds of digits
            return math.inf if value > 0 else -math.inf
    return None


def parse_date(value: object) -> dt.date:
    """2017-11-21, 2017/11/21, 2017.11.21, 2017年11月21日, 20171121, Excel date cells and
    Excel serial numbers (also when a CSV export left them as ``43060``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    number = _number(value)
    if number is not None:
        return excel_serial_date(number)
    text = clean_loose(value)
    match = _DATE.match(text)
    if match is None:
        compact = _COMPACT_DATE.match(text)
        if compact is not None:
            match = compact
        elif re.fullmatch(r"\d{5}", text):
            return excel_serial_date(int(text))
        else:
            raise BadValue(DATE_EXPECTED)
    year, month, day = (int(g) for g in match.groups()[:3])
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(DATE_EXPECTED, "不存在这一天") from None


def parse_time(value: object) -> dt.time:
    """8:00, 08:00, 8：00 (full-width colon), 14:30:00, 8点, 8时30分, Excel time cells."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    number = _number(value)
    if number is not None:
        if not 0 <= number < 1:  # Excel keeps a time as a fraction of a day
            raise BadValue(TIME_EXPECTED)
        minutes = round(number * 24 * 60)
        return dt.time(min(minutes // 60, 23), minutes % 60)
    text = clean_loose(value)
    match = _TIME.match(text) or _HOUR_ONLY.match(text)
    if match is None:
        raise BadValue(TIME_EXPECTED)
    hour = int(match.group(1))
    minute = int(match.group(2)) if match.lastindex and match.lastindex >= 2 else 0
    if hour > 23 or minute > 59:
        raise BadValue(TIME_EXPECTED, "不是有效的时间")
    return dt.time(hour, minute)


def parse_float(value: object, expected: str = "数字，如 92 或 92.5") -> float:
    number = _number(value)
    if number is None:
        text = clean_code(value).removesuffix("分")
        try:
            number = float(text)
        except ValueError:
            raise BadValue(expected) from None
    if not math.isfinite(number):
        raise BadValue(expected)
    return number


def parse_int(value: object, expected: str = "整数，如 3") -> int:
    number = parse_float(value, expected)
    if not number.is_integer():
        raise BadValue(expected, "不是整数")
    if not INT_MIN <= number <= INT_MAX:
        raise BadValue(expected, "数字过大")
    return int(number)


YEAR_EXPECTED = "年份，如 1985（也可写 1985.03、1985年3月、1985-03、198503 或完整日期）"
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")  # 198503


def _checked_month(year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise BadValue(YEAR_EXPECTED, "月份不合理")
    return year


def _year_of_number(number: float) -> int:
    """A numeric cell in a year column: 1985, 1985.03 (Excel keeps 1985.10 as 1985.1),
    198503, 19850302, or an Excel date serial."""
    if not math.isfinite(number):
        raise BadValue(YEAR_EXPECTED)
    whole = int(number)
    if number.is_integer():
        if 100000 <= whole <= 999999:  # 198503
            return _checked_month(whole // 100, whole % 100)
        if 10000000 <= whole <= 99999999:  # 19850302
            try:
                return parse_date(str(whole)).year
            except BadValue:
                raise BadValue(YEAR_EXPECTED) from None
        if whole > 2100:
            try:
                return excel_serial_date(number).year
            except BadValue:
                raise BadValue(YEAR_EXPECTED) from None
        return whole
    if not 1900 <= whole <= 2100:
        raise BadValue(YEAR_EXPECTED)
    month = round((number - whole) * 100)
    if month % 10 == 0:  # one decimal: 1985.1 is 1985.10 with the zero dropped, or 1985.5 typed so
        return whole
    return _checked_month(whole, month)


def parse_year(value: object) -> int:
    """A year: 1985, or the year of 1985.03 / 1985年3月 / 1985-03 / 198503 / 1985-03-02 /
    19850302 / a date cell / an Excel serial number (出生年月 is usually written as a month)."""
    if isinstance(value, dt.date):  # datetime is a date too
        year = value.year
    elif (number := _number(value)) is not None:
        year = _year_of_number(number)
    else:
        text = clean_loose(value).removesuffix("年")
        match = _YEAR.match(text)
        compact = _COMPACT_MONTH.match(text)
        if match is not None:
            year = int(match.group(1))
            month = re.search(r"\d{4}\s*(?:年|[-/.])\s*(\d{1,2})", text)
            if month is not None:
                _checked_month(year, int(month.group(1)))
        elif compact is not None:
            year = _checked_month(int(compact.group(1)), int(compact.group(2)))
        else:
            try:  # 19850302, 1985-03-02 00:00:00, a serial number exported as text
                year = parse_date(value).year
            except BadValue:
                raise BadValue(YEAR_EXPECTED) from None
    if not 1900 <= year <= 2100:
        raise BadValue(YEAR_EXPECTED, "年份不合理")
    return year


YEARS_EXPECTED = "年数（0 到 60 的整数），如 12 或 12年"


def parse_years(value: object) -> int:
    """A count of years such as 教龄: ``12``, ``12年``, full-width digits."""
    number = _number(value)
    if number is None:
        text = clean_code(value).removesuffix("年")
        try:
            number = float(text)
        except ValueError:
            raise BadValue(YEARS_EXPECTED) from None
    if not number.is_integer() or not 0 <= number <= 60:
        raise BadValue(YEARS_EXPECTED, "不是合理的年数")
    return int(number)


def parse_hours(value: object, policy: HoursPolicy) -> int:
    """学时 (decimal hours, e.g. 1.5 or ``2学时``) as whole minutes under ``policy``."""
    number = _number(value)
    if number is None:
        text = clean_code(value)
        for unit in ("学时", "课时", "小时", "h"):
            text = text.removesuffix(unit)
        try:
            number = float(text)
        except ValueError:
            raise BadValue(HOURS_EXPECTED) from None
    if not math.isfinite(number) or number < 0:
        raise BadValue(HOURS_EXPECTED)
    if number > MAX_HOURS:  # before multiplying: 1e308 is finite, 1e308 × 45 is not
        raise BadValue(f"不超过 {MAX_HOURS} 学时的数", "学时过大")
    return policy.hours_to_minutes(number)


_STATUS_WORDS: dict[str, AttendanceStatus] = {
    **{s.value: s for s in AttendanceStatus},
    "present": AttendanceStatus.PRESENT,
    "late": AttendanceStatus.LATE,
    "excused": AttendanceStatus.EXCUSED,
    "absent": AttendanceStatus.ABSENT,
    # Marks commonly ticked on sign-in sheets.
    "到": AttendanceStatus.PRESENT,
    "已到": AttendanceStatus.PRESENT,
    "签到": AttendanceStatus.PRESENT,
    "√": AttendanceStatus.PRESENT,
    "✓": AttendanceStatus.PRESENT,
    "✔": AttendanceStatus.PRESENT,
    "迟": AttendanceStatus.LATE,
    "假": AttendanceStatus.EXCUSED,
    "事假": AttendanceStatus.EXCUSED,
    "病假": AttendanceStatus.EXCUSED,
    "公假": AttendanceStatus.EXCUSED,
    "缺": AttendanceStatus.ABSENT,
    "未到": AttendanceStatus.ABSENT,
    "旷会": AttendanceStatus.ABSENT,
    "×": AttendanceStatus.ABSENT,
    "✗": AttendanceStatus.ABSENT,
}
STATUS_EXPECTED = (
    "出席、迟到、请假、缺席（或 present/late/excused/absent；签到表记号 √ 到 已到 签到 = 出席，"
    "迟 = 迟到，假 事假 病假 公假 = 请假，× 缺 未到 旷会 = 缺席）"
)


def parse_status(value: object) -> AttendanceStatus:
    text = clean_loose(value)
    found = _STATUS_WORDS.get(text) or _STATUS_WORDS.get(text.casefold())
    if found is None:
        raise BadValue(STATUS_EXPECTED)
    return found


_GENDERS = {"男": "男", "女": "女", "m": "男", "male": "男", "f": "女", "female": "女"}


def parse_gender(value: object) -> str:
    found = _GENDERS.get(clean_code(value).casefold())
    if found is None:
        raise BadValue("男 或 女（也可写 M/F、male/female）")
    return found


_BOOLS = {
    **dict.fromkeys(("是", "有", "对", "√", "✓", "y", "yes", "true", "1"), True),
    **dict.fromkeys(("否", "无", "错", "×", "✗", "n", "no", "false", "0"), False),
}


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    found = _BOOLS.get(clean_code(value).casefold())
    if found is None:
        raise BadValue("是 或 否（也可写 √/×、yes/no、true/false、1/0）")
    return found


_MATCH_WORDS = {"对口": True, "不对口": False}
MATCH_EXPECTED = "是 或 否（也可写 对口/不对口、√/×、Y/N、yes/no、true/false、1/0）"


def parse_specialty_match(value: object) -> bool:
    """专业对口: 是/否, 对口/不对口 and the yes/no words of :func:`parse_bool`."""
    found = _MATCH_WORDS.get(clean_code(value))
    if found is not None:
        return found
    try:
        return parse_bool(value)
    except BadValue:
        raise BadValue(MATCH_EXPECTED) from None


BACKBONE_EXPECTED = (
    "骨干级别之一：国家级、省级、市级、州级、区县级（也可写 区级、县级）、校级；"
    "不是骨干教师填 无 或留空"
)
AWARD_LEVEL_EXPECTED = (
    f"级别之一：{'、'.join(LEVELS)}（也可写 国家、全国、省、市、州、区级、县级、校内 等）"
)


def parse_backbone_level(value: object) -> str:
    """骨干级别 → a level of :data:`~yanxiu_core.vocabulary.LEVELS`, ``''`` for none (无, -)."""
    found = normalize_level(clean_code(value))
    if found is None:
        raise BadValue(BACKBONE_EXPECTED, "未知的骨干级别")
    return found


def parse_award_level(value: object) -> str:
    """An award's 级别 → a level of :data:`~yanxiu_core.vocabulary.LEVELS` (none is an error)."""
    found = normalize_level(clean_code(value))
    if not found:
        raise BadValue(AWARD_LEVEL_EXPECTED, "未知的级别")
    return found


_TAG_SPLIT = re.compile(r"[、，,;；/／|｜\s]+")


def split_tags(value: object) -> tuple[str, ...]:
    """角色 cells such as ``骨干教师、青年教师``: split on 、，,;；/| and blanks, deduplicated."""
    tags = [t for t in _TAG_SPLIT.split(clean_text(value)) if t]
    return tuple(dict.fromkeys(tags))


class RowError(ValueError):
    """A rule over several cells of one row failed; ``column`` is where to point the user."""

    def __init__(self, column: str | None, message: str, value: object = None,
                 expected: str = "") -> None:
        super().__init__(message)
        self.column = column
        self.message = message
        self.value = value
        self.expected = expected
