"""Billing reconciliation (Agreement: 服务费用 4): SMS are billed per successful submission, and a
discrepancy within the tolerance (5 %, billed / successfully submitted) is normal; the bill prevails.

>>> check = reconcile_billing(billed=104_000, submitted=100_000)
>>> check.discrepancy, check.within_tolerance
(Fraction(1, 25), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .assess import count
from .errors import InputError
from .policy import Policy, load_policy


@dataclass(frozen=True)
class BillingCheck:
    billed: int
    submitted: int
    discrepancy: Fraction  # |billed / submitted − 1|
    tolerance: Fraction
    within_tolerance: bool
    clause: str


def reconcile_billing(billed: int, submitted: int, policy: Policy | None = None) -> BillingCheck:
    """Compare a billed count with the successfully submitted count against the tolerance."""
    rule = (policy or load_policy()).billing
    billed, submitted = count(billed, "billed"), count(submitted, "submitted")
    if submitted == 0:
        if billed:
            raise InputError("submitted", submitted, "is zero while SMS were billed")
        return BillingCheck(billed, submitted, Fraction(0), rule.tolerance, True, rule.clause)
    discrepancy = abs(Fraction(billed, submitted) - 1)
    return BillingCheck(billed, submitted, discrepancy, rule.tolerance,
                        discrepancy <= rule.tolerance, rule.clause)
