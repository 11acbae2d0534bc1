from __future__ import annotations

import csv
import warnings
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from slakit import InputError
from slakit.plotting import cjk_font, png
from slakit.reports import ReportRequest, build_report, render

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
FIGURES = SAMPLE / "account-months.csv"


def build(customer_id, customer_name, start, months, figures, **more):
    return build_report(ReportRequest.from_parameters(
        customer_id=customer_id, customer_name=customer_name, start=start, months=months,
        figures=figures, **more))


def report(lang: str = "en", on: str = "2026-11-02", figures: Path = FIGURES):
    return build("C007", "北京启明教育", "2026-06-17", 3, figures, report_date=on, lang=lang)


def test_each_service_month_is_assessed_with_its_claim_status():
    r = report()
    assert [(str(m.month.start), str(m.month.end)) for m in r.months] == [
        ("2026-06-17", "2026-06-30"), ("2026-07-01", "2026-07-31"),
        ("2026-08-01", "2026-08-31"), ("2026-09-01", "2026-09-16")]
    assert [render.claim_status(r, m) for m in r.months] == [
        "expired", "no claim", "no claim", "open, 14 days left"]
    assert len(r.breached) == 2 and r.credit_amount == Decimal("697.50") and r.credit_sms == 15_500
    assert r.next_claim is r.months[3]


def test_statuses_move_with_the_report_date():
    early = report(on="2026-10-10")
    assert render.claim_status(early, early.months[3]) == \
        "not yet open (from 2026-10-14)"
    later = report(on="2026-11-16")
    assert render.claim_status(later, later.months[3]) == "expired" and later.next_claim is None


def test_chinese_wording():
    r = report("zh")
    assert render.claim_status(r, r.months[3]) == "可申请，剩余 14 天"
    assert "赔偿金额 697.50 元" in render.headline_html(r)
    assert "其中 157.50 元（3,500 条短信）已超过申请期限" in render.headline_html(r)
    assert "第 2 档" in render.explanations_html(r) and "Tier 2" not in render.explanations_html(r)
    assert "服务可用性" in render.months_table(r).columns


def test_summary_is_json_ready_and_exact():
    summary = report().summary().to_dict()
    totals = summary["totals"]
    assert totals == {"service_months": 4, "breached": 2, "credit_amount": "697.50",
                      "credit_sms": 15_500, "next_deadline": "2026-11-15"}
    assert summary["months"][0]["availability"] == "0.940000"
    assert set(summary["evidence"]["inputs"]) == {"account-months.csv", "tencent-sms-2020-09-23.toml"}


def test_a_month_without_figures_is_shown_not_invented():
    r = build("C020", "Meridian Health", "2026-10-01", 3, FIGURES, report_date="2026-11-27", lang="en")
    assert [m.assessment is None for m in r.months] == [False, True, True]
    assert render.claim_status(r, r.months[1]) == "no figures"
    labels = [t.get_text() for t in render.chart(r).axes[0].texts]  # each bar's figure, or its note
    assert labels == ["94.4442…%", "no figures", "no figures"]  # not "no sends": no data is not a month met


def test_names_are_escaped_in_html():
    r = build("C008", "Acme & Sons <Retail>", "2026-09-01", 1, FIGURES, report_date="2026-11-02")
    headline = render.headline_html(r)
    assert "Acme &amp; Sons &lt;Retail&gt;" in headline and "<Retail>" not in headline


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = FIGURES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "figures.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_bad_row_of_this_customer_fails_with_file_and_line(tmp_path):
    path = _copy_with(tmp_path, "C007,2026-06-17,2026-06-30,35000,2100,1575.00",
                      "C007,2026-06-17,2026-06-30,35000,2100,15x5.00")
    with pytest.raises(InputError, match=r"figures.csv, line \d+: field 'fee' = '15x5.00'"):
        report(figures=path)


def test_a_bad_row_of_another_customer_does_not_matter(tmp_path):
    path = _copy_with(tmp_path, "C002,2026-09-01,2026-09-30,100000,5000,4500.00",
                      "C002,2026-09-01,2026-09-30,100000,5000,45x")
    assert report(figures=path).credit_sms == 15_500


def test_a_row_outside_the_term_is_refused(tmp_path):
    path = _copy_with(tmp_path, "C007,2026-06-17,2026-06-30", "C007,2026-06-16,2026-06-30")
    with pytest.raises(InputError, match="is not a service month of this term"):
        report(figures=path)


def test_an_unknown_language_is_refused():
    with pytest.raises(InputError, match="'lang' = 'fr'"):
        report("fr")


def test_chinese_glyphs_render_without_missing_glyph_warnings():
    assert cjk_font() is not None, "install fonts-noto-cjk (setup.sh does)"
    r = report("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        image = png(render.chart(r))
    assert image.startswith(b"\x89PNG")


def sample_customers() -> list[dict[str, str]]:
    with (SAMPLE / "customers.csv").open(encoding="utf-8") as stream:
        return [row for row in csv.DictReader(stream) if not row["receipts"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("row", sample_customers(), ids=lambda row: row["customer_id"])
def test_every_sample_report_draws_its_charts_and_table_without_a_warning(row, lang):
    """Nothing a report draws may warn (a warning would reach the customer's page)."""
    r = build(row["customer_id"], row["customer_name"], row["start"], row["months"],
              SAMPLE / row["figures"], report_date="2026-11-02", lang=lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert render.chart_png(r).startswith(b"\x89PNG")
        table = render.months_table_html(r)
    assert table.count('<span class="nowrap">') >= 2 * len(r.months)  # each date kept whole


def test_a_malformed_row_that_may_be_this_customers_fails_it(tmp_path):
    path = _copy_with(tmp_path, "C007,2026-06-17,2026-06-30,35000,2100,1575.00,0,0.045",
                      "C007,2026-06-17,2026-06-30,35000,2100,1575.00,0,0.045,oops")
    with pytest.raises(InputError, match=r"line \d+: field '\(row\)' .* has 9 fields; the header has 8"):
        report(figures=path)
    assert report(figures=_copy_with(tmp_path, "C002,2026-09-01,2026-09-30,100000,5000,4500.00,0,0.045",
                                     "C002,2026-09-01,2026-09-30,100000,5000,4500.00,0,0.045,x")
                  ).credit_sms == 15_500


def test_report_date_defaults_to_today():
    r = build("C002", "Northwind Logistics", "2026-09-01", 1, FIGURES)
    assert r.report_date == date.today()


@pytest.fixture(scope="module")
def receipts_archive(tmp_path_factory):
    from slakit.receipts import ingest

    db = tmp_path_factory.mktemp("archive") / "a.duckdb"
    results = ingest(db, "1400000001", [SAMPLE / "receipts"])
    assert not any(r.rejected or r.problem for r in results)
    return db


def test_counts_can_come_from_the_receipts_archive(receipts_archive):
    from slakit.receipts import evaluate

    r = build("C023", "Harbour Light", "2026-03-17", 1, SAMPLE / "receipts" / "fees.csv",
              report_date="2026-05-08", archive=receipts_archive, account="1400000001",
              windows=SAMPLE / "receipts" / "windows.toml", lang="en")
    found = evaluate(receipts_archive, "1400000001", [m.month for m in r.months], r.policy,
                     windows=SAMPLE / "receipts" / "windows.toml")
    for result, counted in zip(r.months, found.months, strict=True):
        a = result.assessment
        assert a is not None
        assert a.valid_sends == counted.valid_sends
        assert a.availability == counted.availability  # headline: disputed count as failures
        assert result.best == counted.availability_best
        assert result.known["disputed"] == counted.counts["disputed"]
    april = r.months[1]
    assert april.assessment is not None and april.best is not None
    assert april.assessment.tier == 2 and april.best > Fraction(9, 10)  # the band spans a boundary
    assert r.code_map == found.codemap.id and sum(r.daily_failures.values()) > 0
    summary: dict[str, Any] = r.summary().to_dict()
    assert summary["months"][1]["availability_best"] == "0.921805"
    assert summary["evidence"]["inputs"]["a.duckdb (account 1400000001)"] == found.digest()
    assert "Failures (incl. disputed, unclassified)" in render.months_table(r).columns
    chart = render.daily_chart_png(r)
    assert chart is not None and chart.startswith(b"\x89PNG")


CN_2027 = ('apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "cn-2027"\n'
           '[spec."2027"]\nholidays = [2027-01-01, 2027-01-04]\n')


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_provisional_claim_date_says_so_and_how_to_make_it_final(tmp_path, lang):
    def meridian(**more):
        return build("C020", "Meridian Health", "2026-10-01", 3, FIGURES, report_date="2026-11-27",
                     lang=lang, **more)

    estimated = meridian()
    december = estimated.months[2].window
    assert december.provisional and december.opens_after == date(2027, 1, 8)
    readings = render.readings_html(estimated)
    assert "--calendar FILE" in readings and "2027" in readings
    window_cell = str(render.months_table(estimated).iloc[2, -2])
    assert window_cell.endswith("(provisional: estimated late)" if lang == "en" else "（暂定：按偏晚估计）")

    calendar = tmp_path / "cn-2027.toml"
    calendar.write_text(CN_2027, encoding="utf-8")
    official = meridian(calendar=calendar)
    assert not official.months[2].window.provisional
    assert official.months[2].window.opens_after == date(2027, 1, 11)
    readings = render.readings_html(official)
    assert "cn-2027.toml" in readings and "--calendar" not in readings
    assert official.inputs["cn-2027.toml"] == official.summary().evidence["inputs"]["cn-2027.toml"]


def test_the_term_cap_holds_each_customer_to_what_it_paid():
    # C005: 9,000.00 consumed, 8,000.00 of it in vouchers, availability 83 % → 30 % = 2,700.00
    r = build("C005", "成都小满餐饮", "2026-09-01", 1, FIGURES, report_date="2026-10-20", lang="en",
              policy="variant-consumed-cap")
    (month,) = r.months
    assert month.assessment is not None and month.assessment.term_capped
    assert r.credit_amount == Decimal("1000.00") and r.credit_sms == 22_222
    assert render.months_table(r)["Capped"].tolist() == ["yes (term, SLA §5.1)"]
    assert "Cut to 1,000.00" in render.explanations_html(r)
    assert "never exceeds the fees paid so far (SLA §5.1)" in render.readings_html(r)
    assert r.summary().months[0]["term_capped"] is True


def test_the_fee_actually_paid_and_the_excluded_sends_come_from_the_figures(tmp_path):
    text = FIGURES.read_text(encoding="utf-8").splitlines()
    rows = [text[0] + ",paid,excluded"]
    rows += [line + (",100.00,2000" if line.startswith("C007,2026-09-01") else ",,")
             for line in text[1:]]
    path = tmp_path / "figures.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    default = report(figures=path)
    september = default.months[3].assessment
    assert september is not None and september.paid_given and september.cap == Decimal("100.00")
    assert september.credit_amount == Decimal("100.00")  # 10 % of 1,800.00 capped at the 100.00 paid
    assert "left out of both" in render.readings_html(default)
    other = build("C007", "北京启明教育", "2026-06-17", 3, path, report_date="2026-11-02",
                  lang="en", policy="variant-excluded-as-delivered")
    assert other.months[3].assessment.availability == 1 - Fraction(4_100, 42_000)
    assert "stay among the valid sends as delivered" in render.readings_html(other)
