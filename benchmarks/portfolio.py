"""Account-months per second for the vectorized assessment, against a per-row loop over assess(),
and reading a CSV of them (read_portfolio: every row checked and kept with its line) against
pandas.read_csv of the same file as text.

    python benchmarks/portfolio.py [--rows 1000000] [--loop-rows 20000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.simulate import best_of
from slakit import assess, assess_frame, load_policy, read_portfolio


def portfolio(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    valid = rng.integers(0, 5_000_000, rows)
    rate = rng.choice([0.001, 0.03, 0.06, 0.12], rows, p=[0.7, 0.15, 0.1, 0.05])
    failures = np.minimum((valid * rate).astype(np.int64), valid)
    fee_fen = valid * 45 // 10
    deductions_fen = fee_fen * rng.choice([0, 0, 0, 50, 90], rows) // 100
    return pd.DataFrame({
        "valid_sends": valid,
        "explicit_failures": failures,
        "fee": pd.Series(fee_fen).map(lambda f: f"{f // 100}.{f % 100:02d}"),
        "deductions": pd.Series(deductions_fen).map(lambda f: f"{f // 100}.{f % 100:02d}"),
        "list_price": "0.045",
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop-rows", type=int, default=20_000)
    args = parser.parse_args()
    policy = load_policy()
    frame = portfolio(args.rows)

    assess_frame(frame.head(1000), policy)  # warm up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        out = assess_frame(frame, policy)
        best = min(best, time.perf_counter() - start)
    vector_rate = args.rows / best

    sample = frame.head(args.loop_rows).to_dict("records")
    start = time.perf_counter()
    for row in sample:
        assess(row["valid_sends"], row["explicit_failures"], fee=row["fee"],
               deductions=row["deductions"], list_price=row["list_price"], policy=policy)
    loop_rate = len(sample) / (time.perf_counter() - start)

    print(f"vectorized: {args.rows:,} account-months in {best:.3f} s "
          f"= {vector_rate:,.0f} account-months/s ({int(out['credit_sms'].gt(0).sum()):,} owed credit)")
    print(f"per-row loop over assess(): {loop_rate:,.0f} account-months/s "
          f"(measured on {len(sample):,} rows)")
    print(f"ratio vectorized / loop: {vector_rate / loop_rate:,.0f}x")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "portfolio.csv"
        frame.to_csv(path, index=False)
        ours = best_of(3, lambda: read_portfolio(path))
        plain = best_of(3, lambda: pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]))
    print(f"read_portfolio: {args.rows / ours:,.0f} rows/s; pandas.read_csv as text (baseline): "
          f"{args.rows / plain:,.0f} rows/s; ratio {plain / ours:.2f}x")



if __name__ == "__main__":
    main()
