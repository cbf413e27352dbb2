"""The core's 校本研修工作总结, assembled from its parts in the order the outline gives.

Parts (see ``report.settings``): 基本情况 (``basics.py``), the programs' own sections, the
school-wide activities told kind by kind (``activities.py``), 荣誉与获奖 (``awards.py``),
考核评价, 目标达成情况 (the school's ``[[targets]]``), 存在的问题 and 下步打算 (``review.py``).
Every figure is computed from the records; the Chinese prose around the figures comes from
templates (``yanxiu_core/templates/report_*.md.j2``) that a district may override. Tables
marked as detail or longer than the outline allows go to 附表 at the end
(``outline.with_appendix``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..document import Block, Report, Section, text_blocks
from ..evaluation.engine import SchoolEvaluation
from ..evaluation.policy import EvaluationSettings
from ..hours import Credit, HoursPolicy
from ..model import ProgramInstance, School, Term
from ..program import Finding
from ..records import Records
from ..targets import TargetResult
from .activities import activities_section
from .awards import award_blocks
from .basics import basics_blocks
from .facts import Facts, cn_date
from .outline import Parts, ProgramPart, arrange, numbered, with_appendix
from .review import core_problems, evaluation_blocks, problem_and_next_blocks, target_blocks
from .settings import ReportSettings


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
    settings: ReportSettings | None = None,
    program_basics: Sequence[Block] = (),
    targets: Sequence[TargetResult] = (),
    credits: Sequence[Credit] = (),
) -> Report:
    """The school's 校本研修工作总结 as a document.

    ``program_sections`` are the enabled programs' sections (``Section.key`` = instance id) in
    config order; ``program_basics`` what they add to 基本情况; ``findings`` their problems and
    next steps; ``failures`` messages of plugin hooks that raised (listed under 存在的问题 so a
    reader knows a part is missing); ``targets`` the school's targets judged on the year (目标达成情况;
    an unmet one is also a 存在的问题); ``credits`` the programs' time besides attendance, counted in
    the 学时 figures. ``text(template, **values)`` renders prose.
    """
    settings = settings or ReportSettings()
    facts = Facts.read(records, hours, credits)
    common: dict[str, Any] = dict(school=school, district_name=district_name, term=term)
    problems, next_steps = problem_and_next_blocks(
        core_problems(facts, records, policy, programs, targets), findings, failures, common,
        text)
    types = {p.id: p.type for p in programs}
    activities = activities_section(facts, common, text)
    subsection_titles = [s.title for s in program_sections] + (
        [activities.title] if activities is not None else [])
    intro = text("report_work.md.j2", **common, program_titles=[p.display_title for p in programs],
                 section_titles=subsection_titles)
    parts = Parts(
        blocks={
            "basics": tuple(basics_blocks(facts, term, programs, settings, common,
                                          program_basics, text)),
            "awards": tuple(award_blocks(records.awards(), facts.teachers, common, text)),
            "evaluation": tuple(evaluation_blocks(evaluation, policy, common, text)),
            "targets": tuple(target_blocks(targets, common, text)),
            "problems": problems,
            "next_steps": next_steps,
        },
        programs=tuple(ProgramPart(s.key, types.get(s.key, s.key), s) for s in program_sections),
        activities=activities,
        work_intro=text_blocks(intro),
    )
    preamble = text("report_preamble.md.j2", **common, teacher_count=len(facts.teachers),
                    program_titles=[p.display_title for p in programs],
                    activity_count=len(facts.activities))
    day = settings.signature_date or term.end
    report = Report(
        title=text("report_title.md.j2", **common),
        sections=numbered(arrange(settings.outline, parts)),
        preamble=text_blocks(preamble),
        signature=(settings.signed_by or school.name, cn_date(day)),
        author=school.name,
        date=day,
    )
    return with_appendix(report, settings.max_body_rows)
