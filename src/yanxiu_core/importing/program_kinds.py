"""Import specs for the record kinds programs declare (:class:`~yanxiu_core.program.RecordKind`).

A field is read under its declared headers or its own name; its ``type`` picks the parser
(``minutes`` fields are written as 学时 and stored as whole minutes, like the core's 学时
columns). A field named ``teacher_id`` is checked against the roster, one named ``date`` dates
the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..errors import PluginError
from ..hours import HoursPolicy
from ..model import ProgramRecord
from ..program import RecordField, RecordKind
from .columns import Column, Parser
from .kinds import KindSpec
from .normalize import clean_code, clean_text
from .values import (
    BadValue,
    parse_bool,
    parse_date,
    parse_float,
    parse_hours,
    parse_int,
)

FIELD_TYPES = ("str", "int", "float", "date", "minutes", "bool")


def _choice_parser(choices: tuple[str, ...]) -> Parser:
    folded = {clean_text(c).casefold(): c for c in choices}

    def parse(value: object) -> str:
        found = folded.get(clean_text(value).casefold())
        if found is None:
            raise BadValue("、".join(choices) + " 之一", "不在可选值中")
        return found

    return parse


def _parser(field: RecordField, policy: HoursPolicy, owner: str) -> Parser:
    if field.name == "teacher_id":
        return clean_code
    if field.type == "str":
        return _choice_parser(field.choices) if field.choices else clean_text
    simple: dict[str, Parser] = {
        "int": parse_int,
        "float": parse_float,
        "date": parse_date,
        "bool": parse_bool,
        "minutes": lambda v: parse_hours(v, policy),
    }
    try:
        return simple[field.type]
    except KeyError:
        raise PluginError(
            f"记录类型 {owner} 的字段 {field.name!r} 类型 {field.type!r} 无效；"
            f"可用类型：{', '.join(FIELD_TYPES)}"
        ) from None


def program_spec(kind: str, record_kind: RecordKind, program_id: str,
                 policy: HoursPolicy) -> KindSpec:
    """The spec that imports ``record_kind`` for program instance ``program_id``."""
    names = [f.name for f in record_kind.fields]
    unknown_keys = [k for k in record_kind.key if k not in names]
    if unknown_keys:
        raise PluginError(
            f"记录类型 {kind} 的 key 引用了未声明的字段：{', '.join(unknown_keys)}"
        )
    columns = tuple(
        Column(f.name, f.headers or (f.name,), _parser(f, policy, kind), f.required)
        for f in record_kind.fields
    )
    teacher_ref = "teacher_id" in names

    def build(v: Mapping[str, Any]) -> ProgramRecord:
        date = v.get("date")
        if isinstance(date, dt.datetime):
            date = date.date()
        return ProgramRecord(
            id=0, program=program_id, kind=record_kind.name,
            teacher_id=v.get("teacher_id"),
            date=date if isinstance(date, dt.date) else None,
            values={name: v.get(name) for name in names},
        )

    return KindSpec(
        kind=kind, title=record_kind.title, columns=columns, build=build,
        key=tuple(record_kind.key) or tuple(names), refers_to_teacher=teacher_ref,
        key_fields=tuple(record_kind.key),
    )
