"""The policy lab at a provider's scale, side by side in one run:

- a 100-point target sweep (90 % to 99.9 % by 0.1 %) as it was done before, the portfolio
  re-assessed from its text once per target (``--before-rows``, default 1 M, as first measured);
- the same sweep by slakit over the portfolio parsed once (one sort, cumulative sums), on the
  same rows and on ``--rows`` (default 10 M) read from Parquet, checked equal to the former;
- the floor: the same sort-and-sum sweep hand-written in numpy over pre-parsed integer arrays,
  for the SLA's two tiers only, with no exact handling of ties (the answers are checked equal);
- three policies compared over ``--rows``, the lab's whole run (three outcomes, three sweeps),
  the SLA §5.1 term cap's target-by-target sweep on ``--term-rows``, and the peak memory.

    python benchmarks/lab.py [--rows 10000000] [--before-rows 1000000] [--term-rows 1000000]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.portfolio import portfolio as text_portfolio
from slakit import Portfolio, assess_frame, load_policy, parse_portfolio, read_portfolio
from slakit.columns import micro_yuan, total_yuan
from slakit.lab.compare import LabPortfolio, outcome, run_lab
from slakit.lab.sweep import sensitivity, sweep, with_target

TARGETS = sweep(Fraction(90, 100), Fraction(999, 1000), Fraction(1, 1000))  # 100 points
COMPARED = ("tencent-sms-2020-09-23", "variant-net-fee-basis", "variant-three-tiers-99")
T = TypeVar("T")


class Seconds(float):
    """Wall-clock seconds, shown with the process's CPU seconds beside them: on a machine shared
    with other work the CPU time is the steadier figure."""

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Seconds:
        made = super().__new__(cls, wall)
        made.cpu = cpu
        return made

    def __format__(self, spec: str) -> str:
        return f"{float(self):{spec}} s (CPU {self.cpu:{spec}} s)"


def timed(run: Callable[[], T], repeat: int = 1) -> tuple[Seconds, T]:
    """The fastest of ``repeat`` runs, and the last result."""
    best, result = Seconds(float("inf"), float("inf")), None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        took = Seconds(time.perf_counter() - wall, time.process_time() - cpu)
        best = min(best, took)
    return best, result  # type: ignore[return-value]


def write_parquet(path: Path, rows: int, months: int = 12, seed: int = 7) -> None:
    """``rows`` account-months of ``rows // months`` customers, money as exact decimals, in
    row groups of a million (written a group at a time)."""
    rng = np.random.default_rng(seed)
    schema = pa.schema([("customer_id", pa.string()), ("service_month_start", pa.date32()),
                        ("valid_sends", pa.int64()), ("explicit_failures", pa.int64()),
                        ("fee", pa.decimal128(14, 2)), ("deductions", pa.decimal128(14, 2)),
                        ("list_price", pa.decimal128(12, 6))])
    with pq.ParquetWriter(path, schema) as writer:
        for first in range(0, rows, 1_000_000):
            n = min(1_000_000, rows - first)
            row = np.arange(first, first + n)
            valid = rng.integers(0, 5_000_000, n)
            rate = rng.choice([0.001, 0.03, 0.06, 0.12], n, p=[0.7, 0.15, 0.1, 0.05])
            fee = valid * 45 // 10
            deductions = fee * rng.choice([0, 0, 0, 50, 90], n) // 100
            month = np.datetime64("2025-01", "M") + (row % months).astype("timedelta64[M]")
            writer.write_table(pa.table({
                "customer_id": pa.array(np.char.add("C", (row // months).astype(str))),
                "service_month_start": pa.array(month.astype("datetime64[D]")).cast(pa.date32()),
                "valid_sends": valid,
                "explicit_failures": np.minimum((valid * rate).astype(np.int64), valid),
                "fee": _scaled(fee, 2, 14),
                "deductions": _scaled(deductions, 2, 14),
                "list_price": _scaled(np.full(n, 45_000), 6, 12),
            }, schema=schema))


def _scaled(values: np.ndarray, places: int, precision: int) -> pa.Array:
    """Integers counting 10**-places as an exact Arrow decimal column."""
    words = np.zeros((len(values), 2), dtype=np.int64)
    words[:, 0] = values
    array = pa.Array.from_buffers(pa.decimal128(38, places), len(values), [None, pa.py_buffer(words)])
    return array.cast(pa.decimal128(precision, places))


def before(frame: pd.DataFrame, policy: Any) -> list[tuple[Any, int]]:
    """The sweep as it was: each target assessed from the portfolio's text, then totalled."""
    points = []
    for target in TARGETS:
        out = assess_frame(frame, with_target(policy, target))
        points.append((total_yuan(micro_yuan(out["credit_amount"])), int((out["credit_sms"] > 0).sum())))
    return points


def floor(valid: np.ndarray, failures: np.ndarray, fee: np.ndarray, net: np.ndarray,
          price: np.ndarray) -> list[tuple[Any, int]]:
    """Hand-written numpy over pre-parsed integer arrays for the SLA's two tiers (10 % below the
    target, 30 % below 90 %): the months below the highest target, credit once per month, one
    sort, cumulative sums, float keys."""
    good = valid - failures
    key = np.where(valid == 0, np.inf, good / np.maximum(valid, 1))
    may = key <= float(TARGETS[-1])  # only months below the highest target can be owed
    valid, good, fee, net, price, key = valid[may], good[may], fee[may], net[may], price[may], key[may]
    rate = np.where(good * 10 < valid * 9, 3_000, 1_000)
    credit = np.minimum(fee * rate, net * 10_000)
    sms = np.minimum(credit // price, net * 10_000 // price)
    order = np.argsort(key)
    keys = key[order]
    paid = np.concatenate([[0], np.cumsum(credit[order])])
    owed = np.concatenate([[0], np.cumsum(sms[order] > 0)])
    at = np.searchsorted(keys, [float(t) for t in TARGETS])
    return [(total_yuan(np.array([paid[i]])), int(owed[i])) for i in at]


def ours(book: Portfolio, policy: Any) -> list[tuple[Any, int]]:
    return [(p.credit, p.compensated_months) for p in sensitivity(book, policy, TARGETS)]


def against_before(rows: int, repeat: int) -> None:
    sla = load_policy()
    frame = text_portfolio(rows)
    was, old = timed(lambda: before(frame, sla))
    book = parse_portfolio(frame)
    now, new = timed(lambda: ours(book, sla), repeat)
    assert new == old, "the sweep differs from assessing target by target"
    print(f"before, {rows:,} rows from text, per point: {was:.2f} | slakit, parsed once: "
          f"{now:.3f} | speed-up {was / now:,.0f}x, CPU {was.cpu / now.cpu:,.0f}x (answers equal)")


def at_scale(rows: int, repeat: int) -> None:
    sla = load_policy()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "portfolio.parquet"
        write_parquet(path, rows)
        read, book = timed(lambda: read_portfolio(path))
    cols = book.columns
    print(f"read and parse {rows:,} rows of Parquet: {read:.2f} ({rows / read:,.0f} rows/s; "
          f"{len(book.rejected)} rejected)")
    now, new = timed(lambda: ours(book, sla), repeat)
    bare, low = timed(lambda: floor(cols.valid, cols.failures, cols.fee_fen, cols.net_fen,
                                    cols.price_micro), repeat)
    assert new == low, "the sweep differs from the numpy floor"
    print(f"sweep over {rows:,}: slakit {now:.3f} (goal < 2 s) | numpy floor {bare:.3f} | "
          f"ratio {now / bare:.2f}x, CPU {now.cpu / bare.cpu:.2f}x (goal ≤ 1.5x; answers equal)")
    policies = [load_policy(name) for name in COMPARED]
    compare, _ = timed(lambda: [outcome(book, p) for p in policies], repeat)
    lab, _ = timed(lambda: run_lab(LabPortfolio("benchmark", book), policies, TARGETS))
    print(f"three policies compared over {rows:,}: {compare:.3f} (goal < 3 s); the lab's whole run "
          f"(three outcomes, three {len(TARGETS)}-point sweeps, claim windows): {lab:.3f}")


def term_cap(rows: int) -> None:
    capped = load_policy("variant-consumed-cap")
    frame = text_portfolio(rows)
    frame["customer_id"] = np.arange(rows) // 12
    book = parse_portfolio(frame)
    term, _ = timed(lambda: ours(book, capped))
    one, _ = timed(lambda: outcome(book, capped))
    print(f"SLA §5.1 term cap binding ({capped.name}, {rows:,} rows in terms of 12): "
          f"sweep target by target {term:.2f} | one assessment {one:.3f} | ratio {term / one:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--before-rows", type=int, default=1_000_000)
    parser.add_argument("--term-rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{len(TARGETS)}-point sweep, {TARGETS[0]} to {TARGETS[-1]}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    against_before(args.before_rows, args.repeat)
    at_scale(args.rows, args.repeat)
    term_cap(args.term_rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak memory (whole run): {peak:.2f} GB (goal < 4 GB)")


if __name__ == "__main__":
    main()
