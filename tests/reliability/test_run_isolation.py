"""One broken school must not stop the district (issue 8): its problems are kept per school,
``run`` writes the others and names it in the tally, ``check`` reports everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from tinyworkspace import add_school, invoke, tally_of, tiny_workspace

from yanxiu_core.app import App
from yanxiu_core.config import load_workspace_config
from yanxiu_core.errors import ConfigError
from yanxiu_core.testing import WorkspaceBuilder

SYNTAX_ERROR = 'name = "河西二小"\n[data]\nteachers = data/hexi2/teachers.csv\n'  # unquoted path


def three_schools(builder: WorkspaceBuilder) -> Path:
    """alpha is valid; hexi2 has a TOML syntax error; gamma names a data file that is not there."""
    root = tiny_workspace(builder, "alpha")
    builder.school("hexi2", SYNTAX_ERROR)
    add_school(builder, "gamma")
    builder.school("gamma", 'name = "丙校"\n[data]\nteachers = "data/gamma/none.csv"\n')
    return root


def test_run_writes_the_good_school_and_names_both_broken_ones(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    root = three_schools(workspace_builder)
    out = tmp_path / "out"
    result = invoke(root, "run", "-o", str(out), "--format", "md")
    assert result.exit_code == 1, result.output
    assert (out / "alpha.md").is_file()
    assert "示范小学" in (out / "alpha.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir() if p.name != ".yanxiu-run.json") == ["alpha.md"]
    # each broken school is reported with its own problem …
    assert "[hexi2] 配置有误，跳过该校" in result.output
    assert "schools/hexi2.toml:3: TOML 语法错误" in result.output
    assert "[gamma] 配置有误，跳过该校" in result.output
    assert "schools/gamma.toml:3, data.teachers: 数据文件不存在" in result.output
    # … and the tally names both
    tally = tally_of(result.output)
    assert tally == "完成 1 所学校；失败 2 所：gamma（配置有误）、hexi2（配置有误）。"


def test_run_of_good_schools_only_says_so_and_exits_0(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    root = tiny_workspace(workspace_builder, "alpha", "beta")
    result = invoke(root, "run", "-o", str(tmp_path / "out"), "--format", "md")
    assert result.exit_code == 0, result.output
    assert tally_of(result.output) == "完成 2 所学校。"


def test_a_school_whose_data_is_refused_is_skipped_and_named(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    root = tiny_workspace(workspace_builder, "alpha", "beta")
    workspace_builder.csv("data/alpha/attendance.csv", ["活动编号", "工号"], [["A9", "T1"]])
    result = invoke(root, "run", "-o", str(tmp_path / "out"), "--format", "md")
    assert result.exit_code == 1
    assert (tmp_path / "out" / "beta.md").is_file()
    assert not (tmp_path / "out" / "alpha.md").exists()
    assert tally_of(result.output) == "完成 1 所学校；失败 1 所：alpha（数据有误）。"


def test_every_school_broken_still_reports_each(workspace_builder: WorkspaceBuilder,
                                                tmp_path: Path) -> None:
    workspace_builder.district()
    workspace_builder.school("a", "name = \n")
    workspace_builder.school("b", 'nam = "乙校"\n')
    result = invoke(workspace_builder.root, "run", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "[a] 配置有误" in result.output and "[b] 配置有误" in result.output
    tally = tally_of(result.output)
    assert tally == "完成 0 所学校；失败 2 所：a（配置有误）、b（配置有误）。"


def test_check_reports_the_problems_of_every_school(workspace_builder: WorkspaceBuilder) -> None:
    root = three_schools(workspace_builder)
    result = invoke(root, "check")
    assert result.exit_code == 1
    assert "发现 2 个问题" in result.output
    assert "schools/hexi2.toml:3: TOML 语法错误" in result.output
    assert "data.teachers: 数据文件不存在" in result.output
    one = invoke(root, "check", "--school", "gamma")
    assert one.exit_code == 1 and "发现 1 个问题" in one.output and "hexi2" not in one.output
    assert invoke(root, "check", "--school", "alpha").exit_code == 0


@pytest.mark.parametrize("command", [["evaluate"], ["report"], ["plan"], ["explain", "T1"],
                                     ["import", "teachers", "{teachers}"], ["run"]])
def test_a_command_for_a_broken_school_fails_with_its_problems(
        workspace_builder: WorkspaceBuilder, tmp_path: Path, command: list[str]) -> None:
    root = three_schools(workspace_builder)
    teachers = str(root / "data" / "alpha" / "teachers.csv")
    args = [a.format(teachers=teachers) for a in command]
    if command == ["run"]:
        args += ["-o", str(tmp_path / "out")]
    result = invoke(root, *args, "--school", "hexi2")
    assert result.exit_code == 1, result.output
    assert "TOML 语法错误" in result.output
    assert "Traceback" not in result.output


def test_a_good_school_works_beside_broken_ones(workspace_builder: WorkspaceBuilder,
                                               tmp_path: Path) -> None:
    root = three_schools(workspace_builder)
    assert invoke(root, "run", "--school", "alpha", "-o", str(tmp_path / "o")).exit_code == 0
    result = invoke(root, "evaluate", "--school", "alpha")
    assert result.exit_code == 0, result.output
    assert "甲老师" in result.output


def test_an_unknown_school_is_still_a_usage_error(workspace_builder: WorkspaceBuilder) -> None:
    root = three_schools(workspace_builder)
    result = invoke(root, "evaluate", "--school", "nowhere")
    assert result.exit_code == 2
    assert "未知学校 'nowhere'" in result.output and "alpha、gamma、hexi2" in result.output


def test_school_ids_are_the_good_schools(workspace_builder: WorkspaceBuilder) -> None:
    app = App(root=three_schools(workspace_builder))
    assert app.school_ids() == ["alpha"]
    assert app.school_ids(include_broken=True) == ["alpha", "gamma", "hexi2"]
    assert app.school_ids("hexi2", include_broken=True) == ["hexi2"]
    with pytest.raises(ConfigError) as info:
        app.school_ids("hexi2")
    assert "TOML 语法错误" in str(info.value)
    assert app.broken_problems("alpha") == []
    assert [p.where for p in app.broken_problems("gamma")] == ["data.teachers"]


def test_the_district_file_still_stops_everything(workspace_builder: WorkspaceBuilder,
                                                  tmp_path: Path) -> None:
    root = tiny_workspace(workspace_builder, "alpha")
    workspace_builder.district('[district]\nname = "区"\n[[terms]]\nname = 2020学年\n')
    workspace_builder.school("hexi2", SYNTAX_ERROR)
    out = tmp_path / "out"
    result = invoke(root, "run", "-o", str(out))
    assert result.exit_code == 1
    assert "yanxiu.toml:4: TOML 语法错误" in result.output
    assert not out.exists()


def test_district_problems_are_raised_with_the_schools_problems(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district('[district]\nname = "区"\n[[terms]]\nname = "2020学年"\nyear = "2020"\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    workspace_builder.school("b", 'nam = "乙校"\n')
    with pytest.raises(ConfigError) as info:
        load_workspace_config(workspace_builder.root, keep_broken=True)
    wheres = [(p.file, p.where) for p in info.value.problems]
    assert ("yanxiu.toml", "terms[0].year") in wheres and ("schools/b.toml", "nam") in wheres


def test_the_loader_raises_by_default_and_keeps_broken_schools_on_request(
        workspace_builder: WorkspaceBuilder) -> None:
    root = three_schools(workspace_builder)
    with pytest.raises(ConfigError) as info:
        load_workspace_config(root)
    assert {p.file for p in info.value.problems} == {"schools/gamma.toml", "schools/hexi2.toml"}
    config = load_workspace_config(root, keep_broken=True)
    assert list(config.schools) == ["alpha"]
    assert sorted(config.broken) == ["gamma", "hexi2"]
    assert [p.line for p in config.broken["hexi2"]] == [3]
    assert config.all_school_ids == ["alpha", "gamma", "hexi2"]
    assert len(config.broken_problems) == 2


def test_file_name_order_is_kept_with_broken_schools(workspace_builder: WorkspaceBuilder) -> None:
    # schools/*.toml are read sorted by file name: "a-b.toml" comes before "a.toml"
    tiny_workspace(workspace_builder, "a", "c")
    workspace_builder.school("a-b", "name = \n")
    config = load_workspace_config(workspace_builder.root, keep_broken=True)
    assert config.all_school_ids == ["a-b", "a", "c"]
