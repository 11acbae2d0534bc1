"""Report batch speed, side by side in one run: time per report with warm kernels (one kept per
worker, wiped clean between reports), with a fresh kernel per report, and papermill's floor; and
2 workers over 1.

    python benchmarks/reports.py [--reports 50] [--pdf] [--scaling 400 [--rounds 3]]
    python benchmarks/reports.py --batch 200

``--batch N`` times one batch of N reports with PDFs on 2 workers, the rate a provider sending
statements to its whole base gets, beside the 0.32 s a report measured before the reports became
documents (110 Chinese reports; goal: at most 0.18 s, 20,000 an hour), and says where the time
goes: the workers' kernels (running the notebook), the HTML export and Chromium's print. For a
before and after in one sitting, run it once more with ``PYTHONPATH`` naming an older checkout.

papermill's floor is an empty parameterized notebook executed by papermill in the same pool, a
fresh kernel each: what any papermill run per report costs. Goals: warm reports at most 1.0x the
floor (not above 1.2x), and 2 workers at least 1.8x as fast as one. Each worker's start (its
process, its kernel and their imports, a few seconds) is paid once per batch, so the speed-up of a
short batch is bounded by it; ``--scaling N`` also times 1 and 2 workers over a batch of N reports,
in ``--rounds`` rounds one after the other (a shared machine's speed drifts: each round's ratio
compares runs made minutes apart), and prints each round's ratio and their median.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import nbformat

from slakit.reports.batch import TEMPLATE, run_reports
from slakit.reports.output import CHROMIUM, CHROMIUM_ARGS, PdfPrinter
from slakit.reports.request import ReportRequest

SAMPLE = Path(__file__).parents[1] / "data" / "sample"


def customers(folder: Path, count: int) -> Path:
    """The sample customers again and again, each its own report with its own monthly figures."""
    with (SAMPLE / "customers.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    shutil.copytree(SAMPLE / "receipts", folder / "receipts")
    figures = {name: (SAMPLE / name).read_text(encoding="utf-8").splitlines()
               for name in ("account-months.csv", "receipts/fees.csv")}
    copies: dict[str, list[str]] = {name: [lines[0]] for name, lines in figures.items()}
    path = folder / "customers.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        for i in range(count):
            row = rows[i % len(rows)]
            cid = f"{row['customer_id']}-{i}"
            writer.writerow(row | {"customer_id": cid})
            for name, lines in figures.items():
                copies[name] += [cid + line[len(row["customer_id"]):] for line in lines[1:]
                                 if line.startswith(row["customer_id"] + ",")]
    for name, lines in copies.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def floor_template(folder: Path) -> Path:
    """An empty notebook taking a report's parameters: the record it would render, and its request."""
    notebook = nbformat.v4.new_notebook()
    names = ["statement", *(f.name for f in fields(ReportRequest))]
    notebook.cells = [nbformat.v4.new_code_cell("\n".join(f"{n} = ''" for n in names),
                                                metadata={"tags": ["parameters"]})]
    notebook.metadata["kernelspec"] = {"name": "slakit", "display_name": "Python (slakit)",
                                       "language": "python"}
    path = folder / "floor.ipynb"
    nbformat.write(notebook, path)
    return path


@dataclass(frozen=True)
class Run:
    """Seconds per report over a whole batch, and once every worker has made its first report
    (its kernel started, its imports done): the rate a batch of thousands keeps up; and the
    seconds until the first report was done."""

    whole: float
    steady: float
    first: float


def timed(customer_csv: Path, jobs: int, template: Path = TEMPLATE, *, pdf: bool = False,
          fresh_kernels: bool = False) -> Run:
    finished: list[float] = []
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        outcomes = run_reports(customer_csv, out, jobs=jobs, template=template, pdf=pdf,
                               fresh_kernels=fresh_kernels,
                               progress=lambda outcome: finished.append(time.perf_counter()))
        seconds = time.perf_counter() - start
    failed = [o for o in outcomes if not o.ok]
    assert not failed, failed[0].reason
    n = len(outcomes)
    return Run(seconds / n, (finished[-1] - finished[jobs - 1]) / (n - jobs), finished[0] - start)


def one_chromium_per_pdf(html_file: Path, pdf_file: Path) -> None:
    """The baseline: a headless Chromium started for each PDF, as the command line prints one."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, "--headless", *CHROMIUM_ARGS, f"--user-data-dir={profile}",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf_file}", html_file.as_uri()],
                       capture_output=True, check=True, timeout=120)


def pdf_seconds(customer_csv: Path, count: int) -> tuple[float, float]:
    """Seconds per PDF of the same reports: a Chromium per PDF, and one kept open."""
    with tempfile.TemporaryDirectory() as out:
        run_reports(customer_csv, out, jobs=2)
        pages = sorted(Path(out).glob("*/report.html"))[:count]
        start = time.perf_counter()
        for page in pages:
            one_chromium_per_pdf(page, page.with_name("a.pdf"))
        each = time.perf_counter() - start
        start = time.perf_counter()
        with PdfPrinter() as printer:
            for page in pages:
                printer.print(page, page.with_name("b.pdf"))
        kept = time.perf_counter() - start
    return each / len(pages), kept / len(pages)


BASELINE = 0.32  # seconds a report with PDFs on 2 workers, before the reports became documents
GOAL = 0.18


def batch_with_pdfs(count: int) -> None:
    """One batch of ``count`` reports with PDFs on 2 workers: its rate and where the time goes."""
    from slakit.reports import batch, output

    printing: list[float] = []
    plain = output.PdfPrinter.print

    def print_timed(self: output.PdfPrinter, *args: Any, **kwargs: Any) -> None:
        began = time.perf_counter()
        plain(self, *args, **kwargs)
        printing.append(time.perf_counter() - began)

    with tempfile.TemporaryDirectory() as folder:
        path = customers(Path(folder), count)
        out = Path(folder) / "out"
        output.PdfPrinter.print = print_timed  # type: ignore[method-assign]
        try:
            start = time.perf_counter()
            outcomes = batch.run_reports(path, out, jobs=2, pdf=True)
            seconds = time.perf_counter() - start
        finally:
            output.PdfPrinter.print = plain  # type: ignore[method-assign]
        failed = [o for o in outcomes if not o.ok]
        assert not failed, failed[0].reason
        notebooks = sorted(out.glob("*/report.ipynb"))[:20]
        began = time.perf_counter()
        for notebook in notebooks:
            output.export_html(nbformat.read(notebook, as_version=4), "")
        export = (time.perf_counter() - began) / len(notebooks)
        sizes = [p.stat().st_size for p in out.glob("*/report.pdf")]
    n = len(outcomes)
    worker = sum(o.seconds for o in outcomes) / n - sum(printing) / n  # run_job: kernel + export
    rate = seconds / n
    print(f"a batch of {n} reports with PDFs on 2 workers: {rate:.3f} s a report ({3600 / rate:,.0f} an "
          f"hour) against {BASELINE:.2f} s before ({BASELINE / rate:.2f}x as fast; goal <= {GOAL:.2f} s)")
    print(f"  where the time goes, seconds a report: kernel {worker - export:.3f}, HTML export "
          f"{export:.3f} (each worker's, 2 at once), print {sum(printing) / n:.3f} (one Chromium tab, "
          "beside the workers)")
    print(f"  PDF sizes: median {statistics.median(sizes) / 1024:.0f} KB, largest {max(sizes) / 1024:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--pdf", action="store_true", help="print each report to PDF as well")
    parser.add_argument("--scaling", type=int, default=0, metavar="N",
                        help="also time 1 and 2 warm workers over a batch of N reports")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --scaling (default 3)")
    parser.add_argument("--batch", type=int, default=0, metavar="N",
                        help="only time one batch of N reports with PDFs on 2 workers")
    args = parser.parse_args()
    if args.batch:
        batch_with_pdfs(args.batch)
        return
    n, pdf = args.reports, args.pdf
    if n < 3:  # the steady rate leaves out each of the 2 workers' first report
        parser.error("--reports must be at least 3")
    with tempfile.TemporaryDirectory() as folder:
        path = customers(Path(folder), n)
        floor = timed(path, 2, floor_template(Path(folder)), fresh_kernels=True)
        warm = timed(path, 2, pdf=pdf)
        fresh = timed(path, 2, pdf=pdf, fresh_kernels=True)
        warm_one = timed(path, 1, pdf=pdf)
        per_pdf = pdf_seconds(path, min(n, 20)) if pdf else None
        scaling = []
        if args.scaling:
            (Path(folder) / "long").mkdir()
            long = customers(Path(folder) / "long", args.scaling)
            scaling = [(timed(long, 1), timed(long, 2)) for _ in range(args.rounds)]
    print(f"{n} reports{' with PDFs' if pdf else ''}, seconds per report (wall), side by side; "
          "'steady' leaves out each worker's first report (its start-up); 'first' is the seconds\n"
          "until the first report was done:")
    print(f"  {'':<38}{'whole':>6}  {'steady':>6}  {'first':>6}")
    rows = [("papermill's floor, 2 workers", floor, ""),
            ("warm kernels, 2 workers", warm, f"{warm.whole / floor.whole:.2f}x the floor "
             f"(goal <= 1.0x); steady {warm.steady / floor.steady:.2f}x"),
            ("a fresh kernel per report, 2 workers", fresh, f"{fresh.whole / floor.whole:.2f}x the floor"),
            ("warm kernels, 1 worker", warm_one, "")]
    for name, run, note in rows:
        print(f"  {name:<38}{run.whole:6.2f}  {run.steady:6.2f}  {run.first:6.2f}   {note}".rstrip())
    print(f"warm kernels over a fresh kernel per report: {fresh.whole / warm.whole:.2f}x as fast")
    print(f"speed-up of 2 workers over 1 (warm, goal >= 1.8x): {warm_one.whole / warm.whole:.2f}x "
          f"over the whole batch, {warm_one.steady / warm.steady:.2f}x steady")
    if scaling:
        print(f"over a batch of {args.scaling} reports, seconds a report with 1 worker and with 2, "
              "and 2 over 1 (goal >= 1.8x):")
        for i, (one, two) in enumerate(scaling, 1):
            print(f"  round {i}: whole batch {one.whole:.3f} / {two.whole:.3f} s: "
                  f"{one.whole / two.whole:.2f}x; steady {one.steady:.3f} / {two.steady:.3f} s: "
                  f"{one.steady / two.steady:.2f}x")
        whole = statistics.median(one.whole / two.whole for one, two in scaling)
        steady = statistics.median(one.steady / two.steady for one, two in scaling)
        print(f"  median of {len(scaling)}: {whole:.2f}x over the whole batch, {steady:.2f}x steady")
    if per_pdf:
        print(f"a PDF: {per_pdf[0]:.2f} s with a Chromium per PDF, {per_pdf[1]:.2f} s with one kept "
              f"open ({per_pdf[0] / per_pdf[1]:.1f}x as fast)")

if __name__ == "__main__":
    main()
