"""Receipts at scale: synth, ingest and aggregate, with throughput and peak memory per phase.

    python benchmarks/receipts.py --work DIR [--daily-volume 1220000] [--months 3] [--pandas]

The default is an ordinary account around the SLA §4.10 ceiling for three months: about 100
million receipts and as many sends. Each phase runs in its own process, so its peak memory is
its own. With ``--pandas`` (at a size pandas can hold) the same aggregation is also done by a
straightforward pandas implementation, checked equal, and the two timed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from slakit.months import service_months
from slakit.receipts.aggregate import Query, daily_outcomes
from slakit.receipts.archive import Archive, ingest
from slakit.receipts.codemap import load_codemap
from slakit.receipts.synth import synth

ACCOUNT = "1400000001"


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def _phase(target: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """Run ``target(*args)`` in a fresh process: its result, seconds and peak memory (GB)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_timed, (target, *args))


def _timed(target: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    start = time.perf_counter()
    result = target(*args)
    return result, time.perf_counter() - start, _peak_gb()


def _synth(work: Path, start: date, months: int, volume: int) -> int:
    return len(synth(work / "files", ACCOUNT, start, months, volume, seed=1, receipt_format="mixed"))


def _ingest(work: Path) -> tuple[int, int]:
    results = ingest(work / "archive.duckdb", ACCOUNT, sorted((work / "files").iterdir()))
    return sum(r.records for r in results), sum(r.stored for r in results)


def _query(start: date, months: int) -> Query:
    return Query(ACCOUNT, service_months(start, months), load_codemap())


def _duckdb(work: Path, start: date, months: int) -> list[tuple[Any, ...]]:
    with Archive(work / "archive.duckdb", read_only=True) as archive:
        return daily_outcomes(archive.run, _query(start, months), [])


def _pandas(work: Path, start: date, months: int) -> tuple[list[tuple[Any, ...]], float]:
    """The same daily outcomes, straightforwardly in pandas; and the seconds it took (load aside)."""
    query = _query(start, months)
    with Archive(work / "archive.duckdb", read_only=True) as archive:
        sends = archive.con.execute("SELECT * FROM sends").df()
        receipts = archive.con.execute("SELECT * FROM receipts").df()
    began = time.perf_counter()
    first, last = query.months[0].start, query.months[-1].end
    grace = query.codemap.grace_hours * 3600
    horizon = max(sends["ts"].max(), receipts["ts"].max())
    latest = receipts.sort_values(["serial_no", "ts", "code"]).groupby("serial_no").tail(1)
    paired = sends.merge(latest, on="serial_no", how="outer", suffixes=("_s", "_r"))
    got = paired["code_r"].notna()
    frame = pd.DataFrame({
        "day": paired["day_s"].where(paired["day_s"].notna(), paired["day_r"]),
        "ts": paired["ts_s"].where(paired["ts_s"].notna(), paired["ts_r"]),
        "stage": np.where(got, "receipt", "send"),
        "code": paired["code_r"].where(got, paired["code_s"])})
    codes = pd.DataFrame(query.codemap.resolve(
        frame[["stage", "code"]].drop_duplicates().itertuples(index=False)),
        columns=["stage", "code", "class", "clause"])
    frame = frame.merge(codes, on=["stage", "code"])
    submitted = frame["class"] == "submitted"
    overdue = frame["ts"] + grace <= horizon
    frame.loc[submitted & overdue, "class"] = query.codemap.no_receipt.cls
    frame.loc[submitted & ~overdue, "class"] = "pending"
    day = pd.to_datetime(frame["day"]).dt.date
    frame = frame[(day >= first) & (day <= last)]
    out = frame.groupby(["day", "stage", "code", "class", "clause"]).size().reset_index()
    rows = [(pd.Timestamp(d).date(), s, c, k, u, int(n)) for d, s, c, k, u, n in out.itertuples(index=False)]
    return rows, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, required=True, help="a folder for the files and archive")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--daily-volume", type=int, default=1_220_000)
    parser.add_argument("--pandas", action="store_true", help="also time the pandas version")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    if not (args.work / "files").exists():
        files, seconds, peak = _phase(_synth, args.work, args.start, args.months, args.daily_volume)
        print(f"synth: {files} files in {seconds:,.0f} s (peak {peak:.2f} GB)", flush=True)
    (records, stored), seconds, peak = _phase(_ingest, args.work)
    print(f"ingest: {records:,} records ({stored:,} stored) in {seconds:,.0f} s = "
          f"{records / seconds:,.0f} records/s, peak memory {peak:.2f} GB", flush=True)
    rows, duck, peak = _phase(_duckdb, args.work, args.start, args.months)
    sends = sum(r[-1] for r in rows)
    print(f"aggregate (DuckDB): {sends:,} sends, {len(rows):,} daily rows in {duck:,.1f} s = "
          f"{sends / duck:,.0f} sends/s, peak memory {peak:.2f} GB", flush=True)
    if args.pandas:
        (expected, seconds), _, peak = _phase(_pandas, args.work, args.start, args.months)
        assert sorted(expected) == sorted(rows), "pandas and DuckDB disagree"
        print(f"aggregate (pandas): {seconds:,.1f} s, peak memory {peak:.2f} GB (data loaded); "
              f"same rows; DuckDB is {seconds / duck:,.1f}x faster")


if __name__ == "__main__":
    main()
