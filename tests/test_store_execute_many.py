"""``execute_many``, the store's bulk writer (the driver's executemany; COPY on PostgreSQL):
rows land as SQLAlchemy would write them, and a refused row is SQLAlchemy's own error."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from yanxiu_core.store import Store, schema
from yanxiu_core.store.writer import execute_many


def _teachers(*ids: str) -> list[dict[str, object]]:
    return [{"school_id": "s1", "id": t, "name": f"教师{t}", "gender": "", "birth_year": 1990,
             "subject": "语文", "teaching_group": "", "title": "", "roles": "[]",
             "joined_year": None, "education": "", "backbone_level": "",
             "specialty_match": t.endswith("1")} for t in ids]


def test_rows_land_as_sqlalchemy_writes_them(store_url: str) -> None:
    with Store.open(store_url) as store:
        with store.begin_write() as conn:
            execute_many(conn, schema.teachers.insert(), _teachers("T1", "T2"),
                         {"source": "t.csv"})
            execute_many(conn, schema.activities.insert(), [{
                "school_id": "s1", "id": "A1", "program": "", "kind": "讲座", "title": "x",
                "start_at": dt.datetime(2020, 10, 1, 8, 30), "end_at": None, "place": "",
                "speaker": "", "leader": "", "content": "", "effect": "", "minutes": 90,
                "credit_category": ""}], {"source": "a.csv"})
        with store.engine.connect() as conn:
            teachers = conn.execute(sa.select(schema.teachers).order_by(schema.teachers.c.id))
            rows = [dict(r._mapping) for r in teachers]
            activity = conn.execute(sa.select(schema.activities)).one()._mapping
    assert [(r["id"], r["specialty_match"], r["birth_year"], r["source"]) for r in rows] == [
        ("T1", True, 1990, "t.csv"), ("T2", False, 1990, "t.csv")]
    assert activity["start_at"] == dt.datetime(2020, 10, 1, 8, 30) and activity["end_at"] is None


def test_a_repeated_key_is_an_integrity_error(store_url: str) -> None:
    with Store.open(store_url) as store:
        with pytest.raises(sa.exc.IntegrityError), store.begin_write() as conn:
            execute_many(conn, schema.teachers.insert(), _teachers("T1", "T1"),
                         {"source": "t.csv"})
        assert store.teacher_ids("s1") == set()  # nothing written
