"""Build a program's attrs ``Settings`` object from its TOML table, with located errors.

cattrs does the structuring (strict: ``"3"`` is not an int, ``2.7`` is not an int, unknown keys
are errors); every failure becomes a :class:`Problem` naming the file, the full key path, the
line, the value and what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from ..errors import ConfigError, Problem
from .locate import find_line

EXPECTED: dict[Any, str] = {
    int: "整数 (int)",
    float: "数字 (float)",
    str: "文本 (str)",
    bool: "true 或 false (bool)",
    dt.date: "日期（如 2020-09-01，不加引号）",
    dt.time: "时间（如 15:30 或 \"15:30\"）",
}


def _strict(kind: type) -> Any:
    def hook(value: Any, _type: Any) -> Any:
        ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not ok:
            raise TypeError(f"expected {kind.__name__}")
        return value

    return hook


def _time(value: Any, _type: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}[:：]\d{2}", value.strip()):
        h, m = re.split(r"[:：]", value.strip())
        return dt.time(int(h), int(m))
    raise TypeError("expected time")


def _date(value: Any, _type: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise TypeError("expected date")


def _is_sequence_type(tp: Any) -> bool:
    import typing

    return typing.get_origin(tp) in (list, tuple, set, frozenset) or tp in (list, tuple)


def _scalar_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind in (int, float, str, bool):
        conv.register_structure_hook(kind, _strict(kind))
    conv.register_structure_hook(dt.time, _time)
    conv.register_structure_hook(dt.date, _date)
    return conv


def make_converter() -> cattrs.Converter:
    """Strict scalars, and a TOML string where a list is expected is an error (not characters)."""
    conv = _scalar_converter()
    plain = _scalar_converter()

    def guard(tp: Any) -> Any:
        inner = plain.get_structure_hook(tp)

        def hook(value: Any, _type: Any) -> Any:
            if isinstance(value, str | dict):
                raise TypeError("expected list")
            return inner(value, _type)

        return hook

    conv.register_structure_hook_factory(_is_sequence_type, guard)
    return conv


_CONVERTER = make_converter()


def _expected(tp: Any) -> str:
    import typing

    if tp in EXPECTED:
        return EXPECTED[tp]
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, __import__("types").UnionType) and len(args) == 1:
        return _expected(args[0])
    origin = getattr(tp, "__origin__", None)
    if origin in (list, tuple, set, frozenset):
        items = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return f"列表，每项为{_expected(items[0])}" if len(set(items)) == 1 else "列表"
    if origin in (dict, Mapping):
        return "表（table）"
    if attrs.has(tp):
        return "表（table）"
    return getattr(tp, "__name__", str(tp))


def _lookup(table: Any, parts: list[str | int]) -> Any:
    value = table
    for part in parts:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _path_text(prefix: str, parts: list[str | int]) -> str:
    text = prefix
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _failed_field(cls: Any, exc: BaseException) -> str | None:
    """The field whose attrs validator raised ``exc``.

    Validators get the ``attrs.Attribute`` as an argument, so the innermost frame of the
    traceback holding one of ``cls``'s attributes names the field, whatever the message says.
    The message is the fallback (the shared validators quote the field name).
    """
    if not (isinstance(cls, type) and attrs.has(cls)):
        return None
    names = [f.name for f in attrs.fields(cls)]
    found = None
    tb = exc.__traceback__
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            if isinstance(value, attrs.Attribute) and value.name in names:
                found = value.name
        tb = tb.tb_next
    if found is None:
        message = str(exc)
        found = next((n for n in names if f"'{n}'" in message), None)
    return found


_Flat = tuple[list[str | int], str, Any, str]  # key parts, message, value, expected
_UNKNOWN = "未知的设置项"


def _walk(exc: BaseException, parts: list[str | int], cls: Any, table: Any,
          out: list[_Flat]) -> None:
    """Flatten a cattrs error tree into (key parts, message, value, expected)."""
    if isinstance(exc, ForbiddenExtraKeysError):
        fields = [f.name for f in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, fields, n=1)
            hint = f"（您是否想写 {close[0]!r}？）" if close else ""
            out.append(([*parts, key], f"{_UNKNOWN}{hint}", None,
                         "以下之一：" + "、".join(fields) if fields else ""))
        return
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            _walk(sub, [*parts, note.name], note.type, table, out)
        for sub in without:
            _walk(sub, parts, cls, table, out)
        return
    if isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            _walk(sub, [*parts, inote.index], inote.type, table, out)
        for sub in without_i:
            _walk(sub, parts, cls, table, out)
        return
    if isinstance(exc, BaseExceptionGroup):
        for member in exc.exceptions:
            _walk(member, parts, cls, table, out)
        return
    if isinstance(exc, KeyError):
        key = str(exc.args[0])
        noted = bool(parts) and parts[-1] == key  # then ``cls`` is the missing field's type
        out.append((parts if noted else [*parts, key], "缺少必填设置项", None,
                    _expected(cls) if noted else ""))
        return
    if isinstance(exc, TypeError) and str(exc).startswith("expected"):
        out.append((parts, "类型不对", _lookup(table, parts), _expected(cls)))
        return
    # A validator of the settings class rejected the value.
    name = _failed_field(cls, exc)
    where = [*parts, name] if name else parts
    out.append((where, f"取值无效：{exc}", _lookup(table, where), ""))


def _problems(settings_class: type, table: Mapping[str, Any]) -> list[_Flat]:
    """Every problem of ``table``: unknown top-level keys stop cattrs before the class's
    validators run, so the table is tried again without them to report the rest too."""
    try:
        _CONVERTER.structure(dict(table), settings_class)
        return []
    except (Exception, BaseExceptionGroup) as exc:  # cattrs raises groups and plain errors
        flat: list[_Flat] = []
        _walk(exc, [], settings_class, table, flat)
    unknown = {parts[0] for parts, message, _, _ in flat
               if len(parts) == 1 and message.startswith(_UNKNOWN)}
    if unknown:
        rest = _problems(settings_class, {k: v for k, v in table.items() if k not in unknown})
        flat += [item for item in rest if item not in flat]
    return flat


def build_settings(settings_class: type, table: Mapping[str, Any], *, file: str,
                   key_prefix: str, source: str | None = None) -> Any:
    """Structure ``table`` into ``settings_class`` or raise :class:`ConfigError`.

    ``key_prefix`` (``programs.reading``) is prepended to key paths in messages; ``source`` is the
    TOML text the table came from, used to find line numbers. Every problem is reported: wrong
    types, unknown keys (with a did-you-mean), missing keys and values the class's attrs
    validators reject, each at its full key path (``programs.reading.books_per_term``).
    """
    try:
        return _CONVERTER.structure(dict(table), settings_class)
    except (Exception, BaseExceptionGroup) as exc:
        problems = []
        for parts, message, value, expected in _problems(settings_class, table):
            where = _path_text(key_prefix, parts)
            line = find_line(source, where) if source else None
            problems.append(Problem(message, file=file, where=where, line=line, value=value,
                                    expected=expected))
        raise ConfigError(f"{file}：设置有误", problems) from exc
