"""A teacher named on the command line is found by 工号 in any case or by 姓名; a shared name is
never guessed, an unknown one gets close suggestions — all as usage errors (exit 2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tinyworkspace import add_school, invoke

import yanxiu_core
from yanxiu_core.errors import UsageError
from yanxiu_core.lookup import find_teacher
from yanxiu_core.model import Teacher
from yanxiu_core.testing import WorkspaceBuilder

ROSTER = [
    Teacher("C013", "王芳", subject="语文"),
    Teacher("C014", "李明", subject="数学"),
    Teacher("C020", "张伟", subject="英语"),
    Teacher("C021", "张伟", subject="体育"),
]


@pytest.mark.parametrize(("text", "expected"), [
    ("C013", "C013"),
    ("c013", "C013"),
    (" c013 ", "C013"),
    ("Ｃ０１３", "C013"),  # full-width, as typed with a Chinese input method
    ("王芳", "C013"),
    ("王  芳", "C013"),  # a padded two-character name
    ("王\u3000芳", "C013"),
    ("李明", "C014"),
    ("c021", "C021"),
])
def test_found_by_id_in_any_case_or_by_name(text: str, expected: str) -> None:
    assert find_teacher(ROSTER, text).id == expected


def test_an_exact_id_wins_over_one_that_differs_in_case() -> None:
    roster = [Teacher("t1", "甲"), Teacher("T1", "乙")]
    assert find_teacher(roster, "T1").name == "乙"
    assert find_teacher(roster, "t1").name == "甲"
    with pytest.raises(UsageError, match="有 2 位教师的工号是 'Ｔ1'"):
        find_teacher(roster, "Ｔ1")


def test_a_shared_name_lists_the_teachers_and_asks_for_the_id() -> None:
    with pytest.raises(UsageError) as info:
        find_teacher(ROSTER, "张伟", school="chengnan")
    message = str(info.value)
    assert message.startswith("学校 'chengnan' 有 2 位教师的姓名是 '张伟'：")
    assert "张伟（工号 C020，英语）、张伟（工号 C021，体育）" in message
    assert "请改用工号" in message
    assert info.value.exit_code == 2


def test_no_match_suggests_close_ids_and_names() -> None:
    with pytest.raises(UsageError) as info:
        find_teacher(ROSTER, "C031")
    message = str(info.value)
    assert message.startswith("没有工号或姓名为 'C031' 的教师；您是否想找：")
    assert "（工号 C013" in message or "（工号 C021" in message
    with pytest.raises(UsageError, match="您是否想找：王芳（工号 C013，语文）"):
        find_teacher(ROSTER, "王方芳")


def test_no_match_and_nothing_close() -> None:
    with pytest.raises(UsageError) as info:
        find_teacher(ROSTER, "XYZ-999")
    assert str(info.value) == "没有工号或姓名为 'XYZ-999' 的教师"


def test_an_empty_roster_and_an_empty_text() -> None:
    with pytest.raises(UsageError, match="尚未导入教师名册"):
        find_teacher([], "C013")
    with pytest.raises(UsageError, match="请给出教师的工号或姓名"):
        find_teacher(ROSTER, "  ")


def explain_workspace(builder: WorkspaceBuilder) -> Path:
    builder.district()
    add_school(builder, "alpha", teachers=[["C013", "王芳", "本科", 1990, "语文"],
                                           ["C020", "张伟", "本科", 1985, "英语"],
                                           ["C021", "张伟", "硕士", 1980, "体育"]])
    assert invoke(builder.root, "run", "-o", str(builder.root / "out"), "--format", "md").exit_code == 0
    return builder.root


def test_explain_by_lower_case_id_and_by_name(workspace_builder: WorkspaceBuilder) -> None:
    root = explain_workspace(workspace_builder)
    by_id = invoke(root, "explain", "--school", "alpha", "C013")
    assert by_id.exit_code == 0, by_id.output
    for text in ("c013", "王芳"):
        result = invoke(root, "explain", "--school", "alpha", text)
        assert result.exit_code == 0, result.output
        assert result.output == by_id.output


def test_explain_unknown_or_shared_is_a_usage_error(workspace_builder: WorkspaceBuilder) -> None:
    root = explain_workspace(workspace_builder)
    unknown = invoke(root, "explain", "--school", "alpha", "王方")
    assert unknown.exit_code == 2 and unknown.exception is not None
    assert isinstance(unknown.exception, SystemExit)  # not a KeyError
    assert "错误：学校 'alpha' 没有工号或姓名为 '王方' 的教师；您是否想找：王芳（工号 C013" in unknown.output
    shared = invoke(root, "explain", "--school", "alpha", "张伟")
    assert shared.exit_code == 2
    assert "张伟（工号 C020，英语）、张伟（工号 C021，体育）" in shared.output


def test_find_teacher_is_exported_for_plugins() -> None:
    assert yanxiu_core.find_teacher is find_teacher
    assert "find_teacher" in yanxiu_core.__all__


def test_every_export_is_listed_three_times() -> None:
    """``_EXPORTS``, ``__all__`` and the TYPE_CHECKING imports name the same things."""
    source = Path(yanxiu_core.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    checked: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) \
                and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom)
                checked.update(alias.name for alias in imp.names)
    exported = set(yanxiu_core._EXPORTS)
    assert exported == set(yanxiu_core.__all__) - {"__version__"}
    assert exported == checked
    for name in exported:  # and each resolves where _EXPORTS says
        assert getattr(yanxiu_core, name) is not None
