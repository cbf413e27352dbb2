"""Time ``yanxiu open-lessons schedule``'s timetable: 52 teachers, 4 lessons a day (the 2017
school's 公开课 fortnight), and a larger school with parallel periods.

    python benchmarks/bench_open_lessons_schedule.py [--teachers 52] [--repeat 50]

Prints the best time per build; the tests assert correctness, never a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from yanxiu_core import Teacher
from yanxiu_open_lessons import build_schedule
from yanxiu_open_lessons.schedule import clashes
from yanxiu_open_lessons.settings import DEFAULT_PERIODS, Period

SUBJECTS = (("语文", "语文组"), ("数学", "数学组"), ("英语", "英语组"), ("科学", "综合组"),
            ("音乐", "综合组"), ("体育", "综合组"), ("美术", "综合组"), ("信息技术", "综合组"))


def roster(n: int) -> list[Teacher]:
    return [Teacher(f"T{i:04d}", f"教师{i}", subject=SUBJECTS[i % len(SUBJECTS)][0],
                    group=SUBJECTS[i % len(SUBJECTS)][1]) for i in range(n)]


def best_of(repeat: int, teachers: list[Teacher], periods: tuple[Period, ...]) -> float:
    best = float("inf")
    for seed in range(repeat):
        start = time.perf_counter()
        lessons = build_schedule(teachers, periods, dt.date(2020, 11, 23), seed=seed)
        best = min(best, time.perf_counter() - start)
        assert len(lessons) == len(teachers) and not clashes(lessons)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=52)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    teachers = roster(args.teachers)
    seconds = best_of(args.repeat, teachers, DEFAULT_PERIODS)
    print(f"{args.teachers} teachers, 4 a day: {1000 * seconds:.2f} ms")
    parallel = tuple(Period(dt.time(8 + h // 2, 0), dt.time(8 + h // 2, 40)) for h in range(8))
    big = roster(10 * args.teachers)
    print(f"{len(big)} teachers, 8 periods two at a time: "
          f"{1000 * best_of(max(1, args.repeat // 10), big, parallel):.2f} ms")


if __name__ == "__main__":
    main()
