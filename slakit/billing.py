"""Billing reconciliation (Agreement: 服务费用 4): SMS are billed per successful submission, and a
discrepancy within the tolerance (5 %, billed / successfully submitted) is normal; the bill prevails.

>>> check = reconcile_billing(billed=104_000, submitted=100_000)
>>> check.discrepancy, check.within_tolerance
(Fraction(1, 25), True)
>>> check = reconcile_billing(billed=100, submitted=0)   # billed with nothing submitted
>>> check.discrepancy, check.within_tolerance
(None, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .assess import count
from .i18n import Bilingual
from .policy import Policy, load_policy


@dataclass(frozen=True)
class BillingCheck:
    billed: int
    submitted: int
    discrepancy: Fraction | None  # |billed / submitted − 1|; None when SMS were billed, none submitted
    tolerance: Fraction
    within_tolerance: bool
    clause: Bilingual


def reconcile_billing(billed: int, submitted: int, policy: Policy | None = None) -> BillingCheck:
    """Compare a billed count with the successfully submitted count against the tolerance."""
    rule = (policy or load_policy()).billing
    billed, submitted = count(billed, "billed"), count(submitted, "submitted")
    if submitted == 0:  # nothing to bill: any SMS billed lies outside every tolerance
        return BillingCheck(billed, submitted, None if billed else Fraction(0), rule.tolerance,
                            not billed, rule.clause)
    discrepancy = abs(Fraction(billed, submitted) - 1)
    return BillingCheck(billed, submitted, discrepancy, rule.tolerance,
                        discrepancy <= rule.tolerance, rule.clause)
