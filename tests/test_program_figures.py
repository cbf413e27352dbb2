"""Programs' figures and memberships (``ProgramType.figures`` / ``members``) on the example."""

from __future__ import annotations

from pathlib import Path

import pytest

from yanxiu_core import App, Figure, Membership

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> App:
    import shutil

    root = tmp_path_factory.mktemp("ws") / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("*.db"))
    app = App(root=root)
    for sid in app.school_ids():
        app.import_configured(sid)
    return app


def _by_key(app: App, school: str) -> dict[str, Figure]:
    return {f"{inst.id}.{f.key}": f for inst, figs in app.program_figures(school) for f in figs}


def test_every_program_of_the_example_gives_figures(app: App) -> None:
    figures = _by_key(app, "chengnan")
    assert figures["shadow.pairs"].value == 10
    assert figures["shadow.complete"].value == 8
    assert figures["seed.cohort"].value == 6
    assert figures["seed.funding"].value == 30000
    assert figures["seed.awards"].value == 5
    assert figures["lecture.planned"].value == 17
    assert figures["lecture.held"].value == 16
    assert figures["lecture.attendance_rate"].text == "98.4%"
    assert figures["tonghua.meetings"].value == 18
    assert not app.failures


def test_figure_text_and_type_checks() -> None:
    assert Figure("a", "甲", 10, "对").text == "10对"
    assert Figure("r", "率", 0.984375, "%").text == "98.4%"
    with pytest.raises(TypeError):
        Figure("a", "甲", "10")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Figure("a", "甲", True)


def test_memberships_name_roles_and_the_other_party(app: App) -> None:
    found = app.memberships("chengnan")
    roles = {(inst.id, m.teacher_id, m.role) for inst, m in found}
    assert ("shadow", "C002", "导师") in roles
    assert ("shadow", "C031", "徒弟") in roles
    assert ("seed", "C013", "种子教师") in roles
    assert ("tonghua", "C001", "主持人") in roles
    assert ("tonghua", "C002", "成员") in roles
    mentee = next(m for inst, m in found if m.teacher_id == "C031" and m.role == "徒弟")
    assert "C002" in mentee.detail
    assert all(isinstance(m, Membership) for _, m in found)
