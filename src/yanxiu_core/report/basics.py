"""一、基本情况: who the teachers are and what the year amounted to, with counts and shares.

The prose states what real summaries state (专任教师, 本科及以上, 中级及以上职称, 骨干教师 by level,
age structure and average age, 专业对口, participation, 学时); the body keeps the tables a reader
compares (roles and 学时, credit categories, programs, months) and the detail tables go to 附表.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..document import Block, Chart, ChartSeries, KeyFigures, Table, text_blocks
from ..model import Activity, ProgramInstance, Teacher, Term
from ..vocabulary import (
    BACHELOR_OR_ABOVE,
    EDUCATION_CLASSES,
    INTERMEDIATE_OR_ABOVE,
    LEVELS,
    TITLE_GRADES,
    education_class,
    level_rank,
    title_grade,
)
from .facts import UNKNOWN, Facts, cn_month, dec, one, ordered_counts, rate, whole_percent
from .settings import ReportSettings

NO_ROLE = "其他教师"
SCHOOL_WIDE = "全校性研修活动"
BACKBONE_ROLE = "骨干"
NO_LEVEL = "未注明级别"


def primary_role(teacher: Teacher) -> str:
    """A teacher counts once, under their first role tag, so role rows add up to the roster."""
    return teacher.roles[0] if teacher.roles else NO_ROLE


def backbone_level(teacher: Teacher) -> str | None:
    """The teacher's 骨干 level; :data:`NO_LEVEL` for a 骨干 role tag without a level; ``None``
    for a teacher who is not a 骨干教师."""
    if teacher.backbone_level:
        return teacher.backbone_level
    return NO_LEVEL if any(BACKBONE_ROLE in r for r in teacher.roles) else None


def age_bands(limits: Sequence[int]) -> list[tuple[str, int, int]]:
    """``[35, 45]`` → 35岁及以下, 36–45岁, 46岁及以上 as (label, lowest, highest)."""
    bands = [(f"{limits[0]}岁及以下", 0, limits[0])]
    for low, high in itertools.pairwise(limits):
        bands.append((f"{low + 1}–{high}岁", low + 1, high))
    bands.append((f"{limits[-1] + 1}岁及以上", limits[-1] + 1, 200))
    return bands


def _share_table(caption: str, label: str, counts: Sequence[tuple[str, int]], whole: int,
                 appendix: bool = True) -> Table:
    rows = tuple((name, str(n), rate(n, whole)) for name, n in counts)
    return Table((label, "人数", "占比"), rows, caption=caption,
                 appendix=appendix).with_total(columns=("人数",))


def _classified(teachers: Sequence[Teacher], classify: Callable[[Teacher], str],
                order: Sequence[str]) -> list[tuple[str, int]]:
    counts = Counter(classify(t) or UNKNOWN for t in teachers)
    return [(name, counts[name]) for name in (*order, UNKNOWN) if counts[name]]


def staff(facts: Facts, term: Term, settings: ReportSettings) -> tuple[dict[str, Any], list[Table]]:
    """Template values about the teaching staff, and the detail tables (all for 附表)."""
    teachers = facts.teachers
    n = len(teachers)
    values: dict[str, Any] = dict.fromkeys(("education", "titles", "backbone", "age", "specialty"))
    tables: list[Table] = []

    education = _classified(teachers, lambda t: education_class(t.education),
                            [name for name, _ in EDUCATION_CLASSES])
    known = sum(c for name, c in education if name != UNKNOWN)
    if known:
        high = sum(c for name, c in education if name in BACHELOR_OR_ABOVE)
        values["education"] = dict(bachelor_plus=high, share=whole_percent(high, n),
                                   classes=[(k, c) for k, c in education if k != UNKNOWN])
        tables.append(_share_table("学历结构", "学历", education, n))

    titles = _classified(teachers, lambda t: title_grade(t.title), [g for g, _ in TITLE_GRADES])
    if sum(c for name, c in titles if name != UNKNOWN):
        mid = sum(c for name, c in titles if name in INTERMEDIATE_OR_ABOVE)
        values["titles"] = dict(intermediate_plus=mid, share=whole_percent(mid, n),
                                grades=[(k, c) for k, c in titles if k in INTERMEDIATE_OR_ABOVE])
        tables.append(_share_table("职称结构", "职称", titles, n))

    levels = Counter(lv for t in teachers if (lv := backbone_level(t)) is not None)
    if levels:
        ordered = sorted(levels.items(), key=lambda kv: level_rank(kv[0]))
        count = sum(levels.values())
        values["backbone"] = dict(count=count, share=whole_percent(count, n),
                                  levels=[(lv, c) for lv, c in ordered if lv in LEVELS])
        tables.append(_share_table("骨干教师（按级别）", "级别", ordered, n))

    bands = age_bands(settings.age_bands)
    ages = {t.id: t.age(term.end) for t in teachers}
    known_ages = [a for a in ages.values() if a is not None]
    if known_ages:
        counts = [(label, sum(1 for a in known_ages if lo <= a <= hi)) for label, lo, hi in bands]
        unknown = n - len(known_ages)
        rows = counts + ([(UNKNOWN, unknown)] if unknown else [])
        average = one(Decimal(sum(known_ages)) / len(known_ages))
        values["age"] = dict(average=average, year=term.end.year,
                             bands=[(lb, c, whole_percent(c, n)) for lb, c in counts if c])
        tables.append(_share_table(f"年龄结构（按{term.end.year}年计）", "年龄段", rows, n))

    matched = [t.specialty_match for t in teachers if t.specialty_match is not None]
    if matched:
        yes = sum(matched)
        values["specialty"] = dict(matched=yes, share=whole_percent(yes, n))

    subjects = ordered_counts((t.subject or UNKNOWN for t in teachers), last=UNKNOWN)
    subjects.sort(key=lambda kv: -kv[1])  # stable: ties keep roster order
    tables.append(_share_table("学科分布", "学科", subjects, n))
    return values, tables


def role_table(facts: Facts) -> Table:
    groups = ordered_counts((primary_role(t) for t in facts.teachers), last=NO_ROLE)
    rows = []
    for role, count in groups:
        members = [t for t in facts.teachers if primary_role(t) == role]
        total = sum((facts.teacher_hours(t) for t in members), Decimal(0))
        rows.append((role, str(count), f"{total:.1f}", str(sum(facts.meets(t) for t in members))))
    table = Table(("角色", "人数", "累计学时", "学时达标人数"), tuple(rows),
                  caption="教师构成与学时（按角色）")
    return table.with_total(columns=("人数", "累计学时", "学时达标人数"))


def credit_table(facts: Facts) -> tuple[Table, Chart | None]:
    """学时 and 学分 by credit category, converted with the district's rate for each category."""
    rows = []
    for category, minutes in sorted(facts.by_category.items()):
        per_credit = facts.hours.hours_per_credit.get(category,
                                                      facts.hours.default_hours_per_credit)
        credits = facts.hours.minutes_to_credits(minutes, category)
        rows.append((category or "未分类", f"{facts.shown_hours(minutes):.1f}", f"{per_credit:g}",
                     f"{credits:.2f}"))
    table = Table(("学分类别", "累计学时", "每学分学时", "折合学分"), tuple(rows),
                  caption="学时与学分（按学分类别）").with_total(columns=("累计学时", "折合学分"))
    chart = None
    if len(rows) > 1:
        chart = Chart("累计学时（按学分类别）", "donut", tuple(r[0] for r in rows),
                      (ChartSeries("累计学时", tuple(float(r[1]) for r in rows)),), unit="学时",
                      table_elsewhere=True)
    return table, chart


def _attendance_rows(facts: Facts, groups: dict[str, list[Activity]]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for name, acts in groups.items():
        hours = sum((facts.shown_hours(a.minutes) for a in acts), Decimal(0))
        expected = sum(facts.expected(a.id) for a in acts)
        attended = sum(facts.attended(a.id) for a in acts)
        rows.append((name, str(len(acts)), f"{hours:.1f}", str(expected), str(attended),
                     rate(attended, expected)))
    return rows


def _with_rate_total(table: Table) -> Table:
    """合计 of counts and 学时, and the total rate from the totals shown beside it."""
    table = table.with_total(columns=("活动次数", "活动学时", "应到人次", "实到人次"))
    assert table.total is not None
    total = list(table.total)
    total[5] = rate(int(total[4]), int(total[3]))
    return Table(table.columns, table.rows, table.caption, tuple(total), table.appendix)


ATTENDANCE_COLUMNS = ("活动次数", "活动学时", "应到人次", "实到人次", "出勤率")


def program_table(facts: Facts, programs: Sequence[ProgramInstance]) -> tuple[Table, Chart | None]:
    titles = {p.id: p.display_title for p in programs}
    groups: dict[str, list[Activity]] = {p.display_title: [] for p in programs}
    for act in facts.activities:
        label = SCHOOL_WIDE if act.program is None else titles.get(act.program, act.program)
        groups.setdefault(label, []).append(act)
    table = _with_rate_total(Table(("研修项目", *ATTENDANCE_COLUMNS),
                                   tuple(_attendance_rows(facts, groups)), caption="研修项目与活动"))
    chart = None
    held = [r for r in table.rows if r[1] != "0"]
    if len(held) > 1:
        chart = Chart("各研修项目活动次数", "hbar", tuple(r[0] for r in held), (
            ChartSeries("活动次数", tuple(float(r[1]) for r in held)),), unit="次",
            table_elsewhere=True)
    return table, chart


def month_table(facts: Facts) -> tuple[Table, list[Chart]]:
    """Activities and attendance by calendar month (months without activities are left out)."""
    groups: dict[str, list[Activity]] = defaultdict(list)
    for act in sorted(facts.activities, key=lambda a: a.start):
        groups[cn_month(act.date)].append(act)
    table = _with_rate_total(Table(("月份", *ATTENDANCE_COLUMNS),
                                   tuple(_attendance_rows(facts, groups)),
                                   caption="各月研修活动与出勤"))
    charts: list[Chart] = []
    if len(table.rows) > 1:
        months = tuple(r[0] for r in table.rows)
        charts.append(Chart("各月研修活动次数", "bar", months, (
            ChartSeries("活动次数", tuple(float(r[1]) for r in table.rows)),), unit="次",
            table_elsewhere=True))
        rated = [r for r in table.rows if r[5] != "-"]
        if len(rated) > 1:
            charts.append(Chart("各月出勤率", "line", tuple(r[0] for r in rated), (
                ChartSeries("出勤率", tuple(float(r[5].rstrip("%")) for r in rated)),), unit="%",
                table_elsewhere=True))
    return table, charts


def kind_table(facts: Facts) -> Table:
    groups: dict[str, list[Activity]] = {}
    for act in facts.activities:
        groups.setdefault(act.kind or "未分类", []).append(act)
    table = _with_rate_total(Table(("活动类型", *ATTENDANCE_COLUMNS),
                                   tuple(_attendance_rows(facts, groups)),
                                   caption="研修活动（按类型）", appendix=True))
    return table


def basics_blocks(facts: Facts, term: Term, programs: Sequence[ProgramInstance],
                  settings: ReportSettings, common: dict[str, Any],
                  contributed: Sequence[Block], text: Callable[..., str]) -> list[Block]:
    """The blocks of 基本情况: prose, key figures (the programs' merged in), tables, charts."""
    roles = role_table(facts)
    assert roles.total is not None
    total_hours = roles.total[2]  # the sum of the shown rows, reused everywhere
    n = len(facts.teachers)
    average = one(dec(total_hours) / n) if n else "0.0"
    met = sum(facts.meets(t) for t in facts.teachers)
    kinds = kind_table(facts)
    assert kinds.total is not None
    by_program, program_chart = program_table(facts, programs)
    credits, credit_chart = credit_table(facts)
    months, month_charts = month_table(facts)
    staff_values, staff_tables = staff(facts, term, settings)
    participants = facts.participants()
    values = dict(
        common,
        **staff_values,
        teacher_count=n,
        participants=participants,
        participant_share=whole_percent(participants, n),
        roles=[(r[0], r[1]) for r in roles.rows],
        program_titles=[p.display_title for p in programs],
        activity_count=len(facts.activities),
        activity_hours=kinds.total[2],
        activity_kinds=[(r[0], r[1]) for r in kinds.rows],
        total_hours=total_hours,
        average_hours=average,
        required_hours=f"{facts.hours.required_hours:g}",
        met_count=met,
        met_share=whole_percent(met, n),
        short_count=n - met,
    )
    figures = [("专任教师", f"{n}人"), ("研修活动", f"{len(facts.activities)}次"),
               ("累计学时", f"{total_hours}学时"), ("人均学时", f"{average}学时"),
               ("学时达标", f"{met}/{n}人")]
    others: list[Block] = []
    for block in contributed:
        if isinstance(block, KeyFigures):
            figures.extend(block.items)
        else:
            others.append(block)
    charts: list[Block] = [c for c in (program_chart, credit_chart) if c is not None]
    return [*text_blocks(text("report_basics.md.j2", **values)), *others,
            KeyFigures(tuple(figures)), roles, credits, by_program, *charts, months,
            *month_charts, *staff_tables, kinds]
