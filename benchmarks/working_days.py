"""Backtest of the provisional calendar: each year treated as unpublished, every month's 5th working
day (the claim window's opening, SLA §3.2) estimated, and compared with the official calendar.

Lateness is in calendar days (estimate − official): the estimate must never be early. Beside it,
the baseline: plain weekdays, the fallback before the estimate.

    python benchmarks/working_days.py [--from 2021] [--to 2026] [--markdown]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal

from slakit.provisional import Estimate, backtest

HEADERS = ("years", "months", "estimate: months early", "estimate: mean days late",
           "estimate: most days late", "plain weekdays: months early", "plain weekdays: mean days late",
           "plain weekdays: most days early")


def mean(values: Sequence[int]) -> str:
    return str((Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_EVEN))


def row(label: str, estimates: Sequence[Estimate]) -> list[str]:
    late = [e.late for e in estimates]
    weekdays = [e.weekdays_late for e in estimates]
    return [label, str(len(estimates)), str(sum(d < 0 for d in late)), mean(late), str(max(late)),
            str(sum(d < 0 for d in weekdays)), mean(weekdays), str(max(0, -min(weekdays)))]


def table(first: int, last: int) -> list[list[str]]:
    """One row a year, and the whole span."""
    estimates = backtest(range(first, last + 1))
    rows = [row(str(year), [e for e in estimates if e.year == year]) for year in range(first, last + 1)]
    return [*rows, row(f"{first}–{last}", estimates)]


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="first", type=int, default=2021)
    parser.add_argument("--to", dest="last", type=int, default=2026)
    parser.add_argument("--markdown", action="store_true", help="print the docs table")
    args = parser.parse_args()
    rows = table(args.first, args.last)
    if args.markdown:
        print(markdown(rows))
        return
    from tabulate import tabulate

    print(tabulate(rows, headers=HEADERS, disable_numparse=True))
    _, months, early, late, worst, early_before, _, worst_before = rows[-1]
    print(f"\n{rows[-1][0]}: estimate {early} of {months} months early, {late} days late on average, "
          f"at most {worst}; plain weekdays {early_before} of {months} early, up to {worst_before} days")


if __name__ == "__main__":
    main()
