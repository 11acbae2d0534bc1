"""One customer's report as a record: the term's statement (each service month stated on the
report date, :mod:`slakit.statement`), what the report shows beside it (the sends by class per day
and the month in progress, from receipts) and the inputs' fingerprints. :mod:`.render` turns it
into what a person reads.

The batch states a customer's report once (:func:`build_report`), saves the record as the
report's ``summary.json`` and makes the claim packs from it; the papermill template in
``notebooks/reports/`` opens that record (:func:`open_report`) and only renders it, so the report,
its summary and its packs cannot disagree.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from ..assess import count
from ..errors import InputError
from ..i18n import Lang
from ..lab.projection import Day, Projection, project
from ..months import ServiceMonth, month_problem, parse_date, service_months
from ..policy import Policy, load_policy
from ..portfolio import read_portfolio
from ..receipts.aggregate import FAILURES
from ..receipts.codemap import DEFAULT_CODEMAP
from ..receipts.evaluate import Evaluation, evaluate
from ..records import UNRECORDED, dump, load
from ..statement import Evidence, Fees, Statement, TermStatement, fees, figures_counts, state_term
from ..words import says
from ..workdays import read_overrides
from .request import ReportRequest

DailyClasses = dict[date, dict[str, int]]  # each day's sends by class (slakit.receipts.aggregate)


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_name(customer_id: str) -> str:
    """A file-system-safe folder name for a customer id, never a path outside ``out``.

    >>> folder_name("C001"), folder_name("../../etc")
    ('C001', 'etc-74ccf3c5')
    """
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", customer_id).strip(".-")[:60]
    if safe == customer_id:
        return safe
    return f"{safe}-{hashlib.sha256(customer_id.encode()).hexdigest()[:8]}" if safe else \
        "customer-" + hashlib.sha256(customer_id.encode()).hexdigest()[:8]


def pack_name(customer_id: str, month: Statement) -> str:
    """The file name of a customer-month's claim pack (:mod:`slakit.reports.pack`), wherever it is
    written: beside the report or by ``slakit claim``; the ticket names its attachment by it.

    >>> from slakit.statement import Evidence, state
    >>> from slakit.months import ServiceMonth
    >>> oct = ServiceMonth(date(2026, 10, 1), date(2026, 10, 31))
    >>> pack_name("C020", state(Evidence(oct, "figures", None), on=date(2026, 12, 7)))
    'C020-claim-2026-10-01.zip'
    """
    assert month.month is not None
    return f"{folder_name(customer_id)}-claim-{month.month.start.isoformat()}.zip"


@dataclass(frozen=True)
class CustomerReport:
    """Every service month of one customer's term stated under a policy on the report date, with
    the inputs' fingerprints (and, from receipts, the archive's account, the code map, each day's
    sends by class and the month in progress). A record: :func:`~slakit.records.dump` and
    :func:`open_report` carry it between processes unchanged. ``evaluation`` (the archive's
    counts, for the claim packs' send-by-send evidence) stays in the process that stated it."""

    request: ReportRequest
    statement: TermStatement
    inputs: dict[str, str]  # input file → SHA-256
    account: str | None = None  # the archive's account, when the counts come from receipts
    code_map: str | None = None
    daily: DailyClasses = field(default_factory=dict)
    current: Projection | None = None  # the month the report date falls in, from receipts
    evaluation: Evaluation | None = field(default=None, compare=False, repr=False, metadata=UNRECORDED)

    @property
    def customer_id(self) -> str:
        return self.request.customer_id

    @property
    def customer_name(self) -> str:
        return self.request.customer_name

    @property
    def lang(self) -> Lang:
        return self.request.lang

    @property
    def report_date(self) -> date:
        return self.statement.on

    @property
    def policy(self) -> Policy:
        return self.statement.policy

    @property
    def months(self) -> tuple[Statement, ...]:
        return self.statement.months

    @property
    def daily_failures(self) -> dict[date, int]:
        """Failures per day as the headline counts them, from receipts (empty from figures)."""
        return {day: n for day, c in self.daily.items() if (n := sum(c.get(k, 0) for k in FAILURES))}

    def claimable(self) -> list[Statement]:
        """The owed months still to be claimed on the report date: each gets a claim pack."""
        return self.statement.having("not_yet_open", "open")

    @property
    def claim_packs(self) -> list[str]:
        """The claim packs that come with the report, by file name."""
        return [pack_name(self.customer_id, m) for m in self.claimable()]

    def to_json(self) -> str:
        """The record as exact JSON: the report's ``summary.json``."""
        return json.dumps(dump(self), ensure_ascii=False, indent=2) + "\n"


def open_report(path: str | Path) -> CustomerReport:
    """A report as :meth:`CustomerReport.to_json` saved it."""
    report: CustomerReport = load(CustomerReport, json.loads(Path(path).read_text(encoding="utf-8")))
    return report


def _month_rows(figures: Path, customer_id: str) -> dict[tuple[date, date], tuple[int, pd.Series]]:
    """This customer's rows of a monthly-figures CSV, by (start, end); bad rows raise."""
    portfolio = read_portfolio(figures)
    if "customer_id" not in portfolio.read.columns:
        raise InputError("customer_id", None, says("error.column_missing"), source=figures)
    for error in portfolio.malformed:  # a row that lost its columns may be this customer's
        if customer_id in next(csv.reader([str(error.value)]), []):
            raise error
    for reject in portfolio.rejected:
        if portfolio.read["customer_id"].iloc[reject.row] == customer_id:
            raise reject.error(figures, int(portfolio.lines[reject.row]))
    rows = {}
    mine = portfolio.frame[portfolio.frame["customer_id"] == customer_id]
    if mine.empty:
        ids = sorted(map(str, portfolio.read["customer_id"].dropna().unique()))
        raise _no_rows(figures, customer_id, ids)
    for position, row in mine.iterrows():
        line = int(portfolio.lines[int(str(position))])
        start = _located_date(row, "service_month_start", figures, line)
        end = _located_date(row, "service_month_end", figures, line)
        problem = month_problem(start, end)  # as `slakit portfolio` checks it
        if problem:
            raise InputError("service_month_end", str(end), problem, source=figures, line=line)
        if (start, end) in rows:
            raise InputError("service_month_start", str(start), says("error.twice_customer"),
                             source=figures, line=line)
        rows[(start, end)] = (line, row)
    return rows


def _located_date(row: pd.Series, name: str, source: Path, line: int) -> date:
    try:
        return parse_date(str(row.get(name, "")), name)
    except InputError as error:
        raise error.at(source, line) from None


def _no_rows(figures: Path, customer_id: str, ids: list[str]) -> InputError:
    near = difflib.get_close_matches(customer_id, ids, n=1)
    if near:
        return InputError("customer_id", customer_id, says("error.no_rows_near", figures=figures.name,
                                                           near=near[0]), source=figures)
    return InputError("customer_id", customer_id, says("error.no_rows", figures=figures.name), source=figures)


def _month_fees(row: pd.Series) -> Fees:
    paid = row.get("paid")
    return fees(row["fee"], row["list_price"], row.get("deductions") or "0",
                None if pd.isna(paid) else paid)


def _figures_evidence(month: ServiceMonth, row: pd.Series) -> Evidence:
    def optional(name: str) -> int:
        return count(int(row[name]), name) if name in row.index and not pd.isna(row[name]) else 0

    counts = figures_counts(int(row["valid_sends"]), int(row["explicit_failures"]),
                            optional("excluded"), optional("disputed"))
    return Evidence(month, "figures", counts, (month.start, month.end))


def build_report(request: ReportRequest) -> CustomerReport:
    """State each service month of a customer's term on the report date, under the SLA §5.1 cap
    across them (:func:`~slakit.statement.state_term`). The CSV of monthly figures gives the fees
    (and, optionally, the fee actually ``paid``) and list price, and the counts too, unless the
    request names a receipts archive: then the counts come from the account's archived sends and
    receipts (the headline counts disputed and unclassified sends as failures; the band's best end
    is kept beside it), with the SLA §4.10 threshold of the request's customer type. Claim windows
    use the request's ``calendar`` of official days where the published schedule ends. A customer
    without a single row of figures is an error: no data is not nothing owed."""
    pol = load_policy(request.policy)
    figures = request.figures
    months = count(request.months, "months")
    term = service_months(request.start, months, pol.service_months.rule)
    rows = _month_rows(figures, request.customer_id)
    unknown = set(rows) - {(m.start, m.end) for m in term}
    if unknown:
        first = min(unknown)
        line, _ = rows[first]
        raise InputError("service_month_start", f"{first[0]}..{first[1]}",
                         says("error.not_term_month", start=term[0].start, months=months),
                         source=figures, line=line)
    inputs = {figures.name: sha256(figures), Path(pol.source).name: sha256(pol.source)}
    found = None
    if request.archive:
        found = evaluate(request.archive, request.account or request.customer_id, term, pol,
                         codemap=DEFAULT_CODEMAP, windows=request.windows,
                         customer=request.customer_type, declared=request.declared)
        inputs[f"{request.archive.name} (account {found.account})"] = found.digest()
        if request.windows:
            inputs[request.windows.name] = sha256(request.windows)
    overrides = read_overrides(request.calendar) if request.calendar else {}
    if request.calendar:
        inputs[request.calendar.name] = sha256(request.calendar)
    counted = found.evidence() if found else None
    stated: list[tuple[Evidence, Fees | None]] = []
    for i, month in enumerate(term):
        row = rows.get((month.start, month.end))
        try:
            evidence = (counted[i] if counted else _figures_evidence(month, row[1]) if row
                        else Evidence(month, "figures", None))
            stated.append((evidence, _month_fees(row[1]) if row else None))
        except InputError as error:
            raise error.at(figures, row[0] if row else None) from None
        except ValueError as error:
            raise InputError("(row)", dict(row[1]) if row else None, says(
                "error.python", kind=type(error).__name__, detail=str(error)), source=figures,

                             line=row[0] if row else None) from None
    statement = state_term(stated, pol, on=request.on, overrides=overrides)
    daily = {day: dict(c) for day, c in found.daily_classes().items()} if found else {}
    return CustomerReport(request, statement, inputs, found.account if found else None,
                          found.codemap.id if found else None, daily,
                          _current(found, term, rows, request.on, pol) if found else None, found)


def _current(found: Evaluation, term: list[ServiceMonth],
             rows: dict[tuple[date, date], tuple[int, pd.Series]], on: date,
             policy: Policy) -> Projection | None:
    """Where the service month holding the report date is heading (the days to the one before
    it, the last whole day), when that day is not the month's first; with the fees of its row of
    figures when there is one. None when the month's days so far cannot be projected."""
    month = next((m for m in term if m.start < on <= m.end), None)
    if month is None:
        return None
    money: dict[str, Any] = {}
    if (month.start, month.end) in rows:
        _, row = rows[(month.start, month.end)]
        paid = row.get("paid")
        money = {"fee": row["fee"], "list_price": row["list_price"],
                 "deductions": row.get("deductions") or "0", "paid": None if pd.isna(paid) else paid}
    try:
        return project([Day(*d) for d in found.daily_counts(policy)], month, on - timedelta(days=1), policy,
                       **money)
    except InputError:  # too few days with sends so far: the report says so
        return None
