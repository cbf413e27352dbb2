"""What each import kind reads: its columns (the header vocabulary) and how a row becomes a record.

The vocabulary here is documented in ``docs/import.md``; keep the two in step. A ``build``
function receives the row's parsed values by column name (``None`` for a blank cell) and returns
a core record, or raises :class:`RowError` for a rule that spans columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ..hours import HoursPolicy
from ..model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    Award,
    Teacher,
)
from .columns import Column, Parser
from .normalize import clean_code, clean_name, clean_text
from .values import (
    BadValue,
    RowError,
    parse_award_level,
    parse_backbone_level,
    parse_date,
    parse_float,
    parse_gender,
    parse_hours,
    parse_specialty_match,
    parse_status,
    parse_time,
    parse_year,
    parse_years,
    split_tags,
)

CORE_KINDS = ("teachers", "activities", "attendance", "artifacts", "assessments", "awards")


@attrs.frozen
class KindSpec:
    """An import kind: columns, row builder, the natural key that must be unique in a file,
    and which columns refer to teachers or activities."""

    kind: str
    title: str  # Chinese name of the sheet, e.g. 教师名单
    columns: tuple[Column, ...]
    build: Callable[[Mapping[str, Any]], object]
    key: tuple[str, ...]  # column names whose values identify a row
    refers_to_teacher: bool = False  # teacher_id / teacher_name columns, resolved via roster
    refers_to_activity: bool = False  # activity_id column
    key_fields: tuple[str, ...] = ()  # program records: RecordKind.key
    # A column that may stand in for the teacher (awards: 获奖对象 for a school or group award);
    # a row then needs a teacher or this column, and the 工号/姓名 columns become optional.
    teacher_or: str | None = None
    # The row's key when it is not simply the ``key`` columns' values (awards: holder or teacher).
    key_of: Callable[[Mapping[str, Any]], tuple[Any, ...]] | None = None

    def column(self, name: str) -> Column:
        """The column named ``name`` (a field name, not a header)."""
        return next(c for c in self.columns if c.name == name)

    def row_key(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """What identifies a row inside one file (repeated keys are an error)."""
        if self.key_of is not None:
            return self.key_of(values)
        return tuple(values.get(k) for k in self.key)


def _text(value: object) -> str:
    return clean_text(value)


def _code(value: object) -> str:
    return clean_code(value)


def _col(name: str, headers: str, parse: Parser = _text, required: bool = False) -> Column:
    return Column(name, tuple(h.strip() for h in headers.split("|")), parse, required)


def program_parser(programs: Mapping[str, str]) -> Parser:
    """项目 cells: an enabled program's id or title (a blank, school-wide, never gets here)."""
    folded = {clean_text(name).casefold(): pid for name, pid in programs.items()}
    accepted = "、".join(sorted(programs)) or "（本校没有启用任何项目）"

    def parse(value: object) -> str:
        found = folded.get(clean_text(value).casefold())
        if found is None:
            raise BadValue(f"本校启用的项目之一：{accepted}；全校性活动留空", "未知的项目")
        return found

    return parse


# Teacher reference columns shared by attendance, artifacts and assessments.
_TEACHER_ID = "工号 | 教师工号 | 教师编号 | teacher id | teacher | staff id | staff no"
_TEACHER_NAME = "姓名 | 教师姓名 | name | teacher name"
_PROGRAM = "项目 | 所属项目 | 研修项目 | program | project"


def teachers_spec(reference_year: int | None = None) -> KindSpec:
    """The roster. ``reference_year`` (the year the school's term starts) turns 教龄 into an
    入职年份 when the roster has no 入职年份 of its own; without it 教龄 alone is a row error."""
    columns = (
        _col("id", "工号 | 教师编号 | 编号 | teacher id | id | staff id | staff no", _code, True),
        _col("name", "姓名 | 教师姓名 | name | teacher name", clean_name, True),
        _col("gender", "性别 | gender | sex", parse_gender),
        _col("birth_year", "出生年份 | 出生年月 | 出生日期 | 出生年 | birth year | born | "
             "birth date | date of birth", parse_year),
        _col("subject", "学科 | 任教学科 | 科目 | subject"),
        _col("group", "教研组 | 组别 | 学科组 | 年级组 | group | teaching group | department"),
        _col("title", "职称 | 专业技术职称 | title | professional title | rank"),
        _col("roles", "角色 | 身份 | 标签 | 类别 | roles | role | tags", split_tags),
        _col("joined_year", "入职年份 | 入职时间 | 参加工作年份 | 参加工作时间 | 工作年份 | "
             "joined | joined year | year joined | start year", parse_year),
        _col("years_teaching", "教龄 | 教龄（年） | years teaching | teaching years", parse_years),
        # 最高学历 is what summaries count; a 第一学历 column is left unused (and reported).
        _col("education", "学历 | 最高学历 | education"),
        _col("backbone_level", "骨干级别 | 骨干教师级别 | 骨干类别 | 骨干 | backbone level",
             parse_backbone_level),
        _col("specialty_match", "专业对口 | 是否专业对口 | 所学专业是否对口 | specialty match",
             parse_specialty_match),
    )

    def build(v: Mapping[str, Any]) -> Teacher:
        joined = v["joined_year"]
        if joined is None and v["years_teaching"] is not None:  # 入职年份 wins when both given
            if reference_year is None:
                raise RowError("years_teaching", "不知道学年，无法由教龄推算入职年份",
                               str(v["years_teaching"]), "填写入职年份")
            joined = reference_year - v["years_teaching"]
        return Teacher(
            id=v["id"], name=v["name"], gender=v["gender"] or "", birth_year=v["birth_year"],
            subject=v["subject"] or "", group=v["group"] or "", title=v["title"] or "",
            roles=v["roles"] or (), joined_year=joined, education=v["education"] or "",
            backbone_level=v["backbone_level"] or "", specialty_match=v["specialty_match"],
        )

    return KindSpec("teachers", "教师名单", columns, build, key=("id",))


def activities_spec(policy: HoursPolicy, programs: Mapping[str, str]) -> KindSpec:
    columns = (
        _col("id", "编号 | 活动编号 | id | activity id | code | no", _code, True),
        _col("program", _PROGRAM, program_parser(programs)),
        _col("kind", "类型 | 活动类型 | 形式 | 活动形式 | kind | type"),
        _col("title", "主题 | 活动主题 | 标题 | 名称 | 活动名称 | title | topic", required=True),
        _col("date", "日期 | 活动日期 | date", parse_date, True),
        _col("start", "开始时间 | 起始时间 | 开始 | start | start time | from", parse_time),
        _col("end", "结束时间 | 结束 | end | end time | until", parse_time),
        _col("place", "地点 | 活动地点 | 场地 | place | location | venue"),
        _col("speaker", "主讲人 | 主讲 | 主讲教师 | 执教 | 授课人 | 授课教师 | speaker | "
             "lecturer | presenter"),
        _col("leader", "负责人 | 主持人 | 组织者 | leader | host | organizer"),
        _col("content", "内容 | 活动内容 | 主要内容 | content | description"),
        _col("effect", "效果 | 活动效果 | 成效 | effect | outcome"),
        _col("minutes", "学时 | 课时 | hours | credit hours",
             lambda v: parse_hours(v, policy)),
        _col("credit_category", "学分类别 | 学分类型 | 培训类别 | credit category | category"),
    )

    def build(v: Mapping[str, Any]) -> Activity:
        day: dt.date = v["date"]
        start_time: dt.time | None = v["start"]
        start = dt.datetime.combine(day, start_time or dt.time())
        end = None if v["end"] is None else dt.datetime.combine(day, v["end"])
        if end is not None and start_time is not None and end <= start:
            raise RowError("end", "结束时间不晚于开始时间", v["end"],
                           f"晚于开始时间 {start_time:%H:%M} 的时间")
        minutes = v["minutes"]
        if minutes is None:
            if end is None or start_time is None:
                raise RowError("minutes", "没有学时，也没有开始和结束时间可以推算", None,
                               "学时数，或同时填写开始时间和结束时间")
            minutes = (end - start) // dt.timedelta(minutes=1)
        return Activity(
            id=v["id"], kind=v["kind"] or "", title=v["title"], start=start, end=end,
            program=v["program"], place=v["place"] or "", speaker=v["speaker"] or "",
            leader=v["leader"] or "", content=v["content"] or "", effect=v["effect"] or "",
            minutes=minutes, credit_category=v["credit_category"] or "",
        )

    return KindSpec("activities", "活动记录", columns, build, key=("id",))


def attendance_spec(policy: HoursPolicy) -> KindSpec:
    columns = (
        _col("activity_id", "活动编号 | 活动 | activity id | activity", _code, True),
        _col("teacher_id", _TEACHER_ID, _code),
        _col("teacher_name", _TEACHER_NAME, clean_name),
        _col("status", "状态 | 出勤 | 出勤情况 | 考勤 | 签到 | status | attendance", parse_status),
        _col("role", "角色 | 身份 | 任务 | 分工 | role"),
        _col("minutes", "学时 | 课时 | hours | credit hours",
             lambda v: parse_hours(v, policy)),
    )

    def build(v: Mapping[str, Any]) -> Attendance:
        return Attendance(
            activity_id=v["activity_id"], teacher_id=v["teacher_id"],
            status=v["status"] or AttendanceStatus.PRESENT, role=v["role"] or "",
            minutes=v["minutes"],
        )

    return KindSpec("attendance", "出勤记录", columns, build, key=("activity_id", "teacher_id"),
                    refers_to_teacher=True, refers_to_activity=True)


def artifacts_spec(programs: Mapping[str, str]) -> KindSpec:
    columns = (
        _col("teacher_id", _TEACHER_ID, _code),
        _col("teacher_name", _TEACHER_NAME, clean_name),
        _col("kind", "类型 | 成果类型 | 材料类型 | 类别 | kind | type", required=True),
        _col("title", "标题 | 题目 | 名称 | 主题 | title"),
        _col("date", "提交日期 | 日期 | 提交时间 | date | submitted | submission date",
             parse_date, True),
        _col("program", _PROGRAM, program_parser(programs)),
        _col("score", "得分 | 分数 | 成绩 | 评分 | score", parse_float),
    )

    def build(v: Mapping[str, Any]) -> Artifact:
        return Artifact(id=0, teacher_id=v["teacher_id"], kind=v["kind"], title=v["title"] or "",
                        date=v["date"], program=v["program"], score=v["score"])

    return KindSpec("artifacts", "研修成果", columns, build,
                    key=("teacher_id", "kind", "title", "date"), refers_to_teacher=True)


def assessments_spec(programs: Mapping[str, str]) -> KindSpec:
    columns = (
        _col("teacher_id", _TEACHER_ID, _code),
        _col("teacher_name", _TEACHER_NAME, clean_name),
        _col("program", _PROGRAM, program_parser(programs)),
        _col("name", "考核名称 | 考核项目 | 考核内容 | 考核 | assessment | assessment name | exam",
             required=True),
        _col("score", "得分 | 分数 | 成绩 | score", parse_float, True),
        _col("full_marks", "满分 | 总分 | full marks | max score | out of", parse_float),
        _col("date", "日期 | 考核日期 | date", parse_date),
    )

    def build(v: Mapping[str, Any]) -> Assessment:
        full = 100.0 if v["full_marks"] is None else v["full_marks"]
        if full <= 0:
            raise RowError("full_marks", "满分必须大于 0", full, "大于 0 的数，如 100")
        if not 0 <= v["score"] <= full:
            raise RowError("score", "得分超出范围", v["score"], f"0 到满分 {full:g} 之间的数")
        return Assessment(id=0, teacher_id=v["teacher_id"], name=v["name"], score=v["score"],
                          full_marks=full, program=v["program"], date=v["date"])

    return KindSpec("assessments", "考核成绩", columns, build,
                    key=("teacher_id", "program", "name"), refers_to_teacher=True)


def awards_spec(programs: Mapping[str, str]) -> KindSpec:
    """荣誉与获奖: one row per award of a teacher, or of the school or a group (获奖对象).

    Here 项目 is the contest item (the award's name), so the program column is read only under
    所属项目 / 研修项目 / program (decision 0009).
    """
    columns = (
        _col("teacher_id", _TEACHER_ID, _code),
        _col("teacher_name", _TEACHER_NAME + " | 获奖教师 | 获奖人", clean_name),
        _col("title", "荣誉名称 | 获奖名称 | 奖项名称 | 名称 | 奖项 | 荣誉 | 项目名称 | 项目 | "
             "比赛项目 | title | award", required=True),
        _col("level", "级别 | 获奖级别 | level", parse_award_level, True),
        _col("rank", "等次 | 等级 | 奖次 | 名次 | 获奖等次 | rank"),
        _col("date", "日期 | 获奖日期 | 获奖时间 | 时间 | date", parse_date, True),
        _col("holder", "获奖对象 | 获奖单位 | 集体 | holder"),
        _col("issuer", "颁奖单位 | 发证单位 | 颁发单位 | issuer"),
        _col("program", "所属项目 | 研修项目 | program", program_parser(programs)),
    )

    def build(v: Mapping[str, Any]) -> Award:
        return Award(id=0, title=v["title"], level=v["level"], date=v["date"],
                     rank=v["rank"] or "", teacher_id=v["teacher_id"], holder=v["holder"] or "",
                     program=v["program"], issuer=v["issuer"] or "")

    def key_of(v: Mapping[str, Any]) -> tuple[Any, ...]:
        # as the store's natural key: the teacher, else the holder; the title; the date
        return (v.get("teacher_id") or v.get("holder"), v.get("title"), v.get("date"))

    return KindSpec("awards", "荣誉与获奖", columns, build, key=("teacher_id", "holder", "title", "date"),
                    refers_to_teacher=True, teacher_or="holder", key_of=key_of)


def core_spec(kind: str, policy: HoursPolicy, programs: Mapping[str, str],
              reference_year: int | None = None) -> KindSpec:
    """The spec of a core kind (one of :data:`CORE_KINDS`); ``reference_year`` is the year the
    school's term starts (the roster's 教龄 counts to it)."""
    if kind == "teachers":
        return teachers_spec(reference_year)
    if kind == "activities":
        return activities_spec(policy, programs)
    if kind == "attendance":
        return attendance_spec(policy)
    if kind == "artifacts":
        return artifacts_spec(programs)
    if kind == "assessments":
        return assessments_spec(programs)
    if kind == "awards":
        return awards_spec(programs)
    raise KeyError(kind)

