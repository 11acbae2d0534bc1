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


def test_billing_without_submissions_is_an_error():
    with pytest.raises(InputError, match="submitted"):
        reconcile_billing(10, 0)
