"""One truth: every service month says the same thing on every surface.

The sample customers and a few more (another exclusion reading, the SLA §4.10 customer types, a
term the receipts do not cover) go through the real command line; then each month's statement, as
the report's record (``summary.json``) holds it, is read back from every surface a person or a
program reads: the report's HTML and PDF, ``summary.csv``, ``index.html``, each claim pack's ticket
and ``month.json``, and the JSON of ``claim``, ``assess``, ``availability`` and ``portfolio``, and
the explorer. Availability, band, tier, credit, SMS, window and status must agree everywhere.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from slakit.config import shipped_files
from slakit.format import date_range, percent, provisional_note, sms, status_text, tier_label, yuan
from slakit.i18n import Lang
from slakit.records import dump
from slakit.reports import CustomerReport, open_report
from slakit.reports.render import PLACES
from slakit.reports.text import text
from slakit.statement import OWED, Statement
from tests.cli import slakit

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).parents[1] / "data" / "sample"
ON = {"sample": "2026-11-20", "receipts": "2026-05-20"}
RECEIPTS_ROW = {"customer_name": "Harbour Light Pharmacy 港灯药房", "start": "2026-03-17", "months": "1",
                "figures": "receipts/fees.csv", "receipts": "receipts", "account": "1400000001",
                "windows": "receipts/windows.toml"}
MORE = [  # the receipts customer under other readings and inputs
    {"customer_id": "R1", **RECEIPTS_ROW, "lang": "en"},
    {"customer_id": "R2", **RECEIPTS_ROW, "policy": "variant-excluded-as-delivered"},
    {"customer_id": "R3", **RECEIPTS_ROW, "policy": "low-threshold.toml", "customer_type": "channel"},
    {"customer_id": "R4", **RECEIPTS_ROW, "policy": "low-threshold.toml", "customer_type": "ordinary",
     "lang": "en"},
    {"customer_id": "R5", **RECEIPTS_ROW, "start": "2026-02-17", "months": "3"},  # receipts from 03-17
]


def run(folder: Path, customers: Path, on: str) -> dict[str, CustomerReport]:
    out = folder / "out"
    done = slakit("report", "--customers", str(customers), "--out", str(out), "--pdf", "--on", on,
                  "--lang", "zh", "--jobs", "2", "--json")
    assert done.returncode == 0, done.stderr
    outcomes = json.loads(done.stdout)
    return {o["customer_id"]: open_report(out / o["folder"] / "summary.json") for o in outcomes}


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """Each batch's folder, customers CSV and reports by customer id."""
    root = tmp_path_factory.mktemp("one-truth")
    sample = root / "sample"
    shutil.copytree(SAMPLE, sample)
    receipts = root / "receipts"
    shutil.copytree(SAMPLE, receipts)
    policy = shipped_files("policies")["tencent-sms-2020-09-23"].read_text(encoding="utf-8")
    (receipts / "low-threshold.toml").write_text(  # SLA §4.10 at 100 sends a day for ordinary customers
        policy.replace("ordinary_per_day = 1_000_000", "ordinary_per_day = 100")
        .replace('name = "tencent-sms-2020-09-23"', 'name = "low-threshold"'), encoding="utf-8")
    fees = receipts / "receipts" / "fees.csv"
    header, *rows = fees.read_text(encoding="utf-8").splitlines()
    fee = rows[1].split(",", 3)[3]  # R5's months run from 02-17 to 05-16, each with April's fees
    longer = [f"C023,{a},{b},{fee}" for a, b in (("2026-02-17", "2026-02-28"), ("2026-03-01", "2026-03-31"),
                                               ("2026-04-01", "2026-04-30"), ("2026-05-01", "2026-05-16"))]
    fees.write_text("\n".join([header, *(row.replace("C023", c["customer_id"], 1) for c in MORE
                                         for row in (longer if c["months"] == "3" else rows))]) + "\n",
                    encoding="utf-8")
    columns = ["customer_id", "customer_name", "start", "months", "figures", "receipts", "account",
               "windows", "policy", "customer_type", "lang"]
    with (receipts / "customers.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns)
        writer.writeheader()
        writer.writerows(MORE)
    return {name: (folder, folder / "customers.csv", run(folder, folder / "customers.csv", ON[name]))
            for name, folder in (("sample", sample), ("receipts", receipts))}


def every_month(batches):
    for name, (folder, customers, reports) in batches.items():
        for cid, report in reports.items():
            for i, month in enumerate(report.months):
                yield name, folder, customers, cid, report, i, month


class Tables(HTMLParser):
    """Each table of a page by its id (or its position), as rows of cell text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or str(len(self.tables)), [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def cells(m: Statement, lang: Lang) -> dict[str, str]:
    """What the months table must show for ``m``, keyed by the column's key in the report's words."""
    v, a, window = m.headline, m.credit, m.window
    assert window is not None
    shown = {"col_availability": "" if v is None else text(lang, "n/a") if v.availability is None
             else percent(v.availability, PLACES),
             "col_amount": "" if a is None else yuan(a.credit_amount, lang),
             "col_sms": "" if a is None else sms(a.credit_sms, lang),
             "col_window": (date_range(window.first_day, window.deadline, lang)
                            + provisional_note(window, lang)),
             "col_status": status_text(m, lang)}
    if m.banded and m.best is not None and m.best.availability is not None:
        shown["col_best"] = percent(m.best.availability, PLACES)
    return shown


def squeezed(words: str) -> str:
    return re.sub(r"\s+", "", words)


def test_the_html_months_table_shows_each_statement(batches):
    for _, folder, _, cid, report, i, month in every_month(batches):
        rows = tables((folder / "out" / cid / "report.html").read_text(encoding="utf-8"))
        head, *body = rows["T_slakit-report-months"]
        row = dict(zip(head, body[i], strict=True))
        for key, value in cells(month, report.lang).items():
            column = text(report.lang, key, date=report.report_date)
            assert " ".join(row[" ".join(column.split())].split()) == " ".join(value.split()), (cid, i, key)


def test_the_pdf_says_the_same(batches):
    seen: dict[Path, str] = {}
    for _, folder, _, cid, report, _, month in every_month(batches):
        pdf = folder / "out" / cid / "report.pdf"
        if pdf not in seen:
            seen[pdf] = squeezed(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                                text=True, check=True).stdout)
        words, lang = seen[pdf], report.lang
        assert month.window is not None
        wanted = [month.window.deadline.isoformat(), re.split("[：:]", status_text(month, lang))[0]]
        if month.headline and month.headline.availability is not None:  # the exact figure: the appendix's
            wanted += [percent(month.headline.availability), percent(month.headline.availability, PLACES)]
        if month.credit:
            wanted += [yuan(month.credit.credit_amount, lang), sms(month.credit.credit_sms, lang)]
        for value in wanted:
            assert squeezed(value) in words, (cid, month.month, value)


def test_summary_csv_adds_up_to_each_report_s_headline(batches):
    for folder, _, reports in batches.values():
        with (folder / "out" / "summary.csv").open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
        for cid, report in reports.items():
            term = report.statement
            amount, count = term.credit_of(term.having(*OWED))
            mine = [r for r in rows if r["客户编号"] == cid]
            assert len(mine) == len(report.months), cid
            assert sum(int(r["赔偿短信条数"] or 0) for r in mine) == count, cid
            page = (folder / "out" / cid / "report.html").read_text(encoding="utf-8")
            assert amount == 0 or yuan(amount, report.lang) in page, cid


def test_the_desk_summary_csv_due_list_and_calendar_state_each_month_as_the_report_does(batches):
    """The batch's desk speaks its language (Chinese here): each customer-month's status, credit to
    the fen, window and days left read the same from index.html, summary.csv, slakit due and the
    reminders calendar; each total is the sum of its lines."""
    from icalendar import Calendar

    for name, (folder, customers, reports) in batches.items():
        out = folder / "out"
        with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as stream:
            rows = {(r["客户编号"], r["服务月度起"]): r for r in csv.DictReader(stream)}
        page = tables((out / "index.html").read_text(encoding="utf-8"))
        head, *body = page["months"]
        shown = {(r[0], r[2]): dict(zip(head, r, strict=True)) for r in body}
        events = {str(e["UID"]): e for e in Calendar.from_ical((out / "reminders.ics").read_bytes())
                  .walk("VEVENT")}
        done = slakit("due", "--customers", str(customers), "--on", ON[name], "--within", "100", "--json")
        assert done.returncode == 0, done.stderr
        due = {(d["customer_id"], d["service_month_start"]): d for d in json.loads(done.stdout)["due"]}
        claimable = Decimal(0)
        for cid, report in reports.items():
            for m in report.months:
                assert m.month is not None and m.window is not None
                row, key = rows[(cid, m.month.start.isoformat())], (cid, m.month.start.isoformat())
                html_row = shown[(cid, date_range(m.month.start, m.month.end, "zh"))]
                assert row[f"{ON[name]} 状态"] == status_text(m, "zh") == html_row[f"{ON[name]} 状态"], key
                assert (row["申请开始日"], row["申请截止日"]) == (m.window.first_day.isoformat(),
                                                        m.window.deadline.isoformat()), key
                assert row["剩余天数"] == ("" if m.days_left is None else str(m.days_left)), key
                owed = m.owed and m.credit is not None
                amount = yuan(m.credit.credit_amount, "zh") if owed and m.credit else ""
                assert html_row["赔偿金额（元）"] == amount, key
                assert row["赔偿金额（元）"] == amount.replace(",", ""), key
                if m.status == "open":
                    claimable += Decimal(row["现可申请（元）"])
                if m.status in ("open", "not_yet_open"):
                    assert m.credit is not None
                    assert Decimal(due[key]["credit_amount"]) == m.credit.credit_amount, key
                    assert due[key]["deadline"] == m.window.deadline.isoformat(), key
                    prefix = f"{cid}/{m.month.start.isoformat()}"
                    assert events[f"{prefix}/first"].decoded("DTSTART") == m.window.first_day, key
                    assert events[f"{prefix}/deadline"].decoded("DTSTART") == m.window.deadline, key
                else:
                    assert key not in due and f"{cid}/{m.month.start.isoformat()}/deadline" not in events
        card = (out / "index.html").read_text(encoding="utf-8").split('id="total-claim-now"')[1]
        assert yuan(claimable, "zh") in card.split("</div>", 2)[1], name


def test_each_claim_pack_and_ticket_states_its_month_as_the_report_does(batches):
    packs = 0
    for _, folder, _, cid, report, _, month in every_month(batches):
        if month.status not in ("not_yet_open", "open"):
            assert month.month is not None
            assert not (folder / "out" / cid / f"{cid}-claim-{month.month.start}.zip").exists()
            continue
        assert month.month is not None and month.credit is not None and month.window is not None
        with zipfile.ZipFile(folder / "out" / cid / f"{cid}-claim-{month.month.start}.zip") as pack:
            files = {name: pack.read(name).decode("utf-8") for name in pack.namelist()
                     if name.endswith((".txt", ".json"))}
        assert json.loads(files["month.json"])["statement"] == dump(month), cid
        for lang in ("zh", "en"):
            ticket = files[f"ticket-{lang}.txt"]
            for value in (yuan(month.credit.credit_amount, lang), sms(month.credit.credit_sms, lang),
                          tier_label(report.policy, month.credit.tier, lang),
                          month.window.first_day.isoformat(), month.window.deadline.isoformat()):
                assert value in ticket, (cid, lang, value)
            assert month.headline and month.headline.availability is not None
            assert percent(month.headline.availability) in ticket
            if month.banded and month.best and month.best.availability is not None:
                assert percent(month.best.availability) in ticket
        packs += 1
    assert packs >= 8


def test_the_claim_command_states_each_owed_month_as_the_report_does(batches, tmp_path):
    for name, _, customers, cid, _, _, month in every_month(batches):
        if month.status not in OWED or month.month is None:
            continue
        done = slakit("claim", "--customers", str(customers), "--customer", cid, "--month",
                      month.month.start.isoformat(), "--on", ON[name], "--out", str(tmp_path / cid),
                      "--json", "--force")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["statement"] == dump(month), cid


def test_assess_states_each_month_with_figures_as_the_report_does(batches):
    for name, _, _, cid, report, _, month in every_month(batches):
        c, money = month.counts, month.fees
        if c is None or money is None or month.month is None:
            continue
        args = ["assess", "--valid-sends", str(c.valid_sends), "--explicit-failures", str(c.failures),
                "--excluded", str(c.excluded), "--fee", str(money.fee), "--deductions", str(money.deductions),
                "--list-price", str(money.list_price), "--month",
                f"{month.month.start}/{month.month.end}", "--on", ON[name], "--json",
                "--policy", report.policy.reference]
        if money.paid_given:
            args += ["--paid", str(money.net_paid)]
        got = json.loads(slakit(*args).stdout)
        want = dump(month)
        assert (got["headline"], got["window"]) == (want["headline"], want["window"]), cid
        if month.status != "partial":  # typed figures cover their month: assess knows no records' end
            assert got["status"] == want["status"], cid
        for key in ("credit_amount", "credit_sms", "tier", "capped", "availability"):
            assert got["credit"][key] == want["credit"][key], (cid, key)


def test_availability_states_each_month_from_receipts_as_the_report_does(batches):
    folder, _, reports = batches["receipts"]
    for cid, report in reports.items():
        request = report.request
        args = ["availability", "--db", str(folder / "out" / "receipts.duckdb"), "--account",
                str(request.account), "--start", request.start.isoformat(), "--months", str(request.months),
                "--windows", str(request.windows), "--policy", report.policy.reference, "--json"]
        if report.policy.name == "low-threshold":
            args += ["--customer", request.customer_type]
        done = slakit(*args)
        assert done.returncode == 0, done.stderr
        for got, month in zip(json.loads(done.stdout), report.months, strict=True):
            if month.headline is None:
                assert got["availability_exact"] is None or got["total"] == 0, cid
                continue
            assert got["availability_exact"] == str(month.headline.availability), cid
            assert month.best is not None
            assert got["availability_best_exact"] == str(month.best.availability), cid


def test_portfolio_totals_the_reports_credits(batches):
    folder, _, reports = batches["sample"]
    done = slakit("portfolio", str(folder / "account-months.csv"), "--json")
    assert done.returncode == 0, done.stderr
    (got,) = json.loads(done.stdout)
    credits = [m.credit for r in reports.values() for m in r.months
               if m.credit is not None and m.evidence.source == "figures"]
    assert Decimal(got["credit_amount"]) == sum((a.credit_amount for a in credits), Decimal(0))
    assert got["credit_sms"] == sum(a.credit_sms for a in credits)


def test_the_explorer_states_a_month_as_the_report_does(batches):
    from slakit.ui.explorer import Explorer

    _, _, reports = batches["sample"]
    checked = 0
    for cid in ("C004", "C007", "C017", "C020"):
        report = reports[cid]
        for i, month in enumerate(report.months):
            c, money = month.counts, month.fees
            if c is None or money is None:
                continue
            ex = Explorer(lang=report.lang)
            controls = ex.controls
            controls["start"].value, controls["months"].value = report.request.start, report.request.months
            controls["month"].value = i
            controls["valid_sends"].value, controls["explicit_failures"].value = c.valid_sends, c.failures
            controls["fee"].value, controls["vouchers"].value = str(money.fee), str(money.deductions)
            controls["list_price"].value = str(money.list_price)
            controls["on"].value = report.report_date
            ex.update()
            assert ex.scenario is not None, ex.error
            shown = ex.summary.value
            assert ex.scenario.statement.status == month.status, (cid, i)
            assert month.credit is not None
            lang = report.lang
            for value in (yuan(month.credit.credit_amount, lang), sms(month.credit.credit_sms, lang),
                          status_text(month, lang)):
                assert value in shown, (cid, i, value)
            checked += 1
    assert checked >= 5


def test_the_cases_behind_one_truth(batches):
    """The readings of the SLA reach the figures, the same in every surface checked above."""
    _, _, sample = batches["sample"]
    _, _, more = batches["receipts"]
    c017 = sample["C017"].months[3]
    assert c017.credit is not None and (c017.credit.credit_amount, c017.sms_worth) == (
        Decimal("332.1120"), Decimal("332.100"))
    april = {cid: r.months[1] for cid, r in more.items()}
    assert april["R2"].best is not None and april["R1"].best is not None
    assert april["R2"].best.availability != april["R1"].best.availability  # the other §4 reading
    assert april["R3"].status == "open" and april["R4"].status in ("met", "not_owed")  # §4.10 by type
    assert [m.status for m in more["R5"].months] == ["no_data", "partial", "partial", "no_data"]
    assert (more["R5"].months[1].records_begin, more["R5"].months[2].records_end) == (
        date(2026, 3, 17), date(2026, 4, 16))
    assert date(2026, 5, 20) == more["R5"].report_date
