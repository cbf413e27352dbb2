"""Regenerate the program files of the example schools (deterministic; synthetic data).

Reads what generate_core_data.py wrote (each school's teachers.csv, hexi2's activities.xlsx) and
writes the records of the programs the schools run besides those of generate_program_data.py:

* hexi2 (河西县第二小学, shaped on the 2017 seed): 师德建设 (shide), 公开课 score sheets
  (gongkaike), 模课-磨课-悟课 (mmw), 集体备课 (jtbk), 课题研究 (keti), 理论学习与个人发展规划
  (study) and 网络研修 (wangluo);
* chengnan (城南实验小学, the 2020 seed): 师德建设 (shide) and 集体备课 (jtbk), whose sessions are
  the core file's 师德学习 and 集体备课 rows.

    python configs/example/generate_school_programs.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import load_workbook

DATA = Path(__file__).resolve().parent / "data"
OUT = DATA / "hexi2"  # the school being written (main() sets it)
ACT_HEADER = ["编号", "项目", "类型", "主题", "日期", "开始时间", "结束时间", "地点", "主讲人", "负责人",
              "内容", "效果", "学时"]
ATT_HEADER = ["活动编号", "工号", "状态", "角色", "学时"]
ART_HEADER = ["工号", "类型", "标题", "提交日期", "项目", "得分"]
TERM_END = dt.date(2021, 8, 31)
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def write(name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    rows = list(rows)
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


def roster() -> list[dict[str, str]]:
    """The school's roster rows: hexi2's is GBK; chengnan's UTF-8 with a title row."""
    raw = (OUT / "teachers.csv").read_bytes()
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        lines = raw.decode("gbk").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("工号"))
    return list(csv.DictReader(lines[start:]))


def age_at_term_end(t: dict[str, str]) -> int:
    """Age on the term's last day: from 出生年月 (1985.03) or, without the month, 出生年份."""
    if "出生年月" in t:
        year, month = (int(x) for x in t["出生年月"].translate(FULL_WIDTH).split("."))
        return TERM_END.year - year - (1 if month > TERM_END.month else 0)
    return TERM_END.year - int(t["出生年份"])


def activities() -> list[tuple[object, ...]]:
    ws = load_workbook(OUT / "activities.xlsx", read_only=True).active
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if r and r[0]]


def day(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


# ---------------------------------------------------------------- 师德建设
def ethics(rng: random.Random, teachers: list[dict[str, str]]) -> None:
    """hexi2's 师德建设: four study sessions of its own, then the pledges and results."""
    sessions = [
        ("E01", "专题学习", "《新时代中小学教师职业行为十项准则》专题学习", dt.date(2020, 9, 16), "苏文清"),
        ("E02", "警示教育", "师德失范典型案例警示教育", dt.date(2020, 12, 9), "苏文清"),
        ("E03", "演讲交流", "“我身边的好老师”师德演讲会", dt.date(2021, 3, 17), "韩立德"),
        ("E04", "专题学习", "学习身边的师德典型", dt.date(2021, 5, 26), "韩立德"),
    ]
    acts, att = [], []
    for aid, kind, title, d, speaker in sessions:
        acts.append([aid, "shide", kind, title, d.isoformat(), "15:30", "17:00", "会议室", speaker,
                     "校长室", title, "全体教师参加并撰写心得", 2])
        for t in teachers:
            x = rng.random()
            att.append([aid, t["工号"], "出席" if x < 0.95 else ("请假" if x < 0.99 else "缺席"), "参加", ""])
    write("ethics_activities.csv", ACT_HEADER, acts)
    write("ethics_attendance.csv", ATT_HEADER, att)
    ethics_records(rng, teachers, unsigned={"X046", "X079"}, basic="X052", exemplars=[
        ["X001", "县师德标兵",
         "扎根乡村教学二十五年，结对帮扶三名青年教师，所带班级连续三年被评为县优秀班集体",
         "2021-05-20"],
        ["X033", "校师德先进个人", "长期利用课余时间为学困生义务辅导，家访覆盖全班学生", "2021-05-20"],
    ])


def ethics_records(rng: random.Random, teachers: list[dict[str, str]], *, unsigned: set[str],
                   basic: str, exemplars: list[list[str]]) -> None:
    """Pledges (but ``unsigned``), the 师德考核 (a fifth 优秀, ``basic`` 基本合格, the rest 合格) and
    the 师德典型."""
    ids = [t["工号"] for t in teachers]
    write("ethics_artifacts.csv", ART_HEADER,
          [[tid, "师德承诺书", "师德师风承诺书", "2020-09-16", "shide", ""] for tid in ids
           if tid not in unsigned])
    excellent = set(rng.sample([tid for tid in ids if tid != basic], len(ids) // 5))
    results = [[tid, "优秀" if tid in excellent else ("基本合格" if tid == basic else "合格"),
                "2021-06-25", ""] for tid in ids]
    write("ethics_results.csv", ["工号", "考核结果", "考核日期", "备注"], results)
    write("ethics_exemplars.csv", ["工号", "称号", "主要事迹", "评选日期"], exemplars)


# ---------------------------------------------------------------- 公开课评课
RUBRIC = (("教学目标", 10), ("教学内容", 20), ("教学方法", 20), ("信息技术应用", 20), ("教学效果", 30))
RATERS = ("苏文清", "教研组长", "骨干教师代表")


def lesson_scores(rng: random.Random, acts: list[tuple[object, ...]],
                  by_name: dict[str, dict[str, str]]) -> None:
    rows = []
    for a in acts:
        if a[1] != "gongkaike":
            continue
        t = by_name[str(a[8])]
        quality = min(0.98, max(0.62, rng.gauss(0.84, 0.07)))
        for rater in RATERS:
            items = [max(0, min(top, round(top * (quality + rng.uniform(-0.05, 0.05))))) for _, top in RUBRIC]
            rows.append([t["工号"], rater, day(a[4]).isoformat(), *items])
    write("gongkaike_scores.csv", ["授课教师工号", "评课人", "评课日期",
                                    *(name for name, _ in RUBRIC)], rows)


# ---------------------------------------------------------------- 模课-磨课-悟课
NO_LESSON = {"X026", "X072"}  # participants with no 课例 begun this year
def mo_mo_wu(rng: random.Random, teachers: list[dict[str, str]],
             acts: list[tuple[object, ...]]) -> None:
    participants = [t for t in teachers if t["学科"] in ("语文", "数学", "英语")]
    sessions: dict[str, list[dt.date]] = {}
    for a in acts:
        if a[1] == "jtbk":
            sessions.setdefault(str(a[9]), []).append(day(a[4]))
    models = [("M01", "X001", "语文", "《观潮》示范课", dt.date(2020, 10, 14)),
              ("M02", "X033", "数学", "《角的度量》示范课", dt.date(2020, 10, 15)),
              ("M03", "X049", "英语", "Unit 3 My friends 示范课", dt.date(2020, 10, 16))]
    acts_out, att = [], []
    for aid, tid, subject, title, d in models:
        teacher = next(t for t in teachers if t["工号"] == tid)
        acts_out.append([aid, "mmw", "示范课", title, d.isoformat(), "09:00", "09:40", "录播教室",
                         teacher["姓名"], "教导处", "骨干教师示范，全组听课模课", "课后交流", 1])
        att.append([aid, tid, "出席", "示范", ""])
        for t in participants:
            if (t["学科"] == subject and t["工号"] != tid and t["工号"] not in NO_LESSON
                    and rng.random() < 0.9):
                att.append([aid, t["工号"], "出席", "听课", ""])
    write("mmw_activities.csv", ACT_HEADER, acts_out)
    write("mmw_attendance.csv", ATT_HEADER, att)

    lessons = {"语文": ["《去年的树》", "《秋天的雨》", "《富饶的西沙群岛》", "《海滨小城》",
                      "快乐作文《我的乐园》"],
               "数学": ["《分数的初步认识》", "《长方形和正方形》", "《倍的认识》", "《多位数乘一位数》"],
               "英语": ["Unit 4 Family", "Unit 6 Happy birthday", "Unit 1 Welcome back"]}
    rounds, arts = [], []
    helped: set[tuple[str, str, dt.date]] = set()
    stuck_first = {"X006", "X014", "X036", "X052", "X058"}  # one 磨课 round, then nothing
    no_reflection = {"X020", "X044", "X060"}  # rounds done, the 悟课 reflection missing
    own = {t["工号"]: rng.choice(lessons[t["学科"]]) for t in participants if t["工号"] not in NO_LESSON}
    for t in participants:
        tid = t["工号"]
        if tid in NO_LESSON:
            continue
        group = f"{t['学科']}组"
        lesson = own[tid]
        dates = [d for d in sessions[group] if d >= dt.date(2020, 10, 20)]
        first = rng.randrange(0, 6)
        n_rounds = 1 if tid in stuck_first else rng.choice((2, 2, 3))
        # 辅备 helpers: group mates whose own 课例 is another one (a row names teacher + 课例)
        mates = [m for m in participants
                 if m["学科"] == t["学科"] and m["工号"] != tid and own.get(m["工号"]) != lesson]
        for k in range(n_rounds):
            d = dates[first + 2 * k]
            rounds.append([tid, lesson, k + 1, d.isoformat(), "主备",
                           "课堂教学视频" if k == 0 else f"第{k + 1}次试教教学实录"])
            for m in rng.sample(mates, 2):
                if (m["工号"], lesson, d) not in helped:  # one 辅备 row per helper, 课例 and day
                    helped.add((m["工号"], lesson, d))
                    rounds.append([m["工号"], lesson, k + 1, d.isoformat(), "辅备", ""])
        if tid in stuck_first or tid in no_reflection:
            continue
        done = dates[first + 2 * (n_rounds - 1)] + dt.timedelta(days=rng.randint(5, 20))
        arts.append([tid, "悟课反思", f"{lesson}悟课反思", done.isoformat(), "mmw", ""])
    write("mmw_rounds.csv", ["工号", "课例", "轮次", "日期", "角色", "佐证"], rounds)
    write("mmw_artifacts.csv", ART_HEADER, arts)


# ---------------------------------------------------------------- 集体备课「三步走」
def jiti_beike(rng: random.Random, teachers: list[dict[str, str]]) -> None:
    units = ["第一单元", "第二单元", "第三单元", "第四单元", "第五单元", "第六单元"]
    platform, steps = [], []
    for t in teachers:
        tid = t["工号"]
        done = 4 if rng.random() < 0.88 else rng.choice((2, 3))
        start = dt.date(2020, 9, 20)
        for k, unit in enumerate(units[:done]):
            d = start + dt.timedelta(days=21 * k + rng.randint(0, 6))
            if age_at_term_end(t) <= 35:
                for item in ("教学设计", "课件"):
                    platform.append([tid, f"{t['学科']}{unit}", d.isoformat(), item])
            else:
                for n, step in enumerate(("个人自备", "集体讨论", "个人复备")):
                    steps.append([tid, step, unit, (d + dt.timedelta(days=3 * n)).isoformat(), "jtbk", ""])
    write("jtbk_platform.csv", ["工号", "单元/课题", "提交日期", "资源类型"], platform)
    write("jtbk_artifacts.csv", ART_HEADER, steps)


# ---------------------------------------------------------------- 课题研究
def research(teachers: list[dict[str, str]]) -> None:
    write("keti_projects.csv", ["课题编号", "课题名称", "级别", "类别", "主持人工号", "成员工号", "立项日期",
                                "计划结题日期", "结题等级"], [
        ["HX2020-01", "分层教学下小学快乐作文研究", "县级", "县教育科学规划课题", "X001",
         "X003、X009、X012、X017、X021、X025", "2020-10-16", "2022-10-31", ""],
        ["HX2019-02", "分层教学的实践研究", "县级", "县教育科学规划课题", "X033", "X041、X042、X044、X047",
         "2019-06-12", "2021-06-30", "优良"],
        ["HX2019-05", "小学英语绘本阅读教学研究", "县级", "县教育科学规划课题", "X049", "X051、X053、X057",
         "2019-11-20", "2021-11-30", ""],
    ])
    write("keti_stages.csv", ["课题编号", "阶段", "日期", "佐证材料"], [
        ["HX2020-01", "开题", "2020-12-10", "开题报告"],
        ["HX2019-02", "开题", "2019-10-18", "开题报告"],
        ["HX2019-02", "中期", "2020-06-19", "中期评估报告"],
        ["HX2019-02", "结题", "2021-06-18", "结题鉴定书"],
        ["HX2019-05", "开题", "2020-03-20", "开题报告"],
        ["HX2019-05", "中期", "2021-05-20", "中期评估报告"],
    ])
    write("keti_artifacts.csv", ART_HEADER, [
        ["X001", "论文", "快乐作文：让每个层次的孩子都有话可写", "2021-04-20", "keti", ""],
        ["X003", "课例", "快乐作文课例《我的小伙伴》", "2020-12-18", "keti", ""],
        ["X009", "案例", "情境体验式作文教学案例", "2021-03-26", "keti", ""],
        ["X017", "课例", "游戏作文课《贴鼻子》", "2021-05-14", "keti", ""],
        ["X025", "论文", "分层评价在习作教学中的运用", "2021-06-11", "keti", ""],
        ["X033", "结题报告", "《分层教学的实践研究》结题报告", "2021-06-10", "keti", ""],
        ["X041", "论文", "小学数学分层作业的设计", "2020-11-27", "keti", ""],
        ["X042", "案例", "分层教学下的数学课堂提问", "2021-04-09", "keti", ""],
        ["X044", "课例", "分层教学课例《小数乘法》", "2021-03-19", "keti", ""],
        ["X049", "论文", "绘本阅读在英语课堂中的运用", "2021-01-08", "keti", ""],
        ["X053", "课例", "绘本阅读课例 Brown Bear", "2021-05-07", "keti", ""],
    ])


# ---------------------------------------------------------------- 理论学习与个人发展规划
def study(rng: random.Random, teachers: list[dict[str, str]]) -> None:
    notes, reviews = [], []
    for t in teachers:
        if rng.random() < 0.9:
            notes.append([t["工号"], "第二学期政治学习笔记", "2021-06-25", rng.randint(600, 3200)])
        if rng.random() < 0.85:
            reviews.append([t["工号"], "年度自查", "个人三年发展规划年度自查", "2021-06-28", "study", ""])
    write("study_notes.csv", ["工号", "笔记标题", "提交日期", "字数"], notes)
    write("study_artifacts.csv", ART_HEADER, reviews)


# = [programs.jtbk] sitting_leaders in schools/chengnan.toml: the 行政领导 who sit in on a 组
CHENGNAN_SITTING = {"语文组": "C007", "数学组": "C012", "英语组": "C009", "综合组": "C011"}


def sitting_leaders(rng: random.Random, leaders: dict[str, str]) -> None:
    """The 蹲点 leaders' attendance at their 组's 集体备课 (about two sessions in three)."""
    with (OUT / "activities.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    col = {name: header.index(name) for name in ("编号", "项目", "负责人")}
    att = [[r[col["编号"]], leaders[r[col["负责人"]]], "出席", "蹲点", ""]
           for r in rows[1:] if r[col["项目"]] == "jtbk" and rng.random() < 0.67]
    write("jtbk_attendance.csv", ATT_HEADER, att)


# ---------------------------------------------------------------- 网络研修
ONLINE_COURSES = [("新课标下的大单元教学", "通识", 4), ("信息技术与学科教学深度融合", "专业", 6),
                  ("分层教学的设计与实施", "专业", 4), ("新时代师德修养", "师德", 3),
                  ("小学生心理健康教育", "通识", 3), ("作业设计与评价", "专业", 4),
                  ("课堂观察与评课", "专业", 3), ("班主任工作艺术", "通识", 4)]


def online(rng: random.Random, teachers: list[dict[str, str]]) -> None:
    """A platform export: most teachers complete 3–5 courses (a few more than the yearly cap, a
    few fewer than required), one course each still 学习中 for some."""
    rows = []
    n = 0
    for t in teachers:
        roll = rng.random()
        count = 1 if roll < 0.06 else (6 if roll > 0.94 else rng.randint(3, 5))
        for course, category, hours in rng.sample(ONLINE_COURSES, count):
            n += 1
            day = dt.date(2020, 10, 1) + dt.timedelta(days=rng.randint(0, 250))
            done = rng.random() > 0.04
            rows.append([n, t["工号"], t["姓名"], course, category, hours, day.isoformat(),
                         f"WX{day.year}-{n:04d}" if done else "", "已完成" if done else "学习中"])
    write("wangluo_courses.csv", ["序号", "工号", "姓名", "课程名称", "课程类别", "学时", "完成时间",
                                  "证书编号", "完成状态"], rows)


def main() -> None:
    global OUT
    OUT = DATA / "hexi2"
    teachers = roster()
    acts = activities()
    by_name = {t["姓名"]: t for t in teachers}
    ethics(random.Random(1), teachers)
    lesson_scores(random.Random(2), acts, by_name)
    mo_mo_wu(random.Random(3), teachers, acts)
    jiti_beike(random.Random(4), teachers)
    research(teachers)
    study(random.Random(6), teachers)
    online(random.Random(7), teachers)

    OUT = DATA / "chengnan"
    teachers = roster()
    ethics_records(random.Random(21), teachers, unsigned={"C058"}, basic="", exemplars=[
        ["C001", "区师德标兵", "主持童化作文工作室，十余年坚持为每位学生写成长评语", "2021-05-18"],
        ["C006", "校师德先进个人", "带病坚持上课，利用课余时间辅导学困生", "2021-05-18"],
    ])
    jiti_beike(random.Random(22), teachers)
    sitting_leaders(random.Random(23), CHENGNAN_SITTING)


if __name__ == "__main__":
    main()
