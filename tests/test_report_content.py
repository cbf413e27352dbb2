"""What the summary says beyond tables: 基本情况 shares, activities as prose, awards, the outline,
the signature and the appendix. Every figure is checked against the records it came from."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from yanxiu_core.config.schema import EvaluationPolicy
from yanxiu_core.document import KeyFigures, Paragraph, Report, Section, Table
from yanxiu_core.evaluation import evaluate
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.memory_records import MemoryRecords
from yanxiu_core.model import (
    Activity,
    Attendance,
    AttendanceStatus,
    Award,
    ProgramInstance,
    School,
    SchoolProfile,
    Teacher,
    Term,
)
from yanxiu_core.renderers.markdown import render_markdown
from yanxiu_core.report.activities import cadence
from yanxiu_core.report.builder import build_report
from yanxiu_core.report.facts import whole_percent
from yanxiu_core.report.outline import numbered
from yanxiu_core.report.settings import OutlineItem, ReportSettings
from yanxiu_core.report.templates import make_text_renderer

TERM = Term("2016—2017学年第二学期", dt.date(2017, 2, 20), dt.date(2017, 7, 10))
HOURS = HoursPolicy(required_hours=2)
PROGRAMS = (ProgramInstance("talk", "talks", "读书讲坛", None),)
EDUCATION = ["硕士研究生", "本科", "本科（函授）", "大专", "本科", "中师", "本科", ""]
TITLES = ["高级教师", "一级教师", "小学高级教师", "二级教师", "正高级教师", "", "一级教师", "见习"]
LEVELS = ["省级", "市级", "", "区县级", "", "", "", ""]
BIRTHS = [1970, 1980, 1985, 1990, 1995, 1998, 1960, None]


def teachers() -> list[Teacher]:
    return [Teacher(f"T{i}", f"教师{i}", birth_year=BIRTHS[i], education=EDUCATION[i],
                    title=TITLES[i], backbone_level=LEVELS[i],
                    roles=("骨干教师",) if i == 5 else (),  # a 骨干 tag without a level
                    specialty_match=None if i == 7 else i % 2 == 0)
            for i in range(8)]


def activities() -> list[Activity]:
    study = [Activity(f"S{i}", "理论学习", f"学习{i}", dt.datetime(2017, 3, 1, 15)
                      + dt.timedelta(days=14 * i), minutes=90, speaker="教导处",
                      content="课程标准学习" if i % 2 else "核心素养专题", effect="做好学习笔记。")
             for i in range(6)]
    lessons = [Activity(f"L{d}{k}", "公开课", f"公开课{d}-{k}",
                        dt.datetime(2017, 4, 10 + d, 8 + 2 * k), minutes=45, speaker=f"教师{k}")
               for d in range(3) for k in range(2)]
    once = [Activity("C1", "集中培训", "信息技术培训", dt.datetime(2017, 5, 2, 9), minutes=180,
                     effect="全员结业"),
            Activity("K1", "讲座", "读书分享", dt.datetime(2017, 3, 8, 15), minutes=60,
                     program="talk")]
    return [*study, *lessons, *once]


def awards() -> list[Award]:
    return [
        Award(1, "优质课评比", "省级", dt.date(2017, 5, 1), "一等奖", teacher_id="T0"),
        Award(2, "优质课评比", "市级", dt.date(2017, 5, 2), "一等奖", teacher_id="T1"),
        Award(3, "论文评选", "区县级", dt.date(2017, 6, 1), "三等奖", teacher_id="T1"),
        Award(4, "课题结题", "市级", dt.date(2017, 6, 5), "优良", teacher_id="T2"),
        Award(5, "文明校园", "市级", dt.date(2017, 6, 9), holder="学校"),
        Award(6, "去年的奖", "国家级", dt.date(2016, 6, 9), "一等奖", teacher_id="T3"),
    ]


def records() -> MemoryRecords:
    acts = activities()
    rows = [Attendance(a.id, t.id, AttendanceStatus.PRESENT if (i + j) % 5 else
                       AttendanceStatus.ABSENT)
            for j, a in enumerate(acts) for i, t in enumerate(teachers())]
    return MemoryRecords(TERM).add(teachers(), acts, rows, awards())


def build(recs: MemoryRecords | None = None, settings: ReportSettings | None = None,
          school: School | None = None, sections: tuple[Section, ...] | None = None,
          **kw: object) -> Report:
    recs = recs or records()
    policy = EvaluationPolicy()
    return build_report(
        school=school or School("demo", "河西示范小学"), district_name="示范县", term=TERM,
        records=recs, evaluation=evaluate(recs, policy, HOURS), hours=HOURS, policy=policy,
        programs=PROGRAMS, findings=[], text=make_text_renderer(None),
        program_sections=sections if sections is not None else (
            Section("读书讲坛", (Paragraph("讲坛内容"),), key="talk"),),
        settings=settings, **kw)  # type: ignore[arg-type]


def body(report: Report) -> str:
    return render_markdown(report).split("\n## 附表1 ", 1)[0]


def test_whole_percent_rounds_half_up_like_people_write() -> None:
    assert whole_percent(7, 32) == "22%"  # 21.875
    assert whole_percent(1, 8) == "13%"  # 12.5 → 13, not banker's 12
    assert whole_percent(0, 0) == "-"


def test_basics_states_counts_and_shares_of_the_roster() -> None:
    text = body(build())
    # 学历: 硕士 + 本科 ×4 (本科（函授） is 本科) of 8 → 5 = 62.5% → 63%
    assert "本科及以上学历5人，占63%（其中硕士研究生1人）" in text
    # 职称: 高级 (副高), 一级 ×2 + 小学高级 (中级), 正高级 → 5 of 8 = 63%
    assert "中级及以上职称5人，占63%（其中正高级1人、副高级1人）" in text
    # 骨干: three with a level plus one 骨干 tag without a level → 4 = 50%
    assert "各级骨干教师4人，占50%（省级1人、市级1人、区县级1人）" in text
    ages = [2017 - b for b in BIRTHS if b]
    average = f"{sum(ages) / len(ages):.1f}"
    assert f"教师平均年龄{average}岁（按2017年计）" in text
    assert "所学专业与任教学科对口的教师4人，占50%" in text  # T0, T2, T4, T6


def test_age_bands_follow_the_school_setting() -> None:
    text = render_markdown(build(settings=ReportSettings(age_bands=(35, 45, 50))))
    ages = [2017 - b for b in BIRTHS if b]
    young = sum(a <= 35 for a in ages)
    assert f"35岁及以下{young}人，占{whole_percent(young, 8)}" in text
    assert "36–45岁" in text and "46–50岁" in text and "51岁及以上" in text
    assert "30岁及以下" not in text


def test_profile_figures_open_the_basics() -> None:
    school = School("demo", "河西示范小学", profile=SchoolProfile(classes=24, students=1080, staff=70))
    assert "我校现有教学班24个，在校学生1080人，教职工70人，专任教师8人" in body(build(school=school))
    partial = School("demo", "河西示范小学", profile=SchoolProfile(students=500))
    assert "我校现有在校学生500人，专任教师8人" in body(build(school=partial))


def test_unknown_roster_columns_say_nothing_rather_than_zero() -> None:
    plain = MemoryRecords(TERM).add([Teacher("T1", "甲"), Teacher("T2", "乙")])
    text = body(build(plain, sections=()))
    assert "学历" not in text and "职称" not in text and "平均年龄" not in text


def test_activity_kinds_read_as_prose_from_their_records() -> None:
    text = body(build())
    assert "共开展理论学习6次（2017年3月1日至2017年5月10日，每两周一次）" in text
    assert "主要内容有“核心素养专题”、“课程标准学习”" in text
    assert "从活动记录看，做好学习笔记。" in text
    assert "共开展公开课6次（2017年4月10日至2017年4月12日，历时3天，每天2次）" in text
    assert "此外，学校还组织了2017年5月2日的集中培训“信息技术培训”" in text
    assert "信息技术培训：全员结业" in text


@pytest.mark.parametrize(("gaps", "word"), [
    ([7, 7, 7], "每周"), ([14, 14, 15, 13], "每两周"), ([28, 35, 30], "每月"),
    ([1, 40, 3], ""), ([14], ""),
])
def test_cadence_is_named_only_when_clear(gaps: list[int], word: str) -> None:
    days = [dt.date(2020, 9, 1)]
    for g in gaps:
        days.append(days[-1] + dt.timedelta(days=g))
    assert cadence(days) == word


def test_awards_by_level_and_rank_kept_as_words() -> None:
    md = render_markdown(build())
    # in term: 4 teachers' awards (the 2016 one is outside), 1 school award
    assert "获得荣誉与奖项4项，涉及3人，其中省级1项、市级2项、区县级1项" in md
    assert "按等次，一等奖2人、三等奖1人、优良1人" in md
    assert "学校（集体）获得市级“文明校园”" in md
    assert "去年的奖" not in md
    listing = md.split("荣誉与获奖一览\n", 1)[1]
    assert "| 2017-06-05 | 教师2 | 课题结题 | 市级 | 优良 | - |" in listing


def test_no_awards_is_said_not_hidden() -> None:
    plain = MemoryRecords(TERM).add(teachers())
    assert "没有登记教师或学校的荣誉与获奖" in body(build(plain))


def test_signature_defaults_to_the_term_end_and_is_settable() -> None:
    assert build().signature == ("河西示范小学", "2017年7月10日")
    signed = build(settings=ReportSettings(signature_date=dt.date(2017, 7, 3),
                                           signed_by="河西示范小学教科室"))
    assert signed.signature == ("河西示范小学教科室", "2017年7月3日")
    assert signed.date == dt.date(2017, 7, 3) and signed.author == "河西示范小学"
    assert build().title == "河西示范小学2016—2017学年第二学期校本研修工作总结"


def test_outline_from_the_district_with_program_placed_on_its_own() -> None:
    outline = (
        OutlineItem("基本情况", ("basics",)),
        OutlineItem("", ("program.talk",)),
        OutlineItem("主要做法", ("activities",)),
        OutlineItem("取得成效", ("awards", "evaluation")),
        OutlineItem("存在问题", ("problems",)),
        OutlineItem("下步打算", ("next_steps",)),
    )
    report = build(settings=ReportSettings(outline=outline))
    assert [s.title for s in report.sections] == [
        "一、基本情况", "二、读书讲坛", "三、主要做法", "四、取得成效", "五、存在问题", "六、下步打算"]
    effects = report.sections[3]
    assert [s.title for s in effects.subsections] == ["（一）荣誉与获奖", "（二）考核评价"]
    practice = report.sections[2]
    assert [s.title for s in practice.subsections] == ["（一）理论学习", "（二）公开课",
                                                      "（三）其他研修活动"]


def test_programs_the_outline_does_not_place_are_never_dropped() -> None:
    outline = (OutlineItem("基本情况", ("basics",)), OutlineItem("存在问题", ("problems",)))
    report = build(settings=ReportSettings(outline=outline))
    assert [s.title for s in report.sections] == ["一、基本情况", "二、其他研修项目", "三、存在问题"]
    assert report.sections[1].subsections[0].title == "（一）读书讲坛"


def test_numbering_replaces_numbers_already_written() -> None:
    sections = numbered([Section("一、基本情况"), Section("3. 做法", subsections=(
        Section("（二）甲", subsections=(Section("乙"),)),))])
    assert sections[0].title == "一、基本情况"
    assert sections[1].title == "二、做法"
    assert sections[1].subsections[0].title == "（一）甲"
    assert sections[1].subsections[0].subsections[0].title == "1.乙"


def test_long_tables_go_to_the_appendix_with_a_reference() -> None:
    long = Table(("日期", "主题"), tuple((f"2017-03-{i:02d}", f"主题{i}") for i in range(1, 26)),
                 caption="讲坛一览")
    short = Table(("甲",), (("1",),), caption="短表")
    report = build(sections=(Section("读书讲坛", (long, short), key="talk"),))
    captions = [t.caption for t in report.appendices]
    assert "讲坛一览" in captions
    label = f"附表{captions.index('讲坛一览') + 1}"
    talk = report.sections[1].subsections[0]
    assert Paragraph(f"详见{label}“讲坛一览”。") in talk.blocks
    assert short in talk.blocks
    two = Table(("甲",), (("1",), ("2",)), caption="两行表")
    tighter = build(settings=ReportSettings(max_body_rows=1),
                    sections=(Section("读书讲坛", (short, two), key="talk"),))
    moved = {t.caption for t in tighter.appendices}
    assert "两行表" in moved and "短表" not in moved


def test_no_body_table_is_longer_than_the_limit() -> None:
    report = build()
    for _, section in report.walk():
        for block in section.blocks:
            if isinstance(block, Table):
                assert len(block.rows) <= 20 and not block.appendix, block.caption


def test_program_key_figures_join_the_basics() -> None:
    report = build(program_basics=[KeyFigures((("讲坛场次", "1场"),)), Paragraph("讲坛补充说明")])
    basics = report.sections[0]
    (figures,) = [b for b in basics.blocks if isinstance(b, KeyFigures)]
    assert ("讲坛场次", "1场") in figures.items and figures.items[0][0] == "专任教师"
    assert Paragraph("讲坛补充说明") in basics.blocks


def test_every_core_template_renders_without_a_roster(tmp_path: Path) -> None:
    empty = MemoryRecords(TERM)
    text = render_markdown(build(empty, sections=()))
    assert re.search(r"我校专任教师0人。", text)
