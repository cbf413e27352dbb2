"""How a score came about, for people (``yanxiu explain``) and machines (``evaluate --json``)."""

from __future__ import annotations

from typing import Any

from .engine import UNRATED, IndicatorResult, SchoolEvaluation, TeacherEvaluation, VetoLine
from .policy import fmt1


def _w(weight: float) -> str:
    return f"{weight:g}"


def _evidence(ids: tuple[str, ...]) -> str:
    return "依据：" + (", ".join(ids) if ids else "无记录")


def _indicator_line(r: IndicatorResult) -> str:
    head = f"  - {r.title} [{r.key}] 权重 {_w(r.weight)}："
    v = r.value
    if v.value is None:
        return head + f"不适用（{v.detail or '无相关记录'}），权重不计"
    text = f"{100 * v.value:.1f}%"
    if v.detail:
        text += f"（{v.detail}）"
    if r.weight <= 0:
        text += "，权重为 0 不计"
    return head + text + "；" + _evidence(v.evidence)


def _mean_formula(pairs: list[tuple[float, str]]) -> str:
    products = " + ".join(f"{_w(w)}×{x}" for w, x in pairs)
    weights = " + ".join(_w(w) for w, _ in pairs)
    return f"({products}) ÷ ({weights})"


def explain_lines(te: TeacherEvaluation) -> list[str]:
    """Chinese lines: each indicator's value, weight and evidence ids, each summative item, the
    formulas with the numbers used, and the grade rule applied."""
    t = te.teacher
    lines = [f"{t.name}（{t.id}）", "过程性评价："]
    lines += [_indicator_line(r) for r in te.indicators]
    used = [(r.weight, f"{r.value.value:.4f}") for r in te.indicators if r.applies]
    if te.process is None:
        lines.append("  过程性得分：无适用指标，不计入总评")
    else:
        lines.append(f"  过程性得分 = 100 × {_mean_formula(used)} = {fmt1(te.process)}")
    lines.append("终结性评价：")
    for item in te.summative_items:
        lines.append(
            f"  - {item.name}：{item.percent:.1f}（百分制），权重 {_w(item.weight)}；"
            + _evidence(item.evidence)
        )
    if te.summative is None:
        lines.append("  终结性得分：无考核成绩，不计入总评")
    else:
        parts = [(s.weight, f"{s.percent:.1f}") for s in te.summative_items if s.weight > 0]
        lines.append(f"  终结性得分 = {_mean_formula(parts)} = {fmt1(te.summative)}")
    lines.append(_total_line(te))
    lines.append(_grade_line(te))
    lines += [_veto_line(te, v) for v in te.vetoes]
    return lines


def _veto_rule(te: TeacherEvaluation, v: VetoLine) -> str:
    lowest = te.grade_bands[-1][0] if te.grade_bands else v.grade_cap
    return "一票否决" if v.grade_cap == lowest else f"等级至多为{v.grade_cap}"


def veto_note(te: TeacherEvaluation) -> str:
    """The vetoes as one table cell (``evaluate``'s 备注): ``<reason>，一票否决（原为良好）``;
    ``""`` for a teacher without a veto."""
    if not te.vetoes:
        return ""
    rules = "；".join(f"{v.reason}，{_veto_rule(te, v)}" for v in te.vetoes)
    before = te.score_grade or UNRATED
    return rules + (f"（原为{before}）" if te.vetoed else f"（按得分亦为{before}）")


def _veto_line(te: TeacherEvaluation, v: VetoLine) -> str:
    """``<reason>，一票否决：等级为不合格（原为良好）``; a cap above the lowest grade reads
    ``等级至多为合格``; a grade the veto did not change says so."""
    rule = _veto_rule(te, v)
    before = te.score_grade or UNRATED
    if te.grade == te.score_grade:
        result = f"等级为{te.grade or UNRATED}（按得分亦为{before}，不变）"
    else:
        result = f"等级为{te.grade or UNRATED}（原为{before}）"
    note = f"；“{v.declared}”不是考核等级，按最低等级计" if v.declared else ""
    return f"{v.reason}，{rule}：{result}{note}；" + _evidence(v.evidence)


def _total_line(te: TeacherEvaluation) -> str:
    if te.total is None:
        return "总评：无"
    if te.process is not None and te.summative is not None:
        pw, sw = te.weights
        if pw + sw <= 0:
            pw = sw = 1.0
        formula = _mean_formula([(pw, fmt1(te.process)), (sw, fmt1(te.summative))])
        return f"总评 = {formula} = {fmt1(te.total)}（过程性 : 终结性 = {_w(pw)} : {_w(sw)}）"
    part = "过程性得分" if te.summative is None else "终结性得分"
    return f"总评 = {part} = {fmt1(te.total)}（只有这一部分成绩）"


def _grade_line(te: TeacherEvaluation) -> str:
    rule = "，".join(f"{name} ≥ {_w(low)}" for name, low in te.grade_bands)
    if te.total is None:
        return f"等级：{UNRATED}（没有可用的评价数据）"
    low = dict(te.grade_bands).get(te.score_grade)
    reached = f"{fmt1(te.total)} ≥ {_w(low)}" if low is not None else fmt1(te.total)
    return f"等级：{reached} → {te.score_grade}（规则：{rule}；按保留一位小数后的总评判定）"


def _num(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def teacher_json(te: TeacherEvaluation) -> dict[str, Any]:
    """One teacher's evaluation as plain JSON data (stable keys)."""
    return {
        "teacher_id": te.teacher.id,
        "name": te.teacher.name,
        "process": te.process,
        "summative": te.summative,
        "total": te.total,
        "grade": te.grade or None,
        "score_grade": te.score_grade or None,
        "basis": te.basis,
        "indicators": [
            {
                "key": r.key,
                "title": r.title,
                "weight": r.weight,
                "value": _num(r.value.value, 4),
                "detail": r.value.detail,
                "evidence": list(r.value.evidence),
            }
            for r in te.indicators
        ],
        "summative_items": [
            {
                "name": s.name,
                "percent": _num(s.percent, 2),
                "weight": s.weight,
                "evidence": list(s.evidence),
            }
            for s in te.summative_items
        ],
        "vetoes": [
            {"reason": v.reason, "grade_cap": v.grade_cap, "evidence": list(v.evidence)}
            for v in te.vetoes
        ],
    }


def to_json(evaluation: SchoolEvaluation) -> dict[str, Any]:
    """The whole evaluation as plain JSON data, for ``yanxiu evaluate --json``.

    Keys: ``teachers`` (list of :func:`teacher_json` objects, roster order) and
    ``grade_distribution`` (list of ``{"grade", "count"}`` in policy order, final grades). An
    unrated teacher has ``grade: null``; ``score_grade`` is the grade the total earns before the
    ``vetoes`` (each ``{"reason", "grade_cap", "evidence"}``), ``grade`` the final one.
    """
    return {
        "teachers": [teacher_json(te) for te in evaluation.teachers],
        "grade_distribution": [
            {"grade": grade, "count": count} for grade, count in evaluation.grade_distribution()
        ],
    }
