"""影子行动 (shadow) through the public API: rules, obligations, indicators, section, findings."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from click.testing import CliRunner

from yanxiu_core import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    ConfigError,
    MemoryRecords,
    Table,
    Teacher,
    met_share,
)
from yanxiu_core.cli import cli
from yanxiu_core.testing import DEFAULT_TERM, WorkspaceBuilder, make_context
from yanxiu_shadow import ShadowProgram, suggest_pairs

PROGRAM = ShadowProgram()
TEACHERS = [
    Teacher("M1", "甲导师", subject="语文", group="语文组", roles=("骨干教师",), joined_year=2000),
    Teacher("M2", "乙导师", subject="数学", group="数学组", roles=("骨干教师",), joined_year=2005),
    Teacher("V1", "丙老教师", subject="语文", group="语文组", joined_year=1995),  # 25 years
    Teacher("Y1", "丁青年", subject="语文", group="语文组", roles=("青年教师",), joined_year=2018),
    Teacher("N1", "戊新人", subject="语文", group="语文组", roles=("新教师",), joined_year=2020),
    Teacher("N2", "己新人", subject="数学", group="数学组", roles=("新教师",), joined_year=2020),
    Teacher("N3", "庚新人", subject="科学", group="数学组", roles=("新教师",), joined_year=2020),
    Teacher("N4", "辛新人", subject="美术", group="美术组", roles=("新教师",), joined_year=2020),
]


def lesson(n: int, day: dt.date, teacher: str, observer: str,
           status: AttendanceStatus = AttendanceStatus.PRESENT) -> list[Any]:
    aid = f"S{n:02d}"
    return [Activity(aid, "听课", "结对课", dt.datetime.combine(day, dt.time(9)), program="shadow",
                     minutes=45),
            Attendance(aid, teacher, role="授课"), Attendance(aid, observer, status, role="听课")]


def records_for_one_pair(taught: int, watched: int, plans: int, notes: int,
                         feedback: int) -> MemoryRecords:
    recs = MemoryRecords(DEFAULT_TERM).add(TEACHERS)
    start = dt.date(2020, 9, 14)
    for k in range(taught):
        recs.add(lesson(k, start + dt.timedelta(weeks=k), "N1", "M1"))
    for k in range(watched):
        recs.add(lesson(50 + k, start + dt.timedelta(weeks=k, days=2), "M1", "N1"))
    art = 0
    for kind, who, count in (("教案", "N1", plans), ("听课记录", "N1", notes),
                             ("评课记录", "M1", feedback)):
        for _ in range(count):
            art += 1
            recs.add(Artifact(art, who, kind, f"{kind}{art}", dt.date(2020, 11, 1), program="shadow"))
    recs.add(Assessment(1, "N1", "新教师汇报课", 86, 100, program="shadow"))
    return recs


SETTINGS = {"pairs": [{"mentor": "M1", "mentee": "N1"}]}


def test_full_obligations_give_full_indicators_and_a_complete_pair() -> None:
    ctx = make_context(PROGRAM, SETTINGS, records_for_one_pair(8, 8, 3, 8, 8))
    (indicator,) = PROGRAM.indicators(ctx)
    assert indicator.key == "shadow.obligations"
    assert indicator.values["N1"].value == 1.0 and indicator.values["M1"].value == 1.0
    assert "activity:S00" in indicator.values["N1"].evidence
    assert PROGRAM.findings(ctx) == []


def test_partial_obligations_are_shares_and_findings_name_the_pair() -> None:
    # mentee: plans 2/3, taught 4/8, observed min(6 lessons, 5 records)=5/8; mentor: 4/8, 2/8
    ctx = make_context(PROGRAM, SETTINGS, records_for_one_pair(4, 6, 2, 5, 2))
    (indicator,) = PROGRAM.indicators(ctx)
    assert indicator.values["N1"].value == pytest.approx((2 / 3 + 4 / 8 + 5 / 8) / 3)
    assert indicator.values["M1"].value == pytest.approx((4 / 8 + 2 / 8) / 2)
    assert indicator.values["N1"].detail == "教案 2/3；上课 4/8；听课 5/8"
    texts = [f.text for f in PROGRAM.findings(ctx)]
    assert any("1 对师徒未完成" in t and "甲导师—戊新人" in t and "上课4/8" in t for t in texts)


def test_excused_observer_does_not_count() -> None:
    recs = MemoryRecords(DEFAULT_TERM).add(TEACHERS)
    recs.add(lesson(1, dt.date(2020, 9, 14), "N1", "M1", AttendanceStatus.EXCUSED))
    ctx = make_context(PROGRAM, SETTINGS, recs)
    assert PROGRAM.indicators(ctx)[0].values["N1"].detail.startswith("教案 0/3；上课 0/8")


def test_section_table_totals_equal_the_records() -> None:
    ctx = make_context(PROGRAM, {"pairs": [{"mentor": "M1", "mentee": "N1"},
                                           {"mentor": "M2", "mentee": "N2"}]},
                       records_for_one_pair(5, 3, 3, 3, 4))
    section = PROGRAM.section(ctx)
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert [r[:2] for r in table.rows] == [("甲导师", "戊新人"), ("乙导师", "己新人")]
    assert table.rows[0][3:7] == ("3", "5", "3", "4")
    assert table.total is not None and table.total[3:7] == ("3", "5", "3", "4")
    assert table.rows[0][8] == "86.0" and table.rows[1][8] == "-"


def test_pairs_that_went_quiet_are_found() -> None:
    recs = records_for_one_pair(8, 8, 3, 8, 8)
    late = dt.datetime(2021, 6, 20, 9)
    recs.add(Activity("X1", "会议", "期末会议", late, minutes=45))
    texts = [f.text for f in PROGRAM.findings(make_context(PROGRAM, SETTINGS, recs))]
    assert any("最近 8 周内中断" in t for t in texts)


def test_pair_that_never_met_is_not_started_rather_than_stopped() -> None:
    recs = records_for_one_pair(8, 8, 3, 8, 8)
    recs.add(Teacher("N9", "壬新人", subject="语文", group="语文组", roles=("新教师",)))
    recs.add(Activity("X1", "会议", "期末会议", dt.datetime(2020, 11, 20, 9), minutes=45))
    ctx = make_context(PROGRAM, {"pairs": [{"mentor": "M1", "mentee": "N1"},
                                           {"mentor": "M2", "mentee": "N9"}]}, recs)
    texts = [f.text for f in PROGRAM.findings(ctx)]
    assert any("没有开展结对听课、上课活动：乙导师—壬新人" in t for t in texts)
    assert not any("中断" in t for t in texts)  # M1—N1's lessons run to 2020-11-04
    assert any("未完成2020学年的结对任务：乙导师—壬新人" in t for t in texts)


def test_feedback_of_a_mentor_with_two_mentees_is_not_counted_twice() -> None:
    recs = records_for_one_pair(3, 0, 0, 0, 0)  # N1 taught 3 lessons M1 observed
    for k in range(2):  # N2 taught 2 lessons M1 observed
        recs.add(lesson(80 + k, dt.date(2020, 10, 5) + dt.timedelta(weeks=k), "N2", "M1"))
    titles = ["评课：己新人《分数》", "评课记录一", "评课记录二", "评课记录三", "评课记录四",
              "评课记录五"]
    for n, title in enumerate(titles):
        recs.add(Artifact(100 + n, "M1", "评课记录", title, dt.date(2020, 11, 2), program="shadow"))
    ctx = make_context(PROGRAM, {"pairs": [{"mentor": "M1", "mentee": "N1"},
                                           {"mentor": "M1", "mentee": "N2"}]}, recs)
    table = next(b for b in PROGRAM.section(ctx).blocks if isinstance(b, Table))
    # N1: 3 unnamed records (capped at 3 lessons); N2: the named one + 1 unnamed (2 lessons)
    assert [(r[1], r[4], r[6]) for r in table.rows] == [("戊新人", "3", "3"), ("己新人", "2", "2")]
    assert table.total is not None and table.total[6] == "5"
    (indicator,) = PROGRAM.indicators(ctx)
    assert "artifact:100" in indicator.values["M1"].evidence
    assert indicator.values["M1"].value == pytest.approx(((3 / 8 + 3 / 8) / 2 + (2 / 8 + 2 / 8) / 2) / 2)


def test_met_share_caps_each_target() -> None:
    assert met_share([(10, 5), (0, 5)]) == 0.5
    assert met_share([(2, 0)]) == 1.0 and met_share([]) == 1.0
    assert met_share([(1, 4), (3, 4)]) == pytest.approx(0.5)


def test_rules_mentor_qualification_load_and_double_roles() -> None:
    settings = {"max_mentees": 1, "min_mentor_years": 20, "pairs": [
        {"mentor": "Y1", "mentee": "N1"},   # young teacher: not qualified
        {"mentor": "V1", "mentee": "N2"},   # 25 years of teaching: qualified
        {"mentor": "V1", "mentee": "N3"},   # second mentee: over max_mentees
        {"mentor": "N3", "mentee": "N4"},   # N3 both mentee and mentor
        {"mentor": "ZZ", "mentee": "N4"},   # not on the roster
    ]}
    ctx = make_context(PROGRAM, settings, MemoryRecords(DEFAULT_TERM).add(TEACHERS))
    problems = {(p.where, p.message) for p in PROGRAM.validate(ctx)}
    assert ("programs.shadow.pairs[0].mentor", "丁青年不符合导师条件") in problems
    assert not any(w == "programs.shadow.pairs[1].mentor" for w, _ in problems)
    assert any(w == "programs.shadow.pairs" and "超过上限" in m for w, m in problems)
    assert any("既是导师又是徒弟" in m for _, m in problems)
    assert ("programs.shadow.pairs[4].mentor", "不在教师名册中") in problems


def test_settings_errors_name_the_key() -> None:
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"max_mentees": 0})
    assert info.value.problems[0].where == "programs.shadow.max_mentees"
    with pytest.raises(ConfigError) as info:
        make_context(PROGRAM, {"pairs": [{"mentor": "M1"}]})
    assert info.value.problems[0].where == "programs.shadow.pairs[0].mentee"


def test_suggest_prefers_same_subject_then_group_and_balances_load() -> None:
    ctx = make_context(PROGRAM, {"max_mentees": 1, "pairs": [{"mentor": "M1", "mentee": "N1"}]},
                       MemoryRecords(DEFAULT_TERM).add(TEACHERS))
    result = {s.mentee.id: (s.mentor.id if s.mentor else None, s.reason)
              for s in suggest_pairs(ctx)}
    assert "N1" not in result  # already paired
    assert result["N2"][0] == "M2" and result["N2"][1].startswith("同学科")
    assert result["N3"][0] is None  # 数学组's only mentor M2 is now full (max 1)
    assert result["N4"] == (None, "没有同学科或同教研组、仍可带徒的导师")


def test_suggest_balances_load_and_falls_back_to_the_group() -> None:
    teachers = [
        Teacher("A1", "甲骨干", subject="语文", group="语文组", roles=("骨干教师",)),
        Teacher("A2", "乙骨干", subject="语文", group="语文组", roles=("骨干教师",)),
        Teacher("B1", "丙老教师", subject="数学", group="理科组", joined_year=1998),
        *(Teacher(f"N{i}", f"新人{i}", subject="语文", group="语文组", roles=("新教师",))
          for i in range(1, 5)),
        Teacher("S1", "科学新人", subject="科学", group="理科组", roles=("新教师",)),
    ]
    ctx = make_context(PROGRAM, {"pairs": [{"mentor": "A1", "mentee": "N1"}]},
                       MemoryRecords(DEFAULT_TERM).add(teachers))
    result = {s.mentee.id: (s.mentor.id if s.mentor else None, s.reason)
              for s in suggest_pairs(ctx)}
    # A1 already has N1, so A2 comes first; then both have one and A1 wins the tie by id;
    # then both are full (max_mentees 2)
    assert [result[n][0] for n in ("N2", "N3", "N4")] == ["A2", "A1", "A2"]
    assert result["N3"][1] == "同学科，导师现带徒 1 人"
    assert result["S1"] == ("B1", "同教研组，导师现带徒 0 人")  # no 科学 mentor; 25 years' teaching


def test_suggest_command_and_pairs_import(workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", '''name = "甲校"
[programs.shadow]
[data]
teachers = "teachers.csv"
''')
    workspace_builder.file("teachers.csv", "工号,姓名,学科,教研组,角色,入职年份\n"
                           "M1,甲导师,语文,语文组,骨干教师,2000\nN1,戊新人,语文,语文组,新教师,2020\n"
                           "N2,己新人,语文,语文组,新教师,2020\n")
    workspace_builder.file("pairs.csv", "导师工号,徒弟工号\nM1,N1\n")
    root = str(workspace_builder.root)
    runner = CliRunner()
    assert runner.invoke(cli, ["-w", root, "import", "teachers", str(workspace_builder.root /
                                                                    "teachers.csv"),
                               "--school", "a"]).exit_code == 0
    imported = runner.invoke(cli, ["-w", root, "import", "shadow.pairs",
                                   str(workspace_builder.root / "pairs.csv"), "--school", "a"])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(cli, ["-w", root, "shadow", "suggest", "--school", "a", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["mentee"], r["mentor"]) for r in rows] == [("N2", "M1")]
    table = runner.invoke(cli, ["-w", root, "shadow", "suggest", "--school", "a"])
    assert table.exit_code == 0, table.output
    assert "己新人（N2）" in table.output and "甲导师（M1）" in table.output


def test_check_locates_rule_problems_and_waits_for_a_roster(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district()
    workspace_builder.school("a", 'name = "甲校"\n[programs.shadow]\npairs = [\n'
                             '  { mentor = "N1", mentee = "N2" },\n]\n'
                             '[data]\nteachers = "teachers.csv"\n')
    workspace_builder.file("teachers.csv", "工号,姓名,角色,入职年份\n"
                           "N1,戊新人,新教师,2020\nN2,己新人,新教师,2020\n")
    root = str(workspace_builder.root)
    runner = CliRunner()
    before = runner.invoke(cli, ["-w", root, "check"])
    assert before.exit_code == 0 and "尚未导入教师名册：a" in before.output
    runner.invoke(cli, ["-w", root, "import", "teachers",
                        str(workspace_builder.root / "teachers.csv"), "--school", "a"])
    after = runner.invoke(cli, ["-w", root, "check"])
    assert after.exit_code == 1
    assert "schools/a.toml:4, programs.shadow.pairs[0].mentor: 戊新人不符合导师条件" in after.output
