"""What a district sees while yanxiu works: ``check`` per school with a summary line and JSON,
``run`` with progress on a terminal, ``-q``, and a last line with rows read and time taken."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from yanxiu_core.cli import cli
from yanxiu_core.cli.run_cmd import Progress
from yanxiu_core.testing import WorkspaceBuilder

SCHOOL = 'name = "{name}"\n\n[data]\nteachers = "data/{sid}.csv"\n'


def district(ws: WorkspaceBuilder, good: int, bad: int) -> Path:
    ws.district()
    for i in range(good):
        ws.school(f"g{i:02d}", SCHOOL.format(name=f"好{i}校", sid=f"g{i:02d}"))
        ws.csv(f"data/g{i:02d}.csv", ["工号", "姓名"], [[f"T{i}", "甲老师"], [f"U{i}", "乙老师"]])
    for i in range(bad):
        ws.school(f"b{i:02d}", SCHOOL.format(name=f"坏{i}校", sid=f"b{i:02d}") + "[oops]\n")
    return ws.root


def invoke(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-w", str(root), *args], env={"YANXIU_NO_PLUGINS": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_check_of_a_district_ends_with_a_summary(workspace_builder: WorkspaceBuilder) -> None:
    root = district(workspace_builder, good=12, bad=3)
    code, out, err = invoke(root, "check")
    assert code == 1
    assert out.strip().splitlines()[-1] == "共 15 所学校：12 所通过，3 所有问题（b00、b01、b02）。"
    assert "发现 6 个问题（3 所学校）：" in err and "[b01] 2 个问题" in err  # key, missing file
    assert "g00" not in out.splitlines()[-1]  # good schools are counted, not listed
    assert "尚未导入教师名册：g00、g01、g02、g03、g04、g05、g06、g07、g08、g09等 12 所" in out
    code, out, _ = invoke(root, "check", "--school", "g03")
    assert code == 0 and out.strip().splitlines()[-1] == "检查通过：1 所学校（g03）。"


def test_check_json_gives_every_school_and_the_summary(workspace_builder: WorkspaceBuilder) -> None:
    root = district(workspace_builder, good=2, bad=1)
    assert invoke(root, "run", "-q", "--format", "md", "-o", str(root / "out"))[0] == 1
    code, out, _ = invoke(root, "check", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["summary"] == {"schools": 3, "ok": 2, "with_problems": 1, "problems": 2}
    by_id = {s["id"]: s for s in data["schools"]}
    assert by_id["g00"]["ok"] and by_id["g00"]["roster_imported"]
    (problem,) = [p for p in by_id["b00"]["problems"] if p["where"] == "oops"]
    assert problem["file"] == "schools/b00.toml" and problem["where"] == "oops"
    assert isinstance(problem["line"], int)
    assert data["plugin_failures"] == []


def test_run_quiet_prints_problems_and_the_last_line_only(workspace_builder: WorkspaceBuilder) -> None:
    root = district(workspace_builder, good=2, bad=1)
    code, out, err = invoke(root, "run", "-q", "--format", "md", "-o", str(root / "out"))
    assert code == 1
    assert out.strip().splitlines() == [out.strip().splitlines()[-1]]  # nothing but the tally
    assert re.fullmatch(r"完成 2 所学校；失败 1 所：b00（配置有误）。读入 4 行，用时 \d+\.\d 秒。",
                        out.strip()), out
    assert "[b00] 配置有误" in err
    code, out, _ = invoke(root, "run", "--format", "md", "-o", str(root / "out"))
    assert "沿用上次写出的" in out and out.strip().endswith("秒。")  # nothing changed
    assert "读入 0 行" in out  # unchanged files are not read again


def test_progress_counts_schools_and_estimates_the_rest(capsys: pytest.CaptureFixture[str]) -> None:
    clock = iter([100.0, 100.0, 110.0, 120.0])
    progress = Progress(4, shown=True, clock=lambda: next(clock))
    for sid in ("a", "b", "c"):
        progress.start(sid)
        progress.done()
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["(1/4) a …  已用 0 秒", "(2/4) b …  已用 10 秒，预计还需 30 秒",
                     "(3/4) c …  已用 20 秒，预计还需 20 秒"]
    silent = Progress(4, shown=False)
    silent.start("a")
    assert capsys.readouterr().err == ""


def test_run_json_is_all_a_script_needs(workspace_builder: WorkspaceBuilder) -> None:
    root = district(workspace_builder, good=2, bad=1)
    code, out, err = invoke(root, "run", "--json", "--format", "md", "-o", str(root / "out"))
    assert code == 1
    data = json.loads(out)  # stdout is the JSON and nothing else
    assert [(s["id"], s["status"], s["reason"], s["reused"]) for s in data["schools"]] == [
        ("b00", "failed", "配置有误", False), ("g00", "done", "", False),
        ("g01", "done", "", False)]
    assert data["schools"][1]["outputs"] == [str(root / "out" / "g00.md")]
    summary = data["summary"]
    assert (summary["schools"], summary["done"], summary["failed"], summary["rows_read"]) == (
        3, 2, 1, 4)
    assert "[b00] 配置有误" in err
    again = json.loads(invoke(root, "run", "--json", "--format", "md", "-o",
                              str(root / "out"))[1])
    assert [s["reused"] for s in again["schools"]] == [False, True, True]
    assert again["summary"]["rows_read"] == 0


def test_import_json(workspace_builder: WorkspaceBuilder) -> None:
    root = district(workspace_builder, good=1, bad=0)
    code, out, _ = invoke(root, "import", "teachers", str(root / "data" / "g00.csv"),
                          "--school", "g00", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["kind"], data["rows"], data["added"], data["already_imported"]) == (
        "teachers", 2, 2, False)
    assert data["cascaded"] == {} and data["file"].endswith("g00.csv")
    assert isinstance(data["seconds"], float | int) and data["seconds"] >= 0


def test_import_says_how_long_a_file_took_and_its_pace(workspace_builder: WorkspaceBuilder) -> None:
    root = district(workspace_builder, good=1, bad=0)
    args = ("import", "teachers", str(root / "data" / "g00.csv"), "--school", "g00")
    code, out, _ = invoke(root, *args)
    assert code == 0
    assert re.search(r"新增 2 行.*（用时 \d+\.\d 秒，每秒 (\d+\.\d 万|\d+ )行）$", out.strip()), out
    code, out, _ = invoke(root, *args)  # unchanged: nothing read, no pace
    assert code == 0 and "与已导入的内容相同" in out and "用时" not in out


def test_the_pace_reads_in_wan_above_ten_thousand_rows() -> None:
    from yanxiu_core.cli.import_cmd import _pace

    assert _pace(120_000, 2.0, False) == "（用时 2.0 秒，每秒 6.0 万行）"
    assert _pace(900, 0.5, False) == "（用时 0.5 秒，每秒 1800 行）"
    assert _pace(900, 0.5, True) == "" and _pace(0, 0.5, False) == ""
