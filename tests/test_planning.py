"""The term calendar: cadence helper, merging plan and records, conflicts, table, JSON, .ics."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest

from yanxiu_core import Activity, DateRange, PlannedSession, Term, every_n_weeks
from yanxiu_core.planning import (
    ConflictKind,
    EntryStatus,
    Plan,
    collect_plan,
    find_conflicts,
    ics_escape,
    ics_fold,
    plan_to_json,
    render_ics,
    render_plan_table,
)
from yanxiu_core.toolkit import cadence_dates, report_date, text_table, text_width

D = dt.date
T = dt.time
START, END = T(15, 30), T(17, 0)


def session(day: D, title: str = "讲座", program: str = "p1", start: T | None = START,
            end: T | None = END, place: str = "报告厅", speaker: str = "") -> PlannedSession:
    return PlannedSession(date=day, title=title, program=program, start=start, end=end,
                          kind="讲座", place=place, speaker=speaker, note="第 1 讲")


def activity(aid: str, day: D, start: T = START, end: T | None = END,
             program: str | None = "p1", place: str = "报告厅", speaker: str = "",
             title: str = "已举行的讲座", minutes: int = 0) -> Activity:
    return Activity(
        id=aid, kind="讲座", title=title, start=dt.datetime.combine(day, start),
        end=dt.datetime.combine(day, end) if end else None, program=program, place=place,
        speaker=speaker, minutes=minutes,
    )


# -- cadence ------------------------------------------------------------------------------
def test_every_n_weeks_starts_on_first_weekday_and_keeps_rhythm_over_skips() -> None:
    # 2020-09-01 is a Tuesday; Wednesday = 3 → 09-02, then every two weeks.
    days = every_n_weeks(D(2020, 9, 1), D(2020, 10, 31), weekday=3, n=2,
                         skip={D(2020, 9, 30)})
    assert days == [D(2020, 9, 2), D(2020, 9, 16), D(2020, 10, 14), D(2020, 10, 28)]
    assert all(d.isoweekday() == 3 for d in days)


def test_every_n_weeks_includes_end_and_rejects_bad_arguments() -> None:
    assert every_n_weeks(D(2021, 1, 4), D(2021, 1, 18), 1, 1) == [
        D(2021, 1, 4), D(2021, 1, 11), D(2021, 1, 18)]
    assert every_n_weeks(D(2021, 1, 5), D(2021, 1, 10), 1, 1) == []
    with pytest.raises(ValueError, match="weekday"):
        every_n_weeks(D(2021, 1, 4), D(2021, 2, 1), 0, 1)
    with pytest.raises(ValueError, match="n must"):
        every_n_weeks(D(2021, 1, 4), D(2021, 2, 1), 1, 0)


def test_cadence_dates_skips_ranges_holidays_and_stays_in_term() -> None:
    term = Term("t", D(2020, 9, 1), D(2020, 10, 31))
    days = cadence_dates(term, weekday=3, every_weeks=1, first=D(2020, 9, 9),
                         skip=[D(2020, 9, 16)],
                         skip_ranges=[DateRange(D(2020, 9, 28), D(2020, 10, 8))],
                         holidays=[D(2020, 10, 21)])
    assert days == [D(2020, 9, 9), D(2020, 9, 23), D(2020, 10, 14), D(2020, 10, 28)]


def test_date_range_rejects_end_before_start() -> None:
    with pytest.raises(ValueError, match="'end'"):
        DateRange(D(2021, 2, 1), D(2021, 1, 1))
    assert len(DateRange(D(2021, 1, 30), D(2021, 2, 2)).days()) == 4


def test_report_date_is_capped_at_term_end() -> None:
    term = Term("t", D(2020, 9, 1), D(2021, 8, 31))
    assert report_date(term, today=D(2022, 1, 1)) == D(2021, 8, 31)
    assert report_date(term, today=D(2021, 1, 1)) == D(2021, 1, 1)
    assert report_date(term, as_of=D(2020, 12, 1), today=D(2022, 1, 1)) == D(2020, 12, 1)


# -- merging and conflicts ----------------------------------------------------------------
def test_planned_session_held_by_activity_of_same_program_and_day() -> None:
    plan = collect_plan(
        [session(D(2020, 9, 9)), session(D(2020, 9, 23))],
        [activity("L01", D(2020, 9, 9), speaker="张教授"),
         activity("X1", D(2020, 9, 10), program=None, place="会议室")],
    )
    by_date = {e.date: e for e in plan.entries}
    held = by_date[D(2020, 9, 9)]
    assert held.status is EntryStatus.HELD
    assert (held.activity_id, held.title, held.speaker, held.note) == (
        "L01", "已举行的讲座", "张教授", "第 1 讲")
    assert by_date[D(2020, 9, 23)].status is EntryStatus.PLANNED
    school_wide = by_date[D(2020, 9, 10)]
    assert school_wide.status is EntryStatus.RECORDED and school_wide.program is None
    assert plan.conflicts == ()
    assert [e.date for e in plan.entries] == sorted(e.date for e in plan.entries)


def test_activity_of_another_program_is_not_taken_as_held() -> None:
    plan = collect_plan([session(D(2020, 9, 9))],
                        [activity("W1", D(2020, 9, 9), program="p2", place="工作室")])
    assert {e.status for e in plan.entries} == {EntryStatus.PLANNED, EntryStatus.RECORDED}


def test_same_place_overlap_is_a_conflict_but_back_to_back_is_not() -> None:
    plan = collect_plan(
        [session(D(2020, 9, 9), place="学术 报告厅")],
        [activity("T1", D(2020, 9, 9), start=T(16, 0), end=T(17, 30), program=None,
                  place="学术报告厅", title="师德学习"),
         activity("T2", D(2020, 9, 9), start=T(17, 30), end=T(18, 0), program=None,
                  place="学术报告厅", title="紧接着的会议")],
    )
    assert len(plan.conflicts) == 1
    c = plan.conflicts[0]
    assert c.kind is ConflictKind.PLACE
    assert {c.first.title, c.second.title} == {"讲座", "师德学习"}
    assert "2020-09-09" in str(c) and "同时在" in str(c) and "活动 T1" in str(c)


def test_same_speaker_in_overlapping_entries_is_a_conflict() -> None:
    entries = collect_plan(
        [session(D(2020, 9, 9), speaker="林文博")],
        [activity("B1", D(2020, 9, 9), start=T(16, 30), end=T(17, 30), program=None,
                  place="语文组办公室", speaker="钱晓燕、林文博")],
    ).entries
    conflicts = find_conflicts(entries)
    assert [(c.kind, c.detail) for c in conflicts] == [(ConflictKind.SPEAKER, "林文博")]
    assert "主讲人 林文博" in str(conflicts[0])


def test_different_places_and_days_do_not_conflict() -> None:
    plan = collect_plan(
        [session(D(2020, 9, 9), place="A", speaker="甲"),
         session(D(2020, 9, 16), place="A", speaker="甲")],
        [activity("Y", D(2020, 9, 9), program=None, place="B", speaker="乙")],
    )
    assert plan.conflicts == ()


def test_untimed_entry_spans_the_day_and_activity_end_falls_back_to_minutes() -> None:
    plan = collect_plan(
        [session(D(2020, 9, 9), start=None, end=None, place="礼堂")],
        [activity("A", D(2020, 9, 9), start=T(9, 0), end=None, program=None, place="礼堂",
                  minutes=90)],
    )
    assert len(plan.conflicts) == 1
    recorded = next(e for e in plan.entries if e.activity_id == "A")
    assert recorded.end == T(10, 30)


# -- output -------------------------------------------------------------------------------
def sample_plan() -> Plan:
    return collect_plan(
        [session(D(2020, 9, 9), title="大讲座", speaker="张教授"),
         session(D(2020, 9, 23), title="第二讲", start=None, end=None)],
        [activity("T1", D(2020, 9, 14), program=None, place="会议室", title="师德学习")],
    )


def test_plan_to_json_round_trips_through_json() -> None:
    data = json.loads(json.dumps(plan_to_json(sample_plan()), ensure_ascii=False))
    assert [e["date"] for e in data["entries"]] == ["2020-09-09", "2020-09-14", "2020-09-23"]
    first = data["entries"][0]
    assert (first["start"], first["end"], first["status"], first["speaker"]) == (
        "15:30", "17:00", "计划", "张教授")
    assert data["entries"][1]["program"] is None
    assert data["entries"][2]["start"] is None
    assert data["conflicts"] == []


def test_plan_to_json_lists_conflicts_with_message() -> None:
    plan = collect_plan([session(D(2020, 9, 9)), session(D(2020, 9, 9), program="p2")], [])
    (c,) = plan_to_json(plan)["conflicts"]
    assert c["kind"] == "同时同地" and c["detail"] == "报告厅" and "报告厅" in c["message"]
    assert len(c["entries"]) == 2


def test_render_plan_table_aligns_chinese_columns() -> None:
    text = render_plan_table(sample_plan())
    lines = text.splitlines()
    assert lines[0].split() == ["日期", "星期", "时间", "项目", "类型", "主题", "地点", "主讲人",
                                "状态"]
    rows = lines[2:5]
    # every row's 主题 column starts at the same display column as the header's
    col = text_width(lines[0][: lines[0].index("主题")])
    for row, title in zip(rows, ["大讲座", "师德学习", "第二讲"], strict=True):
        assert text_width(row[: row.index(title)]) == col
    assert "全校" in rows[1] and "全天" in rows[2] and "星期三" in rows[0]
    assert lines[-1] == "共 3 项：计划 2，已举行 0，已记录 1；冲突 0 处"


def test_text_table_pads_by_display_width() -> None:
    out = text_table(("名", "x"), [("张三", "1"), ("ab", "2")]).splitlines()
    assert out[2] == "张三  1" and out[3] == "ab    2"


def test_ics_escape_and_fold() -> None:
    assert ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "童化作文" * 20
    folded = ics_fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
    assert ics_fold("SHORT:abc") == "SHORT:abc"


def long_title_plan() -> Plan:
    title = "名家思想：" + "儿童写作心理与习作指导，兼谈童化作文；" * 4
    return collect_plan(
        [PlannedSession(date=D(2020, 9, 9), title=title, program="p1", start=T(15, 30),
                        end=T(17, 0), kind="名家思想", place="学术报告厅",
                        speaker="某师范大学 张教授", note="第 1 讲\n请提前入场"),
         PlannedSession(date=D(2020, 9, 23), title="全天研修", program="p1")],
        [],
    )


def test_render_ics_is_valid_rfc5545() -> None:
    stamp = dt.datetime(2020, 8, 1, 8, 0, tzinfo=dt.UTC)
    text = render_ics(long_title_plan(), "城南实验小学", stamp=stamp)
    assert text.endswith("\r\n")
    raw_lines = text.split("\r\n")[:-1]
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode("utf-8")) <= 75 for line in raw_lines)
    assert any(line.startswith(" ") for line in raw_lines)  # something was folded
    for line in raw_lines:  # no character was split across a fold
        line.encode("utf-8").decode("utf-8")

    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0"
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2
    first, second = events
    assert str(first["SUMMARY"]) == long_title_plan().entries[0].title
    assert str(first["LOCATION"]) == "学术报告厅"
    assert "请提前入场" in str(first["DESCRIPTION"]) and "\n" in str(first["DESCRIPTION"])
    start = first.decoded("DTSTART")
    assert start.replace(tzinfo=None) == dt.datetime(2020, 9, 9, 15, 30)
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert first.decoded("DTEND").replace(tzinfo=None) == dt.datetime(2020, 9, 9, 17, 0)
    assert first.decoded("DTSTAMP") == stamp
    assert second.decoded("DTSTART") == D(2020, 9, 23)
    assert second.decoded("DTEND") == D(2020, 9, 24)
    assert len({str(e["UID"]) for e in events}) == 2
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_render_ics_uids_are_stable_and_school_specific() -> None:
    stamp = dt.datetime(2020, 8, 1, tzinfo=dt.UTC)
    uids = [line for line in render_ics(long_title_plan(), "甲校", stamp).split("\r\n")
            if line.startswith("UID:")]
    again = [line for line in render_ics(long_title_plan(), "甲校", stamp).split("\r\n")
             if line.startswith("UID:")]
    other = [line for line in render_ics(long_title_plan(), "乙校", stamp).split("\r\n")
             if line.startswith("UID:")]
    assert uids == again and set(uids).isdisjoint(other)


def test_held_session_keeps_the_uid_of_its_plan() -> None:
    s = session(D(2020, 9, 9))
    planned = collect_plan([s], []).entries[0]
    held = collect_plan([s], [activity("L01", D(2020, 9, 9), start=T(16, 0))]).entries[0]
    assert held.status is EntryStatus.HELD and held.key == planned.key
