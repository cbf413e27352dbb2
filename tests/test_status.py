"""``yanxiu status``: per school, what was imported when, what changed since, what is missing and
what is due next — read-only."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from yanxiu_core import App
from yanxiu_core.cli import cli
from yanxiu_core.testing import WorkspaceBuilder

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"
SCHOOL_KEYS = {"id", "name", "term", "term_end", "in_order", "summary", "config_problems", "files",
               "counts", "missing", "next", "plugin_failures"}


def status(ws: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-w", str(ws), "status", *args])


def as_json(ws: Path, *args: str) -> dict[str, Any]:
    result = status(ws, "--json", *args)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in data["schools"]}


def copy_example(tmp_path: Path) -> Path:
    """A copy of the example whose schools have written their 研修方案 ([plan])."""
    ws = tmp_path / "example"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("*.db"))
    for school in (ws / "schools").glob("*.toml"):
        text = school.read_text(encoding="utf-8")
        if "\n[plan]" not in text:
            school.write_text(text + '\n[plan]\ntheme = "研修主题"\n', encoding="utf-8")
    return ws


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example without 河西县第二小学's 考核成绩 (so each school lacks something)."""
    ws = copy_example(tmp_path)
    school = ws / "schools" / "hexi2.toml"
    text = school.read_text(encoding="utf-8")
    school.write_text("\n".join(line for line in text.splitlines()
                                if not line.startswith("assessments")) + "\n", encoding="utf-8")
    return ws


def import_all(ws: Path) -> None:
    app = App(root=ws)
    try:
        for sid in app.school_ids():
            app.import_configured(sid)
    finally:
        app.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_before_any_import_everything_is_missing_and_no_database_is_made(example: Path) -> None:
    result = status(example, "--today", "2020-09-01")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("chengnan 城南实验小学：已导入 0 个文件，24 个未导入，缺：教师名册、考核成绩、"
                        "师德建设的记录、集体备课的记录、"
                        "城南大讲堂的记录、影子行动的记录、种子工程的记录、童化作文工作室的记录；"
                        "下一项：2020-09-09 城南大讲堂")
    assert lines[1].startswith("hexi2 河西县第二小学：已导入 0 个文件，23 个未导入，缺：教师名册、考核成绩")
    assert lines[-1] == "共 2 所学校，0 所齐全，2 所需要跟进：chengnan、hexi2。"
    assert not (example / "yanxiu.db").exists()


def test_names_what_each_school_is_missing(example: Path) -> None:
    import_all(example)
    result = status(example, "--today", "2021-07-15")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("chengnan 城南实验小学：已导入 24 个文件，缺：城南大讲堂计划未记录 1 次；"
                        "下一项：学期结束（2021-08-31）")
    assert lines[1] == "hexi2 河西县第二小学：已导入 23 个文件，缺：考核成绩；下一项：学期结束（2021-08-31）"
    data = by_id(as_json(example, "--today", "2021-07-15"))
    sessions = data["chengnan"]["missing"]
    assert sessions == [{"what": "sessions", "text": "城南大讲堂计划未记录 1 次", "program": "lecture",
                         "dates": ["2021-06-30"]}]
    assert data["hexi2"]["missing"][0]["what"] == "assessments"


def test_next_session_in_the_middle_of_the_year(example: Path) -> None:
    import_all(example)
    data = by_id(as_json(example, "--today", "2021-03-01"))
    upcoming = data["chengnan"]["next"]
    assert upcoming["date"] == "2021-06-30" and upcoming["program"] == "lecture"
    assert upcoming["program_title"] == "城南大讲堂" and "朱永新" in upcoming["title"]
    assert data["chengnan"]["missing"] == [] and data["chengnan"]["in_order"] is True
    assert data["hexi2"]["next"] is None


@pytest.mark.sqlite_only  # the SQLite file or URL itself
def test_a_rewritten_file_is_reported_as_changed_since_import(example: Path) -> None:
    import_all(example)
    database = example / "yanxiu.db"
    before = digest(database)
    path = example / "data" / "hexi2" / "awards.csv"
    path.write_bytes(path.read_bytes() + b"\n")  # same rows, different bytes
    result = status(example, "--school", "hexi2")
    assert result.exit_code == 1
    assert "hexi2 河西县第二小学：已导入 23 个文件，1 个已变更（data/hexi2/awards.csv）" in result.output
    school = by_id(as_json(example, "--school", "hexi2"))["hexi2"]
    states = {f["file"]: f["state"] for f in school["files"]}
    assert states["data/hexi2/awards.csv"] == "changed"
    assert {s for f, s in states.items() if f != "data/hexi2/awards.csv"} == {"imported"}
    assert school["counts"] == {"imported": 22, "changed": 1, "not_imported": 0, "missing": 0,
                                "not_configured": 0}
    assert digest(database) == before  # status writes nothing


def test_json_keys_are_stable(example: Path) -> None:
    import_all(example)
    data = as_json(example, "--today", "2021-03-01")
    assert set(data) == {"as_of", "in_order", "schools"} and data["as_of"] == "2021-03-01"
    for school in data["schools"]:
        assert set(school) == SCHOOL_KEYS
        for f in school["files"]:
            assert set(f) == {"kind", "file", "state", "imported_at", "rows"}
            assert f["imported_at"] is not None and f["rows"] >= 0
    assert data["in_order"] is False  # hexi2 has no 考核成绩


def test_all_in_order_exits_zero(tmp_path: Path) -> None:
    ws = copy_example(tmp_path)
    import_all(ws)
    result = status(ws, "--today", "2021-03-01")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "共 2 所学校，2 所齐全。"
    assert "hexi2 河西县第二小学：已导入 24 个文件，齐全；下一项：学期结束（2021-08-31）" in result.output


def test_a_broken_school_shows_its_missing_file_and_its_history(example: Path) -> None:
    import_all(example)
    (example / "data" / "hexi2" / "artifacts.csv").unlink()
    school = by_id(as_json(example))["hexi2"]
    assert school["in_order"] is False and school["config_problems"]
    assert "数据文件不存在" in school["config_problems"][0]
    states = {f["file"]: f["state"] for f in school["files"]}
    assert states["data/hexi2/artifacts.csv"] == "missing"
    assert states["data/hexi2/teachers.csv"] == "imported"
    assert school["summary"].startswith(
        "hexi2 河西县第二小学：配置有误（1 处），已导入 22 个文件，1 个文件缺失")


def test_a_plan_not_written_is_missing(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'name = "甲校"\n')
    workspace_builder.school("b", 'name = "乙校"\n[plan]\ntheme = "聚焦课堂"\n')
    data = by_id(as_json(workspace_builder.root, "--today", "2020-09-01"))
    assert data["a"]["missing"][0] == {"what": "plan", "text": "研修方案", "program": None,
                                       "dates": []}
    assert data["a"]["summary"] == ("a 甲校：已导入 0 个文件，缺：研修方案、教师名册、考核成绩；"
                                    "下一项：学期结束（2021-08-31）")
    assert [g["what"] for g in data["b"]["missing"]] == ["teachers", "assessments"]
