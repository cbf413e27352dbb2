"""The store: schema and migrations, writes by natural key, and Records with MemoryRecords'
semantics (the same scenarios run against both)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from storecheck import dump, old_store

from yanxiu_core.memory_records import MemoryRecords
from yanxiu_core.model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    Award,
    ProgramRecord,
    Teacher,
    Term,
)
from yanxiu_core.records import ANY, ActivityAttendance, AttendanceSummary, Records
from yanxiu_core.store import (
    LATEST,
    MIGRATIONS,
    Changes,
    Migration,
    SchemaError,
    Store,
    StoreError,
    create_engine,
    migrate,
    schema,
)
from yanxiu_core.store import migrations as migrations_module
from yanxiu_core.testing import WorkspaceBuilder

TERM = Term("2017学年", dt.date(2017, 9, 1), dt.date(2018, 8, 31))
P, L, E, A = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
              AttendanceStatus.ABSENT)


def at(day: str, hm: str = "14:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day} {hm}")


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def scenario() -> list[object]:
    """Records that exercise every scoping rule: term edges, programs, statuses, undated rows."""
    teachers = [
        Teacher("T03", "赵丽", gender="女", birth_year=1990, roles=("青年教师",),
                education="硕士研究生"),
        Teacher("T01", "王芳", gender="女", birth_year=1975, subject="语文", group="语文组",
                title="高级教师", roles=("骨干教师", "班主任"), joined_year=1996,
                education="本科（函授）", backbone_level="市级", specialty_match=True),
        Teacher("T02", "李明", gender="男", birth_year=1995, roles=("新教师",), joined_year=2017,
                specialty_match=False),
        Teacher("T04", "孙强"),
    ]
    activities = [
        Activity("A1", "讲座", "开学讲座", at("2017-09-01", "00:00"), program="alpha",
                 minutes=90),  # first instant of the term
        Activity("A2", "听课", "公开课", at("2017-10-10", "08:00"), at("2017-10-10", "08:40"),
                 program="beta", place="201 教室", minutes=40),
        Activity("A3", "学习", "师德学习", at("2017-10-10", "08:00"), program=None,
                 minutes=45, credit_category="校本研修"),  # same start as A2: ordered by id
        Activity("A4", "讲座", "期末讲座", at("2018-08-31", "23:30"), program="alpha",
                 minutes=60),  # last day of the term, late
        Activity("A0", "讲座", "上学年讲座", at("2017-08-31", "15:00"), program="alpha",
                 minutes=45),  # before the term
        Activity("A5", "讲座", "下学年讲座", at("2018-09-01", "00:00"), program="alpha",
                 minutes=45),  # after the term
    ]
    attendance = [
        Attendance("A1", "T01", P, "主讲"),
        Attendance("A1", "T02", L),
        Attendance("A1", "T03", E),
        Attendance("A1", "T04", A),
        Attendance("A2", "T01", P, "授课", minutes=80),
        Attendance("A2", "T02", P, "听课"),
        Attendance("A2", "T03", E, minutes=30),  # own minutes, but excused: nothing credited
        Attendance("A3", "T02", P),
        Attendance("A3", "T03", A),
        Attendance("A4", "T01", L, minutes=0),
        Attendance("A0", "T01", P),
        Attendance("A5", "T02", P),
    ]
    artifacts = [
        Artifact(1, "T01", "教案", "识字教学", d("2017-11-21"), program="beta", score=92.5),
        Artifact(2, "T02", "学习笔记", "", d("2018-01-10")),
        Artifact(3, "T02", "反思", "课后反思", d("2017-11-21"), program="beta"),
        Artifact(4, "T03", "学习笔记", "", d("2017-08-31")),  # before the term
        Artifact(5, "T01", "论文", "作文教学", d("2018-08-31"), program="alpha"),
    ]
    assessments = [
        Assessment(1, "T01", "期末考核", 88.0),
        Assessment(2, "T02", "说课", 45.0, full_marks=50.0, program="beta",
                   date=d("2018-01-05")),
        Assessment(3, "T03", "旧考核", 70.0, date=d("2017-06-30")),  # before the term
        Assessment(4, "T03", "期末考核", 75.0),
    ]
    records = [
        ProgramRecord(1, "alpha", "ledger", "T01", d("2017-12-01"),
                      {"teacher_id": "T01", "date": d("2017-12-01"), "amount": 500.0,
                       "item": "图书", "ok": True}),
        ProgramRecord(2, "alpha", "ledger", None, None,
                      {"teacher_id": None, "date": None, "amount": 20.5, "item": "打印",
                       "ok": False}),
        ProgramRecord(3, "alpha", "ledger", "T02", d("2018-09-02"),
                      {"teacher_id": "T02", "date": d("2018-09-02"), "amount": 1.0,
                       "item": "下学年", "ok": True}),
        ProgramRecord(4, "alpha", "other", "T02", None,
                      {"teacher_id": "T02", "date": None, "count": 3, "minutes": 90}),
    ]
    awards = [
        Award(1, "优质课评比", "市级", d("2017-11-21"), rank="一等奖", teacher_id="T01",
              program="beta", issuer="某市教育局"),
        Award(2, "文明校园", "区县级", d("2018-01-10"), holder="学校"),  # the school's
        Award(3, "论文评比", "省级", d("2017-11-21"), rank="二等奖", teacher_id="T02"),
        Award(4, "旧奖", "校级", d("2017-08-31"), teacher_id="T03"),  # before the term
        Award(5, "课题结题", "区县级", d("2018-08-31"), rank="优良", teacher_id="T01",
              holder="语文组", program="alpha"),  # last day of the term
        Award(6, "下学年奖", "校级", d("2018-09-01"), holder="语文组"),  # after the term
        Award(7, "优质课评比", "市级", d("2017-11-21"), holder="语文组"),  # same title and day
    ]
    return [*teachers, *activities, *attendance, *artifacts, *assessments, *records, *awards]


def other_school() -> list[object]:
    """Rows of a second school sharing ids: they must never leak into the first's records."""
    return [
        Teacher("T01", "别校教师"),
        Activity("A1", "讲座", "别校讲座", at("2017-09-05"), program="alpha", minutes=45),
        Attendance("A1", "T01", P),
        Artifact(1, "T01", "教案", "别校教案", d("2017-11-21")),
        Assessment(1, "T01", "期末考核", 60.0),
        ProgramRecord(1, "alpha", "ledger", "T01", None, {"teacher_id": "T01", "amount": 1.0}),
        Award(1, "文明校园", "区县级", d("2018-01-10"), holder="学校"),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'data' / 'yanxiu.db'}") as s:
        yield s


# --- schema and migrations ----------------------------------------------------------------


def test_open_creates_schema_at_latest_version_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "sub" / "yanxiu.db"
    with Store.open(f"sqlite:///{path}") as s:
        assert path.exists()
        assert s.schema_version() == LATEST == len(MIGRATIONS)
        with s.engine.connect() as conn:
            rows = conn.execute(sa.select(schema.schema_version.c.version)).scalars().all()
        assert rows == list(range(1, LATEST + 1))


def test_migration_versions_are_consecutive() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_migrations_produce_the_schema_the_queries_use(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    assert set(inspector.get_table_names()) == set(schema.metadata.tables)
    for name, table in schema.metadata.tables.items():
        columns = {c["name"]: c for c in inspector.get_columns(name)}
        assert list(columns) == [c.name for c in table.columns], name
        for col in table.columns:
            assert columns[col.name]["nullable"] == (col.nullable and not col.primary_key), (
                name, col.name)
        assert {tuple(c) for c in
                (u["column_names"] for u in inspector.get_unique_constraints(name))} == {
            tuple(c.name for c in u.columns) for u in table.constraints
            if isinstance(u, sa.UniqueConstraint)
        }, name


def test_opening_an_older_database_runs_the_missing_migrations(store_url: str) -> None:
    url = store_url
    engine = create_engine(url)
    assert migrate(engine, target=1) == [1]
    with engine.begin() as conn:  # data written by a version-1 yanxiu
        conn.execute(sa.text(
            "INSERT INTO teachers (school_id, id, name, gender, subject, teaching_group, title, "
            "roles, birth_year, joined_year) VALUES ('s1', 'T01', '王芳', '女', '', '', '', "
            "'[\"骨干教师\"]', 1975, NULL)"))
        assert set(sa.inspect(conn).get_table_names()) == {
            "schema_version", "teachers", "activities", "attendance", "artifacts", "assessments"}
    engine.dispose()

    with Store.open(url) as s:
        assert s.schema_version() == LATEST
        assert s.upgraded_from is not None and s.upgraded_from[0] == 1
        assert s.records("s1", TERM).teachers() == [
            Teacher("T01", "王芳", gender="女", birth_year=1975, roles=("骨干教师",))]
        # the tables of version 2 work
        s.save("s1", [ProgramRecord(0, "alpha", "ledger", "T01", None, {"x": 1})])
        assert s.counts("s1")["program_records"] == 1
        assert s.import_history("s1") == []


def test_a_version_2_database_with_data_is_upgraded_keeping_its_rows(store_url: str) -> None:
    url = store_url
    engine = create_engine(url)
    assert migrate(engine, target=2) == [1, 2]
    with engine.begin() as conn:  # data written by a version-2 yanxiu, in its own columns
        conn.execute(sa.text(
            "INSERT INTO teachers (school_id, id, name, gender, subject, teaching_group, title, "
            "roles, birth_year, joined_year) VALUES "
            "('s1', 'T01', '王芳', '女', '语文', '语文组', '高级教师', '[\"骨干教师\"]', 1975, 1996),"
            "('s1', 'T02', '李明', '男', '', '', '', '[]', NULL, NULL)"))
        conn.execute(sa.text(
            "INSERT INTO activities (school_id, id, program, kind, title, start_at, minutes, "
            "place, speaker, leader, content, effect, credit_category) VALUES "
            "('s1', 'A1', '', '讲座', '开学讲座', '2017-09-05 14:00:00.000000', 90, "
            "'', '', '', '', '', '')"))
        conn.execute(sa.text(
            "INSERT INTO attendance (school_id, activity_id, teacher_id, status, role) "
            "VALUES ('s1', 'A1', 'T01', '出席', '主讲')"))
        conn.execute(sa.text(
            "INSERT INTO program_records (school_id, program, kind, teacher_id, date, "
            "natural_key, payload) VALUES ('s1', 'seed', 'awards', 'T01', '2017-11-21', "
            "'[]', '{\"level\":\"市\"}')"))
        conn.execute(sa.text(
            "INSERT INTO imports (school_id, kind, file_name, sha256, rows, added, updated, "
            "unchanged, imported_at) VALUES ('s1', 'teachers', 't.csv', 'abc', 2, 2, 0, 0, "
            "'2017-09-01 08:00:00.000000')"))
    engine.dispose()

    with Store.open(url) as s:
        assert s.schema_version() == LATEST
        recs = s.records("s1", TERM)
        assert recs.teachers() == [
            Teacher("T01", "王芳", gender="女", birth_year=1975, subject="语文", group="语文组",
                    title="高级教师", roles=("骨干教师",), joined_year=1996),
            Teacher("T02", "李明", gender="男")]  # 学历 '', 骨干级别 '', 专业对口 unknown
        assert recs.attendance_summary()["T01"].minutes == 90
        assert recs.program_records("seed", "awards")[0].values == {"level": "市"}
        assert [h.sha256 for h in s.import_history("s1")] == ["abc"]
        assert s.counts("s1") == {"teachers": 2, "activities": 1, "attendance": 1,
                                  "artifacts": 0, "assessments": 0, "awards": 0,
                                  "program_records": 1}
        # what version 3 added works on the upgraded database
        changes = s.save("s1", [
            Teacher("T02", "李明", gender="男", education="本科", backbone_level="区县级",
                    specialty_match=False),
            Award(0, "优质课评比", "市级", d("2017-11-21"), rank="一等奖", teacher_id="T01"),
            Award(0, "文明校园", "区县级", d("2018-01-10"), holder="学校")])
        assert changes == Changes(added=2, updated=1)
        recs = s.records("s1", TERM)
        assert recs.teachers()[1].backbone_level == "区县级"
        assert recs.teachers()[1].specialty_match is False
        assert [a.title for a in recs.awards()] == ["优质课评比", "文明校园"]


def test_database_newer_than_the_code_is_a_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    Store.open(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(schema.schema_version.insert().values(
            version=LATEST + 1, name="future", applied_at=dt.datetime(2030, 1, 1)))
    engine.dispose()
    with pytest.raises(SchemaError) as info:
        Store.open(url)
    text = str(info.value)
    assert f"结构版本为 {LATEST + 1}" in text
    assert f"只支持到 {LATEST}" in text
    assert "new.db" in text
    assert "升级 yanxiu" in text


def test_database_not_made_by_yanxiu_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'foreign.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE customers (id INTEGER)"))
    engine.dispose()
    with pytest.raises(SchemaError, match=r"不是 yanxiu 的数据库.*customers"):
        Store.open(url)


def test_unusable_url_or_file_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="数据库地址 'nonsense' 无效"):
        Store.open("nonsense")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"无法打开数据库 .*garbage\.db"):
        Store.open(f"sqlite:///{garbage}")


def test_long_text_is_stored_whole(store: Store) -> None:
    title = "长" * 1000  # TEXT columns: no dialect-specific length limits
    store.save("s1", [Activity("X" * 200, "讲座", title, at("2017-10-01"), minutes=45)])
    assert store.records("s1", TERM).activities()[0].title == title


def test_a_failing_migration_leaves_the_database_at_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'y.db'}"
    Store.open(url).close()

    def broken(conn: sa.Connection) -> None:
        conn.execute(sa.text("CREATE TABLE half_done (id INTEGER)"))
        raise RuntimeError("migration bug")

    future = Migration(LATEST + 1, "broken", broken)
    monkeypatch.setattr(migrations_module, "MIGRATIONS", (*MIGRATIONS, future))
    monkeypatch.setattr(migrations_module, "LATEST", LATEST + 1)
    with pytest.raises(RuntimeError, match="migration bug"):
        Store.open(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert "half_done" not in sa.inspect(conn).get_table_names()  # DDL rolled back too
        assert migrations_module.current_version(conn) == LATEST
    engine.dispose()


def test_close_and_context_manager(tmp_path: Path) -> None:
    s = Store.open(f"sqlite:///{tmp_path / 'y.db'}")
    with s as same:
        assert same is s
        assert repr(s).startswith("Store('sqlite:///")
    s.close()  # closing twice is harmless


# --- Records: the store answers exactly like MemoryRecords -----------------------------------


def memory_records() -> MemoryRecords:
    return MemoryRecords(TERM).add(scenario())


def stored_records(tmp_path: Path) -> Records:
    s = Store.open(f"sqlite:///{tmp_path / 'parity.db'}")
    s.save("s1", scenario())  # first, so that its database ids are 1, 2, … like the memory ones
    s.save("other", other_school())
    return s.records("s1", TERM)


QUERIES: list[tuple[str, Callable[[Records], Any]]] = [
    ("teachers", lambda r: r.teachers()),
    ("activities", lambda r: r.activities()),
    ("activities alpha", lambda r: r.activities("alpha")),
    ("activities school-wide", lambda r: r.activities(None)),
    ("activities kind", lambda r: r.activities(ANY, kind="讲座")),
    ("activities alpha kind none", lambda r: r.activities("alpha", kind="听课")),
    ("activities unknown program", lambda r: r.activities("nope")),
    ("attendance", lambda r: r.attendance()),
    ("attendance beta", lambda r: r.attendance("beta")),
    ("attendance school-wide", lambda r: r.attendance(None)),
    ("attendance teacher", lambda r: r.attendance(teacher_id="T02")),
    ("attendance alpha teacher", lambda r: r.attendance("alpha", teacher_id="T01")),
    ("activity minutes", lambda r: r.activity_minutes()),
    ("activity minutes alpha", lambda r: r.activity_minutes("alpha")),
    ("activity minutes school-wide", lambda r: r.activity_minutes(None)),
    ("artifacts", lambda r: r.artifacts()),
    ("artifacts beta", lambda r: r.artifacts("beta")),
    ("artifacts school-wide", lambda r: r.artifacts(None)),
    ("artifacts kind", lambda r: r.artifacts(kind="学习笔记")),
    ("artifacts teacher", lambda r: r.artifacts(teacher_id="T01")),
    ("artifacts all filters", lambda r: r.artifacts("beta", kind="反思", teacher_id="T02")),
    ("assessments", lambda r: r.assessments()),
    ("assessments beta", lambda r: r.assessments("beta")),
    ("assessments school-wide", lambda r: r.assessments(None)),
    ("assessments teacher", lambda r: r.assessments(teacher_id="T03")),
    ("awards", lambda r: r.awards()),
    ("awards beta", lambda r: r.awards("beta")),
    ("awards school-wide", lambda r: r.awards(None)),
    ("awards teacher", lambda r: r.awards(teacher_id="T01")),
    ("awards alpha teacher", lambda r: r.awards("alpha", teacher_id="T01")),
    ("awards unknown teacher", lambda r: r.awards(teacher_id="T09")),
    ("program records", lambda r: r.program_records("alpha", "ledger")),
    ("program records other", lambda r: r.program_records("alpha", "other")),
    ("program records none", lambda r: r.program_records("beta", "ledger")),
    ("summary", lambda r: r.attendance_summary()),
    ("summary alpha", lambda r: r.attendance_summary("alpha")),
    ("summary beta", lambda r: r.attendance_summary("beta")),
    ("summary school-wide", lambda r: r.attendance_summary(None)),
    ("summary unknown program", lambda r: r.attendance_summary("nope")),
    ("per activity", lambda r: r.activity_attendance()),
    ("per activity alpha", lambda r: r.activity_attendance("alpha")),
    ("per activity school-wide", lambda r: r.activity_attendance(None)),
    ("per activity unknown program", lambda r: r.activity_attendance("nope")),
    ("minutes by credit category", lambda r: r.minutes_by_category()),
]


@pytest.mark.parametrize(("label", "query"), QUERIES, ids=[q[0] for q in QUERIES])
def test_store_records_match_memory_records(
    tmp_path: Path, label: str, query: Callable[[Records], Any]
) -> None:
    expected = query(memory_records())
    got = query(stored_records(tmp_path))
    assert got == expected
    if isinstance(expected, dict):
        assert list(got) == list(expected)  # same order too


@pytest.fixture(params=["memory", "store"])
def records(request: pytest.FixtureRequest, tmp_path: Path) -> Records:
    return memory_records() if request.param == "memory" else stored_records(tmp_path)


def test_scoping_rules_hold_for_both(records: Records) -> None:
    assert [a.id for a in records.activities()] == ["A1", "A2", "A3", "A4"]
    assert [t.id for t in records.teachers()] == ["T01", "T02", "T03", "T04"]
    assert [(a.teacher_id, a.kind) for a in records.artifacts()] == [
        ("T01", "教案"), ("T02", "反思"), ("T02", "学习笔记"), ("T01", "论文")]
    assert [a.name for a in records.assessments()] == ["期末考核", "说课", "期末考核"]
    ledger = records.program_records("alpha", "ledger")
    assert [r.values["item"] for r in ledger] == ["图书", "打印"]
    assert ledger[0].values["date"] == dt.date(2017, 12, 1)  # typed back, not a string
    assert ledger[0].values["ok"] is True
    # awards: dated in the term, by date then id; school and group awards have no teacher
    assert [(a.title, a.teacher_id, a.holder) for a in records.awards()] == [
        ("优质课评比", "T01", ""), ("论文评比", "T02", ""), ("优质课评比", None, "语文组"),
        ("文明校园", None, "学校"), ("课题结题", "T01", "语文组")]
    first = records.awards()[0]
    assert (first.level, first.rank, first.program, first.issuer) == (
        "市级", "一等奖", "beta", "某市教育局")
    assert [a.rank for a in records.awards(teacher_id="T01")] == ["一等奖", "优良"]
    t01 = records.teachers()[0]
    assert (t01.education, t01.backbone_level, t01.specialty_match) == (
        "本科（函授）", "市级", True)
    assert [t.specialty_match for t in records.teachers()] == [True, False, None, None]


def test_attendance_summary_credits_per_rules(records: Records) -> None:
    summary = records.attendance_summary()
    # T01: A1 出席 90 (activity's) + A2 出席 own 80 + A4 迟到 own 0
    assert summary["T01"] == AttendanceSummary("T01", expected=3, attended=3, minutes=170)
    # T02: A1 迟到 90 + A2 出席 40 + A3 出席 45
    assert summary["T02"] == AttendanceSummary("T02", expected=3, attended=3, minutes=175)
    # T03: 请假/缺席 credit nothing, even with own minutes
    assert summary["T03"] == AttendanceSummary("T03", expected=3, attended=0, minutes=0)
    assert summary["T03"].rate == 0.0
    assert summary["T04"] == AttendanceSummary("T04", expected=1, attended=0, minutes=0)
    assert list(summary) == ["T01", "T02", "T03", "T04"]


def test_activity_attendance_per_rules(records: Records) -> None:
    per = records.activity_attendance()
    assert per["A1"] == ActivityAttendance("A1", expected=4, attended=2, minutes=180)
    assert per["A2"] == ActivityAttendance("A2", expected=3, attended=2, minutes=120)
    assert per["A3"] == ActivityAttendance("A3", expected=2, attended=1, minutes=45)
    assert per["A4"] == ActivityAttendance("A4", expected=1, attended=1, minutes=0)
    assert list(per) == ["A1", "A2", "A3", "A4"]  # A0 and A5 are outside the term


@pytest.mark.parametrize("method", ["attendance_summary", "activity_attendance"])
def test_attendance_aggregates_are_one_sql_query(tmp_path: Path, method: str) -> None:
    recs = stored_records(tmp_path)
    engine = recs._engine  # type: ignore[attr-defined]
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        getattr(recs, method)("alpha")
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    queries = [q for q in statements if q not in ("BEGIN", "COMMIT", "ROLLBACK")]
    assert len(queries) == 1
    sql = queries[0].upper()
    assert "GROUP BY" in sql and "COUNT(" in sql and "SUM(CASE" in sql and "COALESCE(" in sql


# --- writing ------------------------------------------------------------------------------


def test_save_upserts_by_natural_key(store: Store) -> None:
    first = store.save("s1", scenario())
    assert first == Changes(added=len(scenario()), updated=0, unchanged=0)
    again = store.save("s1", scenario())
    assert again == Changes(added=0, updated=0, unchanged=len(scenario()))
    edited = [
        Teacher("T01", "王芳", title="正高级教师"),  # changed
        Attendance("A1", "T03", P),  # changed status
        Artifact(99, "T01", "教案", "识字教学", d("2017-11-21"), program="beta", score=95.0),
        Artifact(99, "T01", "教案", "新教案", d("2017-11-22")),  # new natural key
        Assessment(99, "T01", "期末考核", 88.0),  # unchanged
    ]
    assert store.save("s1", edited) == Changes(added=1, updated=3, unchanged=1)
    recs = store.records("s1", TERM)
    assert recs.teachers()[0].title == "正高级教师"
    assert [a.score for a in recs.artifacts(teacher_id="T01", kind="教案")] == [95.0, None]
    assert recs.attendance_summary()["T03"].attended == 1
    assert store.counts("s1")["artifacts"] == 6


def test_counts_are_per_school(store: Store) -> None:
    store.save("s1", scenario())
    store.save("other", other_school())
    assert store.counts("s1") == {"teachers": 4, "activities": 6, "attendance": 12,
                                  "artifacts": 5, "assessments": 4, "awards": 7,
                                  "program_records": 4}
    assert store.counts("other") == dict.fromkeys(schema.RECORD_TABLES, 1)
    assert store.counts("nobody") == dict.fromkeys(schema.RECORD_TABLES, 0)


def test_foreign_keys_are_enforced(store: Store) -> None:
    before = dump(store)
    with pytest.raises(sa.exc.IntegrityError):
        store.save("s1", [Attendance("NOPE", "T01", P)])
    assert dump(store) == before


def test_a_failing_save_writes_nothing(store: Store) -> None:
    store.save("s1", [Teacher("T01", "王芳")])
    before = dump(store)
    with pytest.raises(sa.exc.IntegrityError):
        # the teacher and activity would be fine; the attendance row is not: nothing stays
        store.save("s1", [Teacher("T09", "新人"),
                          Activity("X1", "讲座", "讲座", at("2017-10-01"), minutes=45),
                          Attendance("X1", "T99", P)])
    assert dump(store) == before


def test_import_log_and_standing_imports(store: Store) -> None:
    def log(sha: str, teachers: list[Teacher], file: str = "t.csv",
            keep_missing: bool = False) -> Changes:
        return store.apply_import("s1", "teachers", teachers, file_name=file, sha256=sha,
                                  keep_missing=keep_missing)

    def standing(sha: str, file: str = "t.csv", keep_missing: bool = False) -> bool:
        found = store.standing_import("s1", "teachers", file, sha, keep_missing=keep_missing)
        return found is not None

    assert not standing("aaa")
    assert log("aaa", [Teacher("T01", "王芳")]) == Changes(added=1)
    assert standing("aaa")
    assert store.standing_import("s1", "attendance", "t.csv", "aaa") is None  # other kind
    assert store.standing_import("s2", "teachers", "t.csv", "aaa") is None  # other school
    assert not standing("aaa", file="u.csv")  # other file: each file stands for itself
    # another file that only adds rows leaves the first one standing
    assert log("bbb", [Teacher("T02", "李明")], file="u.csv") == Changes(added=1)
    assert standing("aaa") and standing("bbb", file="u.csv")
    # the newest import of a file is what stands: an edited version supersedes the original
    assert log("ccc", [Teacher("T01", "王芳芳")]) == Changes(updated=1)
    assert not standing("aaa")
    assert standing("ccc")
    # another file takes T01 over (and no longer has T02): t.csv must be read again
    assert log("ddd", [Teacher("T01", "王芳芳")], file="u.csv") == Changes(
        unchanged=1, removed=1, removed_labels=("李明（T02）",))
    assert not standing("ccc")
    assert store.owned_rows("s1", "teachers", "t.csv") == 0
    # rows kept with keep_missing: stands for keep_missing imports only
    assert log("eee", [Teacher("T03", "赵丽")], file="u.csv", keep_missing=True) == Changes(
        added=1, kept=1)
    assert standing("eee", file="u.csv", keep_missing=True)
    assert not standing("eee", file="u.csv")
    history = store.import_history("s1")
    assert [(h.file_name, h.sha256, h.rows, h.added, h.updated, h.unchanged, h.removed,
             h.kept, h.owned) for h in history] == [
        ("t.csv", "aaa", 1, 1, 0, 0, 0, 0, 1), ("u.csv", "bbb", 1, 1, 0, 0, 0, 0, 1),
        ("t.csv", "ccc", 1, 0, 1, 0, 0, 0, 1), ("u.csv", "ddd", 1, 0, 0, 1, 1, 0, 1),
        ("u.csv", "eee", 1, 1, 0, 0, 0, 1, 2)]
    assert all(h.kind == "teachers" for h in history)
    assert isinstance(history[0].imported_at, dt.datetime)
    assert store.import_history("s2") == []


def test_program_record_natural_key_fields(store: Store) -> None:
    def rec(amount: float) -> ProgramRecord:
        return ProgramRecord(0, "alpha", "ledger", "T01", d("2017-12-01"),
                             {"teacher_id": "T01", "date": d("2017-12-01"), "amount": amount})

    store.save("s1", [Teacher("T01", "王芳")])
    store.save("s1", [rec(1.0)], key_fields=("teacher_id", "date"))
    assert store.save("s1", [rec(2.0)], key_fields=("teacher_id", "date")) == Changes(updated=1)
    # without key fields every field is the key: a different amount is another record
    assert store.save("s1", [rec(3.0)]) == Changes(added=1)
    values = [r.values["amount"] for r in store.records("s1", TERM).program_records(
        "alpha", "ledger")]
    assert values == [2.0, 3.0]


def test_awards_natural_key_holds_without_a_teacher(store: Store) -> None:
    store.save("s1", [Teacher("T01", "王芳")])
    school = Award(0, "文明校园", "区县级", d("2018-01-10"), holder="学校")
    teacher = Award(0, "文明校园", "区县级", d("2018-01-10"), teacher_id="T01")
    assert store.save("s1", [school, teacher]) == Changes(added=2)
    # NULL teacher_id: the key is the holder, so saving again is not a second row
    assert store.save("s1", [school, teacher]) == Changes(unchanged=2)
    edited = Award(0, "文明校园", "区县级", d("2018-01-10"), rank="先进集体", holder="学校",
                   issuer="区教育局")
    assert store.save("s1", [edited]) == Changes(updated=1)
    got = store.records("s1", TERM).awards()
    assert [(a.teacher_id, a.holder, a.rank, a.issuer) for a in got] == [
        (None, "学校", "先进集体", "区教育局"), ("T01", "", "", "")]
    with store.engine.connect() as conn:  # stored as '' so unique constraints hold
        assert set(conn.execute(sa.select(schema.awards.c.program)).scalars()) == {""}
        assert set(conn.execute(sa.select(schema.awards.c.holder_key)).scalars()) == {
            "学校", "T01"}


def test_award_of_an_unknown_teacher_is_refused(store: Store) -> None:
    before = dump(store)
    with pytest.raises(sa.exc.IntegrityError):
        store.save("s1", [Award(0, "奖", "校级", d("2018-01-10"), teacher_id="T99")])
    assert dump(store) == before


def test_school_wide_records_come_back_as_none(store: Store) -> None:
    store.save("s1", [Teacher("T01", "王芳"),
                      Activity("X1", "学习", "师德", at("2017-10-01"), minutes=45),
                      Assessment(0, "T01", "考核", 90.0)])
    recs = store.records("s1", TERM)
    assert recs.activities()[0].program is None
    assert recs.assessments()[0].program is None
    with store.engine.connect() as conn:  # stored as '' so unique constraints hold
        assert conn.execute(sa.select(schema.activities.c.program)).scalar() == ""


def test_an_upgrade_keeps_a_copy_of_the_old_store(store_url: str) -> None:
    old_store(store_url, 2)
    with Store.open(store_url) as s:
        assert s.upgraded_from is not None
        old, where = s.upgraded_from
        s.save("s1", [Teacher("T02", "李明")])  # the upgraded store changes, the copy does not
    assert old == 2
    if store_url.startswith("sqlite"):
        copy_url = f"sqlite:///{where}"
        assert Path(where).name.startswith("yanxiu.db.v2-") and where.endswith(".bak")
    else:
        schema = where.removeprefix("schema ")
        assert schema.startswith("yanxiu_backup_") and "_v2_" in schema
        copy_url = str(sa.make_url(store_url).update_query_dict(
            {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False))
    copy = create_engine(copy_url)
    with copy.connect() as conn:
        assert conn.execute(sa.text("SELECT max(version) FROM schema_version")).scalar() == 2
        assert list(conn.execute(sa.text("SELECT id, name FROM teachers"))) == [("T01", "王芳")]
    copy.dispose()
    with Store.open(store_url) as again:  # already up to date: no second copy
        assert again.upgraded_from is None


def test_a_failing_upgrade_leaves_the_store_as_it_was(store_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from yanxiu_core.store import migrations

    engine = create_engine(store_url)
    assert migrate(engine, target=2) == [1, 2]
    last = migrations.MIGRATIONS[-1]

    def broken(conn: sa.Connection) -> None:
        raise RuntimeError("第 4 步失败")

    monkeypatch.setattr(migrations, "MIGRATIONS",
                        [*migrations.MIGRATIONS[:-1], attrs.evolve(last, apply=broken)])
    with pytest.raises(RuntimeError, match="第 4 步失败"):
        migrate(engine)
    with engine.connect() as conn:  # not at 3: the steps before the failing one rolled back too
        assert migrations.current_version(conn) == 2
        assert "awards" not in sa.inspect(conn).get_table_names()  # version 3's table
    engine.dispose()


def test_files_imported_before_half_up_rounding_are_read_again(
        workspace_builder: WorkspaceBuilder) -> None:
    """Version 5: a store whose 0.5 学时 became 22 minutes (Python's round) reads its files
    once more after the upgrade and holds 23."""
    from yanxiu_core.app import App

    ws = workspace_builder
    ws.district()
    ws.school("s1", 'name = "一小"\n\n[data]\nteachers = "t.csv"\nactivities = "a.csv"\n')
    ws.csv("t.csv", ["工号", "姓名"], [["T1", "甲"]])
    ws.csv("a.csv", ["编号", "主题", "日期", "学时"], [["A1", "短会", "2020-10-09", "0.5"]])
    app = App(ws.root, no_plugins=True)
    app.import_configured("s1")
    url = app.store.url
    app.close()
    engine = create_engine(url)
    with engine.begin() as conn:  # what version 4 with the old rounding left
        conn.execute(sa.text("UPDATE activities SET minutes = 22"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version = 5"))
    engine.dispose()
    app = App(ws.root, no_plugins=True)
    results = app.import_configured("s1")  # opening upgrades to 5 (and copies the store)
    assert not any(r.already_imported for r in results)
    assert app.records("s1").activity_minutes() == {"A1": 23}
    assert app.store.schema_version() == LATEST
    assert [r.already_imported for r in app.import_configured("s1")] == [True, True]
    app.close()
