"""A ``yanxiu run`` with nothing changed since the last one is answered from the record alone —
no config, plugin or store loaded — and says exactly what the school-by-school reuse would
say; anything the run read, changed, takes the normal path (decision 0028)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from tinyworkspace import CLUB_PLUGIN, add_school, invoke, tiny_workspace, workspace_with_a_club
from tinyworkspace import run_md_html as run

from yanxiu_core.app import App
from yanxiu_core.testing import WorkspaceBuilder

# The snapshot stands for a SQLite file only: on a database server every run takes the
# school-by-school path (tests/reliability/test_run_reuse.py runs on both).
pytestmark = pytest.mark.sqlite_only



class Loads:
    """Counts how often a run loads the workspace's schools (the replay never does)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = App.school_ids

        def counted(app: App, *args: object, **kwargs: object) -> list[str]:
            self.count += 1
            return real(app, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(App, "school_ids", counted)




def timeless(output: str) -> str:
    return re.sub(r"用时 \d+\.\d 秒", "用时 … 秒", output)


def without_snapshot(root: Path) -> None:
    path = root / "out" / ".yanxiu-run.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["whole"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def root(workspace_builder: WorkspaceBuilder) -> Path:
    root = tiny_workspace(workspace_builder, "alpha", "beta")
    code, output = run(root)
    assert code == 0, output
    return root


def test_nothing_changed_is_answered_from_the_record_saying_the_same(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loads = Loads(monkeypatch)
    code, replayed = run(root)
    assert code == 0 and loads.count == 0, replayed
    without_snapshot(root)  # the school-by-school reuse, for comparison
    code, reused = run(root)
    assert code == 0 and loads.count == 1
    assert timeless(replayed) == timeless(reused)
    assert "与已导入的内容相同" in replayed and "沿用上次写出的" in replayed
    code, quiet = run(root, "-q")  # the reuse above wrote the snapshot again
    assert code == 0 and loads.count == 1 and len(quiet.strip().splitlines()) == 1


def test_json_output_is_the_same_too(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loads = Loads(monkeypatch)
    code, replayed = run(root, "--json")
    assert code == 0 and loads.count == 0
    without_snapshot(root)
    code, reused = run(root, "--json")
    first, second = json.loads(replayed), json.loads(reused)
    for data in (first, second):
        del data["summary"]["seconds"]
    assert first == second and all(s["reused"] for s in first["schools"])


def test_problems_and_the_exit_status_are_said_again(
        workspace_builder: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    root = workspace_with_a_club(workspace_builder)
    first_code, _ = run(root)
    loads = Loads(monkeypatch)
    again_code, again = run(root)
    assert first_code == again_code == 1 and loads.count == 0
    assert "[gamma] 项目规则检查发现 1 个问题（与上次相同）" in again
    assert "programs.club.leader: 读书会还没有负责人" in again
    assert again.strip().splitlines()[-1].startswith(
        "完成 2 所学校（其中 1 所需要注意：gamma（项目规则问题 1 个））。")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


CHANGES = ["data file", "school config", "district config", "new school", "template",
           "local plugin", "output edited", "output removed", "store written", "other format",
           "one school", "database env", "plugins switched off", "force", "installed package"]


@pytest.mark.parametrize("change", CHANGES)
def test_anything_the_run_read_changed_takes_the_normal_path(
        root: Path, workspace_builder: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, change: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    code, output = run(root)  # the snapshot now includes the folder put on sys.path
    assert code == 0, output
    args: list[str] = []
    env: dict[str, str] = {}
    if change == "data file":
        _edit(root / "data" / "beta" / "activities.csv", "师德学习", "师德讲座")
    elif change == "school config":
        _edit(root / "schools" / "alpha.toml", "示范小学", "示范二小")
    elif change == "district config":
        with (root / "yanxiu.toml").open("a", encoding="utf-8") as f:
            f.write("\n# a comment is a change too\n")
    elif change == "new school":
        add_school(workspace_builder, "gamma")
    elif change == "template":
        workspace_builder.file("templates/intro.md.j2", "{{ school.name }}今年如何如何。\n")
    elif change == "local plugin":
        workspace_builder.file("plugins/club.py", CLUB_PLUGIN)
    elif change == "output edited":
        (root / "out" / "alpha.md").write_text("手工改过", encoding="utf-8")
    elif change == "output removed":
        (root / "out" / "alpha.html").unlink()
    elif change == "store written":
        path = root / "data" / "alpha" / "teachers.csv"
        extra = root / "t.csv"
        extra.write_bytes(path.read_bytes() + b"\n")
        result = invoke(root, "import", "teachers", str(extra), "--school", "alpha")
        assert result.exit_code == 0, result.output
    elif change == "other format":
        args = ["--format", "docx"]
    elif change == "one school":
        args = ["--school", "alpha"]
    elif change == "database env":
        env = {"YANXIU_DATABASE_URL": f"sqlite:///{root / 'other.db'}"}
    elif change == "plugins switched off":
        env = {"YANXIU_DISABLE_PLUGINS": "club"}
    elif change == "force":
        args = ["--force"]
    elif change == "installed package":
        (site / "newplugin-1.0.dist-info").mkdir()
    loads = Loads(monkeypatch)
    code, output = run(root, *args, env=env)
    assert loads.count == 1, output
    if change == "output edited":
        assert (root / "out" / "alpha.md").read_text(encoding="utf-8") != "手工改过"
    if change == "output removed":
        assert (root / "out" / "alpha.html").is_file()


def test_a_file_touched_but_not_changed_is_still_unchanged(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = root / "data" / "alpha" / "attendance.csv"
    later = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(later, later))
    loads = Loads(monkeypatch)
    code, output = run(root)
    assert code == 0 and loads.count == 0, output


def test_another_day_is_another_run(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from yanxiu_core.run_cache import RunCache
    from yanxiu_core.run_replay import holds, run_key

    cache = RunCache(root / "out")
    assert cache.whole is not None
    monkeypatch.setenv("YANXIU_NO_PLUGINS", "")  # as run() ran it
    app = App(root)
    key = dict(cache.whole["key"])
    today = dt.date.fromisoformat(key["today"])
    same = run_key(app, None, ("md", "html"), root / "out", today)
    assert same == key and holds(cache.whole, same, cache.schools)
    tomorrow = run_key(app, None, ("md", "html"), root / "out", today + dt.timedelta(days=1))
    assert not holds(cache.whole, tomorrow, cache.schools)


def test_a_failed_school_leaves_no_snapshot(
        root: Path, workspace_builder: WorkspaceBuilder) -> None:
    add_school(workspace_builder, "gamma")
    (root / "data" / "gamma" / "attendance.csv").write_text(
        "活动编号,工号,状态\nNOPE,T01,出席\n", encoding="utf-8")
    code, output = run(root)
    assert code == 1 and "gamma（数据有误）" in output
    data = json.loads((root / "out" / ".yanxiu-run.json").read_text(encoding="utf-8"))
    assert "whole" not in data and set(data["schools"]) == {"alpha", "beta"}


@pytest.mark.parametrize("damage", ["files", "schools", "said", "said of a school"])
def test_a_damaged_snapshot_is_ignored(root: Path, monkeypatch: pytest.MonkeyPatch,
                                       damage: str) -> None:
    path = root / "out" / ".yanxiu-run.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if damage == "files":
        data["whole"]["files"] = [["x"]]  # another shape
    elif damage == "schools":
        del data["whole"]["schools"]
    elif damage == "said":
        data["whole"]["said"] = []
    else:
        data["whole"]["said"]["alpha"] = "一行"
    path.write_text(json.dumps(data), encoding="utf-8")
    loads = Loads(monkeypatch)
    code, output = run(root)
    assert code == 0 and loads.count == 1, output
    assert "Traceback" not in output


def _during_beta(monkeypatch: pytest.MonkeyPatch, action: object) -> None:
    """Do ``action()`` when the run comes to beta (alpha is done by then)."""
    real = App.import_configured

    def importing(app: App, school_id: str) -> object:
        if school_id == "beta":
            action()  # type: ignore[operator]
        return real(app, school_id)

    monkeypatch.setattr(App, "import_configured", importing)


@pytest.mark.parametrize("meanwhile", ["a data file saved", "another process imported",
                                       "a data file removed", "a school config saved",
                                       "another process saved records"])
def test_a_change_while_the_run_works_leaves_no_snapshot(
        root: Path, monkeypatch: pytest.MonkeyPatch, meanwhile: str) -> None:
    """What a school's summary was made from may change after the school is done: the next
    run must see it, so the run that was under way records no snapshot."""
    alpha = root / "data" / "alpha"

    def change() -> None:
        if meanwhile == "a data file saved":
            _edit(alpha / "activities.csv", "师德学习", "师德讲座")
        elif meanwhile == "another process imported":
            extra = root / "t.csv"
            extra.write_bytes((alpha / "teachers.csv").read_bytes() + b"\n")
            other = App(root)  # its own connections, as another process has
            try:
                other.import_file("alpha", "teachers", extra)
            finally:
                other.close()
        elif meanwhile == "a data file removed":
            (alpha / "attendance.csv").unlink()
        elif meanwhile == "a school config saved":  # after the run loaded the configs
            _edit(root / "schools" / "alpha.toml", "示范小学", "示范二小")
        else:  # a write that is no import (a plugin's Store.save), from other connections
            from yanxiu_core.model import Activity

            other = App(root)
            try:
                other.store.save("alpha", [Activity(
                    id="A9", kind="讲座", title="补记的讲座", start=dt.datetime(2020, 11, 2),
                    end=None, minutes=90)])
            finally:
                other.close()

    _during_beta(monkeypatch, change)
    code, output = run(root, "--force")
    assert code == 0 and "用时" in output.strip().splitlines()[-1], output
    data = json.loads((root / "out" / ".yanxiu-run.json").read_text(encoding="utf-8"))
    assert "whole" not in data
    monkeypatch.undo()
    loads = Loads(monkeypatch)
    code, output = run(root)
    assert loads.count == 1, output
    if meanwhile == "a data file saved":
        assert "[alpha] 已写出" in output and "师德讲座" in (root / "out" / "alpha.md").read_text(
            encoding="utf-8")


def test_a_file_of_blank_lines_is_read_as_it_comes(tmp_path: Path) -> None:
    """The CSV reader does not hold a file's records in memory before dropping blank ones."""
    import tracemalloc

    from yanxiu_core.importing.readers import read_csv

    data = ("工号,姓名\n" + "\n" * 300_000 + "T1,甲\n").encode()
    tracemalloc.start()
    try:
        sheet = read_csv(data, "blank.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [cells for _, cells in sheet.rows] == [["工号", "姓名"], ["T1", "甲"]]
    assert sheet.rows[-1][0] == 300_002
    assert peak < 8_000_000, peak  # the text itself is ~0.3 MB; 300 000 lists would be ~20 MB
