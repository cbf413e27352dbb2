"""Settings that name teachers by 工号, checked against the school's roster by the core.

A plugin declares such a setting with :func:`teacher_ids` instead of writing its own "not on the
roster" loop in ``validate``::

    @attrs.frozen
    class MySettings:
        members: tuple[str, ...] = teacher_ids("成员", validator=[no_blank, unique])
        heads: Mapping[str, str] = teacher_ids("组长", factory=dict)  # 组名 -> 工号

``yanxiu check`` (and ``run``) then reports every id that is not on the roster as a problem at
its key — ``programs.<id>.members[2]``, ``programs.<id>.heads.语文组`` — with the line of the
school's config, before the program's own ``validate`` runs. The field may hold one id, a
sequence of ids, a mapping whose values are ids or sequences of ids, and it may sit in a nested
attrs class (a ``tuple[Pair, ...]`` whose ``mentor`` is a :func:`teacher_ids` field).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from .errors import Problem
from .program import ProgramContext

__all__ = ["TEACHER_IDS", "roster_problems", "teacher_ids"]

TEACHER_IDS = "yanxiu.teacher_ids"  # attrs field metadata key; its value is the label


def teacher_ids(label: str = "教师", **field: Any) -> Any:
    """An attrs field holding teacher ids (工号) that ``yanxiu check`` looks up on the roster.

    ``label`` names who they are in the message (``成员`` → “成员不在教师名册中”); every
    other keyword goes to :func:`attrs.field` (``default``, ``factory``, ``validator``, …). With
    neither ``default`` nor ``factory`` the default is ``()``.

    .. versionadded:: 1.1
    """
    if "default" not in field and "factory" not in field:
        field["default"] = ()
    metadata = {**field.pop("metadata", {}), TEACHER_IDS: label}
    return attrs.field(metadata=metadata, **field)


def roster_problems(ctx: ProgramContext) -> Iterator[Problem]:
    """One problem per id in a :func:`teacher_ids` field of ``ctx.settings`` that is not on
    the roster (blank ids are left to the field's own validators)."""
    settings = ctx.settings
    if not attrs.has(type(settings)):
        return
    roster = {t.id for t in ctx.records.teachers()}
    for key, label, tid in _ids_in(settings, ""):
        if tid.strip() and tid not in roster:
            yield ctx.problem(f"{label}不在教师名册中", key, tid, "名册中的工号")


def _ids_in(obj: Any, prefix: str) -> Iterator[tuple[str, str, str]]:
    """``(key path, label, id)`` for every marked field of an attrs instance, recursively."""
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        key = f"{prefix}{field.name}"
        label = field.metadata.get(TEACHER_IDS)
        if label is not None:
            yield from _ids_at(key, label, value)
        else:
            yield from _nested(key, value)


def _ids_at(key: str, label: str, value: Any) -> Iterator[tuple[str, str, str]]:
    if isinstance(value, str):
        yield key, label, value
    elif isinstance(value, Mapping):
        for name, item in value.items():
            yield from _ids_at(f"{key}.{name}", label, item)
    elif isinstance(value, tuple | list | frozenset | set):
        for i, item in enumerate(value):
            yield from _ids_at(f"{key}[{i}]", label, item)


def _nested(key: str, value: Any) -> Iterator[tuple[str, str, str]]:
    if attrs.has(type(value)):
        yield from _ids_in(value, f"{key}.")
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            if attrs.has(type(item)):
                yield from _ids_in(item, f"{key}[{i}].")
    elif isinstance(value, Mapping):
        for name, item in value.items():
            if attrs.has(type(item)):
                yield from _ids_in(item, f"{key}.{name}.")
