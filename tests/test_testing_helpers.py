"""The helpers yanxiu ships for plugin authors (``yanxiu_core.testing``, a pytest plugin)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from yanxiu_core import MemoryRecords, ProgramType, Teacher, hookimpl
from yanxiu_core.config import load_workspace_config
from yanxiu_core.errors import ConfigError
from yanxiu_core.model import School, Term
from yanxiu_core.testing import (
    DEFAULT_SCHOOL,
    DEFAULT_TERM,
    WorkspaceBuilder,
    fake_entry_point,
    make_context,
)

ROOT = Path(__file__).resolve().parents[1]


@attrs.frozen
class ClubSettings:
    books_per_term: int = attrs.field(default=2, validator=attrs.validators.gt(0))
    first_meeting: dt.date | None = None


class Club(ProgramType):
    name = "club"
    title = "读书会"
    Settings = ClubSettings
    template_package = "helper_club_pkg"


def club_module(program: ProgramType) -> ModuleType:
    module = ModuleType("club_plugin")

    @hookimpl
    def yanxiu_program_types(register: Any) -> None:
        register(program)

    module.yanxiu_program_types = yanxiu_program_types  # type: ignore[attr-defined]
    return module


@pytest.fixture
def club_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An importable package ``helper_club_pkg`` with a ``templates/`` folder."""
    package = tmp_path / "pkgs" / "helper_club_pkg"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "templates" / "club_section.md.j2").write_text(
        "{{ school.name }}读书会每学期读 {{ books }} 本书。", encoding="utf-8")
    monkeypatch.syspath_prepend(str(package.parent))
    monkeypatch.delitem(sys.modules, "helper_club_pkg", raising=False)
    return package


def test_make_context_validates_settings_like_a_school_config() -> None:
    ctx = make_context(Club(), {"books_per_term": 3, "first_meeting": dt.date(2020, 9, 10)})
    assert ctx.settings == ClubSettings(3, dt.date(2020, 9, 10))
    assert (ctx.program_id, ctx.term, ctx.school) == ("club", DEFAULT_TERM, DEFAULT_SCHOOL)
    assert ctx.records.teachers() == []
    with pytest.raises(ConfigError) as info:
        make_context(Club(), {"books_per_term": 0, "book_per_term": 1}, program_id="reading")
    wheres = sorted(p.where for p in info.value.problems)
    assert wheres == ["programs.reading.book_per_term", "programs.reading.books_per_term"]


def test_make_context_passes_records_term_and_school() -> None:
    term = Term("2021学年", dt.date(2021, 9, 1), dt.date(2022, 8, 31))
    records = MemoryRecords(term).add(Teacher("T1", "甲"))
    school = School(id="s1", name="一小", district="区")
    ctx = make_context(Club(), None, records, term, school)
    assert ctx.records is records and ctx.term is term and ctx.school is school
    assert [t.id for t in ctx.records.teachers()] == ["T1"]


def test_make_context_renders_the_programs_templates_and_workspace_overrides(
        club_templates: Path, workspace_builder: WorkspaceBuilder) -> None:
    ctx = make_context(Club())
    assert ctx.render("club_section.md.j2", books=2) == "测试小学读书会每学期读 2 本书。"
    workspace_builder.file("templates/club_section.md.j2", "区里改写：{{ books }} 本")
    ctx = make_context(Club(), workspace=workspace_builder.root)
    assert ctx.render("club_section.md.j2", books=4) == "区里改写：4 本"


def test_make_context_falls_back_to_a_plain_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yanxiu_core.report.templates", None)  # import fails
    ctx = make_context(Club())
    assert ctx.render("club_section.md.j2", books=2) == "[club_section.md.j2] books=2"


def test_plugin_host_factory_sees_only_the_plugins_given(plugin_host_factory: Any) -> None:
    host = plugin_host_factory(club=club_module(Club()))
    assert list(host.program_types()) == ["club"]
    assert [i.name for i in host.infos] == ["yanxiu_core.default_renderers", "club"]
    assert plugin_host_factory().program_types() == {}  # a fresh host each call
    assert "_yanxiu_fake_club" in sys.modules


def test_plugin_host_factory_cleans_up_after_the_test() -> None:
    assert "_yanxiu_fake_club" not in sys.modules


def test_plugin_host_factory_passes_options(plugin_host_factory: Any) -> None:
    host = plugin_host_factory(club=club_module(Club()), disabled=["club"], builtins=())
    assert [(i.name, i.status) for i in host.infos] == [("club", "disabled")]


def test_fake_entry_point_loads_a_module_or_an_object() -> None:
    module = club_module(Club())
    assert fake_entry_point("m", module).load() is module
    obj = object()
    ep = fake_entry_point("o", obj)
    assert (ep.group, ep.name, ep.load()) == ("yanxiu", "o", obj)


def test_workspace_builder_writes_a_loadable_workspace(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    path = workspace_builder.csv("data/t.csv", ["工号", "姓名"], [["T1", "张老师"]], encoding="gbk")
    workspace_builder.school("a", 'name = "甲校"\n[data]\nteachers = "data/t.csv"\n')
    assert path.read_bytes() == "工号,姓名\nT1,张老师\n".encode("gbk")
    cfg = load_workspace_config(workspace_builder.root)
    assert cfg.schools["a"].data[0].path == path.resolve()


def test_importing_the_helpers_is_cheap() -> None:
    code = ("import sys, yanxiu_core.testing; "
            "print(sorted(m for m in ('sqlalchemy', 'jinja2', 'openpyxl', 'yanxiu_core.store') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'plugins'}", "PATH": ""})
    assert out.stdout.strip() == "[]"


def _doc_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "plugins" / "writing-a-plugin.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_the_tutorial_plugin_works_as_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plugin_host_factory: Any,
        workspace_builder: WorkspaceBuilder) -> None:
    program, unit_test, fixture_tests = _doc_blocks("python")
    (template,) = _doc_blocks("jinja")
    package = tmp_path / "tutorial" / "yanxiu_reading"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text(program, encoding="utf-8")
    (package / "templates" / "reading_section.md.j2").write_text(template, encoding="utf-8")
    monkeypatch.syspath_prepend(str(package.parent))
    monkeypatch.delitem(sys.modules, "yanxiu_reading", raising=False)
    for code, calls in ((unit_test, [()]),
                        (fixture_tests, [(plugin_host_factory,), (workspace_builder,)])):
        namespace: dict[str, Any] = {}
        exec(compile(code, "writing-a-plugin.md", "exec"), namespace)
        tests = [v for k, v in namespace.items() if k.startswith("test_")]
        assert len(tests) == len(calls)
        for test, args in zip(tests, calls, strict=True):
            test(*args)
    monkeypatch.delitem(sys.modules, "yanxiu_reading", raising=False)


def test_run_cli_uses_exactly_the_given_plugins(run_cli: Any,
                                                workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    listed = run_cli(["-w", workspace_builder.root, "plugins", "--json"],
                     plugins={"club": club_module(Club())})
    assert listed.exit_code == 0, listed.output
    import json

    names = {p["name"] for p in json.loads(listed.output)}
    assert names == {"yanxiu_core.default_renderers", "club"}  # nothing installed is loaded
    bare = run_cli(["-w", workspace_builder.root, "plugins", "--json"])
    assert {p["name"] for p in json.loads(bare.output)} == {"yanxiu_core.default_renderers"}


def test_records_from_csv_reads_like_the_importer() -> None:
    from yanxiu_core.testing import records_from_csv

    records = records_from_csv(
        program_types=[Club()],
        teachers="工号,姓名,学科\nT1,甲老师,语文\nT2,乙老师,数学\n",
        activities="编号,名称,日期,开始,结束,所属项目\n"
                   "A1,读书会,2020-10-09,15:30,17:00,club\n"
                   "A2,旧活动,2019-10-09,15:30,17:00,club\n",  # before the term: left out
        attendance="活动编号,工号,状态\nA1,T1,出席\nA1,T2,请假\n")
    assert [t.subject for t in records.teachers()] == ["语文", "数学"]
    assert [a.id for a in records.activities("club")] == ["A1"]
    assert records.activity_minutes() == {"A1": 90}
    assert {r.teacher_id: r.status.value for r in records.attendance()} == {"T1": "出席", "T2": "请假"}


def test_records_from_csv_names_the_bad_row_and_takes_paths(tmp_path: Path) -> None:
    from yanxiu_core.errors import DataError
    from yanxiu_core.testing import records_from_csv

    with pytest.raises(DataError, match=r"第 3 行"):
        records_from_csv(teachers="工号,姓名\nT1,甲老师\nT1,重复\n")
    roster = tmp_path / "名册.csv"
    roster.write_text("工号,姓名\nT9,丙老师\n", encoding="gbk")
    assert [t.name for t in records_from_csv(teachers=roster).teachers()] == ["丙老师"]
    with pytest.raises(TypeError, match="unknown kind"):
        records_from_csv(teacher="工号,姓名\n")


def test_workspace_builder_imports_into_its_own_store(workspace_builder: WorkspaceBuilder) -> None:
    from yanxiu_core.errors import DataError

    ws = workspace_builder
    ws.district()
    ws.school("s1", 'name = "一小"\n\n[data]\nteachers = "data/t.csv"\n')
    ws.csv("data/t.csv", ["工号", "姓名"], [["T1", "甲老师"], ["T2", "乙老师"]])
    assert [t.id for t in ws.imported("s1", no_plugins=True).teachers()] == ["T1", "T2"]
    ws.csv("data/t.csv", ["工号", "姓名"], [["T1", "甲老师"], ["", "无工号"]])
    with pytest.raises(DataError, match=r"t\.csv.*第 3 行"):
        ws.imported("s1", no_plugins=True)
    app = ws.app(no_plugins=True)
    assert [t.id for t in app.records("s1").teachers()] == ["T1", "T2"]  # nothing half-written
    app.close()
