"""The core's 校本研修工作总结: 基本情况, one section per program, 考核评价, 存在的问题, 下步打算.

Every figure is computed here from the records; the Chinese prose around the figures comes from
templates (``yanxiu_core/templates/report_*.md.j2``) that a district may override. 学时 are shown
per row rounded to one decimal and every total is the sum of the shown rows (``Table.with_total``),
so the same total reads the same wherever it appears.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from ..document import Block, KeyFigures, Report, Section, Table
from ..evaluation.engine import UNRATED, SchoolEvaluation
from ..evaluation.policy import EvaluationSettings
from ..hours import HoursPolicy, format_hours
from ..model import Activity, ProgramInstance, School, Teacher, Term
from ..program import Finding, FindingKind
from ..records import ActivityAttendance, Records
from .templates import text_blocks

HEADINGS = {
    "basics": "一、基本情况",
    "work": "二、具体工作与成效",
    "evaluation": "三、考核评价",
    "problems": "四、存在的问题",
    "next_steps": "五、下步打算",
}
SUB_NUMBERS = "一二三四五六七八九十"
NO_ROLE = "其他教师"
UNKNOWN = "未填"
SCHOOL_WIDE = "全校性研修活动"
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("30岁及以下", 0, 30),
    ("31–35岁", 31, 35),
    ("36–45岁", 36, 45),
    ("46–55岁", 46, 55),
    ("56岁及以上", 56, 200),
)


def _dec(text: str) -> Decimal:
    return Decimal(text)


def _one(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):.1f}"


def _rate(attended: int, expected: int) -> str:
    return _one(Decimal(100 * attended) / Decimal(expected)) + "%"


@attrs.frozen
class _Facts:
    """What the builder reads from the records, once."""

    teachers: list[Teacher]
    minutes: dict[str, int]  # teacher id -> credited minutes (0 when no rows)
    activities: list[Activity]
    per_activity: dict[str, ActivityAttendance]  # aggregated by the store, not here
    by_category: dict[str, int]  # credit category -> credited minutes
    hours: HoursPolicy

    @classmethod
    def read(cls, records: Records, hours: HoursPolicy) -> _Facts:
        teachers = records.teachers()
        summary = records.attendance_summary()
        minutes = {t.id: (summary[t.id].minutes if t.id in summary else 0) for t in teachers}
        return cls(teachers, minutes, records.activities(), records.activity_attendance(),
                   records.minutes_by_category(), hours)

    def shown_hours(self, minutes: int) -> Decimal:
        """学时 of one row as displayed (one decimal); totals are sums of these."""
        return _dec(format_hours(minutes, self.hours))

    def attended(self, activity_id: str) -> int:
        figures = self.per_activity.get(activity_id)
        return 0 if figures is None else figures.attended

    def teacher_hours(self, teacher: Teacher) -> Decimal:
        return self.shown_hours(self.minutes[teacher.id])

    def meets(self, teacher: Teacher) -> bool:
        return self.minutes[teacher.id] >= self.hours.required_minutes


def _primary_role(teacher: Teacher) -> str:
    """A teacher counts once, under their first role tag, so role rows add up to the roster."""
    return teacher.roles[0] if teacher.roles else NO_ROLE


def _ordered_counts(keys: Iterable[str], last: str = "") -> list[tuple[str, int]]:
    """Counts in order of first appearance, with ``last`` (a catch-all) moved to the end."""
    counts = Counter(keys)
    order = [k for k in counts if k != last] + ([last] if last in counts else [])
    return [(k, counts[k]) for k in order]


def _role_table(facts: _Facts) -> Table:
    groups = _ordered_counts((_primary_role(t) for t in facts.teachers), last=NO_ROLE)
    rows = []
    for role, count in groups:
        members = [t for t in facts.teachers if _primary_role(t) == role]
        total = sum((facts.teacher_hours(t) for t in members), Decimal(0))
        rows.append((role, str(count), f"{total:.1f}", str(sum(facts.meets(t) for t in members))))
    table = Table(("角色", "人数", "累计学时", "学时达标人数"), tuple(rows),
                  caption="教师构成与学时（按角色）")
    return table.with_total(columns=("人数", "累计学时", "学时达标人数"))


def _age_table(facts: _Facts, term: Term) -> Table:
    counts = dict.fromkeys([label for label, _, _ in AGE_BANDS], 0)
    unknown = 0
    for t in facts.teachers:
        age = t.age(term.end)
        band = next((b for b, lo, hi in AGE_BANDS if age is not None and lo <= age <= hi), None)
        if band is None:
            unknown += 1
        else:
            counts[band] += 1
    rows = [(label, str(n)) for label, n in counts.items()]
    if unknown:
        rows.append((UNKNOWN, str(unknown)))
    caption = f"年龄结构（按{term.end.year}年计）"
    return Table(("年龄段", "人数"), tuple(rows), caption=caption).with_total(columns=("人数",))


def _subject_table(facts: _Facts) -> Table:
    counts = _ordered_counts((t.subject or UNKNOWN for t in facts.teachers), last=UNKNOWN)
    counts.sort(key=lambda kv: -kv[1])  # stable: ties keep roster order
    rows = tuple((subject, str(n)) for subject, n in counts)
    return Table(("学科", "人数"), rows, caption="学科分布").with_total(columns=("人数",))


def _activity_table(facts: _Facts, label: str, caption: str, key: Callable[[Activity], str],
                    order: Sequence[str] = ()) -> Table:
    """Activities grouped by ``key`` (labels in ``order`` first): count and shown 学时, totalled."""
    groups: dict[str, list[Activity]] = {name: [] for name in order}
    for act in facts.activities:
        groups.setdefault(key(act), []).append(act)
    rows = []
    for name, acts in groups.items():
        total = sum((facts.shown_hours(a.minutes) for a in acts), Decimal(0))
        rows.append((name, str(len(acts)), f"{total:.1f}"))
    table = Table((label, "活动次数", "活动学时"), tuple(rows), caption=caption)
    return table.with_total(columns=("活动次数", "活动学时"))


def _credit_table(facts: _Facts) -> Table:
    """学时 and 学分 by credit category, converted with the district's rate for each category."""
    rows = []
    for category, minutes in sorted(facts.by_category.items()):
        label = category or "未分类"
        per_credit = facts.hours.hours_per_credit.get(category,
                                                      facts.hours.default_hours_per_credit)
        credits = facts.hours.minutes_to_credits(minutes, category)
        rows.append((label, f"{facts.shown_hours(minutes):.1f}", f"{per_credit:g}",
                     f"{credits:.2f}"))
    table = Table(("学分类别", "累计学时", "每学分学时", "折合学分"), tuple(rows),
                  caption="学时与学分（按学分类别）")
    return table.with_total(columns=("累计学时", "折合学分"))


def _program_label(programs: Sequence[ProgramInstance]) -> Callable[[Activity], str]:
    titles = {p.id: p.display_title for p in programs}

    def label(act: Activity) -> str:
        if act.program is None:
            return SCHOOL_WIDE
        return titles.get(act.program, act.program)

    return label


def _basics(facts: _Facts, term: Term, programs: Sequence[ProgramInstance],
            common: dict[str, Any], text: Callable[..., str]) -> Section:
    role_table = _role_table(facts)
    assert role_table.total is not None
    total_hours = role_table.total[2]  # the sum of the shown rows, reused everywhere
    n = len(facts.teachers)
    average = _one(_dec(total_hours) / n) if n else "0.0"
    met = sum(facts.meets(t) for t in facts.teachers)
    by_program = _activity_table(facts, "研修项目", "研修项目与活动", _program_label(programs),
                                 [p.display_title for p in programs])
    by_kind = _activity_table(facts, "活动类型", "研修活动（按类型）",
                              lambda a: a.kind or "未分类")
    assert by_kind.total is not None
    values = dict(
        common,
        teacher_count=n,
        roles=[(r[0], r[1]) for r in role_table.rows],
        program_titles=[p.display_title for p in programs],
        activity_count=len(facts.activities),
        activity_hours=by_kind.total[2],
        activity_kinds=[(r[0], r[1]) for r in by_kind.rows],
        total_hours=total_hours,
        average_hours=average,
        required_hours=f"{facts.hours.required_hours:g}",
        met_count=met,
        short_count=n - met,
    )
    figures = KeyFigures((
        ("参训教师", f"{n}人"),
        ("研修活动", f"{len(facts.activities)}次"),
        ("累计学时", f"{total_hours}学时"),
        ("人均学时", f"{average}学时"),
        ("学时达标", f"{met}/{n}人"),
    ))
    blocks: list[Block] = [*text_blocks(text("report_basics.md.j2", **values)), figures,
                           role_table, _credit_table(facts), _age_table(facts, term),
                           _subject_table(facts), by_program, by_kind]
    return Section(HEADINGS["basics"], tuple(blocks), key="basics")


def _school_wide(facts: _Facts) -> Section | None:
    acts = [a for a in facts.activities if a.program is None]
    if not acts:
        return None
    rows = tuple(
        (a.date.isoformat(), a.kind, a.title, a.speaker or "-", str(facts.attended(a.id)),
         format_hours(a.minutes, facts.hours))
        for a in acts
    )
    table = Table(("日期", "类型", "主题", "主讲人", "出席人数", "学时"), rows)
    return Section(SCHOOL_WIDE, (table.with_total(columns=("出席人数", "学时")),),
                   key="school_wide")


def _numbered(sections: Sequence[Section]) -> tuple[Section, ...]:
    out = []
    for i, sec in enumerate(sections):
        num = SUB_NUMBERS[i] if i < len(SUB_NUMBERS) else str(i + 1)
        out.append(attrs.evolve(sec, title=f"（{num}）{sec.title}"))
    return tuple(out)


def _work(facts: _Facts, programs: Sequence[ProgramInstance], sections: Sequence[Section],
          common: dict[str, Any], text: Callable[..., str]) -> Section:
    subs = list(sections)
    school_wide = _school_wide(facts)
    if school_wide is not None:
        subs.append(school_wide)
    intro = text("report_work.md.j2", **common, program_titles=[p.display_title for p in programs],
                 section_titles=[s.title for s in subs])
    return Section(HEADINGS["work"], text_blocks(intro), key="work",
                   subsections=_numbered(subs))


def _evaluation(evaluation: SchoolEvaluation, policy: EvaluationSettings,
                common: dict[str, Any], text: Callable[..., str]) -> Section:
    dist = evaluation.grade_distribution()
    n = len(evaluation.teachers)
    rows = tuple((g, str(c), _rate(c, n) if n else "-") for g, c in dist)
    table = Table(("等级", "人数", "占比"), rows, caption="考核等级分布")
    table = table.with_total(columns=("人数",))
    names: dict[str, list[str]] = {g: [] for g, _ in dist}
    for te in evaluation.teachers:
        names[te.grade or UNRATED].append(te.teacher.name)
    totals = [te.total for te in evaluation.teachers if te.total is not None]
    average = _one(sum((_dec(f"{t:.1f}") for t in totals), Decimal(0)) / len(totals)) \
        if totals else "-"
    values = dict(
        common,
        teacher_count=n,
        distribution=[(g, c) for g, c in dist],
        grade_teachers=names,
        grade_bands=[(b.name, f"{b.min:g}") for b in policy.grades],
        process_weight=policy.process_weight,
        summative_weight=policy.summative_weight,
        weight_total=policy.process_weight + policy.summative_weight,
        average_total=average,
    )
    blocks = (*text_blocks(text("report_evaluation.md.j2", **values)), table)
    return Section(HEADINGS["evaluation"], blocks, key="evaluation")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _attendance_problems(facts: _Facts, records: Records, programs: Sequence[ProgramInstance],
                         threshold: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Programs (and school-wide activities) and single activities attended below threshold."""
    low_programs = []
    scopes: list[tuple[str | None, str]] = [(p.id, p.display_title) for p in programs]
    scopes.append((None, SCHOOL_WIDE))
    for program, title in scopes:
        summary = records.attendance_summary(program).values()
        expected = sum(s.expected for s in summary)
        attended = sum(s.attended for s in summary)
        if expected and attended / expected < threshold:
            low_programs.append(dict(title=title, attended=attended, expected=expected,
                                     rate=_rate(attended, expected)))
    low_activities = []
    for a in facts.activities:
        figures = facts.per_activity.get(a.id)
        if figures is None or figures.rate is None or figures.rate >= threshold:
            continue
        low_activities.append(dict(
            date=a.date.isoformat(), title=a.title, kind=a.kind, attended=figures.attended,
            expected=figures.expected, rate=_rate(figures.attended, figures.expected)))
    return low_programs, low_activities


def _core_problems(facts: _Facts, records: Records, policy: EvaluationSettings,
                   programs: Sequence[ProgramInstance]) -> dict[str, Any]:
    short = []
    if facts.hours.required_minutes > 0:
        short = [dict(name=t.name, id=t.id, hours=f"{facts.teacher_hours(t):.1f}")
                 for t in sorted(facts.teachers, key=lambda t: (facts.minutes[t.id], t.id))
                 if not facts.meets(t)]
    low_programs, low_activities = _attendance_problems(
        facts, records, programs, policy.low_attendance_rate)
    roster = {t.id for t in facts.teachers}
    missing = []
    for kind in dict.fromkeys(policy.required_artifacts):
        handed = {a.teacher_id for a in records.artifacts(kind=kind)} & roster
        if len(roster) - len(handed):
            missing.append(dict(kind=kind, count=len(roster) - len(handed)))
    return dict(
        short_hours=short,
        required_hours=f"{facts.hours.required_hours:g}",
        low_programs=low_programs,
        low_activities=low_activities,
        threshold=f"{100 * policy.low_attendance_rate:g}%",
        missing_artifacts=missing,
    )


def build_report(
    *,
    school: School,
    district_name: str,
    term: Term,
    records: Records,
    evaluation: SchoolEvaluation,
    hours: HoursPolicy,
    policy: EvaluationSettings,
    programs: Sequence[ProgramInstance],
    program_sections: Sequence[Section],
    findings: Sequence[Finding],
    failures: Sequence[str] = (),
    text: Callable[..., str],
    today: dt.date | None = None,
) -> Report:
    """The school's 校本研修工作总结 as a document.

    ``program_sections`` are the enabled programs' sections in config order; ``findings`` their
    problems and next steps; ``failures`` messages of plugin hooks that raised (listed under
    存在的问题 so a reader knows a part is missing). ``text(template, **values)`` renders prose.
    """
    facts = _Facts.read(records, hours)
    common: dict[str, Any] = dict(school=school, district_name=district_name, term=term)
    problems = _core_problems(facts, records, policy, programs)
    program_problems = [_one_line(f.text) for f in findings if f.kind is FindingKind.PROBLEM]
    next_steps = [_one_line(f.text) for f in findings if f.kind is FindingKind.NEXT_STEP]
    problem_text = text("report_problems.md.j2", **common, **problems,
                        program_problems=program_problems,
                        failures=[_one_line(f) for f in failures])
    next_text = text("report_next_steps.md.j2", **common, **problems, next_steps=next_steps)
    sections = (
        _basics(facts, term, programs, common, text),
        _work(facts, programs, program_sections, common, text),
        _evaluation(evaluation, policy, common, text),
        Section(HEADINGS["problems"], text_blocks(problem_text), key="problems"),
        Section(HEADINGS["next_steps"], text_blocks(next_text), key="next_steps"),
    )
    preamble = text("report_preamble.md.j2", **common, teacher_count=len(facts.teachers),
                    program_titles=[p.display_title for p in programs],
                    activity_count=len(facts.activities))
    day = today or dt.date.today()
    return Report(
        title=text("report_title.md.j2", **common),
        sections=sections,
        preamble=text_blocks(preamble),
        signature=(school.name, f"{day.year}年{day.month}月"),
    )
