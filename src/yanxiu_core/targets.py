"""A school's measurable targets (``[[targets]]``) and how the core checks them against the year.

A target names a *metric* the core can compute — a count or share of teachers with given
attributes, 学时, participation, grades, awards, activities, artifacts, or a figure a program
gives (``metric = "program"``, ``figure = "<program id>.<key>"``) — and a bound (``min``,
``max`` or ``equals``), optionally due in a later year (a multi-year target). The config reads
and validates targets (``config/plan_tables.py``) with :data:`METRICS`; :func:`evaluate_targets`
computes each target's actual from the records, the evaluation and the program figures.

Actuals are compared as they are shown: 学时 with one decimal, shares as percentages with one
decimal, so a reader never sees ``90.0%`` judged short of 90%. The core knows no program: a
program figure is looked up by its key among what the enabled programs give.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .vocabulary import EDUCATION_CLASSES, LEVELS, TITLE_GRADES, education_class, title_grade

if TYPE_CHECKING:
    from .errors import Problem
    from .evaluation.engine import SchoolEvaluation
    from .model import ProgramInstance, Teacher, Term
    from .program import Figure
    from .records import Records
    from .report.facts import Facts

COUNT = "count"
SHARE = "share"
HOURS = "hours"
SCORE = "score"
FIGURE = "figure"

AND_ABOVE = "及以上"
ANY_LEVEL = "各级"
"""``backbone_level = "各级"``: a 骨干教师 of any level (also one whose level the roster omits)."""
SCHOOL_WIDE = "全校"
"""``where = { program = "全校" }``: the activities no program owns."""
SCOPES = ("个人", "集体")

TEACHER_FILTERS = ("role", "backbone_level", "title_grade", "education", "subject", "group",
                   "gender", "min_age", "max_age")
"""``where`` keys that select teachers (every metric about teachers takes them)."""
INT_FILTERS = ("min_age", "max_age")


@attrs.frozen
class Metric:
    """What a target may measure: ``measure`` names it in Chinese (``{who}`` is the teachers the
    filters select, ``{what}`` the metric's own filters), ``filters`` are its ``where`` keys,
    ``required`` those it cannot do without."""

    name: str
    kind: str
    unit: str
    measure: str
    filters: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    help: str = ""


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("teachers", COUNT, "人", "{who}人数", TEACHER_FILTERS, help="教师人数"),
    Metric("teachers_share", SHARE, "%", "{who}占专任教师的比例", TEACHER_FILTERS,
           help="教师占专任教师的比例"),
    Metric("participation", SHARE, "%", "{who}参训率", TEACHER_FILTERS,
           help="参加过研修活动的教师比例"),
    Metric("attendance_rate", SHARE, "%", "{who}研修活动出勤率", TEACHER_FILTERS,
           help="实到人次 ÷ 应到人次"),
    Metric("hours_total", HOURS, "学时", "{who}累计研修学时", TEACHER_FILTERS, help="累计学时"),
    Metric("hours_mean", HOURS, "学时", "{who}人均研修学时", TEACHER_FILTERS, help="人均学时"),
    Metric("hours_met", COUNT, "人", "{who}学时达标人数", TEACHER_FILTERS,
           help="学时达到每年要求的教师人数"),
    Metric("hours_met_share", SHARE, "%", "{who}学时达标率", TEACHER_FILTERS, help="学时达标率"),
    Metric("grade_count", COUNT, "人", "{who}考核{what}人数", (*TEACHER_FILTERS, "grade"),
           ("grade",), help="考核为某等级的人数"),
    Metric("grade_share", SHARE, "%", "{who}考核{what}", (*TEACHER_FILTERS, "grade"),
           ("grade",), help="考核为某等级的比例"),
    Metric("score_mean", SCORE, "分", "{who}考核总评平均分", TEACHER_FILTERS, help="总评平均分"),
    Metric("activities", COUNT, "次", "{what}次数", ("kind", "program"), help="研修活动次数"),
    Metric("awards", COUNT, "项", "{who}{what}获奖项数", ("level", "rank", "scope",
                                                         *TEACHER_FILTERS), help="荣誉与获奖项数"),
    Metric("award_teachers", COUNT, "人", "{what}获奖{who}人数", ("level", "rank",
                                                                 *TEACHER_FILTERS),
           help="获奖教师人数"),
    Metric("artifacts", COUNT, "项", "{who}{what}数量", ("kind", *TEACHER_FILTERS),
           help="上交的研修材料项数"),
    Metric("program", FIGURE, "", "{what}", help="figure = \"项目编号.数字名\" 所指的研修项目数字"),
)}

FILTER_HELP: dict[str, str] = {
    "role": "角色标签，如 “骨干教师”“青年教师”",
    "backbone_level": "骨干级别：" + "、".join(LEVELS) + "，或 “市级及以上”，或 “各级”",
    "title_grade": "职称等级：" + "、".join(g for g, _ in TITLE_GRADES) + "，或 “中级及以上”",
    "education": "学历：" + "、".join(e for e, _ in EDUCATION_CLASSES) + "，或 “本科及以上”",
    "subject": "学科，如 “语文”",
    "group": "教研组，如 “语文组”",
    "gender": "性别：男、女",
    "min_age": "最小年龄（整数，按学期结束之年计）",
    "max_age": "最大年龄（整数，按学期结束之年计），如 35",
    "grade": "考核等级，如 “优秀”，或 “良好及以上”",
    "kind": "活动类型或材料类别，如 “公开课”“论文”",
    "program": "项目编号，或 “全校”（不属于任何项目的活动）",
    "level": "级别：" + "、".join(LEVELS) + "，或 “市级及以上”",
    "rank": "等次，如 “一等奖”",
    "scope": "个人 或 集体",
}


# -- the model ----------------------------------------------------------------------------------
@attrs.frozen
class Target:
    """One ``[[targets]]`` entry, validated. ``where`` maps a filter key to the accepted values
    (strings, already normalised: ``市`` → ``市级``) or, for ages, to one whole number.
    ``due`` is a year (due in the report of any term ending in that year or later) or a date.
    ``file``/``key``/``line`` locate it for messages; ``district`` marks a target the district
    sets for every school."""

    metric: str
    title: str = ""
    where: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    figure: str = ""
    min: float | None = None
    max: float | None = None
    equals: float | None = None
    due: int | dt.date | None = None
    file: str = ""
    key: str = ""
    line: int | None = None
    district: bool = False

    @property
    def program_id(self) -> str:
        """The program a ``program`` target's figure belongs to."""
        return self.figure.split(".", 1)[0]

    @property
    def figure_key(self) -> str:
        return self.figure.split(".", 1)[1] if "." in self.figure else ""

    def is_due(self, term: Term) -> bool:
        """Whether a report of ``term`` judges the target (else an unmet one is 进行中)."""
        if self.due is None:
            return True
        if isinstance(self.due, dt.date):
            return term.end >= self.due
        return term.end.year >= self.due

    @property
    def due_text(self) -> str:
        if self.due is None:
            return ""
        if isinstance(self.due, dt.date):
            return f"{self.due.year}年{self.due.month}月{self.due.day}日"
        return f"{self.due}年"


class TargetStatus(enum.StrEnum):
    MET = "达成"
    UNMET = "未达成"
    IN_PROGRESS = "进行中"  # not met yet, not due yet
    UNKNOWN = "无法核算"  # the actual cannot be computed (a program not run, a figure not given)


@attrs.frozen
class TargetResult:
    """A target as judged in one term: its title (the school's, or one the core writes), the
    actual as shown, the status and — for 无法核算 — why."""

    target: Target
    title: str
    actual: Decimal | None
    actual_text: str
    status: TargetStatus
    reason: str = ""

    @property
    def status_text(self) -> str:
        """``进行中（期限2023年）`` for a multi-year target not yet due; else the status."""
        if self.status is TargetStatus.IN_PROGRESS and self.target.due_text:
            return f"{self.status}（期限{self.target.due_text}）"
        return str(self.status)


# -- validation helpers the config uses --------------------------------------------------------
def _tier(level: str) -> int:
    # 州级 is the 市级 tier: "市级及以上" includes a 州's teachers.
    return LEVELS.index("市级") if level == "州级" else LEVELS.index(level)


def expand_levels(value: str) -> tuple[str, ...]:
    """``市级及以上`` → 国家级, 省级, 市级, 州级; a level alone → itself."""
    if value.endswith(AND_ABOVE):
        top = _tier(value[: -len(AND_ABOVE)])
        return tuple(lv for lv in LEVELS if _tier(lv) <= top)
    return (value,)


def _ordered_and_above(value: str, order: Sequence[str]) -> tuple[str, ...]:
    if value.endswith(AND_ABOVE):
        base = value[: -len(AND_ABOVE)]
        return tuple(order[: order.index(base) + 1])
    return (value,)


def normalize_filter(key: str, value: str, grade_names: Sequence[str] = ()) -> str | None:
    """The canonical form of a ``where`` value, or ``None`` when it is not a known word
    (levels, 职称等级, 学历, grades and scopes are checked; other keys take any text)."""
    from .vocabulary import normalize_level

    word = "".join(value.split())
    if not word:
        return None
    base, above = (word[: -len(AND_ABOVE)], AND_ABOVE) if word.endswith(AND_ABOVE) else (word, "")
    if key in ("backbone_level", "level"):
        if key == "backbone_level" and word == ANY_LEVEL:
            return word
        level = normalize_level(base)
        return level + above if level else None
    if key == "title_grade":
        grades = [g for g, _ in TITLE_GRADES]
        found = base if base in grades else title_grade(base)
        return found + above if found else None
    if key == "education":
        classes = [e for e, _ in EDUCATION_CLASSES]
        found = base if base in classes else education_class(base)
        return found + above if found else None
    if key == "grade":
        from .evaluation.engine import UNRATED

        if base in grade_names or (base == UNRATED and not above):
            return word
        return None
    if key == "scope":
        return word if word in SCOPES else None
    return word


def known_words(key: str, grade_names: Sequence[str] = ()) -> tuple[str, ...]:
    """The words a checked ``where`` key accepts (for did-you-mean)."""
    if key in ("backbone_level", "level"):
        words = [*LEVELS, *(lv + AND_ABOVE for lv in LEVELS)]
        return tuple([*words, ANY_LEVEL] if key == "backbone_level" else words)
    if key == "title_grade":
        return tuple(g + s for g, _ in TITLE_GRADES for s in ("", AND_ABOVE))
    if key == "education":
        return tuple(e + s for e, _ in EDUCATION_CLASSES for s in ("", AND_ABOVE))
    if key == "grade":
        return tuple(g + s for g in grade_names for s in ("", AND_ABOVE))
    if key == "scope":
        return SCOPES
    return ()


# -- describing ----------------------------------------------------------------------------------
def _join(values: Sequence[str]) -> str:
    return "或".join(values)


def who_text(where: Mapping[str, Any]) -> str:
    """The teachers a target's filters select, as a noun: ``市级骨干教师``,
    ``35岁及以下语文青年教师``; ``教师`` when nothing is filtered."""
    parts: list[str] = []
    for key in ("group", "subject"):
        if key in where:
            parts.append(_join(where[key]))
    low, high = where.get("min_age"), where.get("max_age")
    if low is not None and high is not None:
        parts.append(f"{low}–{high}岁")
    elif high is not None:
        parts.append(f"{high}岁及以下")
    elif low is not None:
        parts.append(f"{low}岁及以上")
    if "gender" in where:
        parts.append(_join(where["gender"]) + "性")
    if "education" in where:
        parts.append(_join(where["education"]) + "学历")
    if "title_grade" in where:
        parts.append(_join(where["title_grade"]) + "职称")
    if "role" in where:
        if "backbone_level" in where:
            parts.append(_join(where["backbone_level"]))
        parts.append(_join(where["role"]))
    elif "backbone_level" in where:
        parts.append(_join(where["backbone_level"]) + "骨干教师")
    else:
        parts.append("教师")
    return "".join(parts)


def _grade_text(values: Sequence[str]) -> str:
    if len(values) == 1 and not values[0].endswith(AND_ABOVE):
        return f"{values[0]}率"
    return f"{_join(values)}的比例"


def measure_text(target: Target, figures: Mapping[str, Figure] | None = None,
                 titles: Mapping[str, str] | None = None) -> str:
    """What the target measures, without the bound: ``市级骨干教师人数``, ``教师人均研修学时``;
    a program figure as ``<program title><figure label>`` when the figure is known."""
    metric = METRICS[target.metric]
    where = target.where
    who = who_text({k: v for k, v in where.items() if k in TEACHER_FILTERS})
    if target.metric == "program":
        title = (titles or {}).get(target.program_id, target.program_id)
        figure = (figures or {}).get(target.figure)
        return f"{title}{figure.label}" if figure is not None else f"{title}（{target.figure_key}）"
    if target.metric in ("grade_count", "grade_share"):
        what = _join(where["grade"]) if target.metric == "grade_count" else _grade_text(where["grade"])
    elif target.metric == "activities":
        what = _join(where["kind"]) if "kind" in where else "研修活动"
        if "program" in where:
            names = [SCHOOL_WIDE if p == SCHOOL_WIDE else (titles or {}).get(p, p)
                     for p in where["program"]]
            what = _join(names) + what
    elif target.metric in ("awards", "award_teachers"):
        what = "".join(_join(where[k]) for k in ("scope", "level", "rank") if k in where)
    elif target.metric == "artifacts":
        what = _join(where["kind"]) if "kind" in where else "研修材料"
    else:
        what = ""
    if who == "教师" and target.metric in ("awards", "artifacts"):
        who = ""
    return metric.measure.format(who=who, what=what)


def _number(value: float | Decimal) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def value_text(value: float | Decimal, kind: str, unit: str) -> str:
    """A bound or an actual as a reader sees it: ``3人``, ``90%``, ``72学时``."""
    if kind == SHARE or unit == "%":
        return _number(Decimal(str(value)) * 100) + "%"
    return _number(value) + unit


def actual_text(value: Decimal, kind: str, unit: str) -> str:
    """An actual the way the summary's tables show it: shares and 学时 with one decimal
    (``86.3%``, ``76.4学时``), counts whole."""
    if kind == SHARE:
        return f"{_quantize(value * 100, '0.1'):.1f}%"
    if kind in (HOURS, SCORE):
        return f"{_quantize(value, '0.1'):.1f}{unit}"
    return _number(value) + unit


def bound_text(target: Target, unit: str | None = None) -> str:
    """``不少于3人``, ``不低于90%``, ``为1至3项``, ``为0人``."""
    metric = METRICS[target.metric]
    unit = metric.unit if unit is None else unit
    kind = metric.kind
    soft = kind in (SHARE, SCORE) or unit == "%"  # a level, not an amount
    if target.equals is not None:
        return "为" + value_text(target.equals, kind, unit)
    if target.min is not None and target.max is not None:
        low = value_text(target.min, kind, unit)
        high = value_text(target.max, kind, unit)
        if unit and low.endswith(unit) and unit != "%":
            low = low[: -len(unit)]
        return f"为{low}至{high}"
    if target.min is not None:
        return ("不低于" if soft else "不少于") + value_text(target.min, kind, unit)
    assert target.max is not None
    return ("不高于" if soft else "不超过") + value_text(target.max, kind, unit)


def describe(target: Target, figures: Mapping[str, Figure] | None = None,
             titles: Mapping[str, str] | None = None) -> str:
    """The target as a sentence part: the school's own title, else the measure and the bound
    (``市级骨干教师人数不少于3人``)."""
    if target.title:
        return target.title
    unit = None
    if target.metric == "program":
        figure = (figures or {}).get(target.figure)
        unit = figure.unit if figure is not None else ""
    return measure_text(target, figures, titles) + bound_text(target, unit)


# -- computing -----------------------------------------------------------------------------------
def _quantize(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    """A share as shown in a table (one decimal of a percent), as a ratio: 69/80 → 0.863."""
    if not whole:
        return None
    return _quantize(Decimal(100 * part) / Decimal(whole), "0.1") / 100


def _teacher_matches(teacher: Teacher, where: Mapping[str, Any], term: Term) -> bool:
    from .report.basics import backbone_level

    for key, values in where.items():
        if key == "role":
            if not set(values) & set(teacher.roles):
                return False
        elif key == "backbone_level":
            level = backbone_level(teacher)
            if level is None:
                return False
            accepted = {lv for v in values if v != ANY_LEVEL for lv in expand_levels(v)}
            if ANY_LEVEL not in values and level not in accepted:
                return False
        elif key == "title_grade":
            order = [g for g, _ in TITLE_GRADES]
            accepted = {g for v in values for g in _ordered_and_above(v, order)}
            if title_grade(teacher.title) not in accepted:
                return False
        elif key == "education":
            order = [e for e, _ in EDUCATION_CLASSES]
            accepted = {e for v in values for e in _ordered_and_above(v, order)}
            if education_class(teacher.education) not in accepted:
                return False
        elif key in ("subject", "group", "gender"):
            if getattr(teacher, key).strip() not in values:
                return False
        elif key in INT_FILTERS:
            age = teacher.age(term.end)
            if age is None or (age < values if key == "min_age" else age > values):
                return False
    return True


def _grades_accepted(values: Sequence[str], grade_names: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for v in values:
        out.update(_ordered_and_above(v, grade_names) if v.endswith(AND_ABOVE) else (v,))
    return out


@attrs.frozen
class TargetInputs:
    """What targets are computed from: the term's records read once (``facts``), the
    evaluation, the programs' figures by ``<program id>.<key>`` and the programs' titles."""

    facts: Facts
    records: Records
    term: Term
    evaluation: SchoolEvaluation | None = None
    figures: Mapping[str, Figure] = attrs.field(factory=dict)
    programs: Sequence[ProgramInstance] = ()

    @property
    def titles(self) -> dict[str, str]:
        return {p.id: p.display_title for p in self.programs}


def _actual(target: Target, inputs: TargetInputs) -> tuple[Decimal | None, str, str]:
    """(value as shown, text, reason when it cannot be computed)."""
    from .evaluation.engine import UNRATED
    from .report.facts import one

    metric = METRICS[target.metric]
    facts = inputs.facts
    who = {k: v for k, v in target.where.items() if k in TEACHER_FILTERS}
    teachers = [t for t in facts.teachers if _teacher_matches(t, who, inputs.term)]
    ids = {t.id for t in teachers}
    name = target.metric
    value: Decimal | None
    if name == "teachers":
        value = Decimal(len(teachers))
    elif name == "teachers_share":
        value = _share(len(teachers), len(facts.teachers))
    elif name == "participation":
        value = _share(sum(1 for t in teachers if facts.attended_rows[t.id] > 0), len(teachers))
    elif name == "attendance_rate":
        summary = inputs.records.attendance_summary()
        rows = [s for tid, s in summary.items() if tid in ids]
        value = _share(sum(s.attended for s in rows), sum(s.expected for s in rows))
    elif name in ("hours_total", "hours_mean"):
        total = sum((facts.teacher_hours(t) for t in teachers), Decimal(0))
        if name == "hours_total":
            value = total
        else:
            value = Decimal(one(total / len(teachers))) if teachers else None
    elif name == "hours_met":
        value = Decimal(sum(1 for t in teachers if facts.meets(t)))
    elif name == "hours_met_share":
        value = _share(sum(1 for t in teachers if facts.meets(t)), len(teachers))
    elif name in ("grade_count", "grade_share", "score_mean"):
        if inputs.evaluation is None:
            return None, "-", "没有考核评价结果"
        judged = [te for te in inputs.evaluation.teachers if te.teacher.id in ids]
        if name == "score_mean":
            totals = [Decimal(f"{te.total:.1f}") for te in judged if te.total is not None]
            value = Decimal(one(sum(totals, Decimal(0)) / len(totals))) if totals else None
        else:
            accepted = _grades_accepted(target.where["grade"], inputs.evaluation.grade_names)
            count = sum(1 for te in judged if (te.grade or UNRATED) in accepted)
            value = Decimal(count) if name == "grade_count" else _share(count, len(judged))
    elif name == "activities":
        programs = target.where.get("program")
        kinds = target.where.get("kind")
        found = [a for a in facts.activities
                 if (programs is None or (a.program or SCHOOL_WIDE) in programs)
                 and (kinds is None or a.kind in kinds)]
        value = Decimal(len(found))
    elif name in ("awards", "award_teachers"):
        levels = {lv for v in target.where.get("level", ()) for lv in expand_levels(v)}
        ranks = set(target.where.get("rank", ()))
        scopes = set(target.where.get("scope", ()))
        awards = [a for a in inputs.records.awards()
                  if (not levels or a.level in levels) and (not ranks or a.rank in ranks)
                  and (not scopes or ("个人" if a.teacher_id else "集体") in scopes)
                  and (not who or a.teacher_id in ids)]
        if name == "awards":
            value = Decimal(len(awards))
        else:
            value = Decimal(len({a.teacher_id for a in awards if a.teacher_id in ids}))
    elif name == "artifacts":
        kinds = target.where.get("kind")
        value = Decimal(sum(1 for a in inputs.records.artifacts()
                            if a.teacher_id in ids and (kinds is None or a.kind in kinds)))
    else:  # program
        if target.program_id not in inputs.titles:
            return None, "-", f"本校未启用编号为 {target.program_id!r} 的项目"
        figure = inputs.figures.get(target.figure)
        if figure is None:
            return None, "-", f"项目 {target.program_id!r} 没有给出 {target.figure_key!r}"
        raw = Decimal(str(figure.value))
        value = _quantize(raw * 100, "0.1") / 100 if figure.unit == "%" else raw
        return value, figure.text, ""
    if value is None:
        return None, "-", "没有可计的记录"
    return value, actual_text(value, metric.kind, metric.unit), ""


def _met(target: Target, value: Decimal) -> bool:
    def d(x: float) -> Decimal:
        return Decimal(str(x))

    if target.equals is not None:
        return value == d(target.equals)
    if target.min is not None and value < d(target.min):
        return False
    return not (target.max is not None and value > d(target.max))


def evaluate_targets(targets: Sequence[Target], inputs: TargetInputs) -> list[TargetResult]:
    """Each target with its actual and status, in the order given."""
    out = []
    for target in targets:
        if target.metric == "program" and target.district and \
                target.program_id not in inputs.titles:
            continue  # a district target about a program this school does not run
        value, text, reason = _actual(target, inputs)
        if value is None:
            status = TargetStatus.UNKNOWN
        elif _met(target, value):
            status = TargetStatus.MET
        else:
            status = TargetStatus.UNMET if target.is_due(inputs.term) else TargetStatus.IN_PROGRESS
        out.append(TargetResult(target, describe(target, inputs.figures, inputs.titles), value,
                                text, status, reason))
    return out


def figures_by_key(found: Sequence[tuple[ProgramInstance, Sequence[Figure]]]) -> dict[str, Figure]:
    """``<program id>.<key>`` → figure, from :meth:`App.program_figures`."""
    return {f"{inst.id}.{f.key}": f for inst, figs in found for f in figs}


def target_problems(targets: Sequence[Target], enabled: Collection[str],
                    figures: Callable[[], Mapping[str, Figure]]) -> list[Problem]:
    """What ``check`` says about the targets once programs run: a ``program`` target naming a
    figure its program does not give (with the figures it does give), and a share bound (> 1)
    on a percentage figure. ``enabled``: the school's program ids; ``figures`` is called (the
    programs run) only when a target of an enabled program asks for a figure."""
    from .config.reader import did_you_mean
    from .errors import Problem

    wanted = [t for t in targets if t.metric == "program" and t.program_id in enabled]
    if not wanted:
        return []
    given = figures()
    problems = []
    for t in wanted:
        where = f"{t.key}.figure"
        figure = given.get(t.figure)
        if figure is None:
            own = sorted(k for k in given if k.startswith(t.program_id + "."))
            problems.append(Problem(
                f"项目 {t.program_id!r} 没有名为 {t.figure_key!r} 的数字{did_you_mean(t.figure, own)}",
                file=t.file, where=where, line=t.line, value=t.figure,
                expected="该项目给出的数字之一：" + ("、".join(own) or "（无）")))
        elif figure.unit == "%" and any(b is not None and b > 1 for b in (t.min, t.max, t.equals)):
            problems.append(Problem(
                "该数字是比例，界限应写成 0 到 1 之间的小数", file=t.file, where=where,
                line=t.line, value=t.figure, expected="如 min = 0.9（即 90%）"))
    return problems
