"""Teacher ids in settings (``teacher_ids``) are checked against the roster by the core, located at
their key; the shared list validators (``non_empty``, ``no_blank``, ``unique``) name the key."""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

import attrs
import pytest

from yanxiu_core import (
    MemoryRecords,
    ProgramType,
    Teacher,
    hookimpl,
    no_blank,
    non_empty,
    roster_problems,
    teacher_ids,
    unique,
)
from yanxiu_core.errors import ConfigError
from yanxiu_core.testing import DEFAULT_TERM, WorkspaceBuilder, check_problems, make_context


@attrs.frozen
class Duo:
    lead: str = teacher_ids("主讲")
    helper: str = teacher_ids("助讲", default="")
    note: str = ""  # not an id: never looked up


@attrs.frozen
class ClubSettings:
    leaders: tuple[str, ...] = teacher_ids("负责人", validator=[non_empty, no_blank, unique])
    groups: Mapping[str, tuple[str, ...]] = teacher_ids("小组成员", factory=dict, hash=False)
    heads: Mapping[str, str] = teacher_ids("组长", factory=dict, hash=False)
    duos: tuple[Duo, ...] = ()
    by_name: Mapping[str, Duo] = attrs.field(factory=dict, hash=False)
    title: str = "T9"  # looks like an id, is not marked: not checked


class Club(ProgramType):
    name = "club"
    title = "读书会"
    Settings = ClubSettings


def roster(*ids: str) -> MemoryRecords:
    return MemoryRecords(DEFAULT_TERM, teacher_list=[Teacher(id=i, name=f"教师{i}") for i in ids])


def test_every_marked_field_is_looked_up_at_its_key() -> None:
    ctx = make_context(Club(), {
        "leaders": ["T1", "X1"],
        "groups": {"甲组": ["T2", "X2"], "乙组": ["X3"]},
        "heads": {"甲组": "T1", "乙组": "X4"},
        "duos": [{"lead": "X5", "helper": "T2", "note": "X0"}, {"lead": "T1"}],
        "by_name": {"周五": {"lead": "X6"}},
    }, roster("T1", "T2"))
    found = [(p.where, p.message, p.value, p.expected) for p in roster_problems(ctx)]
    assert found == [
        ("programs.club.leaders[1]", "负责人不在教师名册中", "X1", "名册中的工号"),
        ("programs.club.groups.甲组[1]", "小组成员不在教师名册中", "X2", "名册中的工号"),
        ("programs.club.groups.乙组[0]", "小组成员不在教师名册中", "X3", "名册中的工号"),
        ("programs.club.heads.乙组", "组长不在教师名册中", "X4", "名册中的工号"),
        ("programs.club.duos[0].lead", "主讲不在教师名册中", "X5", "名册中的工号"),
        ("programs.club.by_name.周五.lead", "主讲不在教师名册中", "X6", "名册中的工号"),
    ]  # blank helper of duos[1] and by_name.周五: not an id, not looked up


def test_all_on_the_roster_is_quiet_and_check_problems_adds_validate() -> None:
    class Strict(Club):
        def validate(self, ctx: Any) -> list[Any]:
            return [ctx.problem("自定义", "title")]

    ctx = make_context(Strict(), {"leaders": ["T1"]}, roster("T1"))
    assert list(roster_problems(ctx)) == []
    assert [p.message for p in check_problems(Strict(), ctx)] == ["自定义"]
    bad = make_context(Strict(), {"leaders": ["T7"]}, roster("T1"))
    assert [p.message for p in check_problems(Strict(), bad)] == ["负责人不在教师名册中", "自定义"]


@pytest.mark.parametrize(("leaders", "message"), [
    ([], "'leaders' 不能为空"),
    (["T1", " "], "'leaders' 中有空白项"),
    (["T1", "T2", "T1", "T2", "T1"], "'leaders' 中的 T1、T2 重复"),
])
def test_list_validators_name_the_key(leaders: list[str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        make_context(Club(), {"leaders": leaders})
    (problem,) = caught.value.problems
    assert problem.where == "programs.club.leaders"
    assert message in problem.message + problem.expected + str(problem.value)


def test_non_empty_refuses_blank_text() -> None:
    @attrs.frozen
    class Named:
        label: str = attrs.field(default="x", validator=non_empty)

    with pytest.raises(ValueError, match="'label' 不能为空"):
        Named("  ")


def club_module() -> ModuleType:
    module = ModuleType("roster_club_plugin")

    @hookimpl
    def yanxiu_program_types(register: Any) -> None:
        register(Club())

    module.yanxiu_program_types = yanxiu_program_types  # type: ignore[attr-defined]
    return module


SCHOOL = """\
name = "测试小学"

[data]
teachers = "data/teachers.csv"

[programs.club]
type = "club"
leaders = ["T1", "T404"]

[programs.club.heads]
"甲组" = "T405"
"""


def test_check_reports_them_at_the_line_of_the_school_config(
        run_cli: Any, workspace_builder: WorkspaceBuilder) -> None:
    ws = workspace_builder
    ws.district()
    ws.school("s1", SCHOOL)
    ws.csv("data/teachers.csv", ["工号", "姓名"], [["T1", "甲老师"], ["T2", "乙老师"]])
    imported = run_cli(["-w", ws.root, "import", "teachers", ws.root / "data/teachers.csv",
                        "--school", "s1"], plugins={"club": club_module()})
    assert imported.exit_code == 0, imported.output
    result = run_cli(["-w", ws.root, "check"], plugins={"club": club_module()})
    assert result.exit_code == 1, result.output
    assert "schools/s1.toml:8, programs.club.leaders[1]: 负责人不在教师名册中；值 'T404'" in result.output
    assert "schools/s1.toml:11, programs.club.heads.甲组: 组长不在教师名册中；值 'T405'" in result.output
    assert "发现 2 个问题" in result.output
