"""What-if explorer latency in the kernel: recompute and redraw after one input change (goal: well
under 100 ms, so the browser's round trip stays under 150 ms; ``benchmarks/roundtrip.py`` times
that), beside its baseline, the credit chart drawn whole on every change as it was before its
drawn steps and axes were kept.

    python benchmarks/explorer.py [--changes 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from decimal import Decimal
from fractions import Fraction

from slakit.plotting import canvas_png
from slakit.policy import load_policy
from slakit.ui.charts import CreditChart
from slakit.ui.explorer import Explorer

FEE = Decimal("4500.00")  # the explorer's default


def quantiles(timings: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    return statistics.median(timings), statistics.quantiles(timings, n=20, method="inclusive")[-1]


def timed(change, values) -> list[float]:  # type: ignore[no-untyped-def]
    timings = []
    for value in values:
        start = time.perf_counter()
        change(value)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    counts = [3_000 + (i * 70) % 14_000 for i in range(args.changes)]  # 3 %..17 %: every tier

    explorer = Explorer(lang="en")
    box = explorer.controls["explicit_failures"]
    change = timed(lambda count: setattr(box, "value", count), counts)
    assert explorer.error == ""
    fees = explorer.controls["vouchers"]
    steps = timed(lambda i: setattr(fees, "value", f"{i * 100}.00"), range(1, 21))

    sla, chart = load_policy(), CreditChart()
    points = [Fraction(100_000 - count, 100_000) for count in counts]
    chart.image(FEE, Decimal(0), points[0], sla, "en")
    kept = timed(lambda a: chart.image(FEE, Decimal(0), a, sla, "en"), points)

    def whole(a: Fraction) -> None:  # the baseline: every artist drawn again for each point
        chart.image(FEE, Decimal(0), a, sla, "en")
        chart.canvas.draw()
        canvas_png(chart.canvas)

    full = timed(whole, points)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.changes} input changes in the kernel, milliseconds ({os.cpu_count()} cores, "
          f"load average {load}):")
    print(f"{'':44}{'p50':>8}{'p95':>8}")
    rows = [("failure change: recompute and redraw", change),
            ("credit chart, kept pixels + the point (now)", kept),
            ("credit chart, drawn whole (baseline)", full),
            ("fee change (steps drawn again)", steps)]
    for name, timings in rows:
        p50, p95 = quantiles(timings)
        print(f"{name:44}{p50:8.1f}{p95:8.1f}")
    print(f"chart: baseline / now {quantiles(full)[0] / quantiles(kept)[0]:.1f}x at p50, "
          f"{quantiles(full)[1] / quantiles(kept)[1]:.1f}x at p95")
    print(f"failure change: median {quantiles(change)[0]:.1f} ms, p95 {quantiles(change)[1]:.1f} ms "
          f"(goal 100 ms: {100 / quantiles(change)[1]:.1f}x headroom at p95)")


if __name__ == "__main__":
    main()
