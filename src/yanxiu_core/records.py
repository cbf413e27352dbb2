"""The read API over a school's records for one term — what plugins and evaluation query.

The store implements :class:`Records`; tests may use :class:`yanxiu_core.testing.MemoryRecords`.
Everything returned is already limited to one school and one term: activities starting in the
term, attendance of those activities, artifacts dated in the term, assessments dated in the term
or undated. Aggregates (``attendance_summary``) are computed by the store in SQL.
"""

from __future__ import annotations

from typing import Final, Protocol

import attrs

from .model import Activity, Artifact, Assessment, Attendance, Award, ProgramRecord, Teacher

ANY: Final = "*"
"""``program=ANY`` selects records of every program and school-wide ones; ``program=None``
selects school-wide records only (``program=""`` is taken as ``None``); ``program="reading"``
one program instance's."""


@attrs.frozen
class AttendanceSummary:
    """Per-teacher attendance figures over a set of activities.

    ``expected`` rows the teacher has (any status), ``attended`` rows 出席 or 迟到,
    ``minutes`` the credited minutes (请假/缺席 credit nothing).
    """

    teacher_id: str
    expected: int
    attended: int
    minutes: int

    @property
    def rate(self) -> float | None:
        """``attended / expected``, a ratio in [0, 1] (not a percentage); ``None`` when nothing
        was expected (``expected == 0``), which is not the same as a rate of 0."""
        return None if self.expected == 0 else self.attended / self.expected


@attrs.frozen
class ActivityAttendance:
    """Per-activity attendance figures: rows, rows 出席 or 迟到, credited minutes."""

    activity_id: str
    expected: int
    attended: int
    minutes: int

    @property
    def rate(self) -> float | None:
        """``attended / expected``, a ratio in [0, 1] (not a percentage); ``None`` when the
        activity has no attendance rows (``expected == 0``), which is not the same as 0."""
        return None if self.expected == 0 else self.attended / self.expected


class Records(Protocol):
    """Read-only, term-scoped access to one school's records."""

    def teachers(self) -> list[Teacher]:
        """All teachers of the school, ordered by id."""
        ...

    def activities(self, program: str | None = ANY, kind: str | None = None) -> list[Activity]:
        """Activities in the term, ordered by start time."""
        ...

    def attendance(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Attendance]:
        """Attendance rows of the term's activities (of ``program``), ordered by activity, teacher."""
        ...

    def activity_minutes(self, program: str | None = ANY) -> dict[str, int]:
        """Activity id -> minutes credited to an attendee without time of their own."""
        ...

    def artifacts(
        self,
        program: str | None = ANY,
        kind: str | None = None,
        teacher_id: str | None = None,
    ) -> list[Artifact]:
        """Artifacts dated in the term, ordered by date, id."""
        ...

    def assessments(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Assessment]:
        """Assessments dated in the term or undated, ordered by id."""
        ...

    def awards(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Award]:
        """Honours and awards dated in the term, ordered by date, id (school awards have no
        ``teacher_id``; ``teacher_id=...`` selects one teacher's)."""
        ...

    def program_records(self, program: str, kind: str) -> list[ProgramRecord]:
        """Records of a kind the program type declared, dated in the term or undated."""
        ...

    def attendance_summary(self, program: str | None = ANY) -> dict[str, AttendanceSummary]:
        """Teacher id -> attendance figures over the term's activities of ``program``.

        Teachers without any attendance row are absent from the mapping.
        """
        ...

    def activity_attendance(self, program: str | None = ANY) -> dict[str, ActivityAttendance]:
        """Activity id -> attendance figures, for the term's activities of ``program`` that have
        attendance rows (one SQL aggregate in the store)."""
        ...

    def minutes_by_category(self) -> dict[str, int]:
        """Credit category (``''`` when none) -> credited minutes of all teachers in the term."""
        ...

    def teacher_minutes_by_category(self) -> dict[str, dict[str, int]]:
        """Teacher id -> credit category (``''`` when none) -> credited minutes in the term, in
        one aggregate: what each teacher's 研修档案 shows by category. Teachers without any
        attendance row are absent; a teacher's categories add up to their
        :meth:`attendance_summary` minutes."""
        ...
