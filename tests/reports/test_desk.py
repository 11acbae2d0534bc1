"""The account team's desk: what to claim, for whom, by when, from the sample customers stated on
2026-12-07 as the batch states them; the claims register, the due list and the reminders calendar."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from icalendar import Calendar

from slakit.errors import InputError
from slakit.format import fen
from slakit.reports.batch import state_customers
from slakit.reports.desk import CLOSING_DAYS, STAGES, make_desk
from slakit.reports.output import summary_csv, write_index
from slakit.reports.register import Filed, read_register
from slakit.reports.text import text
from slakit.words import says
from tests.cli import slakit

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
ON = date(2026, 12, 7)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    done = state_customers(SAMPLE / "customers.csv", tmp_path_factory.mktemp("due"), on=ON)
    assert all(o.report is not None for o in done), [o.reason for o in done]
    return done


def test_the_desk_on_the_sample(outcomes):
    desk = make_desk(outcomes, ON)
    assert desk.claim_now.amount == Decimal("24322.84") and desk.claim_now.count == 4
    first = desk.lines[0]
    assert (first.customer_id, first.stage, first.days_left, first.closing_soon) == ("C017", "claim_now", 2,
                                                                                     True)
    assert first.month.window is not None and first.month.window.deadline == ON + timedelta(days=1)
    assert desk.closing.count == 1 and desk.closing.amount == Decimal("332.11")
    assert desk.forfeited.amount == Decimal("53106.33")  # apart from what can still be claimed
    assert len({x.customer_id for x in desk.having("forfeited")}) == 11
    assert desk.having("no_data") and all(x.amount is None for x in desk.having("no_data"))
    for total, stage in ((desk.claim_now, "claim_now"), (desk.forfeited, "forfeited")):
        # a total is the sum of the lines it totals, each read to the fen
        lines = desk.having(stage)  # type: ignore[arg-type]
        assert total.amount == sum((fen(x.month.credit.credit_amount) for x in lines if x.month.credit),
                                   Decimal(0))
    assert [STAGES.index(x.stage) for x in desk.lines] == sorted(STAGES.index(x.stage) for x in desk.lines)
    assert sum(len(o.report.months) for o in outcomes if o.report) == len(desk.lines)


def test_the_due_list_is_the_desk_s(outcomes):
    desk = make_desk(outcomes, ON)
    done = slakit("due", "--customers", str(SAMPLE / "customers.csv"), "--on", ON.isoformat(), "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["due"] == [x.to_dict() for x in desk.due()]
    assert [x["customer_id"] for x in got["due"]][:1] == ["C017"] and got["claimable_now"] == "24322.84"
    for lang, words in (("zh", "现可申请 24,322.84 元"), ("en", "24,322.84 yuan claimable now")):
        table = slakit("due", "--customers", str(SAMPLE / "customers.csv"), "--on", ON.isoformat(),
                       "--lang", lang)
        assert table.returncode == 0 and words in table.stdout
        assert table.stdout.index("C017") < table.stdout.index("C015")


def test_the_due_list_looks_ahead_to_windows_about_to_open(tmp_path):
    early = date(2026, 11, 2)  # October's windows open on 2026-11-07
    outcomes = state_customers(SAMPLE / "customers.csv", tmp_path, on=early)
    desk = make_desk(outcomes, early)
    opening = desk.having("opening")
    assert opening and all(x.days_to_open == 5 for x in opening
                   if x.month.month and x.month.month.start == date(2026, 10, 1))
    assert {x.customer_id for x in desk.due(7)} >= {x.customer_id for x in opening if x.days_to_open == 5}
    assert not [x for x in desk.due(4) if x.stage == "opening"]
    assert desk.next_opening == date(2026, 11, 7)


def test_the_register_stops_urging_filed_claims_and_flags_short_credits(outcomes, tmp_path):
    register = tmp_path / "claims-register.csv"
    register.write_text("customer_id,service_month,filed_on,ticket,outcome,sms_credited\n"
                        "C017,2026-10-01,2026-12-01,T-17,,\n"
                        "C015,2026-10-01,2026-11-10,T-15,credited,200000\n"
                        "C019,2026-10-01,2026-11-20,T-19,rejected,\n"
                        "C020,2026-10-01,2026-11-03,T-20,accepted,\n"
                        "C099,2026-10-01,2026-11-03,T-99,,\n", encoding="utf-8")
    read = read_register(register)
    desk = make_desk(outcomes, ON, read.entries)
    by = {x.customer_id: x for x in desk.lines if x.month.month and x.month.month.start == date(2026, 10, 1)}
    assert [by[c].stage for c in ("C017", "C015", "C019", "C020")] == ["filed", "credited", "rejected",
                                                                       "accepted"]
    assert desk.claim_now.count == 0 and not desk.due() and not desk.to_remind()
    assert by["C015"].short_credit and not by["C020"].short_credit  # 200,000 of 281,021 SMS
    assert by["C020"].filed_early  # 2026-11-03, before the window opened on 2026-11-07
    assert desk.in_hand.amount == sum((by[c].amount or Decimal(0) for c in ("C017", "C015", "C020")),
                                      Decimal(0))
    assert [f.customer_id for f in desk.unmatched] == ["C099"]
    out = tmp_path / "out"
    out.mkdir()
    write_index(outcomes, out, ON, "en", read)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "credited 200,000 SMS, fewer than the 281,021 owed" in page
    assert "filed on 2026-12-01, ticket T-17" in page and "claims-register.csv (5 rows)" in page
    done = slakit("due", "--customers", str(SAMPLE / "customers.csv"), "--on", ON.isoformat(), "--register",
                  str(register), "--lang", "en")
    assert done.returncode == 0 and "Nothing to file" in done.stdout
    assert "line 6: C099 2026-10-01 is no service month" in done.stderr


def test_the_register_takes_chinese_headers_and_outcomes(tmp_path):
    register = tmp_path / "r.csv"
    register.write_text("\ufeff客户编号,服务月度,提交日期,工单号,结果,到账短信条数\n"
                        "C015,2026-10-01,2026-11-10,T-15,已到账,\"281,021\"\n", encoding="utf-8")
    (entry,) = read_register(register).entries
    assert entry == Filed(2, "C015", date(2026, 10, 1), date(2026, 11, 10), "T-15", "credited", 281021)


def test_the_reminders_calendar_reads_back(outcomes, tmp_path):
    desk = make_desk(outcomes, ON)
    write_index(outcomes, tmp_path, ON, "zh")
    calendar = Calendar.from_ical((tmp_path / "reminders.ics").read_bytes())
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 2 * len(desk.to_remind()) == 8
    assert len({str(e["UID"]) for e in events}) == len(events)
    for x in desk.to_remind():
        w = x.month.window
        assert w is not None and x.month.month is not None
        mine = {str(e["UID"]).rsplit("/", 1)[1]: e for e in events
                if str(e["UID"]).startswith(f"{x.customer_id}/{x.month.month.start}/")}
        assert mine["first"].decoded("DTSTART") == w.first_day
        deadline = mine["deadline"]
        assert deadline.decoded("DTSTART") == w.deadline and deadline["DTSTAMP"]
        assert sorted(a.decoded("TRIGGER") for a in deadline.walk("VALARM")) == [timedelta(days=-7),
                                                                                  timedelta(days=-1)]
        assert x.customer_id in str(deadline["SUMMARY"]) and "截止" in str(deadline["SUMMARY"])
        assert str(x.pack) in str(deadline["DESCRIPTION"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_csv_is_for_a_spreadsheet(outcomes, lang):
    desk = make_desk(outcomes, ON)
    data = summary_csv(desk, list(outcomes), lang)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(desk.lines)  # a row per customer-month
    claimable, credit = text(lang, "csv_claimable"), text(lang, "csv_credit")
    assert sum(Decimal(r[claimable]) for r in rows if r[claimable]) == Decimal("24322.84")
    assert all(len(r[credit].split(".")[1]) == 2 for r in rows if r[credit])
    c017 = next(r for r in rows if r[text(lang, "csv_customer_id")] == "C017" and r[claimable])
    assert (c017[text(lang, "csv_closes")], c017[text(lang, "csv_days_left")]) == ("2026-12-08", "2")
    assert c017[text(lang, "csv_opens")] == "2026-11-07"


def test_the_desk_page(outcomes, tmp_path):
    reason = InputError("fee", "x", says("error.not_decimal"), source="bad.csv", line=3).said
    failed = replace(outcomes[0], line=99, customer_id="C<x>", customer_name="<script>x</script>",
                     status="failed", reason=reason, report=None)
    write_index([*outcomes, failed], tmp_path, ON, "zh")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "SLA 赔偿申请工作台" in page
    assert 'id="total-claim-now"' in page and "24,322.84" in page and "53,106.33" in page
    assert page.index('data-stage="claim_now"') < page.index('data-stage="forfeited"')
    due = page[page.index('id="due"'):page.index("</table>", page.index('id="due"'))]
    assert due.index("C017") < due.index("C015") and "明天截止" in due and "closing-soon" in due
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "字段 &#39;fee&#39; = &#39;x&#39;" in page and 'data-report="failed"' in page
    assert f"{CLOSING_DAYS} 天内截止" in page
    assert "http" not in page.replace("http-equiv", "")  # works offline: nothing fetched


@pytest.mark.slow
def test_the_desk_sorts_and_filters_offline_in_chromium(outcomes, tmp_path):
    from playwright.sync_api import Route, sync_playwright

    from slakit.reports.output import CHROMIUM, CHROMIUM_ARGS

    desk = write_index(outcomes, tmp_path, ON, "en")
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))

            def offline(route: Route) -> None:  # the page may fetch nothing from a network
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    errors.append(route.request.url)
                    route.abort()

            page.route("**/*", offline)
            page.goto((tmp_path / "index.html").as_uri())
            visible = "#months tbody tr:visible"
            assert page.locator(visible).count() == len(desk.lines)
            page.select_option("#stage-filter", "forfeited")
            assert page.locator(visible).count() == len(desk.having("forfeited"))
            page.select_option("#stage-filter", "")
            page.fill("#search", "C013")
            assert page.locator(visible).count() == len([x for x in desk.lines if x.customer_id == "C013"])
            page.fill("#search", "")
            amount = page.locator("#months th", has_text="Credit (yuan)")
            amount.click()  # smallest first, months without a credit last
            first = page.locator("#months tbody tr").first.locator("td").nth(4).inner_text()
            smallest = min(x.amount for x in desk.lines if x.amount is not None)
            assert first == f"{smallest:,.2f}"
            amount.click()
            first = page.locator("#months tbody tr").first.locator("td").nth(4).inner_text()
            assert first == f"{max(x.amount for x in desk.lines if x.amount is not None):,.2f}"  # blanks last
        finally:
            browser.close()
    assert not errors, errors


def test_a_claim_whose_ticket_lacks_the_account_is_marked(outcomes, tmp_path):
    c020 = next(o for o in outcomes if o.customer_id == "C020")
    assert c020.report is not None
    bare = replace(c020, report=replace(c020.report, request=replace(c020.report.request, cloud_account="")))
    desk = write_index([bare], tmp_path, ON, "zh")
    assert [x.account_missing for x in desk.lines if x.stage == "claim_now"] == [True]
    assert "工单缺少客户的腾讯云账号" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert not any(x.account_missing for x in make_desk(outcomes, ON).lines)  # the sample names each


@pytest.mark.parametrize(("lang", "tag"), [("zh", "zh-CN"), ("en", "en")])
def test_a_report_page_declares_its_language(lang, tag):
    import nbformat

    from slakit.reports.output import export_html

    page = export_html(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x")]), "t", lang)
    assert f'<html lang="{tag}">' in page and page.count("<html") == 1
