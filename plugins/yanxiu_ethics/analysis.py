"""Figures of a school's 师德建设 from its settings and records: study sessions and attendance,
pledges, 考核 results with the vetoes they bring, and the 师德典型. The section, the findings,
the indicators, the vetoes, the figures and the members all read these, so they agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from yanxiu_core import (
    Activity,
    Artifact,
    IndicatorValue,
    PlannedSession,
    ProgramContext,
    ProgramRecord,
    Teacher,
    attendance_ratios,
    report_date,
)

from .settings import EXEMPLARS, RESULTS, EthicsSettings

NOT_RECORDED = "未录入"


@attrs.frozen
class Session:
    """A study session held: everyone on the roster is expected."""

    activity: Activity
    expected: int
    attended: int


@attrs.frozen
class Result:
    """A teacher's 师德考核 result of the term (the latest row when there are several)."""

    teacher_id: str
    result: str
    date: dt.date | None
    note: str
    record_id: int


@attrs.frozen
class Exemplar:
    """A 师德典型: the teacher (when on the roster), the honour and the deed."""

    teacher_id: str
    name: str
    deed: str
    honour: str
    record_id: int


@attrs.frozen
class EthicsFigures:
    as_of: dt.date
    teachers: tuple[Teacher, ...]
    planned: tuple[PlannedSession, ...]
    sessions: tuple[Session, ...]
    attendance: dict[str, IndicatorValue] = attrs.field(hash=False)
    pledges: dict[str, Artifact] = attrs.field(hash=False)  # teacher id -> the first pledge
    results: dict[str, Result] = attrs.field(hash=False)  # teacher id -> the term's result
    duplicates: tuple[Result, ...] = ()  # earlier rows of a teacher with a later one
    exemplars: tuple[Exemplar, ...] = ()
    veto_results: tuple[str, ...] = ()

    @property
    def due(self) -> int:
        return sum(1 for p in self.planned if p.date <= self.as_of)

    @property
    def expected(self) -> int:
        return sum(s.expected for s in self.sessions)

    @property
    def attended(self) -> int:
        return sum(s.attended for s in self.sessions)

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None

    @property
    def pledge_share(self) -> float | None:
        return len(self.signed) / len(self.teachers) if self.teachers else None

    @property
    def signed(self) -> list[Teacher]:
        return [t for t in self.teachers if t.id in self.pledges]

    @property
    def unsigned(self) -> list[Teacher]:
        return [t for t in self.teachers if t.id not in self.pledges]

    @property
    def unassessed(self) -> list[Teacher]:
        return [t for t in self.teachers if t.id not in self.results]

    @property
    def vetoed(self) -> list[tuple[Teacher, Result]]:
        """Teachers whose result vetoes the year's grade, in roster order."""
        return [(t, self.results[t.id]) for t in self.teachers
                if t.id in self.results and self.results[t.id].result in self.veto_results]

    def distribution(self, results: Sequence[str]) -> list[tuple[str, int]]:
        """(result, teachers) in the settings' order, results not in the settings after them
        as written, and 未录入 last when anyone has none; the counts add up to the roster."""
        found = [r.result for t in self.teachers if (r := self.results.get(t.id))]
        out = [(name, found.count(name)) for name in results]
        out += [(name, found.count(name)) for name in dict.fromkeys(found) if name not in results]
        if self.unassessed:
            out.append((NOT_RECORDED, len(self.unassessed)))
        return out


def result_rows(ctx: ProgramContext) -> list[ProgramRecord]:
    return ctx.records.program_records(ctx.program_id, RESULTS.name)


def exemplar_rows(ctx: ProgramContext) -> list[ProgramRecord]:
    return ctx.records.program_records(ctx.program_id, EXEMPLARS.name)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _result(r: ProgramRecord) -> Result:
    return Result(str(r.values.get("teacher_id") or r.teacher_id or ""),
                  _text(r.values.get("result")), r.date, _text(r.values.get("note")), r.id)


def compute(ctx: ProgramContext, planned: Sequence[PlannedSession],
            today: dt.date | None = None) -> EthicsFigures:
    """All figures of the instance for ``ctx``'s term."""
    s: EthicsSettings = ctx.settings
    teachers = tuple(ctx.records.teachers())
    ids = [t.id for t in teachers]
    names = {t.id: t.name for t in teachers}
    held = list(ctx.records.activities(program=ctx.program_id))
    held_ids = {a.id for a in held}
    rows = [r for r in ctx.records.attendance(program=ctx.program_id)
            if r.activity_id in held_ids]
    sessions = tuple(
        Session(a, len(ids), sum(1 for r in rows if r.activity_id == a.id and r.status.attended
                                 and r.teacher_id in names))
        for a in held)
    pledges: dict[str, Artifact] = {}
    for a in sorted(ctx.records.artifacts(), key=lambda a: (a.date or dt.date.min, a.id)):
        if a.kind == s.pledge_kind:
            pledges.setdefault(a.teacher_id, a)
    results: dict[str, Result] = {}
    duplicates = []
    ordered = sorted((_result(r) for r in result_rows(ctx)),
                     key=lambda r: (r.date or dt.date.min, r.record_id))
    for r in ordered:
        if r.teacher_id in results:
            duplicates.append(results[r.teacher_id])
        results[r.teacher_id] = r
    exemplars = tuple(
        Exemplar(tid, names.get(tid, tid), _text(r.values.get("deed")),
                 _text(r.values.get("honour")), r.id)
        for r in exemplar_rows(ctx)
        if (tid := str(r.values.get("teacher_id") or r.teacher_id or "")))
    return EthicsFigures(
        as_of=report_date(ctx.term, s.as_of, today), teachers=teachers, planned=tuple(planned),
        sessions=sessions, attendance=attendance_ratios(held, rows, ids), pledges=pledges,
        results=results, duplicates=tuple(duplicates), exemplars=exemplars,
        veto_results=s.veto_results)
