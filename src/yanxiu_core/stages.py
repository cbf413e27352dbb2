"""Staged work: an item that moves through named stages in a fixed order, each reached on a date
with its evidence, and each perhaps due by a date — so that a stage not reached in time can be
found ("stage overdue").

The stages are whatever a program names (a project's application, opening, mid-term review and
conclusion; a lesson's model, polishing and reflection rounds; phase 1/2/3 of a multi-year plan).
Nothing here knows a program:

* :class:`StageSpec` is a stage as settings name it (``{ name = "…", months = 12 }``: due twelve
  months after the item starts); :func:`stage_specs` and :func:`stage_names` validate such lists.
* :class:`StagePlan` is one item's stages in order with their due dates
  (:meth:`StagePlan.from_specs` computes them from a start date).
* :class:`StageProgress` is what one item has reached (:class:`StageReached`: stage, date,
  evidence).
* :func:`current_stage`, :func:`next_stage`, :func:`overdue_stages` and :func:`overdue` compare
  the two as of a day; :func:`unknown_stages` and :func:`out_of_order` find records to fix.

A stage is *reached* on its date; a later stage reached means the earlier ones are no longer
expected (a school that skips a stage is not told it is overdue). A stage is *overdue* when the
item has not gone past it, its due date is before the day looked at, and it is not reached.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, kept inside the month (``2021-01-31`` + 1 →
    ``2021-02-28``); ``months`` may be negative."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _name(_instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"'{attribute.name}' 不能为空")


def _months(_instance: Any, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"'{attribute.name}' 不能为负数")


@attrs.frozen
class StageSpec:
    """A stage as a program's settings name it: ``name`` and, optionally, ``months`` — the stage
    is due that many calendar months after the item starts (``None``: no due date). Usable as a
    settings field: ``stages = [{ name = "立项" }, { name = "中期", months = 12 }]``."""

    name: str = attrs.field(validator=_name)
    months: int | None = attrs.field(default=None, validator=_months)


def stage_names(_instance: Any, attribute: attrs.Attribute[Any], value: Sequence[str]) -> None:
    """Validator of a settings list of stage names: at least one, none blank, each once."""
    if not value:
        raise ValueError(f"'{attribute.name}' 至少要有一个阶段")
    seen: set[str] = set()
    for name in value:
        if not name.strip():
            raise ValueError(f"'{attribute.name}' 中有空的阶段名")
        if name in seen:
            raise ValueError(f"'{attribute.name}' 中的阶段 {name!r} 重复")
        seen.add(name)


def stage_specs(_instance: Any, attribute: attrs.Attribute[Any],
                value: Sequence[StageSpec]) -> None:
    """Validator of a settings list of :class:`StageSpec`: at least one, names each once, and
    the months never decreasing along the list (a later stage is not due before an earlier
    one)."""
    stage_names(_instance, attribute, [s.name for s in value])
    previous: StageSpec | None = None
    for spec in value:
        if spec.months is None:
            continue
        if previous is not None and previous.months is not None and spec.months < previous.months:
            raise ValueError(f"'{attribute.name}' 中 {spec.name!r} 的期限（{spec.months} 个月）"
                             f"早于前一阶段 {previous.name!r}（{previous.months} 个月）")
        previous = spec


@attrs.frozen
class StagePlan:
    """One item's stages in order (``names``, at least one, each once) and the day each is due
    by (``due``; a stage without an entry has no due date)."""

    names: tuple[str, ...]
    due: Mapping[str, dt.date] = attrs.field(factory=dict, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.names:
            raise ValueError("a stage plan needs at least one stage")
        if len(set(self.names)) != len(self.names):
            raise ValueError(f"stage names repeat: {self.names}")
        unknown = [n for n in self.due if n not in self.names]
        if unknown:
            raise ValueError(f"due dates for unknown stages: {unknown}")

    @classmethod
    def from_specs(cls, specs: Iterable[StageSpec], start: dt.date | None,
                   due: Mapping[str, dt.date] | None = None) -> StagePlan:
        """The plan of an item that starts on ``start``: each spec with ``months`` is due that
        many months later (no due dates without a start); ``due`` gives an item's own dates,
        which win (a project's own planned conclusion)."""
        specs = tuple(specs)
        dates: dict[str, dt.date] = {}
        if start is not None:
            dates = {s.name: add_months(start, s.months) for s in specs if s.months is not None}
        dates.update(due or {})
        return cls(tuple(s.name for s in specs), dates)

    def index(self, name: str) -> int | None:
        """The stage's position (0 = first), ``None`` for a name the plan does not have."""
        return self.names.index(name) if name in self.names else None

    @property
    def last(self) -> str:
        """The name of the final stage: an item that has reached it is complete
        (:func:`is_complete`). Every plan has one (a plan without stages is refused)."""
        return self.names[-1]


@attrs.frozen
class StageReached:
    """A stage reached on ``date``, with its ``evidence`` (a document's name, a record id)."""

    stage: str
    date: dt.date
    evidence: str = ""


@attrs.frozen
class StageProgress:
    """What one ``item`` (an id) has reached, in any order."""

    item: str
    reached: tuple[StageReached, ...] = ()

    def until(self, as_of: dt.date | None) -> tuple[StageReached, ...]:
        """The stages reached on or before ``as_of`` (all when ``None``), by date."""
        rows = [r for r in self.reached if as_of is None or r.date <= as_of]
        return tuple(sorted(rows, key=lambda r: r.date))

    def date_of(self, stage: str, as_of: dt.date | None = None) -> dt.date | None:
        """The first day ``stage`` was reached (on or before ``as_of``), else ``None``."""
        days = [r.date for r in self.until(as_of) if r.stage == stage]
        return min(days) if days else None

    def reached_stage(self, stage: str, as_of: dt.date | None = None) -> StageReached | None:
        """The first record of ``stage`` (on or before ``as_of``), with its evidence."""
        return next((r for r in self.until(as_of) if r.stage == stage), None)


@attrs.frozen
class Overdue:
    """``stage`` of ``item`` was due on ``due`` and is ``days`` days late on the day looked at."""

    item: str
    stage: str
    due: dt.date
    days: int


def current_stage(progress: StageProgress, plan: StagePlan,
                  as_of: dt.date | None = None) -> str | None:
    """The furthest stage of ``plan`` that ``progress`` has reached by ``as_of`` (all records when
    ``None``); ``None`` before the first. Stages the plan does not name are ignored."""
    positions = [i for r in progress.until(as_of) if (i := plan.index(r.stage)) is not None]
    return plan.names[max(positions)] if positions else None


def next_stage(progress: StageProgress, plan: StagePlan,
               as_of: dt.date | None = None) -> str | None:
    """The stage after the current one (the first when none is reached); ``None`` when the last
    stage is reached."""
    current = current_stage(progress, plan, as_of)
    position = 0 if current is None else plan.names.index(current) + 1
    return plan.names[position] if position < len(plan.names) else None


def is_complete(progress: StageProgress, plan: StagePlan, as_of: dt.date | None = None) -> bool:
    """Whether the plan's last stage is reached by ``as_of``."""
    return current_stage(progress, plan, as_of) == plan.last


def overdue_stages(progress: StageProgress, plan: StagePlan, as_of: dt.date) -> list[Overdue]:
    """Every stage after the current one whose due date is before ``as_of``, in plan order."""
    current = current_stage(progress, plan, as_of)
    start = 0 if current is None else plan.names.index(current) + 1
    out = []
    for name in plan.names[start:]:
        due = plan.due.get(name)
        if due is not None and due < as_of:
            out.append(Overdue(progress.item, name, due, (as_of - due).days))
    return out


def overdue(progress: StageProgress, plan: StagePlan, as_of: dt.date) -> Overdue | None:
    """The first overdue stage — where the item is stuck — or ``None`` when it is on time."""
    found = overdue_stages(progress, plan, as_of)
    return found[0] if found else None


def unknown_stages(progress: StageProgress, plan: StagePlan) -> list[StageReached]:
    """Records of stages the plan does not name (a typo in a spreadsheet, say)."""
    return [r for r in progress.reached if plan.index(r.stage) is None]


def out_of_order(progress: StageProgress, plan: StagePlan) -> list[tuple[StageReached, StageReached]]:
    """Pairs ``(earlier stage, later stage)`` where the later stage is dated before the earlier
    one (each stage's first record)."""
    first: dict[str, StageReached] = {}
    for r in sorted(progress.reached, key=lambda r: r.date):
        if plan.index(r.stage) is not None:
            first.setdefault(r.stage, r)
    ordered = [first[n] for n in plan.names if n in first]
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:] if b.date < a.date]
