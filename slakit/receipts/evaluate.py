"""One account's service months evaluated from the archive: the figures, the daily outcomes they
came from, and what they depend on (code map, exclusion windows, a digest of the data)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..errors import InputError
from ..months import ServiceMonth
from ..policy import Policy
from ..statement import Counts, Evidence
from ..words import Said, says
from .accounts import check_account
from .aggregate import FAILURES, MonthFigures, Query, Rows, figures, outcomes, volume_excluded
from .archive import Archive
from .codemap import DEFAULT_CODEMAP, CodeMap, load_codemap
from .windows import Window, read_windows, segments


def _no_records(where: Said, account: str, first: date, last: date, days: Sequence[date]) -> InputError:
    """The error for an account without records in a term, saying where its records are."""
    if not days:
        return InputError("account", account, says("error.no_records_in", where=where))
    return InputError("account", account, says("error.no_records_from", first=first, last=last, where=where,
                                               since=days[0], until=days[-1]))


def covering(days: Sequence[date], month: ServiceMonth) -> tuple[tuple[date, date] | None, tuple[date, ...]]:
    """The days of ``month`` that records on ``days`` (in order) cover: the span from their first
    to their last day met with the month (None when they do not meet), and the days inside it
    with no record at all.

    >>> from slakit.months import ServiceMonth
    >>> april = ServiceMonth(date(2026, 4, 1), date(2026, 4, 30))
    >>> days = [date(2026, 3, 31), *(date(2026, 4, d) for d in (1, 2, 4, 5, 16))]
    >>> (first, last), gaps = covering(days, april)
    >>> first.isoformat(), last.isoformat(), len(gaps), gaps[0].isoformat()   # records end on the 16th
    ('2026-04-01', '2026-04-16', 11, '2026-04-03')
    >>> covering([date(2026, 3, 30)], april)
    (None, ())
    """
    if not days or days[-1] < month.start or days[0] > month.end:
        return None, ()
    first, last = max(days[0], month.start), min(days[-1], month.end)
    seen = set(days)
    gaps = tuple(d for d in (first + timedelta(n) for n in range((last - first).days + 1)) if d not in seen)
    return (first, last), gaps


@dataclass(frozen=True)
class Evaluation:
    """An account's service months as the archive counts them, with what the counts rest on:
    the daily outcomes, the code map, the windows, the SLA §4.10 days, and the days (China time)
    the account has any send or receipt on in the whole archive (``record_days``), which say how
    far the records cover each month."""

    account: str
    months: list[MonthFigures]
    rows: Rows  # (day, stage, code, class, clause, count)
    codemap: CodeMap
    windows: list[Window]
    volume_days: dict[date, str] = field(default_factory=dict)  # SLA §4.10 days: failures excluded
    record_days: tuple[date, ...] = ()  # in order

    @property
    def span(self) -> tuple[date, date] | None:
        """The first and last day with any send or receipt of the account; None without records."""
        return (self.record_days[0], self.record_days[-1]) if self.record_days else None

    def coverage(self, month: ServiceMonth) -> tuple[tuple[date, date] | None, tuple[date, ...]]:
        """How far the records cover ``month`` (:func:`covering`): first and last day, and gaps."""
        return covering(self.record_days, month)

    def daily_classes(self) -> dict[date, Counter[str]]:
        """Each day's sends by class, as the months count them (SLA §4.10 days' failures excluded)."""
        out: dict[date, Counter[str]] = {}
        for day, _, _, cls, _, n in self.rows:
            if cls in FAILURES and day in self.volume_days:
                cls = "excluded"
            out.setdefault(day, Counter())[cls] += n
        return dict(sorted(out.items()))

    def daily_counts(self, policy: Policy) -> list[tuple[date, int, int]]:
        """(day, sends counted, failures) per day with records, the headline's way (SLA §1.3,
        §2.1), under ``policy``'s reading of SLA §4: the excluded sends are among the day's sends
        counted where the policy counts them as delivered, as :func:`~slakit.assess.verdict` does."""
        out = []
        for day, c in self.daily_classes().items():
            failures = sum(c[k] for k in FAILURES)
            out.append((day, policy.exclusions.counted_sends(c["delivered"] + failures, c["excluded"]),
                        failures))
        return out

    def daily_failures(self) -> dict[date, int]:
        """Failures per day as the headline counts them: explicit, disputed and unclassified."""
        return {day: n for day, c in self.daily_classes().items() if (n := sum(c[k] for k in FAILURES))}

    def evidence(self) -> list[Evidence]:
        """Each service month's evidence for its statement (:mod:`slakit.statement`): its counts,
        the days the records cover and the days inside with no record. A month without a record
        at all has no counts (no data), never zero sends that met the target."""
        out = []
        for f in self.months:
            c = f.counts
            covered, gaps = self.coverage(f.month)
            recorded = covered is not None and len(gaps) <= (covered[1] - covered[0]).days
            counts = Counts(f.valid_sends, c["explicit_failure"], c["disputed"], c["unclassified"],
                            undelivered=f.undelivered, excluded=c["excluded"], pending=c["pending"])
            out.append(Evidence(f.month, "receipts", counts if recorded else None, covered, gaps))
        return out

    def digest(self) -> str:
        """SHA-256 of the daily outcomes and the code map: the evidence these figures rest on."""
        data = json.dumps([self.codemap.id, [[str(v) for v in row] for row in sorted(self.rows)]])
        return hashlib.sha256(data.encode()).hexdigest()


def evaluate(db: str | Path, account: str, months: Sequence[ServiceMonth], policy: Policy, *,
             codemap: str | Path = DEFAULT_CODEMAP, windows: str | Path | None = None,
             customer: str = "ordinary", grace_hours: int | None = None,
             declared: Sequence[tuple[date, date]] = (), engine: str = "duckdb") -> Evaluation:
    """Classify, exclude and aggregate the account's archived sends over ``months``; ``declared``
    spans of days had their high volume declared in advance (SLA §4.10).

    ``engine`` "spark" runs the same SQL on Apache Spark (:mod:`.spark`), over ``db`` exported
    to Parquet or a folder holding that export. No records for the account in the term is an
    error, never a term that met the target.
    """
    query = Query(check_account(account), months, load_codemap(codemap), grace_hours)
    spans = read_windows(windows) if windows else []
    if engine == "spark":
        try:
            from .spark import spark_outcomes  # optional: slakit[spark]
        except ImportError:
            raise InputError("--engine", engine, says("error.needs_spark")) from None

        found = spark_outcomes(db, query, segments(spans, account))
        where = says("term.exported_archive", db=str(db))
    else:
        with Archive(db, read_only=True) as archive:
            found = outcomes(archive.run, query, segments(spans, account))
        where = says("term.archive_at", db=str(archive.path))

    if not found.rows:
        raise _no_records(where, account, months[0].start, months[-1].end, found.days)
    counted = figures(found.rows, months, policy, query.codemap, customer, declared)
    return Evaluation(account, counted, found.rows, query.codemap, spans, volume_excluded(counted, policy),
                      found.days)
