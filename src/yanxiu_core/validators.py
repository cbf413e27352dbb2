"""attrs validators for program settings, shared so that plugins do not each write their own.

Each raises ``ValueError`` naming the field in quotes; the config loader turns that into a
problem at the full key path (``programs.<id>.<field>``) with the line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import Any

import attrs


def positive(_instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    """The value must be greater than 0."""
    if value <= 0:
        raise ValueError(f"'{attribute.name}' 应大于 0")


def not_negative(_instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    """The value must be 0 or more."""
    if value < 0:
        raise ValueError(f"'{attribute.name}' 不能为负数")


def iso_weekday(_instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    """1 = 星期一 … 7 = 星期日 (ISO numbering)."""
    if not 1 <= value <= 7:
        raise ValueError(f"'{attribute.name}' 应为 1–7（星期一 = 1 … 星期日 = 7）")


def month_nth(_instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    """Which weekday of the month (``monthly_dates``): 0 = not monthly (every N weeks), 1–5 the
    first to fifth, -1 … -5 the last to the fifth from last."""
    if not -5 <= value <= 5:
        raise ValueError(f"'{attribute.name}' 应为 0（每 every_weeks 周一次）、1–5（每月第几个）"
                         "或 -1 … -5（每月倒数第几个，-1 为最后一个）")


def unit_ratio(_instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
    """A share between 0 and 1."""
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"'{attribute.name}' 应在 0 与 1 之间（如 0.85）")


def after_start(instance: Any, attribute: attrs.Attribute[dt.time], value: dt.time) -> None:
    """An end time later than the instance's ``start`` field."""
    if value <= instance.start:
        raise ValueError(f"'{attribute.name}' ({value:%H:%M}) 应晚于开始时间 "
                         f"({instance.start:%H:%M})")


def counts_by(allowed: Collection[str], what: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """A validator for a table of ``{name: number}``: names from ``allowed`` (``what`` says what
    they are, e.g. 获奖级别), numbers not negative."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
        for key, number in value.items():
            if key not in allowed:
                raise ValueError(f"'{attribute.name}' 中的 {key!r} 不是{what}"
                                 f"（{'、'.join(allowed)}）")
            if number < 0:
                raise ValueError(f"'{attribute.name}' 中 {key!r} 的值不能为负数")

    return check


def non_empty(_instance: Any, attribute: attrs.Attribute[Any], value: Collection[Any]) -> None:
    """The text or list must not be empty (a blank text counts as empty).

    .. versionadded:: 1.1
    """
    if not (value.strip() if isinstance(value, str) else value):
        raise ValueError(f"'{attribute.name}' 不能为空")


def no_blank(_instance: Any, attribute: attrs.Attribute[Any], value: Collection[str]) -> None:
    """No item of the list may be blank (``["T1", " "]`` is refused).

    .. versionadded:: 1.1
    """
    if any(not str(item).strip() for item in value):
        raise ValueError(f"'{attribute.name}' 中有空白项")


def unique(_instance: Any, attribute: attrs.Attribute[Any], value: Collection[Any]) -> None:
    """No item of the list may appear twice; the message names each repeated item once.

    .. versionadded:: 1.1
    """
    seen: set[Any] = set()
    repeated: list[str] = []
    for item in value:
        if item in seen and str(item) not in repeated:
            repeated.append(str(item))
        seen.add(item)
    if repeated:
        raise ValueError(f"'{attribute.name}' 中的 {'、'.join(repeated)} 重复")
