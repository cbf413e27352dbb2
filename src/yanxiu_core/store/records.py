"""The store's :class:`~yanxiu_core.records.Records`: one school, one term, answered in SQL.

The semantics are exactly those of :class:`~yanxiu_core.memory_records.MemoryRecords` (the tests
run the same scenarios against both): an activity belongs to the term its start date falls in;
attendance follows its activity; artifacts follow their date; assessments and program records
follow their date or, undated, belong to every term; awards follow their date.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar, cast

import sqlalchemy as sa

from ..model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    Award,
    ProgramRecord,
    Teacher,
    Term,
)
from ..records import ANY, ActivityAttendance, AttendanceSummary
from . import convert, schema

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")

# Derived from the model so that SQL and MemoryRecords can never disagree on which words count.
_ATTENDED = tuple(s.value for s in AttendanceStatus if s.attended)
_CREDITED = tuple(s.value for s in AttendanceStatus if s.credited)


def _program_filter(column: sa.ColumnElement[Any], program: str | None) -> list[Any]:
    if program == ANY:
        return []
    return [column == convert.program_column(program)]


def _remembered(method: Callable[P, R]) -> Callable[P, R]:
    """With ``remember`` on, a query asked again is answered from memory (a copy: the caller
    may change what it gets)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        self = args[0]
        memo: dict[Any, Any] | None = self._memo  # type: ignore[attr-defined]
        if memo is None:
            return method(*args, **kwargs)
        key = (method.__name__, args[1:], tuple(sorted(kwargs.items())))
        try:
            found = memo[key]
        except KeyError:
            found = memo[key] = method(*args, **kwargs)
        except TypeError:  # an unhashable argument
            return method(*args, **kwargs)
        if isinstance(found, dict) and any(isinstance(v, dict) for v in found.values()):
            return {k: dict(v) for k, v in found.items()}  # type: ignore[return-value]
        return cast(R, copy.copy(found))

    return wrapper


class StoreRecords:
    """Term-scoped, read-only view of one school's rows (see the module docstring).

    ``remember``: answer a query asked before from memory — the evaluation, the summary and the
    targets ask for the same figures; the view then shows the store as it was when first
    asked (:meth:`~yanxiu_core.app.App.records` starts a new one after a write)."""

    def __init__(self, engine: sa.Engine, school_id: str, term: Term, *,
                 remember: bool = False) -> None:
        self._engine = engine
        self.school_id = school_id
        self.term = term
        self._memo: dict[Any, Any] | None = {} if remember else None
        # Half-open datetime range: an activity starting any time on the term's last day counts.
        self._from = dt.datetime.combine(term.start, dt.time())
        self._until = dt.datetime.combine(term.end + dt.timedelta(days=1), dt.time())

    def _fetch(self, stmt: sa.Select[Any], make: Callable[[Mapping[Any, Any]], T]) -> list[T]:
        with self._engine.connect() as conn:
            return [make(row) for row in conn.execute(stmt).mappings()]

    def _activity_conditions(self, program: str | None) -> list[Any]:
        a = schema.activities
        return [
            a.c.school_id == self.school_id,
            a.c.start_at >= self._from,
            a.c.start_at < self._until,
            *_program_filter(a.c.program, program),
        ]

    def _text(self, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        """A text column to order by, in code point order on every backend: SQLite compares
        bytes, a PostgreSQL database may have been created with a language's collation
        (zh_CN, en_US) — ``COLLATE "C"`` makes its order SQLite's (decision 0025)."""
        return column.collate("C") if self._engine.dialect.name == "postgresql" else column

    def _dated(self, column: sa.ColumnElement[Any], undated_counts: bool) -> Any:
        in_term = column.between(self.term.start, self.term.end)
        return sa.or_(column.is_(None), in_term) if undated_counts else in_term

    @_remembered
    def teachers(self) -> list[Teacher]:
        t = schema.teachers
        stmt = sa.select(t).where(t.c.school_id == self.school_id).order_by(self._text(t.c.id))
        return self._fetch(stmt, convert.teacher_of)

    @_remembered
    def activities(self, program: str | None = ANY, kind: str | None = None) -> list[Activity]:
        a = schema.activities
        stmt = sa.select(a).where(*self._activity_conditions(program))
        if kind is not None:
            stmt = stmt.where(a.c.kind == kind)
        return self._fetch(stmt.order_by(a.c.start_at, self._text(a.c.id)), convert.activity_of)

    def _attendance_join(self) -> sa.Join:
        a, r = schema.activities, schema.attendance
        return r.join(a, sa.and_(a.c.school_id == r.c.school_id, a.c.id == r.c.activity_id))

    @_remembered
    def attendance(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Attendance]:
        r = schema.attendance
        stmt = (
            sa.select(r)
            .select_from(self._attendance_join())
            .where(*self._activity_conditions(program))
        )
        if teacher_id is not None:
            stmt = stmt.where(r.c.teacher_id == teacher_id)
        stmt = stmt.order_by(self._text(r.c.activity_id), self._text(r.c.teacher_id))
        return self._fetch(stmt, convert.attendance_of)

    @_remembered
    def activity_minutes(self, program: str | None = ANY) -> dict[str, int]:
        a = schema.activities
        stmt = (
            sa.select(a.c.id, a.c.minutes)
            .where(*self._activity_conditions(program))
            .order_by(a.c.start_at, self._text(a.c.id))
        )
        with self._engine.connect() as conn:
            return {row.id: row.minutes for row in conn.execute(stmt)}

    @_remembered
    def artifacts(
        self,
        program: str | None = ANY,
        kind: str | None = None,
        teacher_id: str | None = None,
    ) -> list[Artifact]:
        f = schema.artifacts
        stmt = sa.select(f).where(
            f.c.school_id == self.school_id,
            self._dated(f.c.date, undated_counts=False),
            *_program_filter(f.c.program, program),
        )
        if kind is not None:
            stmt = stmt.where(f.c.kind == kind)
        if teacher_id is not None:
            stmt = stmt.where(f.c.teacher_id == teacher_id)
        return self._fetch(stmt.order_by(f.c.date, f.c.id), convert.artifact_of)

    @_remembered
    def assessments(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Assessment]:
        s = schema.assessments
        stmt = sa.select(s).where(
            s.c.school_id == self.school_id,
            self._dated(s.c.date, undated_counts=True),
            *_program_filter(s.c.program, program),
        )
        if teacher_id is not None:
            stmt = stmt.where(s.c.teacher_id == teacher_id)
        return self._fetch(stmt.order_by(s.c.id), convert.assessment_of)

    @_remembered
    def awards(
        self, program: str | None = ANY, teacher_id: str | None = None
    ) -> list[Award]:
        w = schema.awards
        stmt = sa.select(w).where(
            w.c.school_id == self.school_id,
            self._dated(w.c.date, undated_counts=False),
            *_program_filter(w.c.program, program),
        )
        if teacher_id is not None:
            stmt = stmt.where(w.c.teacher_id == teacher_id)
        return self._fetch(stmt.order_by(w.c.date, w.c.id), convert.award_of)

    def program_records(self, program: str, kind: str) -> list[ProgramRecord]:
        # not remembered: a record's values are a dict a caller could change
        p = schema.program_records
        stmt = (
            sa.select(p)
            .where(
                p.c.school_id == self.school_id,
                p.c.program == program,
                p.c.kind == kind,
                self._dated(p.c.date, undated_counts=True),
            )
            .order_by(p.c.id)
        )
        return self._fetch(stmt, convert.program_record_of)

    def _attendance_totals(self, by: sa.Column[Any], program: str | None) -> list[Any]:
        """One aggregate query: rows, attended rows and credited minutes per ``by`` value."""
        a, r = schema.activities, schema.attendance
        attended = r.c.status.in_(_ATTENDED)
        credited = r.c.status.in_(_CREDITED)
        stmt = (
            sa.select(
                by.label("key"),
                sa.func.count().label("expected"),
                sa.func.sum(sa.case((attended, 1), else_=0)).label("attended"),
                sa.func.sum(
                    sa.case((credited, sa.func.coalesce(r.c.minutes, a.c.minutes)), else_=0)
                ).label("minutes"),
            )
            .select_from(self._attendance_join())
            .where(*self._activity_conditions(program))
            .group_by(by)
            .order_by(self._text(by))
        )
        with self._engine.connect() as conn:
            return list(conn.execute(stmt))

    @_remembered
    def attendance_summary(self, program: str | None = ANY) -> dict[str, AttendanceSummary]:
        """Teacher id -> figures, in one SQL aggregate (请假/缺席 credit nothing)."""
        return {
            row.key: AttendanceSummary(row.key, expected=int(row.expected),
                                       attended=int(row.attended), minutes=int(row.minutes))
            for row in self._attendance_totals(schema.attendance.c.teacher_id, program)
        }

    @_remembered
    def activity_attendance(self, program: str | None = ANY) -> dict[str, ActivityAttendance]:
        """Activity id -> figures, in one SQL aggregate (activities without rows are absent)."""
        return {
            row.key: ActivityAttendance(row.key, expected=int(row.expected),
                                        attended=int(row.attended), minutes=int(row.minutes))
            for row in self._attendance_totals(schema.attendance.c.activity_id, program)
        }

    @_remembered
    def minutes_by_category(self) -> dict[str, int]:
        """Credit category -> credited minutes of all teachers, in one SQL aggregate."""
        rows = self._attendance_totals(schema.activities.c.credit_category, ANY)
        return {row.key or "": int(row.minutes) for row in rows}

    @_remembered
    def teacher_minutes_by_category(self) -> dict[str, dict[str, int]]:
        """Teacher id -> credit category -> credited minutes, in one SQL aggregate."""
        a, r = schema.activities, schema.attendance
        credited = r.c.status.in_(_CREDITED)
        stmt = (
            sa.select(
                r.c.teacher_id,
                a.c.credit_category,
                sa.func.sum(
                    sa.case((credited, sa.func.coalesce(r.c.minutes, a.c.minutes)), else_=0)
                ).label("minutes"),
            )
            .select_from(self._attendance_join())
            .where(*self._activity_conditions(ANY))
            .group_by(r.c.teacher_id, a.c.credit_category)
            .order_by(self._text(r.c.teacher_id), self._text(a.c.credit_category))
        )
        totals: dict[str, dict[str, int]] = {}
        with self._engine.connect() as conn:
            for row in conn.execute(stmt):
                mine = totals.setdefault(row.teacher_id, {})
                key = row.credit_category or ""
                mine[key] = mine.get(key, 0) + int(row.minutes)  # NULL and '' are one category
        return totals
