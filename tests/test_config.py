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


@pytest.mark.sqlite_only  # the SQLite file or URL itself
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
    assert "schools/a.toml:2, programs.cadence.every_weeks: 类型不对；值 '2'；应为 整数 (int)" in text
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
    assert problem.where == "programs.w.members" and problem.expected == "列表，每项为文本 (str)"


def test_optional_date_error_says_date_in_chinese() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings(ListSettings, {"first_date": "九月"}, file="s", key_prefix="programs.w")
    (problem,) = info.value.problems
    assert problem.expected.startswith("日期")


# -- district rules -----------------------------------------------------------------------------

def one_school(builder: WorkspaceBuilder, district: str, school: str = 'name = "甲校"\n') -> Path:
    builder.district(district)
    builder.school("a", school)
    return builder.root


@pytest.mark.sqlite_only  # the SQLite file or URL itself
def test_terms_with_dates_current_term_and_default_database(
        workspace_builder: WorkspaceBuilder) -> None:
    root = one_school(workspace_builder, 'current_term = "上"\n[district]\nname = "区"\n'
                      '[[terms]]\nname = "上"\nstart = 2021-02-20\nend = 2021-07-10\n'
                      '[[terms]]\nname = "下"\nyear = 2021\n')
    cfg = load_workspace_config(root)
    assert [t.name for t in cfg.district.terms] == ["上", "下"]
    assert cfg.schools["a"].term.end == dt.date(2021, 7, 10)
    assert cfg.district.database_url == f"sqlite:///{(root / 'yanxiu.db').resolve().as_posix()}"
    assert cfg.district.hours.required_hours == 72 and cfg.district.evaluation.grade_for(59.9) == "不合格"


def test_current_term_defaults_to_the_last_one(workspace_builder: WorkspaceBuilder) -> None:
    root = one_school(workspace_builder, DISTRICT_TOML + '[[terms]]\nname = "2021学年"\nyear = 2021\n')
    assert load_workspace_config(root).district.current_term.name == "2021学年"


@pytest.mark.parametrize(("extra", "start", "snippets"), [
    ('[[terms]]\nname = "坏"\nstart = 2021-09-01\nend = 2021-01-01\n', "yanxiu.toml:11, terms[1].end",
     ["学期结束早于开始", "不早于 2021-09-01"]),
    ('[[terms]]\nname = "2020学年"\nyear = 2021\n', "yanxiu.toml:9, terms[1].name", ["学期名称重复"]),
    ('[[terms]]\nname = "无日期"\n', "yanxiu.toml:8, terms[1]", ["学期缺少日期", "year = 2020"]),
    ('[[terms]]\nname = "串"\nstart = "2021-09-01"\nend = 2022-01-01\n',
     "yanxiu.toml:10, terms[1].start", ["类型不对", "不加引号"]),
])
def test_term_errors(workspace_builder: WorkspaceBuilder, extra: str, start: str,
                     snippets: list[str]) -> None:
    (problem,) = load_problems(one_school(workspace_builder, DISTRICT_TOML + "\n" + extra))
    assert problem.startswith(start), problem
    assert all(s in problem for s in snippets), problem


def test_bad_school_year_start_and_unknown_current_term(workspace_builder: WorkspaceBuilder) -> None:
    problems = load_problems(one_school(workspace_builder, 'school_year_start = "02-30"\n'
                                        'current_term = "2030学年"\n' + DISTRICT_TOML))
    assert problems[0].startswith("yanxiu.toml:1, school_year_start") and "MM-DD" in problems[0]
    assert problems[1].startswith("yanxiu.toml:2, current_term") and "2020学年" in problems[1]


@pytest.mark.parametrize(("table", "start", "expected"), [
    ("[evaluation]\nprocess_weight = 0\nsummative_weight = 0\n", "yanxiu.toml:9, evaluation.process_weight",
     "process_weight + summative_weight > 0"),
    ("[evaluation]\nsummative_weight = -1\n", "yanxiu.toml:9, evaluation.summative_weight", "不小于 0"),
    ("[evaluation.indicator_weights]\nhours = -0.5\n", "yanxiu.toml:9, evaluation.indicator_weights.hours",
     "不小于 0"),
    ("[[evaluation.grades]]\nname = \"满\"\nmin = 120\n", "yanxiu.toml:10, evaluation.grades[0].min",
     "0 到 100"),
    ("[evaluation]\nlow_attendance_rate = 85\n", "yanxiu.toml:9, evaluation.low_attendance_rate", "0 到 1"),
    ("[evaluation]\nrequired_artifacts = [\"学习笔记\", 3]\n",
     "yanxiu.toml:9, evaluation.required_artifacts[1]", "非空文本"),
    ("[hours]\ndefault_hours_per_credit = 0\n", "yanxiu.toml:9, hours.default_hours_per_credit", "大于 0"),
    ("[hours.per_credit]\n\"集中培训\" = \"六\"\n", "yanxiu.toml:9, hours.per_credit.集中培训", "大于 0"),
    ("[database]\npath = \"x.db\"\n", "yanxiu.toml:9, database.path", "url"),
])
def test_policy_errors(workspace_builder: WorkspaceBuilder, table: str, start: str,
                       expected: str) -> None:
    problems = load_problems(one_school(workspace_builder, DISTRICT_TOML + "\n" + table))
    assert any(p.startswith(start) and expected in p for p in problems), problems


@pytest.mark.sqlite_only  # the SQLite file or URL itself
def test_grades_are_sorted_and_relative_database_is_in_the_workspace(
        workspace_builder: WorkspaceBuilder) -> None:
    root = one_school(workspace_builder, DISTRICT_TOML + '\n[database]\nurl = "sqlite:///db/y.db"\n'
                      '[[evaluation.grades]]\nname = "低"\nmin = 0\n'
                      '[[evaluation.grades]]\nname = "高"\nmin = 75\n')
    district = load_workspace_config(root).district
    assert [b.name for b in district.evaluation.grades] == ["高", "低"]
    assert district.database_url == f"sqlite:///{(root / 'db' / 'y.db').resolve().as_posix()}"


def test_overridable_entries_are_checked(workspace_builder: WorkspaceBuilder) -> None:
    (problem,) = load_problems(one_school(
        workspace_builder, 'overridable = ["programs", "evalution"]\n' + DISTRICT_TOML))
    assert problem.startswith("yanxiu.toml:1, overridable[1]")
    assert "'evaluation'" in problem


def test_whole_section_override_and_nested_key(workspace_builder: WorkspaceBuilder) -> None:
    root = one_school(workspace_builder, 'overridable = ["evaluation", "hours.per_credit"]\n' + DISTRICT_TOML,
                      'name = "甲校"\n[evaluation]\nprocess_weight = 1\nsummative_weight = 0\n'
                      '[hours.per_credit]\n"集中培训" = 6\n')
    school = load_workspace_config(root).schools["a"]
    assert school.evaluation.process_weight == 1 and school.hours.hours_per_credit == {"集中培训": 6}
    assert school.evaluation.required_artifacts == ("学习笔记", "个人三年发展规划")  # district's kept


def test_school_programs_forbidden_when_not_overridable(workspace_builder: WorkspaceBuilder) -> None:
    (problem,) = load_problems(one_school(workspace_builder, 'overridable = []\n' + DISTRICT_TOML,
                                          'name = "甲校"\n\n[programs.x]\n'))
    assert problem.startswith("schools/a.toml:3, programs: 区配置不允许学校覆盖此项")


def test_school_file_errors_are_all_collected(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'nmae = "甲校"\nterm = "2019学年"\n[data]\nteacher = "t.csv"\n')
    workspace_builder.school("b", 'name = "乙校\n')
    problems = load_problems(workspace_builder.root)
    assert problems[0].startswith("schools/a.toml:1, nmae") and "'name'" in problems[0]
    assert any(p.startswith("schools/a.toml, name: 缺少学校名称") for p in problems)
    assert any(p.startswith("schools/a.toml:2, term: 没有这个学期") for p in problems)
    assert any(p.startswith("schools/a.toml:4, data.teacher") and "'teachers'" in p for p in problems)
    assert any(p.startswith("schools/b.toml:1: TOML 语法错误") for p in problems)


def test_data_files_lists_and_program_kinds(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.file("data/t.csv", "工号,姓名\n")
    workspace_builder.file("data/r.csv", "金额\n")
    workspace_builder.school("a", 'name = "甲校"\n[programs.seed]\n[data]\nteachers = [\n  "data/t.csv",\n'
                             '  "data/none.csv",\n]\n"seed.resources" = "data/r.csv"\n'
                             '"sede.awards" = "data/r.csv"\n')
    problems = load_problems(workspace_builder.root)
    assert problems[0].startswith("schools/a.toml:6, data.teachers[1]: 数据文件不存在")
    assert problems[1].startswith('schools/a.toml:9, data."sede.awards"') and "'seed'" in problems[1]
    workspace_builder.school("a", 'name = "甲校"\n[programs.seed]\n[data]\nteachers = ["data/t.csv"]\n'
                             '"seed.resources" = "data/r.csv"\n')
    data = load_workspace_config(workspace_builder.root).schools["a"].data
    assert [(d.kind, d.display) for d in data] == [("teachers", "data/t.csv"),
                                                   ("seed.resources", "data/r.csv")]
    assert data[0].path == (workspace_builder.root / "data" / "t.csv").resolve()


def test_holidays_school_replaces_district_and_bad_dates_are_named(
        workspace_builder: WorkspaceBuilder) -> None:
    root = one_school(workspace_builder, "holidays = [2020-10-01]\n" + DISTRICT_TOML,
                      'name = "甲校"\nholidays = [2020-10-08, 2020-10-07]\n')
    assert load_workspace_config(root).schools["a"].holidays == (dt.date(2020, 10, 7), dt.date(2020, 10, 8))
    workspace_builder.school("a", 'name = "甲校"\nholidays = [2020-10-08, "10月9日"]\n')
    (problem,) = load_problems(root)
    assert problem.startswith("schools/a.toml:2, holidays[1]") and "日期" in problem


def test_schools_are_in_file_name_order_and_a_workspace_needs_one(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    assert any("没有学校配置" in p for p in load_problems(workspace_builder.root))
    for sid in ("zeta", "alpha", "mid"):
        workspace_builder.school(sid, f'name = "{sid}"\n')
    assert list(load_workspace_config(workspace_builder.root).schools) == ["alpha", "mid", "zeta"]


def test_a_setting_inherited_from_the_district_is_located_there(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[programs.cadence]\nevery_weeks = "two"\n')
    workspace_builder.school("a", 'name = "甲校"\n[programs.cadence]\nstart = "16:00"\n')
    school = load_workspace_config(workspace_builder.root).schools["a"]
    with pytest.raises(ConfigError) as info:
        resolve_programs(school, {"cadence": Cadence()})
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.where) == ("yanxiu.toml", 9, "programs.cadence.every_weeks")


def test_unknown_type_given_by_type_key_points_at_it_and_collects_all(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'name = "甲校"\n[programs.talks]\ntype = "cadance"\n'
                             '[programs.plain]\ncolour = 1\n[programs.zzz]\n')
    school = load_workspace_config(workspace_builder.root).schools["a"]
    with pytest.raises(ConfigError) as info:
        resolve_programs(school, {"cadence": Cadence(), "plain": Plain()})
    first, second, third = info.value.problems
    assert (first.where, first.line) == ("programs.talks.type", 3) and "'cadence'" in first.message
    assert (second.where, second.line) == ("programs.plain.colour", 5)
    assert third.where == "programs.zzz" and "您是否想写" not in third.message


# -- settings -----------------------------------------------------------------------------------

def _no_weekend(_instance: object, _attribute: attrs.Attribute[int], value: int) -> None:
    if value > 5:
        raise ValueError("周末不安排")  # the message does not name the field


@attrs.frozen
class Slot:
    weekday: int = attrs.field(validator=_no_weekend)
    place: str = ""


@attrs.frozen
class NestedSettings:
    host: str
    slots: tuple[Slot, ...] = ()
    when: dt.date | None = None


NESTED_SOURCE = ('[programs.n]\nhost = "T1"\nslots = [\n  { weekday = 2 },\n  { weekday = 6, place = "A" },\n'
                 '  { weekday = "三" },\n]\n')


def test_nested_and_validator_errors_get_full_key_paths_and_lines() -> None:
    table = {"host": "T1", "slots": [{"weekday": 2}, {"weekday": 6, "place": "A"}, {"weekday": "三"}]}
    with pytest.raises(ConfigError) as info:
        build_settings(NestedSettings, table, file="schools/a.toml", key_prefix="programs.n",
                       source=NESTED_SOURCE)
    found = {(p.where, p.line) for p in info.value.problems}
    assert found == {("programs.n.slots[1].weekday", 5), ("programs.n.slots[2].weekday", 6)}
    texts = " ".join(str(p) for p in info.value.problems)
    assert "周末不安排" in texts and "整数 (int)" in texts


def test_missing_required_setting_names_key_and_type() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings(NestedSettings, {}, file="s.toml", key_prefix="programs.n",
                       source="[programs.n]\n")
    (problem,) = info.value.problems
    assert (problem.where, problem.line) == ("programs.n.host", 1)
    assert "缺少必填设置项" in problem.message and problem.expected == "文本 (str)"


def test_settings_structure_dates_and_tuples() -> None:
    table = {"host": "T1", "slots": [{"weekday": 3}], "when": dt.date(2021, 3, 1)}
    built = build_settings(NestedSettings, table, file="s", key_prefix="p", source=None)
    assert built == NestedSettings("T1", (Slot(3),), dt.date(2021, 3, 1))


def test_bool_is_not_an_int_setting() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings(CadenceSettings, {"every_weeks": True}, file="s", key_prefix="p")
    assert info.value.problems[0].expected == "整数 (int)"


LOCATE_TEXT = """\
[data]
# comment
teachers = "t.csv"
"seed.resources" = [
  "a.csv",  # first
  "b.csv",
]
note = '''
fake = 1
'''
after = 2
[t]
x = [
  [1, { z = 0 }], [3, { z = 4 }],
]
"""


@pytest.mark.parametrize(("path", "line"), [
    ('data."seed.resources"', 4), ('data."seed.resources"[1]', 6), ("data.teachers", 3),
    ("data.fake", 1), ("data.after", 11), ("t.x[1]", 14), ("t.x[1][1].z", 14), ("t.x[0][1].z", 14),
    ("nothing.here", None),
])
def test_find_line_quoted_keys_multiline_arrays_and_strings(path: str, line: int | None) -> None:
    assert find_line(LOCATE_TEXT, path) == line


def test_the_environment_url_wins_over_the_file(workspace_builder: WorkspaceBuilder,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[database]\nurl = "sqlite:///data/y.db"\n')
    workspace_builder.school("s1", 'name = "一小"\n')
    monkeypatch.delenv("YANXIU_DATABASE_URL", raising=False)
    from_file = load_workspace_config(workspace_builder.root).district.database_url
    assert from_file == f"sqlite:///{(workspace_builder.root / 'data' / 'y.db').resolve()}"
    server = "postgresql+psycopg://yanxiu:secret@db.example.edu.cn/yanxiu"
    monkeypatch.setenv("YANXIU_DATABASE_URL", server)
    assert load_workspace_config(workspace_builder.root).district.database_url == server
    monkeypatch.setenv("YANXIU_DATABASE_URL", "  ")  # blank: the file again
    assert load_workspace_config(workspace_builder.root).district.database_url == from_file
