"""课题研究 (research): settings errors located at the key, the record kinds imported from the
synthetic data set (tests/data/research/), validation, the member output indicator, section text
and tables, findings (overdue stages, members without output), figures and members.

The data set (made-up school and teachers), as of the term's end (2021-08-31):

* K01 市级, R001 with R002–R004, 立项 2019-06-20, 结题 2021-06-25 rated 优秀 (in the term);
* K02 区级 (read as 区县级), R005 with R006–R007, 立项 2020-03-10, 开题 only: 中期 (due
  2021-03-10) overdue by 174 days;
* K03 校级, R008 with R009–R010, 立项 2020-09-15, at 中期 on time;
* K04 区县级, concluded 2019-12-20: not the term's;
* K05 区县级, R011 with R012, at 中期, its own planned 结题 2020-12-31 overdue by 243 days.

Outputs of the term: 论文 ×3 (R001, R005, R011), 案例 ×2 (R002, R008), 课例 ×2 (R003, R009),
结题报告 ×1 (R001); a 学习笔记 (not an output kind) and a 论文 of the previous term do not count.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import yanxiu_research
from yanxiu_core import (
    Artifact,
    ConfigError,
    FindingKind,
    KeyFigures,
    MemoryRecords,
    Paragraph,
    ProgramContext,
    ProgramRecord,
    ProgramType,
    Table,
    Teacher,
    Term,
)
from yanxiu_core.testing import WorkspaceBuilder, make_context
from yanxiu_research import ResearchProgram

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))
PROGRAM = ResearchProgram()
PID = "research"
DATA = Path(__file__).resolve().parent / "data" / "research"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _date(text: str) -> D | None:
    return D.fromisoformat(text) if text else None


def records() -> MemoryRecords:
    """The data set read with the standard library (the import is tested on its own below)."""
    teachers = [Teacher(r["工号"], r["姓名"], subject=r["学科"]) for r in _rows("teachers.csv")]
    projects = [
        ProgramRecord(n, PID, "projects", r["主持人工号"], None, {
            "id": r["课题编号"], "title": r["课题名称"], "level": r["级别"], "category": r["类别"],
            "teacher_id": r["主持人工号"], "members": r["成员工号"],
            "start": _date(r["立项日期"]), "planned_end": _date(r["计划结题日期"]),
            "rating": r["结题等级"]})
        for n, r in enumerate(_rows("research_projects.csv"), 1)]
    stages = [
        ProgramRecord(100 + n, PID, "stages", None, None, {
            "project": r["课题编号"], "stage": r["阶段"], "reached": _date(r["日期"]),
            "evidence": r["佐证材料"]})
        for n, r in enumerate(_rows("research_stages.csv"), 1)]
    artifacts = [Artifact(n, r["工号"], r["类型"], r["标题"], D.fromisoformat(r["提交日期"]),
                          program=r["所属项目"] or None)
                 for n, r in enumerate(_rows("research_artifacts.csv"), 1)]
    return MemoryRecords(TERM).add(teachers, projects, stages, artifacts)


def ctx_for(settings: Mapping[str, Any] | None = None,
            recs: MemoryRecords | None = None) -> ProgramContext:
    table = {"as_of": D(2021, 8, 31), **(settings or {})}
    return make_context(PROGRAM, table, recs if recs is not None else records(), TERM,
                        program_id=PID)


# -- registration and settings ------------------------------------------------------------
def test_registers_through_the_hook() -> None:
    found: list[ProgramType] = []
    yanxiu_research.yanxiu_program_types(register=found.append)
    assert [(p.name, p.title) for p in found] == [("research", "课题研究")]
    assert [k.name for k in found[0].record_kinds] == ["projects", "stages"]


def test_default_settings() -> None:
    s = ctx_for().settings
    assert s.stage_names == ("立项", "开题", "中期", "结题")
    assert [x.months for x in s.stages] == [None, 6, 12, 24]
    assert s.levels == ("国家级", "省级", "市级", "区县级", "校级")
    assert s.ratings == ("优秀", "优良", "合格", "不合格")
    assert s.outputs == ("论文", "案例", "课例", "结题报告") and s.member_outputs == 1


@pytest.mark.parametrize(("settings", "where", "text"), [
    ({"stages": []}, "programs.research.stages", "至少"),
    ({"stages": [{"name": "立项"}, {"name": "立项"}]}, "programs.research.stages", "重复"),
    ({"stages": [{"name": "立项"}, {"name": "中期", "months": 12}, {"name": "结题", "months": 6}]},
     "programs.research.stages", "早于前一阶段"),
    ({"stages": [{"name": "立项", "months": -2}]}, "programs.research.stages[0].months", "负数"),
    ({"stages": [{"name": "立项", "due": 3}]}, "programs.research.stages[0].due", "未知"),
    ({"levels": ["市级", "市级"]}, "programs.research.levels", "重复"),
    ({"ratings": []}, "programs.research.ratings", "至少"),
    ({"outputs": ["论文", ""]}, "programs.research.outputs", "空"),
    ({"member_outputs": -1}, "programs.research.member_outputs", "负数"),
    ({"member_outputs": "2"}, "programs.research.member_outputs", "整数"),
    ({"level": ["市级"]}, "programs.research.level", "levels"),
])
def test_settings_errors_name_the_key(settings: dict[str, Any], where: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, settings, records(), TERM, program_id=PID)
    assert [p.where for p in info.value.problems] == [where]
    assert text in str(info.value.problems[0])


# -- the term's projects --------------------------------------------------------------------
def test_projects_stages_and_outputs() -> None:
    f = PROGRAM.measure(ctx_for())
    assert [p.id for p in f.projects] == ["K01", "K02", "K03", "K05"]  # K04 ended in 2019
    by_id = {p.id: p for p in f.projects}
    assert [(p.level, p.stage) for p in f.projects] == [
        ("市级", "结题"), ("区县级", "开题"), ("校级", "中期"), ("区县级", "中期")]
    assert by_id["K01"].concluded == D(2021, 6, 25) and by_id["K01"].rating == "优秀"
    assert by_id["K03"].members == ("R009", "R010")  # 、 and ； both separate
    assert by_id["K02"].plan.due["中期"] == D(2021, 3, 10)  # 12 months after 立项
    assert by_id["K05"].plan.due["结题"] == D(2020, 12, 31)  # its own planned conclusion
    assert [(o.stage, o.days) for o in by_id["K02"].overdue] == [("中期", 174)]
    assert [(o.stage, o.days) for o in by_id["K05"].overdue] == [("结题", 243)]
    assert [p.id for p in f.overdue] == ["K02", "K05"]
    # outputs: to the author's 课题; R001's 结题报告 names K01
    assert {p.id: len(p.outputs) for p in f.projects} == {"K01": 4, "K02": 1, "K03": 2, "K05": 1}
    assert len(f.outputs) == 8 and len(f.participants) == 12


def test_as_of_earlier_in_the_term() -> None:
    f = PROGRAM.measure(ctx_for({"as_of": D(2021, 3, 1)}))
    by_id = {p.id: p for p in f.projects}
    assert by_id["K01"].stage == "中期" and by_id["K01"].concluded is None
    assert by_id["K02"].overdue == ()  # 中期 due 2021-03-10, not yet
    assert [(o.stage, o.days) for o in by_id["K05"].overdue] == [("结题", 60)]


# -- validate -----------------------------------------------------------------------------
def test_validate_clean_data_set() -> None:
    assert list(PROGRAM.validate(ctx_for())) == []


def test_validate_roster_levels_ratings_stages_and_outputs() -> None:
    recs = records().add(
        ProgramRecord(50, PID, "projects", "R099", None, {
            "id": "K09", "title": "测试课题", "level": "乡级", "teacher_id": "R099",
            "members": "R001、R098", "start": D(2020, 9, 1), "rating": "良好"}),
        ProgramRecord(51, PID, "projects", "R013", None, {
            "id": "K10", "title": "未结题课题", "level": "校级", "teacher_id": "R013",
            "members": "", "start": D(2020, 9, 1), "rating": "合格"}),
        ProgramRecord(60, PID, "stages", None, None, {
            "project": "K10", "stage": "开题报告", "reached": D(2020, 10, 1), "evidence": ""}),
        ProgramRecord(61, PID, "stages", None, None, {
            "project": "K99", "stage": "开题", "reached": D(2020, 10, 1), "evidence": ""}),
        ProgramRecord(62, PID, "stages", None, None, {
            "project": "K03", "stage": "中期", "reached": D(2020, 10, 1), "evidence": ""}),
        Artifact(90, "R013", "论文", "不在课题组的论文", D(2020, 12, 1), program=PID),
    )
    problems = [(p.where, p.message, p.value) for p in PROGRAM.validate(ctx_for(recs=recs))]
    assert problems == [
        ("课题 K03（低年级绘本阅读校本课程开发）", "“中期”的日期早于“开题”", "2020-10-01"),
        ("课题 K09（测试课题）", "课题主持人不在教师名册中", "R099"),
        ("课题 K09（测试课题）", "课题组成员不在教师名册中", "R098"),
        ("课题 K09（测试课题）", "课题级别不在设置的级别中", "乡级"),
        ("课题 K09（测试课题）", "结题等级不在设置的等级中", "良好"),
        ("课题 K10（未结题课题）", "已填结题等级，但没有“结题”阶段的记录", "合格"),
        ("课题 K10（未结题课题）", "课题进展的阶段名不在设置的阶段中", "开题报告"),
        ("课题进展（开题）", "课题进展中的课题编号没有对应的课题", "K99"),
    ]  # R013's 论文: R013 leads K10 now, so it counts


def test_validate_output_by_someone_in_no_project() -> None:
    recs = records().add(Artifact(90, "R013", "论文", "不在课题组的论文", D(2020, 12, 1),
                                  program=PID))
    (problem,) = PROGRAM.validate(ctx_for(recs=recs))
    assert problem.where == "成果 90（论文：不在课题组的论文）" and problem.value == "R013"


# -- indicators ---------------------------------------------------------------------------
def test_member_output_indicator() -> None:
    (indicator,) = PROGRAM.indicators(ctx_for({"member_outputs": 2}))
    assert (indicator.key, indicator.title, indicator.weight) == ("research.outputs",
                                                                  "课题研究成果", 0.1)
    v = indicator.values
    assert (v["R001"].value, v["R001"].detail) == (1.0, "2/2")
    assert v["R001"].evidence == ("artifact:1", "artifact:4")
    assert (v["R002"].value, v["R002"].detail) == (0.5, "1/2")
    assert (v["R004"].value, v["R004"].detail) == (0.0, "0/2")
    assert v["R013"].value is None  # in no 课题
    assert v["R006"].value == 0.0  # the previous term's 论文 does not count
    assert PROGRAM.indicators(ctx_for({"member_outputs": 0})) == []


# -- section ------------------------------------------------------------------------------
def _blocks(ctx: ProgramContext) -> tuple[str, KeyFigures, list[Table]]:
    section = PROGRAM.section(ctx)
    assert (section.title, section.key) == ("课题研究", PID)
    text = "\n".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    figures = next(b for b in section.blocks if isinstance(b, KeyFigures))
    return text, figures, [b for b in section.blocks if isinstance(b, Table)]


def test_section_text() -> None:
    text, figures, _ = _blocks(ctx_for())
    assert "本学年在研及结题课题共 4 项，其中市级 1 项、区县级 2 项、校级 1 项" in text
    assert "（“十三五”规划课题 3 项、校级小课题 1 项）" in text
    assert "课题主持人 4 人，共 12 名教师参与课题研究" in text
    assert "按立项、开题、中期、结题的环节推进" in text
    assert "截至 2021-08-31，处于开题阶段 1 项、处于中期阶段 2 项、已结题 1 项。" in text
    assert "共形成研究成果 8 项（论文 3 项、案例 2 项、课例 2 项、结题报告 1 项）" in text
    assert "12 名参研教师中有 7 人取得成果，占 58.3%" in text
    assert "本学年结题 1 项：《小学语文整本书阅读教学策略研究》（市级，鉴定等级“优秀”）" in text
    assert dict(figures.items) == {"课题": "4 项", "参研教师": "12 人", "课题成果": "8 项",
                                   "本学年结题": "1 项"}


def test_section_tables_add_up() -> None:
    _, _, (projects, by_level, people, ratings) = _blocks(ctx_for())
    assert projects.columns == ("课题编号", "课题名称", "级别", "类别", "主持人", "成员",
                                "立项日期", "当前阶段", "成果", "结题等级")
    assert projects.rows[0] == ("K01", "小学语文整本书阅读教学策略研究", "市级",
                                "“十三五”规划课题", "安晓岚", "3", "2019-06-20", "结题", "4", "优秀")
    assert projects.total == ("合计", "", "", "", "", "8", "", "", "8", "")
    assert by_level.columns == ("级别", "立项", "开题", "中期", "结题", "合计")
    assert by_level.rows == (("市级", "0", "0", "0", "1", "1"), ("区县级", "0", "1", "1", "0", "2"),
                             ("校级", "0", "0", "1", "0", "1"))
    assert by_level.total == ("合计", "0", "1", "2", "1", "4")
    assert people.columns == ("姓名", "身份", "所在课题", "论文", "案例", "课例", "结题报告",
                              "成果合计")
    assert people.rows[0] == ("安晓岚", "主持人", "K01", "1", "0", "0", "1", "2")
    assert people.rows[3] == ("邓书语", "成员", "K01", "0", "0", "0", "0", "0")
    assert people.total == ("合计", "", "", "3", "2", "2", "1", "8")
    assert len(people.rows) == 12
    assert ratings.rows == (("优秀", "1"),) and ratings.total == ("合计", "1")


def test_section_without_projects() -> None:
    text, figures, tables = _blocks(ctx_for(recs=MemoryRecords(TERM).add(records().teachers())))
    assert text == "本学年没有在研或结题的课题。"
    assert dict(figures.items)["课题"] == "0 项"
    assert len(tables) == 3 and all(t.rows == () for t in tables)


# -- findings -----------------------------------------------------------------------------
def test_findings_overdue_and_no_output() -> None:
    findings = PROGRAM.findings(ctx_for())
    problems = [f.text for f in findings if f.kind is FindingKind.PROBLEM]
    steps = [f.text for f in findings if f.kind is FindingKind.NEXT_STEP]
    assert all(f.program == PID for f in findings)
    overdue, idle = problems
    assert overdue.startswith("课题研究有 2 项课题未按期推进：")
    assert ("《数学核心素养导向的作业设计研究》（区县级）“中期”应于 2021-03-10 前完成，"
            "截至 2021-08-31 已逾期 174 天") in overdue
    assert "“结题”应于 2020-12-31 前完成，截至 2021-08-31 已逾期 243 天" in overdue
    assert idle == ("课题研究的 12 名参研教师中，有 5 人本学年没有研究成果："
                    "邓书语、顾清扬、韩沐阳、陆星辰、宁致远。")
    assert len(steps) == 2 and "“中期”“结题”" in steps[0]


def test_findings_both_stages_overdue_and_a_failed_rating() -> None:
    recs = records().add(ProgramRecord(52, PID, "projects", "R013", None, {
        "id": "K06", "title": "体育大课间活动研究", "level": "校级", "teacher_id": "R013",
        "members": "", "start": D(2019, 1, 10), "rating": ""}))
    overdue = PROGRAM.findings(ctx_for({"member_outputs": 0}, recs))[0].text
    # K06: 开题 (2019-07-10) overdue — where it is stuck — and so is 结题 (2021-01-10)
    assert "《体育大课间活动研究》（校级）“开题”应于 2019-07-10 前完成" in overdue
    assert "“结题”亦已逾期" in overdue
    worst = make_context(PROGRAM, {"as_of": D(2021, 8, 31), "ratings": ["合格", "优秀"]},
                         records(), TERM, program_id=PID)
    assert "课题研究有 1 项课题结题鉴定为“优秀”：《小学语文整本书阅读教学策略研究》。" in [
        f.text for f in PROGRAM.findings(worst)]


def test_no_findings_when_on_time() -> None:
    # 2020-09-30: K02's 中期 (2021-03-10) and K05's 结题 (2020-12-31) are not due yet
    assert PROGRAM.findings(ctx_for({"as_of": D(2020, 9, 30), "member_outputs": 0})) == []


# -- figures and members ------------------------------------------------------------------
def test_figures() -> None:
    figures = {f.key: (f.label, f.value, f.unit) for f in PROGRAM.figures(ctx_for())}
    assert figures == {
        "projects": ("课题", 4, "项"),
        "projects_市级": ("市级课题", 1, "项"),
        "projects_区县级": ("区县级课题", 2, "项"),
        "projects_校级": ("校级课题", 1, "项"),
        "concluded": ("本学年结题", 1, "项"),
        "overdue": ("逾期课题", 2, "项"),
        "participants": ("参研教师", 12, "人"),
        "outputs": ("课题成果", 8, "项"),
        "outputs_论文": ("论文", 3, "项"),
        "outputs_案例": ("案例", 2, "项"),
        "outputs_课例": ("课例", 2, "项"),
        "outputs_结题报告": ("结题报告", 1, "项"),
        "excellent": ("结题优秀", 1, "项"),
        "output_share": ("有成果的参研教师占比", 7 / 12, "%"),
    }


def test_members() -> None:
    members = PROGRAM.members(ctx_for())
    assert members[0].teacher_id == "R001" and members[0].role == "主持人"
    assert members[0].detail == "课题《小学语文整本书阅读教学策略研究》（市级，结题）"
    assert [(m.teacher_id, m.role) for m in members][:5] == [
        ("R001", "主持人"), ("R002", "成员"), ("R003", "成员"), ("R004", "成员"), ("R005", "主持人")]
    assert len(members) == 12
    assert all(m.teacher_id != "R013" for m in members)


# -- import through the core -----------------------------------------------------------------
SCHOOL_TOML = """\
name = "示例课题小学"

[data]
teachers = "data/teachers.csv"
artifacts = "data/research_artifacts.csv"
"research.projects" = "data/research_projects.csv"
"research.stages" = "data/research_stages.csv"

[programs.research]
as_of = 2021-08-31
"""


def test_import_and_report_the_data_set(workspace_builder: WorkspaceBuilder) -> None:
    """``yanxiu import research.projects FILE``: the kinds read from the CSV files give the
    same figures as the records built above."""
    from yanxiu_core import App

    workspace_builder.district()
    workspace_builder.school("keti", SCHOOL_TOML)
    shutil.copytree(DATA, workspace_builder.root / "data")
    app = App(workspace_builder.root)
    try:
        app.import_configured("keti")
        (ctx,) = app.program_contexts("keti", "research")
        assert list(PROGRAM.validate(ctx)) == []
        f = PROGRAM.measure(ctx)
        assert [(p.id, p.stage, len(p.members), len(p.outputs)) for p in f.projects] == [
            ("K01", "结题", 3, 4), ("K02", "开题", 2, 1), ("K03", "中期", 2, 2),
            ("K05", "中期", 1, 1)]
        assert {x.key: x.value for x in PROGRAM.figures(ctx)} == {
            x.key: x.value for x in PROGRAM.figures(ctx_for())}
    finally:
        app.close()
