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

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from .assess import MAX_COUNT, count, max_failures, thresholds
from .columnar import PARQUET, is_duckdb, parquet_batches, parquet_rows, query_batches
from .columns import I64, decimal_column, decimal_ints
from .csvfile import read_csv
from .errors import WHOLE_FILE, InputError
from .format import DISPLAY_PLACES, percent
from .money import FEE_PLACES, MAX_AMOUNT, PRICE_PLACES, paid_exceeds, parse_amount, parse_price
from .months import DATE_RANGE, month_problem
from .numerals import EXCEL_ID, ID_FIX, whole
from .policy import RATE_PLACES, Policy, load_policy
from .words import Said, says

COLUMNS = ("valid_sends", "explicit_failures", "fee", "deductions", "list_price")
OPTIONAL = ("deductions", "excluded", "paid", "customer_id", "service_month_start")
MAX_FEE_FEN = int(MAX_AMOUNT) * 10**FEE_PLACES
BATCH_ROWS = 1_000_000  # rows validated at a time from Parquet or DuckDB
DAY_KEYS = 1 << 19  # days since 1970 in a sort key beside the term: past the year 2999
_NONE = np.zeros(0, dtype=np.int64)


BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
Problem = tuple[str, object, Said]  # field, value, what is wrong with it


@dataclass(frozen=True)
class Rejected:
    """A row that could not be assessed: its position and every problem found in it."""

    row: int
    problems: tuple[Problem, ...]

    def error(self, source: str | Path | None = None, line: int | None = None,
              unit: str = "line") -> InputError:
        """One error for the row, naming its first field and value and listing the others."""
        field, value, problem = self.problems[0]
        value = (value.item() if isinstance(value, np.generic)  # 11, not np.int64(11)
                 else None if value is pd.NA else value)
        if len(self.problems) > 1:
            problem = says("frame.and_fields", problem=problem, more=tuple(
                says("frame.and_field", field=f, value=v, problem=p) for f, v, p in self.problems[1:]))
        return InputError(field, value, problem, source=source, line=line, unit=unit)


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

    def priced(self, keep: np.ndarray) -> _Columns:
        """The rows where ``keep`` holds, with only what prices a month's credit of its own
        (:func:`credit_at`, :func:`within_term` without terms): the rest left empty."""
        fee, net, price = self.fee_fen[keep], self.net_fen[keep], self.price_micro[keep]
        return _Columns(_NONE, _NONE, _NONE, fee, _NONE, net, price, None, _NONE)

    @staticmethod
    def joined(parts: Sequence[_Columns], term: I64 | None, rank: I64) -> _Columns:
        """Batches of rows one after the other, with the terms and ranks of the whole."""
        def glued(name: str) -> I64:
            return np.concatenate([getattr(p, name) for p in parts]) if parts else _NONE
        return _Columns(glued("valid"), glued("failures"), glued("excluded"), glued("fee_fen"),
                        glued("deductions_fen"), glued("net_fen"), glued("price_micro"), term, rank)


def _parse_column(
    column: pd.Series, field: str, parse: Callable[[object], int], places: int,
    rejected: dict[int, list[Problem]],
) -> I64:
    """Fast path first; on any doubt, each value through the scalar path's own parser. A column
    of binary floats (a Parquet or DuckDB DOUBLE) is refused once, as a column."""
    if column.dtype.kind == "f":
        exact = f"DECIMAL(18, {places})" if places else "BIGINT"
        raise InputError(field, str(column.dtype), says(
            "error.float_column_money" if places else "error.float_column_counts", exact=exact, field=field))
    fast = decimal_ints(column, places)
    if fast is not None and (fast >= 0).all():
        return fast
    values = np.zeros(len(column), dtype=np.int64)
    for row, value in enumerate(column.tolist()):
        try:
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                raise InputError(field, None, says("error.missing"))
            values[row] = parse(value)
        except InputError as error:
            rejected.setdefault(row, []).append((field, value, error.problem))
    return values


def _count(field: str) -> Callable[[object], int]:
    def parse(value: object) -> int:
        return count(whole(value, field), field)
    return parse


def _money(field: str, places: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        amount = parse_price(value, field) if field == "list_price" else parse_amount(value, field)
        return int(amount.scaleb(places))
    return parse


def _optional(frame: pd.DataFrame, name: str) -> pd.Series:
    """An optional column with its empty cells as zero (all zero when it is absent)."""
    if name not in frame:
        return pd.Series(np.zeros(len(frame), dtype=np.int64), index=frame.index)
    column = frame[name]
    if not column.isna().any():
        return column
    textual = column.dtype == object or pd.api.types.is_string_dtype(column.dtype)
    return column.where(column.notna(), "0" if textual else 0)  # an Arrow number column takes 0


def _dates(column: pd.Series) -> pd.Series:
    """A column of dates: text as YYYY-MM-DD, or an Arrow date column (Parquet, DuckDB) as it is;
    NaT where there is none."""
    kind = column.dtype.pyarrow_dtype if isinstance(column.dtype, pd.ArrowDtype) else None
    if kind is not None and (pa.types.is_date(kind) or pa.types.is_timestamp(kind)):
        return pd.Series(column.array.__arrow_array__().to_numpy(), index=column.index)
    return pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")


def _month_ends(frame: pd.DataFrame, starts: pd.Series, dated: BoolArray,
                rejected: dict[int, list[Problem]]) -> np.ndarray:
    """Each row's last day (``service_month_end``; its start where there is none), the rows whose
    end is no date, comes before the start or makes no service month rejected (:func:`check_month`)."""
    days = starts.to_numpy()
    if "service_month_end" not in frame:
        return days
    column = frame["service_month_end"]
    given = column if isinstance(column.dtype, pd.ArrowDtype) else column.fillna("")
    ends = _dates(given).to_numpy()
    for row in map(int, np.flatnonzero(dated)):
        if np.isnat(ends[row]):
            problem: Said | None = says("error.not_valid_date")
        else:
            problem = month_problem(pd.Timestamp(days[row]).date(), pd.Timestamp(ends[row]).date())
        if problem:
            rejected.setdefault(row, []).append(("service_month_end", given.iloc[row], problem))
    return np.where(np.isnat(ends), days, ends)


def _overlaps(term: I64, starts: np.ndarray, ends: np.ndarray, dated: BoolArray
              ) -> Iterator[tuple[int, str]]:
    """Rows whose month overlaps an earlier month of their term, each with that month."""
    rows = np.flatnonzero(dated)
    order = rows[np.lexsort((starts[rows], term[rows]))]
    for before, row in itertools.pairwise(order):
        if term[before] == term[row] and starts[row] <= ends[before]:
            first = pd.Timestamp(starts[before]).date()
            yield int(row), f"{first}..{pd.Timestamp(ends[before]).date()}"


def _terms(frame: pd.DataFrame, rejected: dict[int, list[Problem]]) -> tuple[I64 | None, I64]:
    """Each row's term (a number shared by the rows of one ``customer_id``; None without one) and
    its rank in service-month order (``service_month_start``, else the row order)."""
    rows = np.arange(len(frame), dtype=np.int64)
    rank = rows
    term = None
    if "customer_id" in frame:
        ids = frame["customer_id"]
        term = pd.factorize(ids)[0].astype(np.int64)
        for row in np.flatnonzero(ids.astype("string").str.fullmatch(EXCEL_ID.pattern).fillna(False)):
            rejected.setdefault(int(row), []).append(("customer_id", ids.iloc[row], ID_FIX))
        alone = term < 0  # no customer id: a term of its own
        term[alone] = len(frame) + rows[alone]
    if "service_month_start" in frame:
        column = frame["service_month_start"]
        given = column if isinstance(column.dtype, pd.ArrowDtype) else column.fillna("")
        starts = _dates(given)
        first, last = DATE_RANGE
        for row in np.flatnonzero(starts.isna().to_numpy()):
            rejected.setdefault(int(row), []).append((
                "service_month_start", given.iloc[row], says("error.not_valid_date")))
        days = starts.to_numpy()
        outside = ~np.isnat(days) & ((days < np.datetime64(first)) | (days > np.datetime64(last)))
        for row in np.flatnonzero(outside):
            rejected.setdefault(int(row), []).append((
                "service_month_start", given.iloc[row],
                says("error.year_range", first=first.year, last=last.year)))
        dated = ~np.isnat(days) & ~outside
        ends = _month_ends(frame, starts, dated, rejected)
        order, again = _month_order(days, dated, term)
        for row in np.flatnonzero(again):  # SLA §5.1: each month of a term counts once
            rejected.setdefault(int(row), []).append((
                "service_month_start", given.iloc[row],
                says("error.month_repeats", customer=frame["customer_id"].iloc[row])))
        if term is not None:
            for place, earlier in _overlaps(term, days, ends, dated & ~again):
                rejected.setdefault(place, []).append((
                    "service_month_start", given.iloc[place],
                    says("error.month_overlaps", earlier=earlier, customer=frame["customer_id"].iloc[place])))
        rank = np.empty_like(rows)
        rank[order] = rows
    return term, rank


def _month_order(days: np.ndarray, dated: BoolArray, term: I64 | None) -> tuple[I64, BoolArray]:
    """The rows in service-month order within each term (by term, then date, then row; each term
    needs only its own months in order), and the rows repeating a dated month of their term
    after its first: one stable sort, the repeats side by side in it."""
    whole = days.astype("datetime64[D]")
    if not (np.isnat(days) | (whole == days)).all():  # times of day: each instant a month of its own
        again = (pd.DataFrame({"term": term, "start": days}).duplicated().to_numpy() & dated
                 if term is not None else np.zeros(len(days), dtype=bool))
        return np.argsort(days, kind="stable"), again
    day = np.clip(whole.view(np.int64), 0, DAY_KEYS - 1)  # days since 1970; dates outside are refused
    key = day if term is None else term * DAY_KEYS + day
    order = np.argsort(key, kind="stable")
    again = np.zeros(len(days), dtype=bool)
    if term is not None:
        ordered = key[order]
        again[order[1:]] = ordered[1:] == ordered[:-1]
        again &= dated
    return order, again


def _validate(frame: pd.DataFrame, terms: bool = True) -> tuple[_Columns, list[Rejected]]:
    """The rows as exact integer columns, and the rejected ones. ``terms=False``: each row a term
    of its own, in row order (a batch of a larger portfolio, whose terms are found later)."""
    missing = [c for c in COLUMNS if c not in frame.columns and c not in OPTIONAL]
    if missing:
        raise InputError(missing[0], None, says("error.column_missing_need", need=", ".join(COLUMNS)))
    rejected: dict[int, list[Problem]] = {}
    deductions = _optional(frame, "deductions")
    paid = _optional(frame, "paid")
    excluded = _optional(frame, "excluded")
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
        *(_terms(frame, rejected) if terms else (None, np.arange(len(frame), dtype=np.int64))),
    )
    largest_count = says("error.largest_count", largest=MAX_COUNT)
    largest_amount = says("error.largest_amount", largest=MAX_AMOUNT)
    rules: tuple[tuple[BoolArray, str, pd.Series, Said | Callable[[int], Said], tuple[str, ...]], ...] = (
        # (rows breaking it, field, values, problem, the fields it reads)
        (cols.valid > MAX_COUNT, "valid_sends", frame["valid_sends"], largest_count,
         ("valid_sends",)),
        (cols.excluded > MAX_COUNT, "excluded", excluded, largest_count, ("excluded",)),
        (cols.failures > cols.valid, "explicit_failures", frame["explicit_failures"],
         says("error.failures_exceed_valid"),
         ("valid_sends", "explicit_failures")),
        (cols.fee_fen > MAX_FEE_FEN, "fee", frame["fee"], largest_amount, ("fee",)),
        (cols.net_fen > MAX_FEE_FEN, "paid", paid, largest_amount, ("paid",)),
        (cols.deductions_fen > cols.fee_fen, "deductions", deductions,
         says("error.deductions_exceed_fee"), ("fee", "deductions")),
        (given & (cols.net_fen > cols.fee_fen - cols.deductions_fen), "paid", paid,
         lambda row: paid_exceeds(*(Decimal(int(c[row])).scaleb(-FEE_PLACES)
                                    for c in (cols.fee_fen, cols.deductions_fen))),
         ("fee", "deductions", "paid")),
        (cols.price_micro == 0, "list_price", frame["list_price"], says("error.not_positive"),
         ("list_price",)),
        (cols.price_micro > int(MAX_AMOUNT) * 10**PRICE_PLACES, "list_price", frame["list_price"],
         largest_amount, ("list_price",)),
    )
    unread = {(row, name) for row, problems in rejected.items() for name, _, _ in problems}
    for mask, name, column, problem, reads in rules:
        for row in map(int, np.flatnonzero(mask)):
            if not any((row, f) in unread for f in reads):  # a zero standing for an unread value
                said = problem if isinstance(problem, Said) else problem(row)
                rejected.setdefault(row, []).append((name, column.iloc[row], said))
    return cols, [Rejected(row, tuple(problems)) for row, problems in sorted(rejected.items())]


class Assessed(NamedTuple):
    """A policy's assessment of parsed rows as integer arrays: money in micro-yuan, rates in
    basis points, tier 0 where nothing is owed."""

    counted: I64  # the availability's denominator (SLA §2.1, §4 as the policy reads it)
    meets: BoolArray
    tier: I64
    rate_bp: I64
    credit: I64
    capped: BoolArray
    term_capped: BoolArray
    sms: I64


def reaches(good: I64, counted: I64, threshold: Fraction, boundary: str) -> BoolArray:
    """Whether each ``good / counted`` is on the good side of ``threshold`` (SLA §2.2), exactly."""
    left, right = good * threshold.denominator, counted * threshold.numerator
    return (left >= right) if boundary == "at_least" else (left > right)


def credit_at(cols: _Columns, policy: Policy, rate_bp: I64) -> tuple[I64, BoolArray, I64]:
    """Each row's credit at ``rate_bp`` under the monthly cap (SLA §3.1(2)), in micro-yuan, whether
    the cap cut it, and the whole SMS it pays at the list price (SLA §3.1(1))."""
    comp = policy.compensation
    basis_fen = cols.fee_fen if comp.fee_basis == "consumed" else cols.net_fen
    cap_fen = cols.net_fen if comp.cap_basis == "net_paid" else cols.fee_fen
    scale = 10**RATE_PLACES  # fen × basis points = micro-yuan (FEE_PLACES + RATE_PLACES = 6)
    uncapped = basis_fen * rate_bp
    cap = cap_fen * scale
    credit = np.minimum(uncapped, cap)
    sms = np.minimum(_whole_sms(credit, cols.price_micro, comp.sms_rounding), cap // cols.price_micro)
    return credit, uncapped > cap, sms


def term_binds(policy: Policy) -> bool:
    """Whether SLA §5.1 can cut a month's credit: under a net-paid monthly cap no month exceeds
    its own fees paid, so the term cap cannot bind."""
    return policy.liability.term_cap == "fees_paid" and policy.compensation.cap_basis != "net_paid"


def within_term(cols: _Columns, policy: Policy, credit: I64, sms: I64,
                room: Callable[[I64, I64], I64] | None = None) -> tuple[I64, I64, BoolArray]:
    """Credit and SMS cut to what SLA §5.1 leaves each month (as :mod:`slakit.term` applies it),
    and which months it cut. ``room(credit, paid)`` may stand in for :func:`_term_room`."""
    comp = policy.compensation
    scale = 10**RATE_PLACES
    cap = (cols.net_fen if comp.cap_basis == "net_paid" else cols.fee_fen) * scale
    paid = cols.net_fen * scale
    if cols.term is None:
        left = paid
    elif room is None:
        left = _term_room(credit, paid, cols.term, cols.rank)
    else:
        left = room(credit, paid)
    within = np.minimum(credit, left)
    within_sms = np.minimum(_whole_sms(within, cols.price_micro, comp.sms_rounding),
                            np.minimum(cap, left) // cols.price_micro)
    return within, within_sms, (credit > left) | (within_sms < sms)


def assess_columns(cols: _Columns, policy: Policy) -> Assessed:
    """Every parsed row assessed under ``policy``, as integer arrays."""
    counted = policy.exclusions.counted_sends(cols.valid, cols.excluded)
    good = counted - cols.failures
    meets = reaches(good, counted, policy.target.availability, policy.target.boundary) | (counted == 0)
    missed = np.flatnonzero(~meets)  # only these months are owed anything: the rest stay zero
    good_missed, counted_missed = good[missed], counted[missed]
    tier, rate_bp, credit, sms = (np.zeros(len(counted), dtype=np.int64) for _ in range(4))
    for i, level in enumerate(policy.compensation.tiers, start=1):  # SLA §3.1: the deepest applies
        below = missed[~reaches(good_missed, counted_missed, level.below, policy.target.boundary)]
        tier[below] = i
        rate_bp[below] = int(level.credit_rate.scaleb(RATE_PLACES))
    capped = np.zeros(len(counted), dtype=bool)
    credit[missed], capped[missed], sms[missed] = credit_at(cols.priced(missed), policy, rate_bp[missed])
    term_capped = np.zeros(len(counted), dtype=bool)
    if term_binds(policy):  # SLA §5.1
        credit, sms, term_capped = within_term(cols, policy, credit, sms)
    return Assessed(counted, meets, tier, rate_bp, credit, capped, term_capped, sms)


def _assess_frame(cols: _Columns, policy: Policy, index: pd.Index) -> pd.DataFrame:
    a = assess_columns(cols, policy)
    valid, failures = a.counted, cols.failures
    no_volume = valid == 0
    safe_valid = np.where(no_volume, 1, valid)
    shown = (valid - failures) * 10**DISPLAY_PLACES // safe_valid
    out = pd.DataFrame(index=index)
    out["availability"] = decimal_column(shown, DISPLAY_PLACES, index, mask=no_volume)
    out["meets_target"] = a.meets
    out["tier"] = pd.Series(a.tier, index=index, dtype="Int64").mask(a.tier == 0)
    out["credit_rate"] = decimal_column(a.rate_bp, RATE_PLACES, index)
    out["credit_amount"] = decimal_column(a.credit, PRICE_PLACES, index)
    out["capped"] = a.capped
    out["term_capped"] = a.term_capped
    out["credit_sms"] = a.sms
    for threshold, _ in thresholds(policy):
        limit = max_failures(valid, threshold, policy.target.boundary)
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
                         says("error.bad_rows", problem=first.problem, row=rejected[0].row, n=len(rejected)))
    result = _assess_frame(cols, policy or load_policy(), frame.index)
    return pd.concat([frame, result], axis=1)


@dataclass(frozen=True)
class Portfolio:
    """Account-months, parsed once into exact integer columns: the good rows and the rejected
    ones, nothing dropped. Assess it under any number of policies without parsing it again.

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
    unit: str = "line"  # what ``lines`` counts: a CSV's lines (the header is 1), a table's rows

    def assess(self, policy: Policy | None = None) -> pd.DataFrame:
        """The good rows with the assessment columns under ``policy``."""
        result = _assess_frame(self.columns, policy or load_policy(), self.frame.index)
        return pd.concat([self.frame, result], axis=1)

    def errors(self) -> list[InputError]:
        """Each rejected row as one error naming file, line (the header is line 1) or row of a
        table, field and value, in the order of the file."""
        errors = [*self.malformed,
                  *(r.error(self.source, int(self.lines[r.row]), self.unit) for r in self.rejected)]
        return sorted(errors, key=lambda e: e.line or 0)


Progress = Callable[[int], object]  # told the rows read so far, after each batch


def _portfolio(source: str, read: pd.DataFrame, cols: _Columns, rejected: list[Rejected],
               lines: I64, malformed: tuple[InputError, ...] = (), unit: str = "line") -> Portfolio:
    keep = np.ones(len(read), dtype=bool)
    keep[[r.row for r in rejected]] = False
    good = read if keep.all() else read[keep]  # no copy of a clean portfolio
    return Portfolio(source, len(read) + len(malformed), good, tuple(rejected), read,
                     cols if keep.all() else cols.select(keep), lines, malformed, unit)


def parse_portfolio(frame: pd.DataFrame, source: str = "frame") -> Portfolio:
    """A frame of account-months parsed once; bad rows are kept aside as rejects (their row
    numbers count from 1)."""
    cols, rejected = _validate(frame.reset_index(drop=True))
    return _portfolio(source, frame, cols, rejected, np.arange(1, len(frame) + 1), unit="row")


def _batched(source: str, batches: Iterable[pa.RecordBatch], progress: Progress | None) -> Portfolio:
    """Validated a batch at a time (the text of a batch is dropped once it is parsed), then the
    terms found over the whole."""
    parts: list[_Columns] = []
    rejected: list[Rejected] = []
    tables = []
    done = 0
    for batch in batches:
        try:
            cols, bad = _validate(batch.to_pandas(types_mapper=pd.ArrowDtype), terms=False)
        except InputError as error:  # a column missing: the table as a whole
            raise error.at(source) from None
        parts.append(cols)
        rejected += [Rejected(done + r.row, r.problems) for r in bad]
        tables.append(pa.Table.from_batches([batch]))
        done += batch.num_rows
        if progress:
            progress(done)
    if not tables:
        raise InputError("(table)", source, says("error.no_columns"))
    read = pa.concat_tables(tables).to_pandas(types_mapper=pd.ArrowDtype)
    more: dict[int, list[Problem]] = {}
    cols = _Columns.joined(parts, *_terms(read, more))
    if more:
        known = {r.row: r for r in rejected}
        for row, problems in more.items():
            known[row] = Rejected(row, (*known[row].problems, *problems) if row in known
                                  else tuple(problems))
        rejected = sorted(known.values(), key=lambda r: r.row)
    return _portfolio(source, read, cols, rejected, np.arange(1, done + 1), unit="row")


def read_portfolio(path: str | Path, query: str | None = None,
                   progress: Progress | None = None) -> Portfolio:
    """Read account-months, parse and validate them once; bad rows are kept aside as rejects with
    their reasons.

    ``path`` is a CSV (see :mod:`slakit.csvfile`; plain or gzipped, with or without a byte-order
    mark) or a Parquet file (``.parquet``); with ``query``, a DuckDB database and the SELECT that
    gives the account-months. Parquet and DuckDB are read a million rows at a time; ``progress``
    is told the rows read after each batch.
    """
    if query is not None:
        return _batched(str(path), query_batches(path, query, BATCH_ROWS), progress)
    if Path(path).is_file() and is_duckdb(path):
        raise InputError(WHOLE_FILE, str(path), says("error.duckdb_needs_query"))

    if Path(path).suffix.lower() in PARQUET:
        parquet_rows(path)  # a clear error before any work
        return _batched(str(path), parquet_batches(path, BATCH_ROWS), progress)
    table = read_csv(path)
    try:
        cols, rejected = _validate(table.frame)
    except InputError as error:
        raise error.at(path) from None
    if progress:
        progress(table.rows_read)
    return _portfolio(table.source, table.frame, cols, rejected, table.lines, table.malformed)
