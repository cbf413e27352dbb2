"""``[plan]`` of a school's TOML, validated: theme, aims, organisation, measures and targets."""

from __future__ import annotations

import datetime as dt

import attrs

from ..targets import Target


@attrs.frozen
class Member:
    """One row of the 领导小组 (``role`` = 组长, 副组长, 成员 …) or of the 研修网络 (``role`` = the
    level: 第一责任人, 具体负责人, 分管负责人, 实施者).

    ``names`` are written as they are (a principal need not be on the teacher roster);
    ``teachers`` are roster ids, shown with the roster's names (``yanxiu check`` reports an id
    the roster lacks). ``post`` is the person's post in the school (校长, 教导主任, 学科组长,
    全体教师), ``duty`` what the role does. ``file``/``key``/``line`` locate ``teacher``."""

    role: str
    names: tuple[str, ...] = ()
    teachers: tuple[str, ...] = ()
    post: str = ""
    duty: str = ""
    file: str = ""
    key: str = ""
    line: int | None = None


@attrs.frozen
class SchoolPlan:
    """The year's 研修方案 as the school states it (all optional).

    ``targets`` are the district's (``district=True``, first) and the school's own. ``written``
    says whether the school has stated its 方案 (theme, guiding ideas, aims, organisation or
    targets of its own) — the district's targets alone do not make a 方案."""

    theme: str = ""  # 研修主题
    guiding: str = ""  # 指导思想
    aims: tuple[str, ...] = ()  # 研修目标 in words
    leading_group: tuple[Member, ...] = ()  # 领导小组
    network: tuple[Member, ...] = ()  # 研修网络
    measures: tuple[str, ...] = ()  # 保障措施
    date: dt.date | None = None  # the 方案's date (default: the term's first day)
    targets: tuple[Target, ...] = ()

    @property
    def own_targets(self) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if not t.district)

    @property
    def organisation(self) -> bool:
        return bool(self.leading_group or self.network)

    @property
    def written(self) -> bool:
        return bool(self.theme or self.guiding or self.aims or self.organisation
                    or self.own_targets)
