"""``[report]`` and ``[profile]`` in the workspace, and choosing the output format on the CLI."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from yanxiu_core.cli import cli
from yanxiu_core.config import load_workspace_config
from yanxiu_core.errors import ConfigError
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder

SCHOOL = '''name = "示范小学"

[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
'''


def workspace(builder: WorkspaceBuilder, district_extra: str = "", school_extra: str = "",
              top: str = "") -> Path:
    builder.district(top + DISTRICT_TOML + district_extra)
    builder.school("demo", SCHOOL + school_extra)
    builder.csv("data/teachers.csv", ["工号", "姓名", "学历", "出生年份"],
                [["T1", "甲老师", "本科", 1990], ["T2", "乙老师", "硕士", 1980]])
    builder.csv("data/activities.csv", ["编号", "类型", "主题", "日期", "学时"],
                [["A1", "理论学习", "师德学习", "2020-10-14", 2]])
    builder.csv("data/attendance.csv", ["活动编号", "工号"], [["A1", "T1"], ["A1", "T2"]])
    return builder.root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_workspace_config(root)
    return [str(p) for p in info.value.problems]


def test_outline_profile_and_signature_are_read(workspace_builder: WorkspaceBuilder) -> None:
    root = workspace(workspace_builder, top='overridable = ["programs", "report.age_bands"]\n',
                     district_extra='''
[report]
max_body_rows = 15

[[report.outline]]
title = "基本情况"
parts = ["basics"]

[[report.outline]]
title = "主要做法与成效"
parts = ["programs", "activities", "awards"]
''', school_extra='''
[profile]
classes = 24
students = 1080

[report]
signature_date = 2021-07-10
signed_by = "示范小学教科室"
age_bands = [35, 45, 50]
''')
    config = load_workspace_config(root)
    school = config.schools["demo"]
    assert [i.title for i in school.report.outline] == ["基本情况", "主要做法与成效"]
    assert school.report.max_body_rows == 15
    assert school.report.age_bands == (35, 45, 50)
    assert str(school.report.signature_date) == "2021-07-10"
    assert school.profile.classes == 24 and school.profile.staff is None


def test_report_problems_name_the_key_and_line(workspace_builder: WorkspaceBuilder) -> None:
    root = workspace(workspace_builder, '''
[report]
max_body_rows = 0
age_bands = [45, 35]

[[report.outline]]
title = "基本情况"
parts = ["basic"]
''', '''
[profile]
students = -3
''')
    found = "\n".join(problems_of(root))
    assert "report.outline[0].parts[0]" in found and "'basics'" in found  # did you mean
    assert "report.max_body_rows" in found
    assert "report.age_bands" in found
    assert "profile.students" in found and "-3" in found
    assert "yanxiu.toml:" in found  # located at a line


def test_a_school_may_not_change_the_outline_unless_allowed(
        workspace_builder: WorkspaceBuilder) -> None:
    root = workspace(workspace_builder, school_extra='''
[report]
signature_date = 2021-07-10
max_body_rows = 5
''')
    found = problems_of(root)
    assert any("report.max_body_rows" in p and "不允许" in p for p in found)
    assert not any("signature_date" in p for p in found)  # the school's own signature


def run(root: Path, *args: str) -> tuple[int, str, bytes]:
    result = CliRunner().invoke(cli, ["-w", str(root), *args])
    return result.exit_code, result.output, result.stdout_bytes


def test_output_suffix_picks_the_format(workspace_builder: WorkspaceBuilder,
                                        tmp_path: Path) -> None:
    root = workspace(workspace_builder)
    assert run(root, "run", "-o", str(tmp_path / "out"), "--format", "md")[0] == 0
    word = tmp_path / "总结.docx"
    code, output, _ = run(root, "report", "--school", "demo", "-o", str(word))
    assert code == 0, output
    with zipfile.ZipFile(word) as docx:
        assert "word/document.xml" in docx.namelist()
    page = tmp_path / "总结.htm"
    assert run(root, "report", "--school", "demo", "-o", str(page))[0] == 0
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    data = tmp_path / "doc.json"
    assert run(root, "report", "--school", "demo", "-o", str(data))[0] == 0
    assert json.loads(data.read_text(encoding="utf-8"))["format"] == "yanxiu.report"
    code, out, _ = run(root, "report", "--school", "demo", "--format", "markdown")
    assert code == 0 and out.startswith("# 示范小学2020学年校本研修工作总结")


def test_a_suffix_that_disagrees_is_a_usage_error(workspace_builder: WorkspaceBuilder,
                                                  tmp_path: Path) -> None:
    root = workspace(workspace_builder)
    assert run(root, "run", "-o", str(tmp_path / "out"), "--format", "md")[0] == 0
    code, output, _ = run(root, "report", "--school", "demo", "-o", str(tmp_path / "x.docx"),
                          "--format", "html")
    assert code == 2 and "x.html" in output
    assert not (tmp_path / "x.docx").exists()
    code, output, _ = run(root, "report", "--school", "demo", "-o", str(tmp_path / "x.txt"))
    assert code == 2 and "--format" in output
    code, output, _ = run(root, "report", "--school", "demo", "--format", "pdf")
    assert code == 2 and "docx" in output and "html" in output


def test_format_choices_come_from_the_renderers(workspace_builder: WorkspaceBuilder) -> None:
    root = workspace(workspace_builder)
    code, output, _ = run(root, "report", "--help")
    assert code == 0 and "[docx|html|json|md|xlsx]" in output
    code, output, _ = run(root, "run", "--help")
    assert code == 0 and "[docx|html|json|md|xlsx]" in output


def test_run_writes_each_format_asked_for(workspace_builder: WorkspaceBuilder,
                                          tmp_path: Path) -> None:
    root = workspace(workspace_builder)
    out = tmp_path / "out"
    code, output, _ = run(root, "run", "-o", str(out), "--format", "docx", "--format", "json")
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir() if p.name != ".yanxiu-run.json") == ["demo.docx", "demo.json"]
    import docx

    document = docx.Document(io.BytesIO((out / "demo.docx").read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "一、基本情况"


def test_binary_output_is_not_written_to_a_terminal(workspace_builder: WorkspaceBuilder,
                                                    tmp_path: Path) -> None:
    root = workspace(workspace_builder)
    assert run(root, "run", "-o", str(tmp_path / "out"), "--format", "md")[0] == 0
    code, _, data = run(root, "report", "--school", "demo", "--format", "docx")
    assert code == 0 and data[:2] == b"PK"  # a pipe, not a terminal: the bytes as they are
