"""The assessment of :mod:`slakit.assess`, vectorized over a DataFrame of account-months.

Exact throughout: counts are int64, fees are whole fen, list prices whole micro-yuan, credit
rates whole basis points, so every comparison and division is integer arithmetic. Money comes
back as exact Arrow decimals, which read as ``Decimal``.

Optional columns: ``deductions``, ``excluded`` (sends excluded under SLA §4), ``paid`` (the fee
actually paid for the month; an empty cell means ``fee − deductions``), and for the SLA §5.1 term
cap ``customer_id`` (the rows of one id are the months of one term, in the order of
``service_month_start`` when there is one, else of the rows). Without ``customer_id`` each row
is a term of its own: §5.1 then caps a month at its own fees paid, which can only understate what
a longer term would pay, and only under a policy whose monthly cap does not already bound it.

>>> frame = pd.DataFrame({"valid_sends": [100_000, 100_000], "explicit_failures": [5_000, 15_000],
...                       "fee": ["1000.00", "1000.00"], "deductions": ["0", "800.00"],
...                       "list_price": ["0.05", "0.05"]})
>>> out = assess_frame(frame)
>>> out["credit_sms"].tolist(), out["credit_amount"].tolist(), out["capped"].tolist()
([0, 4000], [Decimal('0.000000'), Decimal('200.000000')], [False, True])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .assess import MAX_COUNT, count, max_failures, thresholds
from .columns import I64, decimal_column, decimal_ints
from .csvfile import read_csv
from .errors import InputError
from .format import DISPLAY_PLACES, percent
from .money import FEE_PLACES, MAX_AMOUNT, PRICE_PLACES, parse_amount, parse_price
from .months import DATE_RANGE
from .policy import RATE_PLACES, Policy, load_policy

COLUMNS = ("valid_sends", "explicit_failures", "fee", "deductions", "list_price")
OPTIONAL = ("deductions", "excluded", "paid", "customer_id", "service_month_start")
MAX_FEE_FEN = int(MAX_AMOUNT) * 10**FEE_PLACES


Problem = tuple[str, object, str]  # field, value, what is wrong with it


@dataclass(frozen=True)
class Rejected:
    """A row that could not be assessed: its position and every problem found in it."""

    row: int
    problems: tuple[Problem, ...]

    def error(self, source: str | Path | None = None, line: int | None = None) -> InputError:
        """One error for the row, naming its first field and value and listing the others."""
        field, value, problem = self.problems[0]
        others = "".join(f"; and field {f!r} = {v!r}: {p}" for f, v, p in self.problems[1:])
        return InputError(field, value, problem + others, source=source, line=line)


@dataclass(frozen=True)
class _Columns:
    valid: I64
    failures: I64
    excluded: I64
    fee_fen: I64
    deductions_fen: I64
    net_fen: I64  # the fee paid net of vouchers, coupons and reductions: as given, else fee − deductions
    price_micro: I64
    term: I64 | None  # rows of one term share a number; None: each row is a term of its own
    rank: I64  # a row's place in service-month order

    def select(self, keep: np.ndarray) -> _Columns:
        """The rows where ``keep`` holds."""
        return _Columns(self.valid[keep], self.failures[keep], self.excluded[keep],
                        self.fee_fen[keep], self.deductions_fen[keep], self.net_fen[keep],
                        self.price_micro[keep], None if self.term is None else self.term[keep],
                        self.rank[keep])


def _parse_column(
    column: pd.Series, field: str, parse: Callable[[object], int], places: int,
    rejected: dict[int, list[Problem]],
) -> I64:
    """Fast path first; on any doubt, each value through the scalar path's own parser."""
    fast = decimal_ints(column, places)
    if fast is not None and (fast >= 0).all():
        return fast
    values = np.zeros(len(column), dtype=np.int64)
    for row, value in enumerate(column.tolist()):
        try:
            if value is None or (isinstance(value, float) and value != value):
                raise InputError(field, None, "is missing")
            values[row] = parse(value)
        except InputError as error:
            rejected.setdefault(row, []).append((field, value, error.problem))
    return values


def _count(field: str) -> Callable[[object], int]:
    def parse(value: object) -> int:
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        elif isinstance(value, np.integer):
            value = int(value)
        return count(value, field)
    return parse


def _money(field: str, places: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        amount = parse_price(value, field) if field == "list_price" else parse_amount(value, field)
        return int(amount.scaleb(places))
    return parse


def _optional(frame: pd.DataFrame, name: str, empty: object) -> pd.Series:
    """An optional column with its empty cells filled (all ``empty`` when it is absent)."""
    if name not in frame:
        return pd.Series(np.zeros(len(frame), dtype=np.int64), index=frame.index)
    column = frame[name]
    return column.where(column.notna(), empty) if column.isna().any() else column


def _terms(frame: pd.DataFrame, rejected: dict[int, list[Problem]]) -> tuple[I64 | None, I64]:
    """Each row's term (a number shared by the rows of one ``customer_id``; None without one) and
    its rank in service-month order (``service_month_start``, else the row order)."""
    rows = np.arange(len(frame), dtype=np.int64)
    rank = rows
    term = None
    if "customer_id" in frame:
        term = pd.factorize(frame["customer_id"])[0].astype(np.int64)
        alone = term < 0  # no customer id: a term of its own
        term[alone] = len(frame) + rows[alone]
    if "service_month_start" in frame:
        given = frame["service_month_start"].fillna("")
        starts = pd.to_datetime(given, format="%Y-%m-%d", errors="coerce")
        first, last = DATE_RANGE
        for row in np.flatnonzero(starts.isna().to_numpy()):
            rejected.setdefault(int(row), []).append((
                "service_month_start", given.iloc[row], "is not a valid date (YYYY-MM-DD)"))
        days = starts.to_numpy()
        outside = ~np.isnat(days) & ((days < np.datetime64(first)) | (days > np.datetime64(last)))
        for row in np.flatnonzero(outside):
            rejected.setdefault(int(row), []).append((
                "service_month_start", given.iloc[row],
                f"is outside the years {first.year}–{last.year}"))
        if term is not None:  # SLA §5.1: each month of a term counts once
            dated = ~np.isnat(days) & ~outside
            again = pd.DataFrame({"term": term, "start": starts}).duplicated().to_numpy() & dated
            for row in np.flatnonzero(again):
                rejected.setdefault(int(row), []).append((
                    "service_month_start", given.iloc[row],
                    f"repeats a month of customer_id {frame['customer_id'].iloc[row]!r}"))
        rank = np.empty_like(rows)
        rank[np.argsort(starts.to_numpy(), kind="stable")] = rows
    return term, rank


def _validate(frame: pd.DataFrame) -> tuple[_Columns, list[Rejected]]:
    missing = [c for c in COLUMNS if c not in frame.columns and c not in OPTIONAL]
    if missing:
        raise InputError(missing[0], None, "column is missing; need " + ", ".join(COLUMNS))
    rejected: dict[int, list[Problem]] = {}
    deductions = _optional(frame, "deductions", "0")
    paid = _optional(frame, "paid", "0")
    excluded = _optional(frame, "excluded", "0")
    fee_fen = _parse_column(frame["fee"], "fee", _money("fee", FEE_PLACES), FEE_PLACES, rejected)
    deductions_fen = _parse_column(deductions, "deductions", _money("deductions", FEE_PLACES),
                                   FEE_PLACES, rejected)
    paid_fen = _parse_column(paid, "paid", _money("paid", FEE_PLACES), FEE_PLACES, rejected)
    given = frame["paid"].notna().to_numpy() if "paid" in frame else np.zeros(len(frame), dtype=bool)
    cols = _Columns(
        _parse_column(frame["valid_sends"], "valid_sends", _count("valid_sends"), 0, rejected),
        _parse_column(frame["explicit_failures"], "explicit_failures",
                      _count("explicit_failures"), 0, rejected),
        _parse_column(excluded, "excluded", _count("excluded"), 0, rejected),
        fee_fen,
        deductions_fen,
        np.where(given, paid_fen, fee_fen - deductions_fen),
        _parse_column(frame["list_price"], "list_price", _money("list_price", PRICE_PLACES),
                      PRICE_PLACES, rejected),
        *_terms(frame, rejected),
    )
    largest_count = f"exceeds {MAX_COUNT:,}, the largest count slakit assesses"
    largest_amount = f"exceeds {MAX_AMOUNT:,}, the largest amount slakit assesses"
    rules = (  # (rows breaking it, field, values, problem, the fields it reads)
        (cols.valid > MAX_COUNT, "valid_sends", frame["valid_sends"], largest_count,
         ("valid_sends",)),
        (cols.excluded > MAX_COUNT, "excluded", excluded, largest_count, ("excluded",)),
        (cols.failures > cols.valid, "explicit_failures", frame["explicit_failures"],
         "exceeds valid_sends: failures are counted among valid sends",
         ("valid_sends", "explicit_failures")),
        (cols.fee_fen > MAX_FEE_FEN, "fee", frame["fee"], largest_amount, ("fee",)),
        (cols.net_fen > MAX_FEE_FEN, "paid", paid, largest_amount, ("paid",)),
        (cols.deductions_fen > cols.fee_fen, "deductions", deductions,
         "exceed the consumed fee", ("fee", "deductions")),
        (cols.price_micro == 0, "list_price", frame["list_price"], "must be greater than zero",
         ("list_price",)),
        (cols.price_micro > int(MAX_AMOUNT) * 10**PRICE_PLACES, "list_price", frame["list_price"],
         largest_amount, ("list_price",)),
    )
    unread = {(row, name) for row, problems in rejected.items() for name, _, _ in problems}
    for mask, name, column, problem, reads in rules:
        for row in map(int, np.flatnonzero(mask)):
            if not any((row, f) in unread for f in reads):  # a zero standing for an unread value
                rejected.setdefault(row, []).append((name, column.iloc[row], problem))
    return cols, [Rejected(row, tuple(problems)) for row, problems in sorted(rejected.items())]


def _assess_columns(cols: _Columns, policy: Policy, index: pd.Index) -> pd.DataFrame:
    target, comp = policy.target, policy.compensation
    valid, failures = policy.exclusions.counted_sends(cols.valid, cols.excluded), cols.failures
    good = valid - failures
    no_volume = valid == 0

    def reaches(threshold_num: int, threshold_den: int) -> np.ndarray:
        left, right = good * threshold_den, valid * threshold_num
        return (left >= right) if target.boundary == "at_least" else (left > right)

    t = target.availability
    meets = reaches(t.numerator, t.denominator) | no_volume
    tier = np.zeros(len(valid), dtype=np.int64)
    rate_bp = np.zeros(len(valid), dtype=np.int64)
    for i, level in enumerate(comp.tiers, start=1):
        below = ~reaches(level.below.numerator, level.below.denominator) & ~meets
        tier[below] = i
        rate_bp[below] = int(level.credit_rate.scaleb(RATE_PLACES))

    basis_fen = cols.fee_fen if comp.fee_basis == "consumed" else cols.net_fen
    cap_fen = cols.net_fen if comp.cap_basis == "net_paid" else cols.fee_fen
    scale = 10**RATE_PLACES  # fen × basis points = micro-yuan (FEE_PLACES + RATE_PLACES = 6)
    uncapped = basis_fen * rate_bp
    cap = cap_fen * scale
    credit = np.minimum(uncapped, cap)
    price = cols.price_micro
    sms = np.minimum(_whole_sms(credit, price, comp.sms_rounding), cap // price)
    term_capped = np.zeros(len(valid), dtype=bool)
    # SLA §5.1, as slakit.term applies it; under a net-paid monthly cap no month exceeds its own
    # fees, so the term cap cannot bind
    if policy.liability.term_cap == "fees_paid" and comp.cap_basis != "net_paid":
        paid = cols.net_fen * scale
        room = paid if cols.term is None else _term_room(credit, paid, cols.term, cols.rank)
        within = np.minimum(credit, room)
        within_sms = np.minimum(_whole_sms(within, price, comp.sms_rounding),
                                np.minimum(cap, room) // price)
        term_capped = (credit > room) | (within_sms < sms)
        credit, sms = within, within_sms

    safe_valid = np.where(no_volume, 1, valid)
    shown = good * 10**DISPLAY_PLACES // safe_valid
    out = pd.DataFrame(index=index)
    out["availability"] = decimal_column(shown, DISPLAY_PLACES, index, mask=no_volume)
    out["meets_target"] = meets
    out["tier"] = pd.Series(tier, index=index, dtype="Int64").mask(tier == 0)
    out["credit_rate"] = decimal_column(rate_bp, RATE_PLACES, index)
    out["credit_amount"] = decimal_column(credit, PRICE_PLACES, index)
    out["capped"] = uncapped > cap
    out["term_capped"] = term_capped
    out["credit_sms"] = sms
    for threshold, _ in thresholds(policy):
        limit = max_failures(valid, threshold, target.boundary)
        out[f"budget_{percent(threshold)}"] = np.maximum(limit - failures, 0)
    return out


def _whole_sms(amount: I64, price: I64, rounding: str) -> I64:
    """Whole SMS at ``price`` for micro-yuan ``amount``, rounded as the policy says."""
    if rounding == "down":
        return amount // price
    if rounding == "up":
        return -(-amount // price)
    return (2 * amount + price) // (2 * price)


def _term_room(credit: I64, paid: I64, term: I64, rank: I64) -> I64:
    """What SLA §5.1 leaves each month: the fees paid so far in its term less the credit granted
    in the term's earlier months (all in micro-yuan), months taken in ``rank`` order.

    Granted so far is G_k = min(G_{k−1} + c_k, P_k), which unrolls to
    G_k = C_k + min(0, min_{j≤k}(P_j − C_j)) with C, P the running sums of credit and fees paid:
    cumulative sums and a cumulative minimum per term.

    >>> _term_room(np.array([50, 300, 300]), np.array([500, 100, 100]), np.zeros(3, dtype=np.int64),
    ...            np.array([2, 0, 1]))
    array([500, 100, 100])
    """
    order = np.lexsort((rank, term))
    groups = pd.Series(term[order])
    c = pd.Series(credit[order]).groupby(groups).cumsum()
    p = pd.Series(paid[order]).groupby(groups).cumsum()
    granted = c + (p - c).groupby(groups).cummin().clip(upper=0)
    room = np.empty_like(credit)
    room[order] = (p - granted.groupby(groups).shift(1, fill_value=0)).to_numpy()
    return room


def assess_frame(frame: pd.DataFrame, policy: Policy | None = None) -> pd.DataFrame:
    """Assess every row (an account-month) of ``frame``; returns ``frame`` with result columns.

    Needs the columns ``valid_sends``, ``explicit_failures``, ``fee``, ``list_price`` and, if
    there are any, ``deductions``. A bad row raises :class:`InputError` naming the row.
    """
    cols, rejected = _validate(frame)
    if rejected:
        first = rejected[0].error()
        raise InputError(first.field, first.value,
                         f"{first.problem} (row {rejected[0].row}; {len(rejected)} bad rows in all)")
    result = _assess_columns(cols, policy or load_policy(), frame.index)
    return pd.concat([frame, result], axis=1)


@dataclass(frozen=True)
class Portfolio:
    """Account-months read from a CSV: the good rows and the rejected ones, nothing dropped.

    ``rows_read`` = assessed (``frame``) + rejected rows (``errors()``, one per row).
    """

    source: str
    rows_read: int
    frame: pd.DataFrame  # the good rows, as read
    rejected: tuple[Rejected, ...]  # rows whose values cannot be assessed
    read: pd.DataFrame = field(repr=False)  # every well-formed row (a reject's ``row`` indexes it)
    columns: _Columns = field(repr=False)
    lines: np.ndarray[Any, np.dtype[np.int64]] = field(repr=False)  # the line of each row of ``read``
    malformed: tuple[InputError, ...] = ()  # rows without the header's number of fields

    def assess(self, policy: Policy | None = None) -> pd.DataFrame:
        """The good rows with the assessment columns under ``policy``."""
        result = _assess_columns(self.columns, policy or load_policy(), self.frame.index)
        return pd.concat([self.frame, result], axis=1)

    def errors(self) -> list[InputError]:
        """Each rejected row as one error naming file, line (the header is line 1), field and
        value, in the order of the file."""
        errors = [*self.malformed,
                  *(r.error(self.source, int(self.lines[r.row])) for r in self.rejected)]
        return sorted(errors, key=lambda e: e.line or 0)


def read_portfolio(path: str | Path) -> Portfolio:
    """Read a CSV of account-months (see :mod:`slakit.csvfile`); bad rows are kept aside as
    rejects with their reasons."""
    table = read_csv(path)
    frame = table.frame
    try:
        cols, rejected = _validate(frame)
    except InputError as error:
        raise error.at(path) from None
    keep = np.ones(len(frame), dtype=bool)
    keep[[r.row for r in rejected]] = False
    return Portfolio(table.source, table.rows_read, frame[keep], tuple(rejected), frame,
                     cols.select(keep), table.lines, table.malformed)
