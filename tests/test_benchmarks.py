"""The benchmark scripts still run (on tiny sizes) and print their figures; the figures themselves
are measured by running the scripts at full size, not here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


@pytest.mark.parametrize(("script", "args", "prints"), [
    ("portfolio.py", ["--rows", "2000", "--loop-rows", "200"], "read_portfolio:"),
    ("lab.py", ["--rows", "3000", "--before-rows", "500", "--term-rows", "600", "--repeat", "1"],
     "peak memory"),
    ("lab_widget.py", ["--rows", "2000,4000"], "speed-up of a moved sweep"),
    ("startup.py", ["--repeat", "1"], "slowest median now"),
    ("explorer.py", ["--changes", "20"], "failure change: median"),
    ("simulate.py", ["--accounts", "10", "--months", "10", "--repeat", "1"], "account-months"),
    ("reports.py", ["--reports", "3", "--scaling", "3", "--rounds", "1"], "median of 1: "),
    ("receipts.py", ["--months", "1", "--daily-volume", "200", "--pandas"], "pandas"),
    ("outlook.py", ["--months", "10", "--draws", "200", "--receipts", "100000", "--per-day", "1000",
                    "--repeat", "1"], "ratio outlook / baseline"),
])
def test_benchmark_runs(script, args, prints, tmp_path):
    if script in ("receipts.py", "outlook.py"):
        args = [*args, "--work", str(tmp_path)]
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True,
                          text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert prints in done.stdout
