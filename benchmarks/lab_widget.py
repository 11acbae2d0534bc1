"""The policy lab widget on Parquet portfolios of growing size: seconds from a file entered to its
figures, and from a moved sweep to the redrawn sensitivity chart, beside its baseline (the same
sweep over a portfolio that keeps nothing: every policy assessed and sorted again, every chart
drawn again); and a redraw with nothing changed. A moved sweep should cost about the same at
every size.

    python benchmarks/lab_widget.py [--rows 100000,1000000,10000000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.lab import write_parquet
from slakit.lab.compare import LabPortfolio, run_lab
from slakit.lab.sweep import sweep
from slakit.ui.policy_lab import PolicyLab


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(path: Path) -> dict[str, float]:
    lab = PolicyLab("en")
    c = lab.controls

    def change(name: str, value: object) -> None:
        c[name].value = value
        lab.wait()
        assert lab.error == "", lab.error

    c["source"].value = "csv"
    lab.wait()
    figures = {"file entered": seconds(lambda: change("csv_path", str(path)))}
    figures["sweep moved"] = seconds(lambda: change("sweep", (95.0, 99.0)))
    result = lab.result
    assert result is not None
    fresh = LabPortfolio(result.portfolio.label, result.portfolio.book)  # keeps nothing yet

    def afresh() -> None:
        targets = sweep(Fraction(92, 100), Fraction(995, 1000))
        again = run_lab(fresh, [o.policy for o in result.outcomes], targets)
        lab._charts.clear()
        lab._done((again, {}))
    figures["baseline: sweep computed afresh"] = seconds(afresh)
    figures["redraw, nothing changed"] = seconds(lab._show)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default="100000,1000000",
                        help="portfolio sizes, comma-separated (default: 100000,1000000)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.rows.split(",")]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; seconds")
    table: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as work:
        for rows in sizes:
            path = Path(work, f"months-{rows}.parquet")
            write_parquet(path, rows)
            table[rows] = measure(path)
            path.unlink()
    names = list(table[sizes[0]])
    print(f"{'rows':<34}" + "".join(f"{rows:>14,}" for rows in sizes))
    for name in names:
        print(f"{name:<34}" + "".join(f"{table[rows][name]:>14.2f}" for rows in sizes))
    ratios = [table[rows]["baseline: sweep computed afresh"] / table[rows]["sweep moved"] for rows in sizes]
    print(f"{'speed-up of a moved sweep':<34}" + "".join(f"{r:>13.1f}×" for r in ratios))
    growth = table[sizes[-1]]["sweep moved"] / table[sizes[0]]["sweep moved"]
    print(f"a moved sweep at {sizes[-1]:,} rows / at {sizes[0]:,} rows: {growth:.2f}×")


if __name__ == "__main__":
    main()
