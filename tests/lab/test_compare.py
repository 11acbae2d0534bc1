from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slakit import SlakitError, load_policy
from slakit.format import yuan
from slakit.lab import compare
from slakit.lab.compare import (
    claim_table,
    comparison_table,
    file_portfolio,
    outcome,
    run_lab,
    sample_portfolio,
    simulated_portfolio,
    tier_table,
)
from slakit.lab.simulate import IncidentModel
from slakit.lab.sweep import SWEEP, SortedMonths, sensitivity, sweep, with_target
from tests.test_portfolio import rows
from tests.test_portfolio import scalar as scalar_path

pytestmark = pytest.mark.usefixtures("english")  # the English these tests read follows the locale

POLICIES = ["tencent-sms-2020-09-23", "variant-net-fee-basis", "variant-three-tiers-99",
            "variant-consumed-cap", "variant-excluded-as-delivered"]
SAMPLE = Path(__file__).parents[2] / "data" / "sample" / "account-months.csv"


def scalar(frame: pd.DataFrame, policy):
    """Each row through the scalar assessment, each customer's rows a term (SLA §5.1),
    independently of the vectorized path."""
    records: list[dict[str, Any]] = []
    for r in frame.to_dict("records"):
        row = {str(k): (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v)
               for k, v in r.items()}
        row |= {"valid_sends": int(str(row["valid_sends"])),
                "explicit_failures": int(str(row["explicit_failures"])),
                "excluded": int(row.get("excluded") or 0), "deductions": row.get("deductions") or "0",
                "paid": row.get("paid"), "service_month_start": row.get("service_month_start") or ""}
        records.append(row)
    return scalar_path(records, policy)


portfolios = st.lists(st.tuples(st.sampled_from("ABCDE"), rows()), min_size=1, max_size=25,
                      unique_by=lambda drawn: (drawn[0], drawn[1]["service_month_start"])).map(
    lambda drawn: pd.DataFrame([{**row, "customer_id": c} for c, row in drawn]))  # a month once a term


@settings(max_examples=40, deadline=None)
@given(portfolios, st.sampled_from(POLICIES))
def test_an_outcome_is_the_sum_of_scalar_assessments(frame, name):
    policy = load_policy(name)
    results = scalar(frame, policy)
    o = outcome(frame, policy)
    assert o.credit == sum(r.credit_amount for r in results)
    assert o.credit_sms == sum(r.credit_sms for r in results)
    assert o.compensated_months == sum(r.credit_sms > 0 for r in results)
    assert o.capped == sum(r.capped for r in results)
    owed = {c for c, r in zip(frame["customer_id"], results, strict=True) if r.credit_sms > 0}
    assert (o.compensated_accounts, o.accounts) == (len(owed), frame["customer_id"].nunique())
    assert o.share_compensated == Fraction(len(owed), frame["customer_id"].nunique())
    for t in o.tiers:
        assert t.account_months == sum(r.tier == t.tier for r in results)
        assert t.credit == sum((r.credit_amount for r in results if r.tier == t.tier), Decimal(0))


def test_the_sample_compared_under_every_shipped_policy():
    book = sample_portfolio()
    assert (book.label, book.rows_read, len(book.frame), book.errors) == ("sample", 45, 45, ())
    result = run_lab(book, [load_policy(n) for n in POLICIES])
    for o, name in zip(result.outcomes, POLICIES, strict=True):
        assert o.credit == sum(r.credit_amount for r in scalar(book.frame, load_policy(name)))
    table = comparison_table(result.outcomes).set_index("Policy")
    assert list(table.index) == [o.policy.id for o in result.outcomes]
    assert table.loc["tencent-sms-2020-09-23@2020-09-23", "Accounts compensated"] == \
        "14 of 22 (63.6363…%)"
    assert table.loc["tencent-sms-2020-09-23@2020-09-23", "Credit (yuan)"] == "77,368.41"  # 77,368.411
    zh = comparison_table(result.outcomes, "zh").iloc[0]
    assert (zh["获赔账户"], zh["赔偿金额（元）"]) == ("22 个中 14 个（63.6363…%）", "77,368.41")
    tiers = tier_table(result.outcomes)
    assert len(tiers) == sum(len(o.policy.compensation.tiers) for o in result.outcomes)
    assert [name for name in tiers["Policy"] if name] == [o.policy.id for o in result.outcomes]
    three = POLICIES.index("variant-three-tiers-99")  # each policy named once, on its first tier
    last = sum(len(o.policy.compensation.tiers) for o in result.outcomes[:three + 1]) - 1
    assert tiers.iloc[last].to_dict() == {"Policy": "", "Tier": "tier 3 (<90%: 50%)", "Account-months": "7",
                                          "Credit (yuan)": yuan(result.outcomes[three].tiers[2].credit, "en")}
    # Capped at the consumed fee alone, C005 (9,000 consumed, 1,000 paid) would get 2,700 and C010
    # (fully voucher-paid) 3,375: SLA §5.1 holds each to what it paid over its term.
    sla, consumed = (result.outcomes[POLICIES.index(n)] for n in ("tencent-sms-2020-09-23",
                                                                  "variant-consumed-cap"))
    cut = consumed.assessed[consumed.assessed["term_capped"]]
    assert list(cut["customer_id"]) == ["C005", "C010"]
    assert list(cut["credit_amount"]) == [Decimal("1000"), Decimal("0")]
    assert consumed.credit == sla.credit and not sla.assessed["term_capped"].any()


def test_claim_windows_need_service_month_dates_and_show_a_bad_one():
    policies = [load_policy()]
    assert claim_table(simulated_portfolio(IncidentModel(accounts=2, months=2)).frame, policies).empty
    table = claim_table(pd.DataFrame({"service_month_end": ["2026-09-30", "2026-09-31"]}), policies)
    assert table.iloc[:, 0].tolist() == ["2026-10-14 – 2026-11-29", "not a date (YYYY-MM-DD)"]


def test_a_csv_with_bad_rows_keeps_them_visible(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    header, first, second = text[0], text[1], text[2]
    bad = second.replace(",0,0.045", ",0,zero")
    path = tmp_path / "months.csv"
    path.write_text("\n".join([header, first, bad]) + "\n", encoding="utf-8")
    book = file_portfolio(path)
    assert (book.rows_read, len(book.frame), len(book.errors)) == (2, 1, 1)
    error = book.errors[0]
    assert (error.source, error.line, error.field, error.value) == (str(path), 3, "list_price", "zero")


def test_with_target_keeps_the_tiers_consistent(sla):
    assert with_target(sla, sla.target.availability) is sla
    for target in (*SWEEP, Fraction(1, 2), Fraction(1)):
        derived = with_target(sla, target)
        bounds = [t.below for t in derived.compensation.tiers]
        assert derived.target.availability == target and bounds[0] == target
        assert bounds == sorted(set(bounds), reverse=True)  # strictly decreasing
        assert derived.target.boundary == sla.target.boundary
    three = load_policy("variant-three-tiers-99")
    at_93 = with_target(three, Fraction(93, 100)).compensation.tiers
    assert [(t.below, t.credit_rate) for t in at_93] == [
        (Fraction(93, 100), Decimal("0.25")), (Fraction(9, 10), Decimal("0.50"))]
    with pytest.raises(SlakitError, match="target"):
        with_target(sla, Fraction(0))


@settings(max_examples=40, deadline=None)
@given(portfolios, st.sampled_from(POLICIES),
       st.lists(st.integers(1, 1000), min_size=2, max_size=2, unique=True))
def test_a_higher_target_never_pays_less(frame, name, thousandths):
    policy = load_policy(name)
    low, high = sorted(Fraction(t, 1000) for t in thousandths)
    lower, higher = scalar(frame, with_target(policy, low)), scalar(frame, with_target(policy, high))
    for a, b in zip(lower, higher, strict=True):
        if a.term_capped or b.term_capped:
            continue  # SLA §5.1: a month may get less when earlier months used up the term's fees
        assert a.credit_amount <= b.credit_amount
        if a.availability is not None and a.availability < low:
            assert b.credit_amount == a.credit_amount  # below both targets: the same tiers apply
    for term in frame["customer_id"].unique():  # each term's total, under the term cap too
        rows = (frame["customer_id"] == term).tolist()
        assert (sum((a.credit_amount for a, r in zip(lower, rows, strict=True) if r), Decimal(0))
                <= sum((b.credit_amount for b, r in zip(higher, rows, strict=True) if r), Decimal(0)))


@pytest.mark.parametrize("name", POLICIES)
def test_sensitivity_rises_with_the_target_and_meets_the_policy(name):
    policy = load_policy(name)
    book = simulated_portfolio(IncidentModel(accounts=200, months=6), seed=2)
    points = sensitivity(book.frame, policy, (*SWEEP, policy.target.availability))
    own = points[-1]
    assert own.credit == outcome(book.frame, policy).credit
    credits = [p.credit for p in points[:-1]]
    assert credits == sorted(credits) and credits[0] < credits[-1]
    # up to the policy's own target, a target t pays the policy's own credit of the months below t
    results = scalar(book.frame, policy)
    for p in points:
        if p.target <= policy.target.availability:
            assert p.credit == sum((r.credit_amount for r in results
                                    if r.availability is not None and r.availability < p.target),
                                   Decimal(0))


def test_sweep_is_exact_and_ends_where_asked():
    assert SWEEP[0] == Fraction(9, 10) and SWEEP[-1] == Fraction(999, 1000) and len(SWEEP) == 21
    assert sweep(Fraction(1, 2), Fraction(1, 2)) == (Fraction(1, 2),)
    assert sweep(Fraction(95, 100), Fraction(96, 100)) == (
        Fraction(95, 100), Fraction(955, 1000), Fraction(96, 100))


def test_the_lab_needs_a_policy():
    with pytest.raises(SlakitError, match="at least one policy"):
        run_lab(sample_portfolio(), [])


def test_a_policy_is_assessed_and_sorted_once_while_it_stays_compared(monkeypatch):
    sorts: list[tuple[str, Fraction]] = []

    class Counted(SortedMonths):
        def __init__(self, book: Any, policy: Any, up_to: Fraction) -> None:
            sorts.append((policy.name, up_to))
            super().__init__(book, policy, up_to)

    monkeypatch.setattr(compare, "SortedMonths", Counted)
    portfolio = sample_portfolio()
    sla, net = load_policy(), load_policy("variant-net-fee-basis")
    first = run_lab(portfolio, [sla, net], sweep(Fraction(90, 100), Fraction(99, 100)))
    moved = run_lab(portfolio, [sla, net], sweep(Fraction(92, 100), Fraction(98, 100)))
    assert sorts == [(sla.name, Fraction(99, 100)), (net.name, Fraction(99, 100))]  # not again
    assert moved.outcomes[0] is first.outcomes[0] and moved.outcomes[1] is first.outcomes[1]
    assert moved.sensitivity[0] == tuple(p for p in first.sensitivity[0]
                                         if Fraction(92, 100) <= p.target <= Fraction(98, 100))
    wider = sweep(Fraction(90, 100), Fraction(999, 1000))
    assert run_lab(portfolio, [sla], wider).sensitivity[0] == sensitivity(portfolio.book, sla, wider)
    assert sorts[2:] == [(sla.name, Fraction(999, 1000))]  # sorted again, for the higher targets
    run_lab(portfolio, [sla, net], wider)
    assert sorts[3:] == [(net.name, Fraction(999, 1000))]  # no longer compared, it was forgotten
    with pytest.raises(SlakitError, match=r"lies above the 99\.9% these months were sorted for"):
        SortedMonths(portfolio.book, sla, Fraction(999, 1000)).points([Fraction(1)])
