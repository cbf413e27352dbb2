"""The App's view of a school's records answers a query asked again from memory — the
evaluation, the summary and the targets ask for the same figures — and starts afresh after a
write through the App."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "reliability"))

from tinyworkspace import tiny_workspace

from yanxiu_core.app import App
from yanxiu_core.testing import WorkspaceBuilder


def test_a_query_asked_again_is_remembered_until_the_app_writes(
        workspace_builder: WorkspaceBuilder) -> None:
    root = tiny_workspace(workspace_builder, "alpha")
    app = App(root, no_plugins=True)
    try:
        app.import_configured("alpha")
        records = app.records("alpha")
        assert app.records("alpha") is records
        first = records.attendance_summary()
        first.clear()  # the caller's copy: the remembered answer stays whole
        assert records.attendance_summary() and [t.id for t in records.teachers()] == ["T1", "T2"]
        extra = root / "more.csv"
        extra.write_text("工号,姓名\nT1,甲老师\nT2,乙老师\nT3,丙老师\n", encoding="utf-8")
        app.import_file("alpha", "teachers", extra)
        fresh = app.records("alpha")
        assert fresh is not records
        assert [t.id for t in fresh.teachers()] == ["T1", "T2", "T3"]
    finally:
        app.close()


def test_a_store_view_remembers_only_when_asked(workspace_builder: WorkspaceBuilder) -> None:
    root = tiny_workspace(workspace_builder, "alpha")
    app = App(root, no_plugins=True)
    try:
        app.import_configured("alpha")
        term = app.school_config("alpha").term
        plain = app.store.records("alpha", term)
        remembering = app.store.records("alpha", term, remember=True)
        nested = remembering.teacher_minutes_by_category()
        for inner in nested.values():
            inner.clear()
        assert all(remembering.teacher_minutes_by_category().values())
        assert plain.teachers() == remembering.teachers()
        assert plain._memo is None
    finally:
        app.close()
