"""The core's Cadence: the four rhythms, skips and holidays, the phrase a 方案 uses, flat keys —
and every first-party program with a schedule planning on it (a monthly cadence for each)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from yanxiu_core import Cadence, ConfigError, DateRange, MemoryRecords, Teacher, Term, cadence_of
from yanxiu_core.testing import make_context

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))


def test_every_n_weeks_keeps_the_rhythm_over_holidays_and_breaks() -> None:
    c = Cadence(weekday=3, every_weeks=2, first_date=D(2020, 9, 9))
    days = c.dates_in(TERM, holidays=[D(2020, 10, 7)],
                      skip_ranges=[DateRange(D(2021, 1, 25), D(2021, 2, 28))])
    assert days[:3] == [D(2020, 9, 9), D(2020, 9, 23), D(2020, 10, 21)]  # 10-07 left out
    assert D(2021, 2, 10) not in days and D(2021, 3, 10) in days  # the rhythm holds after the break
    assert all(d.isoweekday() == 3 for d in days)
    assert c.describe() == "每两周星期三" and c.mode == "weekly"


def test_monthly_first_and_last() -> None:
    first = Cadence(weekday=3, nth=1).dates_in(TERM, skip=[D(2020, 10, 7)])
    assert first[:3] == [D(2020, 9, 2), D(2020, 11, 4), D(2020, 12, 2)]  # October's was skipped
    last = Cadence(weekday=5, nth=-1).dates_in(TERM)
    assert last[0] == D(2020, 9, 25) and len(last) == 12
    assert Cadence(weekday=5, nth=-1).describe() == "每月最后一个星期五"
    assert Cadence(weekday=3, nth=1).describe() == "每月第一个星期三"


def test_n_per_term_and_fixed_dates() -> None:
    spread = Cadence(weekday=3, per_term=6).dates_in(TERM)
    assert len(spread) == 6 and all(d.isoweekday() == 3 for d in spread)
    assert spread == sorted(spread) and TERM.contains(spread[0]) and TERM.contains(spread[-1])
    assert Cadence(per_term=6).describe() == "每学年6次（星期三）"
    fixed = Cadence(dates=(D(2020, 9, 16), D(2022, 1, 5), D(2020, 9, 16), D(2020, 10, 1)))
    assert fixed.dates_in(TERM, holidays=[D(2020, 10, 1)]) == [D(2020, 9, 16)]  # outside, twice
    assert fixed.describe() == "按确定的日期（共4次）" and fixed.mode == "dates"
    # the first rhythm set wins: dates, then nth, then per_term, then every_weeks
    assert Cadence(nth=1, per_term=3, every_weeks=2).mode == "monthly"
    assert Cadence(every_weeks=0).dates_in(TERM) == [] and Cadence(every_weeks=0).describe() == ""


@pytest.mark.parametrize(("values", "word"), [
    ({"weekday": 8}, "weekday"), ({"nth": 6}, "nth"), ({"every_weeks": -1}, "every_weeks"),
    ({"per_term": -2}, "per_term"), ({"start": dt.time(17), "end": dt.time(16)}, "end")])
def test_invalid_values_name_the_field(values: dict[str, object], word: str) -> None:
    with pytest.raises(ValueError, match=word):
        Cadence(**values)  # type: ignore[arg-type]


def test_flat_keys() -> None:
    @attrs.frozen
    class Flat:
        weekday: int = 4
        every_weeks: int = 2
        nth: int = 0
        place: str = "会议室"

    c = cadence_of(Flat(), end=dt.time(16, 30))
    assert (c.weekday, c.every_weeks, c.place, c.end) == (4, 2, "会议室", dt.time(16, 30))


# -- every program with a schedule plans on the core's cadence --------------------------------
def _records() -> MemoryRecords:
    teachers = [Teacher("T1", "甲老师", subject="语文", group="语文组"),
                Teacher("T2", "乙老师", subject="语文", group="语文组")]
    return MemoryRecords(TERM).add(teachers)


MONTHLY = [D(2020, 9, 2), D(2020, 11, 4), D(2020, 12, 2)]  # first Wednesdays; 10-07 a holiday


@pytest.mark.parametrize(("plugin", "table"), [
    ("yanxiu_lecture", {"weekday": 3, "nth": 1}),
    ("yanxiu_workshop", {"weekday": 3, "nth": 1, "host": "T1", "members": ["T2"]}),
    ("yanxiu_ethics", {"weekday": 3, "nth": 1}),
    ("yanxiu_study", {"weekday": 3, "nth": 1}),
    ("yanxiu_jiti_beike", {"cadence": {"weekday": 3, "nth": 1}}),
])
def test_each_program_plans_a_monthly_cadence(plugin: str, table: dict[str, object]) -> None:
    module = __import__(plugin)
    found: list[object] = []
    module.yanxiu_program_types(register=found.append)
    (program,) = found
    ctx = make_context(program, table, _records(), TERM, holidays=(D(2020, 10, 7),))
    days = sorted({s.date for s in program.plan(ctx)})  # type: ignore[attr-defined]
    assert days[:3] == MONTHLY, plugin


def test_a_bad_cadence_key_is_located() -> None:
    import yanxiu_jiti_beike

    found: list[object] = []
    yanxiu_jiti_beike.yanxiu_program_types(register=found.append)
    with pytest.raises(ConfigError) as err:
        make_context(found[0], {"cadence": {"nth": 7}}, _records(), TERM,  # type: ignore[arg-type]
                     program_id="jtbk")
    assert "programs.jtbk.cadence.nth" in str(err.value)


def test_two_sessions_of_a_program_on_one_day_match_their_own_activity() -> None:
    from yanxiu_core import Activity, PlannedSession
    from yanxiu_core.planning import EntryStatus, collect_plan

    day = D(2020, 9, 15)
    at = dt.datetime.combine
    sessions = [PlannedSession(day, "语文组集体备课", "jtbk", dt.time(15, 30), dt.time(17)),
                PlannedSession(day, "数学组集体备课", "jtbk", dt.time(15, 30), dt.time(17)),
                PlannedSession(day, "大讲堂", "lecture", dt.time(15, 30), dt.time(17),
                               speaker="张教授")]
    # recorded in the "wrong" order, and the lecture's speaker decides between two lectures
    activities = [Activity("B2", "集体备课", "第1次集体备课", at(day, dt.time(15, 30)),
                           program="jtbk", leader="数学组"),
                  Activity("B1", "集体备课", "第1次集体备课", at(day, dt.time(15, 30)),
                           program="jtbk", leader="语文组"),
                  Activity("L0", "讲座", "另一场讲座", at(day, dt.time(15, 30)), program="lecture",
                           speaker="李老师"),
                  Activity("L1", "讲座", "名家讲座", at(day, dt.time(15, 30)), program="lecture",
                           speaker="张教授")]
    plan = collect_plan(sessions, activities)
    held = {e.key: e.activity_id for e in plan.entries if e.status is EntryStatus.HELD}
    recorded = {e.activity_id for e in plan.entries if e.status is EntryStatus.RECORDED}
    # sessions are keyed in (date, time, program, title) order: 数学组 before 语文组
    base = "plan:jtbk:2020-09-15:15:30:00"
    assert held == {base: "B2", f"{base}:2": "B1", "plan:lecture:2020-09-15:15:30:00": "L1"}
    assert recorded == {"L0"}
