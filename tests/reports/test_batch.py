"""The report batch, end to end: real kernels, real papermill runs, real Chromium for the PDF."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from PIL import Image, ImageOps

from slakit.format import truncate
from slakit.reports import ReportRequest, build_report, open_report
from slakit.reports.batch import TEMPLATE, TRANSIENT, Outcome, run_reports
from slakit.reports.output import folder_name, stray_output
from slakit.reports.text import text

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
CUSTOMERS = [
    {"customer_id": "C007", "customer_name": "北京启明教育", "start": "2026-06-17", "months": "3",
     "lang": ""},
    {"customer_id": "../../escape", "customer_name": "<script>alert(1)</script> & Co",
     "start": "2026-09-01", "months": "1", "lang": "en"},
    {"customer_id": "C099", "customer_name": '=HYPERLINK("http://evil.example","Bad Data")',
     "start": "2026-09-01", "months": "1", "lang": "en"},
    {"customer_id": "C100", "customer_name": "No Months", "start": "2026-09-01", "months": "x",
     "lang": "en"},
    {"customer_id": "C023", "customer_name": "Harbour Light", "start": "2026-03-17", "months": "1",
     "lang": "en", "figures": "receipts/fees.csv", "receipts": "receipts", "account": "1400000001",
     "windows": "receipts/windows.toml"},
    {"customer_id": "C007", "customer_name": "北京启明教育 (again)", "start": "2026-06-17", "months": "3",
     "lang": ""},
]
COLUMNS = ["customer_id", "customer_name", "start", "months", "lang", "figures", "receipts",
           "account", "windows"]


def write_inputs(folder: Path) -> Path:
    figures = folder / "account-months.csv"
    shutil.copy(SAMPLE / "account-months.csv", figures)
    with figures.open("a", encoding="utf-8") as stream:
        stream.write("../../escape,2026-09-01,2026-09-30,1000,120,45.00,0,0.045\n")
        stream.write("C099,2026-09-01,2026-09-30,1000,1200,45.00,0,0.045\n")  # failures > sends
    shutil.copytree(SAMPLE / "receipts", folder / "receipts")
    customers = folder / "customers.csv"
    with customers.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, COLUMNS)
        writer.writeheader()
        writer.writerows(CUSTOMERS)
    return customers


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    customers = write_inputs(root)
    out = root / "out"

    outcomes = run_reports(customers, out, jobs=2, pdf=True, on=date(2026, 11, 2))
    return customers, out, first_by_id(outcomes), outcomes


def first_by_id(outcomes):
    """Outcomes by customer id; a repeated id is a second outcome, so the first is taken."""
    first: dict[str, Outcome] = {}
    for outcome in outcomes:
        first.setdefault(outcome.customer_id, outcome)
    return first


def test_good_customers_get_every_file(batch):
    _, out, outcomes, _ = batch
    for cid in ("C007", "../../escape"):
        folder = out / folder_name(cid)
        assert outcomes[cid].status == "done", str(outcomes[cid].reason)
        for name in ("report.ipynb", "report.html", "summary.json", "report.pdf"):
            assert (folder / name).stat().st_size > 0
        assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")


def test_summary_json_is_the_report_the_notebook_rendered_and_matches_the_library(batch):
    customers, out, _, _ = batch
    folder = out / "C007"
    saved = open_report(folder / "summary.json")
    notebook = nbformat.read(folder / "report.ipynb", as_version=4)
    given = notebook.metadata.papermill.parameters["statement"]
    assert Path(given).name == ".C007.summary.json" and Path(given).parent == out  # renders the record
    direct = build_report(ReportRequest("C007", "北京启明教育", date(2026, 6, 17), 3,
                                        customers.parent / "account-months.csv",
                                        report_date=date(2026, 11, 2)))
    assert saved.statement == direct.statement and saved.lang == "zh"
    assert saved.statement.credit_of(saved.statement.missed)[1] == 15_500


def test_html_shows_no_code_opens_offline_and_speaks_chinese(batch):
    _, out, _, _ = batch
    page = (out / "C007" / "report.html").read_text(encoding="utf-8")
    assert "build_report" not in page and "import " not in page and "customer_id =" not in page
    assert 'src="http' not in page and "cdnjs" not in page
    assert "短信服务 SLA 报告" in page and "可申请：剩余 14 天" in page
    assert "data:image/png;base64" in page


def test_counts_from_receipts_are_archived_and_reported(batch):
    _, out, outcomes, _ = batch
    assert outcomes["C023"].status == "done", str(outcomes["C023"].reason)
    assert (out / "receipts.duckdb").exists()
    saved = open_report(out / "C023" / "summary.json")
    best = saved.months[1].best
    assert saved.code_map and best is not None and best.availability is not None
    assert str(truncate(best.availability)) == "0.921805"
    page = (out / "C023" / "report.html").read_text(encoding="utf-8")
    assert page.count("<img ") == 2  # availability, and daily failures from the receipts


def test_bad_customers_fail_alone_with_a_reason(batch):
    _, _, outcomes, _ = batch
    assert outcomes["C099"].status == "failed"
    assert "field 'explicit_failures'" in str(outcomes["C099"].reason)
    assert "line" in str(outcomes["C099"].reason)
    assert outcomes["C100"].status == "failed" and "field 'months' = 'x'" in str(outcomes["C100"].reason)


def test_ids_and_names_cannot_escape_or_inject(batch):
    _, out, outcomes, _ = batch
    folder = out / outcomes["../../escape"].folder
    assert folder.resolve().parent == out.resolve()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in index
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page


def test_index_and_summary_csv_list_every_row(batch):
    _, out, _, _ = batch
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 that Excel on a Chinese system reads as such
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))  # a row per customer-month, headers in the batch's language
    first: dict[str, dict[str, str]] = {}
    for r in rows:
        first.setdefault(r["行号"], r)
    assert list(first) == ["2", "3", "4", "5", "6", "7"]
    assert [first[n]["客户编号"] for n in first] == [c["customer_id"] for c in CUSTOMERS]
    assert [first[n]["报告"] for n in first] == ["已完成", "已完成", "失败", "失败", "已完成", "失败"]
    c007 = [r for r in rows if r["行号"] == "2"]
    assert [r["服务月度起"] for r in c007] == ["2026-06-17", "2026-07-01", "2026-08-01", "2026-09-01"]
    assert sum(int(r["赔偿短信条数"] or 0) for r in c007) == 15500
    assert sum(Decimal(r["赔偿金额（元）"] or 0) for r in c007) == Decimal("697.50")  # each to the fen
    assert "2026-11-15" in {r["申请截止日"] for r in c007 if r["赔偿金额（元）"]}
    assert first["2"]["客户名称"] == "北京启明教育"
    assert first["4"]["客户名称"] == "'" + CUSTOMERS[2]["customer_name"]  # shown, never run
    assert "出现两次（首次在第 2 行）" in first["7"]["原因"]  # the reason in the batch's language too
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "C007/report.html" in index and "3 已完成" in index and "3 失败" in index


def test_a_rerun_skips_unchanged_reports_and_keeps_changed_ones(batch, tmp_path):
    customers, out, _, _ = batch

    again = first_by_id(run_reports(customers, out, jobs=2, pdf=True, on=date(2026, 11, 2)))
    assert again["C007"].status == "skipped" and again["../../escape"].status == "skipped"
    assert again["C023"].status == "skipped"  # its receipts were ingested again: all duplicates
    before = (out / "C007" / "report.html").read_bytes()
    changed = first_by_id(run_reports(customers, out, jobs=1, pdf=True, on=date(2026, 11, 3)))
    assert changed["C007"].status == "kept" and "--force" in str(changed["C007"].reason)
    assert (out / "C007" / "report.html").read_bytes() == before


def test_the_cli_forces_a_rebuild_and_exits_non_zero_when_a_customer_fails(batch):
    customers, out, _, _ = batch
    done = subprocess.run(
        [sys.executable, "-m", "slakit", "report", "--customers", str(customers), "--out", str(out),
         "--jobs", "2", "--force", "--lang", "en", "--on", "2026-11-03", "--json"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    statuses = {o["customer_id"]: o["status"] for o in reversed(json.loads(done.stdout))}
    assert statuses == {"C007": "done", "../../escape": "done", "C099": "failed", "C100": "failed",
                        "C023": "done"}
    assert [o["status"] for o in json.loads(done.stdout) if o["customer_id"] == "C007"] == ["done", "failed"]
    saved = open_report(out / "C007" / "summary.json")
    assert saved.lang == "en" and saved.report_date == date(2026, 11, 3)
    assert "C099: failed:" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("message", "transient"), [
    ("ZMQError: Address already in use (addr='tcp://127.0.0.1:5093')", True),
    ("RuntimeError: Kernel died before replying to kernel_info", True),
    ("InputError: field 'fee' = 'x': is not a decimal amount", False),
])
def test_only_kernel_start_races_are_retried(message, transient):
    assert bool(TRANSIENT.search(message)) is transient


def test_a_policy_file_is_relative_to_the_csv_and_part_of_the_fingerprint(tmp_path):

    from slakit.config import shipped_files
    from slakit.reports.batch import TEMPLATE, fingerprint, plan
    from slakit.reports.model import sha256

    write_inputs(tmp_path)
    customers = tmp_path / "mine.csv"
    customers.write_text("customer_id,customer_name,start,months,policy\n"
                         "C007,Qiming,2026-06-17,3,mine.toml\n", encoding="utf-8")
    policy = tmp_path / "mine.toml"
    policy.write_text(shipped_files("policies")["tencent-sms-2020-09-23"].read_text(encoding="utf-8"))

    def first_job():
        jobs, _ = plan(customers, tmp_path / "out", lang=None, on=date(2026, 11, 2))
        return jobs[0]

    job = first_job()
    assert job.request.policy == str(policy)
    assert not (tmp_path / "out").exists(), "planning writes nothing"
    before = fingerprint(job, sha256(TEMPLATE), pdf=False)
    policy.write_text(policy.read_text().replace('availability = "0.95"', 'availability = "0.96"'))
    assert fingerprint(first_job(), sha256(TEMPLATE), pdf=False) != before


def test_the_whole_sample_makes_reports_with_no_stray_output(tmp_path):
    """No warning, log line or traceback reaches any sample customer's report."""
    out = tmp_path / "out"
    outcomes = run_reports(SAMPLE / "customers.csv", out, jobs=2, on=date(2026, 11, 2))
    assert [o.status for o in outcomes] == ["done"] * len(outcomes) == ["done"] * 23, \
        [(o.customer_id, str(o.reason)) for o in outcomes if not o.ok]
    for folder in sorted(out.glob("C*")):
        notebook = nbformat.read(folder / "report.ipynb", as_version=4)
        assert stray_output(notebook) is None, folder.name
        page = (folder / "report.html").read_text(encoding="utf-8")
        assert "Warning" not in page and "Traceback" not in page, folder.name
        assert f"<title>{text('zh', 'title')} — " in page


def test_a_browser_that_cannot_start_fails_each_pdf_not_the_batch(tmp_path, monkeypatch):
    write_inputs(tmp_path)
    monkeypatch.setattr("slakit.reports.output.CHROMIUM", str(tmp_path / "no-chromium"))
    two = tmp_path / "two.csv"
    two.write_text("customer_id,customer_name,start,months\nC007,Qiming,2026-06-17,3\n"
                   "../../escape,Escape & Co,2026-09-01,1\n", encoding="utf-8")
    outcomes = run_reports(two, tmp_path / "out", jobs=1, pdf=True, on=date(2026, 11, 2))
    assert [o.status for o in outcomes] == ["failed", "failed"]
    for outcome in outcomes:
        assert str(outcome.reason).startswith("chromium could not print the PDF"), str(outcome.reason)
        folder = tmp_path / "out" / outcome.folder
        assert (folder / "report.html").exists() and not (folder / "report.pdf").exists()
        assert not (folder / ".fingerprint").exists()  # not current: a rerun makes it again
    assert "Escape &amp; Co" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_report_that_prints_a_warning_fails_and_writes_nothing(tmp_path):
    write_inputs(tmp_path)  # the figures beside the customers CSV
    template = tmp_path / "noisy.ipynb"
    notebook = nbformat.read(TEMPLATE, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        'import warnings\nwarnings.warn("a debugging note")', metadata={"tags": ["remove-cell"]}))
    nbformat.write(notebook, template)
    only = tmp_path / "one.csv"
    only.write_text("customer_id,customer_name,start,months\nC007,Qiming,2026-06-17,3\n", encoding="utf-8")
    (outcome,) = run_reports(only, tmp_path / "out", jobs=1, template=template, on=date(2026, 11, 2))
    assert outcome.status == "failed" and "a debugging note" in str(outcome.reason)
    assert not (tmp_path / "out" / "C007").exists()


@pytest.mark.parametrize("cid", ["C007", "../../escape", "C023"])  # zh; en; en with 16 columns
def test_pdfs_are_a4_with_every_column_on_the_page(batch, cid):
    """A4 landscape, and the months table whole: a column pushed off the paper would be cut from
    the PDF, so its header and each month's deadline in the last columns must be in the text."""
    _, out, outcomes, _ = batch
    folder = out / outcomes[cid].folder
    info = subprocess.run(["pdfinfo", str(folder / "report.pdf")], capture_output=True, text=True,
                          check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and abs(float(size[1]) - 841.89) < 1 and abs(float(size[2]) - 595.28) < 1, info  # A4
    pages = re.search(r"Pages:\s+(\d+)", info)
    assert pages and 1 <= int(pages.group(1)) <= 4, info
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(folder / "report.pdf"),
                            "-"], capture_output=True, text=True, check=True).stdout
    report = open_report(folder / "summary.json")
    status = text(report.lang, "col_status", date="2026-11-02").split()[-1]
    assert status in first, first
    for month in report.months:
        assert month.window and month.month, month
        assert month.window.deadline.isoformat() in first and month.month.start.isoformat() in first
    images = pages_as_images(folder / "report.pdf", folder.parent.parent / "pages")
    for number, page in enumerate(images, 1):
        inked = ImageOps.invert(page.convert("L")).getbbox()  # the box around everything printed
        width, height = page.size
        margin = width // 60  # about 5 mm: nothing may run into the paper's edge
        assert inked and margin <= inked[0] and inked[2] <= width - margin, (number, inked)
        assert margin <= inked[1] and inked[3] <= height - margin, (number, inked)


@pytest.mark.parametrize("cid", ["C007", "../../escape", "C023"])
def test_pdfs_embed_subset_fonts_only(batch, cid):
    """Every font a PDF embeds is a subset of a TrueType font: no Type 3 fonts (what Chromium
    makes of a CFF font such as Noto Sans CJK, or of a bold it makes up), so that a Chinese
    report weighs about what an English one does."""
    _, out, outcomes, _ = batch
    listing = subprocess.run(["pdffonts", str(out / outcomes[cid].folder / "report.pdf")],
                             capture_output=True, text=True, check=True).stdout
    fonts = [line.split() for line in listing.splitlines()[2:]]
    assert fonts and all(" ".join(f).count("Type 3") == 0 for f in fonts), listing
    assert all("CID TrueType" in " ".join(f) and f[-5:-3] == ["yes", "yes"] for f in fonts), listing


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@pytest.mark.parametrize("cid", ["C007", "../../escape", "C023"])
def test_page_one_says_what_to_do_in_type_a_reader_can_read(batch, cid):
    """Page 1 holds the next-step box; every page carries its number of the whole and the
    report number; no word on any page is set smaller than 8 pt (the footer's size)."""
    _, out, outcomes, _ = batch
    pdf = out / outcomes[cid].folder / "report.pdf"
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    lang = "zh" if text("zh", "title") in first else "en"  # as printed (later tests remake some reports)
    info = re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                        text=True, check=True).stdout)
    assert info, pdf
    pages = int(info.group(1))
    for page in range(1, pages + 1):
        words = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                               capture_output=True, text=True, check=True).stdout
        if page == 1:
            assert text(lang, "next_heading") in words, words
        said = text(lang, "footer_page", page=page, pages=pages)
        assert said.replace(" ", "") in words.replace(" ", ""), (page, words[-300:])
        assert re.search(rf"{re.escape(outcomes[cid].customer_id)}-202611\d\d", words), page
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    heights = [(float(m[4]) - float(m[2]), m[5]) for m in WORD.finditer(boxes)]
    assert heights and min(heights)[0] >= 8 * 0.95, min(heights)  # a word's box is about its size in pt


def test_each_pdf_is_its_own_report(batch):
    """One browser tab prints every PDF of the batch, one report after another: each PDF holds
    its own customer's title and no other's."""
    _, out, _, outcomes = batch
    done = [o for o in outcomes if o.status == "done"]
    assert len(done) >= 3
    for outcome in done:
        words = subprocess.run(["pdftotext", str(out / outcome.folder / "report.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert f"{outcome.customer_name} ({outcome.customer_id})" in words, outcome.customer_id
        others = [o for o in done if o.customer_name != outcome.customer_name]
        assert not [o.customer_name for o in others if o.customer_name in words], outcome.customer_id


def pages_as_images(pdf: Path, folder: Path) -> list[Image.Image]:
    """Every page of ``pdf`` as an image, as pdftoppm renders it."""
    folder.mkdir(exist_ok=True)
    prefix = folder / pdf.parent.name
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(path) for path in sorted(folder.glob(f"{prefix.name}-*.png"))]


CN_2027 = ('apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "cn-2027"\n'
           '[spec."2027"]\nholidays = [2027-01-01, 2027-01-04]\n')


def test_official_days_reach_the_claim_windows_from_the_option_or_the_csv(tmp_path):
    """A customers-CSV column ``calendar`` wins over ``--calendar``; either ends a provisional date."""
    from slakit.reports.batch import TEMPLATE, fingerprint, plan
    from slakit.reports.model import sha256

    write_inputs(tmp_path)
    (tmp_path / "cn-2027.toml").write_text(CN_2027, encoding="utf-8")
    (tmp_path / "other.toml").write_text(CN_2027.replace("2027-01-04", "2027-01-05"), encoding="utf-8")
    customers = tmp_path / "c.csv"
    customers.write_text("customer_id,customer_name,start,months,calendar\n"
                         "C020,Meridian,2026-10-01,3,\nC016,Kestrel,2026-10-01,1,other.toml\n",
                         encoding="utf-8")
    jobs, failed = plan(customers, tmp_path / "out", lang=None, on=date(2026, 11, 27),
                        calendar=(tmp_path / "cn-2027.toml").resolve())
    assert not failed
    assert [j.request.calendar.name for j in jobs if j.request.calendar] == ["cn-2027.toml", "other.toml"]
    before = fingerprint(jobs[0], sha256(TEMPLATE), pdf=False)
    (tmp_path / "cn-2027.toml").write_text(CN_2027.replace("2027-01-04", "2027-01-06"), encoding="utf-8")
    assert fingerprint(jobs[0], sha256(TEMPLATE), pdf=False) != before

    one = tmp_path / "one.csv"
    one.write_text("customer_id,customer_name,start,months\nC020,Meridian,2026-10-01,3\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "slakit", "report", "--customers", str(one), "--out", str(tmp_path / "r"),
         "--jobs", "1", "--lang", "en", "--on", "2026-11-27", "--calendar", str(tmp_path / "other.toml"),
         "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    saved = open_report(tmp_path / "r" / "C020" / "summary.json")
    december = saved.months[2].window
    assert december and (december.opens_after, december.provisional) == (date(2027, 1, 11), False)
    assert "other.toml" in saved.inputs
    page = (tmp_path / "r" / "C020" / "report.html").read_text(encoding="utf-8")
    assert text("en", "reading_calendar_file") in page and "provisional" not in page
    assert "other.toml" not in page  # the customer reads no file names
