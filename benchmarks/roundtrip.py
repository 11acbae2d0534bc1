"""The explorer in a real JupyterLab and Chromium: milliseconds from an input change to the updated
figure on the page (goal: p95 < 150 ms), beside its baseline, the in-kernel recompute and redraw of
the same changes (no browser, no websocket).

    python benchmarks/roundtrip.py [--changes 100]

Each change commits a new count of explicit failures, as Enter does; the page's own clock times
it until the availability reads its new value and until the credit chart shows its new image.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the harness lives with the tests

from slakit.format import percent
from slakit.kit import copy_kit
from slakit.ui.explorer import Explorer
from tests.ui.jupyterlab import chromium, jupyterlab, open_notebook

GOAL_MS = 150
WARM_UP = 3
VALID_SENDS = 100_000  # the explorer's default


def failures(changes: int) -> list[int]:
    """Failure counts that sweep every tier and never repeat the previous one."""
    return [3_000 + (i * 137) % 14_000 for i in range(changes + WARM_UP)]


def quantiles(timings: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    return statistics.median(timings), statistics.quantiles(timings, n=20, method="inclusive")[-1]


def in_browser(counts: list[int]) -> tuple[list[float], list[float]]:
    """Round trips to the figure and to the redrawn chart, after the warm-up."""
    with tempfile.TemporaryDirectory() as work:
        root, state = Path(work, "kit"), Path(work, "state")
        state.mkdir()
        copy_kit(root)
        with jupyterlab(root, state) as lab, chromium() as browser:
            notebook = open_notebook(browser, lab, "notebooks/explorers/explorer.ipynb")
            notebook.run_all()
            notebook.images_loaded()
            trips = [notebook.round_trip("explicit-failures", str(count), "availability",
                                         percent(1 - Fraction(count, VALID_SENDS)))
                     for count in counts]
            assert not notebook.errors, notebook.errors
    trips = trips[WARM_UP:]
    return [t for t, _ in trips], [c for _, c in trips]


def in_kernel(counts: list[int]) -> list[float]:
    """The same changes made in-process: recompute and redraw, nothing sent anywhere."""
    explorer = Explorer()
    box, timings = explorer.controls["explicit_failures"], []
    for count in counts:
        start = time.perf_counter()
        box.value = count
        timings.append((time.perf_counter() - start) * 1000)
    assert explorer.error == ""
    return timings[WARM_UP:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args()
    counts = failures(args.changes)
    figure, chart = in_browser(counts)
    baseline = in_kernel(counts)
    base95 = quantiles(baseline)[1]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.changes} input changes in JupyterLab (Chromium), milliseconds "
          f"({os.cpu_count()} cores, load average {load}):")
    print(f"{'':30}{'p50':>8}{'p95':>8}{'p95 / baseline':>17}")
    for name, timings in (("round trip to the figure", figure), ("round trip to the chart", chart),
                          ("in-kernel recompute (baseline)", baseline)):
        p50, p95 = quantiles(timings)
        print(f"{name:30}{p50:8.1f}{p95:8.1f}{p95 / base95:16.1f}x")
    p50, p95 = quantiles(chart)
    print(f"goal: p95 < {GOAL_MS} ms to the redrawn chart: {'met' if p95 < GOAL_MS else 'missed'} "
          f"({GOAL_MS / p95:.1f}x headroom)")


if __name__ == "__main__":
    main()
