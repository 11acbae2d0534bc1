"""The report batch: run the papermill template for every customer of a CSV, in parallel.

Each customer gets a folder under ``out`` with the executed notebook, an offline HTML report with
no code, the JSON summary recorded by the notebook and, on request, a PDF. A rerun skips customers
whose inputs, template and options are unchanged (by fingerprint) and never overwrites a
different existing output without ``force``. A customer that fails is reported in ``index.html``
and the others carry on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..csvfile import CsvTable, read_csv
from ..errors import WHOLE_FILE, ConfigError, InputError, ReportError, SlakitError
from ..i18n import check_lang, locale_lang
from ..kit import NOTEBOOKS
from ..outputs import output_folder
from ..policy import DEFAULT_POLICY, load_policy
from ..receipts.archive import Archive, ingest
from ..words import Said, says
from ..workdays import read_overrides
from .claim import Claim
from .footer import page_footer
from .kernel import ensure_kernel
from .model import CustomerReport, build_report, open_report, pack_name, sha256
from .output import (
    FINGERPRINT,
    PdfPrinter,
    export_html,
    folder_name,
    stray_output,
    warm_up,
    write_atomic,
    write_index,
)
from .pack import write_pack
from .register import Register
from .request import ReportRequest
from .stopping import close_with_worker, in_worker, init_worker, spawning, stop_workers
from .text import text
from .warm import TIMEOUT, WarmKernel, retrying_port_races
from .warm import TRANSIENT as TRANSIENT  # which kernel start failures are retried

if TYPE_CHECKING:
    from nbformat import NotebookNode

TEMPLATE = NOTEBOOKS / "reports" / "customer_report.ipynb"
REQUIRED = ("customer_id", "customer_name", "start", "months")
OPTIONAL = ("figures", "policy", "lang", "receipts", "archive", "account", "windows", "calendar",
            "customer_type", "declared", "cloud_account")
DEFAULT_FIGURES = "account-months.csv"  # beside the customers CSV
RECEIPTS_DB = "receipts.duckdb"  # where a batch archives the receipts its customers name
STOPPED = says("report.stopped")


@dataclass(frozen=True)
class Job:
    """One row of the customers CSV, turned into a report to make."""

    line: int  # in the customers CSV (the header is line 1)
    request: ReportRequest
    folder: Path
    receipts: Path | None = None  # archived by the batch before the report runs
    fingerprint: str = ""  # of everything the report depends on, once its inputs are ready


@dataclass(frozen=True)
class Kernels:
    """How the reports' kernels run: ``warm``, one kept per worker and wiped clean between
    reports (see :mod:`.warm`), or a fresh kernel per report; a cell running past ``timeout``
    seconds counts as a hung kernel."""

    name: str
    warm: bool = True
    timeout: float | None = TIMEOUT


@dataclass
class Outcome:
    line: int  # in the customers CSV: two rows with one id are two outcomes
    customer_id: str
    customer_name: str
    status: str  # done, skipped (unchanged), kept (different output exists), failed, stopped
    reason: Said | None = None
    folder: str = ""
    seconds: float = 0.0
    report: CustomerReport | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("done", "skipped")


def read_customers(path: Path) -> CsvTable:
    """The rows of a customers CSV (see :mod:`slakit.csvfile`); it must name the required
    columns and hold at least one row."""
    table = read_csv(path)
    missing = [c for c in REQUIRED if c not in table.frame.columns]
    if missing:
        raise InputError(missing[0], None, says("error.column_missing_need", need=", ".join(REQUIRED)),
                         source=path, line=1)
    if not table.rows_read:
        raise InputError(WHOLE_FILE, str(path), says("error.no_customers"))
    return table


def unused_columns(table: CsvTable) -> list[str]:
    """The columns of a customers CSV that slakit does not read: said once, never ignored unsaid."""
    return [str(c) for c in table.frame.columns if c not in (*REQUIRED, *OPTIONAL)]


def plan(customers: Path, out: Path, *, lang: str | None, on: date, calendar: Path | None = None,
         customer_type: str | None = None, declared: str = "") -> tuple[list[Job], list[Outcome]]:
    """Turn the customers CSV into jobs; rows that cannot become a job fail right here.

    ``calendar`` (official working days), ``customer_type`` and ``declared`` (the SLA §4.10
    customer type and the days whose volume was declared in advance, ``FIRST/LAST;…``) serve every
    row that does not name its own. Planning reads and checks; it writes nothing.
    """
    table = read_customers(customers)
    jobs: list[Job] = []
    failed = [Outcome(e.line or 0, "", "", "failed", e.said) for e in table.malformed]
    seen: dict[str, int] = {}
    rows = table.frame.fillna("").to_dict("records")
    for line, row in zip(table.lines.tolist(), rows, strict=True):
        cid, name = str(row["customer_id"]).strip(), str(row["customer_name"]).strip()
        options = {k: str(row.get(k, "")).strip() for k in OPTIONAL}
        try:
            if not cid:
                raise InputError("customer_id", cid, says("error.empty"))
            if cid in seen:
                raise InputError("customer_id", cid, says("error.twice_first", line=seen[cid]))
            seen[cid] = line
            archive = _input(customers, options["archive"], "archive")
            policy = options["policy"] or DEFAULT_POLICY
            policy_file = (customers.parent / policy).resolve()  # a path is relative to the CSV
            policy = str(policy_file) if policy_file.suffix == ".toml" else policy
            own_calendar = _input(customers, options["calendar"], "calendar")
            load_policy(policy)  # a bad policy or calendar fails its row, before any kernel
            if own_calendar:
                read_overrides(own_calendar)
            request = ReportRequest.from_parameters(
                customer_id=cid, customer_name=name, start=row["start"], months=row["months"],
                figures=_input(customers, options["figures"] or DEFAULT_FIGURES, "figures"),
                policy=policy, lang=lang or options["lang"], report_date=on.isoformat(),
                archive=archive or "", account=options["account"],
                windows=_input(customers, options["windows"], "windows") or "",
                calendar=own_calendar or calendar or "",
                customer_type=options["customer_type"] or customer_type or "",
                declared=options["declared"] or declared, cloud_account=options["cloud_account"])
            receipts = None if archive else _input(customers, options["receipts"], "receipts")
            folder = (out / folder_name(cid)).resolve()
            if folder.parent != out.resolve():
                raise InputError("customer_id", cid, says("error.not_folder_name"))
        except InputError as error:
            failed.append(Outcome(line, cid, name, "failed", error.at(customers, line).said))
            continue
        except ConfigError as error:  # the rule file a row names: that file, field and value
            failed.append(Outcome(line, cid, name, "failed", says(
                "frame.where", where=says("frame.line", source=str(customers), line=line),
                problem=error.said)))
            continue
        jobs.append(Job(line, request, folder, receipts))
    return jobs, failed


def _input(customers: Path, value: str, key: str) -> Path | None:
    """An input named in the customers CSV, relative to it; it must exist."""
    if not value:
        return None
    path = (customers.parent / value).resolve()
    if not path.exists():
        raise InputError(key, value, says("error.does_not_exist"))
    return path


def customer_request(customers: Path, customer_id: str, archive_folder: Path, *, on: date,
                     lang: str | None = None, calendar: Path | None = None,
                     customer_type: str | None = None, declared: str = "") -> ReportRequest:
    """One customer's request from a customers CSV, as the batch would make it; receipts the row
    names are archived in ``archive_folder`` first. A row that cannot become a report raises."""
    jobs, failed = plan(customers, archive_folder, lang=lang, on=on, calendar=calendar,
                        customer_type=customer_type, declared=declared)
    mine = [j for j in jobs if j.request.customer_id == customer_id]
    if not mine:
        reasons = [o.reason for o in failed if o.customer_id == customer_id]
        raise InputError("--customer", customer_id, next((r for r in reasons if r is not None),
                                                         says("error.not_in", where=str(customers))))
    if mine[0].receipts is not None:
        output_folder(archive_folder, "--out")
    ready, unarchived = archive_receipts(mine, customers, archive_folder)
    if unarchived:
        raise InputError("--customer", customer_id, unarchived[0].reason or says("error.empty"))
    return ready[0].request


def archive_receipts(jobs: list[Job], customers: Path, out: Path) -> tuple[list[Job], list[Outcome]]:
    """Archive the receipts each job names in the batch's own archive, and point the job at it.

    Ingest is idempotent, so a rerun adds nothing. Rejected records fail the customer, naming
    the first.
    """
    ready: list[Job] = []
    failed: list[Outcome] = []
    archive = out / RECEIPTS_DB
    for job in jobs:
        if job.receipts is None:
            ready.append(job)
            continue
        request = job.request
        try:
            for result in ingest(archive, request.account or request.customer_id, [job.receipts]):
                if result.problem and result.format is None:
                    raise InputError("receipts", str(job.receipts), result.problem)
                if result.rejects:
                    raise InputError("receipts", str(job.receipts), says(
                        "error.records_rejected", n=result.rejected, first=result.rejects[0].said))
        except InputError as error:
            failed.append(_outcome(job, "failed", error.at(customers, job.line).said))
            continue
        except Exception as error:  # an archive that cannot be written fails this customer alone
            failed.append(_outcome(job, "failed", _reason(error)))
            continue
        ready.append(replace(job, request=replace(request, archive=archive.resolve())))
    return ready, failed


def state_customers(customers: Path, work: Path, *, on: date, lang: str | None = None,
                    calendar: Path | None = None, customer_type: str | None = None,
                    declared: str = "") -> list[Outcome]:
    """Every customer of a customers CSV stated on ``on`` as the batch states its reports, without
    making them (``slakit due``): one outcome a row, a row that cannot be stated failed with its
    reason. Receipts a row names are archived in ``work``."""
    planned, failed = plan(customers, work, lang=lang, on=on, calendar=calendar,
                           customer_type=customer_type, declared=declared)
    if any(job.receipts for job in planned):
        output_folder(work, "--out")
    ready, unarchived = archive_receipts(planned, customers, work)
    outcomes = {o.line: o for o in failed + unarchived}
    for job in ready:
        try:
            outcomes[job.line] = _outcome(job, "done", report=build_report(job.request))
        except Exception as error:  # isolate the customer, as the batch does
            outcomes[job.line] = _outcome(job, "failed", _reason(error))
        outcomes[job.line].folder = ""
    return [outcomes[line] for line in sorted(outcomes)]


def fingerprint(job: Job, template_hash: str, pdf: bool) -> str:
    """A digest of everything the report depends on: its request, the contents of its inputs,
    the template, slakit's version and whether a PDF is made."""
    request = job.request
    inputs = {"figures": sha256(request.figures)}
    if request.archive:
        with Archive(request.archive, read_only=True) as opened:
            inputs["archive"] = opened.content_digest(request.account or request.customer_id)
    for name in ("windows", "calendar"):
        if getattr(request, name):
            inputs[name] = sha256(getattr(request, name))
    policy = Path(request.policy)
    if policy.suffix == ".toml" and policy.is_file():
        inputs["policy"] = sha256(policy)
    return hashlib.sha256(json.dumps(
        {"parameters": request.to_parameters(), "inputs": inputs, "template": template_hash,
         "slakit": __version__, "pdf": pdf}, sort_keys=True).encode()).hexdigest()


def _execute(job: Job, template: Path, run: Kernels, statement: Path) -> NotebookNode:
    """The template run on the report's record (its request too, so that the executed notebook
    says whose report it is)."""
    parameters = job.request.to_parameters() | {"statement": str(statement)}
    if run.warm:
        return _kept_kernel(run, template.parent).run(template, parameters)
    import papermill

    def fresh() -> NotebookNode:
        notebook: NotebookNode = papermill.execute_notebook(
            str(template), None, parameters=parameters, kernel_name=run.name,
            execution_timeout=run.timeout, progress_bar=False, log_output=False,
            cwd=str(template.parent))
        return notebook

    return retrying_port_races(fresh, keep=papermill.PapermillExecutionError)


_kept: WarmKernel | None = None  # this worker's kernel, kept across its reports


def _start_worker(template: Path, run: Kernels) -> None:
    """A worker's start: its kernel started (when kept warm) while this process does the work
    that only its first report would otherwise wait for (:func:`.output.warm_up`)."""
    init_worker()
    in_worker(_get_ready, template, run)


def _get_ready(template: Path, run: Kernels) -> None:
    try:
        if run.warm:
            _kept_kernel(run, template.parent).start(meanwhile=warm_up)
        else:
            warm_up()
    except Exception:  # the first report starts the kernel again, and fails with the reason
        logging.getLogger(__name__).info("a worker could not start its kernel", exc_info=True)


def _kept_kernel(run: Kernels, folder: Path) -> WarmKernel:
    """This worker's warm kernel, started on first use and shut down when the worker ends."""
    global _kept
    if _kept is None or (_kept.name, _kept.folder, _kept.timeout) != (run.name, folder, run.timeout):
        if _kept is not None:
            _kept.close()
        _kept = WarmKernel(run.name, folder, run.timeout)
        close_with_worker(_kept.close)
    return _kept


def title(request: ReportRequest) -> str:
    """The report's title, as its HTML page and PDF carry it."""
    return f"{text(request.lang, 'title')} — {request.customer_name} ({request.customer_id})"


def _outcome(job: Job, status: str, reason: Said | None = None,
             report: CustomerReport | None = None) -> Outcome:
    request = job.request
    return Outcome(job.line, request.customer_id, request.customer_name, status, reason,
                   job.folder.name, report=report)


def run_job(job: Job, template: Path, run: Kernels) -> Outcome:
    """Produce one customer's report files but the PDF and the fingerprint (see :func:`finish`);
    any failure is caught and reported in the outcome. The report is stated once, here: the
    template renders that record (saved as ``summary.json``) and the claim packs come from it."""
    import nbformat
    import papermill

    began = time.perf_counter()
    outcome = _outcome(job, "failed")
    try:
        report = build_report(job.request)  # bad data fails fast, clearly, before a kernel starts
        record = job.folder.with_name(f".{job.folder.name}.summary.json")  # beside its folder
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(report.to_json(), encoding="utf-8")
        try:
            notebook = _execute(job, template, run, record)
            stray = stray_output(notebook)
            if stray:
                raise ReportError(says("error.stray_output", stray=stray))
            job.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(job.folder / "report.ipynb", nbformat.writes(notebook).encode())
            write_atomic(job.folder / "report.html", export_html(notebook, title(job.request),
                                                                           job.request.lang).encode())
            os.replace(record, job.folder / "summary.json")
        finally:
            record.unlink(missing_ok=True)
        for month in report.claimable():  # a claim pack for each month still to be claimed
            write_pack(Claim(report, month), job.folder / pack_name(report.customer_id, month))
        outcome.status, outcome.report = "done", replace(report, evaluation=None)
    except papermill.PapermillExecutionError as error:
        outcome.reason = says("error.python", kind=error.ename, detail=error.evalue)
    except Exception as error:  # isolate the customer; the batch carries on
        outcome.reason = _reason(error)
    outcome.seconds = time.perf_counter() - began
    return outcome


def finish(job: Job, outcome: Outcome, printer: PdfPrinter | None) -> Outcome:
    """Complete a report made by :func:`run_job`: print its PDF, then write the fingerprint that
    marks it current."""
    if outcome.status != "done":
        return outcome
    began = time.perf_counter()
    try:
        if printer is not None:
            assert outcome.report is not None  # a report that is done
            printer.print(job.folder / "report.html", job.folder / "report.pdf",
                          footer=page_footer(outcome.report))
        write_atomic(job.folder / FINGERPRINT, job.fingerprint.encode())
    except Exception as error:
        outcome.status, outcome.reason = "failed", _reason(error)
    outcome.seconds += time.perf_counter() - began
    return outcome


def _expected(job: Job, pdf: bool, report: CustomerReport) -> list[Path]:
    names = ["report.ipynb", "report.html", "summary.json"] + (["report.pdf"] if pdf else [])
    return [job.folder / n for n in names + report.claim_packs]


def triage(job: Job, pdf: bool, force: bool) -> Outcome | None:
    """An outcome without running, when the output is current or must not be overwritten."""
    stamp = job.folder / FINGERPRINT
    existing = stamp.read_text().strip() if stamp.exists() else None
    saved = job.folder / "summary.json"
    if existing == job.fingerprint and saved.exists():
        report = open_report(saved)
        if all(p.exists() for p in _expected(job, pdf, report)):
            return _outcome(job, "skipped", says("report.unchanged"), report=report)
    if not force and job.folder.exists() and any(job.folder.iterdir()):
        return _outcome(job, "kept", says("report.kept"))
    return None


def run_reports(customers: str | Path, out: str | Path, *, jobs: int | None = None,
                force: bool = False, pdf: bool = False, lang: str | None = None,
                on: date | None = None, template: str | Path = TEMPLATE,
                calendar: str | Path | None = None, customer_type: str | None = None,
                declared: str = "", fresh_kernels: bool = False, timeout: float | None = TIMEOUT,
                register: Register | None = None,
                progress: Callable[[Outcome], object] | None = None) -> list[Outcome]:
    """Run every customer's report; returns one outcome per customer row, in CSV order.

    ``calendar`` is a file of official working days for the rows that name none, and
    ``customer_type`` and ``declared`` their SLA §4.10 customer type and declared days. Each worker keeps
    its kernel warm across its reports (:mod:`.warm`), or starts a fresh one per report with
    ``fresh_kernels``; a cell running past ``timeout`` seconds counts as a hung kernel. ``progress`` is
    called with each outcome as it comes. The desk (``index.html``, ``summary.csv`` and the
    reminders calendar, in ``lang``, else Chinese) shows the claims ``register``'s filed claims.
    On Ctrl-C (or SIGTERM raised as KeyboardInterrupt) the
    reports being made are stopped, their kernels shut down, ``index.html`` lists what finished
    and what was stopped, and the interrupt goes on.
    """
    customers, out, template = Path(customers), Path(out), Path(template)
    on = on or date.today()
    if not template.is_file():
        raise InputError("--template", str(template), says("error.does_not_exist"))
    if timeout is not None and not timeout > 0:
        raise InputError("--timeout", str(timeout), says("error.seconds"))
    if calendar is not None:
        read_overrides(calendar)  # a bad file fails the batch once, naming its field
        calendar = Path(calendar).resolve()
    planned, failed = plan(customers, out, lang=lang, on=on, calendar=calendar,
                           customer_type=customer_type, declared=declared)
    output_folder(out, "--out")
    planned, unarchived = archive_receipts(planned, customers, out)
    outcomes = {o.line: o for o in failed + unarchived}
    template_hash = sha256(template)
    todo = []
    for job in planned:
        try:
            job = replace(job, fingerprint=fingerprint(job, template_hash, pdf))
            early = triage(job, pdf, force)
        except Exception as error:  # a damaged archive or output folder fails this customer alone
            outcomes[job.line] = _outcome(job, "failed", _reason(error))
            continue
        if early is None:
            todo.append(job)
        else:
            outcomes[job.line] = early
    if progress:
        for outcome in outcomes.values():
            progress(outcome)
    try:
        if todo:
            run = Kernels(ensure_kernel(), warm=not fresh_kernels, timeout=timeout)
            _run_pool(todo, template, pdf, run, jobs, outcomes, progress or (lambda outcome: None))
    except BaseException:  # Ctrl-C, SIGTERM, a broken pool: every row still gets its outcome
        for job in todo:
            outcomes.setdefault(job.line, _outcome(job, "stopped", STOPPED))
        raise
    finally:
        write_index([outcomes[line] for line in sorted(outcomes)], out, on, check_lang(lang or locale_lang()),
                    register)
    return [outcomes[line] for line in sorted(outcomes)]


def _run_pool(todo: list[Job], template: Path, pdf: bool, run: Kernels, jobs: int | None,
              outcomes: dict[int, Outcome], done: Callable[[Outcome], object]) -> None:
    """Make the reports in parallel worker processes, each outcome recorded as it comes; the PDFs
    are printed here, by one browser, while the workers go on."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    context = multiprocessing.get_context("spawn")
    with (ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                              initargs=(template, run)) as pool,
          PdfPrinter() as printer):
        try:
            with spawning():  # the workers start as the jobs are submitted
                futures = {pool.submit(in_worker, run_job, job, template, run): job for job in todo}
            if pdf:  # while the workers start; a browser that fails to start fails each PDF
                with contextlib.suppress(Exception):
                    printer.open()
            for future in as_completed(futures):
                outcome = finish(futures[future], future.result(), printer if pdf else None)
                outcomes[outcome.line] = outcome
                done(outcome)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            stop_workers()
            raise


def _reason(error: Exception) -> Said:
    if isinstance(error, SlakitError):
        return error.said
    return says("error.python", kind=type(error).__name__, detail=str(error))


def outcome_dict(outcome: Outcome) -> dict[str, object]:
    """An outcome as JSON-ready data (without the report, which summary.json holds); the reason
    in English."""
    data = {f.name: getattr(outcome, f.name) for f in fields(outcome) if f.name != "report"}
    return data | {"reason": "" if outcome.reason is None else str(outcome.reason)}

