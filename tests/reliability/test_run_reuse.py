"""A second ``yanxiu run`` with nothing changed writes nothing again — and anything a summary is
made from, changed, makes the school's summaries be written again (decision 0026)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tinyworkspace import invoke, tally_of, tiny_workspace, workspace_with_a_club
from tinyworkspace import run_md_html as run

from yanxiu_core.testing import WorkspaceBuilder


def stamps(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / "out").iterdir()
            if not p.name.startswith(".")}


def written(output: str) -> set[str]:
    return {line.split("]")[0].lstrip("[") for line in output.splitlines() if "已写出" in line}


def reused(output: str) -> set[str]:
    return {line.split("]")[0].lstrip("[") for line in output.splitlines()
            if "数据与配置未变，沿用上次写出的" in line}


@pytest.fixture
def root(workspace_builder: WorkspaceBuilder) -> Path:
    root = tiny_workspace(workspace_builder, "alpha", "beta")
    code, output = run(root)
    assert code == 0, output
    assert written(output) == {"alpha", "beta"}
    return root


def test_nothing_changed_nothing_written(root: Path) -> None:
    before = stamps(root)
    code, output = run(root)
    assert code == 0, output
    assert reused(output) == {"alpha", "beta"} and not written(output)
    assert tally_of(output) == "完成 2 所学校。" and "读入 0 行" in output
    assert stamps(root) == before
    assert "alpha.md" in output.split("沿用上次写出的")[1]


def test_a_changed_data_file_rewrites_that_school_only(root: Path) -> None:
    path = root / "data" / "beta" / "activities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("师德学习", "师德讲座"),
                    encoding="utf-8")
    code, output = run(root)
    assert code == 0, output
    assert written(output) == {"beta"} and reused(output) == {"alpha"}
    assert "师德讲座" in (root / "out" / "beta.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("change", ["school config", "district config", "template", "output",
                                    "output removed", "import", "cache damaged"])
def test_anything_a_summary_is_made_from_rewrites_it(root: Path, workspace_builder: WorkspaceBuilder,
                                                     change: str) -> None:
    if change == "school config":
        path = root / "schools" / "alpha.toml"
        path.write_text(path.read_text(encoding="utf-8").replace("示范小学", "示范二小"),
                        encoding="utf-8")
    elif change == "district config":
        with (root / "yanxiu.toml").open("a", encoding="utf-8") as f:
            f.write("\n# a comment is a change too\n")
    elif change == "template":
        workspace_builder.file("templates/intro.md.j2", "{{ school.name }}今年如何如何。\n")
    elif change == "output":
        (root / "out" / "alpha.md").write_text("手工改过", encoding="utf-8")
    elif change == "output removed":
        (root / "out" / "alpha.html").unlink()
    elif change == "import":  # the store changed outside run: the same file, imported again
        # (another file with the same rows but different bytes: a real import, nothing changed)
        path = root / "data" / "alpha" / "teachers.csv"
        extra = root / "t.csv"
        extra.write_bytes(path.read_bytes() + b"\n")
        result = invoke(root, "import", "teachers", str(extra), "--school", "alpha")
        assert result.exit_code == 0, result.output
    elif change == "cache damaged":
        (root / "out" / ".yanxiu-run.json").write_text("{不是 JSON", encoding="utf-8")
    code, output = run(root)
    assert code == 0, output
    expected = {"alpha", "beta"} if change in ("district config", "template",
                                               "cache damaged") else {"alpha"}
    assert written(output) == expected, output
    assert reused(output) == {"alpha", "beta"} - expected
    if change == "output":
        assert (root / "out" / "alpha.md").read_text(encoding="utf-8") != "手工改过"


def test_force_writes_everything_again(root: Path) -> None:
    code, output = run(root, "--force")
    assert code == 0 and written(output) == {"alpha", "beta"} and not reused(output)
    code, output = run(root)
    assert reused(output) == {"alpha", "beta"}  # what --force wrote is the new baseline


def test_problems_found_then_are_said_again_with_the_same_exit_status(
        workspace_builder: WorkspaceBuilder) -> None:
    root = workspace_with_a_club(workspace_builder)
    first_code, first = run(root)
    again_code, again = run(root)
    assert first_code == again_code == 1
    assert "gamma" in reused(again) and not written(again)
    message = "programs.club.leader: 读书会还没有负责人"
    assert message in first and message in again
    assert "[gamma] 项目规则检查发现 1 个问题（与上次相同）" in again
    assert tally_of(first) == tally_of(again) == (
        "完成 2 所学校（其中 1 所需要注意：gamma（项目规则问题 1 个））。")


def test_the_record_is_plain_json_beside_the_summaries(root: Path) -> None:
    data = json.loads((root / "out" / ".yanxiu-run.json").read_text(encoding="utf-8"))
    assert data["format"] == 1 and set(data["schools"]) == {"alpha", "beta"}
    assert set(data["schools"]["alpha"]["outputs"]) == {"alpha.md", "alpha.html"}
    if os.environ.get("YANXIU_TEST_BACKEND", "sqlite") == "sqlite":  # decision 0028
        assert set(data["whole"]["schools"]) == {"alpha", "beta"}
    assert os.stat(root / "out" / ".yanxiu-run.json").st_size < 8000


def test_an_editors_dangling_link_in_templates_is_no_error(root: Path) -> None:
    (root / "templates").mkdir()
    (root / "templates" / ".#intro.md.j2").symlink_to("nobody@host.12345")  # Emacs' lock file
    code, output = run(root)
    assert code == 0, output
    assert written(output) == {"alpha", "beta"}  # the templates folder changed: written again


def test_a_busy_store_fails_that_school_only(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from yanxiu_core.app import App
    from yanxiu_core.store.store import StoreBusyError

    real = App.import_configured

    def busy(self: App, school_id: str) -> object:
        if school_id == "alpha":
            raise StoreBusyError("数据库正被另一个导入占用，等待 30 秒后仍未释放；请稍后重试")
        return real(self, school_id)

    monkeypatch.setattr(App, "import_configured", busy)
    code, output = run(root, "--force")
    assert code == 1
    assert "[alpha] 错误：数据库正被另一个导入占用" in output and "Traceback" not in output
    assert tally_of(output) == "完成 1 所学校；失败 1 所：alpha（出错）。"
    assert written(output) == {"beta"}


def test_the_code_stamp_of_a_single_module_plugin_is_that_file(tmp_path: Path) -> None:
    from yanxiu_core import run_cache

    site = tmp_path / "site-packages"
    (site / "other").mkdir(parents=True)
    module = site / "reading_plugin.py"
    module.write_text("x = 1\n", encoding="utf-8")
    first = run_cache.code_stamp([str(module)])
    (site / "other" / "big.py").write_text("y = 2\n", encoding="utf-8")  # a neighbour
    run_cache._CODE.clear()
    assert run_cache.code_stamp([str(module)]) == first
    module.write_text("x = 22\n", encoding="utf-8")
    run_cache._CODE.clear()
    assert run_cache.code_stamp([str(module)]) != first
