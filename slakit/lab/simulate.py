"""Monte Carlo of incidents: simulated account-months.

Each account sends a monthly volume shaped over the hours of the day and the days of the week.
Incidents arrive as a Poisson process, last a log-normal time, and fail a share of what is sent
while they last, on top of a baseline failure rate; an incident at 3 am therefore costs less than
one at 11 am. Some incidents may hit every account at once (a platform outage). The result is a
frame ready for :func:`slakit.assess_frame`: whole counts, money as exact decimals.

>>> frame = simulate(IncidentModel(accounts=50, months=12), seed=1)
>>> len(frame), bool((frame["explicit_failures"] <= frame["valid_sends"]).all())
(600, True)
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ..columns import I64, decimal_column
from ..errors import InputError
from ..money import FEE_PLACES, PRICE_PLACES, parse_amount, parse_price
from ..words import Said, says

F64 = np.ndarray[Any, np.dtype[np.float64]]

# Relative sending volume by hour of day (00–23): quiet at night, busy in office hours and evenings.
DAY_SHAPE = (1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.0, 2.5, 4.5, 6.0, 7.0, 7.0,
             5.5, 5.5, 6.5, 6.5, 6.5, 6.0, 5.5, 6.0, 6.0, 5.0, 3.5, 2.0)
WEEK_SHAPE = (1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.7)  # Monday to Sunday
MAX_MONTHLY_SENDS = 10**10  # a month's sends are capped here, far inside assess_frame's bounds
MAX_ACCOUNT_MONTHS = 10**7
MAX_DAILY_VOLUME = 100_000_000  # SLA §4.10: the undeclared-concurrency line of channel customers


@dataclass(frozen=True)
class IncidentModel:
    """What drives availability: the portfolio, its volume, its incidents, its prices.

    Rates and shapes are model parameters (floats); money is ``Decimal``.
    """

    accounts: int = 1_000
    months: int = 12
    incidents_per_month: float = 0.5  # Poisson rate per account-month
    platform_share: float = 0.0  # share of incidents that hit every account at once
    mean_duration_hours: float = 6.0  # log-normal duration with this mean
    duration_spread: float = 1.5  # σ of the log duration
    incident_failure_rate: float = 0.8  # share of sends failing while an incident lasts
    baseline_failure_rate: float = 0.002  # share failing outside incidents
    excluded_rate: float = 0.0  # sends excluded under SLA §4 (flow control, …), per valid send
    daily_volume: int = 20_000  # mean valid sends per account and day
    volume_spread: float = 1.0  # σ of the log daily volume across accounts
    days: int = 30
    day_shape: tuple[float, ...] = DAY_SHAPE
    week_shape: tuple[float, ...] = WEEK_SHAPE
    fee_per_sms: Decimal = Decimal("0.045")  # what the customer is billed per SMS
    voucher_share: Decimal = Decimal("0")  # share of the fee paid with vouchers (SLA §3.1(2))
    list_price: Decimal = Decimal("0.045")  # per SMS, prices the credit (SLA §3.1(1))

    def __post_init__(self) -> None:
        def refuse(field: str, problem: Said) -> None:
            raise InputError(field, getattr(self, field), problem)

        for name, low, high in (("accounts", 1, MAX_ACCOUNT_MONTHS), ("months", 1, MAX_ACCOUNT_MONTHS),
                                ("days", 1, 31), ("daily_volume", 0, MAX_DAILY_VOLUME)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                refuse(name, says("error.whole_between", low=low, high=high))
        if self.accounts * self.months > MAX_ACCOUNT_MONTHS:
            refuse("accounts", says("error.account_months", most=MAX_ACCOUNT_MONTHS))
        for name, most in (("incidents_per_month", 1_000.0), ("mean_duration_hours", 24 * 31.0),
                           ("duration_spread", 3.0), ("volume_spread", 3.0)):
            if not 0 <= getattr(self, name) <= most:
                refuse(name, says("error.number_to", most=most))
        if self.mean_duration_hours == 0:
            refuse("mean_duration_hours", says("error.not_positive"))
        for name in ("platform_share", "incident_failure_rate", "baseline_failure_rate", "excluded_rate"):
            if not 0 <= getattr(self, name) <= 1:
                refuse(name, says("error.not_ratio"))
        for name, size in (("day_shape", 24), ("week_shape", 7)):
            shape = getattr(self, name)
            if len(shape) != size or min(shape) < 0 or sum(shape) <= 0:
                refuse(name, says("error.weights", size=size))
        parse_price(self.fee_per_sms, "fee_per_sms")
        parse_price(self.list_price, "list_price")
        share = parse_amount(self.voucher_share, "voucher_share", places=4)
        if share > 1:
            refuse("voucher_share", says("error.not_ratio"))


def volume_share(model: IncidentModel, first_hour: I64, start: F64, end: F64) -> F64:
    """The share of a month's volume sent between ``start`` and ``end`` (hours into the month),
    for months beginning ``first_hour`` hours after a Monday 00:00.

    >>> model = IncidentModel()
    >>> night, morning = volume_share(model, np.array([0, 0]), np.array([3.0, 11.0]), np.array([4.0, 12.0]))
    >>> bool(night < morning)     # an hour at 3 am carries less volume than one at 11 am
    True
    """
    hours = (model.days + 7) * 24
    week = np.tile(np.repeat(np.asarray(model.week_shape), 24), model.days // 7 + 2)[:hours]
    curve = np.concatenate([[0.0], np.cumsum(np.tile(np.asarray(model.day_shape), hours // 24) * week)])
    marks = np.arange(len(curve))
    # a month may carry no volume at all (a short month on rest days): it then has none to lose
    month = np.maximum(curve[first_hour + model.days * 24] - curve[first_hour], np.finfo(float).tiny)
    share: F64 = (np.interp(first_hour + end, marks, curve)
                  - np.interp(first_hour + start, marks, curve)) / month
    return share


def _incidents(rng: np.random.Generator, model: IncidentModel, rate: float, units: int,
               first_hour: I64) -> tuple[I64, F64, F64]:
    """Incidents for ``units`` months each starting ``first_hour`` hours after a Monday 00:00:
    how many each has, their hours, and the share of the month's volume they cover."""
    count = rng.poisson(rate, units)
    unit = np.repeat(np.arange(units), count)
    month_hours = model.days * 24
    start = rng.uniform(0, month_hours, len(unit))
    sigma = model.duration_spread
    duration = rng.lognormal(np.log(model.mean_duration_hours) - sigma**2 / 2, sigma, len(unit))
    end = np.minimum(start + duration, month_hours)  # an incident is counted in its month only
    covered = volume_share(model, first_hour[unit], start, end)
    hours = np.bincount(unit, weights=end - start, minlength=units).astype(np.float64)
    share = np.bincount(unit, weights=covered, minlength=units).astype(np.float64)
    return count, hours, share


def check_seed(seed: object) -> int:
    """A random generator's seed: a whole number ≥ 0 (numpy's own integers too)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise InputError("seed", seed, says("error.whole_at_least", minimum=0))
    return int(seed)


def simulate(model: IncidentModel, seed: int = 0) -> pd.DataFrame:
    """Simulated account-months: ``customer_id``, ``month``, ``incidents``, ``incident_hours`` and
    the columns :func:`slakit.assess_frame` needs, ``excluded`` among them (sends excluded under
    SLA §4, outside the valid sends). The same model and seed give the same frame.

    Overlapping incidents add their shares of the month (at most the whole month): a fair
    approximation while incidents are short against a month.
    """
    check_seed(seed)
    volume_rng, own_rng, platform_rng, failure_rng, excluded_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5))
    n = model.accounts * model.months
    account = np.repeat(np.arange(model.accounts), model.months)
    month = np.tile(np.arange(model.months), model.accounts)
    first_hour = (np.arange(model.months) * model.days % 7) * 24  # month 0 starts on a Monday

    sigma = model.volume_spread
    daily = model.daily_volume * volume_rng.lognormal(-sigma**2 / 2, sigma, model.accounts)
    valid = np.minimum(volume_rng.poisson(daily[account] * model.days), MAX_MONTHLY_SENDS)

    rate = model.incidents_per_month
    own, own_hours, own_share = _incidents(own_rng, model, rate * (1 - model.platform_share), n,
                                           first_hour[month])
    shared, shared_hours, shared_share = _incidents(platform_rng, model, rate * model.platform_share,
                                                    model.months, first_hour)
    covered = np.minimum(own_share + shared_share[month], 1.0)
    during = failure_rng.binomial(valid, covered)
    failures = (failure_rng.binomial(during, model.incident_failure_rate)
                + failure_rng.binomial(valid - during, model.baseline_failure_rate))

    fee_micro = valid * int(model.fee_per_sms.scaleb(PRICE_PLACES))
    fee_fen = (fee_micro + 5_000) // 10_000  # to the fen, half up
    deductions_fen = fee_fen * int(model.voucher_share.scaleb(4)) // 10_000
    index = pd.RangeIndex(n)
    return pd.DataFrame({
        "customer_id": account + 1,
        "month": month + 1,
        "incidents": own + shared[month],
        "incident_hours": own_hours + shared_hours[month],
        "valid_sends": valid.astype(np.int64),
        "explicit_failures": failures.astype(np.int64),
        "excluded": excluded_rng.binomial(valid, model.excluded_rate).astype(np.int64),
        "fee": decimal_column(fee_fen, FEE_PLACES, index),
        "deductions": decimal_column(deductions_fen, FEE_PLACES, index),
        "list_price": decimal_column(
            np.full(n, int(model.list_price.scaleb(PRICE_PLACES)), dtype=np.int64), PRICE_PLACES, index),
    }, index=index)
