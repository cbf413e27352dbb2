"""What a program plugin provides: a :class:`ProgramType` and the records it returns.

A plugin registers one instance of a ``ProgramType`` subclass per program type through the
``yanxiu_program_types`` hook. For every school that enables the type, the core builds a
:class:`ProgramContext` and calls the type's methods with it. Every method has a harmless default,
so a program overrides only what it needs.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Generic, cast

import attrs
from typing_extensions import TypeVar

from .document import Block, Section
from .errors import Problem
from .hours import Credit, HoursPolicy
from .model import ProgramInstance, School, Term
from .records import Records

S = TypeVar("S", default=Any)
"""The settings class of a program type: ``ProgramType[ReadingSettings]`` makes
``ctx.settings`` a ``ReadingSettings`` for mypy. Left out (``ProgramType``), it is ``Any``."""


@attrs.frozen
class NoSettings:
    """Settings class of a program type that takes none."""


@attrs.frozen
class RecordField:
    """A column of a program-declared record kind.

    ``type`` is one of ``str``, ``int``, ``float``, ``date``, ``minutes``, ``bool``.
    ``headers`` are the accepted column headers (Chinese first); the first is used in messages.
    ``choices`` limits the allowed values of a ``str`` field.
    """

    name: str
    headers: tuple[str, ...]
    type: str = "str"
    required: bool = False
    choices: tuple[str, ...] = ()


@attrs.frozen
class RecordKind:
    """A kind of record a program keeps beyond the core's (e.g. a funding ledger).

    Imported with ``yanxiu import <program>.<name> FILE``. A field named ``teacher_id`` is checked
    against the roster; one named ``date`` scopes the record to a term.
    """

    name: str
    title: str
    fields: tuple[RecordField, ...]
    key: tuple[str, ...] = ()  # fields that identify a row for re-import; default: all fields


@attrs.frozen
class IndicatorValue:
    """One teacher's value of an indicator.

    ``value`` is a ratio in [0, 1] (1 = fully met); ``None`` means the indicator does not apply to
    this teacher and its weight is shared among the others. ``evidence`` lists record ids
    (``activity:L01``, ``artifact:12`` ...) behind it; ``detail`` is a short human text (``8/10``).
    """

    value: float | None
    evidence: tuple[str, ...] = ()
    detail: str = ""

    def __attrs_post_init__(self) -> None:
        if self.value is not None and not 0.0 <= self.value <= 1.0:
            raise ValueError(f"indicator value {self.value} outside [0, 1]")


@attrs.frozen
class Indicator:
    """A 过程性评价 indicator: ``key`` (``attendance``, ``reading.notes``), a Chinese title,
    its default weight (the district may override it by key) and per-teacher values."""

    key: str
    title: str
    weight: float
    values: Mapping[str, IndicatorValue]


@attrs.frozen
class SummativeItem:
    """A 终结性评价 contribution computed by a program (e.g. a scored final lesson)."""

    teacher_id: str
    name: str
    percent: float  # 0–100
    weight: float = 1.0
    evidence: tuple[str, ...] = ()


@attrs.frozen
class Veto:
    """A one-vote veto (一票否决) a program declares on a teacher's year grade.

    Whatever the score, the teacher's grade is at most ``grade_cap`` (a grade name of the
    district's evaluation policy); ``None`` means the lowest grade (不合格 by default). The
    scores are not changed. ``reason`` is the Chinese cause as the explanation prints it
    (a program's result ``…考核不合格``); ``evidence`` the record ids behind it
    (``<program>.results:3``).
    """

    teacher_id: str
    grade_cap: str | None
    reason: str
    evidence: tuple[str, ...] = ()


@attrs.frozen
class Figure:
    """A measurable figure of one program instance at one school (``("pairs", "结对", 10,
    "对")``): what the school's targets (``[[targets]]``) check and what the district roll-up
    puts side by side. ``key`` is stable within the program type (targets name it as
    ``<program id>.<key>``); ``value`` is a number (a share is a ratio in [0, 1] with unit
    ``"%"``, shown as a percentage)."""

    key: str
    label: str
    value: int | float
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise TypeError(f"figure {self.key!r}: value {self.value!r} is not a number")

    @property
    def text(self) -> str:
        """The value as a reader sees it: ``10对``, ``98.4%``, ``84.6分``."""
        if self.unit == "%":
            return f"{100 * self.value:.1f}%"
        number = f"{self.value:g}" if isinstance(self.value, float) else str(self.value)
        return number + self.unit


@attrs.frozen
class Membership:
    """A teacher's place in one program instance (``导师``, ``主持人``, ``成员`` …) with a short
    readable detail (``结对教师：王小林（C031）``), for the teacher's 研修档案."""

    teacher_id: str
    role: str
    detail: str = ""


class FindingKind(enum.StrEnum):
    """Where a :class:`Finding` goes in the summary: 存在的问题 (``PROBLEM``) or 下步打算
    (``NEXT_STEP``)."""

    PROBLEM = "存在的问题"
    NEXT_STEP = "下步打算"


@attrs.frozen
class Finding:
    """A problem or next step a program found in the records (``ProgramType.findings``).

    ``text`` is one Chinese sentence (white space is collapsed to one line); the summary lists it
    under its ``kind``'s heading after the core's own items, and the district roll-up repeats a
    school's problems. ``program`` is the instance id; :meth:`ProgramContext.finding` fills it
    in.
    """

    kind: FindingKind
    text: str
    program: str | None = None


@attrs.frozen
class PlannedSession:
    """One dated entry of a program's plan (研修计划)."""

    date: dt.date
    title: str
    program: str
    start: dt.time | None = None
    end: dt.time | None = None
    kind: str = ""
    place: str = ""
    speaker: str = ""
    note: str = ""

    @property
    def start_at(self) -> dt.datetime:
        """``date`` at ``start``, or at 00:00 when the session has no start time."""
        return dt.datetime.combine(self.date, self.start or dt.time(0, 0))

    @property
    def end_at(self) -> dt.datetime:
        """``date`` at ``end``; at ``start`` when there is no end time, at 23:59 when there is
        neither."""
        return dt.datetime.combine(self.date, self.end or self.start or dt.time(23, 59))


TextRenderer = Callable[..., str]


@attrs.frozen
class ProgramContext(Generic[S]):
    """Everything a program type's methods may use for one enabled instance at one school.

    ``ProgramContext[ReadingSettings]`` types :attr:`settings` (see :class:`ProgramType`).
    """

    school: School
    term: Term
    instance: ProgramInstance
    policy: HoursPolicy
    records: Records
    config_file: str = ""
    holidays: tuple[dt.date, ...] = ()
    renderer: TextRenderer | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def settings(self) -> S:
        """The instance's settings: an object of the type's ``Settings`` class, built from the
        school's ``[programs.<id>]`` table (defaults filled in, every validator passed)."""
        return cast(S, self.instance.settings)

    @property
    def program_id(self) -> str:
        """The instance's id: its key in the school's config (``[programs.<id>]``), not the
        type's ``name``. Pass it as ``program=`` to :attr:`records` for this instance's records,
        and as ``key=`` of the program's :class:`~yanxiu_core.document.Section`."""
        return self.instance.id

    @property
    def title(self) -> str:
        """How the summary names this instance: its ``name`` setting if it has one (e.g.
        a school's own series name), else the program type's title."""
        return self.instance.display_title

    def render(self, template: str, **values: Any) -> str:
        """Render a Chinese prose template (Jinja2) by file name; the workspace may override it."""
        if self.renderer is None:
            raise RuntimeError("no template renderer configured for this context")
        return self.renderer(template, school=self.school, term=self.term,
                             program=self.instance, **values)

    def problem(self, message: str, key: str = "", value: object = None,
                expected: str = "") -> Problem:
        """A check problem located at ``programs.<id>.<key>`` in the school's config file."""
        where = f"programs.{self.instance.id}" + (f".{key}" if key else "")
        return Problem(message, file=self.config_file, where=where, value=value,
                       expected=expected)

    def finding(self, text: str, kind: FindingKind = FindingKind.PROBLEM) -> Finding:
        """A :class:`Finding` of this instance: a 存在的问题 by default,
        ``kind=FindingKind.NEXT_STEP`` for a 下步打算."""
        return Finding(kind=kind, text=text, program=self.instance.id)


class ProgramType(Generic[S]):
    """Base class of program types. Subclasses set ``name``, ``title`` and usually ``Settings``.

    ``Settings`` is an attrs class; the core builds it from the school's ``[programs.<id>]`` table
    (unknown keys and wrong types are config errors naming the key). ``template_package`` names
    the package whose ``templates/`` folder holds this type's Jinja2 templates.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str] = ""
    Settings: ClassVar[type] = NoSettings
    record_kinds: ClassVar[tuple[RecordKind, ...]] = ()
    template_package: ClassVar[str | None] = None

    def validate(self, ctx: ProgramContext[S]) -> Iterable[Problem]:
        """Check the instance's settings against the records (``yanxiu check``)."""
        return ()

    def plan(self, ctx: ProgramContext[S]) -> Iterable[PlannedSession]:
        """The dated sessions this program plans in ``ctx.term`` (``yanxiu plan``)."""
        return ()

    def indicators(self, ctx: ProgramContext[S]) -> Iterable[Indicator]:
        """过程性评价 indicators this program contributes."""
        return ()

    def assessments(self, ctx: ProgramContext[S]) -> Iterable[SummativeItem]:
        """终结性评价 contributions beyond the imported assessments."""
        return ()

    def vetoes(self, ctx: ProgramContext[S]) -> Iterable[Veto]:
        """One-vote vetoes (一票否决) on teachers' year grades (:class:`Veto`): applied after the
        total, they cap the grade (``grade_cap``, or the lowest grade when ``None``) whatever
        the score; the scores stay as computed and ``explain`` names the reason."""
        return ()

    def basics(self, ctx: ProgramContext[S]) -> Iterable[Block]:
        """What this program adds to 一、基本情况 of the summary: usually a
        :class:`~yanxiu_core.document.KeyFigures` (``("师徒结对", "10对")``), whose items join the
        section's key figures; other blocks follow its opening text."""
        return ()

    def section(self, ctx: ProgramContext[S]) -> Section | None:
        """This program's section of the 校本研修工作总结. Set ``key=ctx.program_id`` so the
        district's outline (``[report] outline``, part ``program.<id>``) can place it."""
        return None

    def findings(self, ctx: ProgramContext[S]) -> Iterable[Finding]:
        """Problems (存在的问题) and next steps (下步打算) found in the records."""
        return ()

    def credits(self, ctx: ProgramContext[S]) -> Iterable[Credit]:
        """Time this program credits to teachers besides attendance (an online course's 学时,
        a certificate), as :class:`~yanxiu_core.hours.Credit` in whole minutes and a credit
        category; the core adds it to each teacher's 学时 everywhere 学时 are counted. The
        program applies its own rules (completion, yearly caps) before returning. Default: none.

        .. versionadded:: 1.1
        """
        return []

    def figures(self, ctx: ProgramContext[S]) -> Iterable[Figure]:
        """This instance's key figures as numbers (:class:`Figure`): a school's targets name them
        as ``<program id>.<key>``, the district roll-up compares them across schools. Keys are
        stable; a figure that cannot be computed is left out rather than given as 0."""
        return ()

    def members(self, ctx: ProgramContext[S]) -> Iterable[Membership]:
        """Who takes part in this instance and in which role (:class:`Membership`), for each
        teacher's 研修档案. A teacher may appear more than once (a mentor of two mentees)."""
        return ()
