"""An in-memory :class:`~yanxiu_core.records.Records`, for plugin tests and small tools.

It follows the same term-scoping rules as the store, so a plugin tested against it behaves the
same against real data.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    Award,
    ProgramRecord,
    Teacher,
    Term,
)
from .records import ANY, ActivityAttendance, AttendanceSummary


def _matches(record_program: str | None, program: str | None) -> bool:
    """The store's program filter: ``ANY`` matches everything; otherwise ``None`` and ``''``
    both mean school-wide, on either side (the store keeps a school-wide record's program as
    ``''`` and reads it back as ``None``)."""
    return program == ANY or (record_program or None) == (program or None)


@attrs.define
class MemoryRecords:
    """Records held in lists; only what falls in ``term`` is returned."""

    term: Term
    teacher_list: list[Teacher] = attrs.field(factory=list)
    activity_list: list[Activity] = attrs.field(factory=list)
    attendance_list: list[Attendance] = attrs.field(factory=list)
    artifact_list: list[Artifact] = attrs.field(factory=list)
    assessment_list: list[Assessment] = attrs.field(factory=list)
    program_record_list: list[ProgramRecord] = attrs.field(factory=list)
    award_list: list[Award] = attrs.field(factory=list)

    def teachers(self) -> list[Teacher]:
        return sorted(self.teacher_list, key=lambda t: t.id)

    def activities(self, program: str | None = ANY, kind: str | None = None) -> list[Activity]:
        found = [
            a
            for a in self.activity_list
            if self.term.contains(a.date)
            and _matches(a.program, program)
            and (kind is None or a.kind == kind)
        ]
        return sorted(found, key=lambda a: (a.start, a.id))

    def _activities_by_id(self, program: str | None) -> dict[str, Activity]:
        return {a.id: a for a in self.activities(program)}

    def attendance(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Attendance]:
        acts = self._activities_by_id(program)
        rows = [
            r
            for r in self.attendance_list
            if r.activity_id in acts and (teacher_id is None or r.teacher_id == teacher_id)
        ]
        return sorted(rows, key=lambda r: (r.activity_id, r.teacher_id))

    def activity_minutes(self, program: str | None = ANY) -> dict[str, int]:
        return {a.id: a.minutes for a in self.activities(program)}

    def artifacts(
        self,
        program: str | None = ANY,
        kind: str | None = None,
        teacher_id: str | None = None,
    ) -> list[Artifact]:
        found = [
            a
            for a in self.artifact_list
            if self.term.contains(a.date)
            and _matches(a.program, program)
            and (kind is None or a.kind == kind)
            and (teacher_id is None or a.teacher_id == teacher_id)
        ]
        return sorted(found, key=lambda a: (a.date, a.id))

    def assessments(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Assessment]:
        found = [
            a
            for a in self.assessment_list
            if (a.date is None or self.term.contains(a.date))
            and _matches(a.program, program)
            and (teacher_id is None or a.teacher_id == teacher_id)
        ]
        return sorted(found, key=lambda a: a.id)

    def awards(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Award]:
        found = [
            a
            for a in self.award_list
            if self.term.contains(a.date)
            and _matches(a.program, program)
            and (teacher_id is None or a.teacher_id == teacher_id)
        ]
        return sorted(found, key=lambda a: (a.date, a.id))

    def program_records(self, program: str, kind: str) -> list[ProgramRecord]:
        found = [
            r
            for r in self.program_record_list
            if r.program == program
            and r.kind == kind
            and (r.date is None or self.term.contains(r.date))
        ]
        return sorted(found, key=lambda r: r.id)

    def attendance_summary(self, program: str | None = ANY) -> dict[str, AttendanceSummary]:
        minutes_of = self.activity_minutes(program)
        totals: dict[str, list[int]] = {}
        for row in self.attendance(program):
            t = totals.setdefault(row.teacher_id, [0, 0, 0])
            t[0] += 1
            t[1] += int(row.status.attended)
            t[2] += row.credited_minutes(minutes_of[row.activity_id])
        return {
            tid: AttendanceSummary(tid, expected=e, attended=a, minutes=m)
            for tid, (e, a, m) in sorted(totals.items())
        }

    def activity_attendance(self, program: str | None = ANY) -> dict[str, ActivityAttendance]:
        minutes_of = self.activity_minutes(program)
        totals: dict[str, list[int]] = {}
        for row in self.attendance(program):
            t = totals.setdefault(row.activity_id, [0, 0, 0])
            t[0] += 1
            t[1] += int(row.status.attended)
            t[2] += row.credited_minutes(minutes_of[row.activity_id])
        return {
            aid: ActivityAttendance(aid, expected=e, attended=a, minutes=m)
            for aid, (e, a, m) in sorted(totals.items())
        }

    def minutes_by_category(self) -> dict[str, int]:
        acts = {a.id: a for a in self.activities()}
        totals: dict[str, int] = {}
        for row in self.attendance():
            act = acts[row.activity_id]
            key = act.credit_category
            totals[key] = totals.get(key, 0) + row.credited_minutes(act.minutes)
        return dict(sorted(totals.items()))

    def teacher_minutes_by_category(self) -> dict[str, dict[str, int]]:
        acts = {a.id: a for a in self.activities()}
        totals: dict[str, dict[str, int]] = {}
        for row in self.attendance():
            act = acts[row.activity_id]
            mine = totals.setdefault(row.teacher_id, {})
            key = act.credit_category
            mine[key] = mine.get(key, 0) + row.credited_minutes(act.minutes)
        return {tid: dict(sorted(cats.items())) for tid, cats in sorted(totals.items())}

    def add(self, *records: Iterable[object] | object) -> MemoryRecords:
        """Append records of any core type; returns ``self`` for chaining."""
        for rec in records:
            items = rec if isinstance(rec, list | tuple) else [rec]
            for item in items:
                self._append(item)
        return self

    def _append(self, item: object) -> None:
        targets: dict[type, list[object]] = {
            Teacher: self.teacher_list,  # type: ignore[dict-item]
            Activity: self.activity_list,  # type: ignore[dict-item]
            Attendance: self.attendance_list,  # type: ignore[dict-item]
            Artifact: self.artifact_list,  # type: ignore[dict-item]
            Assessment: self.assessment_list,  # type: ignore[dict-item]
            ProgramRecord: self.program_record_list,  # type: ignore[dict-item]
            Award: self.award_list,  # type: ignore[dict-item]
        }
        try:
            targets[type(item)].append(item)
        except KeyError:
            raise TypeError(f"not a core record: {item!r}") from None
