"""Generic helpers that program plugins share: cadences, date ranges, attendance ratios, text
tables. Nothing here knows a specific program; each helper is a plain function of plain values.

Weekdays are ISO numbers everywhere in this module: Monday = 1 … Sunday = 7 (星期一 = 1), the
way Chinese school timetables count them and what :meth:`datetime.date.isoweekday` returns.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from .document import Table
from .errors import Problem
from .model import Activity, Attendance, Term
from .program import IndicatorValue, ProgramContext

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def weekday_name(day: dt.date | int) -> str:
    """``星期三`` for a date or an ISO weekday number (1–7)."""
    number = day if isinstance(day, int) else day.isoweekday()
    return WEEKDAY_NAMES[number - 1]


_CN_ORDINAL = "一二三四五"


def month_day_text(weekday: int, nth: int) -> str:
    """``每月第一个星期三``, ``每月最后一个星期五``, ``每月倒数第二个星期一`` (``monthly_dates``)."""
    count = _CN_ORDINAL[abs(nth) - 1] if 1 <= abs(nth) <= 5 else str(abs(nth))
    which = "最后一个" if nth == -1 else f"倒数第{count}个" if nth < 0 else f"第{count}个"
    return f"每月{which}{weekday_name(weekday)}"


def every_n_weeks(start: dt.date, end: dt.date, weekday: int, n: int,
                  skip: Collection[dt.date] = ()) -> list[dt.date]:
    """Every ``n``-th ``weekday`` (ISO, Monday = 1) from the first one on or after ``start`` up to
    ``end`` (inclusive), leaving out the dates in ``skip``.

    A skipped date keeps the rhythm: the next session is still ``n`` weeks after the skipped one,
    so a school's fortnightly slot stays on "its" weeks after a holiday.
    """
    if not 1 <= weekday <= 7:
        raise ValueError(f"weekday must be 1 (Monday) to 7 (Sunday), got {weekday}")
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    first = start + dt.timedelta(days=(weekday - start.isoweekday()) % 7)
    step = dt.timedelta(weeks=n)
    skipped = set(skip)
    out: list[dt.date] = []
    day = first
    while day <= end:
        if day not in skipped:
            out.append(day)
        day += step
    return out


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The ``nth`` ``weekday`` (ISO) of a month — ``nth = 1`` the first, ``-1`` the last — or
    ``None`` when the month has none (a fifth Wednesday)."""
    if not 1 <= weekday <= 7:
        raise ValueError(f"weekday must be 1 (Monday) to 7 (Sunday), got {weekday}")
    if nth == 0 or not -5 <= nth <= 5:
        raise ValueError(f"nth must be 1 to 5 or -1 to -5, got {nth}")
    first = dt.date(year, month, 1)
    days = calendar.monthrange(year, month)[1]
    matching = [first + dt.timedelta(days=d) for d in range(days)
                if (first + dt.timedelta(days=d)).isoweekday() == weekday]
    index = nth - 1 if nth > 0 else nth
    return matching[index] if -len(matching) <= index < len(matching) else None


def monthly_dates(start: dt.date, end: dt.date, weekday: int, nth: int = 1,
                  skip: Collection[dt.date] = ()) -> list[dt.date]:
    """Each month's ``nth`` ``weekday`` from ``start`` to ``end`` (inclusive) — "each month's
    first Wednesday" is ``weekday=3, nth=1``, "the last Friday" ``weekday=5, nth=-1`` — leaving
    out the dates in ``skip`` (a skipped month has no session; the next month keeps its day)."""
    out: list[dt.date] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        day = nth_weekday(year, month, weekday, nth)
        if day is not None and start <= day <= end and day not in skip:
            out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def spread_dates(start: dt.date, end: dt.date, count: int, weekday: int | None = None,
                 skip: Collection[dt.date] = ()) -> list[dt.date]:
    """``count`` dates spread evenly from ``start`` to ``end`` (N sessions a term): the middle
    day of each of ``count`` equal shares of the candidate days — every day, or every
    ``weekday`` (ISO) — leaving out ``skip``. Fewer candidates than ``count`` give them all."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    if weekday is not None and not 1 <= weekday <= 7:
        raise ValueError(f"weekday must be 1 (Monday) to 7 (Sunday), got {weekday}")
    skipped = set(skip)
    total = (end - start).days + 1
    candidates = [d for d in (start + dt.timedelta(days=i) for i in range(max(total, 0)))
                  if (weekday is None or d.isoweekday() == weekday) and d not in skipped]
    if len(candidates) <= count:
        return candidates
    return [candidates[(2 * i + 1) * len(candidates) // (2 * count)] for i in range(count)]


def dates_in(term: Term, dates: Iterable[dt.date], skip: Iterable[dt.date] = ()) -> list[dt.date]:
    """A fixed list of dates (a cadence written out by the school): those in ``term`` and not in
    ``skip``, in order, each once."""
    skipped = set(skip)
    return sorted({d for d in dates if term.contains(d) and d not in skipped})


def _range_order(instance: DateRange, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
    if value < instance.start:
        raise ValueError(f"'{attribute.name}' ({value}) 早于开始日期 ({instance.start})")


@attrs.frozen
class DateRange:
    """An inclusive range of days (a winter break, an exam fortnight); usable as a settings
    field: ``skip_ranges = [{start = 2021-01-23, end = 2021-02-28}]``."""

    start: dt.date
    end: dt.date = attrs.field(validator=_range_order)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> list[dt.date]:
        """Every day of the range, in order."""
        count = (self.end - self.start).days + 1
        return [self.start + dt.timedelta(days=i) for i in range(count)]


def cadence_dates(term: Term, *, weekday: int, every_weeks: int, first: dt.date | None = None,
                  skip: Iterable[dt.date] = (), skip_ranges: Iterable[DateRange] = (),
                  holidays: Iterable[dt.date] = ()) -> list[dt.date]:
    """The dates of a regular session inside ``term``: :func:`every_n_weeks` from ``first`` (or
    the term's start) to the term's end, leaving out single dates, date ranges and holidays."""
    skipped: set[dt.date] = set(skip) | set(holidays)
    for r in skip_ranges:
        skipped.update(r.days())
    start = max(first or term.start, term.start)
    return every_n_weeks(start, term.end, weekday, every_weeks, skipped)


def first_date_problems(ctx: ProgramContext, first_date: dt.date | None, weekday: int,
                        key: str = "first_date") -> list[Problem]:
    """Check a cadence's optional first date: inside the term and on the cadence's weekday."""
    if first_date is None:
        return []
    if not ctx.term.contains(first_date):
        return [ctx.problem("首次日期不在学期内", key, first_date,
                            f"{ctx.term.start} 至 {ctx.term.end} 之间的日期")]
    if first_date.isoweekday() != weekday:
        return [ctx.problem(
            f"首次日期是{weekday_name(first_date)}，与 weekday = {weekday}"
            f"（{weekday_name(weekday)}）不一致", key, first_date,
            f"一个{weekday_name(weekday)}，或修改 weekday")]
    return []


def report_date(term: Term, as_of: dt.date | None = None, today: dt.date | None = None) -> dt.date:
    """The day up to which "planned to date" counts: ``as_of`` if given, else today, never after
    the term's end (a summary written after the term covers the whole term)."""
    day = as_of or today or dt.date.today()
    return min(day, term.end)


def attendance_ratios(activities: Sequence[Activity], rows: Iterable[Attendance],
                      teacher_ids: Iterable[str], *,
                      missing_is_absent: bool = True) -> dict[str, IndicatorValue]:
    """Each teacher's attended share of ``activities`` as indicator values.

    With ``missing_is_absent`` every listed teacher is expected at every activity and a missing
    row counts as not attended (for series everybody is meant to attend, where sign-in sheets
    list only who came). Otherwise only the teacher's own rows count. A teacher expected at
    nothing gets ``None`` (not applicable). Evidence: ``attendance:<activity id>`` per row.
    """
    ids = {a.id for a in activities}
    by_teacher: dict[str, list[Attendance]] = {}
    for row in rows:
        if row.activity_id in ids:
            by_teacher.setdefault(row.teacher_id, []).append(row)
    values: dict[str, IndicatorValue] = {}
    for tid in teacher_ids:
        own = by_teacher.get(tid, [])
        expected = len(ids) if missing_is_absent else len(own)
        if expected == 0:
            values[tid] = IndicatorValue(None, detail="无应参加的活动")
            continue
        attended = sum(1 for r in own if r.status.attended)
        values[tid] = IndicatorValue(
            min(attended, expected) / expected,
            evidence=tuple(f"attendance:{r.activity_id}" for r in own),
            detail=f"{attended}/{expected}",
        )
    return values


def book_title(text: str) -> str:
    """A title in 书名号 as prose quotes a lesson, a paper or a book: ``观潮`` → ``《观潮》``. A
    title that carries its own 《》 (``歌曲《小雨沙沙》``, ``《观潮》``) is left as written, never
    ``《歌曲《小雨沙沙》》``. Also the Jinja filter ``book_title`` in report templates."""
    text = text.strip()
    return text if "《" in text or not text else f"《{text}》"


def quoted(text: str) -> str:
    """``text`` in double quotes as Chinese prose quotes a title: ``“信息技术与学科融合”``; quotes
    inside become single ones (``“教师完成‘五个一’任务的比例”``), never “…“…”…”. Also the
    Jinja filter ``quoted`` in report templates."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# What a terminal must not receive from a cell: C0 controls (ESC starts the sequences that move
# the cursor, recolour or retitle the terminal; BEL, backspace, carriage return overwrite), DEL,
# C1 controls (CSI U+009B is ESC [ on some terminals) and bidirectional overrides and isolates.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_TERMINAL_BREAK = re.compile("[\t\n\x0b\x0c\r\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def terminal_text(text: str) -> str:
    """``text`` safe to print as one table cell: control characters (ESC sequences' introducer
    included) removed, tabs and line breaks made spaces, an unpaired surrogate U+FFFD."""
    return _SURROGATE.sub("\ufffd", _TERMINAL_BREAK.sub(" ", _TERMINAL_CONTROL.sub("", text)))


def text_table(columns: Sequence[str], rows: Iterable[Sequence[str]], gap: int = 2) -> str:
    """A plain-text table with aligned columns (Chinese characters counted double width).

    Cells come from spreadsheets and go to a terminal, so each is passed through
    :func:`terminal_text`: a name cannot repaint the screen or start a line of its own.
    """
    body = [[terminal_text(str(c)) for c in columns], *[[terminal_text(str(c)) for c in r] for r in rows]]
    widths = [max(text_width(row[i]) for row in body) for i in range(len(columns))]
    lines = []
    for n, row in enumerate(body):
        cells = [cell + " " * (widths[i] - text_width(cell)) for i, cell in enumerate(row)]
        lines.append((" " * gap).join(cells).rstrip())
        if n == 0:
            lines.append((" " * gap).join("-" * w for w in widths))
    return "\n".join(lines)


def met_share(progress: Iterable[tuple[float, float]]) -> float:
    """Mean share of targets met over ``(done, needed)`` pairs, each capped at 1.

    A target of 0 counts as met; no targets at all is fully met (1.0). Over-achieving one target
    does not make up for another: ``[(10, 5), (0, 5)]`` is 0.5, not 1.
    """
    shares = [1.0 if need <= 0 else min(done, need) / need for done, need in progress]
    return sum(shares) / len(shares) if shares else 1.0


def percent_text(ratio: float | None, places: int = 1) -> str:
    """``98.4%`` for 0.984 (half up, like every share the core's tables show); ``-`` when there
    is no ratio (nothing was expected)."""
    if ratio is None:
        return "-"
    return _half_up(Decimal(str(ratio)) * 100, places) + "%"


def _half_up(value: Decimal, places: int) -> str:
    step = Decimal(1).scaleb(-places)
    return f"{value.quantize(step, rounding=ROUND_HALF_UP):.{places}f}"


def round_half_up(value: float | Decimal, places: int = 1) -> Decimal:
    """``value`` rounded half up as schools round (2.25 → 2.3, 0.125 → 0.13), not Python's
    banker's rounding of binary floats (``round(2.25, 1) == 2.2``); a ``Decimal`` for display."""
    step = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)


def name_list(names: Iterable[str], limit: int = 10, unit: str = "人") -> str:
    """Names as a 总结 lists them: ``张三、李四、王五``; more than ``limit``: the first ``limit``
    and ``等 N 人`` (``unit`` for other things: ``等 12 个课例``). Also the Jinja filter
    ``name_list``. The full list belongs in a table or 附表."""
    items = list(names)
    if len(items) <= limit:
        return "、".join(items)
    return "、".join(items[:limit]) + f"等 {len(items)} {unit}"


def count_per(items: Iterable[Any], key: Callable[[Any], str]) -> dict[str, int]:
    """How many of ``items`` each key has (per teacher, per 组 …), in order of first appearance."""
    out: dict[str, int] = {}
    for item in items:
        k = key(item)
        out[k] = out.get(k, 0) + 1
    return out


def semester_of(term: Term, day: dt.date, spring_starts: tuple[int, int] = (2, 1)) -> int:
    """Which 学期 of a 学年 ``term`` a date falls in: 1 (autumn) before ``spring_starts``
    (month, day; 1 February by default), 2 after; 0 outside the term."""
    if not term.contains(day):
        return 0
    spring = dt.date(term.start.year + 1, *spring_starts)
    return 1 if day < spring else 2


def semester_name(term: Term, number: int) -> str:
    """``2020学年第一学期`` / ``第二学期``."""
    return f"{term.name}{'第一学期' if number == 1 else '第二学期'}"


def total_rate(table: Table, numerator: str, denominator: str, rate: str) -> Table:
    """``table`` with the ``rate`` cell of its 合计 row computed from the 合计 cells of the
    ``numerator`` and ``denominator`` columns (named by header): the rate of the totals shown
    beside it, never an average of the rows' rates. A table without a 合计 row is returned
    as it is."""
    if table.total is None:
        return table
    cols = list(table.columns)
    total = list(table.total)
    n, d = int(total[cols.index(numerator)]), int(total[cols.index(denominator)])
    total[cols.index(rate)] = _half_up(Decimal(100 * n) / Decimal(d), 1) + "%" if d else "-"
    return attrs.evolve(table, total=tuple(total))
