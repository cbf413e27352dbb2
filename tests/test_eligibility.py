"""Eligibility rules of the core: each rule's verdict and reason, combinations, and the settings
table a program's TOML states them in (errors at the key)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from yanxiu_core import (
    AllOf,
    AnyOf,
    AtLeast,
    BelowAge,
    ConfigError,
    EligibilityRules,
    HasRole,
    MaxAge,
    MaxYears,
    MinAge,
    MinLevel,
    MinYears,
    ProgramType,
    Rule,
    Teacher,
    check_eligibility,
    in_groups,
    in_subjects,
    level_tier,
)
from yanxiu_core.testing import make_context

ON = dt.date(2021, 8, 31)
YOUNG = Teacher("T1", "甲", birth_year=1987, joined_year=2018, subject="语文", group="语文组",
                roles=("青年教师",))
OLD = Teacher("T2", "乙", birth_year=1976, joined_year=1998, subject="数学", group="数学组",
              roles=("骨干教师",), backbone_level="区县级")
BLANK = Teacher("T3", "丙")


def verdict(rule: Rule, teacher: Teacher) -> tuple[bool, str]:
    result = rule.check(teacher, ON)
    return result.passed, result.reason


def test_age_rules_count_the_calendar_year_of_the_reference_date() -> None:
    assert verdict(MaxAge(35), YOUNG) == (True, "年龄 34 岁")
    assert verdict(MaxAge(34), YOUNG) == (True, "年龄 34 岁")  # ≤: 35周岁以下 includes 35
    assert verdict(MaxAge(33), YOUNG) == (False, "年龄 34 岁，超过 33 岁")
    assert verdict(BelowAge(34), YOUNG) == (False, "年龄 34 岁，已满 34 岁")
    assert verdict(BelowAge(45), OLD) == (False, "年龄 45 岁，已满 45 岁")
    assert verdict(MinAge(40), YOUNG) == (False, "年龄 34 岁，不满 40 岁")
    assert verdict(MaxAge(35), BLANK) == (False, "缺少出生年份")
    assert MaxAge(35).check(YOUNG, dt.date(2030, 1, 1)).reason == "年龄 43 岁，超过 35 岁"


def test_years_of_service() -> None:
    assert verdict(MinYears(5), YOUNG) == (False, "教龄 3 年，不足 5 年")
    assert verdict(MinYears(5), OLD) == (True, "教龄 23 年")
    assert verdict(MaxYears(3), YOUNG) == (True, "教龄 3 年")
    assert verdict(MaxYears(3), OLD) == (False, "教龄 23 年，超过 3 年")
    assert verdict(MinYears(1), BLANK) == (False, "缺少入职年份（教龄）")


def test_role_level_subject_group() -> None:
    assert verdict(HasRole(("骨干教师", "学科带头人")), OLD) == (True, "身份：骨干教师")
    assert verdict(HasRole(("骨干教师", "学科带头人")), YOUNG) == (False, "不是骨干教师或学科带头人")
    assert verdict(MinLevel("区县级"), OLD) == (True, "骨干级别区县级")
    assert verdict(MinLevel("市级"), OLD) == (False, "骨干级别区县级，低于市级")
    assert verdict(MinLevel("校级"), YOUNG) == (False, "非骨干教师（需校级及以上）")
    zhou = attrs.evolve(OLD, backbone_level="州级")
    assert verdict(MinLevel("市级"), zhou)[0]  # 州级 is the tier of 市级
    assert level_tier("州级") == level_tier("市级") < level_tier("区县级") < level_tier("")
    assert verdict(in_subjects(["语文", "英语"]), YOUNG) == (True, "学科：语文")
    assert verdict(in_subjects(["语文", "英语"]), OLD) == (False, "学科数学，不在语文、英语之列")
    assert verdict(in_groups(["数学组"]), OLD) == (True, "教研组：数学组")
    assert verdict(in_groups(["数学组"]), BLANK) == (False, "缺少教研组")


def test_at_least_an_ordered_value_from_elsewhere() -> None:
    grades = {"T1": "优秀", "T2": "合格"}
    rule = AtLeast("上年度考核", ("优秀", "良好", "合格"), "良好", lambda t: grades.get(t.id, ""),
                   missing="无上年度考核等级")
    assert verdict(rule, YOUNG) == (True, "上年度考核优秀")
    assert verdict(rule, OLD) == (False, "上年度考核合格，低于良好")
    assert verdict(rule, BLANK) == (False, "无上年度考核等级")
    with pytest.raises(ValueError):
        AtLeast("x", ("a", "b"), "c", lambda t: "")


def test_combinations() -> None:
    both = AllOf((MaxAge(35), MinYears(3)))
    assert verdict(both, YOUNG) == (True, "年龄 34 岁，教龄 3 年")
    assert verdict(both, OLD) == (False, "年龄 45 岁，超过 35 岁")
    either = AnyOf((MaxAge(35), HasRole(("骨干教师",))))
    assert verdict(either, OLD) == (True, "身份：骨干教师")
    assert verdict(either, BLANK) == (False, "缺少出生年份；不是骨干教师")
    assert either.describe() == "年龄不超过 35 岁，或身份为骨干教师"
    checked = check_eligibility(OLD, (MaxAge(35), MinYears(5)), ON)
    assert not checked.passed
    assert checked.reasons == ("年龄 45 岁，超过 35 岁", "教龄 23 年")
    assert checked.reason == "年龄 45 岁，超过 35 岁"
    assert check_eligibility(OLD, (MaxAge(35), MinYears(5)), ON, any_of=True).passed
    assert check_eligibility(BLANK, (), ON).passed


# -- settings ---------------------------------------------------------------------------------
@attrs.frozen
class _Settings:
    eligible: EligibilityRules = attrs.field(factory=lambda: EligibilityRules(max_age=35))


class _Program(ProgramType):
    name = "probe"
    title = "探针"
    Settings = _Settings


def settings(table: dict[str, Any]) -> EligibilityRules:
    return make_context(_Program(), {"eligible": table}).settings.eligible  # type: ignore[no-any-return]


def test_settings_state_rules() -> None:
    assert _Settings().eligible.rules() == (MaxAge(35),)
    rules = settings({"below_age": 45, "min_years": 5, "min_level": "区级骨干", "roles": ["骨干教师"],
                      "subjects": ["数学"], "groups": ["数学组"]})
    assert rules.min_level == "区县级"
    assert [r.key for r in rules.rules()] == ["below_age", "min_years", "roles", "min_level",
                                              "subjects", "groups"]
    assert rules.describe().startswith("年龄未满 45 岁，且教龄不少于 5 年，且身份为骨干教师")
    checked = rules.check(OLD, ON)
    assert not checked.passed and checked.reason == "年龄 45 岁，已满 45 岁"
    assert settings({}).empty and settings({}).describe() == "不限"
    assert settings({"max_age": 35, "any": True, "roles": ["骨干教师"]}).select([YOUNG, OLD, BLANK], ON) \
        == [YOUNG, OLD]
    # the table's own reference date wins over the program's
    dated = settings({"max_age": 35, "on": dt.date(2030, 1, 1)})
    assert not dated.check(YOUNG, ON).passed


@pytest.mark.parametrize(("table", "where", "text"), [
    ({"max_age": 0}, "programs.probe.eligible.max_age", "应大于 0"),
    ({"max_age": "35"}, "programs.probe.eligible.max_age", "类型不对"),
    ({"min_years": -1}, "programs.probe.eligible.min_years", "不能为负数"),
    ({"min_level": "乡级"}, "programs.probe.eligible.min_level", "不是骨干级别"),
    ({"roles": [" "]}, "programs.probe.eligible.roles", "空白"),
    ({"max_ages": 35}, "programs.probe.eligible.max_ages", "未知的设置项"),
    ({"min_age": 40, "max_age": 35}, "programs.probe.eligible", "矛盾"),
])
def test_settings_errors_name_the_key(table: dict[str, Any], where: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        settings(table)
    problem = info.value.problems[0]
    assert problem.where.startswith(where) and text in problem.message, problem


def test_a_set_rule_is_keyed_by_its_attribute_unless_told() -> None:
    from yanxiu_core.eligibility import InSet

    rule = InSet("subject", "学科", ("语文",))
    assert rule.key == "subject" and rule.check(YOUNG, ON).key == "subject"
    assert in_subjects(["语文"]).key == "subjects" and in_groups(["语文组"]).key == "groups"
