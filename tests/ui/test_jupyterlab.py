"""The notebooks as their users meet them: a real JupyterLab serving a copy of the kit (as
``slakit notebooks`` makes it), driven by a real Chromium. One server and one browser for the
module; each notebook runs all its cells, its inputs are changed, its figures read back, and the
page's JavaScript console is kept clean.

The widgets start in the language of the server's locale, here Chinese (``LANGUAGE=zh``), and the
tests switch to English as a person would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator

from benchmarks.lab import write_parquet
from slakit.format import percent
from slakit.in_progress import outlook_from_archive
from slakit.kit import copy_kit
from slakit.policy import load_policy
from slakit.receipts.archive import ingest
from slakit.receipts.synth import synth
from tests.ui.jupyterlab import Lab, Notebook, chromium, jupyterlab, open_notebook

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = Path(__file__).parents[2] / "out" / "test-artifacts"
EXPLORER = "notebooks/explorers/explorer.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    root, state = tmp_path_factory.mktemp("kit"), tmp_path_factory.mktemp("lab-state")
    copy_kit(root)
    language = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = "zh"  # the server's locale, which its kernels inherit
    try:
        with jupyterlab(root, state) as server:
            yield server
    finally:
        os.environ.pop("LANGUAGE") if language is None else os.environ.update(LANGUAGE=language)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture
def opened(lab: Lab, browser: Browser) -> Iterator[list[Notebook]]:
    """The notebooks a test opens, closed after it, with no JavaScript error logged meanwhile."""
    notebooks: list[Notebook] = []
    yield notebooks
    for notebook in notebooks:
        assert not notebook.errors, notebook.errors
        notebook.page.close()


def run(lab: Lab, browser: Browser, opened: list[Notebook], path: str) -> Notebook:
    notebook = open_notebook(browser, lab, path)
    opened.append(notebook)
    notebook.run_all()
    notebook.images_loaded()
    return notebook


def screenshot(notebook: Notebook, name: str, output: Locator | None = None) -> None:
    """An output (the first, unless given), as a person sees it, kept with the test artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    output = output or notebook.page.locator(".jp-OutputArea-output").first
    output.scroll_into_view_if_needed()
    output.screenshot(path=str(ARTIFACTS / f"jupyterlab-{name}.png"))


def settled_height(notebook: Notebook, output: Locator) -> float:
    """The output's height once its images have loaded and it no longer grows: the same after
    two more frames (an image still arriving would make it taller after it was measured)."""
    height = -1.0
    for _ in range(100):
        notebook.images_loaded()
        now: float = output.evaluate("e => new Promise(done => requestAnimationFrame(() => "
                                     "requestAnimationFrame(() => done(e.getBoundingClientRect().height))))")
        if now == height:
            return height
        height = now
    raise AssertionError(f"the output's height never settled (last {height} px)")


def whole(notebook: Notebook, name: str) -> None:
    """The first output whole, however tall: the page made tall enough that JupyterLab's notebook
    panel holds it without scrolling (an element screenshot stops at the panel's edge)."""
    output = notebook.page.locator(".jp-OutputArea-output").first
    viewport = notebook.page.viewport_size
    assert viewport is not None
    height = settled_height(notebook, output)
    notebook.page.set_viewport_size({"width": viewport["width"], "height": int(height) + 400})
    try:
        output.scroll_into_view_if_needed()
        notebook.images_loaded()
        box = output.bounding_box()
        assert box is not None and box["y"] >= 0
        assert box["y"] + box["height"] <= int(height) + 400  # nothing cut off at the edge
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        output.screenshot(path=str(ARTIFACTS / f"jupyterlab-{name}.png"))
    finally:
        notebook.page.set_viewport_size(viewport)


def visible(notebook: Notebook, selector: str) -> bool:
    return notebook.page.locator(f".jp-OutputArea-output {selector}").first.is_visible()


def test_the_explorer_in_chinese_then_english(lab, browser, opened):
    explorer = run(lab, browser, opened, EXPLORER)
    assert explorer.text("availability") == "94%"
    assert explorer.text("tier") == "第 1 档（低于 95%：10%）" and explorer.text("credit-sms") == "10,000"
    assert "2026-04-09 至 2026-05-30" in explorer.text("claim-window")
    assert not visible(explorer, ".slakit-saved-note")  # a live widget says nothing about saving
    screenshot(explorer, "explorer-zh")

    explorer.page.click(".slakit-lang button:has-text('English')")
    explorer.wait_text("tier", "tier 1 (<95%: 10%)")
    explorer.enter("explicit-failures", "15000")
    explorer.wait_text("availability", "85%")
    assert explorer.text("tier") == "tier 2 (<90%: 30%)"
    assert (explorer.text("credit-amount"), explorer.text("credit-sms")) == ("1,350.00", "30,000")

    explorer.page.select_option(".slakit-mode select", "failure rate")
    explorer.wait_text("rate-failures", "= 6,000 explicit failures")  # the rate slider's 6.00 %
    explorer.wait_text("availability", "94%")  # widgets reach the page one after another
    assert not visible(explorer, ".slakit-explicit-failures")
    explorer.page.select_option(".slakit-mode select", "failures")
    explorer.wait_text("availability", "85%")
    assert visible(explorer, ".slakit-explicit-failures")
    explorer.enter("explicit-failures", "6000")
    explorer.wait_text("availability", "94%")
    explorer.images_loaded()
    screenshot(explorer, "explorer-en")


def test_a_month_in_progress_from_an_archive(lab, browser, opened):
    files = synth(lab.root / "receipts", "acc", date(2026, 3, 17), 2, 60, seed=5)
    archive = lab.root / "archive.duckdb"
    ingest(archive, "acc", files)
    # the explorer's purchase: 17 March, 3 months; 1–10 April counted, April projected to its end
    expected = outlook_from_archive(archive, "acc", date(2026, 4, 10), load_policy(),
                                    start=date(2026, 3, 17), months=3, fee="4500.00",
                                    list_price="0.045").projection
    explorer = run(lab, browser, opened, EXPLORER)
    page = explorer.page
    page.click(".slakit-view button:has-text('进行中的月度')")
    page.wait_for_selector(".jp-OutputArea-output .slakit-error:has-text('归档库（DuckDB）：未填写')")
    assert not visible(explorer, ".slakit-availability")  # the assessed month's figures are gone
    explorer.enter("archive", str(archive))
    explorer.enter("account", "acc")
    page.locator(".slakit-counted-to input").fill("2026-04-10")
    table = page.locator(".jp-OutputArea-output .slakit-progress table")
    table.wait_for()
    shown = table.inner_text()
    assert "本月至今" in shown and "统计至 2026-04-10，还剩 20 天" in shown
    assert f"{percent(expected.median)}（{percent(expected.low)} 至 {percent(expected.high)}）" in shown
    assert not visible(explorer, ".slakit-valid-sends")  # the assessed month's inputs step aside
    screenshot(explorer, "explorer-in-progress-zh")
    page.click(".slakit-lang button:has-text('English')")
    page.wait_for_selector(".jp-OutputArea-output .slakit-progress :text('projected (90% interval)')")
    page.click(".slakit-view button:has-text('Month assessed')")
    explorer.wait_text("availability", "94%")


def test_a_bad_input_clears_every_figure_until_it_is_fixed(lab, browser, opened):
    explorer = run(lab, browser, opened, EXPLORER)
    explorer.enter("fee", "45.001")
    explorer.page.wait_for_selector(".jp-OutputArea-output .slakit-error")
    error = explorer.page.inner_text(".jp-OutputArea-output .slakit-error")
    assert error == "⚠ 输入有误：实际消耗费用（元） = '45.001'：小数位超过 2 位"
    for stale in (".slakit-availability", "img.slakit-credit-chart", ".slakit-months-table table",
                  "img.slakit-timeline"):
        assert not visible(explorer, stale), stale
    explorer.enter("fee", "4500.00")
    explorer.wait_text("credit-sms", "10,000")
    assert not visible(explorer, ".slakit-error") and visible(explorer, "img.slakit-credit-chart")


def test_a_saved_explorer_reopens_with_its_figures_and_says_to_run_it(lab, browser, opened):
    explorer = run(lab, browser, opened, EXPLORER)
    explorer.enter("explicit-failures", "15000")
    explorer.wait_text("availability", "85%")
    explorer.images_loaded()
    explorer.save()
    assert explorer.saved()["metadata"]["widgets"]  # the kit's settings: widget state saved
    explorer.shutdown_kernel()
    explorer.page.close()
    opened.remove(explorer)
    assert not explorer.errors, explorer.errors

    again = open_notebook(browser, lab, EXPLORER)
    opened.append(again)
    again.page.wait_for_selector(".jp-OutputArea-output .slakit-credit-sms", timeout=30_000)
    again.images_loaded()
    assert "Error displaying widget" not in again.page.inner_text(".jp-Notebook")
    assert again.text("availability") == "85%" and again.text("credit-sms") == "30,000"
    note = again.page.locator(".jp-OutputArea-output .slakit-saved-note")
    assert note.is_visible() and "运行此单元格" in note.inner_text()
    screenshot(again, "explorer-reopened")

    again.run_all()  # live again: the note goes, the controls answer
    again.page.wait_for_selector(".jp-OutputArea-output .slakit-saved-note", state="hidden")
    again.enter("explicit-failures", "5000")
    again.wait_text("availability", "95%")
    assert again.text("meets-target") == "是"


def test_the_round_trip_is_timed_by_the_page(lab, browser, opened):
    explorer = run(lab, browser, opened, EXPLORER)
    figure, chart = explorer.round_trip("explicit-failures", "12000", "availability", "88%")
    assert 0 < figure <= chart < 20_000
    assert explorer.text("tier") == "第 2 档（低于 90%：30%）"


def test_the_policy_lab(lab, browser, opened):
    policy_lab = run(lab, browser, opened, "notebooks/explorers/policy_lab.ipynb")
    table = policy_lab.page.inner_text(".jp-OutputArea-output .slakit-lab-table")
    assert "77,368.41" in table and "22 个中 14 个（63.6363…%）" in table
    assert "每 1,000 个月 1 次" in policy_lab.page.inner_text(".jp-OutputArea-output .slakit-outlook")
    whole(policy_lab, "policy-lab-zh")
    policy_lab.page.click(".slakit-lang button:has-text('English')")
    policy_lab.page.wait_for_selector(".slakit-lab-table :text('Accounts compensated')")
    policy_lab.page.select_option(".slakit-source select", "a Monte Carlo of incidents")
    policy_lab.page.wait_for_selector(".slakit-lab-message :text('A Monte Carlo of 500 accounts')",
                                      timeout=60_000)
    policy_lab.enter("policy-file", "missing.toml")
    policy_lab.page.wait_for_selector(".jp-OutputArea-output .slakit-error")
    assert "missing.toml" in policy_lab.page.inner_text(".jp-OutputArea-output .slakit-error")
    assert not visible(policy_lab, ".slakit-lab-table table")
    policy_lab.enter("policy-file", "")
    policy_lab.page.wait_for_selector(".jp-OutputArea-output .slakit-lab-table table")
    policy_lab.page.click(".lm-TabBar-tab:has-text('Distribution')")
    policy_lab.images_loaded()

    parquet = lab.root / "months.parquet"  # a portfolio file, read in the background
    write_parquet(parquet, 5_000)
    policy_lab.page.select_option(".slakit-source select", "a file of account-months (CSV, Parquet, DuckDB)")
    policy_lab.page.wait_for_selector(".jp-OutputArea-output .slakit-query", state="visible")
    policy_lab.page.wait_for_selector(".jp-OutputArea-output .slakit-seed", state="hidden")  # Monte Carlo's
    policy_lab.enter("csv-path", str(parquet))
    read = f".slakit-lab-message :text('{parquet}: 5,000 rows read, 5,000 assessed, 0 rejected')"
    policy_lab.page.wait_for_selector(read, timeout=60_000)
    policy_lab.page.wait_for_selector(".jp-OutputArea-output img.slakit-lab-distribution[src^='blob:']")
    stale = [".slakit-lab-table table", "img.slakit-lab-distribution", ".slakit-lab-message ul"]
    policy_lab.watch_together(".slakit-error", stale)  # from now on, every change of the page
    policy_lab.enter("query", "SELECT * FROM months")  # Parquet is no DuckDB database
    policy_lab.page.wait_for_selector(".jp-OutputArea-output .slakit-error")
    assert policy_lab.page.inner_text(".jp-OutputArea-output .slakit-error") == (
        f"⚠ File = '{parquet}': is not a DuckDB database: for a Parquet or CSV file, pass it as the "
        "portfolio file, without a query")
    assert policy_lab.seen_together() == []  # the error replaced the figures in one step
    assert not any(visible(policy_lab, selector) for selector in stale)
    policy_lab.enter("query", "")
    policy_lab.page.wait_for_selector(read)
    assert visible(policy_lab, "img.slakit-lab-distribution")
    whole(policy_lab, "policy-lab-en")


def test_a_course_lesson_right_wrong_and_shown(lab, browser, opened):
    lesson = run(lab, browser, opened, "notebooks/course/zh/03_compensation.ipynb")
    cells = lesson.page.inner_text(".jp-Notebook")
    assert "1,350.00" not in cells  # the answer is nowhere on the page before it is earned
    exercises = lesson.page.locator(".jp-OutputArea-output .slakit-exercise")
    first = exercises.nth(0)
    first.locator("input").fill("1300")
    first.locator("button:has-text('检查')").click()
    first.locator(".slakit-wrong").wait_for()
    assert "1,350.00" not in first.inner_text()
    first.locator("input").fill("1,350.00")
    first.locator("input").press("Enter")
    first.locator(".slakit-correct").wait_for()
    assert "10% × 13,500.00 = 1,350.00 元" in first.inner_text()
    screenshot(lesson, "course-exercise-zh", first)
    third = exercises.nth(2)
    third.locator("button:has-text('显示答案')").click()
    third.locator(".slakit-answer").wait_for()
    assert "答案：5,555。" in third.inner_text()
    assert "不含用代金券、优惠券、服务费减免等抵扣的费用" in cells  # the SLA quoted in Chinese
    screenshot(lesson, "course-zh")


def test_the_report_template(lab, browser, opened):
    report = run(lab, browser, opened, "notebooks/reports/customer_report.ipynb")
    page = report.page
    assert "短信服务 SLA 报告" in page.inner_text(".jp-Notebook")
    cell = page.locator(".jp-OutputArea-output td:has-text('2026-06-17 至 2026-06-30')").first
    height = cell.evaluate("td => td.getBoundingClientRect().height")
    line = cell.evaluate("td => parseFloat(getComputedStyle(td).lineHeight) || 20")
    assert height < 2 * line  # a date range never wraps mid-date
    assert page.locator(".jp-OutputArea-output img").count() >= 1
    screenshot(report, "report-template")
