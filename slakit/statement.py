"""One statement of a service month: every figure a person reads of it, made in one place.

:func:`state` states a month from its :class:`Evidence` (counts from a row of monthly figures,
the receipts archive or typed in, and how far they cover the month), the policy, the month's
:class:`~slakit.money.Fees`, the claim calendar and the date it is stated on; :func:`state_term`
states a term's months together under the SLA §5.1 cap. A statement holds the availability band
(the headline and its best end, exact), the tier, the credit (exact yuan) and the SMS it pays,
every cap that bound, the claim window and one status on the date. Every command and output
renders statements and computes nothing of its own, so a month reads the same wherever it is read.

>>> from slakit.months import ServiceMonth
>>> april = ServiceMonth(date(2026, 4, 1), date(2026, 4, 30))
>>> month = Evidence(april, "figures", figures_counts(100_000, 7_000), (april.start, april.end))
>>> s = state(month, load_policy(), fees("4500.00", "0.045"), on=date(2026, 5, 20))
>>> s.status, s.credit.credit_sms, s.days_left
('open', 10000, 41)
>>> state(Evidence(april, "figures", None), load_policy(), on=date(2026, 5, 20)).status
'no_data'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, get_args

from .assess import Assessment, Verdict, assess, count, verdict, within
from .claims import ClaimWindow, claim_window
from .errors import InputError
from .money import Fees, fees, term_so_far
from .months import ServiceMonth
from .policy import Policy, load_policy
from .words import says
from .workdays import YearSchedule

Status = Literal["no_data", "upcoming", "in_progress", "partial", "met", "not_owed", "owed",
                 "not_yet_open", "open", "forfeited"]
STATUSES: tuple[Status, ...] = get_args(Status)
OWED: tuple[Status, ...] = ("owed", "not_yet_open", "open", "forfeited")  # a credit is owed
FINAL: tuple[Status, ...] = ("met", "not_owed", *OWED)  # the month is over and its evidence whole
Source = Literal["figures", "receipts", "typed"]
Nothing = Literal["no_fee", "cap_zero", "term_cap", "under_one_sms"]  # why a missed month pays nothing


@dataclass(frozen=True)
class Counts:
    """A service month's sends as its evidence counts them (SLA §1.2–§1.4, §4).

    The headline, the band's worst end, counts every disputed and unclassified send as a failure
    (SLA §1.2). The best end counts only the explicit failures: a send that may have been
    delivered (``UNKNOWN``, no receipt) as delivered, and a send certainly not delivered for a
    cause that may lie outside the provider (``EXPIRED``, ``COMFAIL``, an unlisted carrier code:
    SLA §1.4(2), §4.14) out of both counts: no reading makes it delivered.
    """

    valid_sends: int  # SLA §1.3: sends to valid numbers, failures of every kind among them
    explicit: int  # explicit failures (SLA §1.2): what the evidence establishes for certain
    disputed: int = 0  # attribution disputed: a failure in the headline
    unclassified: int = 0  # codes the code map does not list: a failure in the headline
    undelivered: int = 0  # of the disputed and unclassified, certainly not delivered
    excluded: int = 0  # excluded under SLA §4, left out of ``valid_sends``
    pending: int = 0  # submitted and awaiting a receipt: left out until known

    def __post_init__(self) -> None:
        for name in ("valid_sends", "explicit", "disputed", "unclassified", "undelivered", "excluded",
                     "pending"):
            count(getattr(self, name), name)
        if self.failures > self.valid_sends:
            raise InputError("explicit_failures", self.failures,
                             says("error.failures_exceed", valid=self.valid_sends))
        if self.undelivered > self.disputed + self.unclassified:
            raise InputError("undelivered", self.undelivered, says("error.undelivered_exceed"))

    @property
    def failures(self) -> int:
        """The headline's failures: explicit, disputed and unclassified."""
        return self.explicit + self.disputed + self.unclassified


def figures_counts(valid_sends: int, explicit_failures: int, excluded: int = 0, disputed: int = 0) -> Counts:
    """The counts of a row of monthly figures: ``explicit_failures`` is the headline's count, of
    which ``disputed`` may have been delivered (the best end counts them as delivered).

    >>> figures_counts(1_000, 60, disputed=20).failures
    60
    """
    if count(disputed, "disputed") > count(explicit_failures, "explicit_failures"):
        raise InputError("disputed", disputed, says("error.disputed_exceed", failures=explicit_failures))
    return Counts(valid_sends, explicit_failures - disputed, disputed=disputed, excluded=excluded)


@dataclass(frozen=True)
class Evidence:
    """What is known of one service month's sends: the counts (None: nothing at all), where they
    come from, and the days of the month they cover (``covered``, first and last; a month covered
    in part has partial figures) with the days inside that span that hold no record at all."""

    month: ServiceMonth | None  # None: an account-month without dates (``slakit assess``)
    source: Source
    counts: Counts | None
    covered: tuple[date, date] | None = None
    gaps: tuple[date, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One service month as every surface says it.

    ``headline`` and ``best`` are the availability band's ends (the same when nothing is
    disputed); ``credit`` is the headline's compensation, every cap applied (the month's, SLA
    §3.1(2), and the term's, SLA §5.1), and ``certain`` what the explicit failures alone
    establish. Without counts, the verdicts and credits are None; without fees, the credits.
    ``status`` is where the month stands on ``on`` (see :data:`STATUSES`).
    """

    policy: Policy
    evidence: Evidence
    fees: Fees | None
    headline: Verdict | None
    best: Verdict | None
    credit: Assessment | None
    certain: Assessment | None
    window: ClaimWindow | None
    on: date | None
    status: Status

    @property
    def month(self) -> ServiceMonth | None:
        return self.evidence.month

    @property
    def counts(self) -> Counts | None:
        return self.evidence.counts

    @property
    def owed(self) -> bool:
        return self.status in OWED

    @property
    def final(self) -> bool:
        """Whether the month is over and its evidence whole: its figures are its own."""
        return self.status in FINAL

    @property
    def banded(self) -> bool:
        """Whether the band's ends differ: disputed or unclassified sends decide between them."""
        return self.headline is not None and self.best is not None and self.headline != self.best

    @property
    def days_left(self) -> int | None:
        """Calendar days left to claim on the date, that day included; None outside an open window."""
        if self.window is None or self.on is None or self.status != "open":
            return None
        return self.window.days_left(self.on)

    @property
    def sms_worth(self) -> Decimal | None:
        """The credit's SMS at the list price (SLA §3.1(1)): a figure of its own, never the credit."""
        return None if self.credit is None else self.credit.credit_sms * self.credit.list_price

    @property
    def records_end(self) -> date | None:
        """The last day the evidence covers, when that is before the month's last day."""
        month, covered = self.evidence.month, self.evidence.covered
        return covered[1] if month and covered and covered[1] < month.end else None

    @property
    def records_begin(self) -> date | None:
        """The first day the evidence covers, when that is after the month's first day."""
        month, covered = self.evidence.month, self.evidence.covered
        return covered[0] if month and covered and covered[0] > month.start else None

    @property
    def nothing_because(self) -> Nothing | None:
        """Why a month that missed the target pays nothing (status ``not_owed``)."""
        a = self.credit
        if self.status != "not_owed" or a is None:
            return None
        if a.uncapped_amount == 0:
            return "no_fee"
        if a.cap == 0:
            return "cap_zero"
        if a.term_capped and a.credit_amount == 0:
            return "term_cap"
        return "under_one_sms"


@dataclass(frozen=True)
class TermStatement:
    """A term's months, each stated on ``on`` under the SLA §5.1 cap across them."""

    policy: Policy
    on: date
    months: tuple[Statement, ...]
    fees_paid: Decimal  # net of vouchers, coupons and reductions, over the months with fees

    def having(self, *statuses: Status) -> list[Statement]:
        """The months in one of ``statuses``."""
        return [m for m in self.months if m.status in statuses]

    @property
    def missed(self) -> list[Statement]:
        """The months over and whole that missed the target (no data, partial data and months in
        progress are none of them)."""
        return [m for m in self.months if m.final and m.headline and not m.headline.meets_target]

    @property
    def assessed(self) -> list[Statement]:
        """The months over and whole: those whose figures are their own."""
        return [m for m in self.months if m.final]

    @staticmethod
    def credit_of(months: Sequence[Statement]) -> tuple[Decimal, int]:
        """The exact credit and the SMS of ``months`` together."""
        credits = [m.credit for m in months if m.credit]
        return sum((a.credit_amount for a in credits), Decimal(0)), sum(a.credit_sms for a in credits)

    @property
    def next_claim(self) -> Statement | None:
        """The owed month whose claim window closes first, of those still to be claimed."""
        live = [m for m in self.having("not_yet_open", "open") if m.window]
        return min(live, key=lambda m: m.window.deadline if m.window else date.max, default=None)


def _status(evidence: Evidence, headline: Verdict | None, credit: Assessment | None,
            window: ClaimWindow | None, on: date | None) -> Status:
    month = evidence.month
    if month is not None and on is not None:
        if on < month.start:
            return "upcoming"
        if on <= month.end:
            return "in_progress"
    if evidence.counts is None or headline is None:
        return "no_data"
    if month is not None and evidence.covered != (month.start, month.end):
        return "partial"
    if headline.meets_target:
        return "met"
    if credit is not None and credit.credit_sms == 0:
        return "not_owed"
    if window is None or on is None:
        return "owed"
    return {"not yet open": "not_yet_open", "open": "open"}.get(window.status(on), "forfeited")  # type: ignore[return-value]


def _assessed(c: Counts, failures: int, valid: int, policy: Policy, money: Fees) -> Assessment:
    return assess(valid, failures, fee=money.fee, deductions=money.deductions, list_price=money.list_price,
                  policy=policy, excluded=c.excluded, paid=money.net_paid if money.paid_given else None)


def state_term(months: Sequence[tuple[Evidence, Fees | None]], policy: Policy | None = None, *,
               on: date, overrides: Mapping[int, YearSchedule] | None = None,
               paid_before: Decimal | None = None, credited_before: Decimal = Decimal(0),
               alone: bool = False) -> TermStatement:
    """State a term's months, given in service-month order, under the SLA §5.1 cap: each month's
    credit is cut to what the fees paid so far leave after the earlier months' credits (for the
    headline and for what the explicit failures alone establish alike). A month's fees count
    towards the term though the month has no data. ``paid_before`` and ``credited_before`` are
    the fees paid and the compensation earned in the term before these months; ``alone`` says
    the months are stated without the rest of their term (a lower bound)."""
    policy = policy or load_policy()
    paid = paid_before or Decimal(0)
    granted = {"credit": credited_before, "certain": credited_before}
    out = []
    for evidence, money in months:
        c = evidence.counts
        headline = best = credit = certain = None
        if c is not None:
            headline = verdict(c.valid_sends, c.failures, policy, c.excluded)
            best = verdict(c.valid_sends - c.undelivered, c.explicit, policy, c.excluded)
        if money is not None:
            paid += money.net_paid
        if c is not None and money is not None:
            credit = within(_assessed(c, c.failures, c.valid_sends, policy, money),
                            paid - granted["credit"], policy, alone=alone)
            certain = within(_assessed(c, c.explicit, c.valid_sends - c.undelivered, policy, money),
                             paid - granted["certain"], policy, alone=alone)
            granted["credit"] += credit.credit_amount
            granted["certain"] += certain.credit_amount
        window = claim_window(evidence.month.end, policy, overrides) if evidence.month else None
        out.append(Statement(policy, evidence, money, headline, best, credit, certain, window,
                             on if evidence.month else None,
                             _status(evidence, headline, credit, window, on)))
    return TermStatement(policy, on, tuple(out), paid)


def state(evidence: Evidence, policy: Policy | None = None, money: Fees | None = None, *,
          on: date | None = None, overrides: Mapping[int, YearSchedule] | None = None,
          paid_before: Decimal | None = None, credited_before: Decimal = Decimal(0)) -> Statement:
    """State one month. Alone it is a term of its own (SLA §5.1 holds it to its own fees paid, a
    lower bound for a longer term), unless ``paid_before`` gives the fees paid in the term's
    earlier months (and ``credited_before`` what they earned). A month needs ``on``, the date
    its status is given for."""
    if evidence.month is not None and on is None:
        raise InputError("on", None, says("error.on_needed"))

    term_so_far(paid_before or Decimal(0), credited_before)
    term = state_term([(evidence, money)], policy, on=on or date.min, overrides=overrides,
                      paid_before=paid_before, credited_before=credited_before,
                      alone=paid_before is None)
    return term.months[0]


__all__ = ["FINAL", "OWED", "STATUSES", "Counts", "Evidence", "Fees", "Statement", "Status",
           "TermStatement", "fees", "figures_counts", "state", "state_term"]
