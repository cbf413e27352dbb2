"""考核评价 of a 研修档案: the scores, each indicator with the records behind it, the formulas.

What ``yanxiu explain`` prints, for a reader: evidence ids become dates and titles
(:class:`~yanxiu_core.evaluation.evidence.EvidenceIndex`); a cell names the first few and how
many there are, and a table placed in the appendix lists them all.
"""

from __future__ import annotations

from ..document import Block, BulletList, KeyFigures, Paragraph, Table
from ..evaluation.engine import UNRATED, TeacherEvaluation
from ..evaluation.explain import explain_lines
from ..evaluation.policy import fmt1
from ..model import Teacher
from .book import SchoolBook

SHOWN = 3
"""Evidence a table cell names before saying how many more there are."""
EVIDENCE_CAPTION = "考核评价依据"
NO_EVIDENCE = "无记录"


def _score(value: float | None) -> str:
    return "-" if value is None else fmt1(value)


def _evidence_cell(items: list[str]) -> str:
    if not items:
        return NO_EVIDENCE
    if len(items) <= SHOWN:
        return "；".join(items)
    return f"{'；'.join(items[:SHOWN])} 等{len(items)}项（全部见“{EVIDENCE_CAPTION}”）"


def _formula_lines(te: TeacherEvaluation) -> list[str]:
    """The lines of ``explain`` that show arithmetic and the grade rule (not the itemised
    indicators, which the tables show readably)."""
    lines = explain_lines(te)[1:]
    return [line.strip() for line in lines
            if not line.startswith("  - ") and not line.rstrip().endswith("：")]


def evaluation_blocks(book: SchoolBook, teacher: Teacher) -> list[Block]:
    te = book.evaluation_of(teacher)
    if te is None:
        return [Paragraph("本学年没有该教师的评价结果。")]
    pw, sw = te.weights
    blocks: list[Block] = [
        KeyFigures((("过程性评价", _score(te.process)), ("终结性评价", _score(te.summative)),
                    ("总评", _score(te.total)), ("等级", te.grade or UNRATED))),
        Paragraph(f"总评由过程性评价与终结性评价按{pw:g} : {sw:g}合成；"
                  "过程性评价由下列各项指标按权重合成，每项指标都注明了所依据的记录。"),
    ]
    full: list[tuple[str, str]] = []
    rows = []
    for r in te.indicators:
        items = book.evidence.describe_all(r.value.evidence, teacher.id, chronological=True)
        if r.value.value is None:
            done = "不适用"
        else:
            done = f"{100 * r.value.value:.1f}%" + ("（权重为0，不计）" if r.weight <= 0 else "")
        rows.append((r.title, f"{r.weight:g}", done, r.value.detail or "-", _evidence_cell(items)))
        if len(items) > SHOWN:
            full.append((r.title, "；".join(items)))
    blocks.append(Table(("指标", "权重", "完成情况", "说明", "依据"), tuple(rows),
                        caption="过程性评价指标"))
    if te.summative_items:
        summative = []
        for item in te.summative_items:
            items = book.evidence.describe_all(item.evidence, teacher.id, chronological=True)
            summative.append((item.name, f"{item.percent:.1f}", f"{item.weight:g}",
                              _evidence_cell(items)))
            if len(items) > SHOWN:
                full.append((item.name, "；".join(items)))
        blocks.append(Table(("考核项目", "得分（百分制）", "权重", "依据"), tuple(summative),
                            caption="终结性评价"))
    else:
        blocks.append(Paragraph("本学年没有终结性评价（考核成绩）记录。"))
    blocks += [Paragraph("计算过程："), BulletList(tuple(_formula_lines(te)))]
    if full:
        blocks.append(Table(("指标", "依据的记录"), tuple(full), caption=EVIDENCE_CAPTION,
                            appendix=True))
    return blocks
