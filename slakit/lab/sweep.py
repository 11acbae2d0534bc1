"""How the payout moves with the target (SLA §2.2): a policy with its target moved, and a sweep of
targets over a portfolio that costs one sort, not one assessment a target.

Why one sort is enough: under :func:`with_target`, a month that misses the moved target earns the
rate of the deepest original tier it misses, a rate that does not depend on where the target
went. So each month's credit at that rate is computed once; sorted by exact availability, the
months missing a target are a prefix, and each target's payout is a cumulative sum read at one
position. Float ratios order the months (correctly rounded division is monotone: it may tie
distinct ratios, never invert them); the months tied with a target are decided exactly. The term
cap of SLA §5.1 makes a month's credit depend on the other months of its term: where it can
bind, each target is assessed on its own over the parsed columns, for the terms that owe anything.

>>> from slakit import load_policy, parse_portfolio
>>> book = parse_portfolio(pd.DataFrame({"valid_sends": [1000, 1000], "explicit_failures": [50, 60],
...                                      "fee": ["100", "100"], "list_price": ["0.05", "0.05"]}))
>>> [(percent(p.target), str(p.credit)) for p in sensitivity(book, load_policy(),
...                                                         (Fraction(94, 100), Fraction(95, 100)))]
[('94%', '0.000000'), ('95%', '10.000000')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from ..columns import I64
from ..errors import InputError
from ..format import percent
from ..money import PRICE_PLACES
from ..policy import RATE_PLACES, Policy, Tier
from ..portfolio import (
    BoolArray,
    Portfolio,
    credit_at,
    parse_portfolio,
    reaches,
    term_binds,
    within_term,
)
from ..words import say, says

Progress = Callable[[int, int], object]  # told the targets done and their number


def with_target(policy: Policy, target: Fraction) -> Policy:
    """``policy`` with its target (SLA §2.2) moved to ``target``, its tiers kept consistent.

    A tier that started at the old target starts at the new one; tiers that the new target
    reaches or passes merge into one starting at it, at the harshest of their rates. Every
    account-month below the new target is thus paid what the original tiers pay at its
    availability (the mildest rate at least), so a higher target never pays less.

    >>> from slakit import load_policy
    >>> sla = load_policy()
    >>> lower = with_target(sla, Fraction(89, 100))
    >>> [(percent(t.below), str(t.credit_rate)) for t in lower.compensation.tiers]
    [('89%', '0.30')]
    >>> with_target(sla, Fraction(19, 20)) == sla
    True
    """
    _check(target)
    old = policy.target.availability
    if target == old:
        return policy
    tiers = policy.compensation.tiers
    bounds = [target if i == 0 and t.below == old else t.below for i, t in enumerate(tiers)]
    merged = [t for t, b in zip(tiers, bounds, strict=True) if b >= target]
    kept = [t for t, b in zip(tiers, bounds, strict=True) if b < target]
    note = tuple(say(lang, "policy.target_moved", target=percent(target)) for lang in ("en", "zh"))
    head = [Tier(target, merged[-1].credit_rate, merged[-1].clause.amended(*note))] if merged else []
    return replace(
        policy,
        version=f"{policy.version}, target {percent(target)}",
        target=replace(policy.target, availability=target, clause=policy.target.clause.amended(*note)),
        compensation=replace(policy.compensation, tiers=(*head, *kept)),
    )


MAX_DENOMINATOR = 10**6  # a target to 4 decimal places of a percent, as in a policy file; with
# counts up to 10¹² (slakit.assess.MAX_COUNT) every exact comparison then fits in int64


def _check(target: Fraction) -> None:
    if not 0 < target <= 1:
        raise InputError("target", str(target), says("error.target_range"))
    if target.denominator > MAX_DENOMINATOR:
        raise InputError("target", str(target), says("error.target_denominator", most=MAX_DENOMINATOR))


def sweep(low: Fraction, high: Fraction, step: Fraction = Fraction(1, 200)) -> tuple[Fraction, ...]:
    """Targets from ``low`` by ``step``, ending exactly at ``high``.

    >>> [percent(t) for t in sweep(Fraction(98, 100), Fraction(999, 1000))]
    ['98%', '98.5%', '99%', '99.5%', '99.9%']
    """
    count = int((high - low) / step)
    return tuple(dict.fromkeys([*(low + i * step for i in range(count + 1)), high]))


SWEEP = sweep(Fraction(90, 100), Fraction(999, 1000))  # 90 % to 99.5 % by half points, and 99.9 %


@dataclass(frozen=True)
class SensitivityPoint:
    target: Fraction
    credit: Decimal  # yuan, the whole portfolio
    compensated_months: int


def parsed(portfolio: Portfolio | pd.DataFrame) -> Portfolio:
    """A parsed portfolio as it is (its good rows), or a frame parsed here: a bad row of a frame
    raises, naming its row, field and value."""
    if isinstance(portfolio, Portfolio):
        return portfolio
    book = parse_portfolio(portfolio)
    if book.rejected:
        raise book.errors()[0]
    return book


def rates_below_target(good: I64, counted: I64, policy: Policy) -> I64:
    """The credit rate (basis points) each month earns under :func:`with_target` for any target it
    misses: that of the deepest original tier it misses (SLA §3.1), the tier that starts at the
    target counting as missed."""
    rate = np.zeros(len(counted), dtype=np.int64)
    for i, tier in enumerate(policy.compensation.tiers):
        moves = i == 0 and tier.below == policy.target.availability
        missed = slice(None) if moves else ~reaches(good, counted, tier.below, policy.target.boundary)
        rate[missed] = int(tier.credit_rate.scaleb(RATE_PLACES))
    return rate


def _misses(good: I64, counted: I64, target: Fraction, boundary: str) -> BoolArray:
    """Exactly which months miss ``target`` (SLA §2.2), in Python integers: for the few months
    whose float ratio ties with the target's."""
    left = good.astype(object) * target.denominator
    right = counted.astype(object) * target.numerator
    return np.asarray(left < right if boundary == "at_least" else left <= right, dtype=bool)


def _ratios(good: I64, counted: I64) -> np.ndarray:
    """``good / counted`` as correctly rounded floats, for ordering only; +inf without volume
    (such a month meets every target)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(counted == 0, np.inf, good / np.where(counted == 0, 1, counted))


def _running(values: I64) -> np.ndarray:
    """Cumulative sums from 0, exact: int64 while the total fits, Python integers beyond."""
    total = int(np.abs(values).max(initial=0)) * len(values)
    summed = np.cumsum(values if total < 2**62 else values.astype(object))
    return np.concatenate([np.zeros(1, dtype=summed.dtype), summed])


def _yuan(micro: object) -> Decimal:
    return Decimal(int(micro)).scaleb(-PRICE_PLACES)  # type: ignore[call-overload]


def sensitivity(portfolio: Portfolio | pd.DataFrame, policy: Policy,
                targets: Sequence[Fraction] = SWEEP,
                progress: Progress | None = None) -> tuple[SensitivityPoint, ...]:
    """Total credit over ``portfolio`` (its good rows; a frame is parsed here) as the target of
    ``policy`` sweeps ``targets``: for each, what :func:`with_target` would pay, exactly."""
    book = parsed(portfolio)
    for target in targets:
        _check(target)
    if not targets:
        return ()
    if term_binds(policy) and book.columns.term is not None:  # SLA §5.1 ties a term's months
        return _each_target(book, policy, targets, progress)
    return SortedMonths(book, policy, max(targets)).points(targets, progress)


class SortedMonths:
    """The months of a portfolio that may miss a target up to ``up_to``, each with its credit
    under :func:`with_target`, sorted once by availability: any targets up to ``up_to`` are then
    priced by one cumulative sum read each (see the module's note). Not for a policy whose SLA §5.1
    term cap ties the months of a ``customer_id`` term (:func:`sensitivity` handles those)."""

    def __init__(self, book: Portfolio, policy: Policy, up_to: Fraction) -> None:
        _check(up_to)
        self.up_to, self.boundary = up_to, policy.target.boundary
        cols = book.columns
        counted = policy.exclusions.counted_sends(cols.valid, cols.excluded)
        good = counted - cols.failures
        ratio = _ratios(good, counted)
        may_miss = ratio <= float(up_to)  # a < t implies float(a) ≤ float(t)
        good, counted, ratio = good[may_miss], counted[may_miss], ratio[may_miss]
        cols = cols.priced(may_miss)
        credit, _, sms = credit_at(cols, policy, rates_below_target(good, counted, policy))
        if term_binds(policy):  # each month a term of its own: the cap is the month's own fees paid
            credit, sms, _ = within_term(cols, policy, credit, sms)
        order = np.argsort(ratio)  # equal keys in any order: a target falls between distinct keys
        self.keys, self.good, self.counted = ratio[order], good[order], counted[order]
        self.credit, self.owes = credit[order], sms[order] > 0
        self.paid = _running(self.credit)
        self.owed = _running(self.owes.astype(np.int64))

    def points(self, targets: Sequence[Fraction],
               progress: Progress | None = None) -> tuple[SensitivityPoint, ...]:
        """What each of ``targets`` (none above ``up_to``) would pay."""
        points = []
        for done, target in enumerate(targets, start=1):
            _check(target)
            if target > self.up_to:
                raise InputError("target", str(target), says("error.target_above", up_to=percent(self.up_to)))

            low, high = (int(np.searchsorted(self.keys, float(target), side)) for side in ("left", "right"))
            tied = slice(low, high)
            missing = _misses(self.good[tied], self.counted[tied], target, self.boundary)
            points.append(SensitivityPoint(
                target, _yuan(self.paid[low] + int(self.credit[tied][missing].sum())),
                int(self.owed[low]) + int(np.count_nonzero(self.owes[tied][missing]))))
            if progress:
                progress(done, len(targets))
        return tuple(points)


class _Terms:
    """The months of each term side by side, one term a row (service-month order), so that
    SLA §5.1's running sums are cumulative operations along rows: a layout found once and used
    for every target. Falls back to :func:`slakit.portfolio.within_term`'s own when a few long
    terms would make the rows mostly padding."""

    def __init__(self, term: I64, rank: I64) -> None:
        self.order = np.lexsort((rank, term))
        ordered = term[self.order]
        starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
        lengths = np.diff(np.concatenate([starts, [len(ordered)]]))
        self.row = np.repeat(np.arange(len(starts)), lengths)
        self.column = np.arange(len(ordered)) - np.repeat(starts, lengths)
        self.shape = (len(starts), int(lengths.max(initial=0)))
        self.compact = self.shape[0] * self.shape[1] <= 4 * len(ordered) + 1_000

    def _grid(self, values: I64) -> I64:
        grid = np.zeros(self.shape, dtype=np.int64)
        grid[self.row, self.column] = values[self.order]
        return grid

    def room(self, credit: I64, paid: I64) -> I64:
        """What SLA §5.1 leaves each month (see ``slakit.portfolio._term_room``: G_k = C_k +
        min(0, min_{j≤k}(P_j − C_j)), room_k = P_k − G_{k−1})."""
        c, p = np.cumsum(self._grid(credit), axis=1), np.cumsum(self._grid(paid), axis=1)
        granted = c + np.minimum(np.minimum.accumulate(p - c, axis=1), 0)
        before = np.concatenate([np.zeros((self.shape[0], 1), dtype=np.int64), granted[:, :-1]], axis=1)
        room = np.empty_like(credit)
        room[self.order] = (p - before)[self.row, self.column]
        return room


def _each_target(book: Portfolio, policy: Policy, targets: Sequence[Fraction],
                 progress: Progress | None) -> tuple[SensitivityPoint, ...]:
    """The sweep where SLA §5.1 ties the months of a term: each target assessed over the parsed
    columns of the terms with a month below the highest target, the terms laid out once."""
    cols = book.columns
    assert cols.term is not None
    counted = policy.exclusions.counted_sends(cols.valid, cols.excluded)
    good = counted - cols.failures
    ratio = _ratios(good, counted)
    owing = np.zeros(int(cols.term.max(initial=-1)) + 1, dtype=bool)
    owing[cols.term[ratio <= float(max(targets))]] = True
    keep = owing[cols.term]
    cols, good, counted, ratio = cols.select(keep), good[keep], counted[keep], ratio[keep]
    assert cols.term is not None
    credit, _, sms = credit_at(cols, policy, rates_below_target(good, counted, policy))
    terms = _Terms(cols.term, cols.rank)
    points = []
    for done, target in enumerate(targets, start=1):
        misses = ratio < float(target)
        tied = np.flatnonzero(ratio == float(target))
        misses[tied] = _misses(good[tied], counted[tied], target, policy.target.boundary)
        within, within_sms, _ = within_term(cols, policy, np.where(misses, credit, 0),
                                            np.where(misses, sms, 0),
                                            terms.room if terms.compact else None)
        points.append(SensitivityPoint(target, _yuan(_running(within)[-1]),
                                       int(np.count_nonzero(within_sms > 0))))
        if progress:
            progress(done, len(targets))
    return tuple(points)
