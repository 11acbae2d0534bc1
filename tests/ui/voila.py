"""``slakit app`` (Voilà) serving the explorer in a given locale, and a headless Chromium on it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, sync_playwright

from tests.processes import descendants, free_port, kill_all, port_is_free, wait_until_gone

CHROMIUM = "/usr/bin/chromium"


@contextmanager
def app(locale: str) -> Iterator[str]:
    """The app's URL, started with ``LANG=locale`` (the explorer starts in the user's locale's
    language); on leaving, SIGTERM stops Voilà and every kernel it started."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = locale
    server = subprocess.Popen([sys.executable, "-m", "slakit", "app", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
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


@contextmanager
def browsing(url: str) -> Iterator[Page]:
    """A page of Debian's Chromium on ``url``, once the explorer's figures are there."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        page.goto(url)
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
