"""模课-磨课-悟课 (mo_mo_wu): settings errors located at the key, the rounds kind imported from
the synthetic data set (tests/data/mo_mo_wu/), cycles through the core's stages, validation, the
completion indicator, section text and tables, findings, figures and members.

The data set (made-up school and teachers), with ``subjects = ["语文", "数学"]`` and
``participants = ["M008"]`` (M007, 英语, takes no part), as of 2021-06-30:

* M001《秋天的雨》: 模课 A02 (2020-09-17), 主备 rounds 10-09 and 10-23 (the 10-23 实录 artifact is
  that round's evidence, not a third), 悟课反思 11-05 — complete;
* M002《找春天》: 模课 A02 (秋天的雨: the model for the next own 课例), 主备 rounds 03-05, 03-19,
  03-26, a school-wide 教学反思 04-20 naming the 课例 — complete; 辅备 twice in M001's 磨课;
* M003《圆的认识》: 模课 A01 (2020-09-10), one round 10-15 — stuck: 磨课 due 10-10, 263 days late;
* M004《圆的认识》: 模课 A01 and a 听课记录, two 实录 artifacts (09-24, 10-08) — stuck: 悟课 due
  2020-11-07, 235 days late;
* M006《小数的意义》: one round 2021-04-08, 悟课反思 04-15 — complete with one round (short);
* M008《My Family》: 听课记录 2021-06-10 — at 模课, 磨课 due 07-10, not late;
* M005 (请假 at A02) and M009 (授课 at A01, not an observer) have no 课例.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import yanxiu_mo_mo_wu
from yanxiu_core import (
    Activity,
    Artifact,
    Attendance,
    AttendanceStatus,
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
from yanxiu_core.testing import WorkspaceBuilder, check_problems, make_context
from yanxiu_mo_mo_wu import MoMoWuProgram

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))
PROGRAM = MoMoWuProgram()
PID = "mmw"
DATA = Path(__file__).resolve().parent / "data" / "mo_mo_wu"
BASE = {"as_of": D(2021, 6, 30), "subjects": ["语文", "数学"], "participants": ["M008"]}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def records() -> MemoryRecords:
    """The data set read with the standard library (the import is tested on its own below)."""
    teachers = [Teacher(r["工号"], r["姓名"], subject=r["学科"], birth_year=int(r["出生年份"]),
                        roles=tuple(x for x in [r["角色"]] if x))
                for r in _rows("teachers.csv")]
    activities = [Activity(r["编号"], r["类型"], r["主题"],
                           dt.datetime.fromisoformat(f"{r['日期']}T{r['开始时间']}"),
                           program=r["所属项目"], minutes=40) for r in _rows("activities.csv")]
    attendance = [Attendance(r["活动编号"], r["工号"], AttendanceStatus(r["状态"]), r["角色"])
                  for r in _rows("attendance.csv")]
    rounds = [ProgramRecord(n, PID, "rounds", r["工号"], D.fromisoformat(r["日期"]), {
        "teacher_id": r["工号"], "lesson": r["课例"], "round": int(r["轮次"]),
        "date": D.fromisoformat(r["日期"]), "role": r["角色"], "evidence": r["佐证"]})
        for n, r in enumerate(_rows("mo_mo_wu_rounds.csv"), 1)]
    artifacts = [Artifact(n, r["工号"], r["类型"], r["标题"], D.fromisoformat(r["提交日期"]),
                          program=r["所属项目"] or None)
                 for n, r in enumerate(_rows("artifacts.csv"), 1)]
    return MemoryRecords(TERM).add(teachers, activities, attendance, rounds, artifacts)


def ctx_for(settings: Mapping[str, Any] | None = None,
            recs: MemoryRecords | None = None) -> ProgramContext:
    return make_context(PROGRAM, {**BASE, **(settings or {})},
                        recs if recs is not None else records(), TERM, program_id=PID)


# -- registration and settings ------------------------------------------------------------
def test_registers_through_the_hook() -> None:
    found: list[ProgramType] = []
    yanxiu_mo_mo_wu.yanxiu_program_types(register=found.append)
    assert [(p.name, p.title) for p in found] == [("mo_mo_wu", "模课-磨课-悟课")]
    assert [k.name for k in found[0].record_kinds] == ["rounds"]


def test_default_settings() -> None:
    s = make_context(PROGRAM, {}, records(), TERM, program_id=PID).settings
    assert (s.min_rounds, s.days_between, s.cycles_each) == (2, 30, 1)
    assert s.selects_all and s.days_for("磨课") == 30
    assert s.model_kinds == ("听课记录",) and s.reflection_kinds == ("悟课反思", "教学反思")


@pytest.mark.parametrize(("settings", "where", "text"), [
    ({"min_rounds": 0}, "programs.mmw.min_rounds", "大于 0"),
    ({"min_rounds": "2"}, "programs.mmw.min_rounds", "整数"),
    ({"days_between": -1}, "programs.mmw.days_between", "负数"),
    ({"days": {"模课": 10}}, "programs.mmw.days", "可设期限的阶段"),
    ({"days": {"悟课": -3}}, "programs.mmw.days", "负数"),
    ({"participants": ["M001", "M001"]}, "programs.mmw.participants", "重复"),
    ({"subjects": [" "]}, "programs.mmw.subjects", "空白"),
    ({"cohort": {"max_age": 0}}, "programs.mmw.cohort.max_age", "大于 0"),
    ({"reflection_kinds": []}, "programs.mmw.reflection_kinds", "至少"),
    ({"cycles_each": -1}, "programs.mmw.cycles_each", "负数"),
    ({"min_round": 3}, "programs.mmw.min_round", "min_rounds"),
])
def test_settings_errors_name_the_key(settings: dict[str, Any], where: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, settings, records(), TERM, program_id=PID)
    assert [p.where for p in info.value.problems] == [where]
    assert text in str(info.value.problems[0])


def test_a_kind_used_by_two_stages_is_an_error() -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"round_kinds": ["听课记录"]}, records(), TERM, program_id=PID)
    assert "已用于另一阶段" in str(info.value.problems[0])


# -- participants and cycles ----------------------------------------------------------------
def test_participants_from_subjects_list_and_cohort() -> None:
    f = PROGRAM.measure(ctx_for())
    assert [p.id for p in f.participants] == ["M001", "M002", "M003", "M004", "M005", "M006",
                                              "M008", "M009"]
    everyone = PROGRAM.measure(ctx_for({"subjects": [], "participants": []}))
    assert len(everyone.participants) == 9
    young = PROGRAM.measure(ctx_for({"subjects": [], "participants": [],
                                     "cohort": {"max_age": 26}}))  # born 1995 or later
    assert [p.id for p in young.participants] == ["M003", "M004", "M008"]
    roles = PROGRAM.measure(ctx_for({"subjects": [], "participants": [],
                                     "cohort": {"roles": ["骨干教师"]}}))
    assert [p.id for p in roles.participants] == ["M009"]


def test_cycles_and_their_stages() -> None:
    f = PROGRAM.measure(ctx_for())
    assert [(c.teacher_id, c.lesson, c.stage, len(c.models), len(c.rounds), len(c.reflections))
            for c in f.cycles] == [
        ("M001", "秋天的雨", "悟课", 1, 2, 1),
        ("M002", "找春天", "悟课", 1, 3, 1),
        ("M003", "圆的认识", "模课", 1, 1, 0),
        ("M004", "圆的认识", "磨课", 2, 2, 0),
        ("M006", "小数的意义", "悟课", 0, 1, 1),
        ("M008", "My Family", "模课", 1, 0, 0),
    ]
    by = {c.teacher_id: c for c in f.cycles}
    assert by["M002"].models[0].ref == "activity:A02"  # the model for the next own 课例
    assert by["M001"].rounds[1].evidence == "第二次试教教学实录"  # the row, not the 实录 again
    assert by["M004"].progress.date_of("磨课") == D(2020, 10, 8)  # with the second round
    assert by["M003"].stage_text() == "磨课（第1轮）"
    stuck = {c.teacher_id: (c.stuck.stage, c.stuck.due, c.stuck.days) for c in f.stuck
             if c.stuck}
    assert stuck == {"M003": ("磨课", D(2020, 10, 10), 263), "M004": ("悟课", D(2020, 11, 7), 235)}
    assert by["M008"].plan.due["磨课"] == D(2021, 7, 10) and by["M008"].stuck is None
    assert [c.lesson for c in f.cycles if c.short_of_rounds] == ["小数的意义"]
    assert {p.id: p.assists for p in f.participants if p.assists} == {"M002": 2}
    assert [p.id for p in f.idle] == ["M005", "M009"]


def test_days_and_min_rounds_settings() -> None:
    f = PROGRAM.measure(ctx_for({"days": {"磨课": 60}, "days_between": 0, "min_rounds": 1}))
    by = {c.teacher_id: c for c in f.cycles}
    assert by["M003"].stage == "磨课" and by["M003"].stuck is None  # one round is enough
    assert by["M004"].plan.due == {"磨课": D(2020, 11, 9)}  # 悟课: no deadline
    assert f.stuck == [] and [c.lesson for c in f.cycles if c.short_of_rounds] == []


def test_as_of_earlier_in_the_term() -> None:
    f = PROGRAM.measure(ctx_for({"as_of": D(2020, 10, 31)}))
    # M002's 模课 already belongs to 找春天 (placed with the whole term's records)
    assert [(c.teacher_id, c.lesson, c.stage) for c in f.cycles] == [
        ("M001", "秋天的雨", "磨课"), ("M002", "找春天", "模课"), ("M003", "圆的认识", "模课"),
        ("M004", "圆的认识", "磨课")]
    assert [(c.teacher_id, c.stuck.days) for c in f.stuck if c.stuck] == [("M002", 14),
                                                                          ("M003", 21)]
    assert {p.id: p.assists for p in f.participants if p.assists} == {"M002": 2}


# -- validate -----------------------------------------------------------------------------
def test_validate_clean_data_set() -> None:
    assert list(check_problems(PROGRAM, ctx_for())) == []


def test_validate_problems() -> None:
    recs = records().add(
        ProgramRecord(50, PID, "rounds", "M007", D(2020, 11, 2), {
            "teacher_id": "M007", "lesson": "Colours", "round": 1, "date": D(2020, 11, 2),
            "role": "主备", "evidence": "实录"}),
        ProgramRecord(51, PID, "rounds", "M003", D(2020, 11, 20), {
            "teacher_id": "M003", "lesson": "圆的认识", "round": 1, "date": D(2020, 11, 20),
            "role": "主备", "evidence": ""}),
        Artifact(60, "M005", "悟课反思", "我的反思", D(2020, 12, 1), program=PID),
        Artifact(61, "M005", "教学反思", "另一篇反思", D(2020, 12, 1)),  # school-wide: no problem
        Artifact(62, "M008", "悟课反思", "《Colours》反思", D(2021, 6, 5), program=PID),
    )
    ctx = ctx_for({"participants": ["M008", "M099"], "subjects": ["语文", "数学", "体育"]}, recs)
    problems = [(p.where, p.message, p.value) for p in check_problems(PROGRAM, ctx)]
    assert problems == [
        ("programs.mmw.participants[1]", "参与教师不在教师名册中", "M099"),
        ("programs.mmw.subjects[2]", "名册中没有这一学科的教师", "体育"),
        ("磨课记录（M007，Colours，2020-11-02）",
         "该教师不是模课-磨课-悟课的参与教师，这条磨课记录不计入", "M007"),
        ("磨课记录（M003，圆的认识，2020-11-20）", "主备教师的磨课没有佐证（课堂教学视频或教学实录）",
         ""),
        ("M003《圆的认识》", "磨课轮次与日期先后不一致", "1、1"),
        ("M005 artifact:60", "悟课材料没有写明课例（标题中用《》注明），也没有可归入的课例",
         "悟课反思：我的反思"),
        ("M008 artifact:62", "悟课材料没有写明课例（标题中用《》注明），也没有可归入的课例",
         "悟课反思：《Colours》反思"),
    ]


def test_validate_stages_out_of_order() -> None:
    recs = records().add(Artifact(70, "M003", "听课记录", "《圆的认识》补记", D(2020, 12, 1),
                                  program=PID),
                         Artifact(71, "M006", "听课记录", "《小数的意义》听课记录",
                                  D(2021, 5, 1), program=PID))
    problems = [(p.where, p.message) for p in check_problems(PROGRAM, ctx_for(recs=recs))]
    assert problems == [("M006《小数的意义》", "“悟课”的日期早于“模课”")]


# -- indicators ---------------------------------------------------------------------------
def test_completion_indicator() -> None:
    (indicator,) = PROGRAM.indicators(ctx_for())
    assert (indicator.key, indicator.title, indicator.weight) == (
        "mmw.cycles", "模课-磨课-悟课完成", 0.1)
    v = indicator.values
    assert (v["M001"].value, v["M001"].detail) == (1.0, "1/1")
    assert v["M001"].evidence == ("activity:A02", "mmw.rounds:1", "mmw.rounds:3", "artifact:2")
    assert (v["M003"].value, v["M005"].value) == (0.0, 0.0)
    assert v["M007"].value is None and v["M007"].detail == "未参加模课-磨课-悟课"
    (two,) = PROGRAM.indicators(ctx_for({"cycles_each": 2}))
    assert (two.values["M002"].value, two.values["M002"].detail) == (0.5, "1/2")
    assert PROGRAM.indicators(ctx_for({"cycles_each": 0})) == []


# -- section ------------------------------------------------------------------------------
def _blocks(ctx: ProgramContext) -> tuple[list[str], KeyFigures, list[Table]]:
    section = PROGRAM.section(ctx)
    assert (section.title, section.key) == ("模课-磨课-悟课", PID)
    paragraphs = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    figures = next(b for b in section.blocks if isinstance(b, KeyFigures))
    return paragraphs, figures, [b for b in section.blocks if isinstance(b, Table)]


def test_section_text() -> None:
    (opening, model, polish, reflect), figures, _ = _blocks(ctx_for())
    assert opening.startswith("学校把“模课—磨课—悟课”三部式课堂实践作为教师专业成长的重要途径，"
                              "引导教师在学习中起步、在行动中磨炼、在思考中升华。")
    assert "本学年 8 名教师参与模课-磨课-悟课，6 人围绕 6 个课例开展研磨。" in opening
    assert model == ("“模课”——在学习中起步。教师向优秀教师学习，观摩示范课、做好听课记录共 6 人次，"
                     "5 个课例从模仿优秀教师的教学模式、技巧起步进行备课、授课。")
    assert ("主备教师提供课堂教学视频或教学实录，辅备教师围绕实录切磋、商讨、修改、再设计、再实践，"
            "5 个课例共磨课 9 轮，平均每个课例 1.8 轮，其中 3 个课例磨课达到 2 轮及以上；"
            "辅备教师参与研磨 2 人次。") in polish
    assert "撰写悟课反思 3 篇，涉及 3 个课例。" in reflect
    assert reflect.endswith("截至 2021-06-30，完成“模课—磨课—悟课”全过程的课例 3 个，"
                            "另有 2 个课例未按期推进。")
    assert dict(figures.items) == {"参与教师": "8 人", "课例": "6 个", "磨课": "9 轮",
                                   "悟课反思": "3 篇", "完成三部式": "3 个"}


def test_section_tables_add_up() -> None:
    _, _, (lessons, rounds, people) = _blocks(ctx_for())
    assert lessons.columns == ("教师", "课例", "模课日期", "磨课轮次", "悟课日期", "当前阶段")
    assert lessons.rows[0] == ("安若晴", "秋天的雨", "2020-09-17", "2", "2020-11-05", "悟课")
    assert lessons.rows[2][-1] == "磨课（第1轮）" and lessons.rows[4][2] == "-"
    assert lessons.total == ("合计", "", "", "9", "", "")
    assert rounds.rows == (("0 轮", "1"), ("1 轮", "2"), ("2 轮", "2"), ("3 轮", "1"))
    assert rounds.total == ("合计", "6") and "至少 2 轮" in rounds.caption
    assert people.columns == ("姓名", "课例", "模课", "磨课", "悟课", "完成", "辅备")
    assert people.rows[1] == ("白沐言", "1", "1", "3", "1", "1", "2")
    assert people.total == ("合计", "6", "5", "9", "3", "3", "2")
    assert len(people.rows) == 8


def test_section_without_cycles() -> None:
    recs = MemoryRecords(TERM).add(records().teachers())
    paragraphs, figures, tables = _blocks(ctx_for(recs=recs))
    assert paragraphs == ["本学年 8 名参与教师尚未开展“模课—磨课—悟课”的课例研磨。"]
    assert dict(figures.items)["课例"] == "0 个"
    assert [len(t.rows) for t in tables] == [0, 0, 8]


# -- findings -----------------------------------------------------------------------------
def test_findings() -> None:
    findings = PROGRAM.findings(ctx_for())
    assert all(f.program == PID for f in findings)
    problems = [f.text for f in findings if f.kind is FindingKind.PROBLEM]
    steps = [f.text for f in findings if f.kind is FindingKind.NEXT_STEP]
    stuck, idle, short = problems
    assert stuck == (
        "模课-磨课-悟课有 2 个课例停滞：程思远《圆的认识》停留在“磨课（第1轮）”，"
        "“磨课”应于 2020-10-10 前完成（至少磨课 2 轮，现有 1 轮），截至 2021-06-30 已逾期 263 天；"
        "丁雨桐《圆的认识》停留在“磨课”，“悟课”应于 2020-11-07 前完成，"
        "截至 2021-06-30 已逾期 235 天。")
    assert idle == "模课-磨课-悟课的 8 名参与教师中，有 2 人本学年没有课例：范一诺、孔德明。"
    assert short == "有 1 个课例磨课不足 2 轮即进入悟课：高景然《小数的意义》（1 轮）。"
    assert len(steps) == 2 and "“磨课”“悟课”" in steps[0] and "范一诺、孔德明" in steps[1]


def test_no_findings_when_on_time() -> None:
    ctx = ctx_for({"as_of": D(2020, 9, 30), "participants": ["M003", "M004"], "subjects": []})
    assert PROGRAM.findings(ctx) == []


# -- figures and members ------------------------------------------------------------------
def test_figures() -> None:
    figures = {f.key: (f.label, f.value, f.unit) for f in PROGRAM.figures(ctx_for())}
    assert figures == {
        "participants": ("参与教师", 8, "人"),
        "cycles": ("课例", 6, "个"),
        "completed": ("完成三部式的课例", 3, "个"),
        "stuck": ("停滞的课例", 2, "个"),
        "rounds": ("磨课", 9, "轮"),
        "rounds_mean": ("每个课例平均磨课", 1.8, "轮"),
        "reflections": ("悟课反思", 3, "篇"),
        "completion": ("完成三部式的教师占比", 3 / 8, "%"),
    }
    empty = {f.key for f in PROGRAM.figures(ctx_for(recs=MemoryRecords(TERM)))}
    assert empty == {"participants", "cycles", "completed", "stuck", "rounds", "reflections"}


def test_members() -> None:
    members = {m.teacher_id: (m.role, m.detail) for m in PROGRAM.members(ctx_for())}
    assert members["M002"] == ("参与教师", "课例：《找春天》（悟课）；辅备 2 次")
    assert members["M003"] == ("参与教师", "课例：《圆的认识》（磨课（第1轮））")
    assert members["M005"] == ("参与教师", "尚无课例")
    assert "M007" not in members and len(members) == 8


# -- import through the core -----------------------------------------------------------------
SCHOOL_TOML = """\
name = "示例模磨悟小学"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
artifacts = "data/artifacts.csv"
"mmw.rounds" = "data/mo_mo_wu_rounds.csv"

[programs.mmw]
type = "mo_mo_wu"
as_of = 2021-06-30
subjects = ["语文", "数学"]
participants = ["M008"]
"""


def test_import_and_report_the_data_set(workspace_builder: WorkspaceBuilder) -> None:
    """``yanxiu import mmw.rounds FILE``: the data read from the CSV files gives the same
    cycles and figures as the records built above."""
    from yanxiu_core import App

    workspace_builder.district()
    workspace_builder.school("momowu", SCHOOL_TOML)
    shutil.copytree(DATA, workspace_builder.root / "data")
    app = App(workspace_builder.root)
    try:
        app.import_configured("momowu")
        (ctx,) = app.program_contexts("momowu", "mo_mo_wu")
        assert list(check_problems(PROGRAM, ctx)) == []
        f = PROGRAM.measure(ctx)
        assert [(c.teacher_id, c.lesson, c.stage, len(c.rounds)) for c in f.cycles] == [
            (c.teacher_id, c.lesson, c.stage, len(c.rounds))
            for c in PROGRAM.measure(ctx_for()).cycles]
        assert {x.key: x.value for x in PROGRAM.figures(ctx)} == {
            x.key: x.value for x in PROGRAM.figures(ctx_for())}
    finally:
        app.close()
