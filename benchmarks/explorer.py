"""What-if explorer latency: recompute and redraw after one input change (goal: < 100 ms).

    python benchmarks/explorer.py [--changes 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

from slakit.ui.explorer import Explorer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    explorer = Explorer()
    failures = explorer.controls["explicit_failures"]
    timings = []
    for i in range(args.changes):  # sweep 3 %..17 % failures: every tier, the marker moving
        start = time.perf_counter()
        failures.value = 3_000 + (i * 70) % 14_000
        timings.append((time.perf_counter() - start) * 1000)
    assert explorer.error == ""
    fees = explorer.controls["vouchers"]
    redraws = []
    for i in range(20):  # a fee change redraws the tier steps too
        start = time.perf_counter()
        fees.value = f"{i * 100}.00"
        redraws.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(f"failure change: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
          f"over {args.changes} changes (goal 100 ms: {100 / p95:.1f}x headroom at p95)")
    print(f"fee change (steps redrawn): median {statistics.median(redraws):.1f} ms")


if __name__ == "__main__":
    main()
