"""``import_file`` / ``import_files``: read, validate every row, then write everything in one
transaction or nothing.

Order of work, per file: hash it (a file whose content was already imported and still stands is
a no-op); find the header row; parse every row, collecting every problem (bad values, unknown
teachers or activities, keys repeated in the file); if there is any problem raise one
:class:`~yanxiu_core.errors.DataError` listing them all. Several files of a school
(:func:`import_files`, what ``yanxiu run`` uses) are validated one after the other against the
store *as the earlier files will leave it* (attendance may name an activity the same batch
adds, and may not name a teacher it removes), then all written in ONE transaction: either every
file of the school is imported or none is.

Writing makes the store mirror each file (decision 0013): rows are upserted by natural key,
recording the file they came from; rows of the same file that it no longer has are removed,
with the rows that depend on them (``keep_missing`` keeps them); a column the file does not have
keeps the stored values (:mod:`.coverage`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import DataError, Problem, UsageError
from ..hours import HoursPolicy
from ..program import RecordKind
from .bulk import validated_in_bulk
from .cells import BLANK, blank, name_key, parse_cell
from .columns import Layout, locate
from .kinds import CORE_KINDS, KindSpec, core_spec
from .limits import (
    DEFAULT_LIMITS,
    ImportLimits,
    ProblemList,
    RecordCheck,
    check_file_size,
    shown_value,
)
from .normalize import cell_text
from .program_kinds import program_spec
from .readers import read_sheets
from .values import BadValue, RowError

if TYPE_CHECKING:
    from ..store import Store
    from ..store.writer import ImportWrite

Key = tuple[Any, ...]

# Chinese names of the tables whose rows go with a removed teacher or activity, for messages.
_TABLE_TITLES = {
    "teachers": "教师", "activities": "活动记录", "attendance": "出勤记录", "artifacts": "研修成果",
    "assessments": "考核成绩", "awards": "荣誉与获奖", "program_records": "项目记录",
}


@attrs.frozen
class ImportResult:
    """What an import did. ``already_imported``: the same content was imported before and
    nothing was read or written. ``removed``: stored rows of the file that it no longer has,
    removed (``removed_labels`` names removed teachers and activities); ``cascaded``: rows that
    depended on them, removed too (table name, count); ``kept``: rows the file no longer has,
    kept because of ``keep_missing``."""

    file: str
    kind: str
    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    already_imported: bool = False
    ignored_columns: tuple[str, ...] = ()
    sheet_notes: tuple[str, ...] = ()  # sheets of a workbook not imported, and why
    removed: int = 0
    cascaded: tuple[tuple[str, int], ...] = ()
    kept: int = 0
    removed_labels: tuple[str, ...] = ()

    def summary(self) -> str:
        """One Chinese line for the school clerk."""
        if self.already_imported:
            return f"{self.file}：与已导入的内容相同（{self.rows} 行），未作任何更改"
        text = (f"{self.file}：新增 {self.added} 行，更新 {self.updated} 行，"
                f"未变 {self.unchanged} 行")
        if self.removed:
            text += f"，删除 {self.removed} 行（文件中已没有）"
            if self.removed_labels:
                shown = "、".join(self.removed_labels[:5])
                more = len(self.removed_labels) - 5
                text += f"：{shown}" + (f" 等 {len(self.removed_labels)} 项" if more > 0 else "")
        if self.cascaded:
            total = sum(n for _, n in self.cascaded)
            parts = "、".join(f"{_TABLE_TITLES.get(t, t)} {n} 行" for t, n in self.cascaded)
            text += f"；随之删除相关记录 {total} 行（{parts}）"
        if self.kept:
            text += f"；文件中没有的 {self.kept} 行按要求保留"
        if self.ignored_columns:
            text += f"（未使用的列：{'、'.join(self.ignored_columns)}）"
        if self.sheet_notes:
            text += "；" + "；".join(self.sheet_notes)
        return text


@attrs.frozen
class FileImport:
    """One file of a batch (:func:`import_files`): its kind, where it is and how it is named
    (``display_name``, default the file name: the name the store records as the rows' source
    and the messages use). For a program-declared kind pass its ``record_kind`` (and the
    instance id when ``kind`` does not start with it). ``keep_missing``: keep stored rows of this
    file that it no longer has (a partial file), instead of removing them."""

    kind: str
    path: Path
    display_name: str | None = None
    record_kind: RecordKind | None = None
    program_id: str | None = None
    keep_missing: bool = False

    @property
    def name(self) -> str:
        return self.display_name or self.path.name


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
    keep_missing: bool = False,
) -> ImportResult:
    """Import one spreadsheet of ``kind`` for a school, all or nothing.

    ``programs`` maps the names accepted in a 项目 column (instance id and title) to the instance
    id. For a program-declared kind pass its ``record_kind``; ``kind`` is then
    ``"<program_id>.<record_kind.name>"``. ``reference_year`` is the year the school's term
    starts: a roster's 教龄 counts back from it to the 入职年份. ``limits`` bounds the file
    (rows, cells, 学时 …; docs/import.md). The store then mirrors the file: its rows that the
    file no longer has are removed, with what depends on them, unless ``keep_missing``.
    Raises :class:`DataError` (nothing written) listing every problem, :class:`UsageError` for
    an unknown kind.
    """
    request = FileImport(kind=kind, path=path, display_name=display_name,
                         record_kind=record_kind, program_id=program_id,
                         keep_missing=keep_missing)
    return import_files(store, school_id=school_id, files=[request], policy=policy,
                        programs=programs, reference_year=reference_year, limits=limits)[0]


def import_files(
    store: Store,
    *,
    school_id: str,
    files: Sequence[FileImport],
    policy: HoursPolicy,
    programs: Mapping[str, str],
    reference_year: int | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> list[ImportResult]:
    """Import several files of one school in ONE transaction: all of them or none.

    Files are read and validated in the order given (the roster before the activities before
    what refers to them), each against the store as the files before it will leave it; a
    file whose content was already imported and still stands is skipped (per file). The first
    file with a problem raises its :class:`DataError`, naming the file, and nothing of the
    school is written. A record (natural key) may come from only one file of a kind: a key
    two files of the batch hold is an error too. Otherwise every file is written, in order, in
    one transaction. Returns one result per file, in order.
    """
    batch = _Batch(store, school_id, {(f.kind, f.name) for f in files})
    prepared: list[_Prepared] = []
    for request in files:
        try:
            prepared.append(_prepare(batch, request, policy, programs, reference_year, limits))
        except DataError as exc:
            raise _in_batch(exc, files) from None
    conflicts = batch.conflicts()
    if conflicts:
        names = "、".join(dict.fromkeys(p.file for p in conflicts))
        raise _in_batch(DataError(
            f"导入失败：{names} 中有 {len(conflicts)} 条记录与同类的另一个文件重复，未写入任何数据",
            conflicts), files)
    writes = [attrs.evolve(p.write, spare=batch.held_elsewhere(p.write.kind, p.file))
              for p in prepared if p.write is not None]
    changes = iter(_apply(store, school_id, writes, files) if writes else [])
    results: list[ImportResult] = []
    for p in prepared:
        if p.write is None:
            results.append(p.result)
            continue
        done = next(changes)
        results.append(attrs.evolve(
            p.result, added=done.added, updated=done.updated, unchanged=done.unchanged,
            removed=done.removed, cascaded=done.cascaded, kept=done.kept,
            removed_labels=done.removed_labels))
    return results


def _in_batch(exc: DataError, files: Sequence[FileImport]) -> DataError:
    """The error of one file of a batch, saying that the batch's other files were not
    imported either (the same object: a limited problem list stays limited)."""
    if len(files) > 1 and exc.args:
        exc.args = (f"{exc.args[0]}；同批的其余 {len(files) - 1} 个文件也都未导入"
                    "（一所学校的数据文件要么全部导入，要么都不导入）", *exc.args[1:])
    return exc


def _apply(store: Store, school_id: str, writes: Sequence[ImportWrite],
           files: Sequence[FileImport]) -> list[Any]:
    """Write the batch; a database constraint that fails (the data changed between the check
    and the write, e.g. another process imported meanwhile) is a DataError, nothing written."""
    import sqlalchemy as sa

    try:
        return store.apply_imports(school_id, writes)
    except sa.exc.IntegrityError as exc:
        names = "、".join(f.name for f in files)
        raise DataError(
            f"导入失败：写入 {names} 时数据库中的数据与检查时不同（可能另一个导入同时修改了本校的"
            "数据），未写入任何数据；请重新导入",
            [Problem(f"数据库拒绝写入：{exc.orig}", file=names)],
        ) from None


@attrs.frozen
class _Prepared:
    """A file of a batch after validation: its result so far, and what to write (None when it
    was already imported)."""

    result: ImportResult
    write: ImportWrite | None

    @property
    def file(self) -> str:
        return self.result.file


def _prepare(batch: _Batch, request: FileImport, policy: HoursPolicy,
             programs: Mapping[str, str], reference_year: int | None,
             limits: ImportLimits) -> _Prepared:
    """Read and validate one file of a batch against the batch's state, and record in the
    state what writing it will change."""
    from ..store.convert import rows_for
    from ..store.writer import ImportWrite, import_target, key_of
    from .coverage import row_merge

    kind, path, file = request.kind, request.path, request.name
    spec = _spec(kind, policy, programs, request.record_kind, request.program_id,
                 reference_year)
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
    store, school_id = batch.store, batch.school_id
    last = store.standing_import(school_id, kind, file, sha256,
                                 keep_missing=request.keep_missing)
    if last is not None and not batch.cascades_into(kind, file):
        batch.skipped.append((kind, file))
        return _Prepared(ImportResult(file=file, kind=kind, rows=last.rows,
                                      unchanged=last.rows, already_imported=True), None)
    layout = locate(read_sheets(data, path.suffix, file, limits), spec.columns, file)
    records, labels = _validated(batch, spec, layout, file, limits)
    table, scope = import_target(kind)
    rows = rows_for(school_id, records, spec.key_fields).get(table, [])
    keys = [key_of(table, r) for r in rows]
    batch.record(kind, file, rows, keys, labels, request.keep_missing)
    merge = row_merge(kind, list(layout.positions), [c.name for c in spec.columns])
    write = ImportWrite(kind=kind, table=table, scope=scope, source=file, sha256=sha256,
                        rows=rows, keep_missing=request.keep_missing, merge=merge, keys=keys)
    return _Prepared(ImportResult(file=file, kind=kind, rows=len(rows),
                                  ignored_columns=layout.ignored_columns(),
                                  sheet_notes=layout.notes), write)


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


class _Batch:
    """The state a batch's files are validated against: the school's roster and activities as
    the files so far will leave them, which file holds each record, and what was removed."""

    def __init__(self, store: Store, school_id: str, files: set[tuple[str, str]]) -> None:
        self.store = store
        self.school_id = school_id
        self.files = files  # (kind, name) of every file of the batch
        self.removed_teachers: dict[str, str] = {}  # teacher id -> the roster that dropped it
        self.removed_activities: dict[str, str] = {}
        self.skipped: list[tuple[str, str]] = []  # (kind, name) already imported
        self._teachers: dict[str, str] | None = None  # id -> name
        self._activities: dict[str, int] | None = None  # id -> minutes
        self._stored: dict[str, dict[Key, str]] = {}  # kind -> key -> file, as stored
        self._owners: dict[str, dict[Key, str]] = {}  # kind -> key -> file, as the batch goes
        self._claims: list[tuple[str, str, dict[Key, str]]] = []  # (kind, file, key -> row)

    def teachers(self) -> dict[str, str]:
        if self._teachers is None:
            self._teachers = self.store.teacher_names(self.school_id)
        return self._teachers

    def activities(self) -> dict[str, int]:
        if self._activities is None:
            self._activities = self.store.activity_minutes(self.school_id)
        return self._activities

    def owners(self, kind: str) -> dict[Key, str]:
        """Key -> file for the rows of ``kind`` as the batch's files so far leave them."""
        if kind not in self._owners:
            self._owners[kind] = dict(self.stored_owners(kind))
        return self._owners[kind]

    def stored_owners(self, kind: str) -> dict[Key, str]:
        """Key -> file for the stored rows of ``kind`` (as before the batch)."""
        if kind not in self._stored:
            self._stored[kind] = self.store.owners(self.school_id, kind)
        return self._stored[kind]

    def cascades_into(self, kind: str, file: str) -> bool:
        """Whether removals earlier in the batch take rows of this (already imported) file
        with them: then it is read again, and its rows naming them are errors."""
        store, school = self.store, self.school_id
        found = 0
        if self.removed_teachers:
            found += store.referring_rows(school, kind, file, "teacher_id", self.removed_teachers)
        if self.removed_activities and kind == "attendance":
            found += store.referring_rows(school, kind, file, "activity_id",
                                          self.removed_activities)
        return found > 0

    def record(self, kind: str, file: str, rows: Sequence[Mapping[str, Any]],
               keys: Sequence[Key], labels: Sequence[str], keep_missing: bool) -> None:
        """What writing ``file`` will do: it holds ``keys``; unless ``keep_missing``, the
        stored rows it held and no longer has go — which matters to later files when they
        are teachers or activities (only those are followed)."""
        self._claims.append((kind, file, dict(zip(keys, labels, strict=True))))
        if kind not in ("teachers", "activities"):
            return
        owners = self.owners(kind)
        present = set(keys)
        gone = [] if keep_missing else [k for k, f in owners.items()
                                        if f == file and k not in present]
        for key in gone:
            del owners[key]
        owners.update(dict.fromkeys(keys, file))
        if kind == "teachers":
            self._follow(self.teachers(), self.removed_teachers,
                         {r["id"]: r["name"] for r in rows}, [k[1] for k in gone], file)
        elif kind == "activities":
            self._follow(self.activities(), self.removed_activities,
                         {r["id"]: int(r["minutes"]) for r in rows}, [k[1] for k in gone], file)

    @staticmethod
    def _follow(known: dict[str, Any], removed: dict[str, str], written: Mapping[str, Any],
                gone: Iterable[str], file: str) -> None:
        known.update(written)
        for key in written:
            removed.pop(key, None)
        for key in gone:
            known.pop(key, None)
            removed[key] = file

    def held_elsewhere(self, kind: str, file: str) -> frozenset[Key]:
        """Keys of ``kind`` that another file read in this batch holds: a record that moves
        from ``file`` to that one is taken over there, not removed (and its attendance kept)."""
        return frozenset(key for k, f, labelled in self._claims if k == kind and f != file
                         for key in labelled)

    def conflicts(self) -> list[Problem]:
        """Records two files of the batch hold (a record comes from one file): reported on the
        later file, naming the earlier one (a file already imported is named without a row)."""
        problems: list[Problem] = []
        for kind in dict.fromkeys(k for k, _, _ in self._claims):
            skipped = {f for k, f in self.skipped if k == kind}
            if not skipped and sum(k == kind for k, _, _ in self._claims) < 2:
                continue  # one file of the kind: a key repeated in it was found when reading
            holders: dict[Key, list[tuple[str, str]]] = {}
            for claim_kind, file, labelled in self._claims:
                if claim_kind == kind:
                    for key, label in labelled.items():
                        holders.setdefault(key, []).append((file, label))
            if skipped:
                for key, file in self.stored_owners(kind).items():
                    if file in skipped and key in holders:
                        holders[key].append((file, ""))
            for key, found in holders.items():
                if len(found) < 2:
                    continue
                first_file, first_row = found[0]  # a file read now: skipped ones come last
                shown = "、".join(str(v) for v in key[1:] if v not in (None, ""))
                for file, label in found[1:]:
                    if label:
                        at, other = (file, label), f"{first_file} {first_row}"
                    else:  # an already imported file: report on the one read now
                        at, other = (first_file, first_row), f"已导入的 {file}"
                    problems.append(Problem(
                        f"与 {other} 重复", file=at[0], where=at[1], value=shown,
                        expected="一条记录只写在一个文件中（同一学校同一类数据的几个文件不能重复）",
                    ))
        return problems


@attrs.define
class _Roster:
    """Teachers and activities a row may refer to: the batch's, for this school; ``removed``:
    ids the batch's roster or activities file dropped (id -> that file), for the message."""

    names: dict[str, str]  # teacher id -> name
    by_name: dict[str, list[str]]
    activities: set[str]
    removed_teachers: dict[str, str]
    removed_activities: dict[str, str]

    @classmethod
    def of(cls, batch: _Batch, spec: KindSpec) -> _Roster:
        names = batch.teachers() if spec.refers_to_teacher else {}
        by_name: dict[str, list[str]] = {}
        for tid, name in sorted(names.items()):
            by_name.setdefault(name_key(name), []).append(tid)
        acts = set(batch.activities()) if spec.refers_to_activity else set()
        return cls(names, by_name, acts, batch.removed_teachers, batch.removed_activities)


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


def _validated(batch: _Batch, spec: KindSpec, layout: Layout, file: str,
               limits: ImportLimits) -> tuple[list[object], list[str]]:
    """The file's records and, for each, where it is (``第 3 行``), or a DataError listing
    every problem. Column by column first (:mod:`.bulk`); a file with a problem is then read
    row by row to name each one."""
    problems = _missing_teacher_columns(spec, layout, file)
    if problems:
        raise DataError(f"导入失败：{file} 的表头有 {len(problems)} 处问题，未写入任何数据",
                        problems)
    roster = _Roster.of(batch, spec)
    plausible = RecordCheck(limits, dict(batch.activities()) if spec.refers_to_activity else {})
    valid = validated_in_bulk(spec, layout, teachers=roster.names, by_name=roster.by_name,
                              activities=roster.activities, plausible=plausible, limits=limits)
    if valid is not None:
        return valid
    return _row_by_row(spec, layout, file, roster, plausible, limits)


def _row_by_row(spec: KindSpec, layout: Layout, file: str, roster: _Roster,
                plausible: RecordCheck, limits: ImportLimits) -> tuple[list[object], list[str]]:
    """:func:`_validated` one row after the other, naming every problem with its row and
    column (what a file with a problem gets; :mod:`.bulk` is for files without)."""
    records: list[object] = []
    labels: list[str] = []
    first_row_of: dict[tuple[Any, ...], str] = {}
    found = ProblemList(limits)
    memo: _Memo = {}
    for part, number, cells in layout.data_rows():
        raw = {name: (cells[i] if i < len(cells) else None)
               for name, i in part.positions.items()}
        if all(blank(v) for v in raw.values()):
            continue  # blank rows, or notes only in columns no field uses
        row = _Row(number, spec, part, file)
        values = _parse_cells(spec, raw, row, limits, memo)
        if spec.refers_to_teacher:
            _resolve_teacher(values, raw, roster, row)
        if spec.refers_to_activity and values.get("activity_id") is not None:
            activity = values["activity_id"]
            if activity not in roster.activities:
                dropped = roster.removed_activities.get(activity)
                row.add("activity_id", "活动编号不在已导入的活动中", cell_text(raw["activity_id"]),
                        "已导入的活动编号（请先导入 activities）" if dropped is None else
                        f"已导入的活动编号（{activity} 已随 {dropped} 删去：请同时删去这一行，"
                        "或在活动记录中保留这项活动）")
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
                    labels.append(first_row_of[key])
                except RowError as exc:
                    row.add(exc.column, exc.message, exc.value, exc.expected)
        found.extend(row.problems)
    if found:
        raise found.error(
            f"导入失败：{file}（{spec.title}）有 {len(found)} 处错误，未写入任何数据")
    return records, labels


_Memo = dict[tuple[str, type, object], Any]
"""(column, cell type, cell) -> parsed value, or the BadValue it raised, for one file."""


def _parse_cells(spec: KindSpec, raw: Mapping[str, object], row: _Row,
                 limits: ImportLimits, memo: _Memo | None = None) -> dict[str, Any]:
    """Each column's value parsed from its cell (None when blank or bad, the row's problems
    added). Parsing is a pure function of the column and the cell, and a sign-in sheet repeats
    its cells endlessly (the same 40 activity ids, 100 工号, one 状态): ``memo`` keeps each
    (column, cell) result for the file, so a value is cleaned and parsed once, not per row.
    The cell's type is part of the key (``1`` and ``1.0`` and ``True`` are equal in Python)."""
    values: dict[str, Any] = {}
    for col in spec.columns:
        name = col.name
        cell = raw.get(name)
        key = (name, cell.__class__, cell)
        try:
            parsed = memo[key] if memo is not None else parse_cell(col, cell, limits)
        except KeyError:
            parsed = memo[key] = parse_cell(col, cell, limits)  # type: ignore[index]
        except TypeError:  # an unhashable cell: never from a reader, but parse it anyway
            parsed = parse_cell(col, cell, limits)
        if parsed is BLANK:
            values[name] = None
            if col.required:
                row.add(name, "必填项为空", None, f"填写 “{col.title}”")
        elif isinstance(parsed, BadValue):
            values[name] = None
            row.add(name, parsed.message, shown_value(cell_text(cell)), parsed.expected)
        else:
            values[name] = parsed
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
            dropped = roster.removed_teachers.get(tid)
            row.add("teacher_id", "工号不在教师名单中", cell_text(raw.get("teacher_id")),
                    "教师名单中的工号（请先导入 teachers）" if dropped is None else
                    f"教师名单中的工号（{tid} 已随 {dropped} 从教师名单中删去：请同时删去这一行，"
                    "或把该教师留在教师名单中）")
        elif name is not None and name_key(name) != name_key(roster.names[tid]):
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
    ids = roster.by_name.get(name_key(name), [])
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
    ids = roster.by_name.get(name_key(holder), [])
    if len(ids) > 1:
        row.add(holder_col, f"教师名单中有 {len(ids)} 位 “{holder}”（工号 {'、'.join(ids)}）",
                holder, "填写工号以区分同名教师")
    elif ids:
        values["teacher_id"] = ids[0]
        values[holder_col] = None  # the teacher's name, not a group's: the record is theirs


def sha256_of(path: Path) -> str:
    """The content hash an import records for a file (what ``already_imported`` compares)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()

