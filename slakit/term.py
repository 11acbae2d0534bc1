"""A term's service months assessed together: SLA §5.1 caps the term's total compensation at the
fees paid for the service ("违约赔偿总额不超过您已经支付的相应违约服务对应的服务费总额").

Default reading, in service-month order: each month's credit is cut to what the fees paid so far
in the term (net of vouchers, coupons and reductions, or as given) leave after the earlier months'
credits. Under the SLA's own monthly cap, the month's net-paid fee (SLA §3.1(2)), this never binds;
under a policy capping a month at its consumed fee it does.

>>> from slakit import assess
>>> sla = load_policy("variant-consumed-cap")
>>> months = [assess(100_000, 15_000, fee="1000.00", deductions="900.00", list_price="0.05",
...                  policy=sla), assess(100_000, 0, fee="1000.00", list_price="0.05", policy=sla)]
>>> [m.credit_amount for m in months]        # 30 % of 1,000 held to the 100 paid; nothing owed
[Decimal('100.00'), Decimal('0.00')]
>>> term = assess_term(months[::-1], sla)    # after a month that paid 1,000 in full
>>> [m.credit_amount for m in term.months], term.fees_paid
([Decimal('0.00'), Decimal('300.0000')], Decimal('1100.00'))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .assess import Assessment, within
from .errors import InputError
from .policy import Policy, load_policy
from .words import says


@dataclass(frozen=True)
class Term:
    """The months of a term, each with SLA §5.1 applied, and what they add up to."""

    months: tuple[Assessment, ...]
    fees_paid: Decimal  # net of vouchers, coupons and reductions (or as given), over the months

    @property
    def credit_amount(self) -> Decimal:
        return sum((m.credit_amount for m in self.months), Decimal(0))

    @property
    def credit_sms(self) -> int:
        return sum(m.credit_sms for m in self.months)

    @property
    def capped(self) -> bool:
        """Whether SLA §5.1 cut any month's credit."""
        return any(m.term_capped for m in self.months)


def assess_term(months: Iterable[Assessment], policy: Policy | None = None, *,
                paid_before: Decimal = Decimal(0), credited_before: Decimal = Decimal(0)) -> Term:
    """Apply the policy's term cap (SLA §5.1) to month assessments given in service-month order.

    A month without figures has no assessment: leave it out (its fee is then not counted).
    ``paid_before`` and ``credited_before`` are the fees paid and the compensation earned in the
    term before these months.
    """
    policy = policy or load_policy()
    paid, granted = Decimal(paid_before), Decimal(credited_before)
    out = []
    for month in months:
        if month.policy_id != policy.id:
            raise InputError("policy", month.policy_id, says("error.other_policy", policy=policy.id))

        paid += month.net_paid
        month = within(month, paid - granted, policy)
        granted += month.credit_amount
        out.append(month)
    return Term(tuple(out), paid)
