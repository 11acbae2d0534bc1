"""The assessment of :mod:`slakit.assess`, vectorized over a DataFrame of account-months.

Exact throughout: counts are int64, fees are whole fen, list prices whole micro-yuan, credit
rates whole basis points, so every comparison and division is integer arithmetic. Money comes
back as exact Arrow decimals, which read as ``Decimal``.

>>> frame = pd.DataFrame({"valid_sends": [100_000, 100_000], "explicit_failures": [5_000, 15_000],
...                       "fee": ["1000.00", "1000.00"], "deductions": ["0", "800.00"],
...                       "list_price": ["0.05", "0.05"]})
>>> out = assess_frame(frame)
>>> out["credit_sms"].tolist(), out["credit_amount"].tolist(), out["capped"].tolist()
([0, 4000], [Decimal('0.000000'), Decimal('200.000000')], [False, True])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
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
from .policy import RATE_PLACES, Policy, load_policy

COLUMNS = ("valid_sends", "explicit_failures", "fee", "deductions", "list_price")
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
    fee_fen: I64
    deductions_fen: I64
    price_micro: I64


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


def _validate(frame: pd.DataFrame) -> tuple[_Columns, list[Rejected]]:
    missing = [c for c in COLUMNS if c not in frame.columns and c != "deductions"]
    if missing:
        raise InputError(missing[0], None, "column is missing; need " + ", ".join(COLUMNS))
    rejected: dict[int, list[Problem]] = {}
    deductions = frame["deductions"] if "deductions" in frame else pd.Series(
        np.zeros(len(frame), dtype=np.int64), index=frame.index)
    cols = _Columns(
        _parse_column(frame["valid_sends"], "valid_sends", _count("valid_sends"), 0, rejected),
        _parse_column(frame["explicit_failures"], "explicit_failures",
                      _count("explicit_failures"), 0, rejected),
        _parse_column(frame["fee"], "fee", _money("fee", FEE_PLACES), FEE_PLACES, rejected),
        _parse_column(deductions, "deductions", _money("deductions", FEE_PLACES), FEE_PLACES,
                      rejected),
        _parse_column(frame["list_price"], "list_price", _money("list_price", PRICE_PLACES),
                      PRICE_PLACES, rejected),
    )
    rules = (  # (rows breaking it, field, values, problem, the fields it reads)
        (cols.valid > MAX_COUNT, "valid_sends", frame["valid_sends"],
         f"exceeds {MAX_COUNT:,}, the largest count slakit assesses", ("valid_sends",)),
        (cols.failures > cols.valid, "explicit_failures", frame["explicit_failures"],
         "exceeds valid_sends: failures are counted among valid sends",
         ("valid_sends", "explicit_failures")),
        (cols.fee_fen > MAX_FEE_FEN, "fee", frame["fee"],
         f"exceeds {MAX_AMOUNT:,}, the largest amount slakit assesses", ("fee",)),
        (cols.deductions_fen > cols.fee_fen, "deductions", deductions,
         "exceed the consumed fee", ("fee", "deductions")),
        (cols.price_micro == 0, "list_price", frame["list_price"], "must be greater than zero",
         ("list_price",)),
        (cols.price_micro > int(MAX_AMOUNT) * 10**PRICE_PLACES, "list_price", frame["list_price"],
         f"exceeds {MAX_AMOUNT:,}, the largest amount slakit assesses", ("list_price",)),
    )
    unread = {(row, name) for row, problems in rejected.items() for name, _, _ in problems}
    for mask, name, column, problem, reads in rules:
        for row in map(int, np.flatnonzero(mask)):
            if not any((row, f) in unread for f in reads):  # a zero standing for an unread value
                rejected.setdefault(row, []).append((name, column.iloc[row], problem))
    return cols, [Rejected(row, tuple(problems)) for row, problems in sorted(rejected.items())]


def _assess_columns(cols: _Columns, policy: Policy, index: pd.Index) -> pd.DataFrame:
    target, comp = policy.target, policy.compensation
    valid, failures = cols.valid, cols.failures
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

    net_fen = cols.fee_fen - cols.deductions_fen
    basis_fen = cols.fee_fen if comp.fee_basis == "consumed" else net_fen
    cap_fen = net_fen if comp.cap_basis == "net_paid" else cols.fee_fen
    scale = 10**RATE_PLACES  # fen × basis points = micro-yuan (FEE_PLACES + RATE_PLACES = 6)
    uncapped = basis_fen * rate_bp
    cap = cap_fen * scale
    credit = np.minimum(uncapped, cap)
    price = cols.price_micro
    if comp.sms_rounding == "down":
        sms = credit // price
    elif comp.sms_rounding == "up":
        sms = -(-credit // price)
    else:
        sms = (2 * credit + price) // (2 * price)
    sms = np.minimum(sms, cap // price)

    safe_valid = np.where(no_volume, 1, valid)
    shown = good * 10**DISPLAY_PLACES // safe_valid
    out = pd.DataFrame(index=index)
    out["availability"] = decimal_column(shown, DISPLAY_PLACES, index, mask=no_volume)
    out["meets_target"] = meets
    out["tier"] = pd.Series(tier, index=index, dtype="Int64").mask(tier == 0)
    out["credit_rate"] = decimal_column(rate_bp, RATE_PLACES, index)
    out["credit_amount"] = decimal_column(credit, PRICE_PLACES, index)
    out["capped"] = uncapped > cap
    out["credit_sms"] = sms
    for threshold, _ in thresholds(policy):
        limit = max_failures(valid, threshold, target.boundary)
        out[f"budget_{percent(threshold)}"] = np.maximum(limit - failures, 0)
    return out


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
    kept = _Columns(*(getattr(cols, f.name)[keep] for f in fields(_Columns)))
    return Portfolio(table.source, table.rows_read, frame[keep], tuple(rejected), frame, kept,
                     table.lines, table.malformed)
