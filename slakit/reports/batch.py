"""The report batch: run the papermill template for every customer of a CSV, in parallel.

Each customer gets a folder under ``out`` with the executed notebook, an offline HTML report with
no code, the JSON summary recorded by the notebook and, on request, a PDF. A rerun skips customers
whose inputs, template and options are unchanged (by fingerprint) and never overwrites a
different existing output without ``force``. A customer that fails is reported in ``index.html``
and the others carry on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from nbformat import NotebookNode

from .. import __version__
from ..errors import InputError, SlakitError
from ..i18n import LANGS
from ..kit import NOTEBOOKS
from ..receipts.archive import Archive, ingest
from .kernel import ensure_kernel
from .model import build_report, sha256
from .output import (
    FINGERPRINT,
    export_html,
    folder_name,
    print_pdf,
    recorded_summary,
    write_atomic,
    write_index,
)

TEMPLATE = NOTEBOOKS / "reports" / "customer_report.ipynb"
REQUIRED = ("customer_id", "customer_name", "start", "months")
OPTIONAL = {"figures": "account-months.csv", "policy": "tencent-sms-2020-09-23", "lang": "",
            "receipts": "", "archive": "", "account": "", "windows": ""}
RECEIPTS_DB = "receipts.duckdb"  # where a batch archives the receipts its customers name
RETRIES = 3
# Kernel starts racing for a port (papermill#511) surface as these; they are worth a retry.
TRANSIENT = re.compile(r"Address already in use|Kernel died before replying|did not respond|"
                       r"Kernel didn't respond|ZMQError", re.IGNORECASE)


@dataclass(frozen=True)
class Job:
    customer_id: str
    customer_name: str
    folder: Path
    parameters: dict[str, object]
    fingerprint: str
    pdf: bool
    template: Path


@dataclass
class Outcome:
    customer_id: str
    customer_name: str
    status: str  # done, skipped (unchanged), kept (different output exists), failed
    reason: str = ""
    folder: str = ""
    seconds: float = 0.0
    summary: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in ("done", "skipped")


def read_customers(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
            header = rows[0].keys() if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError("(file)", str(path), f"cannot be read as CSV: {error}") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(missing[0], None, "column is missing; need " + ", ".join(REQUIRED),
                         source=path)
    return rows


def plan(customers: Path, out: Path, *, lang: str | None, on: date, pdf: bool,
         template: Path) -> tuple[list[Job], list[Outcome]]:
    """Turn the customers CSV into jobs; rows that cannot become a job fail right here."""
    jobs: list[Job] = []
    failed: list[Outcome] = []
    seen: set[str] = set()
    template_hash = sha256(template)
    for line, row in enumerate(read_customers(customers), start=2):
        cid, name = (row.get("customer_id") or "").strip(), (row.get("customer_name") or "").strip()
        try:
            if not cid:
                raise InputError("customer_id", cid, "is empty", source=customers, line=line)
            if cid in seen:
                raise InputError("customer_id", cid, "appears twice", source=customers, line=line)
            seen.add(cid)
            months = row["months"].strip()
            if not months.isdigit():
                raise InputError("months", months, "must be a whole number", source=customers,
                                 line=line)
            options = {k: (row.get(k) or "").strip() or default for k, default in OPTIONAL.items()}
            language = lang or options["lang"] or "zh"
            if language not in LANGS:
                raise InputError("lang", language, f"must be one of {', '.join(LANGS)}",
                                 source=customers, line=line)
            figures = _input(customers, line, options, "figures")
            assert figures is not None
            windows = _input(customers, line, options, "windows")
            account = options["account"] or cid
            archive = _archive(customers, line, options, account, out)
        except InputError as error:
            failed.append(Outcome(cid, name, "failed", str(error)))
            continue
        folder = (out / folder_name(cid)).resolve()
        assert folder.parent == out.resolve()
        policy = options["policy"]
        policy_file = (customers.parent / policy).resolve()  # a path is relative to the CSV
        parameters: dict[str, object] = {
            "customer_id": cid, "customer_name": name, "start": row["start"].strip(),
            "months": int(months), "figures": str(figures), "lang": language,
            "policy": str(policy_file) if policy_file.suffix == ".toml" else policy,
            "report_date": on.isoformat(), "archive": str(archive or ""),
            "account": account if archive else "", "windows": str(windows or ""),
        }
        inputs = {"figures": sha256(figures)}
        if archive:
            with Archive(archive, read_only=True) as opened:
                inputs["archive"] = opened.content_digest(account)
        if windows:
            inputs["windows"] = sha256(windows)
        if policy_file.suffix == ".toml" and policy_file.is_file():
            inputs["policy"] = sha256(policy_file)
        fingerprint = hashlib.sha256(json.dumps(
            {"parameters": parameters, "inputs": inputs, "template": template_hash,
             "slakit": __version__, "pdf": pdf}, sort_keys=True).encode()).hexdigest()
        jobs.append(Job(cid, name, folder, parameters, fingerprint, pdf, template))
    return jobs, failed


def _input(customers: Path, line: int, options: dict[str, str], key: str) -> Path | None:
    """An input named in the customers CSV, relative to it; it must exist."""
    if not options[key]:
        return None
    path = (customers.parent / options[key]).resolve()
    if not path.exists():
        raise InputError(key, options[key], "does not exist", source=customers, line=line)
    return path


def _archive(customers: Path, line: int, options: dict[str, str], account: str,
             out: Path) -> Path | None:
    """The receipts archive a customer's counts come from: the one named, or one made here by
    ingesting the receipts named (idempotent: a rerun adds nothing). Rejected records fail the
    customer, naming the first."""
    named = _input(customers, line, options, "archive")
    receipts = _input(customers, line, options, "receipts")
    if named or not receipts:
        return named
    archive = out / RECEIPTS_DB
    for result in ingest(archive, account, [receipts]):
        if result.problem and result.format is None:
            raise InputError("receipts", options["receipts"], result.problem, source=customers,
                             line=line)
        if result.rejects:
            raise InputError("receipts", options["receipts"],
                             f"{result.rejected:,} records rejected, first: {result.rejects[0]}",
                             source=customers, line=line)
    return archive.resolve()


def _execute(job: Job, kernel: str) -> NotebookNode:
    import papermill

    for attempt in range(1, RETRIES + 1):
        try:
            notebook: NotebookNode = papermill.execute_notebook(
                str(job.template), None, parameters=job.parameters, kernel_name=kernel,
                progress_bar=False, log_output=False, cwd=str(job.template.parent))
            return notebook
        except papermill.PapermillExecutionError:
            raise
        except Exception as error:  # a kernel that failed to start: retry a port race
            if attempt == RETRIES or not TRANSIENT.search(f"{type(error).__name__}: {error}"):
                raise
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def run_job(job: Job, kernel: str) -> Outcome:
    """Produce one customer's report files; any failure is caught and reported in the outcome."""
    import nbformat
    import papermill

    began = time.perf_counter()
    outcome = Outcome(job.customer_id, job.customer_name, "failed", folder=job.folder.name)
    try:
        p = job.parameters
        build_report(str(p["customer_id"]), str(p["customer_name"]), str(p["start"]),
                     int(str(p["months"])), str(p["figures"]), str(p["policy"]),
                     str(p["report_date"]), str(p["lang"]), archive=str(p["archive"]) or None,
                     account=str(p["account"]) or None,
                     windows=str(p["windows"]) or None)  # bad data fails fast, clearly
        notebook = _execute(job, kernel)
        summary = recorded_summary(notebook)
        job.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(job.folder / "report.ipynb",
                     nbformat.writes(notebook).encode())
        write_atomic(job.folder / "report.html", export_html(notebook).encode())
        write_atomic(job.folder / "summary.json",
                     json.dumps(summary, ensure_ascii=False, indent=2).encode())
        if job.pdf:
            print_pdf(job.folder / "report.html", job.folder / "report.pdf")
        write_atomic(job.folder / FINGERPRINT, job.fingerprint.encode())
        outcome.status, outcome.summary = "done", summary
    except papermill.PapermillExecutionError as error:
        outcome.reason = f"{error.ename}: {error.evalue}"
    except SlakitError as error:
        outcome.reason = str(error)
    except Exception as error:  # isolate the customer; the batch carries on
        outcome.reason = f"{type(error).__name__}: {error}"
    outcome.seconds = time.perf_counter() - began
    return outcome


def _expected(job: Job) -> list[Path]:
    names = ["report.ipynb", "report.html", "summary.json"] + (["report.pdf"] if job.pdf else [])
    return [job.folder / n for n in names]


def triage(job: Job, force: bool) -> Outcome | None:
    """An outcome without running, when the output is current or must not be overwritten."""
    stamp = job.folder / FINGERPRINT
    existing = stamp.read_text().strip() if stamp.exists() else None
    if existing == job.fingerprint and all(p.exists() for p in _expected(job)):
        summary = json.loads((job.folder / "summary.json").read_text(encoding="utf-8"))
        return Outcome(job.customer_id, job.customer_name, "skipped", "unchanged",
                       job.folder.name, summary=summary)
    if not force and job.folder.exists() and any(job.folder.iterdir()):
        return Outcome(job.customer_id, job.customer_name, "kept",
                       "a report from other inputs is there; rerun with --force to overwrite",
                       job.folder.name)
    return None


def run_reports(customers: str | Path, out: str | Path, *, jobs: int | None = None,
                force: bool = False, pdf: bool = False, lang: str | None = None,
                on: date | None = None, template: str | Path = TEMPLATE,
                progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Run every customer's report; returns one outcome per customer row, in CSV order."""
    customers, out, template = Path(customers), Path(out), Path(template)
    out.mkdir(parents=True, exist_ok=True)
    planned, failed = plan(customers, out, lang=lang, on=on or date.today(), pdf=pdf,
                           template=template)
    outcomes: dict[str, Outcome] = {o.customer_id: o for o in failed}
    todo = []
    for job in planned:
        early = triage(job, force)
        if early is None:
            todo.append(job)
        else:
            outcomes[job.customer_id] = early
            if progress:
                progress(early)
    if todo:
        kernel = ensure_kernel()
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(run_job, job, kernel) for job in todo]
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.customer_id] = outcome
                if progress:
                    progress(outcome)
    order = [row.get("customer_id", "").strip() for row in read_customers(customers)]
    result = [outcomes[c] for c in dict.fromkeys(order) if c in outcomes]
    result += [o for c, o in outcomes.items() if c not in order]
    write_index(result, out, on or date.today())
    return result


def outcome_dict(outcome: Outcome) -> dict[str, object]:
    return {k: v for k, v in asdict(outcome).items() if k != "summary"}
