"""``import_file``: read, validate every row, then write everything in one transaction or nothing.

Order of work: hash the file (a file whose content was already imported and still stands is a
no-op); find the header row; parse every row, collecting every problem (bad values, unknown
teachers or activities, keys repeated in the file); if there is any problem raise one
:class:`~yanxiu_core.errors.DataError` listing them all; else upsert by natural key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import DataError, Problem, UsageError
from ..hours import HoursPolicy
from ..program import RecordKind
from .columns import Layout, locate
from .kinds import CORE_KINDS, KindSpec, RowError, core_spec
from .limits import (
    DEFAULT_LIMITS,
    ImportLimits,
    ProblemList,
    RecordCheck,
    check_file_size,
    checked_cell,
    shown_value,
)
from .normalize import cell_text, clean_text, is_blank
from .program_kinds import program_spec
from .readers import read_sheets
from .values import BadValue

if TYPE_CHECKING:
    from ..store import Store


@attrs.frozen
class ImportResult:
    """What an import did. ``already_imported``: the same content was imported before and
    nothing was read or written."""

    file: str
    kind: str
    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    already_imported: bool = False
    ignored_columns: tuple[str, ...] = ()
    sheet_notes: tuple[str, ...] = ()  # sheets of a workbook not imported, and why

    def summary(self) -> str:
        """One Chinese line for the school clerk."""
        if self.already_imported:
            return f"{self.file}：与已导入的内容相同（{self.rows} 行），未作任何更改"
        text = (f"{self.file}：新增 {self.added} 行，更新 {self.updated} 行，"
                f"未变 {self.unchanged} 行")
        if self.ignored_columns:
            text += f"（未使用的列：{'、'.join(self.ignored_columns)}）"
        if self.sheet_notes:
            text += "；" + "；".join(self.sheet_notes)
        return text


def import_file(
    store: Store,
    *,
    school_id: str,
    kind: str,
    path: Path,
    policy: HoursPolicy,
    programs: Mapping[str, str],
    record_kind: RecordKind | None = None,
    program_id: str | None = None,
    display_name: str | None = None,
    reference_year: int | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """Import one spreadsheet of ``kind`` for a school, all or nothing.

    ``programs`` maps the names accepted in a 项目 column (instance id and title) to the instance
    id. For a program-declared kind pass its ``record_kind``; ``kind`` is then
    ``"<program_id>.<record_kind.name>"``. ``reference_year`` is the year the school's term
    starts: a roster's 教龄 counts back from it to the 入职年份. ``limits`` bounds the file
    (rows, cells, 学时 …; docs/import.md). Raises :class:`DataError` (nothing written) listing
    every problem, :class:`UsageError` for an unknown kind.
    """
    file = display_name or path.name
    spec = _spec(kind, policy, programs, record_kind, program_id, reference_year)
    check_file_size(path, file, limits)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(
            f"导入失败：无法读取 {file}，未写入任何数据",
            [Problem(f"文件无法读取（{exc.strerror or exc}）", file=file,
                     expected="存在且可读的 CSV 或 .xlsx 文件")],
        ) from None
    sha256 = hashlib.sha256(data).hexdigest()
    if store.already_imported(school_id, kind, sha256):
        last = store.last_import(school_id, kind, sha256)
        rows = last.rows if last is not None else 0
        return ImportResult(file=file, kind=kind, rows=rows, unchanged=rows,
                            already_imported=True)
    layout = locate(read_sheets(data, path.suffix, file, limits), spec.columns, file)
    records = _validated(store, school_id, spec, layout, file, limits)
    changes = store.apply_import(
        school_id, kind, records, file_name=file, sha256=sha256, rows=len(records),
        key_fields=spec.key_fields,
    )
    return ImportResult(
        file=file, kind=kind, rows=len(records), added=changes.added, updated=changes.updated,
        unchanged=changes.unchanged, ignored_columns=layout.ignored_columns(),
        sheet_notes=layout.notes,
    )


def _spec(kind: str, policy: HoursPolicy, programs: Mapping[str, str],
          record_kind: RecordKind | None, program_id: str | None,
          reference_year: int | None) -> KindSpec:
    if record_kind is None:
        if kind not in CORE_KINDS:
            raise UsageError(
                f"未知的导入类型 {kind!r}；可用：{'、'.join(CORE_KINDS)}，"
                "或项目声明的类型（项目编号.类型名）"
            )
        return core_spec(kind, policy, programs, reference_year)
    prefix, _, name = kind.partition(".")
    program_id = program_id or prefix
    if kind != f"{program_id}.{record_kind.name}" or name != record_kind.name:
        raise UsageError(
            f"导入类型 {kind!r} 与记录类型不符；应为 '{program_id}.{record_kind.name}'"
        )
    return program_spec(kind, record_kind, program_id, policy)


@attrs.define
class _Roster:
    """Teachers and activities a row may refer to: the store's, for this school."""

    names: dict[str, str]  # teacher id -> name
    by_name: dict[str, list[str]]
    activities: set[str]

    @classmethod
    def load(cls, store: Store, school_id: str, spec: KindSpec) -> _Roster:
        names = store.teacher_names(school_id) if spec.refers_to_teacher else {}
        by_name: dict[str, list[str]] = {}
        for tid, name in sorted(names.items()):
            by_name.setdefault(_name_key(name), []).append(tid)
        acts = store.activity_ids(school_id) if spec.refers_to_activity else set()
        return cls(names, by_name, acts)


def _name_key(name: str) -> str:
    return "".join(name.split())


class _Row:
    """Problems of one spreadsheet row, located by the headers as the file writes them."""

    def __init__(self, number: int, spec: KindSpec, layout: Layout, file: str) -> None:
        self.number = number
        self.spec = spec
        self.layout = layout
        self.file = file
        self.problems: list[Problem] = []

    def where(self, column: str | None) -> str:
        label = self.layout.labels.get(column or "")
        base = f"{self.layout.where_sheet}第 {self.number} 行"
        return f"{base}, 列 “{label}”" if label else base

    def add(self, column: str | None, message: str, value: object = None,
            expected: str = "") -> None:
        self.problems.append(Problem(message, file=self.file, where=self.where(column),
                                     value=value, expected=expected))


def _validated(store: Store, school_id: str, spec: KindSpec, layout: Layout,
               file: str, limits: ImportLimits) -> list[object]:
    problems = _missing_teacher_columns(spec, layout, file)
    if problems:
        raise DataError(f"导入失败：{file} 的表头有 {len(problems)} 处问题，未写入任何数据",
                        problems)
    roster = _Roster.load(store, school_id, spec)
    plausible = RecordCheck.load(store, school_id, spec.refers_to_activity, limits)
    records: list[object] = []
    first_row_of: dict[tuple[Any, ...], str] = {}
    found = ProblemList(limits)
    for part, number, cells in layout.data_rows():
        raw = {name: (cells[i] if i < len(cells) else None)
               for name, i in part.positions.items()}
        if all(_blank(v) for v in raw.values()):
            continue  # blank rows, or notes only in columns no field uses
        row = _Row(number, spec, part, file)
        values = _parse_cells(spec, raw, row, limits)
        if spec.refers_to_teacher:
            _resolve_teacher(values, raw, roster, row)
        if spec.refers_to_activity and values.get("activity_id") is not None:
            if values["activity_id"] not in roster.activities:
                row.add("activity_id", "活动编号不在已导入的活动中", cell_text(raw["activity_id"]),
                        "已导入的活动编号（请先导入 activities）")
        if not row.problems:
            key = spec.row_key(values)
            if key in first_row_of:
                shown = "、".join(cell_text(k) for k in key if k is not None)
                row.add(None, f"与{first_row_of[key]}重复", shown, "同一条记录只出现一次")
            else:
                first_row_of[key] = f"{part.where_sheet}第 {number} 行"
                try:
                    record = spec.build(values)
                    plausible.check(record)
                    records.append(record)
                except RowError as exc:
                    row.add(exc.column, exc.message, exc.value, exc.expected)
        found.extend(row.problems)
    if found:
        raise found.error(
            f"导入失败：{file}（{spec.title}）有 {len(found)} 处错误，未写入任何数据")
    return records


def _blank(value: object) -> bool:
    return is_blank(value) or (isinstance(value, str) and not clean_text(value))


def _parse_cells(spec: KindSpec, raw: Mapping[str, object], row: _Row,
                 limits: ImportLimits) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for col in spec.columns:
        cell = raw.get(col.name)
        if _blank(cell):
            values[col.name] = None
            if col.required:
                row.add(col.name, "必填项为空", None, f"填写 “{col.title}”")
            continue
        try:
            values[col.name] = col.parse(checked_cell(cell, limits))
        except BadValue as exc:
            values[col.name] = None
            row.add(col.name, exc.message, shown_value(cell_text(cell)), exc.expected)
    return values


def _missing_teacher_columns(spec: KindSpec, layout: Layout, file: str) -> list[Problem]:
    names = {c.name for c in spec.columns}
    present = set(layout.positions)
    if "teacher_name" not in names or {"teacher_id", "teacher_name"} & present:
        return []
    col = spec.column("teacher_id")
    expected = f"列名之一：{col.accepted()}（或用 “姓名” 列按教师名单对应）"
    if spec.teacher_or is not None:
        if spec.teacher_or in present:
            return []  # e.g. a list of school awards only: 获奖对象 names the holder
        expected += f"；学校或集体的记录可只用 “{spec.column(spec.teacher_or).title}” 列"
    return [Problem(
        f"缺少必需的列 “{col.title}”", file=file,
        where=f"{layout.where_sheet}第 {layout.header_row} 行（表头）", expected=expected,
    )]


def _resolve_teacher(values: dict[str, Any], raw: Mapping[str, object], roster: _Roster,
                     row: _Row) -> None:
    """Check the row's teacher against the roster; fill ``teacher_id`` from a unique name."""
    tid: str | None = values.get("teacher_id")
    name: str | None = values.get("teacher_name")
    by_name_allowed = "teacher_name" in {c.name for c in row.spec.columns}
    if tid is None and not by_name_allowed:
        return  # a program kind's optional teacher_id field; a required one was reported
    if tid is not None:
        if tid not in roster.names:
            row.add("teacher_id", "工号不在教师名单中", cell_text(raw.get("teacher_id")),
                    "教师名单中的工号（请先导入 teachers）")
        elif name is not None and _name_key(name) != _name_key(roster.names[tid]):
            row.add("teacher_name", f"工号 {tid} 在教师名单中是 “{roster.names[tid]}”",
                    name, "与教师名单一致的姓名")
        return
    if name is None:
        if row.spec.teacher_or is not None:
            _resolve_holder(values, roster, row, row.spec.teacher_or)
            return
        column = "teacher_id" if "teacher_id" in row.layout.positions else "teacher_name"
        row.add(column, "没有填写教师", None, "工号（或教师名单中的姓名）")
        return
    ids = roster.by_name.get(_name_key(name), [])
    if not ids:
        row.add("teacher_name", "姓名不在教师名单中", name,
                "教师名单中的姓名（请先导入 teachers），或填写工号")
    elif len(ids) > 1:
        row.add("teacher_name", f"教师名单中有 {len(ids)} 位 “{name}”（工号 {'、'.join(ids)}）",
                name, "填写工号以区分同名教师")
    else:
        values["teacher_id"] = ids[0]


def _resolve_holder(values: dict[str, Any], roster: _Roster, row: _Row, holder_col: str) -> None:
    """A row without a teacher: the holder column (获奖对象) must say whose record it is. When
    it holds the name of exactly one teacher of the roster, the row is that teacher's."""
    holder: str | None = values.get(holder_col)
    holder_title = row.spec.column(holder_col).title
    if holder is None:
        positions = row.layout.positions
        column = next((c for c in ("teacher_id", "teacher_name", holder_col) if c in positions),
                      None)
        row.add(column, f"没有填写教师，也没有填写{holder_title}", None,
                f"工号（或教师名单中的姓名）；学校或集体的记录填写 “{holder_title}”，如 学校、语文组")
        return
    ids = roster.by_name.get(_name_key(holder), [])
    if len(ids) > 1:
        row.add(holder_col, f"教师名单中有 {len(ids)} 位 “{holder}”（工号 {'、'.join(ids)}）",
                holder, "填写工号以区分同名教师")
    elif ids:
        values["teacher_id"] = ids[0]
        values[holder_col] = None  # the teacher's name, not a group's: the record is theirs


def sha256_of(path: Path) -> str:
    """The content hash an import records for a file (what ``already_imported`` compares)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()

