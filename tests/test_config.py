"""Workspace configuration rules: every error names file, key path, line and what was expected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from yanxiu_core import NoSettings, ProgramType
from yanxiu_core.config import build_settings, find_line, load_workspace_config, resolve_programs
from yanxiu_core.errors import ConfigError
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder


def load_problems(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_workspace_config(root)
    return [str(p) for p in info.value.problems]


def test_example_workspace_loads() -> None:
    cfg = load_workspace_config(Path(__file__).resolve().parents[1] / "configs" / "example")
    assert cfg.district.name == "示例区"
    assert cfg.district.current_term.start == dt.date(2020, 9, 1)
    assert cfg.district.current_term.end == dt.date(2021, 8, 31)
    assert list(cfg.schools) == ["chengnan", "hexi2"]
    assert cfg.district.database_url.startswith("sqlite:////")


def test_term_from_year_uses_school_year_start(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district('school_year_start = "08-15"\n[district]\nname = "区"\n'
                               '[[terms]]\nname = "2023学年"\nyear = 2023\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    term = load_workspace_config(workspace_builder.root).schools["a"].term
    assert (term.start, term.end) == (dt.date(2023, 8, 15), dt.date(2024, 8, 14))


def test_missing_workspace_file_is_named(tmp_path: Path) -> None:
    problems = load_problems(tmp_path)
    assert any("yanxiu.toml" in p and "找不到配置文件" in p for p in problems)


def test_toml_syntax_error_gives_the_line(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district('[district]\nname = "区"\n[[terms]]\nname = 2020学年\n')
    (problem,) = load_problems(workspace_builder.root)
    assert problem.startswith("yanxiu.toml:4") and "TOML 语法错误" in problem


def test_wrong_type_names_key_line_value_and_expectation(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[hours]\nrequired_hours = "七十二"\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    (problem,) = load_problems(workspace_builder.root)
    assert problem.startswith("yanxiu.toml:9, hours.required_hours")
    assert "'七十二'" in problem and "应为 不小于 0 的数字" in problem


def test_unknown_key_suggests_the_close_one(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[evaluation]\nproces_weight = 0.5\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    (problem,) = load_problems(workspace_builder.root)
    assert "evaluation.proces_weight" in problem and "'process_weight'" in problem
    assert problem.startswith("yanxiu.toml:9")


def test_grades_must_cover_zero_and_be_distinct(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[[evaluation.grades]]\nname = "优"\nmin = 85\n'
                               '[[evaluation.grades]]\nname = "中"\nmin = 85\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    problems = load_problems(workspace_builder.root)
    assert any("evaluation.grades[1]" in p and "重复" in p for p in problems)
    assert any("min = 0" in p for p in problems)


def test_custom_grades_and_weights_are_read(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[evaluation]\nprocess_weight = 0.5\n'
                               'summative_weight = 0.5\n[evaluation.indicator_weights]\nhours = 0.7\n'
                               '[[evaluation.grades]]\nname = "A"\nmin = 85\n'
                               '[[evaluation.grades]]\nname = "B"\nmin = 0\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    policy = load_workspace_config(workspace_builder.root).schools["a"].evaluation
    assert policy.grade_for(85) == "A" and policy.grade_for(84.9) == "B"
    assert policy.weight_for("hours", 0.4) == 0.7 and policy.weight_for("x", 0.1) == 0.1


def test_school_override_allowed_and_forbidden(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district('overridable = ["hours.required_hours"]\n' + DISTRICT_TOML)
    workspace_builder.school("a", 'name = "甲校"\n[hours]\nrequired_hours = 60\n')
    assert load_workspace_config(workspace_builder.root).schools["a"].hours.required_hours == 60
    workspace_builder.school("b", 'name = "乙校"\n[hours]\nminutes_per_hour = 40\n')
    (problem,) = load_problems(workspace_builder.root)
    assert problem.startswith("schools/b.toml:3, hours.minutes_per_hour")
    assert "不允许学校覆盖" in problem and "hours.required_hours" in problem


def test_missing_data_file_is_named(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'name = "甲校"\n[data]\nteachers = "data/none.csv"\n')
    (problem,) = load_problems(workspace_builder.root)
    assert problem.startswith("schools/a.toml:3, data.teachers")
    assert "数据文件不存在" in problem and "data/none.csv" in problem


def test_district_programs_merge_with_school_tables(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[programs.talks]\ntype = "lecture"\nevery_weeks = 2\n'
                               '[programs.pairs]\ntype = "shadow"\n')
    workspace_builder.school("a", 'name = "甲校"\n[programs.extra]\ntype = "x"\n'
                             '[programs.talks]\nevery_weeks = 3\n[programs.pairs]\nenabled = false\n')
    school = load_workspace_config(workspace_builder.root).schools["a"]
    assert [(p.id, p.type) for p in school.programs] == [("extra", "x"), ("talks", "lecture")]
    assert school.programs[1].table == {"every_weeks": 3}


@attrs.frozen
class CadenceSettings:
    every_weeks: int = attrs.field(default=2, validator=attrs.validators.gt(0))
    columns: tuple[str, ...] = ("名家思想",)
    start: dt.time = dt.time(15, 30)


class Cadence(ProgramType):
    name = "cadence"
    title = "讲堂"
    Settings = CadenceSettings


class Plain(ProgramType):
    name = "plain"
    title = "普通"
    Settings = NoSettings


SOURCE = '[programs.cadence]\nevery_weeks = "2"\ncolums = ["x"]\nstart = "15:30"\n'


def test_settings_errors_name_key_path_and_line() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings(CadenceSettings, {"every_weeks": "2", "colums": ["x"]},
                       file="schools/a.toml", key_prefix="programs.cadence", source=SOURCE)
    text = [str(p) for p in info.value.problems]
    assert "schools/a.toml:2, programs.cadence.every_weeks: 类型不对；值 '2'；应为 整数" in text
    assert any(t.startswith("schools/a.toml:3, programs.cadence.colums") and "'columns'" in t
               for t in text)


def test_settings_validator_failure_is_located() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings(CadenceSettings, {"every_weeks": 0}, file="s.toml",
                       key_prefix="programs.cadence", source=SOURCE)
    (problem,) = info.value.problems
    assert problem.where == "programs.cadence.every_weeks" and problem.line == 2


def test_settings_accept_time_text_and_float_is_not_int() -> None:
    built = build_settings(CadenceSettings, {"start": "16:00"}, file="s", key_prefix="p")
    assert built.start == dt.time(16, 0)
    with pytest.raises(ConfigError):
        build_settings(CadenceSettings, {"every_weeks": 2.5}, file="s", key_prefix="p")


def test_unknown_program_type_lists_installed_and_suggests(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'name = "甲校"\n\n[programs.cadense]\n')
    school = load_workspace_config(workspace_builder.root).schools["a"]
    with pytest.raises(ConfigError) as info:
        resolve_programs(school, {"cadence": Cadence(), "plain": Plain()})
    (problem,) = info.value.problems
    assert problem.line == 3 and problem.where == "programs.cadense"
    assert "'cadence'" in problem.message and "cadence、plain" in problem.expected


def test_resolved_instances_keep_config_order(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'name = "甲校"\n[programs.plain]\n[programs.cadence]\nevery_weeks = 4\n')
    school = load_workspace_config(workspace_builder.root).schools["a"]
    instances = resolve_programs(school, {"cadence": Cadence(), "plain": Plain()})
    assert [i.id for i in instances] == ["plain", "cadence"]
    assert instances[1].settings.every_weeks == 4 and instances[1].title == "讲堂"


@pytest.mark.parametrize(("path", "line"), [
    ("district.name", 2), ("terms[1].start", 9), ("programs.a.every_weeks", 12),
    ("programs.a.pairs.mentor", 13), ("programs.a.missing", 11),
])
def test_find_line(path: str, line: int) -> None:
    text = ('[district]\nname = "x"\n[[terms]]\nname = "a"\nyear = 2020\n\n[[terms]]\nname = "b"\n'
            'start = 2021-09-01\n\n[programs.a]\nevery_weeks = 2\npairs = { mentor = "C1" }\n')
    assert find_line(text, path) == line


@attrs.frozen
class ListSettings:
    members: tuple[str, ...] = ()
    first_date: dt.date | None = None


def test_text_where_a_list_is_expected_is_an_error_not_characters() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings(ListSettings, {"members": "C002"}, file="s", key_prefix="programs.w")
    (problem,) = info.value.problems
    assert problem.where == "programs.w.members" and problem.expected == "列表"


def test_optional_date_error_says_date_in_chinese() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings(ListSettings, {"first_date": "九月"}, file="s", key_prefix="programs.w")
    (problem,) = info.value.problems
    assert problem.expected.startswith("日期")
