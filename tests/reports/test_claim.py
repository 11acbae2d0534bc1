"""Claims: the ticket text and evidence pack agree with the report to the SMS, refuse what is not
owed or has expired, and let the provider check every send."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from slakit.config import shipped_files
from slakit.format import fen, sms, yuan
from slakit.i18n import check_lang
from slakit.months import Span
from slakit.receipts.archive import ingest
from slakit.reports.claim import Claim, claim
from slakit.reports.model import build_report
from slakit.reports.pack import write_pack
from slakit.reports.request import CustomerType, ReportRequest
from tests.cli import slakit

pytestmark = pytest.mark.usefixtures("english")  # the English these tests read follows the locale

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
APRIL = date(2026, 4, 1)


@pytest.fixture(scope="module")
def receipts_archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("archive") / "a.duckdb"
    assert all(r.rejected == 0 for r in ingest(db, "1400000001", [SAMPLE / "receipts"]))
    return db


def c023(archive: Path, on: str = "2026-05-20") -> ReportRequest:
    return ReportRequest.from_parameters(
        customer_id="C023", customer_name="Harbour Light Pharmacy 港灯药房", start="2026-03-17",
        months=1, figures=str(SAMPLE / "receipts" / "fees.csv"), report_date=on,
        archive=str(archive), account="1400000001", windows=str(SAMPLE / "receipts" / "windows.toml"))


def read_pack(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as pack:
        return {name: pack.read(name) for name in pack.namelist()}


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def test_the_pack_agrees_with_the_report_to_the_sms(receipts_archive, tmp_path):
    report = build_report(c023(receipts_archive))
    wanted = claim(report, date(2026, 4, 9))
    summary = json.loads(report.to_json())["statement"]["months"][1]
    assert wanted.status == "open" and wanted.refusal() is None
    files = read_pack(write_pack(wanted, tmp_path / wanted.pack_name))
    month = json.loads(files["month.json"])
    assert month["statement"] == summary  # the month as the report states it
    assert month["statement"]["credit"]["credit_sms"] == 1350  # tier 2 of 202.50 at 0.045
    for lang, text in (("zh", "1,350 条短信"), ("en", "1,350 SMS")):
        ticket = files[f"ticket-{lang}.txt"].decode()
        assert text in ticket and sms(summary["evidence"]["counts"]["valid_sends"]) in ticket
        assert yuan(Decimal(summary["credit"]["credit_amount"]), check_lang(lang)) in ticket
        assert "2026-05-12" in ticket and "2026-06-15" in ticket  # the window (SLA §3.2)
        assert "1400000001" in ticket and "§3.1" in ticket
    # the evidence adds up to the figures: every failure and exclusion is a row
    failures, excluded = rows(files["failures.csv"]), rows(files["excluded.csv"])
    assert len(failures) == summary["headline"]["failures"] == 471
    assert len(excluded) == summary["evidence"]["counts"]["excluded"] == 80
    assert {r["class"] for r in failures} == {"explicit_failure", "disputed", "unclassified"}
    assert {r["clause"] for r in excluded} >= {"SLA §4.13", "SLA §4.6"}
    assert all(r["sent_at"].startswith("2026-04") and r["sent_at"].endswith("+08:00") for r in failures)
    daily = rows(files["daily.csv"])
    assert sum(int(d["explicit_failure"]) + int(d["disputed"]) + int(d["unclassified"])
               for d in daily) == 471
    assert all("****" in r["phone"] for r in failures + excluded)  # masked by default


def test_the_manifest_fingerprints_every_file_and_input_and_the_pack_is_reproducible(
        receipts_archive, tmp_path):
    wanted = claim(build_report(c023(receipts_archive)), APRIL)
    first = write_pack(wanted, tmp_path / "a.zip")
    files = read_pack(first)
    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["files"] == {n: hashlib.sha256(b).hexdigest() for n, b in files.items()}
    assert set(files) == {"ticket-zh.txt", "ticket-en.txt", "month.json", "daily.csv", "failures.csv",
                          "excluded.csv", "policy.toml", "codemap.toml", "windows.toml", "reminders.ics"}
    assert any(name.startswith("a.duckdb (account 1400000001)") for name in manifest["inputs"])
    assert manifest["phones"] == "masked"
    assert write_pack(wanted, tmp_path / "b.zip").read_bytes() == first.read_bytes()


def test_phones_unmasked_only_on_request(receipts_archive, tmp_path):
    wanted = claim(build_report(c023(receipts_archive)), APRIL)
    files = read_pack(write_pack(wanted, tmp_path / "p.zip", unmask=True))
    phones = [r["phone"] for r in rows(files["failures.csv"])]
    assert phones and all(p.startswith("+86") and p[1:].isdigit() for p in phones)
    assert json.loads(files["manifest.json"])["phones"] == "unmasked"


@pytest.mark.parametrize(("day", "on", "status", "refused"), [
    (date(2026, 3, 20), "2026-05-20", "met", "met: nothing owed"),  # 97.68 %
    (APRIL, "2026-05-08", "not_yet_open", None),  # a pack, saying from when
    (APRIL, "2026-06-15", "open", None),  # the deadline itself
    (APRIL, "2026-06-16", "forfeited", "forfeited"),
])
def test_what_can_be_claimed_on_a_date(receipts_archive, day, on, status, refused):
    wanted = claim(build_report(c023(receipts_archive, on)), day)
    assert wanted.status == status
    assert (refused in (wanted.refusal() or "")) if refused else wanted.refusal() is None
    if status == "not_yet_open":
        assert "2026-05-12" in wanted.ticket("en") and "not yet open" in wanted.status_text("en")
    if status == "forfeited":
        assert wanted.refusal(force=True) is None and "forfeited" in wanted.status_text("en")
    for lang in ("zh", "en"):  # the ticket is addressed to the provider: no countdown of the filer's
        assert "剩余" not in wanted.ticket(lang) and "days left" not in wanted.ticket(lang)


def test_a_month_from_the_figures_csv_gets_a_pack_without_per_send_evidence(tmp_path):
    request = ReportRequest.from_parameters(
        customer_id="C004", customer_name="Blue Harbor Bank", start="2026-09-01", months=1,
        figures=str(SAMPLE / "account-months.csv"), report_date="2026-10-20")
    report = build_report(request)
    wanted = claim(report, date(2026, 9, 1))
    files = read_pack(write_pack(wanted, tmp_path / "c004.zip"))
    assert "failures.csv" not in files
    month = json.loads(files["month.json"])
    a = report.months[0].credit
    assert a is not None and month["statement"]["credit"]["credit_sms"] == a.credit_sms > 0
    assert sms(a.credit_sms) in files["ticket-zh.txt"].decode()
    assert "明确失败数（SLA §1.2）：12,800" in files["ticket-zh.txt"].decode()


def test_the_claim_command(tmp_path):
    out = tmp_path / "claims"
    done = slakit("claim", "--customers", str(SAMPLE / "customers.csv"), "--customer", "C023",
                  "--month", "2026-04-05", "--on", "2026-05-20", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["statement"]["credit"]["credit_sms"] == 1350 and result["status"] == "open"
    assert Path(result["pack"]).is_file() and "1,350 条短信" in result["ticket"]["zh"]
    again = slakit("claim", "--customers", str(SAMPLE / "customers.csv"), "--customer", "C023",
                   "--month", "2026-04-05", "--on", "2026-05-20", "--out", str(out))
    assert again.returncode == 2 and "already exists" in again.stderr  # never overwritten silently
    met = slakit("claim", "--customers", str(SAMPLE / "customers.csv"), "--customer", "C023",
                 "--month", "2026-03-17", "--on", "2026-05-20", "--out", str(out))
    assert met.returncode == 1 and "met: nothing owed" in met.stderr and "Traceback" not in met.stderr
    typo = slakit("claim", "--customers", str(SAMPLE / "customers.csv"), "--customer", "C0023",
                  "--month", "2026-04-05", "--out", str(out))
    assert typo.returncode == 2 and "C0023" in typo.stderr


def test_a_report_dated_inside_a_month_projects_it_from_its_days_so_far(receipts_archive, monkeypatch):
    from slakit.months import ServiceMonth
    from slakit.receipts.evaluate import evaluate
    from slakit.reports import render

    monkeypatch.setenv("LANGUAGE", "zh")  # a report without a language speaks the locale's
    report = build_report(c023(receipts_archive, on="2026-04-11"))
    p = report.current
    assert p is not None and (p.month.start, p.on) == (APRIL, date(2026, 4, 10))  # the last whole day
    so_far = evaluate(receipts_archive, "1400000001", [ServiceMonth(APRIL, date(2026, 4, 10))],
                      report.policy, windows=SAMPLE / "receipts" / "windows.toml").months[0]
    failed = so_far.valid_sends - so_far.counts["delivered"]
    assert (p.valid_sends, p.failures) == (so_far.valid_sends, failed)
    assert p.expected_credit is not None  # the month's row of fees is there
    current = json.loads(report.to_json())["current"]
    assert current is not None and current["valid_sends"] == p.valid_sends
    assert "本服务月度进展" in render.current_month_html(report)
    # a report after the term, or from the figures CSV alone, has no month in progress
    assert build_report(c023(receipts_archive, on="2026-05-20")).current is None
    assert render.current_month_html(build_report(c023(receipts_archive, on="2026-05-20"))) == ""


def test_a_month_in_progress_is_never_claimed(receipts_archive):
    report = build_report(c023(receipts_archive, on="2026-04-11"))
    wanted = claim(report, APRIL)
    assert "is in progress on 2026-04-11" in (wanted.refusal(force=True) or "")
    assert report.claimable() == [] and report.claim_packs == []


def test_a_customers_column_slakit_does_not_read_is_named_never_ignored_unsaid(tmp_path):
    shutil.copy(SAMPLE / "account-months.csv", tmp_path / "account-months.csv")
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_id,customer_name,start,months,custmer_type\n"
                         "C004,Blue Harbor Bank,2026-09-01,1,channel\n", encoding="utf-8")
    done = slakit("claim", "--customers", str(customers), "--customer", "C004", "--month", "2026-09-01",
                  "--on", "2026-10-20", "--out", str(tmp_path / "claims"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("column 'custmer_type' is not one slakit reads") == 1


def test_the_customer_type_and_declared_days_reach_a_claim_from_receipts(receipts_archive, tmp_path):
    """SLA §4.10 per customer type: at 100 sends a day for ordinary customers every day of the
    sample is high volume and its failures are excluded, unless declared in advance."""
    policy = tmp_path / "low.toml"
    policy.write_text(shipped_files("policies")["tencent-sms-2020-09-23"].read_text(encoding="utf-8")
                      .replace("ordinary_per_day = 1_000_000", "ordinary_per_day = 100"), encoding="utf-8")

    def april(customer_type: CustomerType = "ordinary", declared: tuple[Span, ...] = ()) -> Claim:
        request = replace(c023(receipts_archive), policy=str(policy), customer_type=customer_type,
                          declared=declared)
        return claim(build_report(request), APRIL)

    assert april().status == "met"  # every failure excluded (SLA §4.10)
    assert april(customer_type="channel").status == "open"
    declared = april(declared=((date(2026, 4, 1), date(2026, 4, 16)),))
    assert declared.status == "open" and declared.month == april(customer_type="channel").month


def test_the_pack_speaks_to_the_provider_not_about_the_kit(receipts_archive, tmp_path):
    wanted = claim(build_report(c023(receipts_archive)), APRIL)
    files = read_pack(write_pack(wanted, tmp_path / wanted.pack_name))
    for name in ("daily.csv", "failures.csv", "excluded.csv"):  # a Chinese Excel reads "SLA §4.6"
        assert files[name].startswith(codecs.BOM_UTF8), name
    assert "SLA §4.6" in files["excluded.csv"].decode("utf-8-sig")
    for name in ("policy.toml", "codemap.toml"):
        rules = files[name].decode()
        assert not any(line.lstrip().startswith("#") for line in rules.splitlines()), name
        assert "slakit" not in rules.replace("slakit/v1", ""), name  # the format's version is no comment
    month = json.loads(files["month.json"])
    assert month["sends"]["failures_counted"] == 471 and month["sends"]["explicit_failures"] == 336
    assert month["sends"]["disputed_counted_as_failures"] == 130
    both = month["credit_requested"]["sms"], month["credit_from_explicit_failures_only"]["sms"]
    assert both == (1350, 450)
    assert "statement.credit.explicit_failures" in month["statement_keys"]
    assert month["customer"]["account"] == "1400000001"


def test_the_ticket_names_the_account_the_sla_and_the_attachment_as_written(tmp_path):
    request = ReportRequest.from_parameters(
        customer_id="C020", customer_name="Meridian Health", start="2026-10-01", months=3,
        figures=str(SAMPLE / "account-months.csv"), report_date="2026-12-07")
    bare = claim(build_report(request), date(2026, 10, 1))
    assert bare.account is None  # never the kit's own id
    zh, en = bare.ticket("zh"), bare.ticket("en")
    assert "【请填写：腾讯云账号 ID 或短信 SdkAppId】" in zh and "[FILL IN:" in en
    assert "C020 —" not in zh and "账号（腾讯云账号 ID / 短信 SdkAppId）：C020" not in zh
    assert "《腾讯云短信服务等级协议》（2020-09-23 版）" in zh and "@" not in zh
    assert "the Tencent Cloud SMS Service Level Agreement (version of 2020-09-23)" in en
    named = claim(build_report(replace(request, cloud_account="1400123456")), date(2026, 10, 1))
    assert "账号（腾讯云账号 ID / 短信 SdkAppId）：1400123456" in named.ticket("zh")
    path = write_pack(named, tmp_path / named.pack_name)
    assert path.name == "C020-claim-2026-10-01.zip" and f"附件 {path.name}" in named.ticket("zh")


def test_the_claim_command_warns_of_a_missing_account(tmp_path):
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_id,customer_name,start,months,figures\n"
                         f"C020,Meridian Health,2026-10-01,3,{SAMPLE / 'account-months.csv'}\n",
                         encoding="utf-8")
    done = slakit("claim", "--customers", str(customers), "--customer", "C020", "--month", "2026-10-01",
                  "--on", "2026-12-07", "--out", str(tmp_path / "out"), lang="zh")
    assert done.returncode == 0, done.stderr
    assert "cloud_account" in done.stderr and "【请填写" in done.stdout
    assert "剩余 24 天" in done.stderr and "剩余" not in done.stdout  # the countdown is the filer's


@pytest.mark.parametrize(("source", "evidence"), [("receipts", "failures.csv"), ("figures", "发送日志")])
def test_a_month_with_disputed_sends_asks_for_both_amounts(receipts_archive, tmp_path, source, evidence):
    if source == "receipts":
        report = build_report(c023(receipts_archive))
        day = APRIL
    else:
        figures = tmp_path / "figures.csv"
        figures.write_text("customer_id,service_month_start,service_month_end,valid_sends,explicit_failures,"
                           "disputed,fee,deductions,list_price\n"
                           "D1,2026-09-01,2026-09-30,100000,12000,4000,1000.00,0,0.05\n", encoding="utf-8")
        report = build_report(ReportRequest.from_parameters(
            customer_id="D1", customer_name="Disputed Co", start="2026-09-01", months=1,
            figures=str(figures), report_date="2026-10-20"))
        day = date(2026, 9, 1)
    wanted = claim(report, day)
    m = wanted.month
    assert m.credit is not None and m.certain is not None and m.certain.credit_sms < m.credit.credit_sms
    ticket = wanted.ticket("zh")
    added = fen(m.credit.credit_amount) - fen(m.certain.credit_amount)  # the lines add up as read
    certain = f"赔偿金额 {yuan(m.certain.credit_amount)} 元，{sms(m.certain.credit_sms)} 条"
    assert f"仅凭明确失败即可确定：{certain}" in ticket
    assert (f"存疑短信若经核实属贵方原因，另计：赔偿金额 {yuan(added)} 元，"
            f"{sms(m.credit.credit_sms - m.certain.credit_sms)} 条短信") in ticket
    assert evidence in ticket
    assert "what the disputed" not in wanted.ticket("en") and "should they prove" in wanted.ticket("en")
