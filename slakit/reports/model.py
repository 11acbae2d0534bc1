"""One customer's report as data: every service month assessed, with its claim window, the totals
and the evidence. :mod:`slakit.reports.render` turns it into what a person reads.

The papermill template in ``notebooks/reports/`` calls :func:`build_report` and displays what it
returns; the batch in :mod:`slakit.reports.batch` runs that template for many customers.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from .. import __version__
from ..assess import Assessment, assess, count
from ..claims import ClaimWindow, claim_window
from ..errors import InputError
from ..format import show, truncate
from ..i18n import Lang
from ..lab.projection import Day, Projection, project
from ..months import ServiceMonth, parse_date, service_months
from ..policy import Policy, load_policy
from ..portfolio import read_portfolio
from ..receipts.codemap import DEFAULT_CODEMAP
from ..receipts.evaluate import Evaluation, evaluate
from ..term import assess_term
from ..workdays import read_overrides
from .request import ReportRequest

MIME = "application/x.slakit+json"  # the summary a report records, read back by the batch
OPTIONAL_COUNTS = ("excluded", "disputed")
ARCHIVE_COUNTS = ("excluded", "disputed", "unclassified", "pending")
ClaimState = Literal["no figures", "no claim", "not yet open", "open", "expired"]


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class MonthResult:
    """One service month of the term: its assessment (None without figures) and claim window."""

    month: ServiceMonth
    assessment: Assessment | None  # None when the figures hold no row for this month
    window: ClaimWindow
    known: dict[str, int] = field(default_factory=dict)  # excluded / disputed, when supplied
    best: Fraction | None = None  # best-case availability, when counted from receipts

    @property
    def owed(self) -> bool:
        return self.assessment is not None and self.assessment.credit_sms > 0

    @property
    def pack_name(self) -> str:
        """The file name of this month's claim pack (:mod:`slakit.reports.pack`)."""
        return f"claim-{self.month.start.isoformat()}.zip"


@dataclass(frozen=True)
class Totals:
    """The term at a glance: months, breaches, credit, the next claim deadline."""

    service_months: int
    breached: int
    credit_amount: Decimal
    credit_sms: int
    next_deadline: date | None

    def to_dict(self) -> dict[str, object]:
        return {"service_months": self.service_months, "breached": self.breached,
                "credit_amount": show(self.credit_amount), "credit_sms": self.credit_sms,
                "next_deadline": self.next_deadline.isoformat() if self.next_deadline else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Totals:
        deadline = data.get("next_deadline")
        return cls(int(data["service_months"]), int(data["breached"]),
                   Decimal(str(data["credit_amount"])), int(data["credit_sms"]),
                   date.fromisoformat(deadline) if deadline else None)


@dataclass(frozen=True)
class Summary:
    """A report's figures as recorded in the executed notebook and saved as ``summary.json``.

    The months stay JSON-ready records (exact decimals as strings); the totals are typed.
    """

    customer_id: str
    customer_name: str
    policy: str
    report_date: date
    lang: Lang
    months: tuple[dict[str, Any], ...]
    totals: Totals
    evidence: dict[str, Any]
    current: dict[str, Any] | None = None  # the month in progress on the report date, projected

    @property
    def claim_packs(self) -> list[str]:
        """The claim packs that come with the report, by file name."""
        return [str(m["claim_pack"]) for m in self.months if m.get("claim_pack")]

    def to_dict(self) -> dict[str, Any]:
        return {"customer_id": self.customer_id, "customer_name": self.customer_name,
                "policy": self.policy, "report_date": self.report_date.isoformat(),
                "lang": self.lang, "months": list(self.months), "totals": self.totals.to_dict(),
                "evidence": self.evidence, "current": self.current}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls(str(data["customer_id"]), str(data["customer_name"]), str(data["policy"]),
                   date.fromisoformat(data["report_date"]), data["lang"], tuple(data["months"]),
                   Totals.from_dict(data["totals"]), dict(data["evidence"]), data.get("current"))


@dataclass(frozen=True)
class CustomerReport:
    """Every service month of one customer's term assessed under a policy, on a report date,
    with the inputs' fingerprints (and, from receipts, the code map and failures per day)."""

    request: ReportRequest
    policy: Policy
    months: tuple[MonthResult, ...]
    inputs: dict[str, str]  # input file → SHA-256
    evaluation: Evaluation | None = None  # the counts from receipts, when an archive gave them
    current: Projection | None = None  # the month the report date falls in, from receipts

    @property
    def code_map(self) -> str | None:
        return self.evaluation.codemap.id if self.evaluation else None

    @property
    def daily_failures(self) -> dict[date, int]:
        """Failures per day, from receipts (empty when the counts came from the figures CSV)."""
        return self.evaluation.daily_failures() if self.evaluation else {}

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
        return self.request.on

    @property
    def breached(self) -> list[MonthResult]:
        return [m for m in self.months if m.assessment is not None and not m.assessment.meets_target]

    @property
    def credit_amount(self) -> Decimal:
        return sum((m.assessment.credit_amount for m in self.breached if m.assessment), Decimal(0))

    @property
    def credit_sms(self) -> int:
        return sum(m.assessment.credit_sms for m in self.breached if m.assessment)

    @property
    def next_claim(self) -> MonthResult | None:
        """The owed month whose claim deadline comes first, among those not yet expired."""
        live = [m for m in self.months if m.owed and m.window.status(self.report_date) != "expired"]
        return min(live, key=lambda m: m.window.deadline, default=None)

    def claim_state(self, result: MonthResult) -> ClaimState:
        """Where a month's claim stands on the report date."""
        if result.assessment is None:
            return "no figures"
        if not result.owed:
            return "no claim"
        state: ClaimState = result.window.status(self.report_date)  # type: ignore[assignment]
        return state

    def claimable(self) -> list[MonthResult]:
        """The owed months over by the report date whose claim has not expired: each gets a pack."""
        return [m for m in self.months if m.owed and m.month.end < self.report_date
                and m.window.status(self.report_date) != "expired"]

    def totals(self) -> Totals:
        nxt = self.next_claim
        return Totals(len(self.months), len(self.breached), self.credit_amount, self.credit_sms,
                      nxt.window.deadline if nxt else None)

    def summary(self) -> Summary:
        """The figures as recorded in the notebook and read back by the batch."""
        months, claimable = [], self.claimable()
        for m in self.months:
            a = m.assessment
            entry: dict[str, object] = {
                "start": m.month.start.isoformat(), "end": m.month.end.isoformat(),
                "has_figures": a is not None,
                "claim_opens_after": m.window.opens_after.isoformat(),
                "claim_deadline": m.window.deadline.isoformat(),
                "claim_status": m.window.status(self.report_date) if m.owed else None,
                "provisional": m.window.provisional, **m.known,
                "claim_pack": m.pack_name if m in claimable else None,
            }
            if m.best is not None:
                entry["availability_best"] = str(truncate(m.best))
            if a is not None:
                entry |= {k: v for k, v in a.to_dict().items()
                          if k not in ("policy", "error_budget", "explanation")}
            months.append(entry)
        return Summary(
            self.customer_id, self.customer_name, self.policy.id, self.report_date, self.lang,
            tuple(months), self.totals(),
            {"slakit": __version__, "policy": self.policy.id, "code_map": self.code_map,
             "inputs": self.inputs},
            self.current.to_dict() if self.current else None)


def _month_rows(figures: Path, customer_id: str) -> dict[tuple[date, date], tuple[int, pd.Series]]:
    """This customer's rows of a monthly-figures CSV, by (start, end); bad rows raise."""
    portfolio = read_portfolio(figures)
    if "customer_id" not in portfolio.read.columns:
        raise InputError("customer_id", None, "column is missing", source=figures)
    for error in portfolio.malformed:  # a row that lost its columns may be this customer's
        if customer_id in next(csv.reader([str(error.value)]), []):
            raise error
    for reject in portfolio.rejected:
        if portfolio.read["customer_id"].iloc[reject.row] == customer_id:
            raise reject.error(figures, int(portfolio.lines[reject.row]))
    rows = {}
    mine = portfolio.frame[portfolio.frame["customer_id"] == customer_id]
    for position, row in mine.iterrows():
        line = int(portfolio.lines[int(str(position))])
        start = _located_date(row, "service_month_start", figures, line)
        end = _located_date(row, "service_month_end", figures, line)
        if (start, end) in rows:
            raise InputError("service_month_start", str(start), "appears twice for this customer",
                             source=figures, line=line)
        rows[(start, end)] = (line, row)
    return rows


def _located_date(row: pd.Series, name: str, source: Path, line: int) -> date:
    try:
        return parse_date(str(row.get(name, "")), name)
    except InputError as error:
        raise error.at(source, line) from None


def build_report(request: ReportRequest) -> CustomerReport:
    """Assess each service month of a customer's term, the SLA §5.1 term cap across them. The CSV
    of monthly figures gives the fees (and, optionally, the fee actually ``paid``) and list price,
    and the counts too, unless the request names a receipts archive: then the counts come from
    the account's archived sends and receipts (headline: disputed and unclassified count as
    failures; the best case is kept beside it). Claim windows use the request's ``calendar`` of
    official days where the published schedule ends."""
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
                         f"is not a service month of this term ({term[0].start} + {months} months)",
                         source=figures, line=line)
    inputs = {figures.name: sha256(figures), Path(pol.source).name: sha256(pol.source)}
    found = None
    if request.archive:
        found = evaluate(request.archive, request.account or request.customer_id, term, pol,
                         codemap=DEFAULT_CODEMAP, windows=request.windows)
        inputs[f"{request.archive.name} (account {found.account})"] = found.digest()
        if request.windows:
            inputs[request.windows.name] = sha256(request.windows)
    overrides = read_overrides(request.calendar) if request.calendar else {}
    if request.calendar:
        inputs[request.calendar.name] = sha256(request.calendar)
    results = []
    for i, month in enumerate(term):
        window = claim_window(month.end, pol, overrides)
        if (month.start, month.end) not in rows:
            results.append(MonthResult(month, None, window))
            continue
        line, row = rows[(month.start, month.end)]
        try:
            if found:
                counted = found.months[i]
                valid, failures = counted.valid_sends, counted.valid_sends - counted.counts["delivered"]
                known = {k: counted.counts[k] for k in ARCHIVE_COUNTS}
                known["explicit"] = counted.counts["explicit_failure"]  # the headline adds more
            else:
                valid, failures = int(row["valid_sends"]), int(row["explicit_failures"])
                known = {k: count(int(row[k]), k) for k in OPTIONAL_COUNTS
                         if k in row.index and not pd.isna(row[k])}
            paid = row.get("paid")
            a = assess(valid, failures, fee=row["fee"], deductions=row.get("deductions") or "0",
                       list_price=row["list_price"], policy=pol, excluded=known.get("excluded", 0),
                       paid=None if pd.isna(paid) else paid)
        except (InputError, ValueError) as error:
            raise InputError("(row)", dict(row), str(error), source=figures, line=line) from None
        best = found.months[i].availability_best if found else None
        results.append(MonthResult(month, a, window, known, best))
    # SLA §5.1 across the term: the months with figures, in service-month order
    capped = iter(assess_term([r.assessment for r in results if r.assessment], pol).months)
    results = [replace(r, assessment=next(capped)) if r.assessment else r for r in results]
    return CustomerReport(request, pol, tuple(results), inputs, found,
                          _current(found, results, rows, request.on, pol) if found else None)


def _current(found: Evaluation, results: list[MonthResult],
             rows: dict[tuple[date, date], tuple[int, pd.Series]], on: date,
             policy: Policy) -> Projection | None:
    """Where the service month holding the report date is heading (the days to the one before
    it, the last whole day), when that day is not the month's first; with the fees of its row of
    figures when there is one. None when the month's days so far cannot be projected."""
    month = next((r.month for r in results if r.month.start < on <= r.month.end), None)
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
