"""ProgramType.credits: time a program credits to teachers besides attendance counts in 学时
everywhere — the 学时达标 indicator, evaluate's 学时 column, the 总结's figures and 学分 table,
the 研修档案, targets and the district roll-up — and a wrong result type names the plugin."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from yanxiu_core import App, Credit
from yanxiu_core.cli import cli
from yanxiu_core.hours import HoursPolicy, credit_categories, credit_minutes, with_credits

DISTRICT = """
[district]
name = "测试区"
[[terms]]
name = "2020学年"
year = 2020
[hours]
minutes_per_hour = 45
required_hours = 4
[hours.per_credit]
"网络研修" = 10
"""

SCHOOL = """
name = "测试小学"
[data]
teachers = "data/teachers.csv"
activities = "data/activities.csv"
attendance = "data/attendance.csv"
[programs.course]
type = "course_credit"
"""

# T1 attends 2 学时 and gets 3 学时 online; T2 attends 2 学时 only; T3 has online time only.
PLUGIN = '''
import datetime as dt
from yanxiu_core import Credit, ProgramType, hookimpl

class CourseCredit(ProgramType):
    name = "course_credit"
    title = "网络课程"

    def credits(self, ctx):
        return [Credit("T1", 135, "网络研修", dt.date(2020, 10, 9), "课程甲", ("course:1",)),
                Credit("T3", 45, "网络研修", dt.date(2020, 11, 2), "课程乙", ("course:2",)),
                Credit("T9", 90, "网络研修", None, "不在名册的教师")]

@hookimpl
def yanxiu_program_types(register):
    register(CourseCredit())
'''


def workspace(root: Path, plugin: str = PLUGIN) -> Path:
    (root / "schools").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "plugins").mkdir()
    (root / "yanxiu.toml").write_text(DISTRICT, encoding="utf-8")
    (root / "schools" / "s.toml").write_text(SCHOOL, encoding="utf-8")
    (root / "plugins" / "course_credit.py").write_text(plugin, encoding="utf-8")
    (root / "data" / "teachers.csv").write_text(
        "工号,姓名,学科\nT1,甲老师,语文\nT2,乙老师,数学\nT3,丙老师,英语\n", encoding="utf-8")
    (root / "data" / "activities.csv").write_text(
        "编号,类型,主题,日期,学时\nA1,讲座,开学讲座,2020-09-09,2\n", encoding="utf-8")
    (root / "data" / "attendance.csv").write_text(
        "活动编号,工号,状态\nA1,T1,出席\nA1,T2,出席\nA1,T3,缺席\n", encoding="utf-8")
    return root


def test_aggregates() -> None:
    credits = [Credit("T1", 45, "网络研修"), Credit("T1", 30, "其他"), Credit("T2", 10, "网络研修")]
    assert credit_minutes(credits) == {"T1": 75, "T2": 10}
    assert credit_categories(credits) == {"T1": {"网络研修": 45, "其他": 30}, "T2": {"网络研修": 10}}
    assert with_credits({"T1": 90, "T4": 5}, credits) == {"T1": 165, "T4": 5, "T2": 10}
    with pytest.raises(ValueError, match="whole minutes"):
        Credit("T1", -1)


def test_credits_count_wherever_hours_count(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws")
    runner = CliRunner()
    result = runner.invoke(cli, ["-w", str(root), "run", "-o", str(root / "out"), "--format", "md"])
    assert result.exit_code == 0, result.output
    app = App(root)
    try:
        assert app.teacher_minutes("s") == {"T1": 90 + 135, "T2": 90, "T3": 45, "T9": 90}
        hours = {t.teacher.id: r for t in app.evaluate("s").teachers
                 for r in t.indicators if r.key == "hours"}
        assert hours["T1"].value.detail == "5.0/4.0 学时" and hours["T1"].value.value == 1.0
        assert "course:1" in hours["T1"].value.evidence
        assert hours["T3"].value.detail == "1.0/4.0 学时"
    finally:
        app.close()
    data = json.loads(runner.invoke(cli, ["-w", str(root), "evaluate", "--school", "s",
                                          "--json"]).output)
    assert {t["teacher_id"]: t["hours"] for t in data["teachers"]} == {"T1": 5.0, "T2": 2.0, "T3": 1.0}
    md = (root / "out" / "s.md").read_text(encoding="utf-8")
    # 2 + 5 + 1 = 8.0 学时 for the roster (T9 is not on it); 网络研修 a credit category of its own
    assert "教师累计获得研修学时8.0学时" in md
    assert "| 网络研修 | 4.0 | 10 | 0.40 |" in md
    record = runner.invoke(cli, ["-w", str(root), "record", "--school", "s", "--teacher", "T1",
                                 "--format", "md"])
    assert record.exit_code == 0, record.output
    assert "累计获得研修学时5.0学时" in record.output


def test_a_wrong_result_names_the_plugin(tmp_path: Path) -> None:
    bad = PLUGIN.replace("return [Credit(", "return ['3 学时', Credit(")
    root = workspace(tmp_path / "ws", bad)
    result = CliRunner().invoke(cli, ["-w", str(root), "evaluate", "--school", "s"])
    assert result.exit_code == 1
    assert "course_credit" in result.output and "credits" in result.output
    assert "Traceback" not in result.output
    # --traceback: the author sees where it went wrong
    shown = CliRunner().invoke(cli, ["-w", str(root), "--traceback", "evaluate", "--school", "s"])
    assert shown.exit_code == 1
    assert "Traceback (most recent call last)" in shown.output
    assert "PluginResultError" in shown.output


@pytest.mark.parametrize(("hours", "minutes"), [
    (0.5, 23), (1.5, 68), (2.5, 113), (1, 45), (0.1, 5), (1.15, 52), (72, 3240),
    (Decimal("0.5"), 23), (0.01, 0), (0.02, 1)])
def test_hours_become_minutes_half_up_as_schools_round(hours: float, minutes: int) -> None:
    assert HoursPolicy().hours_to_minutes(hours) == minutes
    assert HoursPolicy(required_hours=hours).required_minutes == minutes


def test_half_up_follows_the_district_minutes_per_hour() -> None:
    assert HoursPolicy(minutes_per_hour=40).hours_to_minutes(0.0125) == 1  # 0.5 → 1
    assert HoursPolicy(minutes_per_hour=50).hours_to_minutes(0.25) == 13  # 12.5 → 13
