from __future__ import annotations

import csv
import json
import warnings
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from slakit import InputError
from slakit.format import status_text, truncate
from slakit.plotting import cjk_font, png
from slakit.reports import ReportRequest, build_report, open_report, render
from slakit.reports.text import text

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
FIGURES = SAMPLE / "account-months.csv"


def build(customer_id, customer_name, start, months, figures, **more):
    return build_report(ReportRequest.from_parameters(
        customer_id=customer_id, customer_name=customer_name, start=start, months=months,
        figures=figures, **more))


def report(lang: str = "en", on: str = "2026-11-02", figures: Path = FIGURES):
    return build("C007", "北京启明教育", "2026-06-17", 3, figures, report_date=on, lang=lang)


def statuses(r) -> list[str]:
    return [m.status for m in r.months]


def test_each_service_month_is_stated_with_its_status():
    r = report()
    assert [(str(m.month.start), str(m.month.end)) for m in r.months] == [
        ("2026-06-17", "2026-06-30"), ("2026-07-01", "2026-07-31"),
        ("2026-08-01", "2026-08-31"), ("2026-09-01", "2026-09-16")]
    assert statuses(r) == ["forfeited", "met", "met", "open"]
    assert status_text(r.months[3], "en") == "owed, claim open: 14 days left (until 2026-11-15)"
    term = r.statement
    assert len(term.missed) == 2 and term.credit_of(term.missed) == (Decimal("697.50"), 15_500)
    assert term.next_claim is r.months[3] and r.claimable() == [r.months[3]]


def test_statuses_move_with_the_report_date():
    early = report(on="2026-10-10")
    assert statuses(early) == ["forfeited", "met", "met", "not_yet_open"]
    assert status_text(early.months[3], "en") == "owed, claim from 2026-10-14"
    later = report(on="2026-11-16")
    assert statuses(later)[3] == "forfeited" and later.statement.next_claim is None
    during = report(on="2026-09-10")
    assert statuses(during) == ["forfeited", "met", "met", "in_progress"]


def test_chinese_wording():
    r = report("zh")
    assert status_text(r.months[3], "zh") == "应赔偿，可申请：剩余 14 天（截至 2026-11-15）"
    headline = render.headline_html(r)
    assert "赔偿金额 697.50 元" in headline and "其中 157.50 元（3,500 条短信）已超过申请期限" in headline
    assert "。 " not in headline  # Chinese sentences run on without a space
    assert "第 2 档" in render.explanations_html(r) and "Tier 2" not in render.explanations_html(r)
    assert "服务可用性" in render.months_table(r).columns


def test_the_record_is_exact_and_survives_json(tmp_path):
    r = report()
    path = tmp_path / "summary.json"
    path.write_text(r.to_json(), encoding="utf-8")
    assert open_report(path) == r
    record = json.loads(r.to_json())
    first = record["statement"]["months"][0]
    assert first["headline"]["availability"] == "47/50" and first["status"] == "forfeited"
    assert first["credit"]["credit_amount"] == "157.5000"
    assert set(record["inputs"]) == {"account-months.csv", "tencent-sms-2020-09-23.toml"}


def test_a_month_without_figures_is_shown_not_invented():
    r = build("C020", "Meridian Health", "2026-10-01", 3, FIGURES, report_date="2026-12-27", lang="en")
    assert statuses(r) == ["open", "no_data", "in_progress"]
    assert r.months[1].headline is None and r.months[1].credit is None
    labels = [t.get_text() for t in render.chart(r).axes[0].texts]  # each bar's figure, or its note
    assert labels[:3] == ["94.44%", "no data", "in progress"]  # not "no sends": no data is not a month met
    assert labels[3:] == [" 90%", " 95%"]  # the tier line and the target, named at the axis's end
    headline = render.headline_html(r)
    assert "1 of 1 assessed service months missed" in headline
    assert "Not assessed: 1 without data, 1 in progress." in headline


def test_a_customer_without_a_single_row_of_figures_fails():
    """A typo in the id is no customer that met every target."""
    with pytest.raises(InputError, match=r"'C0l7': has no rows in account-months.csv \(did you mean C017"):
        build("C0l7", "西安古城文旅", "2026-07-10", 3, FIGURES, report_date="2026-11-02")


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
    assert report(figures=path).statement.credit_of(report(figures=path).months)[1] == 15_500


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
        assert b"<svg" in render.chart_svg(r)
        table = render.months_table_html(r)
    assert table.count('<span class="nowrap">') >= 2 * len(r.months)  # each date kept whole


def test_a_malformed_row_that_may_be_this_customers_fails_it(tmp_path):
    path = _copy_with(tmp_path, "C007,2026-06-17,2026-06-30,35000,2100,1575.00,0,0.045",
                      "C007,2026-06-17,2026-06-30,35000,2100,1575.00,0,0.045,oops")
    with pytest.raises(InputError, match=r"line \d+: field '\(row\)' .* has 9 fields; the header has 8"):
        report(figures=path)
    assert report(figures=_copy_with(tmp_path, "C002,2026-09-01,2026-09-30,100000,5000,4500.00,0,0.045",
                                     "C002,2026-09-01,2026-09-30,100000,5000,4500.00,0,0.045,x")
                  ).statement.credit_of(report().months)[1] == 15_500


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
    for m, counted in zip(r.months, found.months, strict=True):
        assert m.counts is not None and m.headline is not None and m.credit is not None
        assert m.counts.valid_sends == counted.valid_sends
        assert m.headline.availability == counted.availability  # headline: disputed count as failures
        assert m.counts.disputed == counted.counts["disputed"]
    april = r.months[1]
    assert april.credit.tier == 2 and april.banded and april.best.availability > Fraction(9, 10)
    assert r.code_map == found.codemap.id and sum(r.daily_failures.values()) > 0
    record = json.loads(r.to_json())
    best = april.best.availability
    assert best is not None
    assert str(truncate(best)) == "0.921805" == found.months[1].to_dict()["availability_best"]
    assert record["inputs"]["a.duckdb (account 1400000001)"] == found.digest()
    assert "Failures (incl. disputed, unclassified)" in render.months_table(r).columns
    chart = render.daily_chart_svg(r)
    assert chart is not None and b"<svg" in chart


CN_2027 = ('apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "cn-2027"\n'
           '[spec."2027"]\nholidays = [2027-01-01, 2027-01-04]\n')


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_provisional_claim_date_says_so_in_the_customers_words(tmp_path, lang):
    def meridian(**more):
        return build("C020", "Meridian Health", "2026-10-01", 3, FIGURES, report_date="2026-11-27",
                     lang=lang, **more)

    estimated = meridian()
    december = estimated.months[2].window
    assert december is not None
    assert december.provisional and december.opens_after == date(2027, 1, 8)
    readings = render.readings_html(estimated)
    assert "2027" in readings and text(lang, "reading_provisional", years="2027") in readings
    assert "--calendar" not in readings
    window_cell = str(render.months_table(estimated).iloc[2, -2])
    assert window_cell.endswith("(provisional: estimated late)" if lang == "en" else "（暂定：按偏晚估计）")

    calendar = tmp_path / "cn-2027.toml"
    calendar.write_text(CN_2027, encoding="utf-8")
    official = meridian(calendar=calendar)
    window = official.months[2].window
    assert window is not None and not window.provisional and window.opens_after == date(2027, 1, 11)
    readings = render.readings_html(official)
    assert text(lang, "reading_calendar_file") in readings and "cn-2027.toml" not in readings
    assert official.inputs["cn-2027.toml"] == json.loads(official.to_json())["inputs"]["cn-2027.toml"]


def test_the_term_cap_holds_each_customer_to_what_it_paid():
    # C005: 9,000.00 consumed, 8,000.00 of it in vouchers, availability 83 % → 30 % = 2,700.00
    r = build("C005", "成都小满餐饮", "2026-09-01", 1, FIGURES, report_date="2026-10-20", lang="en",
              policy="variant-consumed-cap")
    (month,) = r.months
    assert month.credit is not None and month.credit.term_capped
    assert r.statement.credit_of(r.months) == (Decimal("1000.00"), 22_222)
    assert render.months_table(r)["Capped"].tolist() == ["yes (term, SLA §5.1)"]
    assert "Cut to 1,000.00" in render.explanations_html(r)
    assert "never exceeds the fees paid so far (SLA §5.1)" in render.readings_html(r)
    assert json.loads(r.to_json())["statement"]["months"][0]["credit"]["term_capped"] is True


def test_the_fee_actually_paid_and_the_excluded_sends_come_from_the_figures(tmp_path):
    text = FIGURES.read_text(encoding="utf-8").splitlines()
    rows = [text[0] + ",paid,excluded"]
    rows += [line + (",100.00,2000" if line.startswith("C007,2026-09-01") else ",,")
             for line in text[1:]]
    path = tmp_path / "figures.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    default = report(figures=path)
    september = default.months[3].credit
    assert september is not None and september.paid_given and september.cap == Decimal("100.00")
    assert september.credit_amount == Decimal("100.00")  # 10 % of 1,800.00 capped at the 100.00 paid
    assert "left out of both" in render.readings_html(default)
    other = build("C007", "北京启明教育", "2026-06-17", 3, path, report_date="2026-11-02",
                  lang="en", policy="variant-excluded-as-delivered")
    assert other.months[3].headline.availability == 1 - Fraction(4_100, 42_000)
    assert "stay among the valid sends as delivered" in render.readings_html(other)
