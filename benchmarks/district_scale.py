"""A district at scale: yanxiu against the sqlite3 command line and a pandas script, in one run.

Generates a seeded synthetic district as a real workspace (yanxiu.toml, schools/*.toml, each
school's teachers, activities and attendance CSVs), then times, each in its own process:

1. ``sqlite3``: ``.import`` of every school's files (the baseline of the import target); each
   school's files imported and aggregated per teacher (one GROUP BY per school); and the same
   rows copied into yanxiu's own keyed tables (what SQLite itself needs to store them so);
2. ``pandas``: read the same files and aggregate minutes per teacher (needs the ``benchmark``
   extra: ``pip install -e '.[benchmark]'``; skipped with a note otherwise);
3. the floor: the csv module and sqlite3's executemany into yanxiu's own tables (keys, index,
   foreign keys), nothing checked — what any Python program storing these rows pays;
4. the yanxiu import alone, then ``yanxiu run`` from an empty store (import, check, evaluate,
   every school's 总结), with ``-j <cores>`` too;
5. ``yanxiu run`` again with nothing changed (answered from the last run's snapshot, decision
   0028), and with ``--force``.

``--linearity`` instead times ``yanxiu run`` from an empty store at 0.1×, 1× and 2× the
preset's schools and prints the cost per 100 000 attendance rows (cost linear in rows).

It prints wall time, peak RSS and the ratios the issue sets as targets (import ≤ 2× sqlite3's
``.import``, first run ≤ 1.5× pandas, unchanged run ≤ 0.5× pandas, peak RSS ≤ 300 MB).

    python benchmarks/district_scale.py --preset ci      # 4 schools × 60 × 20    =   4 800 rows
    python benchmarks/district_scale.py --preset small   # 20 schools × 150 × 40  = 120 000 rows
    python benchmarks/district_scale.py --preset full    # 200 schools × 150 × 40 = 1.2 M rows
    python benchmarks/district_scale.py --preset small --scale 2
    python benchmarks/district_scale.py --preset small --linearity
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PRESETS = {"ci": (4, 50, 60, 20), "small": (20, 100, 150, 40), "full": (200, 100, 150, 40)}
TARGETS = {"import_vs_sqlite": 2.0, "run_vs_pandas": 1.5, "rerun_vs_pandas": 0.5, "rss_mb": 300}

PANDAS_SCRIPT = """
import sys
from pathlib import Path
import pandas as pd
root = Path(sys.argv[1])
acts = pd.concat([pd.read_csv(p, usecols=["编号", "学时"]).assign(school=p.parent.name)
                  for p in sorted(root.glob("data/*/activities.csv"))])
att = pd.concat([pd.read_csv(p, usecols=["活动编号", "工号", "状态"]).assign(school=p.parent.name)
                 for p in sorted(root.glob("data/*/attendance.csv"))])
att = att[att["状态"].isin(["出席", "迟到"])]
merged = att.merge(acts, left_on=["school", "活动编号"], right_on=["school", "编号"])
merged["minutes"] = (merged["学时"] * 45).round().astype(int)
per_teacher = merged.groupby(["school", "工号"])["minutes"].sum()
print(len(per_teacher), int(per_teacher.sum()))
"""


def generate(root: Path, schools: int, teachers: int, activities: int, attendees: int,
             seed: int = 2020) -> int:
    """Write the workspace; returns the number of attendance rows."""
    rng = random.Random(seed)
    (root / "schools").mkdir(parents=True)
    (root / "yanxiu.toml").write_text(
        '[district]\nname = "基准测试区"\n\n[[terms]]\nname = "2020学年"\nyear = 2020\n\n'
        '[hours]\nrequired_hours = 40\n', encoding="utf-8")
    rows = 0
    start = dt.date(2020, 9, 7)
    for s in range(schools):
        sid = f"s{s:03d}"
        data = root / "data" / sid
        data.mkdir(parents=True)
        (root / "schools" / f"{sid}.toml").write_text(
            f'name = "基准第{s + 1}小学"\n\n[data]\nteachers = "data/{sid}/teachers.csv"\n'
            f'activities = "data/{sid}/activities.csv"\nattendance = "data/{sid}/attendance.csv"\n',
            encoding="utf-8")
        ids = [f"{sid.upper()}T{t:03d}" for t in range(teachers)]
        with (data / "teachers.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["工号", "姓名", "学科", "教研组"])
            w.writerows([tid, f"教师{s}-{t}", "语文数学英语"[t % 3 * 2: t % 3 * 2 + 2], "语文组"]
                        for t, tid in enumerate(ids))
        with (data / "activities.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["编号", "类型", "主题", "日期", "学时"])
            for a in range(activities):
                day = start + dt.timedelta(days=(a * 2) % 280)
                w.writerow([f"A{a:04d}", "讲座", f"第{a + 1}次研修", day.isoformat(), 2])
        with (data / "attendance.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["活动编号", "工号", "状态"])
            for a in range(activities):
                for tid in rng.sample(ids, min(attendees, teachers)):
                    x = rng.random()
                    w.writerow([f"A{a:04d}", tid, "出席" if x < 0.92 else ("请假" if x < 0.97
                                                                           else "缺席")])
                    rows += 1
    return rows


def timed_env(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """:func:`timed` with extra environment variables."""
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return timed(args)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# The least any Python program pays to store the same rows where yanxiu keeps them: the csv
# module and sqlite3's executemany into yanxiu's own tables (keys, index, foreign keys), one
# transaction per school — no checks, no normalising, no history. argv: the database (schema
# made beforehand), the workspace.
FLOOR = """
import csv, sqlite3, sys
from pathlib import Path
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA foreign_keys = ON")
for data in sorted(Path(sys.argv[2]).glob("data/*")):
    sid = data.name
    rows = {n: list(csv.reader((data / f"{n}.csv").open(encoding="utf-8")))[1:]
            for n in ("teachers", "activities", "attendance")}
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO teachers (school_id, id, name, gender, subject, teaching_group,"
                   " title, roles, education, backbone_level, source) VALUES"
                   " (?, ?, ?, '', ?, ?, '', '[]', '', '', 'teachers.csv')",
                   [(sid, *r) for r in rows["teachers"]])
    db.executemany("INSERT INTO activities (school_id, id, program, kind, title, start_at, place,"
                   " speaker, leader, content, effect, minutes, credit_category, source) VALUES"
                   " (?, ?, '', ?, ?, ?, '', '', '', '', '', ?, '', 'activities.csv')",
                   [(sid, i, k, t, d + ' 00:00:00.000000', round(float(h) * 45))
                    for i, k, t, d, h in rows["activities"]])
    db.executemany("INSERT INTO attendance (school_id, activity_id, teacher_id, status, role,"
                   " minutes, source) VALUES (?, ?, ?, ?, '', NULL, 'attendance.csv')",
                   [(sid, *r) for r in rows["attendance"]])
    db.execute("COMMIT")
"""


IMPORT_ONLY = """
import sys
from yanxiu_core.app import App
app = App(__import__("pathlib").Path(sys.argv[1]))
for sid in app.school_ids():
    app.import_configured(sid)
app.close()
"""


def timed(args: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (GNU time) and stdout of one process."""
    time_bin = shutil.which("time") or "/usr/bin/time"
    start = time.perf_counter()
    out = subprocess.run([time_bin, "-f", "%M", *args], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    rss_kb = float(out.stderr.strip().splitlines()[-1])
    return wall, rss_kb / 1024, out.stdout


def sqlite_leg(root: Path, work: Path, aggregate: bool) -> tuple[float, float]:
    """The sqlite3 CLI: ``.import`` of every school's files (roster, activities, attendance)
    — the baseline of the import target — or, with ``aggregate``, each school's activities
    and attendance imported and its per-teacher minutes summed (one GROUP BY per school: an
    activity id such as A0001 is in every school, so a district-wide join would multiply)."""
    lines = [".mode csv", "CREATE TABLE teachers(id TEXT, name TEXT, subject TEXT, grp TEXT);",
             "CREATE TABLE att(activity TEXT, teacher TEXT, status TEXT);",
             "CREATE TABLE act(id TEXT, kind TEXT, title TEXT, day TEXT, hours REAL);",
             "CREATE TABLE agg(school TEXT, teacher TEXT, minutes REAL);"]
    for data in sorted(root.glob("data/*")):
        if not aggregate:
            lines += [f".import --skip 1 {data / name}.csv {table}"
                      for name, table in (("teachers", "teachers"), ("activities", "act"),
                                          ("attendance", "att"))]
            continue
        lines += [f".import --skip 1 {data / 'activities.csv'} act",
                  f".import --skip 1 {data / 'attendance.csv'} att",
                  f"INSERT INTO agg SELECT '{data.name}', teacher, sum(hours * 45) FROM att "
                  "JOIN act ON act.id = att.activity WHERE status IN ('出席', '迟到') "
                  "GROUP BY teacher;", "DELETE FROM att;", "DELETE FROM act;"]
    script = work / ("aggregate.sql" if aggregate else "import.sql")
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = work / "cli.db"
    db.unlink(missing_ok=True)
    wall, rss, _ = timed(["sqlite3", str(db), f".read {script}"])
    return wall, rss


def sqlite_keyed_leg(root: Path, work: Path) -> tuple[float, float]:
    """The sqlite3 CLI storing the same rows where yanxiu keeps them: each school's files
    ``.import`` ed into scratch tables, then copied into yanxiu's own tables (natural keys, the
    index, foreign keys) in one transaction per school. What SQLite itself needs to keep the
    rows findable and unique, with no Python at all."""
    from yanxiu_core.store import Store

    db = work / "keyed.db"
    db.unlink(missing_ok=True)
    Store.open(f"sqlite:///{db}").close()  # yanxiu's schema
    lines = [".mode csv", "PRAGMA foreign_keys = ON;",
             "CREATE TEMP TABLE t(id TEXT, name TEXT, subject TEXT, grp TEXT);",
             "CREATE TEMP TABLE a(id TEXT, kind TEXT, title TEXT, day TEXT, hours REAL);",
             "CREATE TEMP TABLE r(activity TEXT, teacher TEXT, status TEXT);"]
    for data in sorted(root.glob("data/*")):
        sid = data.name
        lines += [
            f".import --skip 1 {data / 'teachers.csv'} t",
            f".import --skip 1 {data / 'activities.csv'} a",
            f".import --skip 1 {data / 'attendance.csv'} r",
            "BEGIN;",
            "INSERT INTO teachers (school_id, id, name, gender, subject, teaching_group, title, "
            f"roles, education, backbone_level, source) SELECT '{sid}', id, name, '', subject, "
            "grp, '', '[]', '', '', 'teachers.csv' FROM t;",
            "INSERT INTO activities (school_id, id, program, kind, title, start_at, place, "
            "speaker, leader, content, effect, minutes, credit_category, source) SELECT "
            f"'{sid}', id, '', kind, title, day || ' 00:00:00.000000', '', '', '', '', '', "
            "round(hours * 45), '', 'activities.csv' FROM a;",
            "INSERT INTO attendance (school_id, activity_id, teacher_id, status, role, minutes, "
            f"source) SELECT '{sid}', activity, teacher, status, '', NULL, 'attendance.csv' "
            "FROM r;",
            "COMMIT;", "DELETE FROM t;", "DELETE FROM a;", "DELETE FROM r;"]
    script = work / "keyed.sql"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wall, rss, _ = timed(["sqlite3", str(db), f".read {script}"])
    return wall, rss


def linearity(preset: tuple[int, int, int, int]) -> None:
    """``yanxiu run`` from an empty store at three sizes: seconds per 100k attendance rows."""
    schools, teachers, activities, attendees = preset
    print(f"{'scale':>6} {'schools':>8} {'rows':>10} {'wall s':>8} {'s per 100k rows':>16}")
    for scale in (0.1, 1.0, 2.0):
        work = Path(tempfile.mkdtemp(prefix="yanxiu-linear-"))
        n = max(1, round(schools * scale))
        rows = generate(work / "ws", n, teachers, activities, attendees)
        wall, _, _ = timed([sys.executable, "-c", "from yanxiu_core.cli import main; main()",
                            "-w", str(work / "ws"), "run", "-q", "-o", str(work / "out")])
        print(f"{scale:>6} {n:>8} {rows:>10,} {wall:>8.2f} {wall / rows * 100_000:>16.2f}")
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), default="ci")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the number of schools")
    parser.add_argument("--keep", type=Path, help="write the workspace here and keep it")
    parser.add_argument("--linearity", action="store_true",
                        help="time the empty-store run at 0.1×, 1× and 2× the schools")
    args = parser.parse_args()
    if args.linearity:
        linearity(PRESETS[args.preset])
        return
    schools, teachers, activities, attendees = PRESETS[args.preset]
    schools = max(1, round(schools * args.scale))
    work = Path(tempfile.mkdtemp(prefix="yanxiu-district-"))
    root = args.keep or work / "ws"
    t0 = time.perf_counter()
    rows = generate(root, schools, teachers, activities, attendees)
    size = sum(p.stat().st_size for p in root.glob("data/*/*.csv")) / 1e6
    print(f"district: {schools} schools × {teachers} teachers × {activities} activities × "
          f"{attendees} attendees = {rows:,} attendance rows, {size:.1f} MB of CSV "
          f"(generated in {time.perf_counter() - t0:.1f} s)")
    results: dict[str, tuple[float, float]] = {}
    if shutil.which("sqlite3"):
        results["sqlite3 .import"] = sqlite_leg(root, work, aggregate=False)
        results["sqlite3 .import + GROUP BY"] = sqlite_leg(root, work, aggregate=True)
        results["sqlite3 into yanxiu's keyed tables"] = sqlite_keyed_leg(root, work)
    else:
        print("sqlite3 CLI not found (Debian: apt-get install sqlite3): leg skipped")
    try:
        import pandas  # noqa: F401
        script = work / "agg.py"
        script.write_text(PANDAS_SCRIPT, encoding="utf-8")
        wall, rss, _ = timed([sys.executable, str(script), str(root)])
        results["pandas per-teacher aggregation"] = (wall, rss)
    except ImportError:
        print("pandas not installed (pip install -e '.[benchmark]'): leg skipped")
    from yanxiu_core.store import Store  # the floor leg writes into yanxiu's own schema

    Store.open(f"sqlite:///{work / 'floor.db'}").close()
    wall, rss, _ = timed([sys.executable, "-c", FLOOR, str(work / "floor.db"), str(root)])
    results["floor: csv + sqlite3 executemany"] = (wall, rss)
    yanxiu = [sys.executable, "-c", "from yanxiu_core.cli import main; main()", "-w", str(root)]
    # the import alone, into a store of its own (the run below starts from an empty one too)
    wall, rss, _ = timed_env([sys.executable, "-c", IMPORT_ONLY, str(root)],
                             {"YANXIU_DATABASE_URL": f"sqlite:///{work / 'import-only.db'}"})
    results["yanxiu import only (empty store)"] = (wall, rss)
    wall, rss, _ = timed([*yanxiu, "run", "-q", "-o", str(work / "out")])
    results["yanxiu run (empty store)"] = (wall, rss)
    wall, rss, _ = timed([*yanxiu, "run", "-q", "-o", str(work / "out")])
    results["yanxiu run (unchanged)"] = (wall, rss)
    wall, rss, _ = timed([*yanxiu, "run", "-q", "--force", "-o", str(work / "out")])
    results["yanxiu run --force (unchanged)"] = (wall, rss)
    jobs = os.cpu_count() or 1
    if jobs > 1:  # the same from an empty store of its own, with a worker per core
        wall, rss, _ = timed_env([*yanxiu, "run", "-q", "-j", str(jobs), "-o", str(work / "outj")],
                                 {"YANXIU_DATABASE_URL": f"sqlite:///{work / 'jobs.db'}"})
        results[f"yanxiu run -j {jobs} (empty store)"] = (wall, rss)

    print(f"{'leg':36} {'wall s':>8} {'peak RSS MB':>12} {'rows/s':>10}")
    for leg, (wall, rss) in results.items():
        print(f"{leg:36} {wall:8.2f} {rss:12.1f} {rows / wall:10,.0f}")
    base_sql = results.get("sqlite3 .import", (0.0, 0.0))[0]
    base_pd = results.get("pandas per-teacher aggregation", (0.0, 0.0))[0]
    first, again = results["yanxiu run (empty store)"], results["yanxiu run (unchanged)"]
    imported = results["yanxiu import only (empty store)"][0]
    if base_sql:
        print(f"yanxiu import / sqlite3: {imported / base_sql:.1f}× "
              f"(target ≤ {TARGETS['import_vs_sqlite']}×); import {rows / imported:,.0f} "
              "attendance rows/s (target ≥ 200,000)")
        floor = results["floor: csv + sqlite3 executemany"][0]
        keyed = results["sqlite3 into yanxiu's keyed tables"][0]
        print(f"sqlite3 itself into keyed tables / .import: {keyed / base_sql:.1f}×; "
              f"floor (Python, nothing checked) / .import: {floor / base_sql:.1f}×; "
              f"yanxiu import / floor: {imported / floor:.1f}×")
    if base_pd:
        print(f"yanxiu run (empty) / pandas: {first[0] / base_pd:.1f}× "
              f"(target ≤ {TARGETS['run_vs_pandas']}×); unchanged / pandas: "
              f"{again[0] / base_pd:.1f}× (target ≤ {TARGETS['rerun_vs_pandas']}×)")
    peak = max(rss for _, rss in results.values())
    print(f"peak RSS {peak:.0f} MB (target ≤ {TARGETS['rss_mb']} MB)")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
