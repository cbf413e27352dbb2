"""A school's 研修方案 ([plan]) and targets ([[targets]]): validation at key and line, the actuals
computed on the example (checked against numbers computed here from the spreadsheets), and
目标达成情况 / 存在的问题 in the 总结."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yanxiu_core.config import load_workspace_config
from yanxiu_core.errors import ConfigError
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

SCHOOL = 'name = "甲校"\n'


def load_problems(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_workspace_config(root)
    return [str(p) for p in info.value.problems]


def school_file(builder: WorkspaceBuilder, text: str, district: str = DISTRICT_TOML) -> Path:
    builder.district(district)
    return builder.school("a", SCHOOL + text)


# --- config -------------------------------------------------------------------------------------

PLAN = """
[plan]
theme = "聚焦学生核心素养  深化课堂教学改革"
guiding = "以区进修学校校本研修思路为指导。"
aims = ["打造一支业务精良的教师队伍", "教研组活动规范化"]
measures = ["领导小组每月检查一次研修记录"]
date = 2020-09-01

[plan.organisation]
leading_group = [
  { role = "组长", name = "韩立德", post = "校长" },
  { role = "成员", teacher = ["T01", "T02"], post = "教研组长" },
]
network = [
  { level = "第一责任人", post = "校长", name = "韩立德" },
  { level = "实施者", post = "全体教师" },
]

[[targets]]
title = "市级骨干教师不少于3人"
metric = "teachers"
where = { backbone_level = "市" }
min = 3

[[targets]]
metric = "hours_met_share"
min = 0.9

[[targets]]
metric = "teachers"
where = { title_grade = "中级及以上", education = ["本科及以上"] }
min = 1
max = 3
due = 2023
"""


def test_plan_and_targets_are_read(workspace_builder: WorkspaceBuilder) -> None:
    school_file(workspace_builder, PLAN)
    plan = load_workspace_config(workspace_builder.root).schools["a"].plan
    assert plan.theme == "聚焦学生核心素养 深化课堂教学改革"
    assert plan.aims == ("打造一支业务精良的教师队伍", "教研组活动规范化")
    assert plan.date == dt.date(2020, 9, 1)
    leader, members = plan.leading_group
    assert (leader.role, leader.names, leader.post) == ("组长", ("韩立德",), "校长")
    assert members.teachers == ("T01", "T02") and members.line == 13
    assert [m.role for m in plan.network] == ["第一责任人", "实施者"]
    first, share, multi = plan.targets
    assert first.where == {"backbone_level": ("市级",)} and first.min == 3
    assert (first.file, first.key, first.line) == ("schools/a.toml", "targets[0]", 20)
    assert share.metric == "hours_met_share" and share.min == 0.9
    assert multi.where == {"title_grade": ("中级及以上",), "education": ("本科及以上",)}
    assert (multi.min, multi.max, multi.due) == (1, 3, 2023)
    assert plan.written


def test_no_plan_is_not_written_and_district_targets_alone_do_not_write_it(
        workspace_builder: WorkspaceBuilder) -> None:
    school_file(workspace_builder, "", DISTRICT_TOML + '\n[[targets]]\nmetric = "hours_mean"\n'
                                                      "min = 72\n")
    cfg = load_workspace_config(workspace_builder.root)
    plan = cfg.schools["a"].plan
    assert not plan.written
    (target,) = cfg.schools["a"].targets
    assert target.district and target.file == "yanxiu.toml" and target.line == 8
    assert cfg.district.targets == (target,)


@pytest.mark.parametrize(("text", "where", "line", "words"), [
    ('[[targets]]\nmetric = "teacher"\nmin = 3\n', "targets[0].metric", 3,
     ["未知的指标", "'teachers'", "hours_met_share"]),
    ('[[targets]]\nmetric = "teachers"\nwhere = { backbone = "市级" }\nmin = 3\n',
     "targets[0].where.backbone", 4, ["没有这个筛选条件", "'backbone_level'"]),
    ('[[targets]]\nmetric = "teachers"\nwhere = { backbone_level = "市骨干x" }\nmin = 3\n',
     "targets[0].where.backbone_level", 4, ["无法识别的值", "市级及以上"]),
    ('[[targets]]\nmetric = "teachers"\nmin = 5\nmax = 3\n', "targets[0].min", 4,
     ["min 大于 max"]),
    ('[[targets]]\nmetric = "participation"\nmin = 95\n', "targets[0].min", 4,
     ["超出范围", "0.95"]),
    ('[[targets]]\nmetric = "teachers"\n', "targets[0]", 2, ["目标没有界限"]),
    ('[[targets]]\nmetric = "teachers"\nequals = 2\nmin = 1\n', "targets[0].equals", 4,
     ["不能与 min、max 同时使用"]),
    ('[[targets]]\nmetric = "grade_share"\nmin = 0.3\n', "targets[0].where", 2,
     ["需要筛选条件 grade"]),
    ('[[targets]]\nmetric = "grade_share"\nwhere = { grade = "优" }\nmin = 0.3\n',
     "targets[0].where.grade", 4, ["无法识别的值", "'优秀'"]),
    ('[[targets]]\nmetric = "program"\nfigure = "lectur.held"\nmin = 3\n', "targets[0].figure", 4,
     ["没有启用编号为 'lectur' 的项目"]),
    ('[[targets]]\nmetric = "hours_mean"\nfigure = "a.b"\nmin = 3\n', "targets[0].figure", 4,
     ["只有 metric = \"program\""]),
    ('[[targets]]\nmetric = "teachers"\nmin = 3\ndue = "2023"\n', "targets[0].due", 5,
     ["类型不对"]),
    ('[[targets]]\nmetric = "teachers"\nmni = 3\n', "targets[0].mni", 4, ["'min'"]),
    ('[plan]\nthem = "x"\n', "plan.them", 3, ["'theme'"]),
    ('[plan.organisation]\nleading_group = [{ role = "组长" }]\n',
     "plan.organisation.leading_group[0]", 3, ["没有写人"]),
    ('[plan.organisation]\nnetwork = [{ post = "校长" }]\n',
     "plan.organisation.network[0].level", 3, ["缺少 level"]),
])
def test_errors_name_file_key_and_line(workspace_builder: WorkspaceBuilder, text: str,
                                       where: str, line: int, words: list[str]) -> None:
    school_file(workspace_builder, text)
    problems = load_problems(workspace_builder.root)
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.startswith(f"schools/a.toml:{line}, {where}: "), problem
    for word in words:
        assert word in problem, problem


def test_a_district_target_error_points_at_the_district_file(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[[targets]]\nmetric = "hours_mean"\nmin = -1\n')
    workspace_builder.school("a", SCHOOL)
    (problem,) = load_problems(workspace_builder.root)
    assert problem.startswith("yanxiu.toml:10, targets[0].min: 超出范围")
