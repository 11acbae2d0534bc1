from __future__ import annotations

import pytest

from slakit import InputError, reconcile_billing


@pytest.mark.parametrize(("billed", "submitted", "within"), [
    (105_000, 100_000, True),  # exactly 5 % is within "5%以内"
    (105_001, 100_000, False),
    (95_000, 100_000, True),
    (94_999, 100_000, False),
    (0, 0, True),
])
def test_billing_tolerance(billed, submitted, within):
    assert reconcile_billing(billed, submitted).within_tolerance is within


def test_sms_billed_with_none_submitted_lie_outside_the_tolerance():
    check = reconcile_billing(10, 0)
    assert check.discrepancy is None and not check.within_tolerance
    assert reconcile_billing(0, 0).within_tolerance


@pytest.mark.parametrize(("billed", "submitted", "field"), [(-1, 0, "billed"), (1, -5, "submitted")])
def test_counts_must_be_whole_and_non_negative(billed, submitted, field):
    with pytest.raises(InputError) as caught:
        reconcile_billing(billed, submitted)
    assert caught.value.field == field
