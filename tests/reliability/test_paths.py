"""``[data]`` paths resolve inside the workspace (after ``..`` and symbolic links) unless the
district lists an outside folder in ``[paths] allow_outside``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tinyworkspace import invoke, tally_of, tiny_workspace

from yanxiu_core.config import load_workspace_config
from yanxiu_core.config.loader import DISTRICT_KEYS
from yanxiu_core.errors import ConfigError
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder


def school_with_teachers(builder: WorkspaceBuilder, path: str, district_extra: str = "") -> Path:
    builder.district(DISTRICT_TOML + district_extra)
    builder.school("a", f'name = "甲校"\n\n[data]\nteachers = {path!r}\n'.replace("'", '"'))
    return builder.root


def problems(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_workspace_config(root)
    return [str(p) for p in info.value.problems]


def outside_csv(tmp_path: Path, folder: str = "outside") -> Path:
    path = tmp_path / folder / "teachers.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("工号,姓名\nT1,甲\n", encoding="utf-8")
    return path


def test_dot_dot_out_of_the_workspace_is_refused(workspace_builder: WorkspaceBuilder,
                                                 tmp_path: Path) -> None:
    outside_csv(tmp_path)  # exists: the refusal is about where it is, not whether it exists
    (problem,) = problems(school_with_teachers(workspace_builder, "../outside/teachers.csv"))
    assert problem.startswith("schools/a.toml:4, data.teachers: 数据文件不在工作区内")
    assert "'../outside/teachers.csv'" in problem
    assert f"解析后为 {tmp_path / 'outside' / 'teachers.csv'}" in problem
    assert f"应为 工作区 {workspace_builder.root.resolve()} 内的文件" in problem
    assert "[paths] allow_outside" in problem


def test_an_absolute_system_file_is_refused(workspace_builder: WorkspaceBuilder) -> None:
    (problem,) = problems(school_with_teachers(workspace_builder, "/etc/passwd"))
    assert "data.teachers: 数据文件不在工作区内" in problem and "'/etc/passwd'" in problem


def test_a_path_in_a_list_is_named_with_its_index(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.csv("data/a.csv", ["编号", "类型", "主题", "日期", "学时"], [])
    workspace_builder.school("a", 'name = "甲校"\n[data]\nactivities = ["data/a.csv", "/etc/hosts"]\n')
    (problem,) = problems(workspace_builder.root)
    assert "data.activities[1]: 数据文件不在工作区内" in problem


def test_a_symbolic_link_out_of_the_workspace_is_refused(workspace_builder: WorkspaceBuilder,
                                                         tmp_path: Path) -> None:
    target = outside_csv(tmp_path)
    root = school_with_teachers(workspace_builder, "data/teachers.csv")
    (root / "data").mkdir()
    (root / "data" / "teachers.csv").symlink_to(target)
    (problem,) = problems(root)
    assert "data.teachers: 数据文件不在工作区内" in problem and str(target) in problem


def test_a_linked_folder_out_of_the_workspace_is_refused(workspace_builder: WorkspaceBuilder,
                                                        tmp_path: Path) -> None:
    target = outside_csv(tmp_path)
    root = school_with_teachers(workspace_builder, "data/teachers.csv")
    (root / "data").symlink_to(target.parent, target_is_directory=True)
    (problem,) = problems(root)
    assert "数据文件不在工作区内" in problem


def test_dot_dot_and_links_that_stay_inside_are_fine(workspace_builder: WorkspaceBuilder) -> None:
    root = school_with_teachers(workspace_builder, "data/../data/linked/teachers.csv")
    workspace_builder.file("data/real/teachers.csv", "工号,姓名\nT1,甲\n")
    (root / "data" / "linked").symlink_to(root / "data" / "real", target_is_directory=True)
    (data,) = load_workspace_config(root).schools["a"].data
    assert data.path == (root / "data" / "real" / "teachers.csv").resolve()
    assert data.display == "data/../data/linked/teachers.csv"


def test_an_allowed_outside_folder_is_accepted(workspace_builder: WorkspaceBuilder,
                                               tmp_path: Path) -> None:
    target = outside_csv(tmp_path, "shared")
    root = school_with_teachers(workspace_builder, str(target),
                                f'\n[paths]\nallow_outside = ["{tmp_path / "shared"}"]\n')
    config = load_workspace_config(root)
    assert config.district.allow_outside == ((tmp_path / "shared").resolve(),)
    (data,) = config.schools["a"].data
    assert data.path == target.resolve()


def test_an_allowed_folder_given_through_a_link_allows_the_real_folder(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    target = outside_csv(tmp_path, "real-share")
    (tmp_path / "share-link").symlink_to(tmp_path / "real-share", target_is_directory=True)
    root = school_with_teachers(workspace_builder, str(target),
                                f'\n[paths]\nallow_outside = ["{tmp_path / "share-link"}"]\n')
    assert load_workspace_config(root).schools["a"].data[0].path == target.resolve()


def test_an_allowed_folder_does_not_allow_its_neighbours(workspace_builder: WorkspaceBuilder,
                                                         tmp_path: Path) -> None:
    target = outside_csv(tmp_path, "shared-evil")  # starts with the allowed folder's name
    (tmp_path / "shared").mkdir()
    root = school_with_teachers(workspace_builder, str(target),
                                f'\n[paths]\nallow_outside = ["{tmp_path / "shared"}"]\n')
    (problem,) = problems(root)
    assert "数据文件不在工作区内" in problem
    assert f"或 [paths] allow_outside 所列目录（{(tmp_path / 'shared').resolve()}）内的文件" in problem


@pytest.mark.parametrize(("value", "message"), [
    ('["shared"]', "paths.allow_outside[0]: 不是绝对路径；值 'shared'"),
    ('[""]', "paths.allow_outside[0]: 类型不对"),
    ('"/srv"', "paths.allow_outside: 类型不对；值 '/srv'"),
    ('["/etc/hostname"]', "paths.allow_outside[0]: 不是目录"),
])
def test_allow_outside_entries_are_checked(workspace_builder: WorkspaceBuilder, value: str,
                                           message: str) -> None:
    if "hostname" in value and not Path("/etc/hostname").is_file():
        pytest.skip("no /etc/hostname on this machine")
    workspace_builder.district(DISTRICT_TOML + f"\n[paths]\nallow_outside = {value}\n")
    workspace_builder.school("a", 'name = "甲校"\n')
    (problem,) = problems(workspace_builder.root)
    assert problem.startswith("yanxiu.toml:9, ") and message in problem


def test_unknown_paths_key_suggests_the_right_one(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[paths]\nallow_outsde = ["/srv"]\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    (problem,) = problems(workspace_builder.root)
    assert "paths.allow_outsde" in problem and "'allow_outside'" in problem
    assert "paths" in DISTRICT_KEYS


def test_run_skips_a_school_with_an_outside_path_and_writes_the_others(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    root = tiny_workspace(workspace_builder, "alpha")
    outside_csv(tmp_path)
    workspace_builder.school("beta", 'name = "乙校"\n[data]\nteachers = "../outside/teachers.csv"\n')
    out = tmp_path / "out"
    result = invoke(root, "run", "-o", str(out), "--format", "md")
    assert result.exit_code == 1
    assert (out / "alpha.md").is_file() and not (out / "beta.md").exists()
    assert "data.teachers: 数据文件不在工作区内" in result.output
    assert tally_of(result.output).endswith("失败 1 所：beta（配置有误）。")


@pytest.mark.sqlite_only  # the SQLite file or URL itself
def test_a_sqlite_uri_database_url_is_kept_as_written(workspace_builder: WorkspaceBuilder) -> None:
    url = "sqlite:///file:/srv/yanxiu.db?mode=ro&uri=true"
    workspace_builder.district(DISTRICT_TOML + f'\n[database]\nurl = "{url}"\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    assert load_workspace_config(workspace_builder.root).district.database_url == url


@pytest.mark.sqlite_only  # the SQLite file or URL itself
def test_a_relative_database_path_stays_relative_to_the_workspace(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[database]\nurl = "sqlite:///db/y.db"\n')
    workspace_builder.school("a", 'name = "甲校"\n')
    url = load_workspace_config(workspace_builder.root).district.database_url
    assert url == f"sqlite:///{(workspace_builder.root / 'db' / 'y.db').resolve().as_posix()}"
    assert os.path.isabs(url.removeprefix("sqlite:///"))
