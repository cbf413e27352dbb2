"""A school's 研修方案 ([plan]) and targets ([[targets]]): validation at key and line, the actuals
computed on the example (checked against numbers computed here from the spreadsheets), and
目标达成情况 / 存在的问题 in the 总结."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from test_cli_e2e import (
    MINUTES_PER_HOUR,
    REQUIRED_MINUTES,
    hexi2_minutes,
    read_csv,
    school_records,
)

from yanxiu_core import App
from yanxiu_core.config import EvaluationPolicy, load_workspace_config
from yanxiu_core.errors import ConfigError
from yanxiu_core.evaluation import evaluate
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.memory_records import MemoryRecords
from yanxiu_core.model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    Award,
    ProgramInstance,
    School,
    Teacher,
    Term,
)
from yanxiu_core.program import Figure
from yanxiu_core.renderers.markdown import render_markdown
from yanxiu_core.report.builder import build_report
from yanxiu_core.report.facts import Facts
from yanxiu_core.report.settings import OutlineItem, ReportSettings
from yanxiu_core.report.templates import make_text_renderer
from yanxiu_core.targets import (
    Target,
    TargetInputs,
    TargetResult,
    TargetStatus,
    evaluate_targets,
)
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder
from yanxiu_core.vocabulary import normalize_level

SCHOOL = 'name = "甲校"\n'


def load_problems(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_workspace_config(root)
    return [str(p) for p in info.value.problems]


def school_file(builder: WorkspaceBuilder, text: str, district: str = DISTRICT_TOML) -> Path:
    builder.district(district)
    return builder.school("a", SCHOOL + text)


# --- config -------------------------------------------------------------------------------------

PLAN = """
[plan]
theme = "聚焦学生核心素养  深化课堂教学改革"
guiding = "以区进修学校校本研修思路为指导。"
aims = ["打造一支业务精良的教师队伍", "教研组活动规范化"]
measures = ["领导小组每月检查一次研修记录"]
date = 2020-09-01

[plan.organisation]
leading_group = [
  { role = "组长", name = "韩立德", post = "校长" },
  { role = "成员", teacher = ["T01", "T02"], post = "教研组长" },
]
network = [
  { level = "第一责任人", post = "校长", name = "韩立德" },
  { level = "实施者", post = "全体教师" },
]

[[targets]]
title = "市级骨干教师不少于3人"
metric = "teachers"
where = { backbone_level = "市" }
min = 3

[[targets]]
metric = "hours_met_share"
min = 0.9

[[targets]]
metric = "teachers"
where = { title_grade = "中级及以上", education = ["本科及以上"] }
min = 1
max = 3
due = 2023
"""


def test_plan_and_targets_are_read(workspace_builder: WorkspaceBuilder) -> None:
    school_file(workspace_builder, PLAN)
    plan = load_workspace_config(workspace_builder.root).schools["a"].plan
    assert plan.theme == "聚焦学生核心素养 深化课堂教学改革"
    assert plan.aims == ("打造一支业务精良的教师队伍", "教研组活动规范化")
    assert plan.date == dt.date(2020, 9, 1)
    leader, members = plan.leading_group
    assert (leader.role, leader.names, leader.post) == ("组长", ("韩立德",), "校长")
    assert members.teachers == ("T01", "T02") and members.line == 13
    assert [m.role for m in plan.network] == ["第一责任人", "实施者"]
    first, share, multi = plan.targets
    assert first.where == {"backbone_level": ("市级",)} and first.min == 3
    assert (first.file, first.key, first.line) == ("schools/a.toml", "targets[0]", 20)
    assert share.metric == "hours_met_share" and share.min == 0.9
    assert multi.where == {"title_grade": ("中级及以上",), "education": ("本科及以上",)}
    assert (multi.min, multi.max, multi.due) == (1, 3, 2023)
    assert plan.written


def test_no_plan_is_not_written_and_district_targets_alone_do_not_write_it(
        workspace_builder: WorkspaceBuilder) -> None:
    school_file(workspace_builder, "", DISTRICT_TOML + '\n[[targets]]\nmetric = "hours_mean"\n'
                                                      "min = 72\n")
    cfg = load_workspace_config(workspace_builder.root)
    plan = cfg.schools["a"].plan
    assert not plan.written
    (target,) = cfg.schools["a"].targets
    assert target.district and target.file == "yanxiu.toml" and target.line == 8
    assert cfg.district.targets == (target,)


@pytest.mark.parametrize(("text", "where", "line", "words"), [
    ('[[targets]]\nmetric = "teacher"\nmin = 3\n', "targets[0].metric", 3,
     ["未知的指标", "'teachers'", "hours_met_share"]),
    ('[[targets]]\nmetric = "teachers"\nwhere = { backbone = "市级" }\nmin = 3\n',
     "targets[0].where.backbone", 4, ["没有这个筛选条件", "'backbone_level'"]),
    ('[[targets]]\nmetric = "teachers"\nwhere = { backbone_level = "市骨干x" }\nmin = 3\n',
     "targets[0].where.backbone_level", 4, ["无法识别的值", "市级及以上"]),
    ('[[targets]]\nmetric = "teachers"\nmin = 5\nmax = 3\n', "targets[0].min", 4,
     ["min 大于 max"]),
    ('[[targets]]\nmetric = "participation"\nmin = 95\n', "targets[0].min", 4,
     ["超出范围", "0.95"]),
    ('[[targets]]\nmetric = "teachers"\n', "targets[0]", 2, ["目标没有界限"]),
    ('[[targets]]\nmetric = "teachers"\nequals = 2\nmin = 1\n', "targets[0].equals", 4,
     ["不能与 min、max 同时使用"]),
    ('[[targets]]\nmetric = "grade_share"\nmin = 0.3\n', "targets[0].where", 2,
     ["需要筛选条件 grade"]),
    ('[[targets]]\nmetric = "grade_share"\nwhere = { grade = "优" }\nmin = 0.3\n',
     "targets[0].where.grade", 4, ["无法识别的值", "'优秀'"]),
    ('[[targets]]\nmetric = "program"\nfigure = "lectur.held"\nmin = 3\n', "targets[0].figure", 4,
     ["没有启用编号为 'lectur' 的项目"]),
    ('[[targets]]\nmetric = "hours_mean"\nfigure = "a.b"\nmin = 3\n', "targets[0].figure", 4,
     ["只有 metric = \"program\""]),
    ('[[targets]]\nmetric = "teachers"\nmin = 3\ndue = "2023"\n', "targets[0].due", 5,
     ["类型不对"]),
    ('[[targets]]\nmetric = "teachers"\nmni = 3\n', "targets[0].mni", 4, ["'min'"]),
    ('[plan]\nthem = "x"\n', "plan.them", 3, ["'theme'"]),
    ('[plan.organisation]\nleading_group = [{ role = "组长" }]\n',
     "plan.organisation.leading_group[0]", 3, ["没有写人"]),
    ('[plan.organisation]\nnetwork = [{ post = "校长" }]\n',
     "plan.organisation.network[0].level", 3, ["缺少 level"]),
])
def test_errors_name_file_key_and_line(workspace_builder: WorkspaceBuilder, text: str,
                                       where: str, line: int, words: list[str]) -> None:
    school_file(workspace_builder, text)
    problems = load_problems(workspace_builder.root)
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.startswith(f"schools/a.toml:{line}, {where}: "), problem
    for word in words:
        assert word in problem, problem


def test_a_district_target_error_points_at_the_district_file(
        workspace_builder: WorkspaceBuilder) -> None:
    workspace_builder.district(DISTRICT_TOML + '\n[[targets]]\nmetric = "hours_mean"\nmin = -1\n')
    workspace_builder.school("a", SCHOOL)
    (problem,) = load_problems(workspace_builder.root)
    assert problem.startswith("yanxiu.toml:10, targets[0].min: 超出范围")


# --- actuals on the example, checked against the spreadsheets ------------------------------------

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> App:
    root = tmp_path_factory.mktemp("ws") / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("*.db"))
    app = App(root=root)
    for sid in app.school_ids():
        app.import_configured(sid)
    return app


def by_title(results: list[TargetResult]) -> dict[str, TargetResult]:
    return {r.title: r for r in results}


def half_up(value: float | Decimal) -> str:
    """One decimal, rounded half up as the summary rounds (86.25 → 86.3)."""
    return f"{Decimal(str(value)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):.1f}"


def pct(part: int, whole: int) -> str:
    return half_up(Decimal(100 * part) / Decimal(whole)) + "%"


def in_term(day: str) -> bool:
    return "2020-09-01" <= day.replace("/", "-")[:10] <= "2021-08-31"


def test_hexi2_actuals_equal_the_spreadsheets(example: App) -> None:
    data = example.root / "data" / "hexi2"
    teachers = read_csv(data / "teachers.csv")
    activities, attendance = school_records(example.root, "hexi2")
    minutes = hexi2_minutes(example.root)
    n = len(teachers)
    attended = {r["工号"] for r in attendance if r["状态"] not in ("请假", "缺席")}
    hours = [round(minutes.get(t["工号"], 0) / MINUTES_PER_HOUR, 1) for t in teachers]
    met = sum(1 for t in teachers if minutes.get(t["工号"], 0) >= REQUIRED_MINUTES)
    city = sum(1 for t in teachers if any(w in t["骨干级别"] for w in ("市级", "省级", "国家级")))

    found = by_title(example.targets("hexi2"))
    assert found["全员参培，参训率不低于95%"].actual_text == pct(len(attended), n)
    mean = found["教师人均研修学时不少于72学时"]
    assert mean.actual_text == half_up(Decimal(str(sum(hours))) / n) + "学时"
    assert mean.status is TargetStatus.MET
    share = found["教师学时达标率不低于90%"]  # no title in the file: the core wrote this one
    assert share.actual_text == pct(met, n) == "100.0%"
    assert share.status is TargetStatus.MET
    # a program's figure: participants (语文、数学、英语 teachers) with a completed cycle — in the
    # example data exactly those who handed in a 悟课 reflection
    cycles = found["参与教师完成“模课—磨课—悟课”三部式的比例不低于90%"]
    participants = [t for t in teachers if t["学科"] in ("语文", "数学", "英语")]
    completed = {r["工号"] for r in read_csv(data / "mmw_artifacts.csv") if r["类型"] == "悟课反思"}
    assert cycles.actual_text == pct(len(completed), len(participants)) == "86.2%"
    assert cycles.status is TargetStatus.UNMET
    lessons = found["全员性公开课不少于50节"]
    assert lessons.actual_text == f"{sum(1 for a in activities if a['类型'] == '公开课')}次"
    assert lessons.status is TargetStatus.MET
    backbone = found["三年内市级及以上骨干教师不少于3人"]
    assert backbone.actual_text == f"{city}人" and city < 3
    assert backbone.status is TargetStatus.IN_PROGRESS  # due 2023, the term ends 2021
    assert backbone.status_text == "进行中（期限2023年）"


def test_chengnan_actuals_equal_the_spreadsheets(example: App) -> None:
    data = example.root / "data" / "chengnan"
    teachers = read_csv(data / "teachers.csv")
    levels = [normalize_level(t["骨干级别"]) for t in teachers]
    lectures = [a for a in read_csv(data / "lecture_activities.csv") if in_term(a["日期"])]
    outputs = read_csv(data / "workshop_artifacts.csv")
    awards = [a for a in read_csv(data / "awards.csv") if in_term(a["获奖日期"])]
    high_awards = sum(1 for a in awards if normalize_level(a["级别"]) in ("国家级", "省级", "市级"))

    found = by_title(example.targets("chengnan"))
    assert found["市级及以上骨干教师不少于4人"].actual_text == \
        f"{sum(lv in ('国家级', '省级', '市级') for lv in levels)}人"
    assert found["城南大讲堂全年举行不少于16场"].actual_text == f"{len(lectures)}场"
    assert found["童化作文工作室全年成果不少于20项"].actual_text == f"{len(outputs)}项"
    assert found["市级及以上获奖不少于5项"].actual_text == f"{high_awards}项"
    pairs = found["10对师徒全部完成结对任务"]
    assert (pairs.actual_text, pairs.status) == ("8对", TargetStatus.UNMET)
    grades = dict(example.evaluate("chengnan").grade_distribution())
    excellent = found["教师考核优秀率不低于40%"]  # written by the core from grade = "优秀"
    assert excellent.actual_text == pct(grades["优秀"], len(teachers))
    county = found["三年内区县级及以上骨干教师达到15人"]
    assert county.actual_text == f"{sum(lv in ('国家级', '省级', '市级', '区县级') for lv in levels)}人"
    assert county.status is TargetStatus.IN_PROGRESS
    assert not example.failures


def test_the_unmet_targets_are_in_the_summary_and_its_problems(example: App) -> None:
    # a title with quotes of its own is quoted with single inner quotes in the prose
    for sid, title, said, actual in (
            ("hexi2", "参与教师完成“模课—磨课—悟课”三部式的比例不低于90%",
             "“参与教师完成‘模课—磨课—悟课’三部式的比例不低于90%”", "86.2%"),
            ("chengnan", "10对师徒全部完成结对任务", "“10对师徒全部完成结对任务”", "8对")):
        md = render_markdown(example.report(sid))
        targets = md.split("## 四、目标达成情况\n", 1)[1].split("\n## 五、存在的问题\n", 1)
        assert f"| {title} | {actual} | 未达成 |" in targets[0]
        assert f"未达成1项（{said}）" in targets[0]
        problems = targets[1].split("\n## 六、下步打算\n", 1)[0]
        assert f"- 研修目标{said}未达成，实际为{actual}。" in problems
        assert "进行中（期限2023年）" in targets[0]
        assert "进行中" not in problems  # a target not yet due is not a problem


def test_check_passes_on_the_example(example: App) -> None:
    assert example.check() == []


def test_check_names_an_unknown_program_figure_and_roster_id(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("ws") / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("*.db"))
    path = root / "schools" / "chengnan.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('figure = "tonghua.outputs"', 'figure = "tonghua.output"')
    text = text.replace('teacher = ["C001", "C006", "C010", "C016"], post = "教研组长" }',
                        'teacher = ["C0O1", "林文博"], post = "教研组长" }')
    path.write_text(text, encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "tonghua.output\"" in s)
    member = next(i for i, s in enumerate(text.splitlines(), 1) if "C0O1" in s)
    app = App(root=root)
    app.import_configured("chengnan")
    problems = [str(p) for p in app.check("chengnan")]
    assert len(problems) == 3, problems
    figure = next(p for p in problems if "tonghua.output'" in p)
    assert figure.startswith(f"schools/chengnan.toml:{line}, targets[3].figure: ")
    assert "项目 'tonghua' 没有名为 'output' 的数字（您是否想写 'tonghua.outputs'？）" in figure
    assert "tonghua.meetings" in figure and "tonghua.outputs_论文" in figure  # the known ones
    roster = [p for p in problems if "教师名册中没有工号" in p]
    assert all(p.startswith(f"schools/chengnan.toml:{member}, plan.organisation.leading_group[2]"
                            ".teacher: ") for p in roster)
    assert any("教师名册中没有工号 'C0O1'" in p for p in roster)
    assert any("林文博 是姓名？其工号为 'C001'" in p for p in roster)


# --- metrics on made-up records -----------------------------------------------------------------

TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
HOURS = HoursPolicy(required_hours=2)  # 90 minutes


def small_records() -> MemoryRecords:
    teachers = [
        Teacher("T1", "甲", birth_year=1990, subject="语文", title="一级教师", education="本科",
                roles=("青年教师",), backbone_level="市级"),
        Teacher("T2", "乙", birth_year=1975, subject="数学", title="高级教师", education="硕士",
                roles=("骨干教师",), backbone_level="省级"),
        Teacher("T3", "丙", birth_year=1998, subject="语文", title="二级教师", education="大专",
                roles=("新教师", "青年教师")),
        Teacher("T4", "丁", birth_year=1980, subject="英语", title="", education="本科",
                roles=("骨干教师",)),
    ]
    acts = [Activity("A1", "公开课", "课一", dt.datetime(2020, 10, 8, 9), minutes=90),
            Activity("A2", "讲座", "讲一", dt.datetime(2020, 11, 8, 9), minutes=45, program="p1")]
    rows = [Attendance("A1", "T1"), Attendance("A2", "T1"), Attendance("A1", "T2"),
            Attendance("A2", "T2", AttendanceStatus.ABSENT), Attendance("A1", "T3",
                                                                       AttendanceStatus.EXCUSED)]
    awards = [Award(1, "市优质课", "市级", dt.date(2021, 3, 1), "一等奖", teacher_id="T1"),
              Award(2, "省论文", "省级", dt.date(2021, 4, 1), "二等奖", teacher_id="T1"),
              Award(3, "区先进集体", "区县级", dt.date(2021, 5, 1), holder="学校")]
    arts = [Artifact(1, "T1", "论文", "论文一", dt.date(2021, 1, 1)),
            Artifact(2, "T3", "论文", "论文二", dt.date(2021, 1, 2)),
            Artifact(3, "T3", "教案", "教案一", dt.date(2021, 1, 3))]
    scores = [Assessment(1, "T1", "期末", 95), Assessment(2, "T2", "期末", 85),
              Assessment(3, "T3", "期末", 70)]
    return MemoryRecords(TERM).add(teachers, acts, rows, arts, scores, awards)


def judged(*targets: Target, figures: dict[str, Figure] | None = None) -> list[TargetResult]:
    records = small_records()
    policy = EvaluationPolicy()
    inputs = TargetInputs(Facts.read(records, HOURS), records, TERM,
                          evaluate(records, policy, HOURS), figures or {},
                          (ProgramInstance("p1", "talks", "读书讲坛", None),))
    return evaluate_targets(targets, inputs)


@pytest.mark.parametrize(("target", "actual", "title"), [
    (Target("teachers", where={"backbone_level": ("市级及以上",)}, min=2), "2人",
     "市级及以上骨干教师人数不少于2人"),
    (Target("teachers", where={"backbone_level": ("各级",)}, min=2), "3人",
     "各级骨干教师人数不少于2人"),
    (Target("teachers", where={"title_grade": ("中级及以上",)}, min=2), "2人",
     "中级及以上职称教师人数不少于2人"),
    (Target("teachers_share", where={"education": ("本科及以上",)}, min=0.75), "75.0%",
     "本科及以上学历教师占专任教师的比例不低于75%"),
    (Target("teachers", where={"role": ("青年教师",), "max_age": 35}, equals=2), "2人",
     "35岁及以下青年教师人数为2人"),
    (Target("participation", min=0.5), "50.0%", "教师参训率不低于50%"),
    (Target("attendance_rate", where={"subject": ("语文",)}, min=0.5), "66.7%",
     "语文教师研修活动出勤率不低于50%"),
    (Target("hours_total", min=3), "5.0学时", "教师累计研修学时不少于3学时"),
    (Target("hours_mean", where={"role": ("青年教师",)}, min=1), "1.5学时",
     "青年教师人均研修学时不少于1学时"),
    (Target("hours_met", min=1, max=3), "2人", "教师学时达标人数为1至3人"),
    (Target("hours_met_share", max=0.5), "50.0%", "教师学时达标率不高于50%"),
    (Target("grade_count", where={"grade": ("良好及以上",)}, min=1), "1人",
     "教师考核良好及以上人数不少于1人"),  # T1 良好 86.0, T2 合格, T3 不合格, T4 未评定
    (Target("grade_share", where={"grade": ("未评定",)}, max=0.25), "25.0%",
     "教师考核未评定率不高于25%"),
    (Target("score_mean", min=60), "61.3分", "教师考核总评平均分不低于60分"),  # (86+70+28)/3
    (Target("activities", where={"kind": ("公开课",)}, min=1), "1次", "公开课次数不少于1次"),
    (Target("activities", where={"program": ("全校",)}, min=1), "1次", "全校研修活动次数不少于1次"),
    (Target("awards", where={"level": ("市级及以上",)}, min=2), "2项", "市级及以上获奖项数不少于2项"),
    (Target("awards", where={"scope": ("集体",)}, min=1), "1项", "集体获奖项数不少于1项"),
    (Target("award_teachers", where={"rank": ("一等奖",)}, min=1), "1人",
     "一等奖获奖教师人数不少于1人"),
    (Target("artifacts", where={"kind": ("论文",)}, min=2), "2项", "论文数量不少于2项"),
])
def test_each_metric_is_met_on_made_up_records(target: Target, actual: str, title: str) -> None:
    (result,) = judged(target)
    assert (result.actual_text, result.title) == (actual, title)
    assert result.status is TargetStatus.MET


def test_unmet_in_progress_and_unknown() -> None:
    figure = Figure("held", "已举行", 3, "场")
    unmet, due_later, due_date, program, missing, other = judged(
        Target("teachers", title="骨干教师不少于5人", where={"role": ("骨干教师",)}, min=5),
        Target("teachers", where={"role": ("骨干教师",)}, min=5, due=2023),
        Target("teachers", where={"role": ("骨干教师",)}, min=5, due=dt.date(2021, 8, 31)),
        Target("program", figure="p1.held", min=4),
        Target("program", figure="p1.gone", min=4),
        Target("program", figure="p9.held", min=4),
        figures={"p1.held": figure})
    assert (unmet.title, unmet.actual_text, unmet.status) == ("骨干教师不少于5人", "2人",
                                                             TargetStatus.UNMET)
    assert due_later.status is TargetStatus.IN_PROGRESS
    assert due_later.status_text == "进行中（期限2023年）"
    assert due_date.status is TargetStatus.UNMET  # due on the term's last day
    assert (program.title, program.actual_text, program.status) == (
        "读书讲坛已举行不少于4场", "3场", TargetStatus.UNMET)
    assert (missing.status, missing.actual_text) == (TargetStatus.UNKNOWN, "-")
    assert "没有给出 'gone'" in missing.reason
    assert other.status is TargetStatus.UNKNOWN and "未启用" in other.reason


def test_a_share_figure_is_compared_as_shown() -> None:
    (result,) = judged(Target("program", figure="p1.rate", min=0.9),
                       figures={"p1.rate": Figure("rate", "出勤率", 0.89996, "%")})
    assert (result.actual_text, result.status) == ("90.0%", TargetStatus.MET)


# --- the summary's part -------------------------------------------------------------------------

def summary(targets: list[TargetResult], outline: tuple[OutlineItem, ...] | None = None) -> str:
    records = small_records()
    policy = EvaluationPolicy()
    settings = ReportSettings() if outline is None else ReportSettings(outline=outline)
    report = build_report(
        school=School("a", "甲校"), district_name="示范区", term=TERM, records=records,
        evaluation=evaluate(records, policy, HOURS), hours=HOURS, policy=policy, programs=(),
        program_sections=(), findings=(), text=make_text_renderer(None), settings=settings,
        targets=targets)
    return render_markdown(report)


def headings(md: str) -> list[str]:
    return [line[3:] for line in md.splitlines() if line.startswith("## ") and "附表" not in line]


def test_no_targets_no_heading_and_an_unplaced_part_comes_before_the_problems() -> None:
    assert "目标达成情况" not in summary([])
    results = judged(Target("hours_met_share", min=0.9))
    assert headings(summary(results)) == ["一、基本情况", "二、具体工作与成效", "三、考核评价",
                                          "四、目标达成情况", "五、存在的问题", "六、下步打算"]
    district = (OutlineItem("基本情况", ("basics",)), OutlineItem("存在问题", ("problems",)),
                OutlineItem("下步打算", ("next_steps",)))
    md = summary(results, district)
    assert headings(md) == ["一、基本情况", "二、目标达成情况", "三、存在问题", "四、下步打算"]
    assert "- 研修目标“教师学时达标率不低于90%”未达成，实际为50.0%。" in md
    shared = (OutlineItem("基本情况", ("basics",)), OutlineItem("成效", ("evaluation", "targets")),
              OutlineItem("存在问题", ("problems",)))
    assert "### （二）目标达成情况" in summary(results, shared)
    assert "### （二）" not in summary([], shared)
