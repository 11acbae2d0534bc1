"""How soon the command answers: each quick command's wall time, now and at an earlier commit.

    python benchmarks/startup.py [--baseline REV] [--repeat 7]

The earlier commit's ``slakit`` package is exported from git into a temporary folder, and each
command runs as a user runs it (a fresh ``python -m slakit`` process, its package first on
``PYTHONPATH``), the two trees taking turns so that a busy machine slows both alike. It prints
the median and the fastest wall time of each command, before and now, their ratio, the median
CPU time of each and the peak memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).parents[1]
BASELINE = "68a55fb"  # the last commit whose command line imported everything at start
COMMANDS = [
    ["--version"],
    ["--help"],
    ["months", "2026-03-17", "3"],
    ["claim-window", "2026-09-30", "--on", "2026-10-20"],
    ["assess", "--valid-sends", "100000", "--explicit-failures", "15000", "--fee", "1000.00",
     "--deductions", "800.00", "--list-price", "0.05", "--month", "2026-09-01", "--on", "2026-10-20"],
    ["billing", "--billed", "104000", "--submitted", "100000"],
    ["policies"],
]
GOAL = 0.25  # seconds


def export(rev: str, into: Path) -> Path | None:
    """The ``slakit`` package as it was at ``rev``; None when this checkout lacks that commit."""
    archive = subprocess.run(["git", "archive", rev, "slakit"], cwd=ROOT, capture_output=True, check=False)
    if archive.returncode:
        print(f"no baseline: commit {rev} is not in this checkout ({archive.stderr.decode().strip()})")
        return None
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def run(tree: Path, args: list[str]) -> tuple[float, float, float]:
    """Wall seconds of one command, its CPU seconds (user and system: what a busy machine's other
    work changes least) and its peak memory in MB."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "slakit", *args], cwd=tree, env=env,
                                   stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            err.seek(0)
            raise SystemExit(f"slakit {' '.join(args)} failed in {tree}: {err.read().decode()[-500:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help=f"the commit to compare with ({BASELINE})")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        before = export(args.baseline, Path(folder))
        trees = {"before": before or ROOT, "now": ROOT}  # without a baseline: now beside itself
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
              f"before = {args.baseline}, median (fastest) of {args.repeat} runs")
        print(f"{'command':<14} {'before s':>14} {'now s':>14} {'ratio':>7} {'CPU s before':>13} "
              f"{'now':>6} {'MB before':>10} {'now':>5}  goal ≤ {GOAL} s")
        worst = 0.0
        for command in COMMANDS:
            times: dict[str, list[float]] = {name: [] for name in trees}
            cpu: dict[str, list[float]] = {name: [] for name in trees}
            memory: dict[str, float] = dict.fromkeys(trees, 0.0)
            for _ in range(args.repeat):
                for name, tree in trees.items():
                    seconds, busy, mb = run(tree, command)
                    times[name].append(seconds)
                    cpu[name].append(busy)
                    memory[name] = max(memory[name], mb)
            medians = {name: statistics.median(t) for name, t in times.items()}
            worst = max(worst, medians["now"])
            shown = {name: f"{medians[name]:.3f} ({min(times[name]):.3f})" for name in trees}
            print(f"{command[0]:<14} {shown['before']:>14} {shown['now']:>14} "
                  f"{medians['before'] / medians['now']:>6.1f}× {statistics.median(cpu['before']):>13.3f} "
                  f"{statistics.median(cpu['now']):>6.3f} {memory['before']:>10.0f} {memory['now']:>5.0f}  "
                  f"{'met' if medians['now'] <= GOAL else 'MISSED'}")
        print(f"slowest median now {worst:.3f} s (goal ≤ {GOAL} s)")


if __name__ == "__main__":
    main()
