from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slakit import (
    Assessment,
    InputError,
    Policy,
    assess,
    assess_frame,
    assess_term,
    list_policies,
    load_policy,
    read_portfolio,
)
from slakit.config import shipped_files

SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "account-months.csv"
POLICIES = [p.name for p in list_policies()]


@st.composite
def rows(draw):
    valid = draw(st.one_of(st.integers(0, 200), st.integers(0, 10**10)))
    # failures near each boundary are the interesting ones
    near = [valid * k // 100 + d for k in (1, 5, 10) for d in (-1, 0, 1)]
    edges = [f for f in near if 0 <= f <= valid] or [0]
    failures = draw(st.one_of(st.integers(0, valid), st.sampled_from(edges)))
    fee = draw(st.decimals(min_value=0, max_value=10**8, places=2))
    deductions = draw(st.decimals(min_value=0, max_value=fee, places=2))
    price = draw(st.decimals(min_value=Decimal("0.000001"), max_value=2, places=6))
    paid = draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=fee - deductions, places=2)))
    return {"customer_id": draw(st.one_of(st.none(), st.sampled_from(["A", "B", "C"]))),
            "service_month_start": draw(st.dates(date(2026, 1, 1), date(2026, 3, 1))).isoformat(),
            "valid_sends": valid, "explicit_failures": failures,
            "excluded": draw(st.one_of(st.just(0), st.integers(0, 10**6))), "fee": str(fee),
            "deductions": str(deductions), "paid": None if paid is None else str(paid),
            "list_price": str(price)}


def scalar(data: list[dict[str, Any]], policy: Policy) -> list[Assessment]:
    """The scalar path: each row assessed alone, then each term (customer_id) through SLA §5.1 in
    service-month order; a row without a customer id is a term of its own."""
    months = [assess(row["valid_sends"], row["explicit_failures"], fee=row["fee"],
                     deductions=row["deductions"], list_price=row["list_price"], policy=policy,
                     excluded=row["excluded"], paid=row["paid"]) for row in data]
    terms: dict[object, list[int]] = {}
    for i, row in enumerate(data):
        terms.setdefault(row["customer_id"] if row["customer_id"] else ("alone", i), []).append(i)
    out: dict[int, Assessment] = {}
    for rows_ in terms.values():
        rows_.sort(key=lambda i: (data[i]["service_month_start"], i))
        out |= dict(zip(rows_, assess_term([months[i] for i in rows_], policy).months, strict=True))
    return [out[i] for i in range(len(data))]


@pytest.fixture(scope="module")
def rounding_up(tmp_path_factory) -> Policy:
    """The consumed-cap variant with SMS rounded up: where the term cap can cut the SMS alone."""
    path = tmp_path_factory.mktemp("policies") / "up.toml"
    text = shipped_files("policies")["variant-consumed-cap"].read_text(encoding="utf-8")
    path.write_text(text.replace('sms_rounding = "down"', 'sms_rounding = "up"'), encoding="utf-8")
    return load_policy(path)


SMS_ALONE_CUT = {  # 30 % of 1,000 = 300 = the 300 paid, but 300 ÷ 0.07 rounds up past it (SLA §5.1)
    "customer_id": None, "service_month_start": "2026-01-01", "valid_sends": 100, "explicit_failures": 20,
    "excluded": 0, "fee": "1000.00", "deductions": "700.00", "paid": None, "list_price": "0.07"}


def one_month_once(row: dict[str, Any]) -> object:
    """A term holds each service month once (SLA §5.1); rows without an id are terms alone."""
    return (row["customer_id"], row["service_month_start"]) if row["customer_id"] else object()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows(), min_size=1, max_size=30, unique_by=one_month_once),
       st.sampled_from([*POLICIES, "rounding up"]))
@example([SMS_ALONE_CUT], "rounding up")
def test_vectorized_and_scalar_paths_agree_row_for_row(rounding_up, data, name):
    policy = rounding_up if name == "rounding up" else load_policy(name)
    out = assess_frame(pd.DataFrame(data), policy)
    for i, a in enumerate(scalar(data, policy)):
        got = out.iloc[i]
        assert (pd.isna(got["availability"]) and a.availability is None) or \
            got["availability"] == a.availability_decimal
        assert bool(got["meets_target"]) == a.meets_target
        assert (None if pd.isna(got["tier"]) else int(got["tier"])) == a.tier
        assert got["credit_rate"] == a.credit_rate
        assert got["credit_amount"] == a.credit_amount
        assert bool(got["capped"]) == a.capped
        assert bool(got["term_capped"]) == a.term_capped
        assert int(got["credit_sms"]) == a.credit_sms
        budgets = [int(got[c]) for c in out.columns if c.startswith("budget_")]
        assert budgets == [b.remaining for b in a.error_budget]


def test_money_may_come_as_decimal_objects_or_integers():
    frame = pd.DataFrame({"valid_sends": [100_000], "explicit_failures": [15_000],
                          "fee": [Decimal("1000.00")], "deductions": [800],
                          "list_price": [Decimal("0.05")]})
    out = assess_frame(frame)
    assert out["credit_amount"].iloc[0] == Decimal("200") and out["credit_sms"].iloc[0] == 4000


def test_deductions_column_is_optional():
    frame = pd.DataFrame({"valid_sends": [100], "explicit_failures": [20], "fee": ["10.00"],
                          "list_price": ["0.05"]})
    assert assess_frame(frame)["credit_sms"].iloc[0] == 60


@pytest.mark.parametrize(("column", "value", "problem"), [
    ("fee", 12.5, "binary float"),
    ("fee", "12.345", "more than 2 decimal places"),
    ("explicit_failures", 200, "exceeds valid_sends"),
    ("valid_sends", -5, "negative"),
    ("list_price", "0", "greater than zero"),
    ("deductions", "99.00", "exceed the consumed fee"),
])
def test_a_bad_row_is_named(column, value, problem):
    frame = pd.DataFrame({"valid_sends": [100, 100], "explicit_failures": [1, 1],
                          "fee": ["10.00", "10.00"], "deductions": ["0", "0"],
                          "list_price": ["0.05", "0.05"]}).astype(object)
    frame.loc[1, column] = value
    with pytest.raises(InputError) as caught:
        assess_frame(frame)
    assert caught.value.field == column and problem in str(caught.value) and "row 1" in str(caught.value)


def test_a_missing_column_is_named():
    with pytest.raises(InputError, match=r"'fee'.*column is missing"):
        assess_frame(pd.DataFrame({"valid_sends": [1], "explicit_failures": [0], "list_price": ["1"]}))


def test_the_sample_portfolio_has_the_realistic_mix():
    portfolio = read_portfolio(SAMPLE)
    out = portfolio.assess(load_policy())
    assert portfolio.rows_read == len(out) >= 16 and not portfolio.rejected
    assert set(out["tier"].dropna().astype(int)) == {1, 2}
    assert out["capped"].any() and out["availability"].isna().any()
    assert (out["availability"] == Decimal("0.95")).any()


def test_bad_rows_are_rejected_with_file_and_line_and_counts_reconcile(tmp_path):
    lines = SAMPLE.read_text().splitlines()
    lines[2] = lines[2].replace(",0.045", ",abc")
    lines[4] = lines[4].replace("4500.00", "4500.001")
    lines.append("C099,2026-09-01,2026-09-30,100,101,10.00,0,0.045")
    path = tmp_path / "m.csv"
    path.write_text("\n".join(lines) + "\n")
    portfolio = read_portfolio(path)
    assert portfolio.rows_read == len(portfolio.frame) + len(portfolio.rejected)
    errors = [str(e) for e in portfolio.errors()]
    assert errors == [
        f"{path}, line 3: field 'list_price' = 'abc': is not a decimal amount",
        f"{path}, line 5: field 'fee' = '4500.001': has more than 2 decimal places",
        f"{path}, line {len(lines)}: field 'explicit_failures' = '101': "
        "exceeds valid_sends: failures are counted among valid sends",
    ]
    assert len(portfolio.assess()) == portfolio.rows_read - 3
