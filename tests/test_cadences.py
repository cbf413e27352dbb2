"""Cadences beyond every N weeks (yanxiu_core.toolkit): each month's nth weekday, N sessions
spread over a period, a fixed list of dates."""

from __future__ import annotations

import datetime as dt

import pytest

from yanxiu_core import Term, dates_in, monthly_dates, nth_weekday, spread_dates

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))


@pytest.mark.parametrize(("year", "month", "weekday", "nth", "expected"), [
    (2020, 9, 3, 1, D(2020, 9, 2)),  # 1 Sept 2020 is a Tuesday
    (2020, 10, 3, 1, D(2020, 10, 7)),
    (2020, 9, 3, 5, D(2020, 9, 30)),
    (2020, 10, 3, 5, None),  # October 2020 has four Wednesdays
    (2020, 9, 5, -1, D(2020, 9, 25)),  # the last Friday
    (2021, 2, 1, -4, D(2021, 2, 1)),
])
def test_nth_weekday(year: int, month: int, weekday: int, nth: int, expected: D | None) -> None:
    assert nth_weekday(year, month, weekday, nth) == expected


@pytest.mark.parametrize(("weekday", "nth"), [(0, 1), (8, 1), (3, 0), (3, 6)])
def test_nth_weekday_rejects_nonsense(weekday: int, nth: int) -> None:
    with pytest.raises(ValueError):
        nth_weekday(2020, 9, weekday, nth)


def test_monthly_dates_first_wednesday_with_skips() -> None:
    dates = monthly_dates(D(2020, 9, 1), D(2021, 1, 31), weekday=3, nth=1,
                          skip={D(2020, 11, 4)})
    assert dates == [D(2020, 9, 2), D(2020, 10, 7), D(2020, 12, 2), D(2021, 1, 6)]
    assert all(d.isoweekday() == 3 and d.day <= 7 for d in dates)
    # a start after the month's day leaves that month out; a missing fifth weekday too
    assert monthly_dates(D(2020, 9, 3), D(2020, 10, 31), weekday=3, nth=1) == [D(2020, 10, 7)]
    assert monthly_dates(D(2020, 9, 1), D(2020, 12, 31), weekday=3, nth=5) == [
        D(2020, 9, 30), D(2020, 12, 30)]
    assert monthly_dates(TERM.start, TERM.end, weekday=5, nth=-1)[:2] == [D(2020, 9, 25),
                                                                         D(2020, 10, 30)]
    assert len(monthly_dates(TERM.start, TERM.end, weekday=3)) == 12


def test_spread_dates() -> None:
    assert spread_dates(D(2020, 9, 1), D(2020, 9, 30), 3, weekday=3) == [
        D(2020, 9, 2), D(2020, 9, 16), D(2020, 9, 30)]
    assert spread_dates(D(2020, 9, 1), D(2020, 9, 30), 1, weekday=3) == [D(2020, 9, 16)]
    assert spread_dates(D(2020, 9, 1), D(2020, 9, 30), 9, weekday=3,
                        skip={D(2020, 9, 9)}) == [D(2020, 9, 2), D(2020, 9, 16), D(2020, 9, 23),
                                                  D(2020, 9, 30)]
    four = spread_dates(TERM.start, TERM.end, 4)
    assert len(four) == 4 and four == sorted(four) and all(TERM.contains(d) for d in four)
    with pytest.raises(ValueError):
        spread_dates(TERM.start, TERM.end, 0)


def test_dates_in_a_term() -> None:
    listed = [D(2021, 3, 3), D(2020, 8, 31), D(2020, 9, 9), D(2021, 3, 3), D(2020, 10, 1)]
    assert dates_in(TERM, listed, skip=[D(2020, 10, 1)]) == [D(2020, 9, 9), D(2021, 3, 3)]
