from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import assess
from slakit.i18n import Lang
from slakit.plotting import canvas_png
from slakit.ui.charts import CreditChart
from slakit.ui.explorer import Explorer, failures_from_rate
from tests.live_kernel import live_kernel


@pytest.fixture
def ex() -> Explorer:
    return Explorer(start=date(2026, 3, 17), lang="en")


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


def test_the_month_assessed_says_its_statement_s_status_in_the_figures_and_the_months_table(ex):
    """One status for the month: the figures and its row of the months table say the same, and
    move together with the sends."""
    ex.controls["on"].value = date(2026, 4, 20)
    assert ex.scenario.statement.status == "open"
    said = "owed, claim open: 41 days left (until 2026-05-30)"
    assert said in ex.summary.value and said in ex.months_table.value
    ex.controls["explicit_failures"].value = 1_000  # 99 %: met
    assert ex.scenario.statement.status == "met"
    assert "met: nothing owed" in ex.summary.value and "met: nothing owed" in ex.months_table.value
    assert said not in ex.months_table.value
    ex.controls["vouchers"].value = "4500.00"  # missed again, but vouchers paid it all
    ex.controls["explicit_failures"].value = 6_000
    assert ex.scenario.statement.status == "not_owed" and "the cap is 0" in ex.summary.value


def test_failure_rate_mode(ex):
    failures, rate = ex.controls["explicit_failures"], ex.rate_box
    assert rate.layout.display == "none" and failures.layout.display == ""
    ex.controls["mode"].value = "rate"
    ex.controls["failure_rate"].value = 5.0
    assert ex.scenario.assessment.explicit_failures == 5_000 and ex.scenario.assessment.meets_target
    assert failures.layout.display == "none" and rate.layout.display == ""  # the ignored box goes
    assert ex.rate_failures.value == "= 5,000 explicit failures"
    ex.controls["mode"].value = "count"
    assert ex.scenario.assessment.explicit_failures == 6_000 and ex.rate_failures.value == ""


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
    assert ex.controls["month"].options == (("2026-09-01 – 2026-09-30", 0),)


def test_bad_input_replaces_every_figure(ex):
    ex.controls["fee"].value = "12.345"
    assert ex.error == "⚠ Consumed fee (yuan) = '12.345': has more than 2 decimal places"
    assert "slakit-error" in ex.message.value and ex.scenario is None
    assert ex.figures.layout.display == "none"  # no stale chart, table or timeline beside it
    assert ex.summary.value == ex.months_table.value == ""
    assert bytes(ex.credit_image.value) == bytes(ex.timeline_image.value) == b""
    ex.controls["fee"].value = "4500.00"
    assert ex.error == "" and ex.message.value == "" and ex.figures.layout.display == ""
    assert bytes(ex.timeline_image.value).startswith(b"\x89PNG") and "10,000" in ex.summary.value


@pytest.mark.parametrize(("control", "value", "en", "zh"), [
    ("valid_sends", -1, "Valid sends = -1: must not be negative", "有效发送数 = -1：不能为负数"),
    ("explicit_failures", 200_000, "Explicit failures = 200000: exceeds valid_sends (100000)",
     "明确失败数 = 200000：超过有效发送数（100000）"),
    ("vouchers", "5000", "Vouchers + coupons + reductions = 5000: exceed the consumed fee",
     "代金券、优惠券与减免合计 = 5000：超过实际消耗费用"),
    ("list_price", "0", "List price per SMS = '0': must be greater than zero",
     "刊例价（元/条） = '0'：须大于零"),
    ("start", None, "Service starts: is empty: pick a date", "服务开通日：未填写：请选择日期"),
])
def test_a_bad_input_is_named_by_its_label_in_either_language(control, value, en, zh):
    languages: tuple[tuple[Lang, str], ...] = (("en", en), ("zh", zh))
    for lang, words in languages:
        ex = Explorer(lang=lang)
        ex.controls[control].value = value
        assert words in ex.error and ex.scenario is None


def test_the_language_switch_relabels_everything_and_keeps_the_inputs(ex):
    ex.controls["explicit_failures"].value = 15_000
    before = ex.scenario
    english_chart = bytes(ex.credit_image.value)
    ex.language.value = "zh"
    assert ex.scenario == before and ex.controls["explicit_failures"].value == 15_000
    assert ex.controls["valid_sends"].description == "有效发送数"
    assert ex.controls["policy"].label == "腾讯云短信服务 SLA（2020-09-23）"
    assert ex.controls["month"].label == "2026-03-17 至 2026-03-31"
    assert ex.controls["mode"].options[0] == ("失败数", "count")
    assert "赔偿档位" in ex.summary.value and "第 2 档（低于 90%：30%）" in ex.summary.value
    assert "服务可用性 = 1 − 15,000 / 100,000 = 85%" in ex.summary.value
    assert "服务月度" in ex.months_table.value and bytes(ex.credit_image.value) != english_chart
    ex.language.value = "en"
    assert ex.controls["valid_sends"].description == "Valid sends" and "Tier" in ex.summary.value


def test_the_explorer_starts_in_the_locales_language(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert Explorer().lang == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert Explorer().language.value == "zh"


def test_a_policy_file_can_be_explored(ex, tmp_path):
    ex.controls["policy_file"].value = str(tmp_path / "missing.toml")
    assert "missing.toml" in ex.error and "cannot be read" in ex.error


def test_the_chart_lays_out_its_steps_again_only_for_new_fees(ex):
    before, figure = bytes(ex.credit_image.value), ex._credit_chart.figure
    axes = ex._credit_chart._axes
    ex.controls["explicit_failures"].value = 7_000
    assert bytes(ex.credit_image.value) != before and ex._credit_chart.figure is figure
    assert ex._credit_chart._axes is axes  # the steps were not laid out again
    ex.controls["vouchers"].value = "4000.00"  # new fees: new steps
    assert ex._credit_chart._axes is not axes


@pytest.mark.parametrize("failures", [0, 4_999, 5_000, 9_999, 10_001, 99_000])
def test_a_moved_marker_leaves_no_trace(failures, sla):
    """The chart after moving the marker over the kept pixels is pixel for pixel the whole
    figure drawn afresh there (at 0 failures the marker sits on the bottom spine)."""
    fee, none = Decimal("4500.00"), Decimal(0)
    here = Fraction(100_000 - failures, 100_000)
    moved = CreditChart()
    moved.image(fee, none, Fraction(94, 100), sla, "en")
    axes = moved._axes
    redrawn = moved.image(fee, none, here, sla, "en")
    if failures < 99_000:
        assert moved._axes is axes  # same scale: only the marker moved
    moved.canvas.draw()  # every artist drawn in order, nothing kept
    assert redrawn == canvas_png(moved.canvas)
    assert redrawn == CreditChart().image(fee, none, here, sla, "en")


@pytest.mark.slow
def test_callbacks_in_a_live_kernel():
    with live_kernel() as kernel:
        kernel.run("from slakit.ui.explorer import explorer\nex = explorer(lang='en')\ndisplay(ex)")
        assert kernel.value("ex.scenario.assessment.credit_sms") == 10_000
        kernel.run("ex.controls['explicit_failures'].value = 11_000")
        expected = assess(100_000, 11_000, fee="4500.00", list_price="0.045")
        assert kernel.value("ex.scenario.assessment.credit_sms") == expected.credit_sms
        assert kernel.value("'slakit-tier' in ex.summary.value and 'tier 2' in ex.summary.value")
        kernel.run("ex.language.value = 'zh'")
        assert kernel.value("'第 2 档' in ex.summary.value")


def test_official_days_end_a_provisional_claim_date(ex, tmp_path):
    ex.controls["start"].value = date(2026, 12, 1)
    ex.controls["months"].value = 1
    (window,) = ex.scenario.windows
    assert window.provisional and window.opens_after == date(2027, 1, 8)
    assert "errs late" in ex.months_table.value and "Official days file" in ex.months_table.value
    ex.language.value = "zh"
    assert "偏晚的估计" in ex.months_table.value and "官方工作日文件" in ex.months_table.value
    ex.language.value = "en"
    calendar = tmp_path / "cn-2027.toml"
    calendar.write_text('apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "cn-2027"\n'
                        '[spec."2027"]\nholidays = [2027-01-01, 2027-01-04]\n', encoding="utf-8")
    ex.controls["calendar"].value = str(calendar)
    (window,) = ex.scenario.windows
    assert not window.provisional and window.first_day == date(2027, 1, 12)
    assert "errs late" not in ex.months_table.value and "2027-01-12 – 2027-03-01" in ex.summary.value
    calendar.write_text("not toml [", encoding="utf-8")
    ex.controls["calendar"].value = str(calendar) + " "  # a new value: read again
    assert "cn-2027.toml: is not valid TOML" in ex.error
