"""师德建设 (ethics): settings errors located at the key, the record kinds imported from the
synthetic data set (tests/data/ethics/), validation, plan, indicators, the one-vote veto through
the real evaluation, section text and tables, findings, figures and members.

The data set (made-up school and teachers), term 2020学年:

* E001–E006; three 师德学习 sessions of the instance (S01–S03) and one other activity (A01):
  S01 E006 缺席, S02 E006 请假, S03 E005 迟到 and no row for E006 → 15 of 18 attended;
* 师德承诺书 from E001–E005 (E003's without 所属项目), none from E006;
* 师德考核: E001, E002 优秀, E003, E004 合格, E005 不合格 (veto), E006 not recorded;
* 师德典型: E001 (县优秀教师) and E002 (no honour).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import yanxiu_ethics
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
    Section,
    Table,
    Teacher,
    Term,
    Veto,
)
from yanxiu_core.testing import WorkspaceBuilder, make_context
from yanxiu_ethics import EthicsProgram

D = dt.date
TERM = Term("2020学年", D(2020, 9, 1), D(2021, 8, 31))
PROGRAM = EthicsProgram()
PID = "ethics"
DATA = Path(__file__).resolve().parent / "data" / "ethics"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _dt(day: str, time: str) -> dt.datetime:
    return dt.datetime.combine(D.fromisoformat(day), dt.time.fromisoformat(time))


def records() -> MemoryRecords:
    """The data set read with the standard library (the import is tested on its own below)."""
    teachers = [Teacher(r["工号"], r["姓名"], subject=r["学科"]) for r in _rows("teachers.csv")]
    activities = [Activity(r["编号"], r["类型"], r["主题"], _dt(r["日期"], r["开始时间"]),
                           _dt(r["日期"], r["结束时间"]), place=r["地点"], speaker=r["主讲人"],
                           program=r["项目"] or None, minutes=90)
                  for r in _rows("activities.csv")]
    status = {"出席": AttendanceStatus.PRESENT, "迟到": AttendanceStatus.LATE,
              "请假": AttendanceStatus.EXCUSED, "缺席": AttendanceStatus.ABSENT}
    attendance = [Attendance(r["活动编号"], r["工号"], status[r["状态"]], r["角色"])
                  for r in _rows("attendance.csv")]
    artifacts = [Artifact(n, r["工号"], r["类型"], r["标题"], D.fromisoformat(r["提交日期"]),
                          program=r["项目"] or None)
                 for n, r in enumerate(_rows("artifacts.csv"), 1)]
    results = [ProgramRecord(n, PID, "results", r["工号"], D.fromisoformat(r["日期"]), {
        "teacher_id": r["工号"], "result": r["结果"], "date": D.fromisoformat(r["日期"]),
        "note": r["说明"]}) for n, r in enumerate(_rows("ethics_results.csv"), 1)]
    exemplars = [ProgramRecord(100 + n, PID, "exemplars", r["工号"], D.fromisoformat(r["日期"]), {
        "teacher_id": r["工号"], "deed": r["事迹"], "honour": r["称号"],
        "date": D.fromisoformat(r["日期"])}) for n, r in enumerate(_rows("ethics_exemplars.csv"), 1)]
    return MemoryRecords(TERM).add(teachers, activities, attendance, artifacts, results, exemplars)


def ctx_for(settings: Mapping[str, Any] | None = None,
            recs: MemoryRecords | None = None) -> ProgramContext:
    table = {"as_of": D(2021, 8, 31), **(settings or {})}
    return make_context(PROGRAM, table, recs if recs is not None else records(), TERM,
                        program_id=PID)


# -- registration and settings ------------------------------------------------------------
def test_registers_through_the_hook() -> None:
    found: list[ProgramType] = []
    yanxiu_ethics.yanxiu_program_types(register=found.append)
    assert [(p.name, p.title) for p in found] == [("ethics", "师德建设")]
    assert [k.name for k in found[0].record_kinds] == ["results", "exemplars"]


def test_default_settings() -> None:
    s = ctx_for().settings
    assert s.results == ("优秀", "合格", "基本合格", "不合格")
    assert (s.veto_results, s.veto_grade, s.pledge_kind) == (("不合格",), "不合格", "师德承诺书")
    assert s.every_weeks == 0 and PROGRAM.plan(ctx_for()) == []


@pytest.mark.parametrize(("settings", "where", "text"), [
    ({"results": ["合格"]}, "programs.ethics.results", "至少要有两个"),
    ({"results": ["合格", "合格"]}, "programs.ethics.results", "重复"),
    ({"results": ["合格", " "]}, "programs.ethics.results", "空"),
    ({"veto_results": ["不称职"]}, "programs.ethics.veto_results", "不是考核结果"),
    ({"results": ["好", "差"]}, "programs.ethics.veto_results", "不是考核结果"),
    ({"veto_grade": ""}, "programs.ethics.veto_grade", "不能为空"),
    ({"pledge_kind": " "}, "programs.ethics.pledge_kind", "不能为空"),
    ({"every_weeks": -1}, "programs.ethics.every_weeks", "负数"),
    ({"weekday": 8}, "programs.ethics.weekday", "1–7"),
    ({"start": "16:00", "end": "15:00"}, "programs.ethics.end", "晚于"),
    ({"veto": ["不合格"]}, "programs.ethics.veto", "veto_results"),
])
def test_settings_errors_name_the_key(settings: dict[str, Any], where: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, settings, records(), TERM, program_id=PID)
    assert [p.where for p in info.value.problems] == [where]
    assert text in str(info.value.problems[0])


# -- plan and check -----------------------------------------------------------------------
def test_plan_on_a_cadence() -> None:
    plan = PROGRAM.plan(ctx_for({"every_weeks": 8, "first_date": D(2020, 9, 9),
                                 "place": "会议室"}))
    assert [p.date for p in plan][:3] == [D(2020, 9, 9), D(2020, 11, 4), D(2020, 12, 30)]
    assert len(plan) == 7
    assert (plan[0].title, plan[0].kind, plan[0].place, plan[0].start) == (
        "师德建设专题学习", "师德学习", "会议室", dt.time(15, 30))


def test_validate_clean_data_set() -> None:
    assert list(PROGRAM.validate(ctx_for())) == []


def test_validate_results_duplicates_and_exemplars() -> None:
    recs = records().add(
        ProgramRecord(50, PID, "results", "E006", D(2021, 6, 30),
                      {"teacher_id": "E006", "result": "称职", "date": D(2021, 6, 30)}),
        ProgramRecord(51, PID, "results", "E004", D(2021, 7, 1),
                      {"teacher_id": "E004", "result": "优秀", "date": D(2021, 7, 1)}),
        ProgramRecord(52, PID, "exemplars", "X999", None,
                      {"teacher_id": "X999", "deed": "不在名册"}))
    problems = list(PROGRAM.validate(ctx_for(recs=recs)))
    assert [(p.message, p.value) for p in problems] == [
        ("师德考核结果不在设置的考核结果中", "称职"),
        ("同一教师本学年有多条师德考核结果，按日期最晚的一条计", "2021-06-30：合格"),
        ("师德典型不在教师名册中", "X999")]
    assert problems[0].expected == "优秀、合格、基本合格、不合格"


# -- evaluation ----------------------------------------------------------------------------
def test_indicators_pledge_and_attendance() -> None:
    pledge, attendance = PROGRAM.indicators(ctx_for())
    assert (pledge.key, pledge.title, pledge.weight) == ("ethics.pledge", "师德承诺书", 0.05)
    assert pledge.values["E003"].value == 1.0 and pledge.values["E003"].evidence == ("artifact:3",)
    assert (pledge.values["E006"].value, pledge.values["E006"].detail) == (0.0, "未签订")
    assert (attendance.key, attendance.title) == ("ethics.attendance", "师德学习出勤")
    assert attendance.values["E005"].value == 1.0  # 迟到 counts as attended
    assert attendance.values["E006"].value == 0.0
    assert attendance.values["E006"].detail == "0/3"


def test_vetoes_from_the_results() -> None:
    assert PROGRAM.vetoes(ctx_for()) == [Veto("E005", "不合格", "师德考核不合格",
                                              ("ethics.results:5",))]
    assert PROGRAM.vetoes(ctx_for({"veto_results": []})) == []
    capped = PROGRAM.vetoes(ctx_for({"veto_results": ["基本合格", "不合格"],
                                     "veto_grade": "合格"}))
    assert [(v.teacher_id, v.grade_cap) for v in capped] == [("E005", "合格")]


# -- report --------------------------------------------------------------------------------
def test_section_text() -> None:
    section = PROGRAM.section(ctx_for())
    assert section.title == "师德建设" and section.key == "ethics"
    text = "\n".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert ("本学年共开展师德建设学习活动 3 次，内容包括“学习《中小学教师职业行为十项准则》”、"
            "“师德警示教育专题讲座”、“师德师风演讲交流”，教师应到 18 人次、实到 15 人次，"
            "出勤率 83.3%。") in text
    assert "6 名教师中已签订 5 人，签订率 83.3%。" in text
    assert ("年度师德考核结果：优秀 2 人，合格 2 人，不合格 1 人，另有 1 人尚未录入考核结果。"
            "陆安平师德考核为不合格，按一票否决，年度考核等级定为不合格。") in text
    assert ("涌现出一批师德典型：宋明远（县优秀教师）坚持送教上门三年，资助留守儿童完成学业；"
            "方若兰带病坚持上课，悉心辅导学困生。") in text
    paragraphs = [b for b in section.blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) == 4


def test_section_tables_add_up() -> None:
    section = PROGRAM.section(ctx_for())
    (figures,) = [b for b in section.blocks if isinstance(b, KeyFigures)]
    assert dict(figures.items) == {"师德学习": "3 次", "学习出勤率": "83.3%",
                                   "承诺书签订率": "83.3%", "师德考核优秀": "2 人"}
    sessions, results, exemplars = [b for b in section.blocks if isinstance(b, Table)]
    assert sessions.total == ("合计", "", "", "18", "15", "83.3%")
    assert results.rows == (("优秀", "2", "33.3%"), ("合格", "2", "33.3%"),
                            ("基本合格", "0", "0.0%"), ("不合格", "1", "16.7%"),
                            ("未录入", "1", "16.7%"))
    assert results.total is not None and results.total[:2] == ("合计", "6")
    assert exemplars.rows == (("宋明远", "县优秀教师", "坚持送教上门三年，资助留守儿童完成学业"),
                              ("方若兰", "-", "带病坚持上课，悉心辅导学困生"))


def test_section_without_records() -> None:
    recs = MemoryRecords(TERM).add(Teacher("E001", "宋明远"))
    section = PROGRAM.section(ctx_for(recs=recs))
    text = "\n".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert "本学年共开展师德建设学习活动 0 次。" in text
    assert "本学年尚未录入师德考核结果。" in text and "师德典型" not in text
    (results,) = [b for b in section.blocks if isinstance(b, Table)]
    assert results.rows[-1] == ("未录入", "1", "100.0%")


def test_findings() -> None:
    found = PROGRAM.findings(ctx_for({"every_weeks": 8, "first_date": D(2020, 9, 9)}))
    assert [(f.kind, f.text) for f in found] == [
        (FindingKind.PROBLEM, "6 名教师中有 1 人尚未签订《师德承诺书》：秦晓雪。"),
        (FindingKind.PROBLEM, "6 名教师中有 1 人尚未录入师德考核结果：秦晓雪。"),
        (FindingKind.PROBLEM, "陆安平师德考核为不合格，按一票否决，年度考核等级定为不合格。"),
        (FindingKind.NEXT_STEP,
         "对陆安平进行师德约谈与跟踪帮扶，下学年重新考核；全体教师继续加强师德学习，筑牢师德底线。"),
        (FindingKind.PROBLEM,
         "师德建设截至 2021-08-31 应开展学习活动 7 次，实际开展 3 次，师德学习未能按计划进行。")]
    assert all(f.program == PID for f in found)


def test_no_findings_when_all_is_well() -> None:
    recs = MemoryRecords(TERM).add(
        Teacher("E001", "宋明远"),
        Artifact(1, "E001", "师德承诺书", "承诺书", D(2020, 9, 9)),
        ProgramRecord(1, PID, "results", "E001", D(2021, 6, 30),
                      {"teacher_id": "E001", "result": "优秀", "date": D(2021, 6, 30)}))
    assert PROGRAM.findings(ctx_for(recs=recs)) == []


def test_figures() -> None:
    figures = {f.key: (f.value, f.unit) for f in PROGRAM.figures(ctx_for())}
    assert figures == {"sessions": (3, "次"), "attendance_rate": (15 / 18, "%"),
                       "pledge_share": (5 / 6, "%"), "excellent": (2, "人"),
                       "vetoes": (1, "人"), "exemplars": (2, "人")}
    empty = {f.key for f in PROGRAM.figures(ctx_for(recs=MemoryRecords(TERM)))}
    assert empty == {"sessions", "excellent", "vetoes", "exemplars"}


def test_members_are_the_exemplars() -> None:
    members = PROGRAM.members(ctx_for())
    assert [(m.teacher_id, m.role, m.detail) for m in members] == [
        ("E001", "师德典型", "县优秀教师：坚持送教上门三年，资助留守儿童完成学业"),
        ("E002", "师德典型", "带病坚持上课，悉心辅导学困生")]


# -- import and the veto through the real evaluation ---------------------------------------
DISTRICT_TOML = """\
[district]
name = "测试区"

[[terms]]
name = "2020学年"
year = 2020

[hours]
required_hours = 6

[evaluation]
required_artifacts = ["学习笔记"]
"""

SCHOOL_TOML = """\
name = "示例师德小学"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
artifacts = "data/artifacts.csv"
assessments = "data/assessments.csv"
"ethics.results" = "data/ethics_results.csv"
"ethics.exemplars" = "data/ethics_exemplars.csv"

[programs.ethics]
as_of = 2021-08-31
"""


def test_import_and_the_veto_in_the_evaluation(workspace_builder: WorkspaceBuilder) -> None:
    """``yanxiu import ethics.results FILE``: the kinds read from the CSV files give the same
    figures as the records built above, and ``App.evaluate`` applies the veto."""
    from yanxiu_core import App
    from yanxiu_core.evaluation import explain_lines, to_json

    workspace_builder.district(DISTRICT_TOML)
    workspace_builder.school("shide", SCHOOL_TOML)
    shutil.copytree(DATA, workspace_builder.root / "data")
    app = App(workspace_builder.root)
    try:
        app.import_configured("shide")
        (ctx,) = app.program_contexts("shide", "ethics")
        assert list(PROGRAM.validate(ctx)) == []
        assert {x.key: x.value for x in PROGRAM.figures(ctx)} == {
            x.key: x.value for x in PROGRAM.figures(ctx_for())}
        (veto,) = PROGRAM.vetoes(ctx)
        assert (veto.teacher_id, veto.grade_cap, veto.reason) == ("E005", "不合格", "师德考核不合格")

        ev = app.evaluate("shide")
        e005 = ev.by_teacher("E005")
        assert e005.score_grade == "优秀" and e005.total is not None and e005.total >= 90
        assert e005.grade == "不合格" and e005.vetoed
        assert [ev.by_teacher(t).grade for t in ("E001", "E002")] == ["优秀", "优秀"]
        assert all(not ev.by_teacher(t).vetoes for t in ("E001", "E002", "E003", "E004", "E006"))
        assert explain_lines(e005)[-1].startswith(
            "师德考核不合格，一票否决：等级为不合格（原为优秀）；依据：ethics.results:")
        data = to_json(ev)
        (j,) = [t for t in data["teachers"] if t["teacher_id"] == "E005"]
        assert (j["grade"], j["score_grade"], j["vetoes"][0]["grade_cap"]) == (
            "不合格", "优秀", "不合格")
        counts = dict(ev.grade_distribution())
        assert sum(counts.values()) == 6 and counts["不合格"] >= 1
        # `yanxiu evaluate` (table, csv, xlsx) marks the veto in its 备注 column
        from click.testing import CliRunner

        from yanxiu_core.cli import cli

        table = CliRunner().invoke(cli, ["-w", str(workspace_builder.root), "evaluate",
                                         "--school", "shide"])
        assert table.exit_code == 0, table.output
        head, *rows = [line.split("\t") for line in table.output.splitlines()]
        notes = {r[0]: r[head.index("备注")] for r in rows}
        assert notes.pop("E005") == "师德考核不合格，一票否决（原为优秀）"
        assert set(notes.values()) == {""}

        def paragraphs(sections: tuple[Section, ...]) -> list[str]:
            return [text for sec in sections for text in
                    [b.text for b in sec.blocks if isinstance(b, Paragraph)]
                    + paragraphs(sec.subsections)]

        texts = paragraphs(app.report("shide").sections)
        assert "1名教师按一票否决确定等级：陆安平（师德考核不合格，总评等级优秀，定为不合格）。" in texts
        assert any(t.startswith("年度师德考核结果：优秀 2 人") for t in texts)
    finally:
        app.close()
