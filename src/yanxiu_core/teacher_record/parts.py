"""The parts of a 研修档案 that list records: profile, 学时, activities, outputs, programs.

学时 follow the summary's rule (``report/facts.py``): minutes are summed first — per credit
category, per program, per term — and converted once for display; every 合计 is the sum of
the rows shown (``Table.with_total``).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..document import Block, KeyFigures, Paragraph, Table
from ..hours import format_hours
from ..model import Teacher
from ..report.facts import rate
from ..toolkit import total_rate
from .book import SchoolBook

NONE_TEXT = "本学年无记录。"
NO_CATEGORY = "未分类"


def profile_table(book: SchoolBook, teacher: Teacher) -> Table:
    """工号, 姓名 and whatever else the roster says about the teacher."""
    on = book.term.end
    age = teacher.age(on)
    years = teacher.years_teaching(on)
    rows = [
        ("工号", teacher.id),
        ("姓名", teacher.name),
        ("性别", teacher.gender),
        ("出生年份", f"{teacher.birth_year}年（{age}岁，按{on.year}年计）" if age is not None else ""),
        ("学科", teacher.subject),
        ("教研组", teacher.group),
        ("职称", teacher.title),
        ("学历", teacher.education),
        ("骨干级别", teacher.backbone_level),
        ("角色", "、".join(teacher.roles)),
        ("入职年份", f"{teacher.joined_year}年（教龄{years}年）" if years is not None else ""),
        ("专业对口", {True: "是", False: "否", None: ""}[teacher.specialty_match]),
    ]
    return Table(("项目", "内容"), tuple((k, v) for k, v in rows if v), caption="基本信息")


def _hours(book: SchoolBook, minutes: int) -> str:
    return format_hours(minutes, book.hours)


def hours_blocks(book: SchoolBook, teacher: Teacher) -> list[Block]:
    """已修 against 应修, by credit category with 学分, and — with several terms — by year."""
    minutes = book.minutes.get(teacher.id, 0)
    required = book.hours.required_minutes
    short = max(0, required - minutes)
    verdict = (f"已达到每年{_hours(book, required)}学时的要求" if short == 0
               else f"距每年{_hours(book, required)}学时的要求尚差{_hours(book, short)}学时")
    blocks: list[Block] = [
        Paragraph(f"{book.term.name}累计获得研修学时{_hours(book, minutes)}学时，{verdict}。"),
        KeyFigures((("应修学时", _hours(book, required)), ("已修学时", _hours(book, minutes)),
                    ("差额", _hours(book, short)))),
    ]
    rows = []
    for category, cat_minutes in book.by_category.get(teacher.id, {}).items():
        if cat_minutes <= 0:
            continue
        per_credit = book.hours.hours_per_credit.get(category, book.hours.default_hours_per_credit)
        rows.append((category or NO_CATEGORY, _hours(book, cat_minutes), f"{per_credit:g}",
                     f"{book.hours.minutes_to_credits(cat_minutes, category):.2f}"))
    if rows:
        blocks.append(Table(("学分类别", "已修学时", "每学分学时", "折合学分"), tuple(rows),
                            caption="学时与学分（按学分类别）")
                      .with_total(columns=("已修学时", "折合学分")))
    if book.terms:
        blocks.append(years_table(book, teacher))
    return blocks


def years_table(book: SchoolBook, teacher: Teacher) -> Table:
    """Each configured term's credited 学时 against the (current) yearly requirement."""
    required = book.hours.required_minutes
    rows = []
    for tm in book.terms:
        got = tm.minutes.get(teacher.id, 0)
        rows.append((tm.term.name, _hours(book, got), _hours(book, required),
                     "是" if got >= required else "否"))
    return Table(("学年", "已修学时", "应修学时", "达标"), tuple(rows),
                 caption="历年研修学时").with_total(columns=("已修学时", "应修学时"))


def activity_blocks(book: SchoolBook, teacher: Teacher) -> list[Block]:
    """A paragraph, a table by program, and every attendance row (long lists go to 附表)."""
    rows = sorted(book.attendance.get(teacher.id, []),
                  key=lambda r: (book.activities[r.activity_id].start, r.activity_id))
    if not rows:
        return [Paragraph(NONE_TEXT)]
    attended = sum(1 for r in rows if r.status.attended)
    minutes = book.minutes.get(teacher.id, 0)
    blocks: list[Block] = [Paragraph(
        f"{book.term.name}应参加研修活动{len(rows)}次，实际参加{attended}次，"
        f"出勤率{rate(attended, len(rows))}，获得学时{_hours(book, minutes)}学时。")]
    per_program: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    listed = []
    for r in rows:
        activity = book.activities[r.activity_id]
        program = book.program_title(activity.program)
        credited = r.credited_minutes(activity.minutes)
        figures = per_program[program]
        figures[0] += 1
        figures[1] += int(r.status.attended)
        figures[2] += credited
        listed.append((f"{activity.date:%Y-%m-%d}", activity.title or activity.kind, activity.kind,
                       program, r.role or "-", r.status.value,
                       _hours(book, credited) if r.status.credited else "-"))
    by_program = tuple((name, str(e), str(a), rate(a, e), _hours(book, m))
                       for name, (e, a, m) in per_program.items())
    table = Table(("所属项目", "应参加", "实际参加", "出勤率", "学时"), by_program,
                  caption="研修活动（按项目）").with_total(columns=("应参加", "实际参加", "学时"))
    blocks.append(total_rate(table, "实际参加", "应参加", "出勤率"))
    blocks.append(Table(("日期", "活动", "类型", "所属项目", "角色", "出勤", "学时"), tuple(listed),
                        caption="研修活动一览").with_total(columns=("学时",)))
    return blocks


def output_blocks(book: SchoolBook, teacher: Teacher) -> list[Block]:
    """研修成果: what the teacher handed in, by date."""
    artifacts = book.artifacts.get(teacher.id, [])
    if not artifacts:
        return [Paragraph(NONE_TEXT)]
    scored = any(a.score is not None for a in artifacts)
    columns = ("日期", "类型", "标题", "所属项目", *(("得分",) if scored else ()))
    rows = tuple((f"{a.date:%Y-%m-%d}", a.kind, a.title, book.program_title(a.program),
                  *((_score(a.score),) if scored else ())) for a in artifacts)
    return [Paragraph(f"{book.term.name}提交研修成果{len(artifacts)}项。"),
            Table(columns, rows, caption="研修成果一览")]


def _score(score: float | None) -> str:
    return "-" if score is None else f"{Decimal(str(score)).normalize():f}"


def award_blocks(book: SchoolBook, teacher: Teacher) -> list[Block]:
    """荣誉与获奖 of the teacher (awards of the school or a group are the summary's)."""
    awards = book.awards.get(teacher.id, [])
    if not awards:
        return [Paragraph(NONE_TEXT)]
    rows = tuple((f"{w.date:%Y-%m-%d}", w.title, w.level, w.rank or "-", w.issuer or "-")
                 for w in awards)
    return [Paragraph(f"{book.term.name}获得荣誉与奖项{len(awards)}项。"),
            Table(("日期", "荣誉名称", "级别", "等次", "颁发单位"), rows, caption="荣誉与获奖一览")]


def membership_blocks(book: SchoolBook, teacher: Teacher) -> list[Block]:
    """The teacher's places in the school's programs, as the programs describe them."""
    found = book.memberships.get(teacher.id, [])
    blocks: list[Block] = []
    if found:
        rows = tuple((program, m.role, m.detail or "-") for program, m in found)
        blocks.append(Table(("研修项目", "角色", "说明"), rows, caption="参与的研修项目"))
    else:
        blocks.append(Paragraph("本学年未承担或参加专项研修项目。"))
    if book.failures:
        blocks.append(Paragraph("注：以下项目的信息未能生成，本档案可能不全——"
                                + "；".join(book.failures)))
    return blocks
