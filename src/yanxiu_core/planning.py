"""The school's calendar for a term: programs' planned sessions merged with recorded activities,
checked for conflicts, and written as a text table, JSON, spreadsheet rows (CSV, xlsx) or an
iCalendar (RFC 5545) file.

A planned session and a recorded activity of the same program on the same day are one entry (the
session was held); the recorded values win, the plan's note is kept. Everything else stays a
separate entry, so the calendar shows what is planned, what was held and what happened outside
any plan.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .model import Activity
from .program import PlannedSession
from .toolkit import text_table, weekday_name


class EntryStatus(enum.StrEnum):
    PLANNED = "计划"  # planned, no record yet
    HELD = "已举行"  # planned and recorded
    RECORDED = "已记录"  # recorded, not from a plan


@attrs.frozen
class PlanEntry:
    """One dated entry of the calendar. ``program`` is a program instance id, or ``None`` for a
    school-wide activity; ``key`` identifies the entry across exports (the iCalendar UID)."""

    date: dt.date
    title: str
    program: str | None
    status: EntryStatus
    key: str
    start: dt.time | None = None
    end: dt.time | None = None
    kind: str = ""
    place: str = ""
    speaker: str = ""
    note: str = ""
    activity_id: str | None = None

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start or dt.time(0, 0))

    @property
    def end_at(self) -> dt.datetime:
        """End of the entry's time span; an untimed entry spans the whole day, and an entry
        without a later end lasts one minute (so it still overlaps what runs at that time)."""
        if self.start is None:
            return dt.datetime.combine(self.date + dt.timedelta(days=1), dt.time(0, 0))
        end = dt.datetime.combine(self.date, self.end) if self.end else self.start_at
        return max(end, self.start_at + dt.timedelta(minutes=1))

    def label(self) -> str:
        """Short Chinese reference: ``“主题”（p1，活动 A01）``."""
        where = [p for p in (self.program, f"活动 {self.activity_id}" if self.activity_id else "")
                 if p]
        return f"“{self.title}”" + (f"（{'，'.join(where)}）" if where else "")


class ConflictKind(enum.StrEnum):
    PLACE = "同时同地"
    SPEAKER = "主讲人冲突"


@attrs.frozen
class Conflict:
    """Two entries that cannot both happen: same place or same speaker at overlapping times."""

    kind: ConflictKind
    first: PlanEntry
    second: PlanEntry
    detail: str  # the shared place or speaker

    def __str__(self) -> str:
        a, b = self.first, self.second
        when = f"{a.date.isoformat()} {_time_span(a)}"
        if self.kind is ConflictKind.PLACE:
            return f"{when}：{a.label()} 与 {b.label()} 同时在 {self.detail}"
        return f"{when}：主讲人 {self.detail} 同时出现在 {a.label()} 与 {b.label()}"


@attrs.frozen
class Plan:
    """The calendar of a term: entries by start time, and the conflicts among them."""

    entries: tuple[PlanEntry, ...]
    conflicts: tuple[Conflict, ...] = ()


# -- building -------------------------------------------------------------------------------
def _activity_times(a: Activity) -> tuple[dt.time, dt.time | None]:
    if a.end is not None:
        end: dt.datetime | None = a.end
    elif a.minutes > 0:
        end = a.start + dt.timedelta(minutes=a.minutes)
    else:
        end = None
    if end is not None and end.date() != a.start.date():
        end = None  # spans midnight: keep the start, the calendar entry ends with the day
    return a.start.time(), None if end is None else end.time()


def _from_activity(a: Activity, status: EntryStatus, key: str,
                   planned: PlannedSession | None = None) -> PlanEntry:
    start, end = _activity_times(a)
    return PlanEntry(
        date=a.date, title=a.title or (planned.title if planned else ""), program=a.program,
        status=status, key=key, start=start, end=end,
        kind=a.kind or (planned.kind if planned else ""),
        place=a.place or (planned.place if planned else ""),
        speaker=a.speaker or (planned.speaker if planned else ""),
        note=planned.note if planned else "", activity_id=a.id,
    )


def _from_session(s: PlannedSession, key: str) -> PlanEntry:
    return PlanEntry(date=s.date, title=s.title, program=s.program, status=EntryStatus.PLANNED,
                     key=key, start=s.start, end=s.end, kind=s.kind, place=s.place,
                     speaker=s.speaker, note=s.note)


def _overlaps_session(a: Activity, s: PlannedSession) -> bool:
    if s.start is None:
        return True
    start, end = _activity_times(a)
    s_end = s.end or s.start
    return start <= s_end and (end or start) >= s.start


def _match_score(a: Activity, s: PlannedSession) -> int:
    """How well a recorded activity fits a planned session of its program and date: the same
    主讲人 counts most, then the 组 or title the session names (``语文组集体备课`` for an activity
    whose 负责人 is 语文组), then the place, then overlapping times. Two sessions of a program on
    one day (two 组, two lectures) are told apart by these."""
    score = 0
    if s.speaker and a.speaker and _speakers(s.speaker) & _speakers(a.speaker):
        score += 8
    title, planned = _norm(a.title), _norm(s.title)
    if (a.leader and _norm(a.leader) in planned) or (title and planned and (
            title in planned or planned in title)):
        score += 4
    if s.place and a.place and _norm(s.place) == _norm(a.place):
        score += 2
    if _overlaps_session(a, s):
        score += 1
    return score


def collect_plan(sessions: Iterable[PlannedSession], activities: Iterable[Activity]) -> Plan:
    """Merge planned sessions with recorded activities and find the conflicts.

    A session is *held* by an activity of the same program on the same date — of several, the
    one that fits best (:func:`_match_score`: speaker, 组 or title, place, time); each activity
    holds at most one session.
    """
    pending: dict[tuple[str, dt.date], list[Activity]] = {}
    all_activities = sorted(activities, key=lambda a: (a.start, a.id))
    for a in all_activities:
        if a.program is not None:
            pending.setdefault((a.program, a.date), []).append(a)
    used: set[str] = set()
    keys: dict[str, int] = {}
    entries: list[PlanEntry] = []
    for s in sorted(sessions, key=lambda s: (s.date, s.start or dt.time(0), s.program, s.title)):
        base = f"plan:{s.program}:{s.date.isoformat()}:{s.start.isoformat() if s.start else ''}"
        keys[base] = keys.get(base, 0) + 1
        key = base if keys[base] == 1 else f"{base}:{keys[base]}"
        candidates = [a for a in pending.get((s.program, s.date), []) if a.id not in used]
        match = max(candidates, key=lambda a: _match_score(a, s), default=None)
        if match is None:
            entries.append(_from_session(s, key))
        else:
            used.add(match.id)
            entries.append(_from_activity(match, EntryStatus.HELD, key, planned=s))
    for a in all_activities:
        if a.id not in used:
            entries.append(_from_activity(a, EntryStatus.RECORDED, f"activity:{a.id}"))
    entries.sort(key=lambda e: (e.start_at, e.end_at, e.program or "", e.title, e.key))
    return Plan(entries=tuple(entries), conflicts=tuple(find_conflicts(entries)))


# -- conflicts ------------------------------------------------------------------------------
_SPEAKER_SPLIT = re.compile(r"[、,，;；/|]+")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _speakers(text: str) -> set[str]:
    return {_norm(p) for p in _SPEAKER_SPLIT.split(text) if _norm(p)}


def find_conflicts(entries: Iterable[PlanEntry]) -> list[Conflict]:
    """Pairs of overlapping entries at the same (non-empty) place, or with a speaker in common.

    Places and speakers are compared ignoring blanks; a speaker cell may name several people
    separated by ``、`` ``,`` ``;`` ``/``.
    """
    ordered = sorted(entries, key=lambda e: (e.start_at, e.end_at, e.key))
    found: list[Conflict] = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.start_at >= a.end_at:
                break  # sorted by start: nothing later overlaps a
            place = _norm(a.place)
            if place and place == _norm(b.place):
                found.append(Conflict(ConflictKind.PLACE, a, b, a.place.strip()))
            for name in sorted(_speakers(a.speaker) & _speakers(b.speaker)):
                found.append(Conflict(ConflictKind.SPEAKER, a, b, name))
    return found


# -- output ---------------------------------------------------------------------------------
def _time_span(e: PlanEntry) -> str:
    if e.start is None:
        return "全天"
    return e.start.strftime("%H:%M") + (f"–{e.end.strftime('%H:%M')}" if e.end else "")


def _entry_json(e: PlanEntry) -> dict[str, Any]:
    return {
        "date": e.date.isoformat(),
        "start": e.start.strftime("%H:%M") if e.start else None,
        "end": e.end.strftime("%H:%M") if e.end else None,
        "program": e.program,
        "kind": e.kind,
        "title": e.title,
        "place": e.place,
        "speaker": e.speaker,
        "note": e.note,
        "status": str(e.status),
        "activity_id": e.activity_id,
        "key": e.key,
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data: ``entries`` and ``conflicts`` (with a Chinese ``message``)."""
    return {
        "entries": [_entry_json(e) for e in plan.entries],
        "conflicts": [
            {"kind": str(c.kind), "detail": c.detail, "message": str(c),
             "entries": [c.first.key, c.second.key]}
            for c in plan.conflicts
        ],
    }


PLAN_COLUMNS = ("日期", "星期", "时间", "项目", "类型", "主题", "地点", "主讲人", "状态")


def _program_label(program: str | None, titles: Mapping[str, str]) -> str:
    return "全校" if program is None else titles.get(program, program)


def render_plan_table(plan: Plan, titles: Mapping[str, str] | None = None) -> str:
    """The plan as an aligned text table with Chinese headers and a count line; ``titles`` maps
    program instance ids to the names shown."""
    rows = [
        (e.date.isoformat(), weekday_name(e.date), _time_span(e),
         _program_label(e.program, titles or {}),
         e.kind, e.title, e.place, e.speaker, str(e.status))
        for e in plan.entries
    ]
    counts = {s: sum(1 for e in plan.entries if e.status is s) for s in EntryStatus}
    summary = (f"共 {len(plan.entries)} 项：计划 {counts[EntryStatus.PLANNED]}，"
               f"已举行 {counts[EntryStatus.HELD]}，已记录 {counts[EntryStatus.RECORDED]}；"
               f"冲突 {len(plan.conflicts)} 处")
    return text_table(PLAN_COLUMNS, rows) + "\n\n" + summary


PLAN_SHEET_COLUMNS = ("日期", "星期", "开始", "结束", "项目", "主题", "类型", "地点", "主讲人", "备注",
                      "状态")
CONFLICT_COLUMNS = ("日期", "时间", "冲突类型", "说明")


def plan_rows(plan: Plan, titles: Mapping[str, str] | None = None) -> list[list[Any]]:
    """The entries as spreadsheet rows in :data:`PLAN_SHEET_COLUMNS`: the date a ``date``, start
    and end ``time`` (``None`` when untimed), the rest text as recorded."""
    return [[e.date, weekday_name(e.date), e.start, e.end, _program_label(e.program, titles or {}),
             e.title, e.kind, e.place, e.speaker, e.note, str(e.status)]
            for e in plan.entries]


def conflict_rows(plan: Plan) -> list[list[Any]]:
    """The conflicts as spreadsheet rows in :data:`CONFLICT_COLUMNS`."""
    return [[c.first.date, _time_span(c.first), str(c.kind), str(c)] for c in plan.conflicts]


# -- iCalendar (RFC 5545) -------------------------------------------------------------------
TZID = "Asia/Shanghai"
_VTIMEZONE = (
    "BEGIN:VTIMEZONE", f"TZID:{TZID}", "BEGIN:STANDARD", "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE",
)


# What a TEXT value may not hold (RFC 5545 §3.3.11: CONTROL is %x00-08 / %x0A-1F / %x7F): the C0
# controls other than tab and the line breaks (which become ``\n``), DEL, the C1 controls, and the
# bidirectional embeddings, overrides and isolates that make a title display in another order.
_ICS_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # cannot be written as UTF-8


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, ``;``, ``,`` and line breaks (``\\n``);
    control characters removed, a tab written as a space, an unpaired surrogate as U+FFFD."""
    text = _SURROGATE.sub("\ufffd", _ICS_CONTROL.sub("", text)).replace("\t", " ")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", "\\\\n", text)


def ics_fold(line: str, limit: int = 75) -> str:
    """Fold a content line into lines of at most ``limit`` octets of UTF-8 (RFC 5545 §3.1),
    never splitting a character; continuation lines start with one space (which counts)."""
    if len(line.encode("utf-8")) <= limit:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, room = 0, limit
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > room:
            parts.append("".join(current))
            current, size, room = [], 0, limit - 1
        current.append(ch)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _ics_datetime(day: dt.date, time: dt.time) -> str:
    return dt.datetime.combine(day, time).strftime("%Y%m%dT%H%M%S")


def _event(e: PlanEntry, school_name: str, stamp: str, titles: Mapping[str, str]) -> list[str]:
    # surrogatepass: the same bytes as UTF-8 for every real text, and no error on a lone surrogate
    uid = hashlib.sha1(f"{school_name}\n{e.key}".encode("utf-8", "surrogatepass")).hexdigest()[:24]
    lines = ["BEGIN:VEVENT", f"UID:{uid}@yanxiu", f"DTSTAMP:{stamp}"]
    if e.start is None:
        lines += [f"DTSTART;VALUE=DATE:{e.date.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(e.date + dt.timedelta(days=1)).strftime('%Y%m%d')}"]
    else:
        end = e.end_at
        lines += [f"DTSTART;TZID={TZID}:{_ics_datetime(e.date, e.start)}",
                  f"DTEND;TZID={TZID}:{_ics_datetime(end.date(), end.time())}"]
    lines.append(f"SUMMARY:{ics_escape(e.title)}")
    if e.place:
        lines.append(f"LOCATION:{ics_escape(e.place)}")
    details = [("项目", _program_label(e.program, titles)), ("类型", e.kind), ("主讲人", e.speaker),
               ("状态", str(e.status)), ("活动编号", e.activity_id or ""), ("备注", e.note)]
    lines.append("DESCRIPTION:" + ics_escape("\n".join(f"{k}：{v}" for k, v in details if v)))
    if e.kind:
        lines.append(f"CATEGORIES:{ics_escape(e.kind)}")
    lines.append("END:VEVENT")
    return lines


def render_ics(plan: Plan, school_name: str, stamp: dt.datetime | None = None,
               titles: Mapping[str, str] | None = None) -> str:
    """The plan as an iCalendar file: one VEVENT per entry, times in Asia/Shanghai (with its
    VTIMEZONE), stable UIDs (re-importing updates events instead of duplicating them), CRLF line
    ends and lines folded at 75 octets. ``stamp`` (DTSTAMP, UTC) defaults to now."""
    moment = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    stamp_text = moment.strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//yanxiu//研修计划//ZH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{ics_escape(school_name + ' 研修计划')}", f"X-WR-TIMEZONE:{TZID}",
             *_VTIMEZONE]
    for e in plan.entries:
        lines += _event(e, school_name, stamp_text, titles or {})
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
