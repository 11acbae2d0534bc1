"""The policy lab widget on Parquet portfolios of growing size: seconds from a file entered to its
figures, and from a moved sweep to the redrawn sensitivity chart, beside its baseline (the same
sweep over a portfolio that keeps nothing: every policy assessed and sorted again, every chart
drawn again); and a redraw with nothing changed. A moved sweep should cost about the same at
every size.

    python benchmarks/lab_widget.py [--rows 100000,1000000,10000000] [--baseline REV]

Beside them, per size: the seconds to parse and check the file (``read_portfolio``) against its
floor, a plain ``pyarrow.parquet.read_table`` of the file plus the same checks done in Arrow
compute (no rejected row named, nothing kept but the table); and the file entered in a fresh
process, now and at an earlier commit (its ``slakit`` exported from git), one after the other.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.lab import write_parquet
from benchmarks.startup import export
from slakit import read_portfolio
from slakit.assess import MAX_COUNT
from slakit.lab.compare import LabPortfolio, run_lab
from slakit.lab.sweep import sweep
from slakit.money import MAX_AMOUNT
from slakit.months import DATE_RANGE
from slakit.ui.policy_lab import PolicyLab

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "68a55fb"  # the last commit before Parquet portfolios were checked at Arrow speed
ENTERED = """
import json, sys, time
from slakit.ui.policy_lab import PolicyLab
lab = PolicyLab("en")
lab.controls["source"].value = "csv"
lab.wait()
start = time.perf_counter()
lab.controls["csv_path"].value = sys.argv[1]
lab.wait()
assert lab.error == "", lab.error
print(json.dumps({"seconds": time.perf_counter() - start, "slakit": __import__("slakit").__file__}))
"""


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


def arrow_floor(path: Path) -> float:
    """Seconds to read the file with Arrow and check what slakit checks, in Arrow compute: no
    missing value, counts and money within bounds, failures within sends, deductions within the
    fee, a list price above zero, dates within range, no month twice in a customer's term."""
    start = time.perf_counter()
    table = pq.read_table(path)
    ok = all(table[name].null_count == 0 for name in table.column_names)
    for name in ("valid_sends", "explicit_failures"):
        bounds = pc.min_max(table[name])
        ok &= bounds["min"].as_py() >= 0 and bounds["max"].as_py() <= MAX_COUNT
    ok &= pc.all(pc.less_equal(table["explicit_failures"], table["valid_sends"])).as_py()
    money = {name: pc.cast(table[name], pa.decimal128(18, places))
             for name, places in (("fee", 2), ("deductions", 2), ("list_price", 6))}
    for column in money.values():
        bounds = pc.min_max(column)
        ok &= bounds["min"].as_py() >= 0 and bounds["max"].as_py() <= MAX_AMOUNT
    ok &= pc.all(pc.less_equal(money["deductions"], money["fee"])).as_py()
    ok &= pc.min(money["list_price"]).as_py() > 0
    dates = pc.min_max(table["service_month_start"])
    ok &= DATE_RANGE[0] <= dates["min"].as_py() and dates["max"].as_py() <= DATE_RANGE[1]
    months = table.group_by(["customer_id", "service_month_start"]).aggregate([])
    ok &= months.num_rows == table.num_rows
    assert ok, "the benchmark's portfolio is clean"
    return time.perf_counter() - start


def entered(tree: Path, path: Path) -> float:
    """Seconds from the file entered to the lab's figures, in a fresh process on ``tree``'s slakit."""
    done = subprocess.run([sys.executable, "-c", ENTERED, str(path)], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tree)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["slakit"].startswith(str(tree)), result
    return float(result["seconds"])


def compared(path: Path, before: Path | None) -> dict[str, float]:
    """The parse and check against its floor, and the file entered now and before."""
    figures = {"floor: read_table + Arrow checks": arrow_floor(path)}
    start = time.perf_counter()
    book = read_portfolio(path)
    figures["read_portfolio (parse + check)"] = time.perf_counter() - start
    assert not book.rejected
    del book
    figures["ratio to the floor"] = figures["read_portfolio (parse + check)"] / figures[
        "floor: read_table + Arrow checks"]
    figures["file entered, fresh process, before"] = entered(before, path) if before else float("nan")
    figures["file entered, fresh process, now"] = entered(ROOT, path)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default="100000,1000000",
                        help="portfolio sizes, comma-separated (default: 100000,1000000)")
    parser.add_argument("--baseline", default=BASELINE, help=f"the commit to compare with ({BASELINE})")
    args = parser.parse_args()
    sizes = [int(n) for n in args.rows.split(",")]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; seconds; "
          f"before = {args.baseline}")
    table: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as work:
        before = export(args.baseline, Path(work, "before"))
        for rows in sizes:
            path = Path(work, f"months-{rows}.parquet")
            write_parquet(path, rows)
            table[rows] = measure(path) | compared(path, before)
            path.unlink()
    names = list(table[sizes[0]])
    print(f"{'rows':<38}" + "".join(f"{rows:>14,}" for rows in sizes))
    for name in names:
        print(f"{name:<38}" + "".join(f"{table[rows][name]:>14.2f}" for rows in sizes))
    ratios = [table[rows]["baseline: sweep computed afresh"] / table[rows]["sweep moved"] for rows in sizes]
    print(f"{'speed-up of a moved sweep':<38}" + "".join(f"{r:>13.1f}×" for r in ratios))
    growth = table[sizes[-1]]["sweep moved"] / table[sizes[0]]["sweep moved"]
    print(f"a moved sweep at {sizes[-1]:,} rows / at {sizes[0]:,} rows: {growth:.2f}×")


if __name__ == "__main__":
    main()
