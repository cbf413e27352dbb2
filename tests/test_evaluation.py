"""Evaluation arithmetic: indicators, renormalised weights, summative mix, rounding, grades."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from yanxiu_core.config.schema import DEFAULT_GRADES, EvaluationPolicy, GradeBand
from yanxiu_core.evaluation import (
    UNRATED,
    EvaluationSettings,
    core_indicators,
    evaluate,
    explain_lines,
    round1,
    to_json,
)
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.memory_records import MemoryRecords
from yanxiu_core.model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    Teacher,
    Term,
)
from yanxiu_core.program import Indicator, IndicatorValue, SummativeItem
from yanxiu_core.records import ANY

TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
LATE, EXCUSED, ABSENT = AttendanceStatus.LATE, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


Band = GradeBand
DEFAULT_BANDS = DEFAULT_GRADES
Policy = EvaluationPolicy  # the real config class; it must satisfy the EvaluationSettings protocol


def _policy_is_settings(p: EvaluationPolicy) -> EvaluationSettings:
    return p  # mypy checks that the config class satisfies the protocol


HOURS = HoursPolicy(required_hours=2)  # 90 minutes required: easy arithmetic


def scenario() -> MemoryRecords:
    """T1: 2 of 3 attended (135 min), one of two artifacts, assessment 45/50.
    T2: absent and excused only, nothing handed in, no assessment.
    T3: no attendance rows, both artifacts, assessment 95/100."""
    return MemoryRecords(TERM).add(
        Teacher("T1", "甲老师"),
        Teacher("T2", "乙老师"),
        Teacher("T3", "丙老师"),
        Activity("A1", "讲座", "师德专题", dt.datetime(2020, 10, 1, 14), minutes=90),
        Activity("A2", "听课", "公开课", dt.datetime(2020, 11, 1, 9), minutes=45, program="p"),
        Activity("A3", "听课", "公开课", dt.datetime(2020, 11, 2, 9), minutes=45, program="p"),
        Attendance("A1", "T1"),
        Attendance("A2", "T1", LATE),
        Attendance("A3", "T1", EXCUSED),
        Attendance("A1", "T2", ABSENT),
        Attendance("A2", "T2", EXCUSED),
        Artifact(1, "T1", "学习笔记", "笔记", dt.date(2021, 1, 5)),
        Artifact(2, "T3", "学习笔记", "笔记", dt.date(2021, 1, 5)),
        Artifact(3, "T3", "个人三年发展规划", "规划", dt.date(2021, 1, 6)),
        Artifact(4, "T2", "教案", "不是必交材料", dt.date(2021, 1, 6)),
        Assessment(1, "T1", "期末考核", 45, 50),
        Assessment(2, "T3", "期末考核", 95),
    )


def test_policy_protocol_is_satisfied() -> None:
    assert _policy_is_settings(Policy()).grade_for(90) == "优秀"


def test_core_indicator_values_and_evidence() -> None:
    att, hrs, arts = core_indicators(scenario(), Policy(), HOURS)
    assert (att.key, att.weight, hrs.key, hrs.weight, arts.key, arts.weight) == (
        "attendance", 0.4, "hours", 0.4, "artifacts", 0.2)
    assert att.values["T1"].value == pytest.approx(2 / 3)
    assert att.values["T1"].detail == "2/3"
    assert att.values["T1"].evidence == ("attendance:A1", "attendance:A2", "attendance:A3")
    assert att.values["T3"].value is None  # no rows: not applicable
    # 请假 and 缺席 credit nothing: T2 has rows but 0 minutes
    assert hrs.values["T2"].value == 0.0
    assert hrs.values["T2"].detail == "0.0/2.0 学时"
    assert hrs.values["T1"].value == 1.0  # 135 of 90 minutes, capped at 1
    assert hrs.values["T1"].evidence == ("attendance:A1", "attendance:A2")
    assert arts.values["T1"].value == 0.5
    assert "个人三年发展规划" in arts.values["T1"].detail
    assert arts.values["T3"].evidence == ("artifact:2", "artifact:3")
    assert arts.values["T2"].value == 0.0  # 教案 is not required


class CountingRecords(MemoryRecords):
    """Counts how often the attendance rows are read."""

    reads = 0

    def attendance(self, program: str | None = ANY, teacher_id: str | None = None) -> list[Any]:
        type(self).reads += 1
        return super().attendance(program, teacher_id)


def test_without_evidence_the_figures_are_the_same_and_no_row_is_read() -> None:
    base = scenario()
    records = CountingRecords(TERM, base.teacher_list, base.activity_list, base.attendance_list,
                              base.artifact_list, base.assessment_list)
    CountingRecords.reads = 0
    with_ids = evaluate(records, Policy(), HOURS)
    # MemoryRecords' own attendance_summary reads the rows once (the store's is SQL); the
    # evidence reads them once more, for both indicators
    assert CountingRecords.reads == 2
    CountingRecords.reads = 0
    bare = evaluate(records, Policy(), HOURS, evidence=False)
    assert CountingRecords.reads == 1  # the summary only
    assert [(t.teacher.id, t.process, t.summative, t.total, t.grade) for t in bare.teachers] == [
        (t.teacher.id, t.process, t.summative, t.total, t.grade) for t in with_ids.teachers]
    t1 = bare.by_teacher("T1")
    core = [r for r in t1.indicators if r.key in ("attendance", "hours")]
    assert core and all(r.value.evidence == () for r in core)
    assert [r.value.detail for r in core] == [
        r.value.detail for r in with_ids.by_teacher("T1").indicators
        if r.key in ("attendance", "hours")]


def test_process_summative_total_hand_computed() -> None:
    ev = evaluate(scenario(), Policy(), HOURS)
    t1 = ev.by_teacher("T1")
    # 100 × (0.4×2/3 + 0.4×1 + 0.2×0.5) / 1.0 = 76.67 → 76.7; summative 45/50 = 90.0
    assert (t1.process, t1.summative) == (76.7, 90.0)
    # (0.6×76.7 + 0.4×90.0) / 1.0 = 82.02 → 82.0 → 良好
    assert (t1.total, t1.grade) == (82.0, "良好")
    t2 = ev.by_teacher("T2")
    # no 考核成绩 while the district weighs 终结性 at 0.4: 未评定, never 过程性 alone unsaid
    assert (t2.process, t2.summative, t2.total, t2.grade) == (0.0, None, None, "")
    assert (t1.basis, t2.basis) == ("both", "process_only")
    lenient = evaluate(scenario(), Policy(missing_part="reweight"), HOURS).by_teacher("T2")
    assert (lenient.total, lenient.grade) == (0.0, "不合格")
    t3 = ev.by_teacher("T3")
    # attendance does not apply: 100 × (0.4×0 + 0.2×1) / 0.6 = 33.33 → 33.3
    assert t3.process == 33.3
    # (0.6×33.3 + 0.4×95.0) = 57.98 → 58.0
    assert (t3.summative, t3.total, t3.grade) == (95.0, 58.0, "不合格")


def test_program_indicators_and_summative_items_are_mixed_in() -> None:
    extra = Indicator("prog.attendance", "项目出勤", 0.5,
                      {"T1": IndicatorValue(1.0, ("activity:A2",), "1/1")})
    items = [SummativeItem("T3", "项目展示课", 80, weight=2, evidence=("lesson:7",))]
    ev = evaluate(scenario(), Policy(), HOURS, indicators=[extra], summative=items)
    t1 = ev.by_teacher("T1")
    # (0.4×2/3 + 0.4×1 + 0.2×0.5 + 0.5×1) / 1.5 × 100 = 84.44 → 84.4
    assert t1.process == 84.4
    assert [r.key for r in t1.indicators][-1] == "prog.attendance"
    # T2 has no value for the program indicator: its weight is dropped, not counted as 0
    assert ev.by_teacher("T2").process == 0.0
    t3 = ev.by_teacher("T3")
    # (1×95 + 2×80) / 3 = 85.0; total 0.6×33.3 + 0.4×85.0 = 53.98 → 54.0
    assert (t3.summative, t3.total) == (85.0, 54.0)
    assert [s.name for s in t3.summative_items] == ["期末考核", "项目展示课"]


def test_district_weights_override_by_key() -> None:
    policy = Policy(indicator_weights={"artifacts": 0.0, "prog.x": 1.0})
    extra = Indicator("prog.x", "项目指标", 0.1, {"T1": IndicatorValue(0.0)})
    t1 = evaluate(scenario(), policy, HOURS, indicators=[extra]).by_teacher("T1")
    # artifacts weight 0 is dropped; prog.x weight 1.0 replaces its default 0.1:
    # 100 × (0.4×2/3 + 0.4×1 + 1.0×0) / 1.8 = 37.04 → 37.0
    assert t1.process == 37.0
    assert {r.key: r.weight for r in t1.indicators}["prog.x"] == 1.0


def test_summative_only_when_no_indicator_applies() -> None:
    records = MemoryRecords(TERM).add(Teacher("T1", "甲"), Assessment(1, "T1", "考核", 84))
    policy = Policy(required_artifacts=(), missing_part="reweight")
    t1 = evaluate(records, policy, HoursPolicy(required_hours=0)).by_teacher("T1")
    assert (t1.process, t1.summative, t1.total, t1.grade) == (None, 84.0, 84.0, "良好")
    strict = evaluate(records, Policy(required_artifacts=()), HoursPolicy(required_hours=0))
    assert strict.by_teacher("T1").grade == "" and strict.by_teacher("T1").basis == "summative_only"
    no_process = Policy(required_artifacts=(), process_weight=0)  # a part weighed 0 is not needed
    assert evaluate(records, no_process, HoursPolicy(required_hours=0)).by_teacher("T1").total == 84.0


def test_nothing_to_evaluate_is_unrated_and_counted() -> None:
    records = MemoryRecords(TERM).add(Teacher("T1", "甲"), Teacher("T2", "乙"),
                                      Assessment(1, "T2", "考核", 95))
    ev = evaluate(records, Policy(required_artifacts=(), missing_part="reweight"),
                  HoursPolicy(required_hours=0))
    assert ev.by_teacher("T1").grade == ""
    assert ev.grade_distribution() == [("优秀", 1), ("良好", 0), ("合格", 0), ("不合格", 0),
                                       (UNRATED, 1)]
    assert to_json(ev)["teachers"][0]["grade"] is None


def _grade_of(percent: float, policy: Policy | None = None) -> tuple[float | None, str]:
    records = MemoryRecords(TERM).add(Teacher("T1", "甲"), Assessment(1, "T1", "考核", percent))
    policy = policy or Policy(required_artifacts=(), missing_part="reweight")
    te = evaluate(records, policy, HoursPolicy(required_hours=0)).by_teacher("T1")
    return te.total, te.grade


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (90.0, (90.0, "优秀")),
        (89.94, (89.9, "良好")),
        (89.95, (90.0, "优秀")),  # shown as 90.0, so graded 优秀
        (80.0, (80.0, "良好")),
        (79.9, (79.9, "合格")),
        (60.0, (60.0, "合格")),
        (59.96, (60.0, "合格")),
        (59.9, (59.9, "不合格")),
        (0.0, (0.0, "不合格")),
    ],
)
def test_grade_boundaries(percent: float, expected: tuple[float, str]) -> None:
    assert _grade_of(percent) == expected


def test_custom_grade_names_and_thresholds() -> None:
    policy = Policy(grades=(Band("A", 85), Band("B", 70), Band("C", 0)), required_artifacts=(),
                    missing_part="reweight")
    assert _grade_of(85, policy) == (85.0, "A")
    assert _grade_of(84.9, policy) == (84.9, "B")
    assert _grade_of(70, policy) == (70.0, "B")
    assert _grade_of(69.9, policy) == (69.9, "C")
    records = MemoryRecords(TERM).add(Teacher("T1", "甲"))
    ev = evaluate(records, policy, HoursPolicy(required_hours=0))
    assert [g for g, _ in ev.grade_distribution()] == ["A", "B", "C", UNRATED]


def test_custom_process_summative_weights() -> None:
    # equal weights: (76.7 + 90.0) / 2 = 83.35 → 83.4 (half up)
    t1 = evaluate(scenario(), Policy(process_weight=1, summative_weight=1), HOURS
                  ).by_teacher("T1")
    assert t1.total == 83.4


def test_round1_is_half_up_and_ignores_float_noise() -> None:
    assert round1(0.6 * 85.25 + 0.4 * 90) == 87.2  # 87.14999999999999 in binary
    assert round1(84.45) == 84.5
    assert round1(84.44999) == 84.4
    assert round1(0.05) == 0.1


def test_grade_distribution_in_policy_order_sums_to_teachers() -> None:
    ev = evaluate(scenario(), Policy(), HOURS)
    dist = ev.grade_distribution()
    assert dist == [("优秀", 0), ("良好", 1), ("合格", 0), ("不合格", 1), (UNRATED, 1)]
    assert sum(n for _, n in dist) == len(ev.teachers) == 3


def test_by_teacher_unknown_id() -> None:
    with pytest.raises(KeyError, match="T9"):
        evaluate(scenario(), Policy(), HOURS).by_teacher("T9")


def test_explain_lines_show_evidence_weights_formula_and_rule() -> None:
    items = [SummativeItem("T1", "项目展示课", 80, weight=2, evidence=("lesson:7",))]
    te = evaluate(scenario(), Policy(), HOURS, summative=items).by_teacher("T1")
    text = "\n".join(explain_lines(te))
    for needle in ("attendance:A1", "attendance:A3", "artifact:1", "assessment:1", "lesson:7",
                   "权重 0.4", "权重 0.2", "66.7%（2/3）", "项目展示课"):
        assert needle in text, needle
    # summative (1×90 + 2×80)/3 = 83.3; total 0.6×76.7 + 0.4×83.3 = 79.34 → 79.3 合格
    assert "终结性得分 = (1×90.0 + 2×80.0) ÷ (1 + 2) = 83.3" in text
    assert "总评 = (0.6×76.7 + 0.4×83.3) ÷ (0.6 + 0.4) = 79.3" in text
    assert "等级：79.3 ≥ 60 → 合格" in text
    t3 = "\n".join(explain_lines(evaluate(scenario(), Policy(), HOURS).by_teacher("T3")))
    assert "出勤率 [attendance] 权重 0.4：不适用" in t3


def test_to_json_has_stable_keys() -> None:
    data = to_json(evaluate(scenario(), Policy(), HOURS))
    assert list(data) == ["teachers", "grade_distribution"]
    t1 = data["teachers"][0]
    assert list(t1) == ["teacher_id", "name", "process", "summative", "total", "grade",
                        "score_grade", "basis", "indicators", "summative_items", "vetoes"]
    assert (t1["teacher_id"], t1["total"], t1["grade"]) == ("T1", 82.0, "良好")
    assert t1["indicators"][0] == {
        "key": "attendance", "title": "出勤率", "weight": 0.4, "value": 0.6667, "detail": "2/3",
        "evidence": ["attendance:A1", "attendance:A2", "attendance:A3"]}
    assert t1["summative_items"] == [
        {"name": "期末考核", "percent": 90.0, "weight": 1.0, "evidence": ["assessment:1"]}]
    assert data["grade_distribution"][1] == {"grade": "良好", "count": 1}
