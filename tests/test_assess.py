from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import InputError, assess, load_policy

# valid, failures, fee, deductions, price, policy → availability, meets, tier, amount, capped, sms
WORKED = [
    # SLA §2.2: exactly 95 % meets the target (5,000 of 100,000 is exact, no float rounding).
    ("exactly 95%", 100_000, 5_000, "1000.00", "0", "0.045", None,
     "19/20", True, None, "0", False, 0),
    ("one failure more", 100_000, 5_001, "1000.00", "0", "0.045", None,
     "94999/100000", False, 1, "100.00", False, 2222),
    # SLA §3.1 table: "低于95%但等于或高于90%" → exactly 90 % is still the 10 % tier.
    ("exactly 90%", 100_000, 10_000, "1000.00", "0", "0.045", None,
     "9/10", False, 1, "100.00", False, 2222),
    ("just below 90%", 100_000, 10_001, "1000.00", "0", "0.045", None,
     "89999/100000", False, 2, "300.00", False, 6666),
    # SLA §3.1(2) cap, the shared notes' example: 30 % × 1,000 = 300, capped at 1,000 − 800 = 200.
    ("cap bites", 100_000, 15_000, "1000.00", "800.00", "0.05", None,
     "17/20", False, 2, "200.00", True, 4000),
    ("fully voucher-paid", 100_000, 15_000, "1000.00", "1000.00", "0.05", None,
     "17/20", False, 2, "0", True, 0),
    # Default reading of SLA §2: no valid sends → no figure, target met, nothing owed.
    ("zero volume", 0, 0, "0", "0", "0.045", None, None, True, None, "0", False, 0),
    ("zero volume with a fee", 0, 0, "12.00", "0", "0.045", None, None, True, None, "0", False, 0),
    ("all failed", 1_000, 1_000, "45.00", "0", "0.045", None, "0", False, 2, "13.50", False, 300),
    ("fen in the amount", 1_000, 100, "1000.05", "0", "0.045", None,
     "9/10", False, 1, "100.005", False, 2222),
    # The other reading of the fee basis: 30 % of the net-paid 200 = 60.
    ("net-fee variant", 100_000, 15_000, "1000.00", "800.00", "0.05", "variant-net-fee-basis",
     "17/20", False, 2, "60.00", False, 1200),
    ("three tiers: 97%", 100_000, 3_000, "1000.00", "0", "0.05", "variant-three-tiers-99",
     "97/100", False, 1, "100.00", False, 2000),
    ("three tiers: 94%", 100_000, 6_000, "1000.00", "0", "0.05", "variant-three-tiers-99",
     "47/50", False, 2, "250.00", False, 5000),
    ("three tiers: exactly 99%", 100_000, 1_000, "1000.00", "0", "0.05", "variant-three-tiers-99",
     "99/100", True, None, "0", False, 0),
]


@pytest.mark.parametrize(("valid", "failures", "fee", "deductions", "price", "policy", "availability",
                          "meets", "tier", "amount", "capped", "sms"),
                         [case[1:] for case in WORKED], ids=[case[0] for case in WORKED])
def test_worked_examples(valid, failures, fee, deductions, price, policy, availability, meets, tier,
                         amount, capped, sms):
    a = assess(valid, failures, fee=fee, deductions=deductions, list_price=price,
               policy=load_policy(policy) if policy else None)
    assert a.availability == (None if availability is None else Fraction(availability))
    assert (a.meets_target, a.tier, a.capped, a.credit_sms) == (meets, tier, capped, sms)
    assert a.credit_amount == Decimal(amount)
    assert isinstance(a.credit_amount, Decimal)


def test_the_explanation_cites_each_clause_applied():
    a = assess(100_000, 15_000, fee="1000.00", deductions="800.00", list_price="0.05")
    for clause in ("SLA §2.1", "SLA §2.2", "SLA §3.1 table", "SLA §3.1(1)–(2)"):
        assert clause in a.explanation
    assert "Capped" in a.explanation and "4,000 SMS" in a.explanation
    assert "no availability figure" in assess(0, 0, fee="0", list_price="0.045").explanation


def test_error_budget_counts_failures_left_before_each_boundary():
    a = assess(200_000, 4_000, fee="9000.00", list_price="0.045")
    assert [(str(b.threshold), b.max_failures, b.remaining, b.crossed) for b in a.error_budget] == [
        ("19/20", 10_000, 6_000, False), ("9/10", 20_000, 16_000, False)]
    # Taking exactly the budget keeps the target; one more crosses it.
    assert assess(200_000, 10_000, fee="9000.00", list_price="0.045").meets_target
    assert not assess(200_000, 10_001, fee="9000.00", list_price="0.045").meets_target


def test_error_budget_under_a_strict_boundary(tmp_path):
    from slakit.config import shipped_files

    text = shipped_files("policies")["tencent-sms-2020-09-23"].read_text(encoding="utf-8")
    path = tmp_path / "strict.toml"
    path.write_text(text.replace('boundary = "at_least"', 'boundary = "above"'), encoding="utf-8")
    strict = load_policy(str(path))
    a = assess(100_000, 5_000, fee="1000.00", list_price="0.045", policy=strict)
    assert not a.meets_target and a.tier == 1  # exactly 95 % misses a "> 95 %" target
    assert a.error_budget[0].max_failures == 4_999


@pytest.mark.parametrize(("kwargs", "field", "problem"), [
    ({"valid_sends": -1}, "valid_sends", "negative"),
    ({"explicit_failures": -3}, "explicit_failures", "negative"),
    ({"explicit_failures": 101}, "explicit_failures", "exceeds valid_sends"),
    ({"valid_sends": 10.0}, "valid_sends", "whole number"),
    ({"fee": "12.345"}, "fee", "more than 2 decimal places"),
    ({"fee": "1.2.3"}, "fee", "not a decimal"),
    ({"fee": 12.5}, "fee", "binary float"),
    ({"fee": "-1"}, "fee", "negative"),
    ({"fee": "NaN"}, "fee", "finite"),
    ({"deductions": "20.00"}, "deductions", "exceed the consumed fee"),
    ({"list_price": "0"}, "list_price", "greater than zero"),
])
def test_bad_input_names_field_and_value(kwargs, field, problem):
    args = {"valid_sends": 100, "explicit_failures": 10, "fee": "10.00", "list_price": "0.045"} | kwargs
    with pytest.raises(InputError) as caught:
        assess(**args)
    assert caught.value.field == field and problem in str(caught.value)


fees = st.decimals(min_value=0, max_value=10**7, places=2)
prices = st.decimals(min_value=Decimal("0.000001"), max_value=1, places=6)


@st.composite
def months(draw):
    valid = draw(st.integers(0, 10**9))
    fee = draw(fees)
    return (valid, draw(st.integers(0, valid)), fee,
            draw(st.decimals(min_value=0, max_value=fee, places=2)), draw(prices))


@given(months(), st.sampled_from(["tencent-sms-2020-09-23", "variant-net-fee-basis",
                                  "variant-three-tiers-99"]))
def test_credit_never_exceeds_the_cap(month, name):
    valid, failures, fee, deductions, price = month
    a = assess(valid, failures, fee=fee, deductions=deductions, list_price=price,
               policy=load_policy(name))
    assert 0 <= a.credit_amount <= fee - deductions
    assert 0 <= a.credit_sms * price <= a.credit_amount
    assert a.meets_target == (a.tier is None)


@given(st.integers(1, 10**6), st.data(), fees, prices)
def test_credit_never_rises_with_availability(valid, data, fee, price):
    worse, better = sorted(data.draw(st.lists(st.integers(0, valid), min_size=2, max_size=2)),
                           reverse=True)
    low = assess(valid, worse, fee=fee, list_price=price)
    high = assess(valid, better, fee=fee, list_price=price)
    assert high.credit_amount <= low.credit_amount and high.credit_sms <= low.credit_sms
