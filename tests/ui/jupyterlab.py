"""A real JupyterLab driven by a real Chromium: start ``jupyter lab`` on a copy of the kit, open a
notebook, run it, and read what the page shows.

Shared by the JupyterLab tests and ``benchmarks/roundtrip.py``. The server runs this environment's
JupyterLab with its shipped settings overrides (widget state saving), but with user settings and
workspaces of its own, so nobody's personal JupyterLab set-up changes what a test sees.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update"]
# No news, no update check: nothing reaches for the network and no toast covers the notebook.
STARTUP_SECONDS = 300  # a loaded machine starts JupyterLab slowly; a test waits rather than fails
USER_SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                 {"fetchNews": "false", "checkForUpdates": False}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Lab:
    """A running JupyterLab server: its root folder, base URL and token."""

    root: Path
    url: str
    token: str

    def api(self, path: str) -> object:
        """A JSON answer of the server's REST API."""
        with urllib.request.urlopen(f"{self.url}{path}?token={self.token}", timeout=10) as reply:
            return json.load(reply)


@contextmanager
def jupyterlab(root: Path, state: Path) -> Iterator[Lab]:
    """``jupyter lab`` serving ``root`` on 127.0.0.1 with a token, its settings kept in ``state``."""
    for name, value in USER_SETTINGS.items():
        path = state / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(state / "config"),
           "JUPYTER_RUNTIME_DIR": str(state / "runtime")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.user_settings_dir={state / 'user-settings'}",
         f"--LabApp.workspaces_dir={state / 'workspaces'}", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--expose-app-in-browser"],
        env=env, stdout=subprocess.DEVNULL, stderr=(state / "server.log").open("wb"))
    lab = Lab(root, f"http://127.0.0.1:{port}", token)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                lab.api("/api/status")
                break
            except OSError:
                assert server.poll() is None, (state / "server.log").read_text(errors="replace")
                assert time.monotonic() < deadline, f"JupyterLab not up after {STARTUP_SECONDS} s"
                time.sleep(0.25)
        yield lab
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Notebook:
    """One notebook open in a JupyterLab tab, with the JavaScript errors the page has logged."""

    page: Page
    lab: Lab
    path: str
    errors: list[str] = field(default_factory=list)

    def command(self, name: str, **args: object) -> None:
        """Run a JupyterLab command (as the menus and shortcuts do) and wait for it to finish."""
        self.page.evaluate("([n, a]) => window.jupyterapp.commands.execute(n, a)", [name, args])

    def run_all(self, timeout: float = 180) -> None:
        """Run All Cells and wait until every cell has run and the kernel is idle."""
        self.command("notebook:run-all-cells")
        self.wait_idle(timeout)

    def wait_idle(self, timeout: float = 180) -> None:
        self.page.wait_for_function(
            """() => {
                const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
                const done = cells.every(c => /\\[\\d+\\]/.test(
                    c.querySelector('.jp-InputPrompt')?.textContent ?? ''));
                const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel;
                const idle = kernel?.status === 'idle';
                return cells.length > 0 && done && idle;
            }""", timeout=timeout * 1000)

    def text(self, name: str) -> str:
        """What the output element with class ``slakit-<name>`` says."""
        return self.page.inner_text(f".jp-OutputArea-output .slakit-{name}").strip()

    def wait_text(self, name: str, text: str, timeout: float = 20) -> None:
        self.page.wait_for_function(
            "([n, t]) => document.querySelector('.jp-OutputArea-output .slakit-' + n)"
            "?.innerText.trim() === t", arg=[name, text], timeout=timeout * 1000)

    def enter(self, control: str, value: str) -> None:
        """Type ``value`` into the text box of control ``slakit-<control>`` and press Enter."""
        box = self.page.locator(f".slakit-{control} input, .slakit-{control} textarea").first
        box.fill(value)
        box.press("Enter")

    def round_trip(self, control: str, value: str, figure: str, expected: str) -> tuple[float, float]:
        """Milliseconds from committing ``value`` in control ``slakit-<control>`` (as Enter does) to
        the output ``slakit-<figure>`` reading ``expected``, and to the credit chart showing the
        redrawn image; both measured by the page's own clock."""
        timings: list[float] = self.page.evaluate(ROUND_TRIP, [control, value, figure, expected])
        return timings[0], timings[1]

    def watch_together(self, shown: str, stale: list[str]) -> None:
        """From now on, note every change of the page after which the output ``shown`` and any of
        the outputs ``stale`` are both visible (read back by :meth:`seen_together`)."""
        self.page.evaluate(
            """([shown, stale]) => {
                const seen = (s) => [...document.querySelectorAll('.jp-OutputArea-output ' + s)]
                    .some(e => e.checkVisibility());
                window.slakitTogether = [];
                window.slakitWatch?.disconnect();
                window.slakitWatch = new MutationObserver(() => {
                    const both = seen(shown) ? stale.filter(seen) : [];
                    if (both.length) window.slakitTogether.push(both);
                });
                window.slakitWatch.observe(document.body, {subtree: true, childList: true,
                                                           attributes: true, characterData: true});
            }""", [shown, stale])

    def seen_together(self) -> list[list[str]]:
        """What :meth:`watch_together` saw beside its output; the watch ends."""
        found: list[list[str]] = self.page.evaluate(
            "() => { window.slakitWatch.disconnect(); return window.slakitTogether; }")
        return found

    def images_loaded(self) -> None:
        """Wait until every chart image of the outputs has arrived and decoded."""
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".every(i => i.complete && i.naturalWidth > 0)", timeout=20_000)

    def save(self) -> None:
        self.command("docmanager:save")
        self.page.wait_for_function(
            "() => !document.querySelector('.jp-mod-current.jp-mod-dirty')", timeout=20_000)

    def shutdown_kernel(self) -> None:
        """End the notebook's session and its kernel, as Kernel ▸ Shut Down Kernel does."""
        self.page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")

    def saved(self) -> dict[str, Any]:
        """The notebook file as the server holds it."""
        saved: dict[str, Any] = json.loads((self.lab.root / self.path).read_text(encoding="utf-8"))
        return saved


ROUND_TRIP = """async ([control, value, figure, expected]) => {
    const root = document.querySelector('.jp-OutputArea-output .slakit-root');
    const box = root.querySelector('.slakit-' + control + ' input');
    const chart = root.querySelector('img.slakit-credit-chart');
    const before = chart.src;
    let start = 0, shown = null, done = null;
    const redrawn = new Promise(resolve => { done = resolve; });
    const observer = new MutationObserver(() => {
        if (shown === null && root.querySelector('.slakit-' + figure)?.textContent.trim() === expected)
            shown = performance.now();
        if (shown !== null && chart.src !== before) { observer.disconnect(); done(); }
    });
    observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('no update in 20 s')), 20000));
    box.value = value;
    start = performance.now();
    box.dispatchEvent(new Event('change', {bubbles: true}));
    await Promise.race([redrawn, late]);
    await chart.decode();
    return [shown - start, performance.now() - start];
}"""


def _record_errors(page: Page, errors: list[str]) -> None:
    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))


def open_notebook(browser: Browser, lab: Lab, path: str, *, width: int = 1500,
                  height: int = 1100) -> Notebook:
    """A fresh page on ``path`` in JupyterLab, once the notebook's kernel is connected and idle."""
    page = browser.new_page(viewport={"width": width, "height": height})
    notebook = Notebook(page, lab, path)
    _record_errors(page, notebook.errors)
    page.goto(f"{lab.url}/lab/tree/{path}?reset&token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_function(
        "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status"
        " === 'idle'", timeout=120_000)
    return notebook
