from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slakit import InputError, assess_frame, load_policy, read_portfolio
from slakit.format import percent, yuan
from slakit.lab.outlook import LEVELS, availability_quantile, outlook, rank
from slakit.lab.simulate import IncidentModel, simulate, volume_share
from tests.cli import slakit
from tests.lab.test_compare import scalar

pytestmark = pytest.mark.usefixtures("english")  # the English these tests read follows the locale

POLICIES = ["tencent-sms-2020-09-23", "variant-net-fee-basis", "variant-three-tiers-99"]

models = st.builds(
    IncidentModel,
    accounts=st.integers(1, 30),
    months=st.integers(1, 12),
    incidents_per_month=st.floats(0, 4),
    platform_share=st.floats(0, 1),
    mean_duration_hours=st.floats(0.1, 200),
    duration_spread=st.floats(0, 2),
    incident_failure_rate=st.floats(0, 1),
    baseline_failure_rate=st.floats(0, 0.2),
    daily_volume=st.integers(0, 10**6),
    volume_spread=st.floats(0, 2),
    days=st.integers(1, 31),
    fee_per_sms=st.decimals(Decimal("0.000001"), 1, places=6),
    voucher_share=st.decimals(0, 1, places=4),
    list_price=st.decimals(Decimal("0.000001"), 1, places=6),
)


@settings(max_examples=40, deadline=None)
@given(models, st.integers(0, 2**32))
def test_a_simulation_is_a_valid_portfolio(model, seed):
    frame = simulate(model, seed)
    assert len(frame) == model.accounts * model.months
    valid, failures = frame["valid_sends"], frame["explicit_failures"]
    assert valid.dtype == np.int64 and failures.dtype == np.int64
    assert ((failures >= 0) & (failures <= valid)).all()
    # fee: valid sends × fee per SMS, to the fen, half up; deductions: the voucher share, down
    for row in frame.head(5).itertuples():
        fee = (row.valid_sends * model.fee_per_sms).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert row.fee == fee
        assert row.deductions == (fee * model.voucher_share).quantize(Decimal("0.01"), "ROUND_DOWN")
        assert row.list_price == model.list_price
    assert not assess_frame(frame).empty  # every row can be assessed


def test_the_same_seed_gives_the_same_frame_and_another_seed_another():
    model = IncidentModel(accounts=20, months=6)
    pd.testing.assert_frame_equal(simulate(model, 5), simulate(model, 5))
    assert not simulate(model, 5)["explicit_failures"].equals(simulate(model, 6)["explicit_failures"])


def test_without_incidents_only_the_baseline_fails():
    quiet = simulate(IncidentModel(accounts=200, incidents_per_month=0, baseline_failure_rate=0.01))
    assert (quiet["incidents"] == 0).all() and (quiet["incident_hours"] == 0).all()
    ratio = Fraction(int(quiet["explicit_failures"].sum()), int(quiet["valid_sends"].sum()))
    assert abs(ratio - Fraction(1, 100)) < Fraction(1, 10_000)
    perfect = simulate(IncidentModel(accounts=50, incidents_per_month=0, baseline_failure_rate=0))
    assert (perfect["explicit_failures"] == 0).all()


def test_longer_incidents_never_raise_availability():
    short, long = (simulate(IncidentModel(accounts=500, mean_duration_hours=h), seed=3) for h in (2, 8))
    # the same seed draws the same incidents, only longer: row by row, never fewer hours
    assert (short["incidents"] == long["incidents"]).all()
    assert (long["incident_hours"] >= short["incident_hours"]).all()
    assert long["incident_hours"].sum() > short["incident_hours"].sum()

    def lost(frame):
        return Fraction(int(frame["explicit_failures"].sum()), int(frame["valid_sends"].sum()))

    assert lost(long) > lost(short)


def test_a_night_incident_costs_less_than_a_morning_one():
    model = IncidentModel()
    monday = np.zeros(2, dtype=np.int64)
    night, morning = volume_share(model, monday, np.array([3.0, 11.0]), np.array([4.0, 12.0]))
    assert night / morning == pytest.approx(model.day_shape[3] / model.day_shape[11])
    whole = volume_share(model, np.array([0, 48]), np.zeros(2), np.full(2, model.days * 24.0))
    assert whole == pytest.approx([1, 1])
    sunday = volume_share(model, np.array([0]), np.array([6 * 24 + 11.0]), np.array([6 * 24 + 12.0]))
    assert sunday[0] < morning  # the week shape: Sunday sends less than Monday


def test_a_flat_shape_loses_what_the_incident_hours_say():
    flat = IncidentModel(accounts=300, day_shape=(1.0,) * 24, week_shape=(1.0,) * 7,
                         incident_failure_rate=1, baseline_failure_rate=0, daily_volume=1_000_000)
    frame = simulate(flat, seed=2)
    expected = np.minimum(frame["incident_hours"] / (flat.days * 24), 1)
    observed = frame["explicit_failures"] / frame["valid_sends"]
    assert np.abs(observed - expected).max() < 0.01


def test_platform_incidents_hit_every_account_alike():
    frame = simulate(IncidentModel(accounts=40, months=24, platform_share=1, incidents_per_month=2))
    by_month = frame.groupby("month")["incident_hours"]
    assert (by_month.nunique() == 1).all() and frame["incident_hours"].sum() > 0


@pytest.mark.parametrize(("field", "value"), [
    ("accounts", 0), ("months", 2.5), ("days", 32), ("incident_failure_rate", 1.5),
    ("mean_duration_hours", 0), ("daily_volume", -1), ("day_shape", (1.0,) * 23),
    ("week_shape", (0.0,) * 7), ("fee_per_sms", Decimal("0.1234567")), ("voucher_share", Decimal(2)),
])
def test_a_bad_parameter_is_named(field, value):
    with pytest.raises(InputError) as caught:
        IncidentModel(**{field: value})
    assert caught.value.field == field


@given(st.lists(st.tuples(st.integers(1, 10**6), st.integers(0, 10**6)), min_size=1, max_size=40),
       st.sampled_from(LEVELS))
def test_availability_quantile_is_the_exact_order_statistic(pairs, level):
    valid = np.array([v for v, _ in pairs], dtype=np.int64)
    good = np.array([min(g, v) for v, g in pairs], dtype=np.int64)
    exact = sorted(Fraction(int(g), int(v)) for g, v in zip(good, valid, strict=True))
    assert availability_quantile(good, valid, level) == exact[rank(level, len(exact))]


def test_ratios_a_float_cannot_tell_apart_are_still_ordered():
    big = 10**15 + 1  # 1 − 1/big and 1 − 1/(big+1) round to the same float
    good, valid = np.array([big, big - 1, big]), np.array([big + 1, big, big + 1])
    assert availability_quantile(good, valid, Fraction(1, 100)) == Fraction(big - 1, big)


@pytest.mark.parametrize("name", POLICIES)
def test_outlook_matches_the_scalar_assessment(name):
    policy = load_policy(name)
    frame = simulate(IncidentModel(accounts=30, months=20, incidents_per_month=2), seed=11)
    o = outlook(frame, policy)
    results = scalar(frame, policy)
    tiers = [r.tier or 0 for r in results]
    assert o.tier_probability == {i: Fraction(tiers.count(i), len(tiers))
                                  for i in range(len(policy.compensation.tiers) + 1)}
    assert o.total_credit == sum(r.credit_amount for r in results)
    credits = sorted(r.credit_amount for r in results)
    assert o.credit == {q: credits[rank(q, len(credits))] for q in LEVELS}
    monthly = sorted(sum(r.credit_amount for r, m in zip(results, frame["month"], strict=True) if m == month)
                     for month in range(1, 21))
    assert o.monthly_payout == {q: monthly[rank(q, 20)] for q in LEVELS}
    availability = sorted(r.availability for r in results if r.availability is not None)
    assert o.availability == {q: availability[rank(q, len(availability))] for q in LEVELS}
    assert o.expected_credit == (o.total_credit / len(results)).quantize(Decimal("0.000001"))


def test_one_account_over_many_months():
    o = outlook(simulate(IncidentModel(accounts=1, months=2_000), seed=4))
    assert o.account_months == 2_000 and o.monthly_payout == o.credit  # one account: the same thing
    assert o.availability[LEVELS[0]] < o.availability[LEVELS[-1]] <= 1
    assert sum(o.tier_probability.values()) == 1 and 0 < o.tier_probability[0] < 1
    table = o.table()
    assert list(table.iloc[:, 0]) == ["availability at or below", "credit at or above (yuan)"]
    assert list(table.iloc[0, 1:]) == [percent(o.availability[q]) for q in LEVELS[:4]]  # low tail
    assert list(table.iloc[1, 1:]) == [yuan(o.credit[q], "en") for q in reversed(LEVELS[3:])]  # high
    assert list(o.table("zh").columns) == ["频率", "每 1,000 个月 1 次", "每 100 个月 1 次",
                                          "每 20 个月 1 次", "中位数"]


def test_the_simulate_command(tmp_path):
    out = tmp_path / "simulated.csv"
    done = slakit("simulate", "--accounts", "40", "--months", "10", "--seed", "3", "--voucher-share",
                  "0.5", "--policy", "variant-three-tiers-99", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    model = IncidentModel(accounts=40, months=10, voucher_share=Decimal("0.5"))
    expected = outlook(simulate(model, 3), load_policy("variant-three-tiers-99"))
    assert json.loads(done.stdout) == [expected.to_dict()]
    written = read_portfolio(out)
    assert written.rejected == () and written.frame["valid_sends"].astype(int).sum() == \
        simulate(model, 3)["valid_sends"].sum()

    refused = slakit("simulate", "--list-price", "free")
    assert refused.returncode == 2 and "'list_price' = 'free'" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_an_empty_frame_has_no_outlook():
    with pytest.raises(InputError, match="none to describe"):
        outlook(simulate(IncidentModel(accounts=2, months=2)).head(0))
