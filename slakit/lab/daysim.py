"""Simulated accounts day by day, with a known end of month: what checks that a month-to-date
projection (:mod:`.projection`) states its uncertainty honestly.

Each account has its own volume (weekends quieter), its own usual failure rate and its own
day-to-day spread of it; on top, some days carry an incident that fails a large share of that
day's sends. The month's rate also drifts from the weeks before it. None of this is what the
projection assumes in detail: it only learns from the days it is shown.

>>> from datetime import date
>>> days, month = simulate_days(SimulatedAccount(), date(2026, 4, 1), seed=3)
>>> len(days), month.start, month.end
(58, datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ..months import ServiceMonth
from .projection import LOOKBACK_DAYS, Day


@dataclass(frozen=True)
class SimulatedAccount:
    """How simulated accounts behave; each draws its own figures from these ranges."""

    daily_volume: tuple[float, float] = (2_000, 2_000_000)  # log-uniform, a weekday's sends
    weekend_share: float = 0.6  # a weekend day's volume against a weekday's
    volume_spread: float = 0.15  # day-to-day, log scale
    failure_rate: tuple[float, float] = (0.003, 0.06)  # log-uniform, the account's usual rate
    rate_spread: tuple[float, float] = (0.1, 0.8)  # day-to-day spread of the log failure rate
    month_drift: float = 0.15  # the month's log rate against the weeks before, log scale
    incident_chance: float = 0.02  # per day
    incident_share: tuple[float, float] = (0.02, 0.4)  # of a day's sends failed by an incident


def simulate_days(model: SimulatedAccount, month_start: date, seed: int) -> tuple[list[Day], ServiceMonth]:
    """One account's days: the :data:`~.projection.LOOKBACK_DAYS` before the natural month that
    starts on ``month_start``, then the whole month."""
    rng = np.random.default_rng(seed)
    last = month_start.replace(day=calendar.monthrange(month_start.year, month_start.month)[1])
    first = month_start - timedelta(days=LOOKBACK_DAYS)
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    volume_base = np.exp(rng.uniform(*np.log(model.daily_volume)))
    log_rate = rng.uniform(*np.log(model.failure_rate))
    spread = rng.uniform(*model.rate_spread)
    in_month = np.array([d >= month_start for d in days])
    weekday = np.array([d.weekday() < 5 for d in days])
    volume = rng.poisson(volume_base * np.where(weekday, 1.0, model.weekend_share)
                         * np.exp(rng.normal(0, model.volume_spread, len(days))))
    logs = log_rate + in_month * rng.normal(0, model.month_drift) + rng.normal(0, spread, len(days))
    rate = np.minimum(np.exp(logs), 1.0)
    incident = rng.random(len(days)) < model.incident_chance
    rate = np.where(incident, rate + (1 - rate) * rng.uniform(*model.incident_share, len(days)), rate)
    failures = rng.binomial(volume, rate)
    return ([Day(d, int(v), int(f)) for d, v, f in zip(days, volume, failures, strict=True)],
            ServiceMonth(month_start, last))
