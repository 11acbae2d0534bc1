from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import InputError, assess, assess_term, list_policies, load_policy
from slakit.explain import explain

pytestmark = pytest.mark.usefixtures("english")  # the English these tests read follows the locale

CONSUMED_CAP = load_policy("variant-consumed-cap")


def month(fee: str, deductions: str = "0", failures: int = 15_000, policy=CONSUMED_CAP, **kw):
    return assess(100_000, failures, fee=fee, deductions=deductions, list_price="0.05", policy=policy,
                  **kw)


def test_the_term_cap_binds_where_a_month_paid_less_than_its_credit():
    # SLA §5.1: a month capped at its consumed fee would pay 300.00 where 100.00 was paid.
    alone = month("1000.00", "900.00")
    assert (alone.uncapped_amount, alone.cap) == (Decimal("300.0000"), Decimal("1000.00"))
    term = assess_term([alone], CONSUMED_CAP)
    for cut in (alone, *term.months):  # alone, the month is a term of its own
        assert (cut.credit_amount, cut.credit_sms, cut.term_cap, cut.term_capped) == (
            Decimal("100.00"), 2000, Decimal("100.00"), True)
        assert "Cut to 100.00" in cut.explanation and "(SLA §5.1)" in cut.explanation
    assert alone.alone and not term.months[0].alone
    assert term.capped and term.fees_paid == Decimal("100.00") and term.credit_sms == 2000


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_month_assessed_alone_is_a_term_of_its_own_and_says_it_is_a_lower_bound(lang):
    """Alone, a month is held to its own fees paid (SLA §5.1), and says that a longer term may pay
    more; within a term, the cap is the term's."""
    over, within = month("1000.00", "900.00"), month("1000.00", "0")
    text = {"en": "assessed alone, is a term of its own", "zh": "本月单独核算"}[lang]
    assert text in explain(over, CONSUMED_CAP, lang) and "SLA §5.1" in explain(over, CONSUMED_CAP, lang)
    assert "SLA §5.1" not in explain(within, CONSUMED_CAP, lang)
    assert "SLA §5.1" not in explain(month("1000.00", "900.00", policy=load_policy()), load_policy(), lang)
    (cut,) = assess_term([over], CONSUMED_CAP).months
    assert text not in explain(cut, CONSUMED_CAP, lang) and "SLA §5.1" in explain(cut, CONSUMED_CAP, lang)


def test_fees_paid_earlier_in_the_term_widen_a_lone_month():
    """The fees paid in the term's earlier months, less what they earned, leave more room."""
    over = month("1000.00", "900.00", paid_before="500.00", credited_before="250.00")
    assert (over.credit_amount, over.term_cap, over.term_capped, over.alone) == (
        Decimal("300.0000"), Decimal("350.00"), False, False)
    tight = month("1000.00", "900.00", paid_before="500.00", credited_before="450.00")
    assert (tight.credit_amount, tight.credit_sms, tight.term_capped) == (Decimal("150.00"), 3000, True)
    with pytest.raises(InputError, match=r"credited_before.*exceeds the fees paid before"):
        month("1000.00", "900.00", paid_before="10.00", credited_before="20.00")


def test_months_are_capped_by_the_fees_paid_so_far_in_service_month_order():
    # paid 100, 100, 1,000; credits 300, 300, 30 (the last month 10 % of its 300 consumed)
    months = [month("1000.00", "900.00"), month("1000.00", "900.00"),
              month("1000.00", "0", failures=7_000)]
    term = assess_term(months, CONSUMED_CAP)
    assert [m.credit_amount for m in term.months] == [Decimal("100.00"), Decimal("100.00"),
                                                       Decimal("100.0000")]
    assert [m.term_cap for m in term.months] == [Decimal("100.00"), Decimal("100.00"),
                                                 Decimal("1000.00")]
    assert [m.term_capped for m in term.months] == [True, True, False]
    assert term.credit_amount == Decimal("300.00") <= term.fees_paid == Decimal("1200.00")


def test_a_policy_without_the_term_cap_leaves_the_months_alone(tmp_path):
    from slakit.config import shipped_files

    path = tmp_path / "no-term-cap.toml"
    path.write_text(shipped_files("policies")["variant-consumed-cap"].read_text(encoding="utf-8")
                    .replace('term_cap = "fees_paid"', 'term_cap = "none"'), encoding="utf-8")
    loose = load_policy(path)
    term = assess_term([month("1000.00", "900.00", policy=loose)], loose)
    assert term.months[0].credit_amount == Decimal("300.0000") and not term.capped


def test_the_fee_actually_paid_counts_towards_the_term():
    term = assess_term([month("1000.00", paid="50.00")], CONSUMED_CAP)
    assert term.fees_paid == Decimal("50.00") and term.months[0].credit_amount == Decimal("50.00")


def test_months_of_another_policy_are_refused():
    with pytest.raises(InputError, match="differs from the term's policy"):
        assess_term([month("1000.00")], load_policy())


amounts = st.decimals(min_value=0, max_value=10**6, places=2)


@st.composite
def months(draw, policy):
    fee = draw(amounts)
    valid = draw(st.integers(0, 10**6))
    deductions = draw(st.decimals(min_value=0, max_value=fee, places=2))
    paid = draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=fee - deductions, places=2)))
    return assess(valid, draw(st.integers(0, valid)), fee=fee, deductions=deductions,
                  list_price=draw(st.decimals(min_value=Decimal("0.001"), max_value=1, places=3)),
                  policy=policy, paid=paid)


@given(st.data(), st.sampled_from([p for p in list_policies() if p.liability.term_cap == "fees_paid"]))
def test_a_term_never_pays_more_than_its_fees_and_the_sla_cap_never_binds(data, policy):
    alone = data.draw(st.lists(months(policy), max_size=8))
    term = assess_term(alone, policy)
    # at every month, the credit so far is within the fees paid so far (SLA §5.1)
    for k in range(len(alone)):
        paid = sum((m.net_paid for m in alone[: k + 1]), Decimal(0))
        assert sum((m.credit_amount for m in term.months[: k + 1]), Decimal(0)) <= paid
        assert sum(m.credit_sms * m.list_price for m in term.months[: k + 1]) <= paid
    # each month is cut only as far as it must be, and alone (a term of its own) is a lower bound
    for t, a in zip(term.months, alone, strict=True):
        assert a.credit_amount <= t.credit_amount <= min(a.uncapped_amount, a.cap)
        assert a.credit_sms <= t.credit_sms
    if policy.compensation.cap_basis == "net_paid":  # the month's own cap bounds it already
        assert [(m.credit_amount, m.credit_sms) for m in term.months] == [
            (m.credit_amount, m.credit_sms) for m in alone]
        assert not term.capped


@given(st.data(), st.sampled_from(list_policies()))
def test_a_chinese_explanation_holds_no_english(data, policy):
    """Every sentence and clause label in zh, alone or cut by the term cap, under every policy."""
    valid = data.draw(st.integers(0, 10**6))
    fee = data.draw(amounts)
    deductions = data.draw(st.decimals(min_value=0, max_value=fee, places=2))
    alone = assess(valid, data.draw(st.integers(0, valid)), fee=fee, list_price="0.05", policy=policy,
                   excluded=data.draw(st.integers(0, 1000)), deductions=deductions,
                   paid=data.draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=fee - deductions,
                                                                   places=2))))
    for a in (alone, *assess_term([alone], policy).months):
        words = explain(a, policy, "zh").replace("SLA", "")
        assert not re.search(r"[A-Za-z]", words), words
