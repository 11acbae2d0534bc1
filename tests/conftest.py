from __future__ import annotations

import pytest

from slakit import Policy, load_policy


@pytest.fixture(scope="session")
def sla() -> Policy:
    return load_policy("tencent-sms-2020-09-23")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Type checking the whole tree takes half a minute: it belongs to the full run, not the fast loop."""
    for item in items:
        if type(item).__module__ == "pytest_mypy":
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """A locale in English: what follows the locale (explanations, the lab's tables) speaks it."""
    monkeypatch.setenv("LANGUAGE", "en")
