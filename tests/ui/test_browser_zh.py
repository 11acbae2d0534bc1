"""The web app as most of its users meet it: ``slakit app`` started in a Chinese locale serves
the explorer in Chinese, and it recomputes as it does in English."""

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
    with app("zh_CN.UTF-8") as url, browsing(url) as opened:
        yield opened


def label(page: Page, control: str) -> str:
    return page.inner_text(f".slakit-{control} label").strip()


def test_the_app_starts_in_chinese(page):
    assert page.locator(".slakit-lang button.mod-active").inner_text().strip() == "中文"
    assert (label(page, "valid-sends"), label(page, "explicit-failures"), label(page, "fee")) == (
        "有效发送数", "明确失败数", "实际消耗费用（元）")
    assert "赔偿档位" in shown(page, "summary") and "失败余量" in shown(page, "summary")
    assert shown(page, "tier") == "第 1 档（低于 95%：10%）" and shown(page, "meets-target") == "否"
    assert "2026-04-09 至 2026-05-30" in shown(page, "claim-window")
    assert "服务月度" in shown(page, "months-table")


def test_a_change_recomputes_in_chinese(page):
    enter(page, "explicit-failures", "15000")
    wait_for(page, "availability", "85%")
    assert shown(page, "tier") == "第 2 档（低于 90%：30%）"
    assert (shown(page, "credit-amount"), shown(page, "credit-sms")) == ("1,350.00", "30,000")
    assert "服务可用性 = 1 − 15,000 / 100,000 = 85%" in shown(page, "explanation")
    enter(page, "explicit-failures", "5000")
    wait_for(page, "availability", "95%")
    assert shown(page, "meets-target") == "是" and shown(page, "tier") == "无赔偿"


def test_bad_input_is_named_in_chinese(page):
    enter(page, "fee", "45.001")
    page.wait_for_selector(".slakit-error", timeout=15_000)
    assert page.inner_text(".slakit-error") == "⚠ 输入有误：实际消耗费用（元） = '45.001'：小数位超过 2 位"
    enter(page, "fee", "4500.00")
    wait_for(page, "credit-sms", "0")


def test_screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    enter(page, "explicit-failures", "6000")
    wait_for(page, "availability", "94%")
    page.wait_for_function("[...document.querySelectorAll('img')].every(i => i.complete)")
    path = ARTIFACTS / "explorer-app-zh.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 50_000
