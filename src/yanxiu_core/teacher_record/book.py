"""What every 研修档案 of one school is built from, read once for the whole school.

The school is evaluated once, its records are queried once per kind (grouped here by teacher)
and the programs are asked once who takes part in what, so writing sixty teachers' archives
costs about as much as writing the school's summary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar

import attrs

from ..evaluation.engine import SchoolEvaluation, TeacherEvaluation
from ..evaluation.evidence import EvidenceIndex
from ..hours import HoursPolicy, credit_categories, with_credits
from ..model import Activity, Artifact, Attendance, Award, School, Teacher, Term
from ..program import Membership, RecordKind
from ..report.settings import ReportSettings

if TYPE_CHECKING:
    from ..app import App


@attrs.frozen
class TermMinutes:
    """One configured term and each teacher's credited minutes in it (0 when none)."""

    term: Term
    minutes: dict[str, int]


@attrs.frozen
class SchoolBook:
    """One school's records for the current term, by teacher, and what they make up.

    ``terms`` holds every configured term up to the current one, oldest first — only when there
    are several (the archive then shows the years side by side).
    """

    school: School
    term: Term
    hours: HoursPolicy
    settings: ReportSettings
    teachers: list[Teacher]
    activities: dict[str, Activity]
    program_titles: dict[str, str]
    attendance: dict[str, list[Attendance]]
    artifacts: dict[str, list[Artifact]]
    awards: dict[str, list[Award]]
    minutes: dict[str, int]
    by_category: dict[str, dict[str, int]]
    evaluation: SchoolEvaluation
    memberships: dict[str, list[tuple[str, Membership]]]
    evidence: EvidenceIndex
    terms: tuple[TermMinutes, ...] = ()
    failures: tuple[str, ...] = ()

    @classmethod
    def read(cls, app: App, school_id: str) -> SchoolBook:
        cfg = app.school_config(school_id)
        records = app.records(school_id)
        programs = app.programs(school_id)
        titles = {p.id: p.display_title for p in programs}
        kinds: dict[tuple[str, str], RecordKind] = {
            (p.id, k.name): k for p in programs if p.type in app.program_types
            for k in app.program_types[p.type].record_kinds}
        evaluation = app.evaluate(school_id)
        members: dict[str, list[tuple[str, Membership]]] = defaultdict(list)
        for instance, m in app.memberships(school_id):
            members[m.teacher_id].append((instance.display_title, m))
        summary = records.attendance_summary()
        credits = app.credits(school_id)  # programs' time besides attendance, e.g. online courses
        minutes = with_credits({tid: s.minutes for tid, s in summary.items()}, credits)
        by_category = records.teacher_minutes_by_category()
        for tid, cats in credit_categories(credits).items():
            own = by_category.setdefault(tid, {})
            for category, extra in cats.items():
                own[category] = own.get(category, 0) + extra
        teachers = records.teachers()
        return cls(
            school=app.school(school_id), term=cfg.term, hours=cfg.hours, settings=cfg.report,
            teachers=teachers,
            activities={a.id: a for a in records.activities()},
            program_titles=titles,
            attendance=_by_teacher(records.attendance()),
            artifacts=_by_teacher(records.artifacts()),
            awards=_by_teacher(records.awards()),
            minutes=minutes,
            by_category=by_category,
            evaluation=evaluation,
            memberships=dict(members),
            evidence=EvidenceIndex(records, record_kinds=kinds, program_titles=titles),
            terms=_terms(app, school_id, cfg.term, minutes),
            failures=tuple(app.school_failures(school_id)),
        )

    def evaluation_of(self, teacher: Teacher) -> TeacherEvaluation | None:
        try:
            return self.evaluation.by_teacher(teacher.id)
        except KeyError:
            return None

    def program_title(self, program: str | None) -> str:
        """How the school names a program instance; ``全校`` for a school-wide record."""
        if program is None:
            return SCHOOL_WIDE
        return self.program_titles.get(program, program)


SCHOOL_WIDE = "全校"


class _Owned(Protocol):
    @property
    def teacher_id(self) -> str | None: ...


R = TypeVar("R", bound=_Owned)


def _by_teacher(rows: Iterable[R]) -> dict[str, list[R]]:
    """Rows grouped by teacher, in the order given; rows of no teacher are left out."""
    out: dict[str, list[R]] = defaultdict(list)
    for row in rows:
        if row.teacher_id:
            out[row.teacher_id].append(row)
    return dict(out)


def _terms(app: App, school_id: str, current: Term, minutes: dict[str, int]
           ) -> tuple[TermMinutes, ...]:
    """Every configured term that has begun by the current one ends, with each teacher's
    minutes in it (one aggregate query per term); empty when only one term is configured."""
    terms = [t for t in app.config.district.terms if t.start <= current.end]
    if current not in terms:
        terms.append(current)
    if len(terms) < 2:
        return ()
    out = []
    for term in sorted(terms, key=lambda t: t.start):
        if term == current:
            out.append(TermMinutes(term, minutes))
            continue
        summary = app.store.records(school_id, term).attendance_summary()
        out.append(TermMinutes(term, {tid: s.minutes for tid, s in summary.items()}))
    return tuple(out)
