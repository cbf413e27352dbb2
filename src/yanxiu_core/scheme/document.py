"""The school's 校本研修方案 as a document: what ``[plan]`` states, the enabled programs and what
they plan, the calendar by month, the targets — rendered like the 总结 (md, docx, html, json).

一、指导思想（与研修主题） 二、研修目标 三、组织机构 四、研修项目与内容 五、研修安排 六、保障措施,
then the signature; the session-by-session calendar goes to a 附表. A part the school has not
stated is left out (:func:`scheme_gaps` says which, for the command to tell the user). The prose
comes from templates (``scheme_*.md.j2``) a district may override like the 总结's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..document import Block, Report, Section, Table, text_blocks
from ..report.facts import cn_date, cn_month
from ..report.outline import numbered, with_appendix
from ..targets import describe, figures_by_key, measure_text
from ..toolkit import weekday_name
from .model import Member, SchoolPlan

if TYPE_CHECKING:
    from ..app import App
    from ..config import SchoolConfig
    from ..model import ProgramInstance
    from ..program import Figure, PlannedSession


def person(member: Member, names: Mapping[str, str]) -> str:
    """Who holds a role, as a cell: ``韩立德（校长）``, ``学科组长：曹晨航、叶国雅``, ``全体教师``."""
    people = [*member.names, *(names.get(tid, tid) for tid in member.teachers)]
    if not people:
        return member.post
    if not member.post:
        return "、".join(people)
    if len(people) == 1:
        return f"{people[0]}（{member.post}）"
    return f"{member.post}：{'、'.join(people)}"


def _holder(member: Member, names: Mapping[str, str]) -> str:
    """How a sentence names a role's holder: the post if there is one, else the people."""
    return member.post or "、".join([*member.names, *(names.get(t, t) for t in member.teachers)])


def _guiding(plan: SchoolPlan, common: dict[str, Any], text: Callable[..., str]) -> Section | None:
    if not (plan.guiding or plan.theme):
        return None
    title = "指导思想与研修主题" if plan.guiding and plan.theme else (
        "指导思想" if plan.guiding else "研修主题")
    paragraphs = [p.strip() for p in plan.guiding.split("\n\n") if p.strip()]
    blocks = text_blocks(text("scheme_guiding.md.j2", **common, guiding=paragraphs,
                              theme=plan.theme))
    return Section(title, blocks, key="guiding")


def _aims(plan: SchoolPlan, cfg: SchoolConfig, common: dict[str, Any], text: Callable[..., str],
          figures: Mapping[str, Figure], titles: Mapping[str, str]) -> Section | None:
    if not (plan.aims or plan.targets):
        return None
    rows = []
    for t in plan.targets:
        title = describe(t, figures, titles) + ("（区定目标）" if t.district else "")
        measure = measure_text(t, figures, titles)
        figure = figures.get(t.figure) if t.metric == "program" else None
        if figure is not None and figure.unit and figure.unit != "%":
            measure += f"（{figure.unit}）"
        rows.append((title, measure, t.due_text or f"{cfg.term.name}末"))
    blocks: list[Block] = [*text_blocks(text("scheme_aims.md.j2", **common, aims=list(plan.aims),
                                             target_count=len(rows)))]
    if rows:
        blocks.append(Table(("目标", "核算口径", "完成期限"), tuple(rows), caption="可核算的研修目标"))
    return Section("研修目标", tuple(blocks), key="aims")


def _organisation(plan: SchoolPlan, names: Mapping[str, str], common: dict[str, Any],
                  text: Callable[..., str]) -> Section | None:
    subsections = []
    for part, title, members, label, caption in (
            ("group", "领导小组", plan.leading_group, "小组职务", "校本研修领导小组"),
            ("network", "研修网络", plan.network, "层级", "校本研修网络")):
        if not members:
            continue
        values = [dict(role=m.role, holder=_holder(m, names), person=person(m, names),
                       duty=m.duty) for m in members]
        duties = any(m.duty for m in members)
        columns = (label, "成员" if part == "group" else "负责人", *(("职责",) if duties else ()))
        rows = tuple((m.role, person(m, names), *((m.duty,) if duties else ())) for m in members)
        blocks = [*text_blocks(text("scheme_organisation.md.j2", **common, part=part,
                                    members=values)),
                  Table(columns, rows, caption=caption)]
        subsections.append(Section(title, tuple(blocks), key=f"organisation.{part}"))
    if not subsections:
        return None
    return Section("组织机构", key="organisation", subsections=tuple(subsections))


def _programs(app: App, school_id: str, programs: Sequence[ProgramInstance],
              sessions: Sequence[PlannedSession], plan: SchoolPlan, common: dict[str, Any],
              text: Callable[..., str], figures: Mapping[str, Figure]) -> Section | None:
    if not programs:
        return None
    titles = {p.id: p.display_title for p in programs}
    people: dict[str, dict[str, set[str]]] = {}  # program id -> role -> teacher ids
    for instance, membership in app.memberships(school_id):
        roles = people.setdefault(instance.id, {})
        roles.setdefault(membership.role, set()).add(membership.teacher_id)
    subsections = []
    for p in programs:
        own = sorted((s for s in sessions if s.program == p.id), key=lambda s: s.start_at)
        places = list(dict.fromkeys(s.place for s in own if s.place))
        kinds = Counter(s.kind for s in own if s.kind)
        targets = [describe(t, figures, titles) for t in plan.targets
                   if t.metric == "program" and t.program_id == p.id]
        blocks = text_blocks(text(
            "scheme_program.md.j2", **common, program=p,
            description=_description(app, p), session_count=len(own),
            first=cn_date(own[0].date) if own else "", last=cn_date(own[-1].date) if own else "",
            places=places,
            kinds=list(kinds.items()),
            roles=[(role, len(ids)) for role, ids in people.get(p.id, {}).items()],
            targets=targets))
        subsections.append(Section(p.display_title, blocks, key=p.id))
    intro = text_blocks(text("scheme_programs.md.j2", **common,
                             program_titles=[p.display_title for p in programs],
                             session_count=len(sessions)))
    return Section("研修项目与内容", intro, key="programs", subsections=tuple(subsections))


def _description(app: App, program: ProgramInstance) -> str:
    ptype = app.program_types.get(program.type)
    return (ptype.description if ptype is not None else "").strip().rstrip("。")


def calendar_tables(sessions: Sequence[PlannedSession],
                    titles: Mapping[str, str]) -> tuple[Table, Table]:
    """The sessions by month (月份 | 活动次数 | 安排) and one by one (a detail table for 附表)."""
    ordered = sorted(sessions, key=lambda s: (s.start_at, s.program, s.title))
    months: dict[str, list[PlannedSession]] = {}
    for s in ordered:
        months.setdefault(cn_month(s.date), []).append(s)
    order = {pid: i for i, pid in enumerate(titles)}  # programs in config order
    rows = []
    for month, items in months.items():
        per_program = Counter(s.program for s in items)
        ids = sorted(per_program, key=lambda pid: (order.get(pid, len(order)), pid))
        rows.append((month, str(len(items)),
                     "、".join(f"{titles.get(pid, pid)}{per_program[pid]}次" for pid in ids)))
    by_month = Table(("月份", "活动次数", "安排"), tuple(rows),
                     caption="各月研修安排").with_total(columns=("活动次数",))

    def when(s: PlannedSession) -> str:
        if s.start is None:
            return ""
        return s.start.strftime("%H:%M") + (f"–{s.end.strftime('%H:%M')}" if s.end else "")

    detail = Table(("日期", "星期", "时间", "项目", "内容", "地点", "主讲人"), tuple(
        (s.date.isoformat(), weekday_name(s.date), when(s), titles.get(s.program, s.program),
         s.title, s.place, s.speaker) for s in ordered), caption="研修活动安排表", appendix=True)
    return by_month, detail


def _calendar(sessions: Sequence[PlannedSession], titles: Mapping[str, str],
              common: dict[str, Any], text: Callable[..., str]) -> Section | None:
    if not sessions:
        return None
    by_month, detail = calendar_tables(sessions, titles)
    first = min(s.date for s in sessions)
    last = max(s.date for s in sessions)
    blocks = text_blocks(text("scheme_calendar.md.j2", **common, session_count=len(sessions),
                              month_count=len(by_month.rows), first=cn_date(first),
                              last=cn_date(last)))
    return Section("研修安排", (*blocks, by_month, detail), key="calendar")


def _measures(plan: SchoolPlan, common: dict[str, Any], text: Callable[..., str]) -> Section | None:
    if not plan.measures:
        return None
    blocks = text_blocks(text("scheme_measures.md.j2", **common, measures=list(plan.measures)))
    return Section("保障措施", blocks, key="measures")


def build_scheme(app: App, school_id: str) -> Report:
    """The school's 研修方案 for its configured term."""
    cfg = app.school_config(school_id)
    plan = cfg.plan
    school = app.school(school_id)
    programs = app.programs(school_id)
    sessions = app.plan(school_id)
    titles = {p.id: p.display_title for p in programs}
    figures: dict[str, Figure] = {}
    if any(t.metric == "program" for t in plan.targets):
        figures = figures_by_key(app.program_figures(school_id))
    names: dict[str, str] = {}
    if any(m.teachers for m in (*plan.leading_group, *plan.network)):
        names = {t.id: t.name for t in app.records(school_id).teachers()}
    common: dict[str, Any] = dict(school=school, district_name=app.config.district.name,
                                  term=cfg.term)
    text = app.text
    sections = [s for s in (
        _guiding(plan, common, text),
        _aims(plan, cfg, common, text, figures, titles),
        _organisation(plan, names, common, text),
        _programs(app, school_id, programs, sessions, plan, common, text, figures),
        _calendar(sessions, titles, common, text),
        _measures(plan, common, text),
    ) if s is not None]
    day = plan.date or cfg.term.start
    preamble = text("scheme_preamble.md.j2", **common, theme=plan.theme,
                    program_titles=list(titles.values()))
    report = Report(
        title=text("scheme_title.md.j2", **common),
        sections=numbered(sections),
        preamble=text_blocks(preamble),
        signature=(cfg.report.signed_by or school.name, cn_date(day)),
        author=school.name,
        date=day,
    )
    return with_appendix(report, cfg.report.max_body_rows)


def scheme_gaps(plan: SchoolPlan, display: str) -> list[str]:
    """What the school's ``[plan]`` does not state, as hints naming the key (the document leaves
    those parts out)."""
    missing = [(not (plan.guiding or plan.theme), "guiding/theme（指导思想、研修主题）"),
               (not (plan.aims or plan.targets), "aims 或 [[targets]]（研修目标）"),
               (not plan.organisation, "[plan.organisation]（领导小组、研修网络）"),
               (not plan.measures, "measures（保障措施）")]
    return [f"{display} 的 [plan] 中没有写 {what}，方案中略去此部分" for gap, what in missing if gap]
