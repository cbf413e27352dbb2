"""The district's 校本研修工作汇总: every school side by side, as a document any renderer writes.

Sections: 总体情况 (and the schools that could not be rolled up, with the reason), 参训与学时,
考核等级, 研修项目 (one table per program type, each school's figures by label), 荣誉与获奖,
排名 (only the figures the district ranks by), 存在的问题 (per school). The numbers are those of
:mod:`.collect`, i.e. the schools' own summaries'; district totals are sums of the shown school
figures and shares of those sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from ..document import Block, BulletList, Chart, ChartSeries, KeyFigures, Paragraph, Report, Section, Table
from ..model import Term
from ..report.facts import cn_date, dec, one, rate, whole_percent
from ..report.outline import numbered
from ..vocabulary import level_rank
from .collect import SchoolFigures
from .rank import ranking_blocks
from .settings import DistrictReportSettings

PROBLEMS_SHOWN = 20
"""Problems listed per school; the rest are counted."""


def build_district_report(district_name: str, term: Term, schools: Sequence[SchoolFigures],
                          settings: DistrictReportSettings | None = None,
                          day: dt.date | None = None) -> Report:
    """The roll-up of ``schools`` (failed ones included, with their reasons)."""
    settings = settings or DistrictReportSettings()
    good = [s for s in schools if not s.failed]
    sections = [
        Section("总体情况", tuple(_overview(term, schools, good)), key="overview"),
        Section("教师参训与学时", tuple(_hours(good)), key="hours"),
        Section("考核等级", tuple(_grades(good)), key="grades"),
        _programs(good),
        Section("荣誉与获奖", tuple(_awards(good)), key="awards"),
    ]
    if any(s.targets for s in good):
        sections.append(Section("目标达成情况", tuple(_targets(good)), key="targets"))
    if settings.rank_by:
        sections.append(Section("排名", tuple(ranking_blocks(settings.rank_by, schools)),
                                key="ranking"))
    sections.append(_problems(schools))
    day = day or term.end
    return Report(
        title=f"{district_name}校本研修工作汇总",
        subtitle=f"{term.name}（{len(schools)}所学校）",
        sections=numbered(sections),
        signature=(district_name, cn_date(day)),
        author=district_name,
        date=day,
    )


def _targets(schools: Sequence[SchoolFigures]) -> list[Block]:
    """Each school's targets by status; a school without targets is listed with none."""
    from ..targets import TargetStatus

    statuses = [str(s) for s in TargetStatus]
    rows = []
    for school in schools:
        counts = dict(school.targets)
        rows.append((school.name, str(sum(counts.values())),
                     *(str(counts.get(status, 0)) for status in statuses)))
    unmet = sum(dict(s.targets).get(str(TargetStatus.UNMET), 0) for s in schools)
    text = (f"各校在研修方案中提出的目标，按学年末的记录核算；{unmet}项到期目标未达成，"
            "见“存在的问题”。" if unmet else "各校在研修方案中提出的目标，按学年末的记录核算；"
            "到期目标均已达成。")
    table = Table(("学校", "目标数", *statuses), tuple(rows), caption="各校研修目标达成情况")
    return [Paragraph(text), table.with_total(columns=table.columns[1:])]


def _sum_hours(schools: Sequence[SchoolFigures]) -> Decimal:
    return sum((dec(s.total_hours) for s in schools), Decimal(0))


def _overview(term: Term, schools: Sequence[SchoolFigures],
              good: Sequence[SchoolFigures]) -> list[Block]:
    failed = [s for s in schools if s.failed]
    teachers = sum(s.teachers for s in good)
    participants = sum(s.participants for s in good)
    met = sum(s.met for s in good)
    total = _sum_hours(good)
    mean = one(total / teachers) if teachers else "0.0"
    awards = sum(s.award_count for s in good)
    text = f"{term.name}，全区{len(schools)}所学校开展校本研修，已汇总{len(good)}所"
    text += f"，{len(failed)}所未能汇总（见下表）。" if failed else "。"
    if teachers:
        text += (f"已汇总的学校共有专任教师{teachers}人，参加校本研修{participants}人，"
                 f"占{whole_percent(participants, teachers)}；教师累计获得研修学时{total:.1f}学时，"
                 f"人均{mean}学时；{met}人达到本校每年的学时要求，"
                 f"达标率{whole_percent(met, teachers)}；各级荣誉与获奖{awards}项。")
    blocks: list[Block] = [Paragraph(text), KeyFigures((
        ("学校", f"{len(schools)}所"), ("已汇总", f"{len(good)}所"), ("专任教师", f"{teachers}人"),
        ("人均学时", f"{mean}学时"), ("学时达标", f"{met}/{teachers}人"),
        ("荣誉与获奖", f"{awards}项")))]
    if failed:
        blocks.append(Table(("学校", "编号", "原因"),
                            tuple((s.name, s.id, s.failure) for s in failed),
                            caption="未能汇总的学校"))
    return blocks


def _hours(good: Sequence[SchoolFigures]) -> list[Block]:
    if not good:
        return [Paragraph("没有可汇总的学校。")]
    rows = tuple((s.name, str(s.teachers), str(s.participants), rate(s.participants, s.teachers),
                  s.total_hours, s.hours_mean, s.required_hours, str(s.met), rate(s.met, s.teachers))
                 for s in good)
    teachers = sum(s.teachers for s in good)
    participants = sum(s.participants for s in good)
    met = sum(s.met for s in good)
    total = _sum_hours(good)
    footer = ("合计", str(teachers), str(participants), rate(participants, teachers), f"{total:.1f}",
              one(total / teachers) if teachers else "0.0", "-", str(met), rate(met, teachers))
    table = Table(("学校", "专任教师", "参训人数", "参训率", "累计学时", "人均学时", "学时要求",
                   "达标人数", "达标率"), rows, caption="各校教师参训与学时", total=footer)
    names = tuple(s.name for s in good)
    return [table,
            Chart("各校人均学时", "hbar", names,
                  (ChartSeries("人均学时", tuple(float(s.hours_mean) for s in good)),),
                  unit="学时", table_elsewhere=True),
            Chart("各校学时达标率", "hbar", names,
                  (ChartSeries("达标率", tuple(_share(s.met, s.teachers) for s in good)),),
                  unit="%", table_elsewhere=True)]


def _share(part: int, whole: int) -> float:
    return float(one(Decimal(100 * part) / Decimal(whole))) if whole else 0.0


def _grade_names(good: Sequence[SchoolFigures]) -> list[str]:
    """Every grade any school shows, in the order the schools' policies give them."""
    return list(dict.fromkeys(g for s in good for g, _ in s.grades))


def _grades(good: Sequence[SchoolFigures]) -> list[Block]:
    names = _grade_names(good)
    if not good or not names:
        return [Paragraph("没有可汇总的考核结果。")]
    top = good[0].top_grade
    rows = tuple((s.name, *(str(s.grade_count(g)) for g in names), str(s.teachers),
                  rate(s.grade_count(s.top_grade), s.teachers)) for s in good)
    table = Table(("学校", *names, "合计", f"{top}率"), rows, caption="各校考核等级分布")
    table = table.with_total(columns=(*names, "合计"))
    assert table.total is not None
    whole = int(table.total[-2])
    tops = sum(s.grade_count(s.top_grade) for s in good)
    table = Table(table.columns, table.rows, table.caption, (*table.total[:-1], rate(tops, whole)))
    chart = Chart("各校考核等级分布（占比）", "hbar", tuple(s.name for s in good), tuple(
        ChartSeries(g, tuple(_share(s.grade_count(g), s.teachers) for s in good)) for g in names),
        unit="%", table_elsewhere=True)
    blocks: list[Block] = [table, chart]
    if any(s.top_grade != top for s in good):
        blocks.insert(0, Paragraph("各校的等级名称不尽相同；“率”一列为各校最高等级所占比例。"))
    return blocks


def _programs(good: Sequence[SchoolFigures]) -> Section:
    enabled = [s for s in good if s.programs]
    if not enabled:
        return Section("研修项目", (Paragraph("各校均未启用研修项目。"),), key="programs")
    overview = Table(("学校", "项目数", "研修项目"), tuple(
        (s.name, str(len(s.programs)), "、".join(p.title for p in s.programs) or "-")
        for s in good), caption="各校启用的研修项目")
    types = list(dict.fromkeys((p.type, p.type_title) for s in good for p in s.programs))
    subsections = []
    for type_name, type_title in types:
        instances = [(s, p) for s in good for p in s.programs if p.type == type_name]
        labels = list(dict.fromkeys(f.label for _, p in instances for f in p.figures))
        rows = []
        for school, program in instances:
            by_label = {f.label: f.text for f in program.figures}
            rows.append((school.name, program.title, *(by_label.get(lb, "-") for lb in labels)))
        blocks: list[Block] = [Paragraph(f"{len({s.id for s, _ in instances})}所学校开展{type_title}。")]
        blocks.append(Table(("学校", "项目名称", *labels), tuple(rows), caption=f"各校{type_title}"))
        subsections.append(Section(type_title, tuple(blocks), key=type_name))
    return Section("研修项目", (overview,), key="programs", subsections=tuple(subsections))


def _awards(good: Sequence[SchoolFigures]) -> list[Block]:
    levels = sorted({lv for s in good for lv, _ in s.awards}, key=level_rank)
    if not levels:
        return [Paragraph("各校本学年均未登记荣誉与获奖。")]
    rows = tuple((s.name, *(str(dict(s.awards).get(lv, 0)) for lv in levels), str(s.award_count))
                 for s in good)
    table = Table(("学校", *levels, "合计"), rows, caption="各校荣誉与获奖（按级别，项）")
    blocks: list[Block] = [table.with_total(columns=(*levels, "合计"))]
    if len(good) > 1:
        blocks.append(Chart("各校荣誉与获奖", "hbar", tuple(s.name for s in good), (
            ChartSeries("荣誉与获奖", tuple(float(s.award_count) for s in good)),), unit="项",
            table_elsewhere=True))
    return blocks


def _problems(schools: Sequence[SchoolFigures]) -> Section:
    flagged = [s for s in schools if s.failed or s.problems]
    if not flagged:
        return Section("存在的问题", (Paragraph("各校均未发现需要关注的问题。"),), key="problems")
    intro = Paragraph(f"{len(flagged)}所学校存在需要关注的问题" + (
        f"，其中{sum(s.failed for s in flagged)}所未能汇总" if any(s.failed for s in flagged)
        else "") + "。")
    subsections = []
    for school in flagged:
        items = [school.failure] if school.failed else list(school.problems[:PROBLEMS_SHOWN])
        if not school.failed and len(school.problems) > PROBLEMS_SHOWN:
            items.append(f"另有 {len(school.problems) - PROBLEMS_SHOWN} 个问题未列出")
        subsections.append(Section(school.label, (BulletList(tuple(items)),), key=school.id))
    return Section("存在的问题", (intro,), key="problems", subsections=tuple(subsections))
