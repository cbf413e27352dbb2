"""One-vote vetoes (一票否决): a program's Veto caps a teacher's year grade after the total —
scores unchanged, grade overridden, the basis kept for explain, JSON and the distribution."""

from __future__ import annotations

import datetime as dt

import pytest

from yanxiu_core import ProgramType, SummativeItem, Teacher, Term, Veto
from yanxiu_core.config.schema import EvaluationPolicy, GradeBand
from yanxiu_core.evaluation import UNRATED, apply_vetoes, evaluate, explain_lines, to_json
from yanxiu_core.evaluation.engine import VetoLine
from yanxiu_core.evaluation.gaps import evaluation_gaps
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.memory_records import MemoryRecords
from yanxiu_core.plugins import result_problem

TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
POLICY = EvaluationPolicy(required_artifacts=(), missing_part="reweight")
NO_HOURS = HoursPolicy(required_hours=0)
NAMES = ("优秀", "良好", "合格", "不合格")


def records() -> MemoryRecords:
    """V1 甲 85 (良好), V2 乙 95 (优秀), V3 丙 50 (不合格), V4 丁 nothing (未评定)."""
    return MemoryRecords(TERM).add(Teacher("V1", "甲"), Teacher("V2", "乙"), Teacher("V3", "丙"),
                                   Teacher("V4", "丁"))


ITEMS = [SummativeItem("V1", "考核", 85.0), SummativeItem("V2", "考核", 95.0),
         SummativeItem("V3", "考核", 50.0)]


def run(*vetoes: Veto, policy: EvaluationPolicy = POLICY):  # type: ignore[no-untyped-def]
    return evaluate(records(), policy, NO_HOURS, summative=ITEMS, vetoes=vetoes)


def test_veto_to_the_lowest_grade_keeps_the_scores() -> None:
    ev = run(Veto("V1", None, "师德考核不合格", ("ethics.results:3",)))
    v1 = ev.by_teacher("V1")
    assert (v1.total, v1.score_grade, v1.grade, v1.vetoed) == (85.0, "良好", "不合格", True)
    assert v1.vetoes == (VetoLine("师德考核不合格", "不合格", ("ethics.results:3",)),)
    others = [ev.by_teacher(t) for t in ("V2", "V3", "V4")]
    assert [(te.grade, te.score_grade, te.vetoes) for te in others] == [
        ("优秀", "优秀", ()), ("不合格", "不合格", ()), ("", "", ())]


def test_explain_shows_the_veto_after_the_grade_rule() -> None:
    lines = explain_lines(run(Veto("V1", None, "师德考核不合格", ("ethics.results:3",)))
                          .by_teacher("V1"))
    assert lines[-2].startswith("等级：85.0 ≥ 80 → 良好")
    assert lines[-1] == ("师德考核不合格，一票否决：等级为不合格（原为良好）；"
                         "依据：ethics.results:3")


def test_a_cap_lowers_a_better_grade_only() -> None:
    ev = run(Veto("V2", "合格", "未签承诺书"), Veto("V3", "合格", "未签承诺书"))
    assert (ev.by_teacher("V2").grade, ev.by_teacher("V2").vetoed) == ("合格", True)
    assert (ev.by_teacher("V3").grade, ev.by_teacher("V3").vetoed) == ("不合格", False)
    assert explain_lines(ev.by_teacher("V2"))[-1] == (
        "未签承诺书，等级至多为合格：等级为合格（原为优秀）；依据：无记录")
    assert explain_lines(ev.by_teacher("V3"))[-1].startswith(
        "未签承诺书，等级至多为合格：等级为不合格（按得分亦为不合格，不变）")


def test_the_lowest_cap_of_several_wins() -> None:
    ev = run(Veto("V2", "良好", "甲原因"), Veto("V2", "合格", "乙原因"))
    v2 = ev.by_teacher("V2")
    assert v2.grade == "合格" and [v.reason for v in v2.vetoes] == ["甲原因", "乙原因"]
    assert len([line for line in explain_lines(v2) if "原因" in line]) == 2


def test_unrated_teacher_is_graded_by_a_full_veto_only() -> None:
    assert run(Veto("V4", None, "师德考核不合格")).by_teacher("V4").grade == "不合格"
    capped = run(Veto("V4", "合格", "未签承诺书")).by_teacher("V4")
    assert (capped.grade, capped.total) == ("", None)
    line = explain_lines(run(Veto("V4", None, "师德考核不合格")).by_teacher("V4"))[-1]
    assert line.startswith("师德考核不合格，一票否决：等级为不合格（原为未评定）")


def test_distribution_counts_the_final_grade() -> None:
    ev = run(Veto("V1", None, "师德考核不合格"), Veto("V4", None, "师德考核不合格"))
    assert ev.grade_distribution() == [("优秀", 1), ("良好", 0), ("合格", 0), ("不合格", 3)]


def test_json_carries_score_grade_and_vetoes() -> None:
    data = to_json(run(Veto("V1", None, "师德考核不合格", ("ethics.results:3",))))
    v1, v2 = data["teachers"][:2]
    assert (v1["grade"], v1["score_grade"], v1["total"]) == ("不合格", "良好", 85.0)
    assert v1["vetoes"] == [{"reason": "师德考核不合格", "grade_cap": "不合格",
                             "evidence": ["ethics.results:3"]}]
    assert (v2["grade"], v2["score_grade"], v2["vetoes"]) == ("优秀", "优秀", [])
    assert {"grade": "良好", "count": 0} in data["grade_distribution"]


def test_custom_grade_names_and_an_unknown_cap() -> None:
    policy = EvaluationPolicy(grades=(GradeBand("A", 90), GradeBand("B", 60), GradeBand("C", 0)),
                              required_artifacts=(), missing_part="reweight")
    ev = run(Veto("V2", None, "否决"), Veto("V1", "不合格", "否决"), policy=policy)
    assert ev.by_teacher("V2").grade == "C"
    v1 = ev.by_teacher("V1")
    assert (v1.grade, v1.vetoes[0].grade_cap, v1.vetoes[0].declared) == ("C", "C", "不合格")
    assert "“不合格”不是考核等级，按最低等级计" in explain_lines(v1)[-1]
    assert evaluation_gaps(ev, policy)[-1] == (
        "一票否决的等级“不合格”不是区定的考核等级（evaluation.grades），按最低等级“C”计")


@pytest.mark.parametrize(("grade", "caps", "expected"), [
    ("优秀", [], "优秀"),
    ("优秀", ["良好"], "良好"),
    ("合格", ["良好"], "合格"),
    ("良好", ["合格", "不合格"], "不合格"),
    ("", ["合格"], ""),
    ("", ["不合格"], "不合格"),
])
def test_apply_vetoes(grade: str, caps: list[str], expected: str) -> None:
    assert apply_vetoes(grade, [VetoLine("r", c) for c in caps], NAMES) == expected


def test_the_method_default_and_the_result_check() -> None:
    assert list(ProgramType().vetoes(None)) == []  # type: ignore[arg-type]
    assert result_problem("vetoes", [Veto("V1", None, "r")]) == ""
    assert "应为 Veto" in result_problem("vetoes", ["V1"])
    assert UNRATED == "未评定"
