"""Import speed and SQL aggregation against a load-every-row baseline, in one run.

Builds a synthetic school (teachers x activities attendance rows), imports the CSVs through the
real importer, then compares ``attendance_summary()`` (one SQL aggregate) with loading every
attendance row into Python and summing there (the baseline the store avoids).

    python benchmarks/bench_import_and_aggregate.py [--teachers 200] [--activities 500]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from yanxiu_core.hours import HoursPolicy
from yanxiu_core.importing import import_file
from yanxiu_core.model import Term
from yanxiu_core.store import Store

TERM = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))


def write_files(root: Path, teachers: int, activities: int) -> dict[str, Path]:
    files = {k: root / f"{k}.csv" for k in ("teachers", "activities", "attendance")}
    with files["teachers"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["工号", "姓名", "学科"])
        w.writerows([f"T{i:05d}", f"教师{i}", "语文"] for i in range(teachers))
    with files["activities"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "类型", "主题", "日期", "学时"])
        for a in range(activities):
            day = TERM.start + dt.timedelta(days=a % 300)
            w.writerow([f"A{a:05d}", "讲座", f"活动{a}", day.isoformat(), 2])
    statuses = ["出席"] * 17 + ["迟到", "请假", "缺席"]
    with files["attendance"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["活动编号", "工号", "状态"])
        for a in range(activities):
            for t in range(teachers):
                w.writerow([f"A{a:05d}", f"T{t:05d}", statuses[(a + t) % len(statuses)]])
    return files


def python_baseline(records: object) -> dict[str, int]:
    """What the store avoids: every row into Python, then sum."""
    minutes_of = records.activity_minutes()  # type: ignore[attr-defined]
    totals: dict[str, int] = defaultdict(int)
    for row in records.attendance():  # type: ignore[attr-defined]
        totals[row.teacher_id] += row.credited_minutes(minutes_of[row.activity_id])
    return totals


def timed(fn: object, repeat: int = 3) -> tuple[float, object, int]:
    best, result, peak = float("inf"), None, 0
    for _ in range(repeat):
        tracemalloc.start()
        t0 = time.perf_counter()
        result = fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return best, result, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teachers", type=int, default=200)
    parser.add_argument("--activities", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = write_files(root, args.teachers, args.activities)
        store = Store.open(f"sqlite:///{root / 'bench.db'}")
        rows = args.teachers * args.activities
        for kind, path in files.items():
            t0 = time.perf_counter()
            result = import_file(store, school_id="s", kind=kind, path=path, policy=HoursPolicy(),
                                 programs={})
            seconds = time.perf_counter() - t0
            print(f"import {kind:10s} {result.rows:8d} rows  {seconds:6.2f} s  "
                  f"{result.rows / seconds:9.0f} rows/s")
        records = store.records("s", TERM)
        sql_s, sql_result, sql_peak = timed(records.attendance_summary)
        py_s, py_result, py_peak = timed(lambda: python_baseline(records))
        assert {k: v.minutes for k, v in sql_result.items()} == dict(py_result)  # type: ignore[union-attr,call-overload]
        print(f"aggregate over {rows} attendance rows:")
        print(f"  SQL attendance_summary   {sql_s * 1000:8.1f} ms  peak {sql_peak / 1e6:6.1f} MB")
        print(f"  Python baseline          {py_s * 1000:8.1f} ms  peak {py_peak / 1e6:6.1f} MB")
        print(f"  speed-up x{py_s / sql_s:.1f}, memory x{py_peak / max(sql_peak, 1):.1f} less")
        store.close()


if __name__ == "__main__":
    main()
