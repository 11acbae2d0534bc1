from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import InputError, assess, assess_term, list_policies, load_policy
from slakit.explain import explain

pytestmark = pytest.mark.usefixtures("english")  # the English these tests read follows the locale

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
    # A month capped at its consumed fee would pay 300.00 where 100.00 was paid: alone it is a term
    # of its own, and SLA §5.1 holds it to the 100.00 (tests/test_term.py).
    ("consumed-fee cap, month alone", 100_000, 15_000, "1000.00", "900.00", "0.05",
     "variant-consumed-cap", "17/20", False, 2, "100.00", False, 2000),
    # The case: 85 % with a consumed fee of 1,000.00 paid entirely with vouchers.
    ("consumed-fee cap, all vouchers", 100_000, 15_000, "1000.00", "1000.00", "0.05",
     "variant-consumed-cap", "17/20", False, 2, "0.00", False, 0),
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
    assert a.explanation == (
        "Availability = 1 − 15,000 / 100,000 = 85% (SLA §2.1). It misses the target of ≥ 95% "
        "(SLA §2.2). Tier 2: below 90% → 30% of the consumed fee (SLA §3.1 table, 2nd row; "
        "SLA §1.6): 30% × 1,000.00 = 300.00. Capped at the fee paid net of vouchers, coupons and "
        "reductions, 200.00 (SLA §3.1(2)). Paid as 4,000 SMS: 200.00 ÷ list price 0.05 per SMS, "
        "rounded down (SLA §3.1(1)).")
    assert explain(a, load_policy(), "zh") == (
        "服务可用性 = 1 − 15,000 / 100,000 = 85%（SLA §2.1）。未达到 ≥ 95% 的标准（SLA §2.2）。"
        "第 2 档：低于 90% → 实际消耗的服务费用的 30%（SLA §3.1 赔偿标准表第 2 行；SLA §1.6）："
        "30% × 1,000.00 = 300.00。以扣除代金券、优惠券、服务费减免后实际支付的费用 200.00 为上限"
        "（SLA §3.1(2)）。折合 4,000 条短信：200.00 ÷ 刊例价 0.05 元/条，向下取整（SLA §3.1(1)）。")
    assert "no availability figure" in assess(0, 0, fee="0", list_price="0.045").explanation


@pytest.mark.parametrize(("boundary", "en", "zh"), [
    ("at_least", "Tier 1: below 95% and at least 90% →", "第 1 档：低于 95% 但不低于 90% →"),
    ("above", "Tier 1: at most 95% and above 90% →", "第 1 档：不高于 95% 但高于 90% →"),
])
def test_the_tier_line_names_both_ends_of_the_band(tmp_path, boundary, en, zh):
    from slakit.config import shipped_files

    path = tmp_path / "p.toml"
    path.write_text(shipped_files("policies")["tencent-sms-2020-09-23"].read_text(encoding="utf-8")
                    .replace('boundary = "at_least"', f'boundary = "{boundary}"'), encoding="utf-8")
    policy = load_policy(path)
    a = assess(100_000, 7_000, fee="1000.00", list_price="0.05", policy=policy)
    assert en in explain(a, policy, "en") and zh in explain(a, policy, "zh")


@given(st.integers(0, 10**6), st.data(), st.sampled_from([p.name for p in list_policies()]))
def test_chinese_explanations_hold_no_english(valid, data, name):
    failures = data.draw(st.integers(0, valid))
    policy = load_policy(name)
    month = assess(valid, failures, fee="1000.00", deductions=data.draw(st.sampled_from(["0", "950.00"])),
                   list_price="0.045", policy=policy, excluded=data.draw(st.sampled_from([0, 7])),
                   paid=data.draw(st.sampled_from([None, "20.00"])))
    for a in (month, assess_term([month, month], policy).months[1]):
        assert not re.search(r"[A-Za-z]", explain(a, policy, "zh").replace("SLA", ""))


# SLA §4: 1,000 valid sends, 51 failures, 20 excluded: 94.9 % under the default reading (the
# excluded sends leave both counts), exactly 95 % when they count as delivered.
@pytest.mark.parametrize(("name", "availability", "meets", "budget", "words"), [
    ("tencent-sms-2020-09-23", "949/1000", False, 50,
     "The 20 excluded sends are left out of both the failures and the valid sends (SLA §4)."),
    ("variant-excluded-as-delivered", "19/20", True, 51,
     "The 20 excluded sends stay among the valid sends as delivered (SLA §4, other reading: "
     "excluded sends count as delivered)."),
])
def test_excluded_sends_under_each_reading(name, availability, meets, budget, words):
    a = assess(1_000, 51, fee="45.00", list_price="0.045", excluded=20, policy=load_policy(name))
    assert (a.availability, a.meets_target) == (Fraction(availability), meets)
    assert words in a.explanation and "1 − 51 / " + ("1,020" if meets else "1,000") in a.explanation
    assert a.error_budget[0].max_failures == budget


def test_the_fee_actually_paid_is_the_cap_when_given():
    # a prepaid package's month: 1,000.00 consumed at list price, 100.00 actually paid for it
    a = assess(100_000, 15_000, fee="1000.00", list_price="0.05", paid="100.00")
    assert (a.net_paid, a.cap, a.credit_amount, a.capped, a.credit_sms) == (
        Decimal("100.00"), Decimal("100.00"), Decimal("100.00"), True, 2000)
    assert "Capped at the fee paid for the month (as given), 100.00 (SLA §3.1(2))" in a.explanation
    net = assess(100_000, 15_000, fee="1000.00", list_price="0.05", paid="100.00",
                 policy=load_policy("variant-net-fee-basis"))
    assert net.credit_amount == Decimal("30.0000")  # 30 % of the 100.00 paid


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
    ({"excluded": -1}, "excluded", "negative"),
    ({"paid": "1.001"}, "paid", "more than 2 decimal places"),
    ({"paid": 1.5}, "paid", "binary float"),
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
