"""Warm kernels: each report on a clean slate in a kernel kept across customers, exactly as a
fresh kernel would make it; a kernel that dies, hangs or keeps state is replaced."""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import nbformat
import pytest

from slakit.reports import batch
from slakit.reports.batch import TEMPLATE, Kernels, plan, run_job, run_reports
from slakit.reports.kernel import ensure_kernel
from slakit.reports.warm import WarmKernel
from tests.processes import wait_until_gone

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
PID = "application/x.kernel-pid+json"


def customers(folder: Path, *ids: str) -> Path:
    """A customers CSV of sample customers by id; ``C008:en`` asks for an English report."""
    shutil.copy(SAMPLE / "account-months.csv", folder / "account-months.csv")
    with (SAMPLE / "customers.csv").open(encoding="utf-8") as stream:
        sample = {row["customer_id"]: row for row in csv.DictReader(stream)}
    rows = []
    for spec in ids:
        cid, _, lang = spec.partition(":")
        row = sample[cid]
        rows.append(f"{cid},{row['customer_name']},{row['start']},{row['months']},{lang}")
    path = folder / "customers.csv"
    path.write_text("customer_id,customer_name,start,months,lang\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def template_with(folder: Path, *sources: str) -> Path:
    """The report template with hidden cells appended; each records its kernel's process id."""
    notebook = nbformat.read(TEMPLATE, as_version=4)
    record = f"import os\ndisplay({{{PID!r}: {{'pid': os.getpid()}}}}, raw=True)"
    for source in (*sources, record):
        notebook.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": ["remove-cell"]}))
    path = folder / "template.ipynb"
    nbformat.write(notebook, path)
    return path


def kernel_pid(notebook: nbformat.NotebookNode) -> int:
    return next(int(o["data"][PID]["pid"]) for c in notebook.cells for o in c.get("outputs", [])
                if PID in o.get("data", {}))


def without_timings(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The executed notebook without what differs between any two papermill runs: timestamps,
    durations, the random id papermill gives the cell it injects, and where the report's record
    was (beside each report's own folder)."""
    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected"
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                    if not line.startswith("statement = "))
    for key in ("start_time", "end_time", "duration"):
        notebook.metadata.papermill.pop(key, None)
    notebook.metadata.papermill.parameters.pop("statement", None)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return notebook


@pytest.fixture
def kept():
    """The warm kernel of this process (as a worker keeps it), shut down after the test."""
    yield
    if batch._kept is not None:
        batch._kept.close()
        batch._kept = None


def test_back_to_back_in_one_kernel_is_byte_identical_to_each_alone(tmp_path, kept):
    path = customers(tmp_path, "C007", "C008:en", "C011")
    jobs, failed = plan(path, tmp_path / "out", lang=None, on=date(2026, 11, 2))
    assert not failed and len(jobs) == 3
    warm, fresh = Kernels(ensure_kernel()), Kernels(ensure_kernel(), warm=False)
    for job in jobs:
        alone = replace(job, folder=tmp_path / "fresh" / job.folder.name)
        assert run_job(alone, TEMPLATE, fresh).status == "done"
        assert run_job(job, TEMPLATE, warm).status == "done"
    assert batch._kept is not None and batch._kept.started == 1, "one kernel made all three"
    for job in jobs:
        alone = tmp_path / "fresh" / job.folder.name
        for name in ("report.html", "summary.json"):
            assert (job.folder / name).read_bytes() == (alone / name).read_bytes(), (job.folder, name)
        notebooks = [nbformat.read(f / "report.ipynb", as_version=4) for f in (job.folder, alone)]
        assert without_timings(notebooks[0]) == without_timings(notebooks[1]), job.folder
        assert [c.execution_count for c in notebooks[0].cells if c.cell_type == "code"] == \
            list(range(1, 1 + sum(c.cell_type == "code" for c in notebooks[0].cells)))


def test_a_variable_set_by_one_report_is_not_visible_to_the_next(tmp_path):
    path = customers(tmp_path, "C002", "C004", "C005", "C008")
    template = template_with(tmp_path, 'assert "left_behind" not in dir(), left_behind\n'
                                       'left_behind = customer_id\n'
                                       'import matplotlib.pyplot as plt\nplt.figure()')
    outcomes = run_reports(path, tmp_path / "out", jobs=1, template=template, on=date(2026, 11, 2))
    assert [o.status for o in outcomes] == ["done"] * 4, [str(o.reason) for o in outcomes]
    pids = {kernel_pid(nbformat.read(tmp_path / "out" / o.folder / "report.ipynb", as_version=4))
            for o in outcomes}
    assert len(pids) == 1, "the four reports ran in one kernel"


def test_report_kernels_keep_no_input_history(tmp_path):
    """Two workers' kernels never wait on one another for IPython's history database."""
    path = customers(tmp_path, "C002")
    template = template_with(tmp_path, "assert not get_ipython().history_manager.enabled")
    outcomes = run_reports(path, tmp_path / "out", jobs=1, template=template, on=date(2026, 11, 2))
    assert [o.status for o in outcomes] == ["done"], [str(o.reason) for o in outcomes]


def test_a_kernel_that_dies_is_replaced_and_the_customer_tried_once_more(tmp_path):
    path = customers(tmp_path, "C002", "C004", "C005", "C008")
    marker = tmp_path / "died-once"
    template = template_with(tmp_path, f"import os, pathlib\nmarker = pathlib.Path({str(marker)!r})\n"
                                       "if customer_id == 'C004' and not marker.exists():\n"
                                       "    marker.touch()\n    os._exit(1)\n"
                                       "if customer_id == 'C005':\n    os._exit(1)")
    outcomes = {o.customer_id: o for o in run_reports(path, tmp_path / "out", jobs=1,
                                                      template=template, on=date(2026, 11, 2))}
    assert marker.exists()
    assert outcomes["C004"].status == "done", str(outcomes["C004"].reason)
    assert outcomes["C005"].status == "failed"
    assert "the kernel failed twice" in str(outcomes["C005"].reason) and "DeadKernelError" in \
        str(outcomes["C005"].reason)
    assert outcomes["C002"].status == "done" and outcomes["C008"].status == "done"
    pids = [kernel_pid(nbformat.read(tmp_path / "out" / outcomes[c].folder / "report.ipynb",
                                     as_version=4)) for c in ("C002", "C004", "C008")]
    assert len(set(pids)) == 3, "each death replaced the kernel"


def test_a_kernel_that_hangs_past_the_timeout_is_replaced(tmp_path):
    path = customers(tmp_path, "C004", "C005")
    template = template_with(tmp_path, "import time\nif customer_id == 'C004':\n    time.sleep(600)")
    outcomes = run_reports(path, tmp_path / "out", jobs=1, template=template, timeout=20,
                           on=date(2026, 11, 2))
    assert [o.status for o in outcomes] == ["failed", "done"]
    assert "the kernel failed twice" in str(outcomes[0].reason) and "timed out" in str(outcomes[0].reason)
    assert outcomes[0].seconds < 120


def test_a_kernel_left_with_a_running_thread_is_replaced_before_the_next_report(tmp_path):
    shutil.copy(SAMPLE / "account-months.csv", tmp_path / "account-months.csv")
    template = template_with(tmp_path, "import threading, time\n"
                                       "if customer_id == 'C004':\n"
                                       "    threading.Thread(target=time.sleep, args=(600,)).start()")
    kernel = WarmKernel(ensure_kernel(), tmp_path)
    try:
        def report(cid: str) -> int:
            return kernel_pid(kernel.run(template, {
                "customer_id": cid, "customer_name": cid, "start": "2026-09-01", "months": 1,
                "figures": str(tmp_path / "account-months.csv"), "report_date": "2026-11-02"}))

        first = report("C002")
        assert report("C004") == first and kernel.started == 1
        third = report("C005")
        assert third != first and kernel.started == 2
        assert report("C008") == third
        assert not wait_until_gone({first}), "the replaced kernel was shut down"
    finally:
        kernel.close()

