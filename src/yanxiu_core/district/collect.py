"""Each school's figures for the district roll-up, read the way the school's own summary reads
them (``report.facts``, ``report.basics``, the evaluation and the programs' figures), so every
number equals the one in that school's 总结.

A school that cannot be rolled up — its config is broken, its data is refused on import, its
evaluation raises — is kept with the reason (``导入失败：…``) instead of the figures; the other
schools go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..errors import ConfigError, DataError, Problem, YanxiuError
from ..program import Figure, Finding, FindingKind
from ..report.basics import role_table
from ..report.facts import Facts, dec, one, rate
from ..report.review import unmet_targets
from ..targets import TargetStatus
from ..toolkit import quoted
from ..vocabulary import level_rank
from .settings import METRICS

if TYPE_CHECKING:
    from ..app import App

CONFIG_FAILED = "配置有误"
IMPORT_FAILED = "导入失败"
EVALUATION_FAILED = "汇总失败"
PROBLEMS_NAMED = 2
"""Problems of a failed school named in its one-line reason; the rest are counted."""


@attrs.frozen
class ProgramFigures:
    """One enabled program instance of a school: its type, the school's title, its figures."""

    type: str
    type_title: str
    title: str
    figures: tuple[Figure, ...]


@attrs.frozen
class SchoolFigures:
    """What the roll-up shows of one school. ``failure`` (one Chinese line) is set when the
    school could not be rolled up; its figures are then empty.

    ``total_hours`` and ``hours_mean`` are the texts of the school's 基本情况 (the sum of the
    shown rows, and that sum over the teachers with one decimal); ``grades`` the grade
    distribution of 考核评价 in policy order; ``awards`` the count of awards (teachers' and the
    school's) per level, highest level first; ``problems`` the unmet targets (worded as in the
    school's 存在的问题), the programs' 存在的问题, the rule problems ``check`` reports and the
    plugin failures, one line each; ``targets`` the school's targets counted by status.
    """

    id: str
    name: str
    failure: str = ""
    teachers: int = 0
    participants: int = 0
    total_hours: str = "0.0"
    hours_mean: str = "0.0"
    met: int = 0
    required_hours: str = ""
    grades: tuple[tuple[str, int], ...] = ()
    top_grade: str = ""
    programs: tuple[ProgramFigures, ...] = ()
    awards: tuple[tuple[str, int], ...] = ()
    problems: tuple[str, ...] = ()
    targets: tuple[tuple[str, int], ...] = ()  # (status, count) of the school's targets
    imported: int = 0  # files this run imported (unchanged files are skipped)

    @property
    def failed(self) -> bool:
        return bool(self.failure)

    @property
    def label(self) -> str:
        """``城南实验小学（chengnan）``: the name and the id a district office types."""
        return f"{self.name}（{self.id}）" if self.name != self.id else self.id

    def grade_count(self, grade: str) -> int:
        return dict(self.grades).get(grade, 0)

    @property
    def award_count(self) -> int:
        return sum(n for _, n in self.awards)

    def metric(self, key: str) -> tuple[Decimal, str]:
        """A figure of :data:`~.settings.METRICS` as a number (to rank by) and as shown."""
        n = self.teachers
        counts: dict[str, tuple[int, int] | None] = {
            "participation": (self.participants, n),
            "hours_met_share": (self.met, n),
            "excellent_share": (self.grade_count(self.top_grade), n),
        }
        if key in counts:
            part, whole = counts[key] or (0, 0)
            return (Decimal(part) / Decimal(whole) if whole else Decimal(-1)), rate(part, whole)
        if key == "hours_mean":
            return dec(self.hours_mean), self.hours_mean
        if key == "teachers":
            return Decimal(n), str(n)
        if key == "awards":
            return Decimal(self.award_count), str(self.award_count)
        raise KeyError(f"unknown metric {key!r}; known: {', '.join(METRICS)}")


def collect_district(app: App, *, import_data: bool = True, reraise: bool = False,
                     progress: Callable[[SchoolFigures], None] | None = None
                     ) -> list[SchoolFigures]:
    """Every school of the workspace, good or broken, in file order (see :func:`collect_school`);
    ``progress`` is told of each school as it is done."""
    out = []
    for sid in app.school_ids(include_broken=True):
        school = collect_school(app, sid, import_data=import_data, reraise=reraise)
        if progress is not None:
            progress(school)
        out.append(school)
    return out


def collect_school(app: App, sid: str, *, import_data: bool = True,
                   reraise: bool = False) -> SchoolFigures:
    """One school's figures, after importing its configured data files (the files already
    imported with the same content are skipped, as ``run`` does) unless ``import_data`` is
    false. ``reraise``: let an unexpected error of the evaluation propagate (for
    ``--traceback``) instead of listing the school as failed."""
    if sid in app.config.broken:
        return SchoolFigures(sid, sid, failure=reason(CONFIG_FAILED, app.broken_problems(sid)))
    name = app.school_config(sid).name
    problems = app.config_problems(sid)
    if problems:
        return SchoolFigures(sid, name, failure=reason(CONFIG_FAILED, problems))
    imported = 0
    if import_data:
        try:
            imported = sum(not r.already_imported for r in app.import_configured(sid))
        except (ConfigError, DataError) as exc:
            kind = CONFIG_FAILED if isinstance(exc, ConfigError) else IMPORT_FAILED
            return SchoolFigures(sid, name, failure=error_reason(kind, exc))
        except OSError as exc:
            where = f"{exc.filename}：" if exc.filename else ""
            return SchoolFigures(sid, name,
                                 failure=f"{IMPORT_FAILED}：{where}{exc.strerror or exc}")
    try:
        return attrs.evolve(school_figures(app, sid), imported=imported)
    except YanxiuError as exc:
        return SchoolFigures(sid, name, failure=error_reason(EVALUATION_FAILED, exc))
    except Exception as exc:
        if reraise:
            raise
        return SchoolFigures(sid, name,
                             failure=f"{EVALUATION_FAILED}：{type(exc).__name__}: {exc}")


def school_figures(app: App, sid: str) -> SchoolFigures:
    """The figures of a school whose config is valid, from the store as it is."""
    cfg = app.school_config(sid)
    records = app.records(sid)
    facts = Facts.read(records, cfg.hours, app.credits(sid))
    evaluation = app.evaluate(sid, evidence=False)
    roles = role_table(facts)  # 基本情况's table: its 合计 is the school's 累计学时
    assert roles.total is not None
    total_hours = roles.total[2]
    n = len(facts.teachers)
    awards: dict[str, int] = {}
    for award in records.awards():
        awards[award.level] = awards.get(award.level, 0) + 1
    programs = tuple(
        ProgramFigures(inst.type, app.program_types[inst.type].title, inst.display_title,
                       tuple(figures))
        for inst, figures in app.program_figures(sid))
    targets = app.targets(sid, evaluation)
    problems = [f"研修目标{quoted(t['title'])}未达成，实际为{t['actual']}。"
                for t in unmet_targets(targets)]
    problems += [" ".join(f.text.split()) for f in _findings(app, sid)
                 if f.kind is FindingKind.PROBLEM]
    if app.has_roster(sid):
        problems += [str(p) for p in app.rule_problems(sid)]
    problems += app.school_failures(sid)
    return SchoolFigures(
        id=sid, name=cfg.name, teachers=n, participants=facts.participants(),
        total_hours=total_hours,
        hours_mean=one(dec(total_hours) / n) if n else "0.0",  # as 基本情况 writes 人均学时
        met=sum(facts.meets(t) for t in facts.teachers),
        required_hours=f"{cfg.hours.required_hours:g}",
        grades=tuple(evaluation.grade_distribution()),
        top_grade=evaluation.grade_names[0] if evaluation.grade_names else "",
        programs=programs,
        awards=tuple(sorted(awards.items(), key=lambda kv: level_rank(kv[0]))),
        problems=tuple(dict.fromkeys(problems)),
        targets=tuple((str(status), n) for status in TargetStatus
                      if (n := sum(1 for t in targets if t.status is status))),
    )


def _findings(app: App, sid: str) -> list[Finding]:
    found: list[Finding] = []
    for instance in app.programs(sid):
        ctx = app.context(sid, instance)
        found.extend(app.host.call(instance.type, "findings", ctx, default=[]) or [])
    return found


def reason(kind: str, problems: Sequence[Problem], head: str = "") -> str:
    """``配置有误：<head>：<first problem>；<second>（另有 3 处）`` — one line."""
    named = [" ".join(str(p).split()) for p in problems[:PROBLEMS_NAMED]]
    more = len(problems) - len(named)
    text = "；".join(named) + (f"（另有 {more} 处）" if more > 0 else "")
    return f"{kind}：" + "：".join(t for t in (head, text) if t) if head or text else kind


def error_reason(kind: str, exc: YanxiuError) -> str:
    """A :class:`YanxiuError` as one line: its message (without a repeated ``导入失败：``),
    then its first problems."""
    head = " ".join(str(exc.args[0] if exc.args else "").split())
    return reason(kind, exc.problems, head.removeprefix(f"{kind}："))
