"""Errors of the machine — an output path that cannot be written, a full disk, a read-only or
unreachable database — are one Chinese line naming the path and what to do, exit 1, no
traceback; ``--traceback`` / ``YANXIU_TRACEBACK=1`` re-raise them for developers.

The tests may run as root, where ``chmod`` stops no write. They use what fails for root too: an
output folder that is a regular file, ``/dev/full`` (always "no space left"), a SQLite database
opened read-only through a ``?mode=ro`` URI, and a database whose folder is a regular file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from tinyworkspace import invoke, tally_of, tiny_workspace

from yanxiu_core.app import App
from yanxiu_core.cli._system_errors import (
    database_error_message,
    database_path,
    os_error_message,
)
from yanxiu_core.errors import DataError
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

DEV_FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(
    not DEV_FULL.exists() or not stat.S_ISCHR(DEV_FULL.stat().st_mode), reason="no /dev/full here")


def one_error_line(output: str) -> str:
    """The output's only line starting with 错误：; no traceback anywhere."""
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1, output
    return errors[0]


def test_run_into_an_output_folder_below_a_file(workspace_builder: WorkspaceBuilder,
                                                tmp_path: Path) -> None:
    root = tiny_workspace(workspace_builder)
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    result = invoke(root, "run", "-o", str(blocker / "2021"))
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert line.startswith(f"错误：无法创建输出目录 {blocker / '2021'}：路径中的某一级是文件而不是目录")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert "新增" not in result.output  # it failed before importing anything
    # ``-o`` naming the file itself is refused by the option's own check (a usage error)
    assert invoke(root, "run", "-o", str(blocker)).exit_code == 2


def test_report_below_a_file_names_the_file(workspace_builder: WorkspaceBuilder,
                                            tmp_path: Path) -> None:
    root = tiny_workspace(workspace_builder)
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    result = invoke(root, "report", "--school", "alpha", "-o", str(blocker / "deeper" / "总结.md"))
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert line.startswith("错误：无法写出 ") and "路径中的某一级是文件而不是目录" in line


@needs_dev_full
@pytest.mark.parametrize("command", [["report", "--school", "alpha", "--format", "md"],
                                     ["plan", "--school", "alpha", "--format", "ics"]])
def test_a_full_disk_is_one_line_and_the_device_is_left_alone(
        workspace_builder: WorkspaceBuilder, command: list[str]) -> None:
    root = tiny_workspace(workspace_builder)
    assert invoke(root, "run", "-o", str(root / "out"), "--format", "md").exit_code == 0
    result = invoke(root, *command, "-o", str(DEV_FULL))
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert line == ("错误：无法写出 /dev/full：磁盘空间不足（No space left on device）。"
                    "请清理磁盘空间后重试，或换一个位置。")
    # written to directly: renaming a temporary file over it would have replaced the device
    assert stat.S_ISCHR(DEV_FULL.stat().st_mode)


def test_an_output_that_is_a_link_to_a_device_writes_through_it(
        workspace_builder: WorkspaceBuilder, tmp_path: Path) -> None:
    """Renaming a temporary file over a device would replace it (as root, ``-o /dev/null`` would
    leave a regular file there); here a link to ``/dev/null`` must still be that link."""
    root = tiny_workspace(workspace_builder)
    (tmp_path / "o").mkdir()
    link = tmp_path / "o" / "sink"
    link.symlink_to(os.devnull)
    result = invoke(root, "report", "--school", "alpha", "--format", "md", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)
    assert list(link.parent.iterdir()) == [link]  # no temporary file left beside it


@needs_dev_full
def test_run_on_a_full_disk_fails_each_school_and_says_so(
        workspace_builder: WorkspaceBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tiny_workspace(workspace_builder, "alpha", "beta")
    from yanxiu_core.cli._formats import write_output

    monkeypatch.setattr("yanxiu_core.cli.run_school.write_output",
                        lambda content, path: write_output(content, DEV_FULL))  # disk full
    result = invoke(root, "run", "-o", str(tmp_path / "out"), "--format", "md")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "[alpha] 错误：无法写出 /dev/full：磁盘空间不足" in result.output
    assert tally_of(result.output) == (
        "完成 0 所学校；失败 2 所：alpha（写出失败）、beta（写出失败）。")


@pytest.mark.sqlite_only  # the SQLite file or URL itself
def test_a_read_only_database(workspace_builder: WorkspaceBuilder, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite opened with ``mode=ro`` refuses writes even for root."""
    monkeypatch.chdir(tmp_path)  # the store makes the URI's folder relative to the current one
    root = tiny_workspace(workspace_builder)
    assert invoke(root, "run", "-o", str(tmp_path / "out"), "--format", "md").exit_code == 0
    db = root / "yanxiu.db"
    workspace_builder.district(DISTRICT_TOML + f'\n[database]\nurl = "sqlite:///file:{db}?mode=ro&uri=true"\n')
    workspace_builder.csv("data/alpha/teachers.csv", ["工号", "姓名"],
                          [["T1", "甲老师"], ["T2", "乙老师"], ["T3", "丙老师"]])
    before = db.read_bytes()
    result = invoke(root, "run", "-o", str(tmp_path / "out"), "--format", "md")
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert line == (f"错误：数据库 {db} 出错：数据库只读，无法写入（attempt to write a readonly "
                    "database）。请检查数据库文件及其所在目录的写权限，或在 yanxiu.toml 的 "
                    "[database] url 中改用可写的位置。")
    assert db.read_bytes() == before
    # reading still works
    assert invoke(root, "evaluate", "--school", "alpha").exit_code == 0


@pytest.mark.sqlite_only  # the SQLite file or URL itself
def test_a_database_whose_folder_is_a_file(workspace_builder: WorkspaceBuilder,
                                           tmp_path: Path) -> None:
    root = tiny_workspace(workspace_builder, "alpha", "beta")
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    workspace_builder.district(DISTRICT_TOML + f'\n[database]\nurl = "sqlite:///{blocker}/y.db"\n')
    out = tmp_path / "out"
    result = invoke(root, "run", "-o", str(out))
    assert result.exit_code == 1
    line = one_error_line(result.output)  # once, not once per school
    assert line.startswith(f"错误：无法访问 {blocker}：已有同名的文件")
    assert list(out.iterdir()) == []


def test_every_command_turns_an_os_error_into_one_line(workspace_builder: WorkspaceBuilder,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = tiny_workspace(workspace_builder)

    def denied(self: App, school_id: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/share/t.csv")

    monkeypatch.setattr(App, "evaluate", denied)
    result = invoke(root, "evaluate", "--school", "alpha")
    assert result.exit_code == 1
    assert one_error_line(result.output) == (
        "错误：无法访问 /srv/share/t.csv：没有权限（Permission denied）。请检查该文件或目录的权限、"
        "文件是否正被其他程序（如 Word）打开，或换一个可写的位置。")


@pytest.mark.sqlite_only  # the SQLite file or URL itself
def test_a_database_error_anywhere_is_one_line(workspace_builder: WorkspaceBuilder,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlalchemy.exc

    root = tiny_workspace(workspace_builder)

    def full(self: App, school_id: str) -> None:
        assert self.config  # as any command that reached the database has read the config
        raise sqlalchemy.exc.OperationalError("INSERT …", {},
                                              sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(App, "evaluate", full)
    result = invoke(root, "evaluate", "--school", "alpha")
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert line.startswith(f"错误：数据库 {(root / 'yanxiu.db').resolve()} 出错：磁盘空间不足")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_traceback_reraises_for_developers(workspace_builder: WorkspaceBuilder, tmp_path: Path,
                                           how: str) -> None:
    root = tiny_workspace(workspace_builder)
    blocker = tmp_path / "out"
    blocker.write_text("", encoding="utf-8")
    from click.testing import CliRunner

    from yanxiu_core.cli import cli

    args = ["-w", str(root), *(["--traceback"] if how == "flag" else []),
            "run", "-o", str(blocker / "2021")]
    env = {"YANXIU_TRACEBACK": "1"} if how == "env" else {"YANXIU_TRACEBACK": ""}
    result = CliRunner().invoke(cli, args, env=env)
    assert isinstance(result.exception, NotADirectoryError)
    assert result.exception.filename == str(blocker / "2021")


def test_other_exceptions_are_not_hidden(workspace_builder: WorkspaceBuilder,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = tiny_workspace(workspace_builder)

    def bug(self: App, school_id: str) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(App, "evaluate", bug)
    assert isinstance(invoke(root, "evaluate", "--school", "alpha").exception, ZeroDivisionError)


def test_a_closed_pipe_ends_quietly(workspace_builder: WorkspaceBuilder,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = tiny_workspace(workspace_builder)

    def gone(self: App, school_id: str) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(App, "evaluate", gone)
    result = invoke(root, "evaluate", "--school", "alpha")
    assert result.exit_code == 1 and "错误" not in result.output
    assert isinstance(result.exception, SystemExit)  # handled, not a traceback


def test_write_output_keeps_the_one_line_message(tmp_path: Path) -> None:
    from yanxiu_core.cli._formats import write_output

    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(DataError) as info:
        write_output("x", tmp_path / "file" / "a.md")
    assert str(info.value) == (f"无法写出 {tmp_path / 'file'}：已有同名的文件（File exists）。"
                               "需要目录的地方有一个文件；请改名或删除它，或换一个路径。")
    assert not info.value.problems
    with pytest.raises(DataError) as folder:
        write_output("x", tmp_path)
    assert str(folder.value).startswith(f"无法写出 {tmp_path}：这是一个目录")
    write_output("正文", tmp_path / "new" / "a.md")
    assert (tmp_path / "new" / "a.md").read_text(encoding="utf-8") == "正文"
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["a.md"]  # no temporary file left


def test_messages_without_a_path_and_for_unknown_errors() -> None:
    assert os_error_message(OSError(errno.ENOSPC, "No space left on device")) == (
        "系统错误：磁盘空间不足（No space left on device）。请清理磁盘空间后重试，或换一个位置。")
    assert os_error_message(OSError(errno.ENOEXEC, "Exec format error", "/x")) == (
        "无法访问 /x：Exec format error。请检查该路径后重试。")
    assert os_error_message(OSError(errno.EXDEV, "Invalid cross-device link", "/a", None, "/b")).startswith(
        "无法访问 /a → /b：")
    assert database_error_message(RuntimeError("weird"), None) == (
        "数据库出错：weird。请检查数据库文件及其所在目录后重试。")


def test_database_path_does_not_open_anything(tmp_path: Path) -> None:
    app = App(root=tmp_path)
    assert database_path(app) is None  # config not loaded: nothing is read to name the file
    assert database_path(None) is None
