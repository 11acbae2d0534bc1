from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import assess
from slakit.ui.explorer import Explorer, failures_from_rate
from tests.live_kernel import live_kernel


@pytest.fixture
def ex() -> Explorer:
    return Explorer(start=date(2026, 3, 17))


def test_defaults_show_the_ten_percent_tier(ex):
    a = ex.scenario.assessment
    assert (a.availability, a.tier, a.credit_amount, a.credit_sms) == (
        Fraction(47, 50), 1, Decimal("450.00"), 10_000)
    assert "slakit-credit-sms'>10,000" in ex.summary.value.replace('"', "'")


def test_every_change_recomputes(ex):
    ex.controls["explicit_failures"].value = 15_000
    assert ex.scenario.assessment.tier == 2 and ex.scenario.assessment.credit_sms == 30_000
    ex.controls["vouchers"].value = "3000.00"
    ex.controls["coupons"].value = "1000.00"  # net paid 500: the cap bites (SLA §3.1(2))
    a = ex.scenario.assessment
    assert a.capped and a.credit_amount == Decimal("500.00") and a.credit_sms == 11_111
    ex.controls["policy"].value = "variant-net-fee-basis"  # 30 % of the net-paid 500
    assert ex.scenario.assessment.credit_amount == Decimal("150.00")


def test_failure_rate_mode(ex):
    ex.controls["mode"].value = "rate"
    ex.controls["failure_rate"].value = 5.0
    assert ex.scenario.assessment.explicit_failures == 5_000 and ex.scenario.assessment.meets_target


@given(st.integers(0, 10**9), st.decimals(min_value=0, max_value=100, places=2))
def test_failures_from_rate_is_exact_and_bounded(valid, rate):
    failures = failures_from_rate(valid, rate)
    assert 0 <= failures <= valid
    assert failures * 100 <= valid * rate < (failures + 1) * 100


def test_purchase_dates_drive_the_months_and_claim_windows(ex):
    assert len(ex.controls["month"].options) == 4  # SLA §1.5: 17 March + 3 months
    ex.controls["start"].value = date(2026, 9, 1)
    ex.controls["months"].value = 1
    window = ex.scenario.windows[0]
    assert (window.opens_after, window.deadline) == (date(2026, 10, 13), date(2026, 11, 29))
    assert "2026-10-14 – 2026-11-29" in ex.summary.value


def test_bad_input_is_shown_not_raised(ex):
    ex.controls["fee"].value = "12.345"
    assert "field 'fee' = '12.345': has more than 2 decimal places" in ex.error
    assert "slakit-error" in ex.summary.value
    ex.controls["fee"].value = "4500.00"
    assert ex.error == "" and ex.scenario.assessment.credit_sms == 10_000


def test_a_policy_file_can_be_explored(ex, tmp_path):
    ex.controls["policy_file"].value = str(tmp_path / "missing.toml")
    assert "missing.toml" in ex.error and "cannot be read" in ex.error


def test_the_chart_redraws_only_the_marker(ex):
    before = ex.credit_image.value
    figure = ex._credit_chart.figure
    ex.controls["explicit_failures"].value = 7_000
    assert ex.credit_image.value != before and ex._credit_chart.figure is figure


@pytest.mark.slow
def test_callbacks_in_a_live_kernel():
    with live_kernel() as kernel:
        kernel.run("from slakit.ui.explorer import explorer\nex = explorer()\ndisplay(ex)")
        assert kernel.value("ex.scenario.assessment.credit_sms") == 10_000
        kernel.run("ex.controls['explicit_failures'].value = 11_000")
        expected = assess(100_000, 11_000, fee="4500.00", list_price="0.045")
        assert kernel.value("ex.scenario.assessment.credit_sms") == expected.credit_sms
        assert kernel.value("'slakit-tier' in ex.summary.value and 'tier 2' in ex.summary.value")


def test_official_days_end_a_provisional_claim_date(ex, tmp_path):
    ex.controls["start"].value = date(2026, 12, 1)
    ex.controls["months"].value = 1
    (window,) = ex.scenario.windows
    assert window.provisional and window.opens_after == date(2027, 1, 8)
    assert "errs late" in ex.months_table.value and "Official days file" in ex.months_table.value
    calendar = tmp_path / "cn-2027.toml"
    calendar.write_text('apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "cn-2027"\n'
                        '[spec."2027"]\nholidays = [2027-01-01, 2027-01-04]\n', encoding="utf-8")
    ex.controls["calendar"].value = str(calendar)
    (window,) = ex.scenario.windows
    assert not window.provisional and window.first_day == date(2027, 1, 12)
    assert "errs late" not in ex.months_table.value and "2027-01-12 – 2027-03-01" in ex.summary.value
    calendar.write_text("not toml [", encoding="utf-8")
    ex.controls["calendar"].value = str(calendar) + " "  # a new value: read again
    assert "cn-2027.toml: field '(file)'" in ex.error and "not valid TOML" in ex.error
