"""Eligibility rules that programs share: who may (or is expected to) take part, and why.

A rule checks one teacher at a reference date and gives a :class:`RuleResult` — passed or not,
with a Chinese reason a school can read (``年龄 29 岁``; ``教龄 3 年，不足 5 年``). Rules combine
with :class:`AllOf` / :class:`AnyOf`; :func:`check_eligibility` gives a teacher's
:class:`Eligibility` with every rule's reason. A program's TOML states rules as a table,
structured into :class:`EligibilityRules` (``eligible = { max_age = 35, min_years = 3 }``), whose
validators name the key (``programs.<id>.eligible.min_level``).

Ages and 教龄 are counted the way schools count them (:meth:`Teacher.age`: the calendar year of
the reference date minus the birth year). Reasons keep one house style: the value when a rule
passes, the value and the limit missed when it fails, what is missing when the roster lacks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from .model import Teacher
from .vocabulary import LEVELS, normalize_level


@attrs.frozen
class RuleResult:
    """One rule's verdict on one teacher: ``key`` names the rule (``max_age``)."""

    key: str
    passed: bool
    reason: str


@runtime_checkable
class Rule(Protocol):
    """A rule: ``check`` one teacher at a date; ``describe`` the rule itself (``年龄不超过 35 岁``)."""

    @property
    def key(self) -> str:
        """The rule's name, copied into each :class:`RuleResult` (``max_age``; a rule built from
        :class:`EligibilityRules` uses the setting's key)."""
        ...

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        """The verdict on ``teacher`` at the reference date ``on``, with a reason in the house
        style (the value when passed, value and limit when not, what is missing when the
        roster lacks it — which fails the rule)."""
        ...

    def describe(self) -> str:
        """The rule itself as a Chinese phrase (``年龄不超过 35 岁``), for lists of criteria."""
        ...


def _age(teacher: Teacher, on: dt.date) -> int | None:
    return teacher.age(on)


@attrs.frozen
class MaxAge:
    """Age at most ``limit`` (``35周岁以下`` as schools mean it, 35 included)."""

    limit: int
    key: str = "max_age"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        age = _age(teacher, on)
        if age is None:
            return RuleResult(self.key, False, "缺少出生年份")
        if age > self.limit:
            return RuleResult(self.key, False, f"年龄 {age} 岁，超过 {self.limit} 岁")
        return RuleResult(self.key, True, f"年龄 {age} 岁")

    def describe(self) -> str:
        return f"年龄不超过 {self.limit} 岁"


@attrs.frozen
class BelowAge:
    """Age strictly below ``limit`` (``未满 45 岁``)."""

    limit: int
    key: str = "below_age"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        age = _age(teacher, on)
        if age is None:
            return RuleResult(self.key, False, "缺少出生年份")
        if age >= self.limit:
            return RuleResult(self.key, False, f"年龄 {age} 岁，已满 {self.limit} 岁")
        return RuleResult(self.key, True, f"年龄 {age} 岁")

    def describe(self) -> str:
        return f"年龄未满 {self.limit} 岁"


@attrs.frozen
class MinAge:
    """Age at least ``limit``."""

    limit: int
    key: str = "min_age"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        age = _age(teacher, on)
        if age is None:
            return RuleResult(self.key, False, "缺少出生年份")
        if age < self.limit:
            return RuleResult(self.key, False, f"年龄 {age} 岁，不满 {self.limit} 岁")
        return RuleResult(self.key, True, f"年龄 {age} 岁")

    def describe(self) -> str:
        return f"年龄不小于 {self.limit} 岁"


@attrs.frozen
class MinYears:
    """Years of service (教龄) at least ``limit``."""

    limit: int
    key: str = "min_years"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        years = teacher.years_teaching(on)
        if years is None:
            return RuleResult(self.key, False, "缺少入职年份（教龄）")
        if years < self.limit:
            return RuleResult(self.key, False, f"教龄 {years} 年，不足 {self.limit} 年")
        return RuleResult(self.key, True, f"教龄 {years} 年")

    def describe(self) -> str:
        return f"教龄不少于 {self.limit} 年"


@attrs.frozen
class MaxYears:
    """Years of service (教龄) at most ``limit`` (新教师: ``max_years = 3``)."""

    limit: int
    key: str = "max_years"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        years = teacher.years_teaching(on)
        if years is None:
            return RuleResult(self.key, False, "缺少入职年份（教龄）")
        if years > self.limit:
            return RuleResult(self.key, False, f"教龄 {years} 年，超过 {self.limit} 年")
        return RuleResult(self.key, True, f"教龄 {years} 年")

    def describe(self) -> str:
        return f"教龄不超过 {self.limit} 年"


def _either(words: Sequence[str]) -> str:
    return "或".join(words)


@attrs.frozen
class HasRole:
    """One of ``roles`` among the teacher's roster roles (骨干教师, 青年教师 …)."""

    roles: tuple[str, ...]
    key: str = "roles"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        found = next((r for r in self.roles if teacher.has_role(r)), None)
        if found is None:
            return RuleResult(self.key, False, f"不是{_either(self.roles)}")
        return RuleResult(self.key, True, f"身份：{found}")

    def describe(self) -> str:
        return f"身份为{_either(self.roles)}"


def level_tier(level: str) -> int:
    """Rank of a normalised level, highest 0; 市级 and 州级 share a tier; unknown or none last."""
    if level == "州级":
        level = "市级"
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


@attrs.frozen
class MinLevel:
    """骨干级别 at or above ``level`` (one of :data:`~yanxiu_core.vocabulary.LEVELS`)."""

    level: str
    key: str = "min_level"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        own = teacher.backbone_level
        if not own:
            return RuleResult(self.key, False, f"非骨干教师（需{self.level}及以上）")
        if level_tier(own) > level_tier(self.level):
            return RuleResult(self.key, False, f"骨干级别{own}，低于{self.level}")
        return RuleResult(self.key, True, f"骨干级别{own}")

    def describe(self) -> str:
        return f"{self.level}及以上骨干教师"


@attrs.frozen
class InSet:
    """A text attribute of the teacher (``subject``, ``group``) is one of ``allowed``; ``label``
    names it in reasons (学科, 教研组)."""

    attribute: str
    label: str
    allowed: tuple[str, ...]
    key: str = attrs.field(  # the attribute's name unless given
        default=attrs.Factory(lambda self: self.attribute, takes_self=True))

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        key = self.key
        value = str(getattr(teacher, self.attribute, "") or "")
        if not value:
            return RuleResult(key, False, f"缺少{self.label}")
        if value not in self.allowed:
            return RuleResult(key, False, f"{self.label}{value}，不在{'、'.join(self.allowed)}之列")
        return RuleResult(key, True, f"{self.label}：{value}")

    def describe(self) -> str:
        return f"{self.label}为{'、'.join(self.allowed)}之一"


def in_subjects(subjects: Iterable[str]) -> InSet:
    """任教学科 is one of ``subjects``."""
    return InSet("subject", "学科", tuple(subjects), key="subjects")


def in_groups(groups: Iterable[str]) -> InSet:
    """教研组 is one of ``groups``."""
    return InSet("group", "教研组", tuple(groups), key="groups")


@attrs.frozen
class AtLeast:
    """A value of the teacher found by ``value`` (a grade kept in a program's records …) at or
    above ``minimum`` in ``order`` (best first). Reasons: ``上年度考核优秀``,
    ``上年度考核合格，低于良好``, ``missing`` (default ``无<label>``) when there is none. A value
    not in ``order`` counts below every listed one."""

    label: str
    order: tuple[str, ...]
    minimum: str
    value: Callable[[Teacher], str] = attrs.field(eq=False)
    missing: str = ""
    key: str = "at_least"

    def __attrs_post_init__(self) -> None:
        if self.minimum not in self.order:
            raise ValueError(f"{self.minimum!r} 不在 {'、'.join(self.order)} 之中")

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        own = self.value(teacher)
        if not own:
            return RuleResult(self.key, False, self.missing or f"无{self.label}")
        rank = self.order.index(own) if own in self.order else len(self.order)
        if rank > self.order.index(self.minimum):
            return RuleResult(self.key, False, f"{self.label}{own}，低于{self.minimum}")
        return RuleResult(self.key, True, f"{self.label}{own}")

    def describe(self) -> str:
        return f"{self.label}{self.minimum}及以上"


@attrs.frozen
class AllOf:
    """Every rule passes. The reason: every rule's reason when all pass, else only the reasons
    of the rules that failed."""

    rules: tuple[Rule, ...]
    key: str = "all"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        results = [r.check(teacher, on) for r in self.rules]
        passed = all(r.passed for r in results)
        shown = results if passed else [r for r in results if not r.passed]
        return RuleResult(self.key, passed, "，".join(r.reason for r in shown))

    def describe(self) -> str:
        return "，且".join(r.describe() for r in self.rules)


@attrs.frozen
class AnyOf:
    """At least one rule passes: the first passing rule's reason; else every reason."""

    rules: tuple[Rule, ...]
    key: str = "any"

    def check(self, teacher: Teacher, on: dt.date) -> RuleResult:
        results = [r.check(teacher, on) for r in self.rules]
        ok = next((r for r in results if r.passed), None)
        if ok is not None:
            return RuleResult(self.key, True, ok.reason)
        return RuleResult(self.key, False, "；".join(r.reason for r in results))

    def describe(self) -> str:
        return "，或".join(r.describe() for r in self.rules)


@attrs.frozen
class Eligibility:
    """A teacher against a set of rules: passed, and each rule's result in the rules' order."""

    teacher: Teacher
    passed: bool
    results: tuple[RuleResult, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every rule's reason, in order (what a listing of candidates prints)."""
        return tuple(r.reason for r in self.results)

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        """The results of the rules not passed, in order (with ``any_of``, some may fail and the
        teacher still pass)."""
        return tuple(r for r in self.results if not r.passed)

    @property
    def reason(self) -> str:
        """One line: the failed rules' reasons when it fails, else every reason."""
        return "；".join(r.reason for r in (self.failed or self.results))


def check_eligibility(teacher: Teacher, rules: Iterable[Rule], on: dt.date, *,
                      any_of: bool = False) -> Eligibility:
    """``teacher`` against ``rules`` at ``on``: all must pass (or one, with ``any_of``). No
    rules at all: everyone passes."""
    results = tuple(r.check(teacher, on) for r in rules)
    if not results:
        return Eligibility(teacher, True, ())
    passed = any(r.passed for r in results) if any_of else all(r.passed for r in results)
    return Eligibility(teacher, passed, results)


# -- settings ----------------------------------------------------------------------------------
def _positive_or_none(_instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value <= 0:
        raise ValueError(f"'{attribute.name}' 应大于 0")


def _not_negative_or_none(_instance: Any, attribute: attrs.Attribute[Any],
                          value: int | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"'{attribute.name}' 不能为负数")


def _level(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    found = normalize_level(value)
    return value if found is None else found


def _known_level(_instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if value and value not in LEVELS:
        raise ValueError(f"'{attribute.name}' 的 {value!r} 不是骨干级别（{'、'.join(LEVELS)}）")


def _names(_instance: Any, attribute: attrs.Attribute[tuple[str, ...]],
           value: tuple[str, ...]) -> None:
    if any(not v.strip() for v in value):
        raise ValueError(f"'{attribute.name}' 中有空白项")


@attrs.frozen
class EligibilityRules:
    """Rules as a program's settings state them — a TOML table, every key optional::

        [programs.<id>.eligible]
        max_age = 35            # 年龄 ≤ 35（35周岁以下）
        below_age = 45          # 年龄 < 45
        min_age = 25            # 年龄 ≥ 25
        min_years = 5           # 教龄 ≥ 5 年
        max_years = 3           # 教龄 ≤ 3 年
        roles = ["骨干教师"]      # 角色之一
        min_level = "区县级"     # 骨干级别 区县级及以上（区级、县级骨干 … 也可）
        subjects = ["语文"]      # 学科之一
        groups = ["语文组"]      # 教研组之一
        any = false             # true: 满足其一即可（默认须全部满足）
        on = 2021-08-31         # 计算年龄、教龄的日期（默认由项目决定，通常为学期末）

    A program embeds it as a field (``eligible: EligibilityRules =
    attrs.field(factory=lambda: EligibilityRules(max_age=35))``);
    the core's config loader reports a bad value at ``programs.<id>.eligible.<key>``.
    """

    max_age: int | None = attrs.field(default=None, validator=_positive_or_none)
    below_age: int | None = attrs.field(default=None, validator=_positive_or_none)
    min_age: int | None = attrs.field(default=None, validator=_positive_or_none)
    min_years: int | None = attrs.field(default=None, validator=_not_negative_or_none)
    max_years: int | None = attrs.field(default=None, validator=_not_negative_or_none)
    roles: tuple[str, ...] = attrs.field(default=(), validator=_names)
    min_level: str = attrs.field(default="", converter=_level, validator=_known_level)
    subjects: tuple[str, ...] = attrs.field(default=(), validator=_names)
    groups: tuple[str, ...] = attrs.field(default=(), validator=_names)
    any: bool = False
    on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        low = max((v for v in (self.min_age,) if v is not None), default=None)
        high = min((v for v in (self.max_age, None if self.below_age is None
                                else self.below_age - 1) if v is not None), default=None)
        if low is not None and high is not None and low > high:
            raise ValueError(f"'min_age' ({low}) 与年龄上限 ({high}) 矛盾，没有人能满足")
        if (self.min_years is not None and self.max_years is not None
                and self.min_years > self.max_years):
            raise ValueError(f"'min_years' ({self.min_years}) 大于 'max_years' ({self.max_years})")

    def rules(self) -> tuple[Rule, ...]:
        """The stated rules in a fixed order (age, 教龄, role, level, subject, group)."""
        out: list[Rule] = []
        if self.max_age is not None:
            out.append(MaxAge(self.max_age))
        if self.below_age is not None:
            out.append(BelowAge(self.below_age))
        if self.min_age is not None:
            out.append(MinAge(self.min_age))
        if self.min_years is not None:
            out.append(MinYears(self.min_years))
        if self.max_years is not None:
            out.append(MaxYears(self.max_years))
        if self.roles:
            out.append(HasRole(self.roles))
        if self.min_level:
            out.append(MinLevel(self.min_level))
        if self.subjects:
            out.append(in_subjects(self.subjects))
        if self.groups:
            out.append(in_groups(self.groups))
        return tuple(out)

    @property
    def empty(self) -> bool:
        """Whether no rule is stated, so that everyone passes (:meth:`describe` says ``不限``)."""
        return not self.rules()

    def check(self, teacher: Teacher, on: dt.date) -> Eligibility:
        """``teacher`` against these rules, at ``self.on`` if set, else at ``on``."""
        return check_eligibility(teacher, self.rules(), self.on or on, any_of=self.any)

    def select(self, teachers: Iterable[Teacher], on: dt.date) -> list[Teacher]:
        """The teachers who pass, in their order."""
        return [t for t in teachers if self.check(t, on).passed]

    def describe(self) -> str:
        """The rules in one phrase (``年龄不超过 35 岁，且教龄不少于 5 年``); ``不限`` when none."""
        rules = self.rules()
        if not rules:
            return "不限"
        return (AnyOf(rules) if self.any else AllOf(rules)).describe()
