from __future__ import annotations

import pytest

from slakit import Policy, load_policy


@pytest.fixture(scope="session")
def sla() -> Policy:
    return load_policy("tencent-sms-2020-09-23")
