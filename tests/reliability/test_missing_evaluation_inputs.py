"""A school without 考核成绩 is never graded on 过程性 alone without saying so."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from yanxiu_core.cli import cli
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

SCHOOL = '''name = "示范小学"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
'''


def workspace(builder: WorkspaceBuilder, policy: str = "", assessments: bool = False) -> Path:
    builder.district(DISTRICT_TOML + policy)
    extra = 'assessments = "data/assessments.csv"\n' if assessments else ""
    builder.school("demo", SCHOOL + extra)
    builder.csv("data/teachers.csv", ["工号", "姓名"], [[f"T{i}", f"教师{i}"] for i in range(1, 5)])
    builder.csv("data/activities.csv", ["编号", "类型", "主题", "日期", "学时"],
                [["A1", "理论学习", "师德学习", "2020-10-14", 80]])
    builder.csv("data/attendance.csv", ["活动编号", "工号"], [["A1", f"T{i}"] for i in range(1, 5)])
    if assessments:
        builder.csv("data/assessments.csv", ["工号", "考核名称", "得分"],
                    [["T1", "期末考核", 95], ["T2", "期末考核", 70]])
    return builder.root


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-w", str(root), *args])
    return result.exit_code, result.output


def test_no_assessments_means_unrated_and_the_summary_says_so(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    root = workspace(workspace_builder)
    code, output = run(root, "run", "-o", str(tmp_path / "out"), "--format", "md")
    assert code == 0, output
    text = (tmp_path / "out" / "demo.md").read_text(encoding="utf-8")
    assert "未评定4人" in text and "优秀0人" in text
    assert "4名教师没有终结性评价（考核成绩），按区的规定列为未评定" in text
    code, output = run(root, "check")
    assert code == 0 and "提醒：[demo] 4/4 名教师尚未导入考核成绩" in output
    assert "列为未评定" in output


def test_the_district_may_let_the_process_score_stand_alone(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    root = workspace(workspace_builder, '\n[evaluation]\nmissing_part = "reweight"\n')
    assert run(root, "run", "-o", str(tmp_path / "out"), "--format", "md")[0] == 0
    text = (tmp_path / "out" / "demo.md").read_text(encoding="utf-8")
    assert "未评定" not in text.split("## 三、考核评价", 1)[1].split("## 四", 1)[0].replace(
        "按区的规定，其总评按过程性评价计", "")
    assert "4名教师没有终结性评价（考核成绩），按区的规定，其总评按过程性评价计" in text


def test_partial_assessments_count_only_the_missing(workspace_builder: WorkspaceBuilder,
                                                    tmp_path: Path) -> None:
    root = workspace(workspace_builder, assessments=True)
    assert run(root, "run", "-o", str(tmp_path / "out"), "--format", "md")[0] == 0
    text = (tmp_path / "out" / "demo.md").read_text(encoding="utf-8")
    assert "2名教师没有终结性评价（考核成绩），按区的规定列为未评定" in text
    code, output = run(root, "check")
    assert code == 0 and "2/4 名教师没有考核成绩" in output
    code, output = run(root, "evaluate", "--school", "demo", "--json")
    assert code == 0 and '"basis": "process_only"' in output and '"basis": "both"' in output


def test_a_bad_setting_is_a_located_config_error(workspace_builder: WorkspaceBuilder) -> None:
    root = workspace(workspace_builder, '\n[evaluation]\nmissing_part = "ignore"\n')
    code, output = run(root, "check")
    assert code == 1 and "evaluation.missing_part" in output and "'ignore'" in output
