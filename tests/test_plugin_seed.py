"""种子工程 (seed) through the public API: selection, ledger, indicators, section, findings."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from yanxiu_core import (
    Artifact,
    Award,
    ConfigError,
    MemoryRecords,
    Paragraph,
    ProgramRecord,
    Table,
    Teacher,
)
from yanxiu_core.cli import cli
from yanxiu_core.testing import DEFAULT_TERM, WorkspaceBuilder, check_problems, make_context
from yanxiu_seed import SeedProgram, candidates

PROGRAM = SeedProgram()
TEACHERS = [
    Teacher("Y1", "甲青年", subject="语文", birth_year=1992),
    Teacher("Y2", "乙青年", subject="数学", birth_year=1994),
    Teacher("Y3", "丙青年", subject="英语", birth_year=1993),
    Teacher("O1", "丁老师", subject="语文", birth_year=1980),
]
DAY = dt.date(2020, 10, 9)


def rec(n: int, kind: str, tid: str, **values: object) -> ProgramRecord:
    return ProgramRecord(n, "seed", kind, tid, DAY, {"teacher_id": tid, "date": DAY, **values})


def records() -> MemoryRecords:
    return MemoryRecords(DEFAULT_TERM).add(
        TEACHERS,
        rec(1, "applications", "Y1", previous_grade="优秀"),
        rec(2, "applications", "Y2", previous_grade="合格"),
        rec(3, "applications", "O1", previous_grade="优秀"),
        rec(10, "resources", "Y1", type="经费", description="资料费", amount=1200.5),
        rec(11, "resources", "Y1", type="经费", description="学习费", amount=800.0),
        rec(12, "resources", "Y1", type="平台", description="区级公开课", amount=None),
        rec(13, "resources", "Y1", type="培训", description="跟岗学习", amount=None),
        rec(14, "resources", "Y3", type="经费", description="资料费", amount=500.0),
        Award(20, "市赛课", "市级", DAY, rank="一等奖", teacher_id="Y1", program="seed"),
        Award(21, "区说课", "区县级", DAY, rank="二等奖", teacher_id="Y1", program="seed"),
        # not the seed's: another program's, a school-wide one, a school award
        Award(22, "省论文", "省级", DAY, rank="一等奖", teacher_id="Y1", program="other"),
        Award(23, "校赛课", "校级", DAY, rank="一等奖", teacher_id="Y1"),
        Award(24, "文明校园", "市级", DAY, holder="学校", program="seed"),
        Artifact(1, "Y1", "论文", "论文一", DAY),
        Artifact(2, "Y3", "申请表", "申请表", DAY, program="seed"),
    )


def test_candidates_give_reasons_for_each_rule() -> None:
    ctx = make_context(PROGRAM, {}, records())
    found = {c.teacher.id: c for c in candidates(ctx)}
    assert found["Y1"].passed and found["Y1"].reasons == ("年龄 29 岁", "上年度考核优秀", "已提交申请")
    assert not found["Y2"].passed and "上年度考核合格，低于良好" in found["Y2"].reasons
    assert not found["O1"].passed and "年龄 41 岁，超过 35 岁" in found["O1"].reasons
    assert not found["Y3"].passed and found["Y3"].reasons[1:] == ("无上年度考核等级", "已提交申请")
    assert not any(c.in_cohort for c in found.values())
    confirmed = make_context(PROGRAM, {"cohort": ["Y1"]}, records())
    assert [c.teacher.id for c in candidates(confirmed) if c.in_cohort] == ["Y1"]


def test_cohort_problems_name_the_key() -> None:
    ctx = make_context(PROGRAM, {"cohort": ["Y1", "Y2", "ZZ"]}, records())
    problems = {p.where: p.message for p in check_problems(PROGRAM, ctx)}
    assert "programs.seed.cohort[0]" not in problems
    assert problems["programs.seed.cohort[1]"].startswith("乙青年不符合遴选条件")
    assert problems["programs.seed.cohort[2]"] == "种子教师不在教师名册中"


def test_settings_errors_name_the_key() -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"min_previous_grade": "很好"})
    assert info.value.problems[0].where == "programs.seed.min_previous_grade"
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"milestones": [{"name": "x", "resource_type": "奖金"}]})
    assert info.value.problems[0].where == "programs.seed.milestones[0].resource_type"
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"award_weights": {"乡": 1}})
    assert info.value.problems[0].where == "programs.seed.award_weights"


def test_indicators_for_cohort_members_only() -> None:
    ctx = make_context(PROGRAM, {"cohort": ["Y1", "Y3"], "award_target": 10}, records())
    milestones, resources, awards = PROGRAM.indicators(ctx)
    assert [i.key for i in (milestones, resources, awards)] == [
        "seed.milestones", "seed.resources", "seed.awards"]
    assert set(milestones.values) == {"Y1", "Y3"}
    assert milestones.values["Y1"].value == 1.0  # platform, training, paper
    assert milestones.values["Y3"].value == 0.0
    assert awards.values["Y1"].value == pytest.approx(0.5)  # 市 3 + 区县 2 of 10
    assert awards.values["Y1"].detail == "5/10 分"
    assert awards.values["Y1"].evidence == ("award:20", "award:21")
    # resources used against the default targets 经费 1, 培训 1, 平台 1
    assert resources.values["Y1"].value == 1.0
    assert resources.values["Y3"].value == pytest.approx(1 / 3)  # funding only
    assert resources.values["Y3"].detail == "经费 1/1；培训 0/1；平台 0/1"
    assert resources.values["Y3"].evidence == ("seed.resources:14",)


def test_resource_targets_and_milestone_counts_are_settings() -> None:
    ctx = make_context(PROGRAM, {
        "cohort": ["Y1"], "resource_targets": {"经费": 4, "平台": 1},
        "milestones": [{"name": "论文两篇", "artifact_kind": "论文", "count": 2},
                       {"name": "培训", "resource_type": "培训"}]}, records())
    milestones, resources, _ = PROGRAM.indicators(ctx)
    assert resources.values["Y1"].value == pytest.approx((2 / 4 + 1) / 2)  # two funding entries
    assert milestones.values["Y1"].value == pytest.approx((1 / 2 + 1) / 2)
    assert milestones.values["Y1"].detail == "论文两篇 1/2；培训 1/1"
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"resource_targets": {"奖金": 1}})
    assert info.value.problems[0].where == "programs.seed.resource_targets"


@pytest.mark.parametrize("weights", [{"市级": 8, "区县级": 1}, {"市": 8, "区县": 1},
                                     {"市级": 8, "区级": 1}])
def test_award_weights_are_settings(weights: dict[str, float]) -> None:
    # the core level names; the short keys of earlier versions and other words still read
    ctx = make_context(PROGRAM, {"cohort": ["Y1"], "award_target": 10,
                                 "award_weights": weights}, records())
    assert dict(ctx.settings.award_weights) == {"市级": 8.0, "区县级": 1.0}
    awards = PROGRAM.indicators(ctx)[2]
    assert awards.values["Y1"].value == pytest.approx(0.9)
    assert awards.values["Y1"].detail == "9/10 分"


def test_award_weights_naming_one_level_twice_is_an_error() -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"award_weights": {"区级": 1, "县级": 2}})
    assert info.value.problems[0].where == "programs.seed.award_weights"
    assert "区县级" in info.value.problems[0].message


def test_section_totals_equal_the_ledger() -> None:
    ctx = make_context(PROGRAM, {"cohort": ["Y1", "Y3"]}, records())
    section = PROGRAM.section(ctx)
    cohort, levels = [b for b in section.blocks if isinstance(b, Table)]
    assert [r[3] for r in cohort.rows] == ["2000.50", "500.00"]
    assert cohort.total is not None and cohort.total[3] == "2500.50"
    assert cohort.total[4:7] == ("1", "1", "2")
    assert [(r[0], r[1]) for r in levels.rows] == [
        ("国家级", "0"), ("省级", "0"), ("市级", "1"), ("区县级", "1"), ("校级", "0")]
    assert levels.total is not None and levels.total[1] == "2"
    text = " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert "种子教师获奖 2 项，其中市级 1 项、区县级 1 项" in text


def test_findings_no_platform_and_unspent_budget() -> None:
    ctx = make_context(PROGRAM, {"cohort": ["Y1", "Y3"], "budget_yuan": 3000}, records())
    texts = [f.text for f in PROGRAM.findings(ctx)]
    assert any("1 名种子教师" in t and "丙青年" in t for t in texts)
    assert any("预算 3000.00 元，实际使用 2500.50 元，尚有 499.50 元未使用" in t for t in texts)
    full = make_context(PROGRAM, {"cohort": ["Y1"], "budget_yuan": 2000}, records())
    assert PROGRAM.findings(full) == []


def test_candidates_command_and_ledger_import(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'name = "甲校"\n[programs.seed]\ncohort = ["Y1"]\n')
    root = workspace_builder.root
    workspace_builder.file("t.csv", "工号,姓名,出生年份\nY1,甲青年,1992\nO1,丁老师,1980\n")
    workspace_builder.file("apps.csv", "工号,申请日期,上年度考核等级\nY1,2020-09-08,优秀\n")
    workspace_builder.file("res.csv", "工号,日期,类型,内容,金额\nY1,2020年10月9日,经费,资料费,1200\n"
                           "Y1,2020-10-10,奖金,?,1\n")
    runner = CliRunner()
    for kind, name in (("teachers", "t.csv"), ("seed.applications", "apps.csv")):
        result = runner.invoke(cli, ["-w", str(root), "import", kind, str(root / name),
                                     "--school", "a"])
        assert result.exit_code == 0, result.output
    bad = runner.invoke(cli, ["-w", str(root), "import", "seed.resources", str(root / "res.csv"),
                              "--school", "a"])
    assert bad.exit_code == 1 and "第 3 行" in bad.output and "奖金" in bad.output
    result = runner.invoke(cli, ["-w", str(root), "seed", "candidates", "--school", "a", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["teacher_id"]: (r["passed"], r["in_cohort"]) for r in json.loads(result.output)}
    assert rows == {"Y1": (True, True), "O1": (False, False)}
    table = runner.invoke(cli, ["-w", str(root), "seed", "candidates", "--school", "a"])
    assert table.exit_code == 0, table.output
    assert "年龄 41 岁，超过 35 岁" in table.output
    assert "共 2 人，符合条件 1 人，已确认为种子教师 1 人。" in table.output
