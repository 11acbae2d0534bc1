"""The web app in a real headless Chromium: ``slakit app`` (Voilà) serving the explorer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.processes import descendants, free_port, kill_all, port_is_free, wait_until_gone

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parents[2] / "out" / "test-artifacts"


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    port = free_port()
    english = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    english["LANG"] = "en_US.UTF-8"  # the app starts in the user's locale: these pages read English
    server = subprocess.Popen([sys.executable, "-m", "slakit", "app", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=english)
    url = f"http://127.0.0.1:{port}/"
    started: set[int] = set()
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                assert server.poll() is None, "slakit app exited"
                time.sleep(0.5)
        yield url
        started = descendants(server.pid)  # the kernels the page started
        server.terminate()  # SIGTERM: the app stops Voilà and shuts its kernels down
        assert server.wait(timeout=60) == 0
        assert not wait_until_gone(started), "kernels outlived the app"
        assert port_is_free(port)
    finally:
        server.kill()
        kill_all(started)


@pytest.fixture(scope="module")
def page(app_url: str) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        page.goto(app_url)
        page.wait_for_selector(".slakit-credit-sms", timeout=90_000)
        yield page
        browser.close()


def shown(page: Page, name: str) -> str:
    return page.inner_text(f".slakit-{name}").strip()


def enter(page: Page, control: str, value: str) -> None:
    field = page.locator(f".slakit-{control} input")
    field.fill(value)
    field.press("Enter")


def wait_for(page: Page, name: str, text: str) -> None:
    page.wait_for_function(
        "([n, t]) => document.querySelector('.slakit-' + n)?.innerText.trim() === t",
        arg=[name, text], timeout=15_000)


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
