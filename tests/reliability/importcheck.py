"""Helpers of the reliability tests: a seeded store, and an import runner that checks the
all-or-nothing contract on every call (a refused import changed nothing, every problem is
located)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from storecheck import dump

from yanxiu_core.errors import DataError, Problem
from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import ImportResult, import_file
from yanxiu_core.model import Term
from yanxiu_core.store import Store

POLICY = HoursPolicy()  # 45 minutes a 学时
SCHOOL = "s1"
TERM = Term("2017学年", dt.date(2017, 9, 1), dt.date(2018, 8, 31))
TEACHERS = [("T001", "王芳"), ("T002", "李明"), ("T003", "赵丽")]
ACTIVITIES = "编号,主题,日期,开始时间,结束时间,学时\nA1,开学第一讲,2017-09-05,14:00,15:30,2\n" \
             "A2,识字教学公开课,2017-10-10,08:00,08:40,1\n"


def seed(store: Store, folder: Path) -> None:
    """The roster T001–T003 and activities A1 (90 minutes) and A2 (40 minutes, 1 学时)."""
    roster = folder / "seed_teachers.csv"
    roster.write_text("工号,姓名\n" + "".join(f"{t},{n}\n" for t, n in TEACHERS), "utf-8")
    acts = folder / "seed_activities.csv"
    acts.write_text(ACTIVITIES, "utf-8")
    for kind, path in (("teachers", roster), ("activities", acts)):
        import_file(store, school_id=SCHOOL, kind=kind, path=path, policy=POLICY, programs={})


def located(problem: Problem, file: str) -> bool:
    """A problem says which file, and for a row problem which row."""
    where = problem.where
    return problem.file == file and bool(problem.message) and (
        not where or "行" in where or "工作表" in where
    )


class Importer:
    """Runs imports and checks the contract: a refused import wrote nothing."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder

    def run(self, kind: str, name: str, data: bytes, **kw: Any) -> ImportResult:
        path = self.folder / name
        path.write_bytes(data)
        return import_file(self.store, school_id=SCHOOL, kind=kind, path=path, policy=POLICY,
                           programs={}, **kw)

    def refused(self, kind: str, name: str, data: bytes, **kw: Any) -> DataError:
        """Import that must fail: returns the error after checking nothing changed and that
        every problem is located."""
        before = dump(self.store)
        with pytest.raises(DataError) as info:
            self.run(kind, name, data, **kw)
        assert dump(self.store) == before
        assert "未写入任何数据" in str(info.value)
        assert info.value.problems
        assert all(located(p, name) for p in info.value.problems), info.value.problems
        return info.value

    def outcome(self, kind: str, name: str, data: bytes, **kw: Any) -> ImportResult | DataError:
        """Either the result or the (checked) error; any other exception fails the test."""
        before = dump(self.store)
        try:
            return self.run(kind, name, data, **kw)
        except DataError as exc:
            assert dump(self.store) == before, "a refused import changed the database"
            assert exc.problems, str(exc)
            assert all(located(p, name) for p in exc.problems), exc.problems
            return exc
