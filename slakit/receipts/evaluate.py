"""One account's service months evaluated from the archive: the figures, the daily outcomes they
came from, and what they depend on (code map, exclusion windows, a digest of the data)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..months import ServiceMonth
from ..policy import Policy
from ..statement import Counts, Evidence
from .accounts import check_account
from .aggregate import FAILURES, MonthFigures, Query, Rows, daily_outcomes, figures, volume_excluded
from .archive import Archive
from .codemap import DEFAULT_CODEMAP, CodeMap, load_codemap
from .windows import Window, read_windows, segments


def _no_records(archive: Archive, account: str, first: date, last: date) -> InputError:
    """The error for an account without records in a term, saying where its records are."""
    span = archive.con.execute(
        "SELECT min(day), max(day) FROM (SELECT day FROM sends WHERE account = $a "
        "UNION ALL SELECT day FROM receipts WHERE account = $a)", {"a": account}).fetchone()
    if not span or span[0] is None:
        return InputError("account", account, f"has no records in the archive {archive.path}")
    return InputError("account", account, f"has no records from {first} to {last} in the archive "
                                          f"{archive.path}; its records run from {span[0]} to {span[1]}")


@dataclass(frozen=True)
class Evaluation:
    account: str
    months: list[MonthFigures]
    rows: Rows  # (day, stage, code, class, clause, count)
    codemap: CodeMap
    windows: list[Window]
    volume_days: dict[date, str] = field(default_factory=dict)  # SLA §4.10 days: failures excluded

    def daily_classes(self) -> dict[date, Counter[str]]:
        """Each day's sends by class, as the months count them (SLA §4.10 days' failures excluded)."""
        out: dict[date, Counter[str]] = {}
        for day, _, _, cls, _, n in self.rows:
            if cls in FAILURES and day in self.volume_days:
                cls = "excluded"
            out.setdefault(day, Counter())[cls] += n
        return dict(sorted(out.items()))

    def daily_counts(self) -> list[tuple[date, int, int]]:
        """(day, valid sends, failures) per day with records, the headline's way (SLA §1.3, §2.1)."""
        out = []
        for day, c in self.daily_classes().items():
            failures = sum(c[k] for k in FAILURES)
            out.append((day, c["delivered"] + failures, failures))
        return out

    def daily_failures(self) -> dict[date, int]:
        """Failures per day as the headline counts them: explicit, disputed and unclassified."""
        return {day: n for day, c in self.daily_classes().items() if (n := sum(c[k] for k in FAILURES))}

    def evidence(self) -> list[Evidence]:
        """Each service month's evidence for its statement (:mod:`slakit.statement`): its counts,
        or None for a month without a record."""
        out = []
        for f in self.months:
            c = f.counts
            counts = None if not f.total else Counts(
                f.valid_sends, c["explicit_failure"], c["disputed"], c["unclassified"],
                undelivered=f.undelivered, excluded=c["excluded"], pending=c["pending"])
            covered = (f.month.start, f.month.end) if counts else None
            out.append(Evidence(f.month, "receipts", counts, covered))
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
            raise InputError("--engine", engine, "needs Apache Spark: pip install slakit[spark]") from None

        rows = spark_outcomes(db, query, segments(spans, account))
        if not rows:
            raise InputError("account", account, "has no records in the exported archive "
                             f"from {months[0].start} to {months[-1].end}")
    else:
        with Archive(db, read_only=True) as archive:
            rows = daily_outcomes(archive.run, query, segments(spans, account))
            if not rows:
                raise _no_records(archive, account, months[0].start, months[-1].end)
    counted = figures(rows, months, policy, query.codemap, customer, declared)
    return Evaluation(account, counted, rows, query.codemap, spans, volume_excluded(counted, policy))
