"""The one-sort sweep against assessing the portfolio once per target."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slakit import InputError, Policy, load_policy, parse_portfolio
from slakit.config import shipped_files
from slakit.lab.compare import LabPortfolio, outcome
from slakit.lab.sweep import sensitivity, with_target
from tests.test_portfolio import rows

SHIPPED = ["tencent-sms-2020-09-23", "variant-net-fee-basis", "variant-three-tiers-99",
           "variant-consumed-cap", "variant-excluded-as-delivered"]


def variant(folder, name: str, *changes: tuple[str, str]) -> Policy:
    text = shipped_files("policies")[name].read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = folder / f"{name}-{abs(hash(changes))}.toml"
    path.write_text(text, encoding="utf-8")
    return load_policy(path)


@pytest.fixture(scope="module")
def policies(tmp_path_factory) -> dict[str, Policy]:
    """The shipped readings, and the other boundary rule, rounding up, and tiers that do not start
    at the target (a gap in which a month misses the target yet earns nothing)."""
    folder = tmp_path_factory.mktemp("policies")
    found = {name: load_policy(name) for name in SHIPPED}
    found["above"] = variant(folder, "tencent-sms-2020-09-23",
                             ('boundary = "at_least"', 'boundary = "above"'))
    found["consumed cap, rounding up"] = variant(folder, "variant-consumed-cap",
                                                 ('sms_rounding = "down"', 'sms_rounding = "up"'))
    found["gap"] = variant(folder, "variant-three-tiers-99", ('below = "0.99"', 'below = "0.97"'))
    return found


def availabilities(frame: pd.DataFrame, policy: Policy) -> list[Fraction]:
    """Each row's exact availability under the policy's reading of excluded sends (SLA §2.1, §4)."""
    valid = frame["valid_sends"].astype(int)
    if policy.exclusions.excluded_sends == "delivered":
        valid = valid + frame["excluded"].astype(int)
    failures = frame["explicit_failures"].astype(int)
    return [Fraction(int(v - f), int(v)) for v, f in zip(valid, failures, strict=True) if v]


def per_point(frame: pd.DataFrame, policy: Policy, targets) -> list[tuple[Decimal, int]]:
    """Today's way: the portfolio assessed once per target, the target moved by with_target."""
    return [(o.credit, o.compensated_months)
            for o in (outcome(frame, with_target(policy, t)) for t in targets)]


portfolios = st.lists(rows(), min_size=1, max_size=30, unique_by=lambda row: (
    row["customer_id"] or object(), row["service_month_start"])).map(pd.DataFrame)  # a month once a term
targets = st.one_of(st.fractions(Fraction(1, 1000), 1, max_denominator=10**6),
                    st.integers(1, 1000).map(lambda t: Fraction(t, 1000)))
NAMES = [*SHIPPED, "above", "consumed cap, rounding up", "gap"]


@settings(max_examples=150, deadline=None)
@given(portfolios, st.sampled_from(NAMES), st.lists(targets, max_size=8), st.data())
def test_the_sweep_equals_assessing_target_by_target(policies, frame, name, drawn, data):
    """Every target's payout exact to the micro-yuan, with the rows' own availabilities among the
    targets (a month exactly on the target), with terms (customer_id) or without."""
    policy = policies[name]
    if data.draw(st.booleans(), label="without customer_id"):
        frame = frame.drop(columns=["customer_id", "service_month_start"])
    exact = availabilities(frame, policy)
    on_a_month = data.draw(st.lists(st.sampled_from(exact), max_size=4), label="on a month") if exact else []
    usable = [t for t in on_a_month if t > 0 and t.denominator <= 10**6]
    chosen = [*drawn, *usable, policy.target.availability]
    got = sensitivity(parse_portfolio(frame), policy, chosen)
    assert [p.target for p in got] == chosen
    assert [(p.credit, p.compensated_months) for p in got] == per_point(frame, policy, chosen)
    lab = LabPortfolio("drawn", parse_portfolio(frame))
    assert lab.sensitivity(policy, chosen) == got  # the months sorted for the highest target…
    again = data.draw(st.lists(st.sampled_from(chosen), max_size=6), label="read again")
    by_target = {p.target: p for p in got}
    assert lab.sensitivity(policy, again) == tuple(by_target[t] for t in again)  # …and read again


@pytest.mark.parametrize("boundary", ["at_least", "above"])
def test_months_exactly_on_a_target_or_tied_with_it_in_floats(policies, boundary):
    """999,998,999,916 / 999,999,999,916 lies just below 99.9999 % yet has the same float: only
    the exact comparison tells it from a month exactly on the target."""
    policy = policies["above" if boundary == "above" else "tencent-sms-2020-09-23"]
    target = Fraction(999_999, 1_000_000)
    frame = pd.DataFrame({"valid_sends": [999_999_999_916, 1_000_000, 10],
                          "explicit_failures": [1_000_000, 1, 0], "fee": "100.00", "list_price": "0.05"})
    assert (float(target) == 999_998_999_916 / 999_999_999_916
            and Fraction(999_998_999_916, 999_999_999_916) < target)
    point, = sensitivity(parse_portfolio(frame), policy, [target])
    assert (point.credit, point.compensated_months) == per_point(frame, policy, [target])[0]
    # at least the target meets it: only the month just below; above it is needed: both
    assert point.compensated_months == (1 if boundary == "at_least" else 2)


def test_the_term_cap_ties_the_months_of_a_term(policies):
    """Capped at the consumed fee, SLA §5.1 holds a term to what it paid so far: A's February
    (85 %, 100 paid) draws on January's 1,000 paid; each month alone, it gets 100."""
    policy = policies["variant-consumed-cap"]
    frame = pd.DataFrame({"customer_id": ["A", "A", "B"],
                          "service_month_start": ["2026-02-01", "2026-01-01", "2026-01-01"],
                          "valid_sends": [100_000] * 3, "explicit_failures": [15_000, 1_000, 15_000],
                          "fee": ["1000.00"] * 3, "deductions": ["900.00", "0", "0"],
                          "list_price": ["0.05"] * 3})
    targets = [Fraction(86, 100), Fraction(95, 100), Fraction(999, 1000)]
    points = sensitivity(parse_portfolio(frame), policy, targets)
    assert [p.credit for p in points] == [Decimal(600), Decimal(600), Decimal(700)]
    assert [(p.credit, p.compensated_months) for p in points] == per_point(frame, policy, targets)
    alone = frame.drop(columns="customer_id")
    assert [p.credit for p in sensitivity(alone, policy, targets)] == [Decimal(400), Decimal(400),
                                                                       Decimal(500)]
    assert [(p.credit, p.compensated_months) for p in sensitivity(alone, policy, targets)] == \
        per_point(alone, policy, targets)


@pytest.mark.parametrize("long_term", [3, 400])
def test_terms_short_or_one_long_among_short_ones(policies, long_term):
    """Terms laid side by side, or (one long term among single months: mostly padding) each
    target through the general term cap: the same answers as target by target."""
    rng = np.random.default_rng(long_term)
    n = long_term + 50
    valid, fee = rng.integers(1, 10_000, n), rng.integers(0, 1_000, n)
    frame = pd.DataFrame({"customer_id": ["long"] * long_term + [f"c{i}" for i in range(50)],
                          "valid_sends": valid, "explicit_failures": valid * rng.integers(0, 20, n) // 100,
                          "fee": [f"{f}.00" for f in fee], "deductions": [f"{f // 3}.00" for f in fee],
                          "list_price": "0.05"})
    policy = policies["consumed cap, rounding up"]
    targets = [Fraction(t, 100) for t in (85, 90, 95, 99, 100)]
    got = sensitivity(parse_portfolio(frame), policy, targets)
    assert [(p.credit, p.compensated_months) for p in got] == per_point(frame, policy, targets)
    assert any(p.credit for p in got)


def test_a_bad_row_or_target_is_refused_by_name():
    frame = pd.DataFrame({"valid_sends": [10, 10], "explicit_failures": [1, 11], "fee": "1",
                          "list_price": "0.05"})
    with pytest.raises(InputError, match=r"row 2: field 'explicit_failures' = 11"):
        sensitivity(frame, load_policy())
    for target in (Fraction(0), Fraction(101, 100), Fraction(1, 10**6 + 1)):
        with pytest.raises(InputError, match="target"):
            sensitivity(frame.head(1), load_policy(), [target])


def test_huge_totals_stay_exact():
    """Ten thousand months at the largest amount: past int64 micro-yuan, summed exactly."""
    n = 10_000
    frame = pd.DataFrame({"valid_sends": np.full(n, 10**12), "explicit_failures": np.full(n, 10**12),
                          "fee": "100000000000", "list_price": "0.01"})
    point, = sensitivity(parse_portfolio(frame), load_policy(), [Fraction(19, 20)])
    assert point.credit == Decimal(30_000_000_000) * n and point.compensated_months == n


def test_a_parsed_portfolio_is_assessed_on_its_good_rows():
    """A file's rejected rows are listed aside; the outcome and the sweep count the others."""
    frame = pd.DataFrame({"valid_sends": [1000, 10, 1000], "explicit_failures": [200, 11, 60],
                          "fee": "100.00", "list_price": "0.05"})
    book = parse_portfolio(frame)
    assert [r.row for r in book.rejected] == [1]
    good = frame.drop(index=1)
    assert outcome(book, load_policy()).credit == outcome(good, load_policy()).credit == Decimal(40)
    assert sensitivity(book, load_policy(), [Fraction(19, 20)]) == sensitivity(good, load_policy(),
                                                                               [Fraction(19, 20)])
