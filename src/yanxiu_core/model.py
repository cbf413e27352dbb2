"""The core records every program shares: who takes part, what happened, what was handed in.

All classes are frozen attrs records. Time is always whole minutes (``int``); 学时 are derived
from minutes by :class:`yanxiu_core.hours.HoursPolicy`, never stored.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs


class AttendanceStatus(enum.StrEnum):
    """How a teacher attended an activity. Only PRESENT and LATE are credited time."""

    PRESENT = "出席"
    LATE = "迟到"
    EXCUSED = "请假"
    ABSENT = "缺席"

    @property
    def credited(self) -> bool:
        """Whether the row credits time: ``True`` for 出席 and 迟到, ``False`` for 请假 and 缺席
        (see :meth:`Attendance.credited_minutes`)."""
        return self in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)

    @property
    def attended(self) -> bool:
        """Whether the teacher was there (出席 or 迟到): what attendance rates count as attended
        (:attr:`yanxiu_core.records.AttendanceSummary.attended`). The same statuses as
        :attr:`credited`."""
        return self.credited


@attrs.frozen
class Term:
    """A period that reports and evaluation cover (by default a school year, 1 Sept – 31 Aug)."""

    name: str
    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"term {self.name!r} ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the term, ``start`` and ``end`` both included."""
        return self.start <= day <= self.end


@attrs.frozen
class District:
    """An education district (区/县) by ``name``.

    The core does not build one: it describes the district with ``yanxiu.toml`` and gives a
    school's district as :attr:`School.district`, the name of its ``[district]`` table.
    """

    name: str


@attrs.frozen
class SchoolProfile:
    """What a school states about itself in ``[profile]`` (班级数, 学生数, 教职工数); ``None``
    when it does not say. The roster, not this, counts the teachers."""

    classes: int | None = None  # 教学班数
    students: int | None = None  # 在校学生数
    staff: int | None = None  # 教职工数


@attrs.frozen
class School:
    """The school a program context belongs to (``ctx.school``).

    ``id`` is the stem of its config file (``schools/<id>.toml``), which also keys its records
    in the store; ``name`` the school's name as reports print it (its config's ``name``);
    ``district`` the district's name from ``yanxiu.toml``; ``profile`` what its ``[profile]``
    states.
    """

    id: str
    name: str
    district: str = ""
    profile: SchoolProfile = attrs.field(factory=SchoolProfile)


@attrs.frozen
class Teacher:
    """A participant. ``roles`` holds tags such as 骨干教师, 青年教师, 新教师.

    ``education`` (学历) and ``title`` (职称) are kept as the roster writes them;
    :mod:`yanxiu_core.vocabulary` classifies them. ``backbone_level`` is the normalised 骨干级别
    (国家级 … 校级, ``''`` for none); ``specialty_match`` whether the teacher teaches the subject
    they trained in (专业对口), ``None`` when the roster does not say.
    """

    id: str
    name: str
    gender: str = ""
    birth_year: int | None = None
    subject: str = ""
    group: str = ""  # 教研组
    title: str = ""  # 职称
    roles: tuple[str, ...] = ()
    joined_year: int | None = None
    education: str = ""  # 学历
    backbone_level: str = ""  # 骨干级别
    specialty_match: bool | None = None  # 专业对口

    def age(self, on: dt.date) -> int | None:
        """Age in whole years at the end of the calendar year of ``on`` (how schools count it)."""
        return None if self.birth_year is None else on.year - self.birth_year

    def years_teaching(self, on: dt.date) -> int | None:
        """教龄 in whole years at ``on``, counted like :meth:`age`: the calendar year of ``on``
        minus ``joined_year``; ``None`` when the roster gives neither 入职年份 nor 教龄."""
        return None if self.joined_year is None else on.year - self.joined_year

    def has_role(self, role: str) -> bool:
        """Whether ``role`` (``骨干教师``) is one of the teacher's ``roles``, exactly as written."""
        return role in self.roles


@attrs.frozen
class ProgramInstance:
    """A program enabled at a school: ``id`` is its key in the school config, ``type`` the
    registered program type, ``settings`` the validated settings object of that type."""

    id: str
    type: str
    title: str
    settings: Any

    @property
    def display_title(self) -> str:
        """The instance's own ``name`` setting if it has one (a school's own name for a
        series), else the type title."""
        return str(getattr(self.settings, "name", "") or self.title)


@attrs.frozen
class Activity:
    """Something that happened (a talk, a lesson, a study session).

    ``program`` is the program instance id, or ``None`` for a school-wide activity.
    ``minutes`` is the time credited to each attendee who has no time of their own.
    """

    id: str
    kind: str
    title: str
    start: dt.datetime
    end: dt.datetime | None = None
    program: str | None = None
    place: str = ""
    speaker: str = ""  # 主讲人
    leader: str = ""  # 负责人
    content: str = ""
    effect: str = ""  # 效果
    minutes: int = 0
    credit_category: str = ""

    @property
    def date(self) -> dt.date:
        """The day the activity starts (``start.date()``): what places it in a term."""
        return self.start.date()


@attrs.frozen
class Attendance:
    """One teacher's row at one activity (出勤记录).

    ``status`` is how the teacher attended (only 出席 and 迟到 credit time); ``role`` their part
    in it (主讲, 授课, 听课, 评课 …; ``''`` when the sheet does not say); ``minutes`` the row's
    own credited time, ``None`` to credit the activity's ``minutes``. A row has no program of
    its own: it belongs to its activity's.
    """

    activity_id: str
    teacher_id: str
    status: AttendanceStatus = AttendanceStatus.PRESENT
    role: str = ""  # e.g. 主讲, 授课, 听课, 评课
    minutes: int | None = None  # the row's own time; None = the activity's

    def credited_minutes(self, activity_minutes: int) -> int:
        """Minutes this row credits: its own or the activity's; nothing when excused or absent."""
        if not self.status.credited:
            return 0
        return activity_minutes if self.minutes is None else self.minutes


@attrs.frozen
class Artifact:
    """Something a teacher handed in: 学习笔记, 教案, 反思, 听课记录, 论文, 发展规划 ..."""

    id: int
    teacher_id: str
    kind: str
    title: str
    date: dt.date
    program: str | None = None
    score: float | None = None


@attrs.frozen
class Assessment:
    """A summative result (终结性评价): ``score`` out of ``full_marks``."""

    id: int
    teacher_id: str
    name: str
    score: float
    full_marks: float = 100.0
    program: str | None = None
    date: dt.date | None = None  # None: counts in every term

    @property
    def percent(self) -> float:
        """``score`` as a percentage of ``full_marks`` (0–100); ``0.0`` when ``full_marks`` is 0
        (the importer refuses such a row)."""
        return 100.0 * self.score / self.full_marks if self.full_marks else 0.0


@attrs.frozen
class Award:
    """An honour or award (荣誉与获奖).

    ``level`` is normalised (国家级, 省级, 市级, 州级, 区县级, 校级; see
    :mod:`yanxiu_core.vocabulary`); ``rank`` is the 等次 as written (一等奖, 优良, 第一名 …) — a
    rating word is never turned into a score. ``teacher_id`` is ``None`` for an award of the
    whole school or of a group, named by ``holder`` (学校, 语文组).
    """

    id: int
    title: str
    level: str
    date: dt.date
    rank: str = ""
    teacher_id: str | None = None
    holder: str = ""
    program: str | None = None
    issuer: str = ""  # 颁发单位


@attrs.frozen
class ProgramRecord:
    """A record of a kind a program type declares (see ``RecordKind``), kept by the core.

    ``values`` holds the declared fields by name, already converted to their types.
    """

    id: int
    program: str
    kind: str
    teacher_id: str | None
    date: dt.date | None
    values: dict[str, Any] = attrs.field(factory=dict, hash=False)

    @property
    def ref(self) -> str:
        """The record's evidence id, ``<program id>.<kind>:<id>``: what indicators, summative
        items and vetoes cite, and what ``explain`` and the 研修档案 resolve to its fields."""
        return f"{self.program}.{self.kind}:{self.id}"
