"""From archived sends and receipts to each service month's figures, defined once in SQL.

:data:`OUTCOMES` is plain SQL that DuckDB and Spark SQL both run: it pairs each send with its
latest receipt, classifies the pair through the code map, moves failures inside exclusion
windows to ``excluded``, and counts per day. :func:`figures` then applies the §4.10 volume rule
and sums the days into service months, the same way whichever engine counted.

Classes: ``delivered``; ``invalid_number`` (SLA §1.4) and ``excluded`` (SLA §4) leave the
calculation; ``explicit_failure`` (SLA §1.2), ``disputed`` and ``unclassified`` make up the valid
sends with ``delivered``; ``pending`` (submitted, no receipt yet, grace not over) is counted but
left out until it is known. The headline availability counts disputed and unclassified sends as
failures (SLA §1.2); the best case counts only the explicit failures, a disputed send whose
outcome is unknown as delivered and one certainly not delivered (``EXPIRED``, ``COMFAIL``, an
unlisted carrier code: ``undelivered``, as the code map states each code's best case) out of both
counts (SLA §1.4(2), §4.14).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, NamedTuple

import pyarrow as pa

from ..format import truncate
from ..months import ServiceMonth
from ..policy import Policy
from .codemap import CodeMap
from .windows import Segment

FAILURES = ("explicit_failure", "disputed", "unclassified")  # what an exclusion takes out
UNSURE = ("disputed", "unclassified")  # failures in the headline only: the band's best end differs
COUNTED = ("delivered", "invalid_number", "excluded", *FAILURES, "pending")

# {account}, {first_day}, … are literals made by _literal(). Times are Unix seconds: ten digits
# for every time ingest accepts (2020–2286), so "seconds then code" sorts by time, then code.
CLASSIFIED = """
WITH s AS (
    SELECT serial_no, ts, day, code/*send*/ FROM sends
    WHERE account = {account} AND day BETWEEN {from_day} AND {last_day}),
r AS (  -- one receipt per send: the latest; at the same second, the greatest code
    SELECT serial_no, max(day) AS day, max(concat(CAST(ts AS STRING), code)) AS latest/*receipt*/
    FROM receipts
    WHERE account = {account} AND day BETWEEN {from_day} AND {to_day}
    GROUP BY serial_no),
paired AS (
    SELECT COALESCE(s.day, r.day) AS day,
           COALESCE(s.ts, CAST(substr(r.latest, 1, 10) AS BIGINT)) AS ts,
           CASE WHEN r.serial_no IS NULL THEN 'send' ELSE 'receipt' END AS stage,
           CASE WHEN r.serial_no IS NULL THEN s.code ELSE substr(r.latest, 11) END AS code/*paired*/
    FROM s FULL OUTER JOIN r ON s.serial_no = r.serial_no),
classified AS (
    SELECT p.day, p.stage, p.code, m.clause,
           CASE WHEN m.class <> 'submitted' THEN m.class
                WHEN p.ts + {grace} <= {horizon} THEN {no_receipt}
                ELSE 'pending' END AS class,
           p.ts/*classified*/
    FROM paired p JOIN codes m ON m.stage = p.stage AND m.code = p.code
    WHERE p.day BETWEEN {first_day} AND {last_day})"""
OUTCOMES = CLASSIFIED + """,
counted AS (  -- failures keep their second, to be matched with the windows
    SELECT day, stage, code, class, clause,
           CASE WHEN class IN ('explicit_failure', 'disputed', 'unclassified') THEN ts END AS ts,
           count(*) AS n
    FROM classified GROUP BY 1, 2, 3, 4, 5, 6)
SELECT c.day, c.stage, c.code,
       CASE WHEN w.clause IS NULL THEN c.class ELSE 'excluded' END AS class,
       COALESCE(w.clause, c.clause) AS clause,
       sum(c.n) AS n
FROM counted c LEFT JOIN windows w ON c.ts >= w.start_ts AND c.ts < w.end_ts
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5
"""
# Each failed, disputed, unclassified or excluded send on its own, classed as OUTCOMES counts it,
# with the SLA §4.10 days ({volume_days}: day, clause) whose failures are excluded.
SENDS = CLASSIFIED.replace("/*send*/", ", serial_no, phone") \
    .replace("/*receipt*/", ", max(phone) AS phone") \
    .replace("/*paired*/", ",\n           COALESCE(s.serial_no, r.serial_no) AS serial_no, "
                           "COALESCE(s.phone, r.phone) AS phone") \
    .replace("/*classified*/", ", p.serial_no, p.phone") + """
SELECT c.serial_no, c.phone, c.ts, c.day, c.stage, c.code,
       CASE WHEN w.clause IS NULL AND v.day IS NULL THEN c.class ELSE 'excluded' END AS class,
       COALESCE(w.clause, v.clause, c.clause) AS clause
FROM classified c
LEFT JOIN windows w ON c.class IN ('explicit_failure', 'disputed', 'unclassified')
                   AND c.ts >= w.start_ts AND c.ts < w.end_ts
LEFT JOIN volume_days v ON c.class IN ('explicit_failure', 'disputed', 'unclassified') AND c.day = v.day
WHERE c.class IN ('explicit_failure', 'disputed', 'unclassified', 'excluded')
"""
CODES = "SELECT DISTINCT 'send', code FROM sends WHERE account = {account} " \
        "UNION SELECT DISTINCT 'receipt', code FROM receipts WHERE account = {account}"
# The days (China time) with any send or receipt of the account, each with its latest second: one
# pass over both tables gives the horizon a missing receipt's grace is measured to and the span the
# records cover, with its gaps.
RECORD_DAYS = "SELECT day, max(ts) FROM (SELECT day, ts FROM sends WHERE account = {account} " \
              "UNION ALL SELECT day, ts FROM receipts WHERE account = {account}) GROUP BY day"
CODES_SCHEMA = pa.schema([("stage", pa.string()), ("code", pa.string()), ("class", pa.string()),
                          ("clause", pa.string())])
WINDOWS_SCHEMA = pa.schema([("start_ts", pa.int64()), ("end_ts", pa.int64()),
                            ("clause", pa.string())])


def _literal(value: object) -> str:
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


@dataclass(frozen=True)
class Query:
    """What is asked: one account over some service months, under a code map."""

    account: str
    months: Sequence[ServiceMonth]
    codemap: CodeMap
    grace_hours: int | None = None  # None: the code map's

    def sql(self, template: str, horizon: int = 0) -> str:
        first, last = self.months[0].start, self.months[-1].end
        grace = self.codemap.grace_hours if self.grace_hours is None else self.grace_hours
        margin = timedelta(days=grace // 24 + 2)  # sends before the term whose receipts come in it
        return template.format_map({k: _literal(v) for k, v in {
            "account": self.account, "first_day": first, "last_day": last,
            "from_day": first - margin, "to_day": last + margin, "grace": grace * 3600,
            "horizon": horizon, "no_receipt": self.codemap.no_receipt.cls}.items()})


Rows = list[tuple[Any, ...]]
Run = Callable[[str, dict[str, pa.Table]], Rows]


class Extent(NamedTuple):
    """What the archive holds of an account, in the whole archive: its latest second (the horizon a
    missing receipt's grace is measured to; 0 without records) and the days (China time) with any
    send or receipt, in order."""

    horizon: int
    days: tuple[date, ...]


class Outcomes(NamedTuple):
    """The daily outcomes over a query's months, and the days the account has records on."""

    rows: Rows  # (day, stage, code, class, clause, count)
    days: tuple[date, ...]


def extent(run: Run, query: Query) -> Extent:
    """The account's latest second and its days with records, in one query."""
    found = sorted((day, int(ts)) for day, ts in run(query.sql(RECORD_DAYS), {}))
    return Extent(max((ts for _, ts in found), default=0), tuple(day for day, _ in found))


def lookup_tables(run: Run, query: Query, segments: Sequence[Segment]) -> tuple[Extent, dict[str, pa.Table]]:
    """What the classifying SQL joins: the archive's extent for the account (its latest second is
    the horizon a missing receipt's grace is measured to), the code map's class of each code
    seen, the windows."""
    codes = query.codemap.resolve((str(stage), str(code)) for stage, code in run(query.sql(CODES), {}))
    return extent(run, query), {
        "codes": pa.Table.from_pylist([dict(zip(CODES_SCHEMA.names, c, strict=True)) for c in codes],
                                      CODES_SCHEMA),
        "windows": pa.Table.from_pylist(
            [{"start_ts": s.start, "end_ts": s.end, "clause": s.clause} for s in segments],
            WINDOWS_SCHEMA)}


def outcomes(run: Run, query: Query, segments: Sequence[Segment]) -> Outcomes:
    """Rows (day, stage, code, class, clause, count) for the account over the query's months,
    and the days it has records on.

    ``run(sql, tables)`` runs one SQL statement on an engine, with small Arrow tables to be seen
    by name; DuckDB and Spark each supply one.
    """
    found, tables = lookup_tables(run, query, segments)
    rows = run(query.sql(OUTCOMES, found.horizon), tables)
    return Outcomes([(d, st, c, cl, cu, int(n)) for d, st, c, cl, cu, n in rows], found.days)


def daily_outcomes(run: Run, query: Query, segments: Sequence[Segment]) -> Rows:
    """The rows of :func:`outcomes` alone."""
    return outcomes(run, query, segments).rows


class HighVolumeDay(NamedTuple):
    """A day on which the account sent at least the SLA §4.10 threshold."""

    day: date
    sends: int
    threshold: int
    clause: str
    declared: bool  # declared in advance: under the SLA's reading its failures still count


@dataclass
class MonthFigures:
    """One service month's counts, its availability band, and the evidence behind them.

    ``undelivered`` counts the disputed and unclassified sends certainly not delivered, which the
    band's best end leaves out of both counts. The availability figures here read excluded sends
    as the SLA does (they leave both counts); a :class:`~slakit.statement.Statement` of the
    month's evidence (:meth:`Evaluation.evidence`) applies a policy's other reading."""

    month: ServiceMonth
    counts: Counter[str] = field(default_factory=Counter)
    undelivered: int = 0
    excluded_by_clause: Counter[str] = field(default_factory=Counter)
    unclassified_codes: Counter[str] = field(default_factory=Counter)
    high_volume_days: list[HighVolumeDay] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts[c] for c in COUNTED)

    @property
    def valid_sends(self) -> int:
        """Delivered + explicit failures + disputed + unclassified (SLA §1.3)."""
        return self.counts["delivered"] + sum(self.counts[c] for c in FAILURES)

    @property
    def availability(self) -> Fraction | None:
        """1 − (explicit failures + disputed + unclassified) / valid sends (SLA §2.1): worst case."""
        failures = sum(self.counts[c] for c in FAILURES)
        return None if not self.valid_sends else 1 - Fraction(failures, self.valid_sends)

    @property
    def availability_best(self) -> Fraction | None:
        """1 − explicit failures / (valid sends − undelivered): the band's best end, a disputed or
        unclassified send that may have been delivered counted as delivered, one certainly not
        delivered left out of both counts (SLA §1.4(2), §4.14)."""
        counted = self.valid_sends - self.undelivered
        return None if not counted else 1 - Fraction(self.counts["explicit_failure"], counted)

    def to_dict(self) -> dict[str, object]:
        def shown(value: Fraction | None) -> str | None:
            return None if value is None else str(truncate(value))

        c = self.counts
        return {
            "start": self.month.start.isoformat(), "end": self.month.end.isoformat(),
            "total": self.total, "delivered": c["delivered"],
            "invalid_number": c["invalid_number"], "excluded": c["excluded"],
            "explicit_failures": c["explicit_failure"], "disputed": c["disputed"],
            "unclassified": c["unclassified"], "undelivered": self.undelivered, "pending": c["pending"],
            "valid_sends": self.valid_sends,
            "availability": shown(self.availability),
            "availability_best": shown(self.availability_best),
            "availability_exact": None if self.availability is None else str(self.availability),
            "availability_best_exact": (None if self.availability_best is None
                                        else str(self.availability_best)),
            "excluded_by_clause": dict(sorted(self.excluded_by_clause.items())),
            "unclassified_codes": dict(sorted(self.unclassified_codes.items())),
            "high_volume_days": [{"day": d.isoformat(), "sends": n, "threshold": t, "clause": c,
                                  "declared": declared}
                                 for d, n, t, c, declared in self.high_volume_days],
        }


def figures(rows: Iterable[tuple[Any, ...]], months: Sequence[ServiceMonth], policy: Policy,
            codemap: CodeMap, customer: str = "ordinary",
            declared: Sequence[tuple[date, date]] = ()) -> list[MonthFigures]:
    """Sum daily outcomes into service months; the disputed and unclassified sends among them
    that ``codemap`` says were certainly not delivered are counted as ``undelivered`` too.

    A day on which the account (the archive's account id: the threshold counts per account, not
    per customer) sent at least the SLA §4.10 threshold for its customer type ("ordinary" or
    "channel") is flagged, and its failures are excluded under that clause, unless the volume was
    declared in advance: ``declared`` lists the spans of days (first, last) it was, and under the
    SLA's reading ("未提前告知") their failures still count.
    """
    rule = policy.high_concurrency
    threshold = rule.ordinary_per_day if customer == "ordinary" else rule.channel_per_day
    rows = list(rows)
    per_day: Counter[date] = Counter()
    for day, *_, n in rows:
        per_day[day] += n
    flagged = {d: any(a <= d <= b for a, b in declared) for d, n in per_day.items() if n >= threshold}
    excluded = {d for d, told in flagged.items() if rule.applies_to == "all" or not told}
    out = {m: MonthFigures(m) for m in months}
    for day, stage, code, cls, clause, n in rows:
        month = next(m for m in months if m.start <= day <= m.end)
        f = out[month]
        if cls in FAILURES and day in excluded:
            cls, clause = "excluded", rule.clause.en
        f.counts[cls] += n
        if cls in UNSURE and codemap.undelivered(stage, code):  # left out at best (SLA §1.4(2), §4.14)
            f.undelivered += n
        if cls == "excluded":
            f.excluded_by_clause[clause] += n
        elif cls == "unclassified":
            f.unclassified_codes[f"{stage}:{code}"] += n
    for day, told in sorted(flagged.items()):
        out[next(m for m in months if m.start <= day <= m.end)].high_volume_days.append(
            HighVolumeDay(day, per_day[day], threshold, rule.clause.en, told))
    return list(out.values())


def volume_excluded(months: Iterable[MonthFigures], policy: Policy) -> dict[date, str]:
    """The days whose failures SLA §4.10 excludes (high volume, undeclared under the SLA's
    reading), each with the clause."""
    rule = policy.high_concurrency
    return {d.day: d.clause for m in months for d in m.high_volume_days
            if rule.applies_to == "all" or not d.declared}
