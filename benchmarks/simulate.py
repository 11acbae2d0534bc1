"""Simulated account-months per second: the Monte Carlo alone, and with the outlook (assessment,
exact quantiles and tier probabilities) on top.

    python benchmarks/simulate.py [--accounts 1000] [--months 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from slakit import load_policy
from slakit.lab.outlook import outlook
from slakit.lab.simulate import IncidentModel, simulate


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=1_000)
    parser.add_argument("--months", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    model = IncidentModel(accounts=args.accounts, months=args.months)
    policy = load_policy()
    rows = args.accounts * args.months

    simulate(IncidentModel(accounts=10, months=10))  # warm up
    alone = best_of(args.repeat, lambda: simulate(model, seed=1))
    frame = simulate(model, seed=1)
    summary = best_of(args.repeat, lambda: outlook(frame, policy))
    both = alone + summary
    result = outlook(frame, policy)

    print(f"simulate: {rows:,} account-months in {alone:.3f} s = {rows / alone:,.0f} account-months/s")
    print(f"outlook (assess + exact quantiles): {summary:.3f} s; together {both:.3f} s "
          f"= {rows / both:,.0f} account-months/s")
    print(f"{float(1 - result.tier_probability[0]):.2%} of account-months in a credit tier, "
          f"expected {result.expected_credit} yuan each")


if __name__ == "__main__":
    main()
