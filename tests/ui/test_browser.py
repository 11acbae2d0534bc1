"""The web app in a real headless Chromium: ``slakit app`` (Voilà) serving the explorer, started
in an English locale (its Chinese twin: ``test_browser_zh.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.ui.voila import app, browsing, enter, shown, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = Path(__file__).parents[2] / "out" / "test-artifacts"


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with app("en_US.UTF-8") as url, browsing(url) as opened:
        yield opened


def test_the_app_shows_the_default_scenario(page):
    assert shown(page, "availability") == "94%"
    assert shown(page, "tier") == "tier 1 (<95%: 10%)"
    assert shown(page, "credit-sms") == "10,000"


def test_changing_failures_moves_to_the_thirty_percent_tier(page):
    enter(page, "explicit-failures", "15000")
    wait_for(page, "availability", "85%")
    assert shown(page, "tier") == "tier 2 (<90%: 30%)"
    assert shown(page, "credit-amount") == "1,350.00" and shown(page, "credit-sms") == "30,000"


def test_vouchers_make_the_cap_bite(page):
    enter(page, "vouchers", "4000.00")
    wait_for(page, "capped", "yes")
    assert shown(page, "credit-amount") == "500.00" and shown(page, "credit-sms") == "11,111"


def test_exactly_ninety_five_percent_meets_the_target(page):
    enter(page, "vouchers", "0")
    enter(page, "explicit-failures", "5000")
    wait_for(page, "availability", "95%")
    assert shown(page, "meets-target") == "yes" and shown(page, "credit-sms") == "0"


def test_a_start_in_september_shows_the_october_holiday_window(page):
    field = page.locator(".slakit-start input")
    field.fill("2026-09-01")
    field.dispatch_event("change")
    page.wait_for_function(
        "document.querySelector('.slakit-claim-window')?.innerText.includes('2026-10-14')",
        timeout=15_000)
    assert "2026-10-14 – 2026-11-29" in shown(page, "claim-window")


def test_bad_money_is_reported_in_the_page(page):
    enter(page, "fee", "45.001")
    page.wait_for_selector(".slakit-error", timeout=15_000)
    assert "Consumed fee (yuan) = '45.001'" in page.inner_text(".slakit-error")
    enter(page, "fee", "4500.00")
    page.wait_for_selector(".slakit-credit-sms", timeout=15_000)


def test_screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    enter(page, "explicit-failures", "6000")
    wait_for(page, "availability", "94%")
    page.wait_for_timeout(500)  # the chart image arrives just after the figures
    path = ARTIFACTS / "explorer.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 50_000
