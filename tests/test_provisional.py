from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from benchmarks.working_days import markdown, table
from slakit import WorkCalendar, claim_window
from slakit.provisional import backtest, days_off, is_working_day, statutory_days

DOCS = Path(__file__).parents[1] / "docs" / "working-days.md"
BACKTEST_YEARS = range(2021, 2027)


def test_a_claim_date_estimated_for_an_unpublished_year_is_never_early():
    estimates = backtest(BACKTEST_YEARS)
    assert len(estimates) == 72
    assert all(e.late >= 0 for e in estimates), [e for e in estimates if e.late < 0]
    assert any(e.weekdays_late < 0 for e in estimates)  # the plain-weekday fallback was early


@pytest.mark.parametrize("year", BACKTEST_YEARS)
def test_every_official_weekday_off_is_off_in_the_estimate(year):
    """The day-by-day reason it is never early: no official holiday on a weekday is missed, and no
    make-up working day is assumed."""
    day = date(year, 1, 1)
    while day.year == year:
        if not chinese_calendar.is_workday(day):
            assert not is_working_day(day), day
        day += timedelta(days=1)


def test_the_estimate_does_not_know_the_published_schedule():
    # holidays lists the days 2026's schedule moved (2 Jan for Sunday 4 Jan, 5 May for 9 May, …);
    # the regulation alone does not have them
    regulation = statutory_days(2026)
    assert {date(2026, 1, 2), date(2026, 5, 5), date(2026, 10, 6), date(2026, 10, 7)}.isdisjoint(regulation)
    assert regulation[date(2026, 2, 16)] == ("Chinese New Year's Eve",)
    assert {d for d, names in regulation.items() if "National Day" in names} == {
        date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)}


def test_the_revised_regulation_for_2027():
    regulation = statutory_days(2027)
    assert len(regulation) == 13  # 元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3
    assert regulation[date(2027, 2, 5)] == ("Chinese New Year's Eve",)
    off = days_off(2027)
    assert {date(2027, 2, 4) + timedelta(days=i) for i in range(10)} <= off  # the eve's eve to 初八
    assert {date(2027, 5, d) for d in range(1, 6)} <= off and date(2027, 10, 8) not in off


def test_an_unpublished_year_is_provisional_and_errs_late():
    calendar = WorkCalendar()
    assert not calendar.is_official(2027) and calendar.is_official(2026)
    assert WorkCalendar(published=()).nth_working_day(2026, 10, 5).provisional


def docs_table(heading: str) -> list[list[str]]:
    text = DOCS.read_text(encoding="utf-8")
    block = text[text.index(heading):].split("\n\n", 1)[0]
    return [[c.strip() for c in line.strip("|").split("|")] for line in block.splitlines()[2:]]


def test_the_backtest_table_in_the_docs_is_what_the_backtest_gives():
    assert markdown(table(2021, 2026)) in DOCS.read_text(encoding="utf-8")
    *_, whole = table(2021, 2026)
    assert whole[0] == "2021–2026" and whole[2] == "0"  # never early


@pytest.mark.parametrize("row", docs_table("| service month ends"), ids=lambda r: r[0])
def test_the_estimates_shown_in_the_docs(row):
    end, opens_after, first_day, _ = row
    window = claim_window(date.fromisoformat(end))
    assert window.provisional
    assert (window.opens_after.isoformat(), window.first_day.isoformat()) == (opens_after, first_day)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", first_day)
