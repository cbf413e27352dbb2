"""Start-up time of `yanxiu --help` / `--version` against baselines measured in the same run.

Target (issue 2): about 50 ms on the CI machine, i.e. close to `import click` alone.

    python benchmarks/bench_startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "python -c 'import click' (baseline)": [sys.executable, "-c", "import click"],
    "yanxiu --version": [sys.executable, "-c", "from yanxiu_core.cli import main; main(['--version'])"],
    "yanxiu --help": [sys.executable, "-c", "from yanxiu_core.cli import main; main(['--help'])"],
}


def measure(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    results = {name: measure(cmd, args.runs) for name, cmd in CASES.items()}
    click_ms = results["python -c 'import click' (baseline)"]
    print(f"median of {args.runs} runs")
    for name, ms in results.items():
        print(f"{name:40s} {ms:7.1f} ms   x{ms / click_ms:4.2f} of import click")


if __name__ == "__main__":
    main()
