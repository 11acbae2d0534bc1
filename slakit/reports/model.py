"""One customer's SLA report: every service month assessed, with its claim window and evidence.

The papermill template in ``notebooks/reports/`` calls :func:`build_report` and displays what it
returns; the batch in :mod:`slakit.reports.batch` runs that template for many customers.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .. import __version__
from ..assess import Assessment, assess, count
from ..claims import ClaimWindow, claim_window
from ..errors import InputError
from ..explain import explain
from ..format import percent, show, truncate
from ..i18n import check_lang
from ..months import ServiceMonth, parse_date, service_months
from ..plotting import png
from ..policy import Policy, load_policy
from ..portfolio import read_portfolio
from ..receipts.codemap import DEFAULT_CODEMAP
from ..receipts.evaluate import evaluate
from .charts import availability_chart, daily_chart
from .text import text

MIME = "application/x.slakit+json"  # the summary a report records, read back by the batch
OPTIONAL_COUNTS = ("excluded", "disputed")
ARCHIVE_COUNTS = ("excluded", "disputed", "unclassified", "pending")
KNOWN_ORDER = ("explicit", "disputed", "unclassified", "excluded", "pending")  # table columns


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class MonthResult:
    month: ServiceMonth
    assessment: Assessment | None  # None when the figures hold no row for this month
    window: ClaimWindow
    known: dict[str, int] = field(default_factory=dict)  # excluded / disputed, when supplied
    best: Fraction | None = None  # best-case availability, when counted from receipts

    @property
    def owed(self) -> bool:
        return self.assessment is not None and self.assessment.credit_sms > 0


@dataclass(frozen=True)
class CustomerReport:
    customer_id: str
    customer_name: str
    policy: Policy
    report_date: date
    lang: str
    months: tuple[MonthResult, ...]
    inputs: dict[str, str]  # input file → SHA-256
    code_map: str | None = None
    daily_failures: dict[date, int] = field(default_factory=dict)  # from receipts, when used

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

    def _t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def status(self, result: MonthResult) -> str:
        """The claim status on the report date, in the report's language."""
        if result.assessment is None:
            return self._t("no_figures")
        if not result.owed:
            return self._t("no_claim")
        window, on = result.window, self.report_date
        state = window.status(on)
        if state == "not yet open":
            words = self._t("not_yet_open", day=window.first_day.isoformat())
        elif state == "open":
            words = self._t("open", days=window.days_left(on))
        else:
            words = self._t("expired")
        return words + (self._t("provisional") if window.provisional else "")

    def summary(self) -> dict[str, object]:
        """The figures as JSON-ready data (recorded in the notebook, read back by the batch)."""
        months = []
        for m in self.months:
            a = m.assessment
            entry: dict[str, object] = {
                "start": m.month.start.isoformat(), "end": m.month.end.isoformat(),
                "has_figures": a is not None,
                "claim_opens_after": m.window.opens_after.isoformat(),
                "claim_deadline": m.window.deadline.isoformat(),
                "claim_status": m.window.status(self.report_date) if m.owed else None,
                "provisional": m.window.provisional, **m.known,
            }
            if m.best is not None:
                entry["availability_best"] = str(truncate(m.best))
            if a is not None:
                entry |= {k: v for k, v in a.to_dict().items()
                          if k not in ("policy", "error_budget", "explanation")}
            months.append(entry)
        nxt = self.next_claim
        return {
            "customer_id": self.customer_id, "customer_name": self.customer_name,
            "policy": self.policy.id, "report_date": self.report_date.isoformat(),
            "lang": self.lang, "months": months,
            "totals": {"service_months": len(self.months), "breached": len(self.breached),
                       "credit_amount": show(self.credit_amount), "credit_sms": self.credit_sms,
                       "next_deadline": nxt.window.deadline.isoformat() if nxt else None},
            "evidence": {"slakit": __version__, "policy": self.policy.id,
                         "code_map": self.code_map, "inputs": self.inputs},
        }

    def headline_html(self) -> str:
        target = percent(self.policy.target.availability)
        esc = html.escape
        rows = [(self._t("customer"), f"{esc(self.customer_name)} ({esc(self.customer_id)})"),
                (self._t("policy"), esc(f"{self.policy.title} — {self.policy.id}")),
                (self._t("term"), f"{self.months[0].month.start} – {self.months[-1].month.end}"),
                (self._t("report_date"), self.report_date.isoformat())]
        facts = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
        if self.breached:
            line = self._t("headline_owed", breached=len(self.breached), months=len(self.months),
                           target=target, amount=show(self.credit_amount),
                           sms=f"{self.credit_sms:,}")
            expired = [m.assessment for m in self.months if m.owed and m.assessment
                       and m.window.status(self.report_date) == "expired"]
            if expired:
                line += " " + self._t("headline_expired",
                                      amount=show(sum((a.credit_amount for a in expired), Decimal(0))),
                                      sms=f"{sum(a.credit_sms for a in expired):,}")
            nxt = self.next_claim
            if nxt:
                line += " " + self._t("headline_claim", deadline=nxt.window.deadline,
                                      status=self.status(nxt))
        else:
            line = self._t("headline_met", target=target)
        return (f"<h1>{self._t('title')}</h1><table>{facts}</table>"
                f"<p style='font-size:1.15em'><strong>{esc(line)}</strong></p>")

    def months_table(self) -> pd.DataFrame:
        """One row per service month, headed in the report's language."""
        t = self._t
        extra = [k for k in KNOWN_ORDER if any(k in m.known for m in self.months)]
        rows = []
        for m in self.months:
            a = m.assessment
            row = {t("col_month"): f"{m.month.start} – {m.month.end}"}
            if a is None:
                row |= {t("col_valid"): "",
                        t("col_failures" if self.code_map is None else "col_failures_headline"): "",
                        t("col_availability"): "",
                        t("col_met"): "", t("col_rate"): "", t("col_amount"): "",
                        t("col_sms"): "", t("col_capped"): ""}
            else:
                row |= {
                    t("col_valid"): f"{a.valid_sends:,}",
                    t("col_failures" if self.code_map is None else "col_failures_headline"):
                    f"{a.explicit_failures:,}",
                    t("col_availability"): t("n/a") if a.availability is None
                    else percent(a.availability),
                    t("col_met"): t("yes") if a.meets_target else t("no"),
                    t("col_rate"): percent(Fraction(a.credit_rate)),
                    t("col_amount"): show(a.credit_amount),
                    t("col_sms"): f"{a.credit_sms:,}",
                    t("col_capped"): t("yes") if a.capped else "",
                }
            for key in extra:
                row[t(f"col_{key}")] = f"{m.known[key]:,}" if key in m.known else ""
            if any(r.best is not None for r in self.months):
                row[t("col_best")] = percent(m.best) if m.best is not None else ""
            row[t("col_window")] = t("window", first=m.window.first_day, deadline=m.window.deadline)
            row[t("col_status", date=self.report_date)] = self.status(m)
            rows.append(row)
        return pd.DataFrame(rows)

    def chart_png(self) -> bytes:
        return png(self.chart())

    def daily_chart_png(self) -> bytes | None:
        """Failures per day, when the counts come from receipts."""
        if not self.daily_failures:
            return None
        return png(daily_chart(list(self.daily_failures), list(self.daily_failures.values()),
                               title=self._t("daily_title"), axis=self._t("daily_axis")))

    def chart(self) -> Figure:
        return availability_chart(
            [f"{m.month.start:%Y-%m}" for m in self.months],
            [m.assessment.availability if m.assessment else None for m in self.months],
            self.policy.target.availability, title=self._t("chart_title"),
            target_label=self._t("target_line", target=percent(self.policy.target.availability)),
            no_volume_label=self._t("no_volume"))

    def explanations_html(self) -> str:
        items = "".join(f"<li><strong>{m.month.start} – {m.month.end}</strong>: "
                        f"{html.escape(explain(m.assessment, self.policy, self.lang))}</li>"
                        for m in self.months if m.assessment is not None)
        return f"<h2>{self._t('explanations_heading')}</h2><ul>{items}</ul>"

    def evidence_html(self) -> str:
        esc = html.escape
        items = "".join(f"<li><code>{esc(name)}</code>: <code>{digest}</code></li>"
                        for name, digest in self.inputs.items())
        code_map = (f"<p>{self._t('code_map')}: {esc(self.code_map)}</p>" if self.code_map else "")
        return (f"<h2>{self._t('evidence_heading')}</h2>"
                f"<p>{esc(self._t('evidence_intro', version=__version__, policy=self.policy.id))}</p>"
                f"<ul>{items}</ul>{code_map}<p><small>{esc(self._t('footnote'))}</small></p>")


def _month_rows(figures: Path, customer_id: str) -> dict[tuple[date, date], tuple[int, pd.Series]]:
    """This customer's rows of a monthly-figures CSV, by (start, end); bad rows raise."""
    portfolio = read_portfolio(figures)
    if "customer_id" not in portfolio.read.columns:
        raise InputError("customer_id", None, "column is missing", source=figures)
    for reject, error in zip(portfolio.rejected, portfolio.errors(), strict=True):
        if portfolio.read["customer_id"].iloc[reject.row] == customer_id:
            raise error
    rows = {}
    mine = portfolio.frame[portfolio.frame["customer_id"] == customer_id]
    for position, row in mine.iterrows():
        line = int(str(position)) + 2
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


def build_report(customer_id: str, customer_name: str, start: str | date, months: int,
                 figures: str | Path, policy: str | Path = "tencent-sms-2020-09-23",
                 report_date: str | date | None = None, lang: str = "en", *,
                 archive: str | Path | None = None, account: str | None = None,
                 windows: str | Path | None = None,
                 codemap: str | Path = DEFAULT_CODEMAP) -> CustomerReport:
    """Assess each service month of a customer's term. The CSV of monthly figures gives the fees
    and list price, and the counts too, unless a receipts ``archive`` is given: then the counts
    come from the account's archived sends and receipts (headline: disputed and unclassified
    count as failures; the best case is kept beside it)."""
    check_lang(lang)
    pol = load_policy(policy)
    figures = Path(figures)
    start_day = start if isinstance(start, date) else parse_date(start, "start")
    on = report_date if isinstance(report_date, date) else (
        parse_date(report_date, "report_date") if report_date else date.today())
    term = service_months(start_day, count(months, "months"), pol.service_months.rule)
    rows = _month_rows(figures, customer_id)
    unknown = set(rows) - {(m.start, m.end) for m in term}
    if unknown:
        line, _ = rows[min(unknown)]
        first = min(unknown)
        raise InputError("service_month_start", f"{first[0]}..{first[1]}",
                         f"is not a service month of this term ({term[0].start} + {months} months)",
                         source=figures, line=line)
    inputs = {figures.name: sha256(figures), Path(pol.source).name: sha256(pol.source)}
    found = None
    if archive:
        found = evaluate(archive, account or customer_id, term, pol, codemap=codemap,
                         windows=windows)
        inputs[f"{Path(archive).name} (account {found.account})"] = found.digest()
        if windows:
            inputs[Path(windows).name] = sha256(windows)
    results = []
    for i, month in enumerate(term):
        window = claim_window(month.end, pol)
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
                         if k in row.index and str(row[k]).strip()}
            a = assess(valid, failures, fee=row["fee"], deductions=row.get("deductions") or "0",
                       list_price=row["list_price"], policy=pol)
        except (InputError, ValueError) as error:
            raise InputError("(row)", dict(row), str(error), source=figures, line=line) from None
        best = found.months[i].availability_best if found else None
        results.append(MonthResult(month, a, window, known, best))
    return CustomerReport(customer_id, customer_name, pol, on, lang, tuple(results), inputs,
                          code_map=found.codemap.id if found else None,
                          daily_failures=found.daily_failures() if found else {})
