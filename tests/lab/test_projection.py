"""The month-to-date projection: its exact figures, its invariants, and its calibration on
simulated months whose end is known."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slakit import InputError, assess
from slakit.lab.daysim import SimulatedAccount, simulate_days
from slakit.lab.projection import Day, burn_rate, project
from slakit.months import ServiceMonth

APRIL = ServiceMonth(date(2026, 4, 1), date(2026, 4, 30))


def steady(days: int, valid: int = 10_000, failures: int = 100, first: date = APRIL.start) -> list[Day]:
    return [Day(first + timedelta(n), valid, failures) for n in range(days)]


def coverage(months: int, draws: int) -> Fraction:
    """The share of simulated months whose true end-of-month availability the 90 % interval holds,
    each projected on a day drawn at random before the month's last."""
    hits = 0
    for seed in range(months):
        days, month = simulate_days(SimulatedAccount(), date(2026, 1 + seed % 12, 1), seed)
        on = month.start + timedelta(int(np.random.default_rng(10_000 + seed).integers(month.days - 1)))
        p = project([d for d in days if d.day <= on], month, on, draws=draws, seed=seed)
        rest = [d for d in days if d.day >= month.start]
        truth = 1 - Fraction(sum(d.failures for d in rest), sum(d.valid for d in rest))
        hits += p.low <= truth <= p.high
    return Fraction(hits, months)


def test_the_90_percent_interval_covers_85_to_95_percent_of_simulated_months():
    # 500 months: accounts from 2,000 to 2 million sends a day, usual failure rates from 0.3 % to
    # 6 % with their own day-to-day spread, a drift from the weeks before, incidents on 2 % of days
    assert Fraction(85, 100) <= coverage(500, draws=1000) <= Fraction(95, 100)


def test_the_month_so_far_and_its_budget_at_the_expected_volume(sla):
    p = project(steady(10), APRIL, date(2026, 4, 10), sla, draws=500)
    assert (p.valid_sends, p.failures, p.availability) == (100_000, 1_000, Fraction(99, 100))
    assert p.expected_valid == 300_000  # 30 days at 10,000: every weekday alike
    # 5 % of 300,000 = 15,000 failures allowed before 95 %, 30,000 before 90 % (SLA §2.2, §3.1)
    assert [(b.max_failures, b.remaining) for b in p.budgets] == [(15_000, 14_000), (30_000, 29_000)]
    assert p.burn_day == p.burn_week == Fraction(1, 5)  # 1 % against the 5 % the target allows
    assert p.days_left == 20
    # steady at 99 %, the target is all but sure; what is left is the chance of an incident in
    # the 20 days to come, when none was seen in 10 (SLA §2.2)
    assert p.tier_probability[0] > Fraction(9, 10) and p.tier_probability[2] == 0


def test_the_weekday_shape_carries_the_volume_on(sla):
    first = date(2026, 3, 4)  # lookback days before April: weekdays 1,000 sends, weekends 100
    days = [Day(first + timedelta(n), 1000 if (first + timedelta(n)).weekday() < 5 else 100, 10)
            for n in range((date(2026, 4, 10) - first).days + 1)]
    p = project(days, APRIL, date(2026, 4, 10), sla, draws=200)
    ahead = [date(2026, 4, 10) + timedelta(n) for n in range(1, 21)]
    expected = sum(1000 if d.weekday() < 5 else 100 for d in ahead)
    assert p.expected_valid == p.valid_sends + expected


def test_burn_rate_against_the_target():
    assert burn_rate([Day(APRIL.start, 1000, 50)], __import__("slakit").load_policy()) == 1
    assert burn_rate([Day(APRIL.start, 0, 0)], __import__("slakit").load_policy()) is None


def test_a_month_already_lost_is_certain_and_its_expected_credit_is_the_tier_s(sla):
    days = steady(20, failures=3_000)  # 30 % failing: far below 90 % whatever comes
    p = project(days, APRIL, date(2026, 4, 20), sla, fee="1000.00", list_price="0.05", draws=300)
    assert p.tier_probability[2] == 1 and p.high < Fraction(9, 10)
    tier2 = assess(100_000, 30_000, fee="1000.00", list_price="0.05")
    assert (p.expected_credit, p.expected_sms) == (tier2.credit_amount, tier2.credit_sms)
    assert p.expected_credit == Decimal("300.00")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 50_000), st.integers(0, 100)), min_size=2, max_size=40),
       st.integers(0, 2**31))
def test_invariants(counts, seed):
    days = [Day(APRIL.start - timedelta(len(counts) - 1 - i), v, v * pct // 100)
            for i, (v, pct) in enumerate(counts)]
    on = days[-1].day
    p = project(days, APRIL, on, draws=200, seed=seed)
    assert p.low <= p.median <= p.high <= 1
    assert sum(p.tier_probability.values()) == 1
    assert p.expected_valid >= p.valid_sends
    assert all(b.remaining == max(b.max_failures - p.failures, 0) for b in p.budgets)
    # every failure so far stays: the month can end no better than if nothing more failed
    assert p.high <= 1 - Fraction(p.failures, p.expected_valid * 100) or p.failures == 0
    again = project(days, APRIL, on, draws=200, seed=seed)
    assert (again.low, again.median, again.high) == (p.low, p.median, p.high)  # seeded


@pytest.mark.parametrize(("days", "on", "field"), [
    (steady(3), date(2026, 4, 30), "on"),  # the last day: the month is over, assess it
    (steady(3), date(2026, 5, 2), "on"),
    ([Day(APRIL.start, 10, 11), *steady(2, first=date(2026, 4, 2))], date(2026, 4, 3), "failures"),
    (steady(1), date(2026, 4, 1), "days"),  # one day with sends: no spread to learn
    ([*steady(2), Day(APRIL.start, 5, 0)], date(2026, 4, 2), "day"),
])
def test_what_cannot_be_projected_is_refused_by_name(days, on, field):
    with pytest.raises(InputError) as error:
        project(days, APRIL, on)
    assert error.value.field == field
