"""Regenerate the core (program-independent) data files of the example workspace.

Synthetic data shaped on the two seed summaries: made-up teacher names, fixed random seed, so the
files are reproducible. Program plugins' example files (``<program>_*.csv``) are written by hand or
by their own generators and are not touched here.

    python configs/example/generate_core_data.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

SURNAMES = "林周陈赵孙钱吴郑王冯何许张李刘杨黄朱胡高罗梁宋唐韩曹邓萧田董潘袁蔡蒋余杜叶程苏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "文博若曦立新静怡明远晓燕建国雅琴海涛丽君志强慧敏佳怡子涵思远雨桐浩然欣妍梓轩诗琪宇航梦瑶俊杰婉清天佑嘉琪睿哲语嫣晨阳可馨泽宇雪松逸凡书瑶景行若兰家豪秋实"
# Names that appear in the seed documents: never generate them.
FORBIDDEN = {"隋艳", "高聪慧", "魏佳宁", "孙轶群", "王艳巍", "丛晓伟", "于立红", "郭艳红", "刘金焕", "吴勇"}
CHENGNAN_MASTERS = ["林文博", "周若曦", "陈立新", "赵静怡", "孙明远", "钱晓燕",
                    "吴建国", "郑雅琴", "王海涛", "冯丽君", "何志强", "许慧敏"]


def make_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        if name not in taken and name not in FORBIDDEN:
            taken.add(name)
            names.append(name)
    return names


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
              encoding: str = "utf-8", title: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        if title:
            w.writerow([title])
        w.writerow(header)
        w.writerows(rows)


TEACHER_HEADER = ["工号", "姓名", "性别", "出生年份", "学科", "教研组", "职称", "角色", "入职年份"]
CHENGNAN_HEADER = [*TEACHER_HEADER, "学历", "骨干级别", "专业对口"]
# hexi2 writes 出生年月 (1985.03) and 教龄 instead of 出生年份 and 入职年份, as many rosters do.
HEXI2_HEADER = ["工号", "姓名", "性别", "出生年月", "学科", "教研组", "职称", "角色", "教龄", "学历",
                "骨干级别"]
TERM_YEAR = 2020  # the example district's 2020学年: 教龄 counts to it
GROUP_OF = {"语文": "语文组", "数学": "数学组", "英语": "英语组"}


def group_of(subject: str) -> str:
    return GROUP_OF.get(subject, "综合组")


# ---------------------------------------------------------------- chengnan (2020 seed)
def chengnan_teachers(rng: random.Random) -> list[list[object]]:
    taken = set(CHENGNAN_MASTERS)
    rows: list[list[object]] = []
    masters_subject = ["语文"] * 5 + ["数学"] * 4 + ["英语"] * 3
    for i, name in enumerate(CHENGNAN_MASTERS, start=1):
        subject = masters_subject[i - 1]
        joined = 1995 + (i * 13) % 14
        rows.append([f"C{i:03d}", name, rng.choice("男女"), joined - 22, subject, group_of(subject),
                     "高级教师", "骨干教师", joined])
    young = make_names(rng, 18, taken)
    cycle = ["语文", "数学", "英语", "科学"]
    for k, name in enumerate(young):
        i = 13 + k
        subject = cycle[k % 4]
        joined = 2012 + k % 7
        rows.append([f"C{i:03d}", name, rng.choice("女女男"), joined - 23, subject, group_of(subject),
                     "一级教师" if joined < 2016 else "二级教师", "青年教师", joined])
    new = make_names(rng, 10, taken)
    new_subjects = ["语文"] * 4 + ["数学"] * 3 + ["英语"] * 3
    for k, name in enumerate(new):
        i = 31 + k
        joined = 2019 + k % 2
        rows.append([f"C{i:03d}", name, rng.choice("女女男"), joined - 23, new_subjects[k],
                     group_of(new_subjects[k]), "未定级", "新教师、青年教师", joined])
    others = make_names(rng, 20, taken)
    other_subjects = ["音乐", "体育", "美术", "科学", "道德与法治"]
    for k, name in enumerate(others):
        i = 41 + k
        joined = 1990 + k
        subject = other_subjects[k % 5]
        rows.append([f"C{i:03d}", name, rng.choice("男女"), joined - 22, subject, "综合组",
                     "一级教师" if k % 3 else "高级教师", "", joined])
    return rows


# 骨干级别 of chengnan's 12 骨干教师 (C001 … C012): 1 省级, 3 市级, 6 区县级, 2 校级.
CHENGNAN_BACKBONE = ["省级", "市级", "市级", "市级", "区县级", "区县级", "区级", "区县级", "区县级",
                     "县级", "校级", "校级"]


def chengnan_profile(teachers: list[list[object]]) -> list[list[object]]:
    """The roster rows with 学历, 骨干级别 and 专业对口 appended. A generator of their own, so that
    every other figure of the example stays as it was before these columns existed."""
    rng = random.Random(520)
    rows: list[list[object]] = []
    for k, t in enumerate(teachers):
        joined = int(str(t[8]))
        if joined < 1995:
            education = rng.choice(["中师", "大专", "本科（函授）"])
        elif joined < 2005:
            education = rng.choice(["大专", "本科", "本科（函授）", "本科"])
        else:
            education = rng.choice(["本科", "本科", "本科", "硕士研究生"])
        backbone = CHENGNAN_BACKBONE[k] if k < len(CHENGNAN_BACKBONE) else ""
        matched = "否" if t[4] in ("科学", "道德与法治") and rng.random() < 0.6 else (
            "是" if rng.random() < 0.93 else "否")
        rows.append([*t, education, backbone, matched])
    return rows


HOLIDAYS = {dt.date(2020, 10, d) for d in (1, 2, 5, 6, 7)} | {
    dt.date(2021, 1, 1), dt.date(2021, 4, 5), dt.date(2021, 5, 3), dt.date(2021, 5, 4),
    dt.date(2021, 5, 5), dt.date(2021, 6, 14)}
WINTER_BREAK = (dt.date(2021, 1, 25), dt.date(2021, 2, 28))


def school_day(day: dt.date) -> bool:
    return day not in HOLIDAYS and not WINTER_BREAK[0] <= day <= WINTER_BREAK[1]


def fortnightly(start: dt.date, count: int, skip: Iterable[dt.date] = ()) -> list[dt.date]:
    """``count`` dates two weeks apart from ``start``, passing over holidays and the break."""
    days: list[dt.date] = []
    day, skipped = start, set(skip)
    while len(days) < count:
        if day not in skipped and school_day(day):
            days.append(day)
        day += dt.timedelta(days=14)
    return days


SEMESTER_1 = (dt.date(2020, 9, 7), dt.date(2021, 1, 15))
SEMESTER_2 = (dt.date(2021, 3, 1), dt.date(2021, 6, 30))


# chengnan's 师德学习 and 集体备课 belong to its programs shide (ethics) and jtbk (jiti_beike).
CHENGNAN_PROGRAM_OF = {"师德学习": "shide", "集体备课": "jtbk"}


def chengnan_core(rng: random.Random, teachers: list[list[object]]) -> None:
    ids = [str(t[0]) for t in teachers]
    activities: list[list[object]] = []
    attendance: list[list[object]] = []

    def add(aid: str, kind: str, title: str, day: dt.date, start: str, end: str, place: str,
            speaker: str, leader: str, content: str, effect: str, hours: str,
            who: Sequence[str], role: str = "参加") -> None:
        project = CHENGNAN_PROGRAM_OF.get(kind, "")
        activities.append([aid, project, kind, title, day.isoformat(), start, end, place, speaker,
                           leader, content, effect, hours])
        for tid in who:
            roll = rng.random()
            status = "出席" if roll < 0.9 else ("迟到" if roll < 0.94 else ("请假" if roll < 0.98 else "缺席"))
            attendance.append([aid, tid, status, role, ""])

    # 师德建设 and 理论学习: monthly whole-staff study (Mondays), 2 学时 each.
    topics = ["廉洁从教师德主题学习", "新时代教师职业行为十项准则", "关爱学生典型事迹交流",
              "师德典型事迹报告会", "新课程标准专题学习", "生态课堂建设思路研讨",
              "教育法律法规学习", "师德师风自查与反思"]
    days = [dt.date(2020, 9, 14), dt.date(2020, 10, 19), dt.date(2020, 11, 16), dt.date(2020, 12, 14),
            dt.date(2021, 3, 15), dt.date(2021, 4, 19), dt.date(2021, 5, 17), dt.date(2021, 6, 14)]
    for n, (day, topic) in enumerate(zip(days, topics, strict=True), start=1):
        add(f"T{n:02d}", "师德学习", topic, day, "15:30", "17:00", "学术报告厅", "校长室",
            "教务处", topic, "全体教师参加，提交学习笔记", "2", ids)
    # 集体备课 per 教研组, 6 times a year, 四定 (fixed time, place, content, lead speaker).
    groups: dict[str, list[str]] = {}
    for t in teachers:
        groups.setdefault(str(t[5]), []).append(str(t[0]))
    n = 0
    for group, members in groups.items():
        lead = members[0]
        for k, day in enumerate(fortnightly(dt.date(2020, 9, 22), 8) +
                                fortnightly(dt.date(2021, 3, 9), 6)):
            n += 1
            add(f"B{n:02d}", "集体备课", f"{group}第{k + 1}次集体备课", day, "14:00", "15:30",
                f"{group}办公室", str(next(t[1] for t in teachers if t[0] == lead)), group,
                "个人自备、集体讨论、个人复备", "形成共案与个案", "2", members)
    # 信息技术应用能力提升 集中培训: two full days, credited 12 学时 in the 集中培训 category.
    add("J01", "集中培训", "信息技术应用能力提升培训", dt.date(2021, 1, 20), "08:30", "16:30",
        "区教师进修学校", "区进修学校教师", "教务处", "智慧课堂与网络研修平台应用", "全员培训，结业考核",
        "12", ids)
    activities[-1].append("集中培训")
    write_csv(DATA / "chengnan" / "activities.csv",
              ["编号", "项目", "类型", "主题", "日期", "开始时间", "结束时间", "地点", "主讲人",
               "负责人", "内容", "效果", "学时", "学分类别"],
              [a if len(a) == 14 else [*a, "校本研修"] for a in activities])
    write_csv(DATA / "chengnan" / "attendance.csv", ["活动编号", "工号", "状态", "角色", "学时"],
              attendance)
    artifacts: list[list[object]] = []
    for tid in ids:
        if rng.random() < 0.95:
            artifacts.append([tid, "学习笔记", "师德与理论学习笔记", "2021-01-15", "", ""])
        if rng.random() < 0.92:
            artifacts.append([tid, "个人三年发展规划", "个人三年发展规划（2020—2023）", "2020-09-30", "", ""])
    write_csv(DATA / "chengnan" / "artifacts.csv", ["工号", "类型", "标题", "提交日期", "项目", "得分"],
              artifacts)
    assessments = [[tid, "", "学年课堂教学考核", rng.randint(62, 98), 100] for tid in ids]
    write_csv(DATA / "chengnan" / "assessments.csv", ["工号", "项目", "考核名称", "得分", "满分"],
              assessments)


# 影子行动 pairs: each 新教师 with a 骨干教师 of the same subject (C001 hosts the workshop).
SHADOW_PAIRS = [("C002", "C031"), ("C003", "C032"), ("C004", "C033"), ("C005", "C034"),
                ("C006", "C035"), ("C007", "C036"), ("C008", "C037"), ("C010", "C038"),
                ("C011", "C039"), ("C012", "C040")]
BEHIND = {"C037": (5, 6)}  # taught, observed lessons: a pair behind schedule
STOPPED = {"C040": 4}  # lessons of each sort before the pair went quiet (after October)


# Tuesdays (and the Friday after) that are both school days, September to mid-June.
LESSON_WEEKS = [d for d in (dt.date(2020, 9, 15) + dt.timedelta(weeks=w) for w in range(40))
                if school_day(d) and school_day(d + dt.timedelta(days=3)) and d < dt.date(2021, 6, 20)]


def chengnan_shadow(rng: random.Random, teachers: list[list[object]]) -> None:
    """Paired lessons (徒弟上课/导师听课 and the reverse), lesson plans, records, 汇报课 scores."""
    names = {str(t[0]): str(t[1]) for t in teachers}
    activities: list[list[object]] = []
    attendance: list[list[object]] = []
    artifacts: list[list[object]] = []
    n = 0
    for idx, (mentor, mentee) in enumerate(SHADOW_PAIRS):
        stop = STOPPED.get(mentee)
        taught, watched = BEHIND.get(mentee, (stop, stop) if stop else (8, 8))
        start = f"{8 + idx % 6}:{'00' if idx < 6 else '30'}"
        end = f"{8 + idx % 6}:{'40' if idx < 6 else '10'}" if idx < 6 else f"{9 + idx % 6}:10"
        place = f"{names[mentee]}任教班级"
        for k in range(max(taught, watched)):
            week = LESSON_WEEKS[k * len(LESSON_WEEKS) // 8]
            for who, count, day in (("mentee", taught, week), ("mentor", watched,
                                                              week + dt.timedelta(days=3))):
                if k >= count:
                    continue
                n += 1
                aid = f"S{n:03d}"
                teacher, observer = (mentee, mentor) if who == "mentee" else (mentor, mentee)
                title = ("徒弟上课、导师听课指导" if who == "mentee" else "徒弟跟岗听导师的课")
                activities.append([aid, "影子行动", "听课", f"{names[teacher]}：{title}",
                                   day.isoformat(), start, end, place, names[teacher],
                                   names[mentor], "说课—授课—评课", "课后当面反馈", 1])
                attendance.append([aid, teacher, "出席", "授课", ""])
                attendance.append([aid, observer, "出席", "听课", ""])
                if who == "mentee":
                    artifacts.append([mentor, "评课记录", f"评{names[mentee]}的课（{day}）",
                                      day.isoformat(), "影子行动", ""])
                else:
                    artifacts.append([mentee, "听课记录", f"听{names[mentor]}的课（{day}）",
                                      day.isoformat(), "影子行动", ""])
        for k in range(3 if mentee not in STOPPED else 1):
            day = dt.date(2020, 10, 12) + dt.timedelta(weeks=6 * k)
            artifacts.append([mentee, "教案", f"教学设计（第{k + 1}篇，经导师审阅）", day.isoformat(),
                              "影子行动", ""])
    data = DATA / "chengnan"
    write_csv(data / "shadow_activities.csv",
              ["编号", "项目", "类型", "主题", "日期", "开始时间", "结束时间", "地点", "主讲人",
               "负责人", "内容", "效果", "学时"], activities)
    write_csv(data / "shadow_attendance.csv", ["活动编号", "工号", "状态", "角色", "学时"], attendance)
    write_csv(data / "shadow_artifacts.csv", ["工号", "类型", "标题", "提交日期", "项目", "得分"],
              artifacts)
    write_csv(data / "shadow_assessments.csv", ["工号", "项目", "考核名称", "得分", "满分", "日期"],
              [[mentee, "影子行动", "新教师汇报课", rng.randint(78, 95), 100, "2021-06-10"]
               for _, mentee in SHADOW_PAIRS if mentee not in STOPPED])


# 种子工程: applications from young teachers, a confirmed cohort, its ledger and awards.
SEED_APPLICANTS = {"C013": "优秀", "C014": "良好", "C015": "合格", "C017": "优秀", "C019": "合格",
                   "C021": "良好", "C022": "优秀", "C025": "良好", "C026": "良好"}
SEED_COHORT = ["C013", "C014", "C017", "C021", "C022", "C025"]
PLATFORMS = ["区级公开课", "市级赛课", "区级教学展示", "市级教学研讨课", "区级论坛发言"]
TRAININGS = ["省级骨干教师高级研修班", "名校跟岗学习一周", "市青年教师教学基本功培训",
             "长三角课堂教学观摩", "区信息化教学专题培训"]
SEED_AWARDS = [("区县级", "一等奖", "区青年教师优质课评比"), ("市级", "二等奖", "市基本功大赛"),
               ("省级", "三等奖", "省教学论文评比"), ("区级", "二等奖", "区说课比赛"),
               ("校级", "一等奖", "校教学节赛课")]
AWARD_HEADER = ["工号", "姓名", "荣誉名称", "级别", "等次", "获奖日期", "获奖对象", "颁奖单位", "所属项目"]


def chengnan_seed(rng: random.Random) -> None:
    data = DATA / "chengnan"
    write_csv(data / "seed_applications.csv", ["工号", "申请日期", "上年度考核等级"],
              [[tid, "2020-09-08", grade] for tid, grade in SEED_APPLICANTS.items()])
    resources: list[list[object]] = []
    artifacts: list[list[object]] = [[tid, "申请表", "种子教师申请表", "2020-09-08", "种子工程", ""]
                                     for tid in SEED_APPLICANTS]
    for k, tid in enumerate(SEED_COHORT):
        for m, amount in enumerate((3000, 2000) if k % 2 else (2500, 1500, 1000)):
            resources.append([tid, f"2020-{10 + m}-1{k}", "经费", "外出学习与资料经费", amount])
        for m in range(1 + k % 2):
            resources.append([tid, f"2021-0{3 + m}-2{k}", "培训", TRAININGS[(k + m) % 5], ""])
        if tid != "C025":  # one seed teacher gets no platform this year: a finding
            for m in range(1 + (k + 1) % 2):
                resources.append([tid, f"2020-1{1 + m}-0{k + 2}", "平台", PLATFORMS[(k + m) % 5], ""])
        if k % 3 != 2:
            artifacts.append([tid, "论文", f"课堂教学研究论文（{k + 1}）", "2021-05-20", "种子工程", ""])
    write_csv(data / "seed_resources.csv", ["工号", "日期", "类型", "内容", "金额"], resources)
    write_csv(data / "seed_artifacts.csv", ["工号", "类型", "标题", "提交日期", "项目", "得分"],
              artifacts)


def seed_award_rows() -> list[list[object]]:
    """The seed cohort's awards (所属项目 = 种子工程): the first four members one each, the first
    member a second one."""
    issuer = {"省级": "省教育厅", "市级": "市教育局", "区县级": "区教育局", "区级": "区教育局",
              "校级": "学校"}
    rows: list[list[object]] = []
    for k, tid in enumerate(SEED_COHORT[:4]):
        level, rank, title = SEED_AWARDS[k]
        rows.append([tid, "", title, level, rank, f"2021-0{4 + k % 3}-15", "", issuer[level],
                     "种子工程"])
    level, rank, title = SEED_AWARDS[4]
    rows.append([SEED_COHORT[0], "", title, level, rank, "2021-06-10", "", issuer[level], "种子工程"])
    return rows


def chengnan_awards() -> None:
    """荣誉与获奖: the seed's awards and the rest of the school's (teachers', the school's, a
    课题 group's). Written by hand here, no random numbers."""
    rows = [*seed_award_rows(),
            ["C001", "", "市小学语文优质课评比", "市级", "一等奖", "2020-11-20", "", "市教育局", ""],
            ["C002", "", "区教学论文评比", "区县级", "二等奖", "2020-12-18", "", "区教育局", ""],
            ["C006", "", "省小学数学教学案例评比", "省级", "三等奖", "2021-03-26", "", "省教育学会", ""],
            ["", "王海涛", "区英语课堂教学展评", "区级", "优秀奖", "2020-10-30", "", "区教研室", ""],
            ["C025", "", "区青年教师习作教学比赛", "区县级", "一等奖", "2020-12-10", "", "区教育局", ""],
            ["C001", "", "市教学论文评比", "市级", "二等奖", "2021-05-28", "", "市教育学会", ""],
            ["C043", "", "区中小学生艺术展演优秀指导教师", "区县级", "一等奖", "2021-05-12", "",
             "区教育局", ""],
            ["C050", "", "区体育优质课评比", "区县级", "优秀奖", "2021-04-16", "", "区教研室", ""],
            ["C031", "", "校新教师汇报课评比", "校级", "二等奖", "2021-06-10", "", "学校", ""],
            ["", "", "区文明校园", "区县级", "", "2021-01-10", "学校", "区文明办", ""],
            ["", "", "市书香校园", "市级", "", "2020-12-20", "学校", "市教育局", ""],
            ["", "", "区级课题《童化作文的实践研究》结题", "区县级", "优良", "2021-06-20", "语文组",
             "区教科室", ""]]
    write_csv(DATA / "chengnan" / "awards.csv", AWARD_HEADER, rows)


# ---------------------------------------------------------------- hexi2 (2017 seed)
STUDY_TOPICS = [
    "《中小学教师职业道德规范》学习", "《义务教育语文课程标准》解读", "《义务教育数学课程标准》解读",
    "分层教学的理论与实践", "观看教学录像：分层教学课例", "核心素养专题交流会",
    "信息技术与学科教学融合案例学习", "《给教师的建议》读书交流", "学期理论学习小结",
    "《新时代中小学教师职业行为十项准则》学习", "作业设计与“减负增效”专题学习",
    "观看教学录像：信息技术融合课例", "课堂观察与评课方法", "学生心理健康教育专题",
    "《中国学生发展核心素养》解读", "学年理论学习交流会"]
OPEN_LESSONS_SEED = 2017  # = [programs.gongkaike] seed in schools/hexi2.toml
DEMO_SLOTS = [("08:00", "08:40"), ("09:00", "09:40"), ("13:30", "14:10"), ("14:30", "15:10")]
DEMO_TOPICS = {"语文": ["古诗两首", "观潮", "找春天", "快乐作文：我的小伙伴"],
               "数学": ["分数的初步认识", "角的度量", "小数乘法", "认识图形"],
               "英语": ["Unit 3 My friends", "Unit 5 Colours", "Unit 2 My family"],
               "科学": ["水的三态变化", "植物的一生"], "音乐": ["歌曲《小雨沙沙》"],
               "体育": ["立定跳远"], "美术": ["色彩的魅力"], "道德与法治": ["我们的班规"],
               "信息技术": ["画图工具的使用"]}


def hexi2(rng: random.Random) -> None:
    taken: set[str] = set()
    names = make_names(rng, 80, taken)
    subjects = (["语文"] * 26 + ["数学"] * 22 + ["英语"] * 10 + ["科学"] * 5 + ["音乐"] * 4
                + ["体育"] * 5 + ["美术"] * 4 + ["道德与法治"] * 2 + ["信息技术"] * 2)
    teachers: list[list[object]] = []
    for i, (name, subject) in enumerate(zip(names, subjects, strict=True), start=1):
        joined = 1988 + (i * 7) % 33
        role = "骨干教师" if i % 8 == 1 else ("新教师、青年教师" if joined >= 2019 else
                                          ("青年教师" if joined >= 2008 else ""))
        teachers.append([f"X{i:03d}", name, rng.choice("女女男"), joined - 22, subject, group_of(subject),
                         "高级教师" if joined < 2000 else ("一级教师" if joined < 2014 else "二级教师"),
                         role, joined])
    write_csv(DATA / "hexi2" / "teachers.csv", HEXI2_HEADER, hexi2_profile(teachers),
              encoding="gbk")

    ids = [str(t[0]) for t in teachers]
    by_group: dict[str, list[str]] = {}
    for t in teachers:
        by_group.setdefault(str(t[5]), []).append(str(t[0]))
    activities: list[list[object]] = []
    attendance: list[list[object]] = []
    # 全员公开课: 52 teachers, 13 school days without a break, 4 lessons a day.
    # The open_lessons program (instance gongkaike) orders its teachers as the roster by 工号
    # shuffled with its `seed`; the lessons were held in that order, so plan and record agree.
    presenters = sorted(rng.sample(ids, 52))
    random.Random(OPEN_LESSONS_SEED).shuffle(presenters)
    day = dt.date(2020, 11, 23)
    n = 0
    while n < 52:
        if day.weekday() < 5:
            for start, end in DEMO_SLOTS:
                tid = presenters[n]
                t = next(x for x in teachers if x[0] == tid)
                n += 1
                aid = f"D{n:02d}"
                topic = rng.choice(DEMO_TOPICS[str(t[4])])
                activities.append([aid, "gongkaike", "公开课", topic, day, start, end,
                                   "录播教室",
                                   t[1], "教导处", "说课、授课、集中评课；信息技术与分层教学融合",
                                   "全程录像，课后集中评课", 1])
                attendance.append([aid, tid, "出席", "授课", 2])  # 说课 + 授课 + 评课
                group = [g for g in by_group[group_of(str(t[4]))] if g != tid]
                for obs in rng.sample(group, min(6, len(group))):
                    attendance.append([aid, obs, "出席" if rng.random() < 0.95 else "请假", "听课评课", ""])
        day += dt.timedelta(days=1)
    # 大组政治学习 every two weeks for everyone.
    for k, d in enumerate(fortnightly(dt.date(2020, 9, 9), 16,
                                      skip={dt.date(2021, 1, 27), dt.date(2021, 2, 10), dt.date(2021, 2, 24)})):
        aid = f"P{k + 1:02d}"
        activities.append([aid, "study", "理论学习", STUDY_TOPICS[k], d, "15:30", "17:00", "会议室",
                           "教导主任", "教导处", "教育教学理论及课程标准学习", "做好学习笔记", 2])
        for tid in ids:
            roll = rng.random()
            attendance.append([aid, tid, "出席" if roll < 0.93 else ("请假" if roll < 0.98 else "缺席"),
                               "参加", ""])
    # 集体备课 every two weeks in each 教研组 (四定: fixed time, place, content, lead speaker).
    n = 0
    for group, members in by_group.items():
        for k, d in enumerate(fortnightly(dt.date(2020, 9, 15), 18,
                                          skip={dt.date(2021, 1, 26), dt.date(2021, 2, 9),
                                                dt.date(2021, 2, 23)})):
            n += 1
            aid = f"B{n:02d}"
            lead = next(x for x in teachers if x[0] == members[k % len(members)])
            # 四定: two sessions were written down without their 主讲人, one without its 地点.
            activities.append([aid, "jtbk", "集体备课", f"{group}第{k + 1}次集体备课", d, "15:30", "17:00",
                               "" if n == 40 else f"{group}办公室", "" if n in (7, 23) else lead[1],
                               group, "个人自备、集体讨论、个人复备", "磨课：围绕课堂实录切磋修改", 2])
            for tid in members:
                roll = rng.random()
                attendance.append([aid, tid, "出席" if roll < 0.95 else "请假",
                                   "主备" if tid == lead[0] else "辅备", ""])
    activities.append(["J01", "", "集中培训", "信息技术与学科教学深度融合培训", dt.date(2021, 1, 20),
                       "08:30", "16:30", "县教师进修学校", "县进修学校教师", "教导处",
                       "信息技术与分层教学融合", "全员培训", 12])
    for tid in ids:
        attendance.append(["J01", tid, "出席" if rng.random() < 0.97 else "请假", "参加", ""])
    write_xlsx_activities(activities)
    write_csv(DATA / "hexi2" / "attendance.csv", ["活动编号", "工号", "状态", "角色", "学时"], attendance,
              encoding="utf-8-sig")
    artifacts = []
    for tid in ids:
        if rng.random() < 0.9:
            artifacts.append([tid, "学习笔记", "政治学习笔记", "2021年1月15日", "", ""])
        if rng.random() < 0.95:
            artifacts.append([tid, "个人三年发展规划", "个人三年发展规划", "2020.09.25", "", ""])
    write_csv(DATA / "hexi2" / "artifacts.csv", ["工号", "类型", "标题", "提交日期", "项目", "得分"],
              artifacts)
    write_csv(DATA / "hexi2" / "assessments.csv", ["工号", "项目", "考核名称", "得分", "满分"],
              [[tid, "", "教学常规考核", rng.randint(58, 97), 100] for tid in ids])


HEXI2_BACKBONE = ["市级骨干教师", "县级", "县级", "县级", "县级", "县级", "校级", "校级", "校级", "校级"]


def hexi2_profile(teachers: list[list[object]]) -> list[list[object]]:
    """The roster as hexi2 writes it: 出生年月 (1985.03) and 教龄 instead of the years, 学历 and
    骨干级别 added. GBK, as many schools' spreadsheets still are; full-width digits in a few
    出生年月. A generator of its own (the birth months, 学历): every other figure stays as it was."""
    rng = random.Random(2017_03)
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    backbone = iter(HEXI2_BACKBONE)
    rows: list[list[object]] = []
    for k, t in enumerate(teachers):
        born = f"{t[3]}.{rng.randint(1, 12):02d}"
        joined = int(str(t[8]))
        if joined < 1994:
            education = rng.choice(["中师", "大专"])
        elif joined < 2004:
            education = rng.choice(["大专", "本科", "本科", "本科"])
        else:
            education = rng.choice(["本科", "本科", "本科", "本科", "硕士"])
        level = next(backbone) if "骨干教师" in str(t[7]) else "无"
        rows.append([*t[:3], born.translate(full_width) if k % 9 == 0 else born, *t[4:8],
                     TERM_YEAR - joined, education, level])
    return rows


def hexi2_awards() -> None:
    """hexi2's awards list as the school keeps it: a title row, 序号 and 备注 columns, teachers by
    姓名, dates written 2020.11.20, 县级 for the county's awards, two 课题 groups' ratings."""
    names = {str(r[0]): str(r[1]) for r in csv.reader(
        (DATA / "hexi2" / "teachers.csv").read_text(encoding="gbk").splitlines()[1:])}
    rows = [
        ["X001", "县小学语文优质课评比", "县级", "一等奖", "2020.11.20", "", "县教育局", ""],
        ["X009", "县青年教师教学基本功比赛", "县级", "一等奖", "2020.12.15", "", "县教育局", ""],
        ["X017", "市信息技术与学科融合优质课评比", "市级", "一等奖", "2021.04.23", "", "市教育局", ""],
        ["X025", "县小学数学说课比赛", "县级", "一等奖", "2021.03.19", "", "县教研室", ""],
        ["X033", "市教学论文评比", "市级", "三等奖", "2021.05.28", "", "市教育学会", ""],
        ["X041", "校全员公开课评比", "校级", "二等奖", "2020.12.11", "", "学校", "13天52节"],
        ["X049", "校全员公开课评比", "校级", "优秀奖", "2020.12.11", "", "学校", "13天52节"],
        ["", "县教育教学质量先进单位", "县级", "", "2021.01.15", "学校", "县教育局", ""],
        ["", "县级课题《分层教学的实践研究》结题", "县级", "优良", "2021.06.18", "数学组", "县教研室", ""],
        ["", "县级课题《小学英语绘本阅读》中期评估", "县级", "合格", "2021.05.20", "英语组", "县教研室", ""],
    ]
    out = [[n, names.get(str(tid), ""), *rest] for n, (tid, *rest) in enumerate(rows, start=1)]
    write_csv(DATA / "hexi2" / "awards.csv",
              ["序号", "姓名", "比赛项目", "获奖级别", "奖次", "获奖时间", "获奖对象", "颁发单位", "备注"],
              out, title="河西县第二小学2020学年教师获奖情况登记表")


def write_xlsx_activities(rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "活动登记"
    ws.append(["河西县第二小学2020学年校本研修活动登记表"])
    ws.append([])
    ws.append(["编号", "项目", "类型", "主题", "日期", "开始时间", "结束时间", "地点", "主讲人",
               "负责人", "内容", "效果", "学时"])
    for row in rows:
        ws.append(row)  # dates stay real Excel date cells
    for cell in ws["E"][3:]:
        cell.number_format = "yyyy/m/d"
    path = DATA / "hexi2" / "activities.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def main() -> None:
    rng = random.Random(2020)
    teachers = chengnan_teachers(rng)
    write_csv(DATA / "chengnan" / "teachers.csv", CHENGNAN_HEADER, chengnan_profile(teachers),
              title="城南实验小学教师名册（2020学年）")
    chengnan_core(rng, teachers)
    chengnan_shadow(random.Random(31), teachers)
    chengnan_seed(random.Random(35))
    hexi2(random.Random(2017))
    chengnan_awards()
    hexi2_awards()


if __name__ == "__main__":
    main()
