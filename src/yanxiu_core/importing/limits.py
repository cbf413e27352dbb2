"""What an import accepts at most, and the checks that keep a bad file from doing harm.

A school's file can be damaged or absurd without anyone meaning it: an ``.xlsx`` whose few
kilobytes expand to a million rows, a cell holding a whole book, a stray NUL byte, 学时 of
``1e30``. :class:`ImportLimits` bounds each of these with defaults far above any real ledger;
the checks here refuse what is beyond them with a located :class:`~yanxiu_core.errors.Problem`
(file, sheet, row, column) instead of storing it, running out of memory or printing a traceback.
The limits are documented in ``docs/import.md`` (decision 0014).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ..errors import DataError, Problem
from ..model import Activity, Attendance
from .values import MAX_HOURS, BadValue, RowError

if TYPE_CHECKING:
    from ..store import Store

MB = 1024 * 1024


@attrs.frozen
class ImportLimits:
    """Bounds of one imported file. The defaults are far above any school's real ledger.

    * ``max_file_bytes``: size of the file on disk (CSV text or compressed ``.xlsx``).
    * ``max_rows``: non-blank rows of a file (all sheets together).
    * ``max_columns``: cells of a row, up to its last non-blank one.
    * ``max_cell_chars``: characters of a cell of a column the import reads.
    * ``max_xlsx_unzipped_bytes`` / ``max_xlsx_member_bytes``: the decompressed size of an
      ``.xlsx`` (all its parts together / one part), checked before anything is unpacked.
    * ``max_hours_ratio``: 学时 may be at most this many times the time they are credited for
      (an activity's 开始–结束 time; an attendance row's activity's 学时).
    * ``max_minutes_per_day``: an activity with 开始时间 and 结束时间 happens on one day and
      credits at most this many minutes (24 hours).
    * ``problems_shown``: problems printed in an error message (the rest are counted);
      ``problems_kept``: problems kept on the error for programs that list them all.
    """

    max_file_bytes: int = 100 * MB
    max_rows: int = 200_000
    max_columns: int = 1_000
    max_cell_chars: int = 2_000
    max_xlsx_unzipped_bytes: int = 200 * MB
    max_xlsx_member_bytes: int = 200 * MB
    max_hours_ratio: float = 5.0
    max_minutes_per_day: int = 24 * 60
    problems_shown: int = 50
    problems_kept: int = 10_000


DEFAULT_LIMITS = ImportLimits()


def size_text(n: int) -> str:
    """A byte count for messages: ``12.3 MB``."""
    if n >= MB:
        return f"{n / MB:.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} 字节"


def check_file_size(path: Path, file: str, limits: ImportLimits) -> None:
    """Refuse a file larger than :attr:`ImportLimits.max_file_bytes` before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it reports the problem
    if size > limits.max_file_bytes:
        raise limited_error(
            f"导入失败：{file} 太大（{size_text(size)}），未写入任何数据",
            [Problem(f"文件大小 {size_text(size)}，超过上限 {size_text(limits.max_file_bytes)}",
                     file=file, expected="一个学校一类记录的表格（通常远小于 1 MB）")],
            limits,
        )


# --- cells ----------------------------------------------------------------------------------

# C0 controls but tab, LF and CR; DEL and the C1 controls; U+FFFD.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def bad_character(text: str) -> str | None:
    """The first character that has no place in a cell, or ``None``: C0 and C1 control
    characters (NUL, ESC …; tab and line breaks are fine), DEL, and U+FFFD (text that was
    already damaged by a wrong encoding somewhere)."""
    found = _BAD_CHARACTER.search(text)
    return None if found is None else found.group()


def character_name(ch: str) -> str:
    """``U+0000（NUL）`` style name of a character for messages."""
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\ufffd": "替换字符 �"}
    name = names.get(ch) or unicodedata.name(ch, "") or "控制字符"
    return f"U+{ord(ch):04X}（{name}）"


def shown_value(text: str, chars: int = 40) -> str:
    """A long cell shortened for a message."""
    return text if len(text) <= chars else text[:chars] + f"…（共 {len(text)} 字）"


def checked_cell(value: object, limits: ImportLimits) -> object:
    """``value`` unchanged if it may be read; :class:`BadValue` for a cell over
    :attr:`ImportLimits.max_cell_chars` or holding a control character."""
    if not isinstance(value, str):
        return value
    if len(value) > limits.max_cell_chars:
        raise BadValue(f"不超过 {limits.max_cell_chars} 字的内容",
                       f"单元格过长（{len(value)} 字）")
    ch = bad_character(value)
    if ch is not None:
        raise BadValue("普通文字；请删除不可见的控制字符（可在记事本或 WPS 中查找替换）",
                       f"单元格含有控制字符 {character_name(ch)}")
    return value


# --- problems -------------------------------------------------------------------------------


class LimitedDataError(DataError):
    """A :class:`DataError` whose message lists the first :attr:`ImportLimits.problems_shown`
    problems and counts the rest (``另有 M 处问题未列出``). ``problems`` keeps up to
    :attr:`ImportLimits.problems_kept` of them; ``total`` is how many there were."""

    def __init__(self, message: str, problems: list[Problem] | None = None, *,
                 shown: int = DEFAULT_LIMITS.problems_shown, total: int | None = None) -> None:
        super().__init__(message, problems)
        self.shown = shown
        self.total = len(self.problems) if total is None else total

    def __str__(self) -> str:
        head = self.args[0] if self.args else ""
        lines = [str(head), *(f"  - {p}" for p in self.problems[: self.shown])]
        more = self.total - min(self.shown, len(self.problems))
        if more > 0:
            lines.append(f"  另有 {more} 处问题未列出")
        return "\n".join(lines)


def limited_error(message: str, problems: Sequence[Problem], limits: ImportLimits,
                  total: int | None = None) -> LimitedDataError:
    """The error for ``problems``, printed shortened to the limits."""
    return LimitedDataError(message, list(problems[: limits.problems_kept]),
                            shown=limits.problems_shown,
                            total=len(problems) if total is None else total)


@attrs.define
class ProblemList:
    """Problems of a file as they are found: the first :attr:`ImportLimits.problems_kept`
    are kept, the rest only counted (a million bad rows must not need a million objects)."""

    limits: ImportLimits
    kept: list[Problem] = attrs.field(factory=list)
    total: int = 0

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.total += 1
            if len(self.kept) < self.limits.problems_kept:
                self.kept.append(problem)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    def error(self, message: str) -> LimitedDataError:
        return LimitedDataError(message, self.kept, shown=self.limits.problems_shown,
                                total=self.total)


# --- plausible records ----------------------------------------------------------------------


@attrs.define
class RecordCheck:
    """Rules over a whole built record that no single cell can see: 学时 within reason for the
    time they are credited for.

    * an activity with 开始时间 and 结束时间: its 学时 (as minutes) at most
      :attr:`ImportLimits.max_hours_ratio` × the minutes between them, and at most
      :attr:`ImportLimits.max_minutes_per_day` (it happens on one day);
    * an attendance row with 学时 of its own: at most ratio × its activity's 学时 (when the
      activity has any).

    Every 学时 cell is already at most :data:`~.values.MAX_HOURS`.
    """

    limits: ImportLimits
    activity_minutes: dict[str, int] = attrs.field(factory=dict)

    @classmethod
    def load(cls, store: Store, school_id: str, refers_to_activity: bool,
             limits: ImportLimits) -> RecordCheck:
        """The check for one import; attendance needs the school's activities' 学时."""
        minutes: dict[str, int] = {}
        if refers_to_activity:
            import sqlalchemy as sa

            from ..store import schema

            a = schema.activities
            stmt = sa.select(a.c.id, a.c.minutes).where(a.c.school_id == school_id)
            with store.engine.connect() as conn:
                minutes = {row.id: int(row.minutes) for row in conn.execute(stmt)}
        return cls(limits, minutes)

    def check(self, record: object) -> None:
        """Raise :class:`~.values.RowError` for an implausible record."""
        ratio = self.limits.max_hours_ratio
        if isinstance(record, Activity) and record.end is not None:
            span = int((record.end - record.start).total_seconds() // 60)
            timed = record.start.time() != dt.time()  # 00:00: no 开始时间 was given
            most = min(int(ratio * span), self.limits.max_minutes_per_day)
            if timed and span > 0 and record.minutes > most:
                raise RowError(
                    "minutes", f"学时与活动时长不符：学时折合 {record.minutes} 分钟，而活动 "
                    f"{record.start:%H:%M}–{record.end:%H:%M} 只有 {span} 分钟", None,
                    f"不超过活动时长的 {ratio:g} 倍、且不超过一天 24 小时（即 {most} 分钟）的学时；"
                    "请检查学时或开始、结束时间",
                )
        if isinstance(record, Attendance) and record.minutes is not None:
            base = self.activity_minutes.get(record.activity_id, 0)
            if base > 0 and record.minutes > ratio * base:
                raise RowError(
                    "minutes", f"学时远超活动的学时：本行折合 {record.minutes} 分钟，活动 "
                    f"{record.activity_id} 为 {base} 分钟", None,
                    f"不超过活动学时的 {ratio:g} 倍（{int(ratio * base)} 分钟）；留空即按活动的学时",
                )


__all__ = [
    "DEFAULT_LIMITS",
    "MAX_HOURS",
    "ImportLimits",
    "LimitedDataError",
    "ProblemList",
    "RecordCheck",
    "bad_character",
    "check_file_size",
    "checked_cell",
    "limited_error",
]
