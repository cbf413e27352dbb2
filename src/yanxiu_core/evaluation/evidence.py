"""Evidence ids made readable: ``activity:L01`` → ``2020-09-09《陶行知教育思想与今日课堂》``.

Indicators and summative items name the records behind them by id (see
:class:`~yanxiu_core.program.IndicatorValue`): ``activity:<id>`` and ``attendance:<activity id>``
(an activity, or the teacher's attendance of it), ``artifact:<n>``, ``assessment:<n>``,
``award:<n>`` and ``<program>.<kind>:<n>`` (a record of a kind a program declared). An
:class:`EvidenceIndex` reads each kind of record once, when first asked, and describes an id as
a person would write it; an id it cannot find is ``记录 <id>``, never an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..model import Activity, AttendanceStatus, ProgramRecord
from ..program import RecordKind
from ..records import Records
from ..toolkit import book_title

UNKNOWN = "记录 {id}"
SKIPPED_FIELDS = ("teacher_id", "date")
"""Program record fields a description leaves out (the teacher is known; the date leads)."""


def _day(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day is not None else ""


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _number(value: float) -> str:
    return f"{value:g}"


class EvidenceIndex:
    """Describes the evidence ids of one school's records for one term.

    ``record_kinds`` maps ``(program id, kind name)`` to the kind a program declared (its title
    and fields name a program record); ``program_titles`` maps a program id to how the school
    names the instance. Both are optional.
    """

    def __init__(self, records: Records, *,
                 record_kinds: Mapping[tuple[str, str], RecordKind] | None = None,
                 program_titles: Mapping[str, str] | None = None) -> None:
        self._records = records
        self._kinds = dict(record_kinds or {})
        self._titles = dict(program_titles or {})
        self._cache: dict[str, Any] = {}

    def _once(self, name: str, load: Callable[[], Any]) -> Any:
        if name not in self._cache:
            self._cache[name] = load()
        return self._cache[name]

    def _activities(self) -> dict[str, Activity]:
        found: dict[str, Activity] = self._once(
            "activities", lambda: {a.id: a for a in self._records.activities()})
        return found

    def _status(self, activity_id: str, teacher_id: str) -> AttendanceStatus | None:
        rows = self._once("attendance", lambda: {(r.activity_id, r.teacher_id): r.status
                                                 for r in self._records.attendance()})
        status: AttendanceStatus | None = rows.get((activity_id, teacher_id))
        return status

    def _by_id(self, name: str, load: Callable[[], Iterable[Any]]) -> dict[int, Any]:
        found: dict[int, Any] = self._once(name, lambda: {r.id: r for r in load()})
        return found

    def describe(self, evidence_id: str, teacher_id: str | None = None) -> str:
        """One id as text; with ``teacher_id``, an attendance id also says how that teacher
        attended when it was not 出席 (``…《…》（缺席）``)."""
        prefix, sep, key = evidence_id.partition(":")
        text = self._describe(prefix, key, teacher_id) if sep and key else None
        return text or UNKNOWN.format(id=evidence_id)

    def describe_all(self, evidence_ids: Iterable[str], teacher_id: str | None = None, *,
                     chronological: bool = False) -> list[str]:
        """Each id described once (a repeated id is dropped; two records that read alike are
        both kept); with ``chronological``, dated records in date order first, then the others."""
        texts = [self.describe(e, teacher_id) for e in dict.fromkeys(evidence_ids)]
        if chronological:
            texts.sort(key=lambda t: (not t[:4].isdigit(), t[:10] if t[:4].isdigit() else ""))
        return texts

    def _describe(self, prefix: str, key: str, teacher_id: str | None) -> str | None:
        if prefix in ("activity", "attendance"):
            activity = self._activities().get(key)
            if activity is None:
                return None
            text = f"{_day(activity.date)}{book_title(activity.title or activity.kind)}"
            status = self._status(key, teacher_id) if teacher_id and prefix == "attendance" else None
            if status is not None and status != AttendanceStatus.PRESENT:
                text += f"（{status.value}）"
            return text
        try:
            number = int(key)
        except ValueError:
            return None
        if prefix == "artifact":
            art = self._by_id("artifacts", self._records.artifacts).get(number)
            if art is None:
                return None
            named = art.title if art.title.startswith(art.kind) else f"{art.kind}{book_title(art.title)}"
            return _joined(_day(art.date), named)
        if prefix == "assessment":
            a = self._by_id("assessments", self._records.assessments).get(number)
            if a is None:
                return None
            return _joined(_day(a.date), f"{a.name}（{_number(a.score)}/{_number(a.full_marks)}分）")
        if prefix == "award":
            w = self._by_id("awards", self._records.awards).get(number)
            return None if w is None else _joined(_day(w.date), f"{w.level}“{w.title}”{w.rank}")
        program, dot, kind = prefix.partition(".")
        if dot and program and kind:
            found = self._by_id(prefix, lambda: self._records.program_records(program, kind))
            record = found.get(number)
            return None if record is None else self._program_record(record)
        return None

    def _program_record(self, record: ProgramRecord) -> str:
        kind = self._kinds.get((record.program, record.kind))
        title = kind.title if kind is not None else (
            f"{self._titles.get(record.program, record.program)}记录")
        headers = {f.name: f.headers[0] for f in kind.fields} if kind is not None else {}
        names = [f.name for f in kind.fields] if kind is not None else list(record.values)
        parts = []
        for name in names:
            value = record.values.get(name)
            if name in SKIPPED_FIELDS or value is None or value == "":
                continue
            if isinstance(value, bool):
                parts.append(f"{headers.get(name, name)}{'是' if value else '否'}")
            elif isinstance(value, int | float):
                parts.append(f"{headers.get(name, name)}{_number(value)}")
            elif isinstance(value, dt.date):
                parts.append(f"{headers.get(name, name)}{_day(value)}")
            else:
                parts.append(str(value))
        return _joined(_day(record.date), title + ("：" + "，".join(parts) if parts else ""))
