"""Report batch speed: time per report, the ratio to papermill's floor, and 2 workers over 1.

    python benchmarks/reports.py [--reports 50]

papermill's floor is an empty parameterized notebook executed the same way (same kernel, same
pool), so the ratio shows what the report itself costs on top of starting a kernel.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from slakit.reports import MIME
from slakit.reports.batch import TEMPLATE, run_reports

SAMPLE = Path(__file__).parents[1] / "data" / "sample"


def customers(folder: Path, count: int) -> Path:
    with (SAMPLE / "customers.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    shutil.copy(SAMPLE / "account-months.csv", folder / "account-months.csv")
    shutil.copytree(SAMPLE / "receipts", folder / "receipts")
    path = folder / "customers.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        for i in range(count):  # the sample customers again and again, each its own report
            row = rows[i % len(rows)]
            writer.writerow(row | {"customer_id": f"{row['customer_id']}-{i}"})
    return path


def floor_template(folder: Path) -> Path:
    notebook = nbformat.v4.new_notebook()
    summary = {"customer_name": "", "policy": "", "report_date": "2026-01-01", "lang": "zh",
               "months": [], "evidence": {},
               "totals": {"service_months": 0, "breached": 0, "credit_amount": "0", "credit_sms": 0,
                          "next_deadline": None}}
    notebook.cells = [nbformat.v4.new_code_cell("customer_id = ''", metadata={"tags": ["parameters"]}),
                      nbformat.v4.new_code_cell(  # records a summary, as a report does
                          f"display({{{MIME!r}: {{'customer_id': customer_id, **{summary!r}}}}}, raw=True)")]
    notebook.metadata["kernelspec"] = {"name": "slakit", "display_name": "Python (slakit)",
                                       "language": "python"}
    path = folder / "floor.ipynb"
    nbformat.write(notebook, path)
    return path


def timed(customer_csv: Path, jobs: int, template: Path = TEMPLATE) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        outcomes = run_reports(customer_csv, out, jobs=jobs, template=template)
        seconds = time.perf_counter() - start
    failed = [o for o in outcomes if not o.ok]
    assert not failed, failed[0].reason
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = customers(Path(folder), args.reports)
        floor = floor_template(Path(folder))
        two = timed(path, 2)
        one = timed(path, 1)
        floor_two = timed(path, 2, floor)
    n = args.reports
    print(f"{n} reports, 2 workers: {two:.1f} s = {two / n:.2f} s per report (wall)")
    print(f"{n} reports, 1 worker:  {one:.1f} s = {one / n:.2f} s per report (wall)")
    print(f"papermill floor (empty parameterized notebook, 2 workers): {floor_two / n:.2f} s per report")
    print(f"ratio report / floor: {two / floor_two:.2f}x")
    print(f"speed-up of 2 workers over 1: {one / two:.2f}x")


if __name__ == "__main__":
    main()
