"""One account-month assessed against a policy: availability, tier, credit, cap, SMS, error budget.

>>> a = assess(valid_sends=100_000, explicit_failures=5_000, fee="1000.00", list_price="0.045")
>>> a.availability, a.meets_target, a.credit_sms   # exactly 95 % meets the target (SLA §2.2)
(Fraction(19, 20), True, 0)
>>> a = assess(100_000, 15_000, fee="1000.00", deductions="800.00", list_price="0.05")
>>> a.credit_rate, a.credit_amount, a.capped, a.credit_sms   # 30 % of 1,000 capped at 200
(Decimal('0.30'), Decimal('200.00'), True, 4000)
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from .errors import InputError
from .explain import explain
from .format import show, truncate
from .money import fees, term_so_far, whole_sms
from .policy import Count, Policy, Tier, load_policy
from .words import says

MAX_COUNT = 10**12  # a trillion SMS in a month: far above the SLA §4.10 lines, inside int64 products


@dataclass(frozen=True)
class Budget:
    """How many explicit failures this month's volume can take before ``threshold`` is crossed."""

    threshold: Fraction
    credit_rate_beyond: Decimal  # the credit rate once the threshold is crossed
    max_failures: int  # the most failures that still stay on the good side
    remaining: int  # more failures that can be taken (0 once crossed)
    crossed: bool


@dataclass(frozen=True)
class Assessment:
    """One account-month assessed under a policy, every figure exact and each step citable.

    ``availability`` is ``1 − explicit_failures / valid_sends`` as a ``Fraction`` (SLA §2.1), or
    None for a month without valid sends (target met, nothing owed); ``excluded`` sends (SLA §4)
    join the valid sends as non-failures only under the policy's other reading of §4. ``tier`` is
    the 1-based compensation tier (SLA §3.1), None when nothing is owed. Money is ``Decimal`` yuan:
    the credit before the cap, the cap (the fee paid net of vouchers, coupons and reductions under
    the SLA's own reading, SLA §3.1(2)) and the credit after it; ``credit_sms`` is what is actually
    paid, whole SMS at the list price, never worth more than the cap (SLA §3.1(1)). ``term_cap`` is
    what the fees paid so far in the term leave for this month after the earlier months' credits
    (SLA §5.1): a month assessed ``alone`` is a term of its own, held to its own fees paid (a lower
    bound of what it earns in a longer term); :func:`slakit.assess_term` assesses a term's months
    together. ``error_budget`` gives the failures left before each boundary; ``explanation`` tells
    it all, clause by clause.

    >>> a = assess(100_000, 7_000, fee="4500.00", list_price="0.045")
    >>> a.availability, a.tier, a.credit_amount, a.credit_sms
    (Fraction(93, 100), 1, Decimal('450.0000'), 10000)
    """

    policy_id: str
    valid_sends: int
    explicit_failures: int
    excluded: int  # sends excluded under SLA §4
    fee: Decimal  # consumed fee (SLA §1.6)
    deductions: Decimal  # vouchers, coupons, reductions (SLA §3.1(2))
    net_paid: Decimal  # the fee paid for the month net of those: as given, else fee − deductions
    paid_given: bool  # whether ``net_paid`` was given (a prepaid package's month, say)
    list_price: Decimal  # per SMS (SLA §3.1(1))
    availability: Fraction | None  # None when there are no valid sends
    meets_target: bool
    tier: int | None  # 1-based index into the policy's tiers; None when no credit is owed
    credit_rate: Decimal
    uncapped_amount: Decimal
    cap: Decimal
    credit_amount: Decimal
    capped: bool
    credit_sms: int
    error_budget: tuple[Budget, ...]
    explanation: str
    term_cap: Decimal | None = None  # what SLA §5.1 leaves for this month (None: no term cap)
    term_capped: bool = False  # the term cap cut this month's credit
    alone: bool = True  # assessed as a term of its own: SLA §5.1 holds it to its own fees paid

    @property
    def availability_decimal(self) -> Decimal | None:
        """The availability truncated to six places (never rounded up across a boundary)."""
        return None if self.availability is None else truncate(self.availability)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: decimals as strings, the availability cut to six places (exact form too)."""
        return {
            "policy": self.policy_id,
            "valid_sends": self.valid_sends,
            "explicit_failures": self.explicit_failures,
            "excluded": self.excluded,
            "availability": None if self.availability is None else str(self.availability_decimal),
            "availability_exact": None if self.availability is None else str(self.availability),
            "meets_target": self.meets_target,
            "tier": self.tier,
            "credit_rate": str(self.credit_rate),
            "uncapped_amount": show(self.uncapped_amount),
            "net_paid": show(self.net_paid),
            "cap": show(self.cap),
            "term_cap": None if self.term_cap is None else show(self.term_cap),
            "credit_amount": show(self.credit_amount),
            "capped": self.capped,
            "term_capped": self.term_capped,
            "alone": self.alone,
            "credit_sms": self.credit_sms,
            "error_budget": [
                {
                    "threshold": str(truncate(b.threshold)),
                    "credit_rate_beyond": str(b.credit_rate_beyond),
                    "max_failures": b.max_failures,
                    "remaining": b.remaining,
                    "crossed": b.crossed,
                }
                for b in self.error_budget
            ],
            "explanation": self.explanation,
        }


def count(value: object, field: str) -> int:
    """A non-negative whole count up to :data:`MAX_COUNT`; an int or numpy's (a DataFrame's values
    are), never a boolean, float or text."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InputError(field, value, says("error.not_whole"))
    value = int(value)
    if value < 0:
        raise InputError(field, value, says("error.negative"))
    if value > MAX_COUNT:
        raise InputError(field, value, says("error.largest_count", largest=MAX_COUNT))
    return value


@dataclass(frozen=True)
class Verdict:
    """Where a month's counts put it under a policy: the sends counted (the availability's
    denominator, SLA §2.1 with the §4 reading applied), the failures, the availability (None
    without valid sends), whether it meets the target (SLA §2.2) and the tier (SLA §3.1)."""

    counted: int
    failures: int
    availability: Fraction | None
    meets_target: bool
    tier: int | None


def verdict(valid_sends: int, explicit_failures: int, policy: Policy, excluded: int = 0) -> Verdict:
    """The verdict on a month's counts (checked), the one computation every figure starts from.

    >>> verdict(1_000, 51, load_policy(), excluded=20).availability
    Fraction(949, 1000)
    >>> verdict(1_000, 51, load_policy("variant-excluded-as-delivered"), excluded=20).meets_target
    True
    """
    valid = count(valid_sends, "valid_sends")
    failures = count(explicit_failures, "explicit_failures")
    left_out = count(excluded, "excluded")
    if failures > valid:
        raise InputError("explicit_failures", failures, says("error.failures_exceed", valid=valid))

    counted = policy.exclusions.counted_sends(valid, left_out)
    availability = None if counted == 0 else 1 - Fraction(failures, counted)
    meets, tier = band(availability, policy)
    return Verdict(counted, failures, availability, meets, tier)


def band(availability: Fraction | None, policy: Policy) -> tuple[bool, int | None]:
    """Whether the target is met, and the 1-based tier that applies (SLA §2.2, §3.1)."""
    if availability is None:  # no valid sends: no figure, target met, nothing owed
        return True, None
    target = policy.target
    if target.reaches(availability, target.availability):
        return True, None
    tier = None
    for i, t in enumerate(policy.compensation.tiers, start=1):
        if not target.reaches(availability, t.below):
            tier = i
    return False, tier


def max_failures(valid_sends: Count, threshold: Fraction, boundary: str) -> Count:
    """The most explicit failures ``valid_sends`` can take and stay on the good side of ``threshold``.

    Integer arithmetic only, so it serves one count or a whole int64 array alike:
    1 − f/V ≥ n/d  ⇔  f·d ≤ V·(d − n).

    >>> max_failures(100_000, Fraction(19, 20), "at_least"), max_failures(100_000, Fraction(19, 20), "above")
    (5000, 4999)
    """
    allowed = valid_sends * (threshold.denominator - threshold.numerator)
    d = threshold.denominator
    if boundary == "at_least":
        return allowed // d
    return -(-allowed // d) - 1


def thresholds(policy: Policy) -> list[tuple[Fraction, Decimal]]:
    """Each boundary of the policy, best first, with the credit rate that applies beyond it."""
    tiers: tuple[Tier, ...] = policy.compensation.tiers
    points = sorted({policy.target.availability, *(t.below for t in tiers)}, reverse=True)
    result = []
    for point in points:
        beyond = [t.credit_rate for t in tiers if t.below >= point]
        result.append((point, beyond[-1] if beyond else Decimal(0)))
    return result


def error_budget(valid_sends: int, explicit_failures: int, policy: Policy) -> tuple[Budget, ...]:
    """The failures left before each boundary of ``policy`` is crossed, for this volume (the
    availability's denominator, :meth:`~slakit.policy.Exclusions.counted_sends`).

    >>> [b.remaining for b in error_budget(100_000, 1_000, load_policy())]
    [4000, 9000]
    """
    budgets = []
    for threshold, rate in thresholds(policy):
        limit = max_failures(valid_sends, threshold, policy.target.boundary)
        budgets.append(
            Budget(threshold, rate, limit, max(limit - explicit_failures, 0),
                   explicit_failures > limit)
        )
    return tuple(budgets)


def credit_before_cap(rate: Decimal, fee: Decimal, deductions: Decimal, policy: Policy,
                      paid: Decimal | None = None) -> tuple[Decimal, Decimal]:
    """The credit at ``rate`` before the cap, and the cap (SLA §3.1(2)), per the policy's bases.
    The net-paid fee is ``paid`` when given, else ``fee − deductions``.

    >>> credit_before_cap(Decimal("0.30"), Decimal("1000.00"), Decimal("800.00"), load_policy())
    (Decimal('300.0000'), Decimal('200.00'))
    """
    comp = policy.compensation
    net = fee - deductions if paid is None else paid
    basis = fee if comp.fee_basis == "consumed" else net
    return rate * basis, net if comp.cap_basis == "net_paid" else fee


def credit_in_sms(credit: Decimal, cap: Decimal, price: Decimal, policy: Policy) -> int:
    """Whole SMS at the list price (SLA §3.1(1)), rounded as the policy says but never worth more
    than ``cap``."""
    if credit <= 0:
        return 0
    return min(whole_sms(credit, price, policy.compensation.sms_rounding), whole_sms(cap, price, "down"))


def assess(
    valid_sends: int,
    explicit_failures: int,
    fee: Decimal | str | int,
    list_price: Decimal | str | int,
    deductions: Decimal | str | int = "0",
    policy: Policy | None = None,
    *,
    excluded: int = 0,
    paid: Decimal | str | int | None = None,
    paid_before: Decimal | str | int | None = None,
    credited_before: Decimal | str | int = "0",
) -> Assessment:
    """Assess one account-month (SLA §2–§3, §5.1); bad input raises :class:`InputError`.

    ``excluded`` counts the sends excluded under SLA §4 (left out of ``valid_sends``); ``paid`` is
    the fee actually paid for the month net of vouchers, coupons and reductions, when known (a
    prepaid package's month): it replaces ``fee − deductions`` as the net-paid fee, and can be no
    more than that. The month is a term of its own (SLA §5.1 holds it to its own fees paid, a lower
    bound for a longer term) unless ``paid_before`` gives the fees paid in the term's earlier
    months, with ``credited_before`` the compensation they earned.

    >>> assess(1_000, 51, fee="45.00", list_price="0.045", excluded=20).availability
    Fraction(949, 1000)
    >>> assess(1_000, 51, fee="45.00", list_price="0.045", excluded=20,
    ...        policy=load_policy("variant-excluded-as-delivered")).availability
    Fraction(19, 20)
    >>> sla = load_policy("variant-consumed-cap")   # a month capped at its consumed fee, paid by vouchers
    >>> assess(100_000, 15_000, fee="1000.00", deductions="1000.00", list_price="0.05", policy=sla).credit_sms
    0
    >>> assess(100_000, 15_000, fee="1000.00", deductions="1000.00", list_price="0.05", policy=sla,
    ...        paid_before="500.00").credit_sms
    6000
    """
    policy = policy or load_policy()
    v = verdict(valid_sends, explicit_failures, policy, excluded)
    money = fees(fee, list_price, deductions, paid)
    rate = policy.compensation.tiers[v.tier - 1].credit_rate if v.tier else Decimal("0")
    uncapped, cap = credit_before_cap(rate, money.fee, money.deductions, policy, money.net_paid)
    credit = min(uncapped, cap)
    assessment = Assessment(
        policy_id=policy.id,
        valid_sends=valid_sends,
        explicit_failures=v.failures,
        excluded=excluded,
        fee=money.fee,
        deductions=money.deductions,
        net_paid=money.net_paid,
        paid_given=money.paid_given,
        list_price=money.list_price,
        availability=v.availability,
        meets_target=v.meets_target,
        tier=v.tier,
        credit_rate=rate,
        uncapped_amount=uncapped,
        cap=cap,
        credit_amount=credit,
        capped=uncapped > cap,
        credit_sms=credit_in_sms(credit, cap, money.list_price, policy),
        error_budget=error_budget(v.counted, v.failures, policy),
        explanation="",
    )
    room = money.net_paid
    if paid_before is not None:
        before, granted = term_so_far(paid_before, credited_before)
        room += before - granted
    return within(assessment, room, policy, alone=paid_before is None)


def within(month: Assessment, room: Decimal, policy: Policy, *, alone: bool = False) -> Assessment:
    """``month`` under the SLA §5.1 term cap: its monthly credit (the monthly cap applied) cut to
    ``room``, what the fees paid so far in the term leave after the earlier months' credits.
    Under a policy without the term cap, the month as it is."""
    if policy.liability.term_cap == "fees_paid":
        monthly = min(month.uncapped_amount, month.cap)
        credit = min(monthly, room)
        sms = credit_in_sms(credit, min(month.cap, room), month.list_price, policy)
        cut = monthly > room or sms < credit_in_sms(monthly, month.cap, month.list_price, policy)
        month = replace(month, term_cap=room, term_capped=cut, credit_amount=credit, credit_sms=sms)
    month = replace(month, alone=alone)
    return replace(month, explanation=explain(month, policy))
