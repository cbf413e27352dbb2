"""Import of record kinds that programs declare (RecordKind): typed fields, roster check, keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from yanxiu_core.errors import DataError, PluginError, UsageError
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import ImportResult, import_file
from yanxiu_core.model import Term
from yanxiu_core.program import RecordField, RecordKind
from yanxiu_core.store import Store, schema

TERM = Term("2017学年", dt.date(2017, 9, 1), dt.date(2018, 8, 31))

LEDGER = RecordKind(
    name="resources",
    title="资源经费台账",
    fields=(
        RecordField("teacher_id", ("工号", "teacher id"), required=True),
        RecordField("date", ("日期", "date"), type="date"),
        RecordField("item", ("用途", "item"), required=True, choices=("图书", "培训", "外出学习")),
        RecordField("amount", ("金额", "amount"), type="float", required=True),
        RecordField("count", ("数量", "count"), type="int"),
        RecordField("minutes", ("学时", "hours"), type="minutes"),
        RecordField("approved", ("已审批", "approved"), type="bool"),
        RecordField("note", ("备注",)),
    ),
    key=("teacher_id", "date", "item"),
)
NO_KEY = RecordKind(
    name="topics", title="课题", fields=(RecordField("title", ("课题名称",), required=True),
                                        RecordField("stage", ("阶段",))))


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(",".join(map(str, r)) for r in rows) + "\n").encode(encoding))
    return path


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key))]
                for name, t in schema.metadata.tables.items()}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'yanxiu.db'}") as s:
        roster = write_csv(tmp_path / "teachers.csv",
                           [["工号", "姓名"], ["T001", "王芳"], ["T002", "李明"]])
        import_file(s, school_id="s1", kind="teachers", path=roster, policy=HoursPolicy(),
                    programs={})
        yield s


def run(store: Store, path: Path, kind: RecordKind = LEDGER, name: str = "seed.resources",
        **kw: Any) -> ImportResult:
    return import_file(store, school_id="s1", kind=name, path=path, policy=HoursPolicy(),
                       programs={}, record_kind=kind, **kw)


ROWS = [
    ["种子教师资源经费台账"],
    ["工号", "日期", "用途", "金额", "数量", "学时", "已审批", "备注"],
    ["T001", "2017年12月1日", "图书", "500", "３", "2", "是", "（一）购书"],
    ["T002", "", "外出学习", "1200.5", "", "", "否", ""],
]


def test_typed_values_come_back_typed(store: Store, tmp_path: Path) -> None:
    result = run(store, write_csv(tmp_path / "res.csv", ROWS, "gb18030"))
    assert (result.kind, result.added, result.rows) == ("seed.resources", 2, 2)
    first, second = store.records("s1", TERM).program_records("seed", "resources")
    assert (first.program, first.kind, first.teacher_id, first.date) == (
        "seed", "resources", "T001", dt.date(2017, 12, 1))
    assert first.values == {"teacher_id": "T001", "date": dt.date(2017, 12, 1), "item": "图书",
                            "amount": 500.0, "count": 3, "minutes": 90, "approved": True,
                            "note": "（一）购书"}
    assert (second.date, second.values["date"], second.values["count"]) == (None, None, None)
    assert second.values["approved"] is False


def test_program_id_defaults_to_the_kind_prefix_or_is_checked(store: Store,
                                                              tmp_path: Path) -> None:
    path = write_csv(tmp_path / "res.csv", ROWS)
    run(store, path, program_id="seed")
    assert store.counts("s1")["program_records"] == 2
    with pytest.raises(UsageError, match=r"应为 'other\.resources'"):
        run(store, path, program_id="other")
    with pytest.raises(UsageError):
        run(store, path, name="seed.wrong")


def test_field_name_is_an_accepted_header(store: Store, tmp_path: Path) -> None:
    rows = [["teacher_id", "item", "amount", "note"], ["T001", "培训", "10", "x"]]
    assert run(store, write_csv(tmp_path / "r.csv", rows)).added == 1


def test_bad_values_and_unknown_teacher_all_reported(store: Store, tmp_path: Path) -> None:
    rows = [
        ["工号", "日期", "用途", "金额", "数量", "已审批"],
        ["T009", "2017-12-01", "图书", "1", "", ""],
        ["T001", "2017-12-32", "旅游", "多少", "1.5", "也许"],
        ["", "", "图书", "1", "", ""],
    ]
    before = dump(store)
    with pytest.raises(DataError) as info:
        run(store, write_csv(tmp_path / "res.csv", rows))
    assert dump(store) == before
    err = info.value
    assert str(err).startswith("导入失败：res.csv（资源经费台账）有 7 处错误，未写入任何数据")
    assert [(p.where, p.value) for p in err.problems] == [
        ("第 2 行, 列 “工号”", "T009"),
        ("第 3 行, 列 “日期”", "2017-12-32"),
        ("第 3 行, 列 “用途”", "旅游"),
        ("第 3 行, 列 “金额”", "多少"),
        ("第 3 行, 列 “数量”", "1.5"),
        ("第 3 行, 列 “已审批”", "也许"),
        ("第 4 行, 列 “工号”", None),
    ]
    assert err.problems[0].message == "工号不在教师名单中"
    assert err.problems[2].expected == "图书、培训、外出学习 之一"
    assert err.problems[6].message == "必填项为空"


def test_missing_required_field_column(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "用途"], ["T001", "图书"]]
    before = dump(store)
    with pytest.raises(DataError) as info:
        run(store, write_csv(tmp_path / "res.csv", rows))
    assert dump(store) == before
    assert info.value.problems[0].message == "缺少必需的列 “金额”"
    assert info.value.problems[0].expected == "列名之一：金额 / amount"


def test_reimport_by_declared_key(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "res.csv", ROWS)
    run(store, path)
    assert run(store, path).already_imported
    edited = [r[:] for r in ROWS]
    edited[2][3] = "650"  # same key (teacher, date, item): an update
    edited.append(["T001", "2017-12-01", "培训", "80", "", "", "", ""])  # new key
    result = run(store, write_csv(path, edited))
    assert (result.added, result.updated, result.unchanged) == (1, 1, 1)
    amounts = [r.values["amount"] for r in
               store.records("s1", TERM).program_records("seed", "resources")]
    assert amounts == [650.0, 1200.5, 80.0]


def test_duplicate_key_in_file(store: Store, tmp_path: Path) -> None:
    rows = [["工号", "日期", "用途", "金额"], ["T001", "2017-12-01", "图书", "1"],
            ["T001", "2017.12.1", "图书", "2"]]
    before = dump(store)
    with pytest.raises(DataError) as info:
        run(store, write_csv(tmp_path / "res.csv", rows))
    assert dump(store) == before
    assert info.value.problems[0].where == "第 3 行"
    assert info.value.problems[0].message == "与第 2 行重复"


def test_kind_without_key_or_teacher(store: Store, tmp_path: Path) -> None:
    rows = [["课题名称", "阶段"], ["识字教学研究", "开题"], ["作文教学研究", ""]]
    path = write_csv(tmp_path / "topics.csv", rows)
    assert run(store, path, kind=NO_KEY, name="lab.topics").added == 2
    recs = store.records("s1", TERM).program_records("lab", "topics")
    assert [(r.teacher_id, r.date, r.values) for r in recs] == [
        (None, None, {"title": "识字教学研究", "stage": "开题"}),
        (None, None, {"title": "作文教学研究", "stage": None}),
    ]
    # every field is the key: a changed stage is another record
    write_csv(path, [["课题名称", "阶段"], ["识字教学研究", "中期"]])
    assert run(store, path, kind=NO_KEY, name="lab.topics").added == 1


def test_a_kind_with_an_invalid_type_is_a_plugin_error(store: Store, tmp_path: Path) -> None:
    bad = RecordKind("x", "坏", (RecordField("when", ("时间",), type="datetime"),))
    with pytest.raises(PluginError, match="'datetime' 无效"):
        run(store, write_csv(tmp_path / "x.csv", [["时间"], ["1"]]), kind=bad, name="p.x")
    bad_key = RecordKind("y", "坏", (RecordField("a", ("甲",)),), key=("b",))
    with pytest.raises(PluginError, match="未声明的字段：b"):
        run(store, write_csv(tmp_path / "y.csv", [["甲"], ["1"]]), kind=bad_key, name="p.y")
