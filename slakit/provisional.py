"""Days off of a year whose official schedule is not published yet, estimated so that a claim date
errs late, never early (SLA §3.2: a claim filed before the window opens fails; the deadline does
not depend on working days).

The estimate takes off every weekend day (it never assumes a make-up working day, 调休), the
statutory holidays of the national regulation (全国年节及纪念日放假办法, as revised by State Council
decree 795 in force from 2025: 元旦 1 day, 春节 4 from New Year's Eve, 清明 1, 劳动节 2, 端午 1,
中秋 1, 国庆 3), computed for any year, lunar dates and solar terms included, by the ``holidays``
package, and the customary bridging the State Council grants around them, taken wide:

- 春节: the eve's eve to the 8th day of the new year (every schedule since 2014 lies inside);
- 劳动节: 1–5 May; 国庆: 1–7 October, to 8 October when 中秋 falls next to it;
- a one-day holiday on a Tuesday takes the Monday before, on a Thursday the Friday after, and on a
  weekend the Monday after (the regulation's own make-up rule).

:func:`backtest` checks the estimate against the published schedules (``chinese-calendar``).

>>> sorted(d.isoformat() for d in days_off(2027) if d.month == 1)   # 元旦 is a Friday
['2027-01-01']
>>> min(d for d in days_off(2027) if d.month == 2), max(d for d in days_off(2027) if d.month == 2)
(datetime.date(2027, 2, 4), datetime.date(2027, 2, 13))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import islice

from .errors import CalendarError
from .words import says

ONE_DAY = timedelta(days=1)
LUNAR_YEARS = (1901, 2100)  # the years the ``holidays`` package has lunar dates for
# The regulation's holidays, as the ``holidays`` package names them (en_US); anything else it lists
# for a year (the days a published schedule moved) is left out, so that no year's answer leaks in.
STATUTORY = frozenset({"New Year's Day", "Chinese New Year's Eve", "Chinese New Year (Spring Festival)",
                       "Tomb-Sweeping Day", "Labor Day", "Dragon Boat Festival", "Mid-Autumn Festival",
                       "National Day"})
SPRING_FESTIVAL = (-2, 7)  # days off from/to the first day of the lunar new year (春节初一)
LABOUR_DAY = ((5, 1), (5, 5))
NATIONAL_DAY = ((10, 1), (10, 7))
MID_AUTUMN_JOINS = ((9, 28), (10, 8))  # 中秋 in here lengthens the 国庆 break by a day
BRIDGED = ("New Year's Day", "Tomb-Sweeping Day", "Dragon Boat Festival", "Mid-Autumn Festival")
BRIDGE = {1: -1, 3: 1, 5: 2, 6: 1}  # weekday of a one-day holiday → the extra day off, in days


def statutory_days(year: int) -> dict[date, tuple[str, ...]]:
    """The regulation's holidays of ``year`` and their names, from the ``holidays`` package."""
    from holidays import country_holidays  # imported on first use: it costs a tenth of a second

    table = country_holidays("CN", years=year, observed=False, language="en_US")
    named = {day: tuple(n for n in table.get_list(day) if n in STATUTORY) for day in table}
    return {day: names for day, names in sorted(named.items()) if names}


def _span(first: date, last: date) -> Iterator[date]:
    while first <= last:
        yield first
        first += ONE_DAY


@cache
def days_off(year: int) -> frozenset[date]:
    """The days the estimate takes off in ``year`` besides weekends (a bridge may fall in the
    year before)."""
    holidays = statutory_days(year)

    def first(name: str) -> date:
        found = [d for d, names in holidays.items() if name in names]
        if not found:  # past the lunar tables of the ``holidays`` package
            raise CalendarError(says("error.lunar_end", year=year, last=LUNAR_YEARS[1]))
        return min(found)

    off = set(holidays)
    new_year = first("Chinese New Year (Spring Festival)")
    off.update(_span(new_year + SPRING_FESTIVAL[0] * ONE_DAY, new_year + SPRING_FESTIVAL[1] * ONE_DAY))
    off.update(_span(date(year, *LABOUR_DAY[0]), date(year, *LABOUR_DAY[1])))
    mid_autumn = first("Mid-Autumn Festival")
    joins = date(year, *MID_AUTUMN_JOINS[0]) <= mid_autumn <= date(year, *MID_AUTUMN_JOINS[1])
    last = date(year, *NATIONAL_DAY[1]) + (ONE_DAY if joins else timedelta(0))
    off.update(_span(date(year, *NATIONAL_DAY[0]), last))
    for day, names in holidays.items():
        if any(name in BRIDGED for name in names) and day.weekday() in BRIDGE:
            off.add(day + BRIDGE[day.weekday()] * ONE_DAY)
    return frozenset(off)


def is_working_day(day: date) -> bool:
    """Whether the estimate counts ``day`` as a working day."""
    return day.weekday() < 5 and day not in days_off(day.year) and not (  # 元旦's bridge: 31 Dec
        (day.month, day.day) == (12, 31) and day in days_off(day.year + 1))


@dataclass(frozen=True)
class Estimate:
    """One month's N-th working day: official, estimated, and by plain weekdays (the old fallback)."""

    year: int
    month: int
    official: date
    estimate: date
    weekdays: date

    @property
    def late(self) -> int:
        """Calendar days the estimate lies after the official day (negative: early)."""
        return (self.estimate - self.official).days

    @property
    def weekdays_late(self) -> int:
        return (self.weekdays - self.official).days


def backtest(years: Iterable[int], nth: int = 5) -> list[Estimate]:
    """Each month of ``years`` treated as unpublished: the N-th working day as estimated here and
    by plain weekdays, against the published schedule.

    >>> worst = max(backtest([2026]), key=lambda e: e.late)
    >>> worst.month, worst.official, worst.estimate
    (1, datetime.date(2026, 1, 8), datetime.date(2026, 1, 9))
    """
    import chinese_calendar

    def nth_day(year: int, month: int, working: Callable[[date], bool]) -> date:
        days = _span(date(year, month, 1), date(year, month, 28) + 4 * ONE_DAY)
        return next(islice((d for d in days if d.month == month and working(d)), nth - 1, None))

    calendars = (chinese_calendar.is_workday, is_working_day, lambda d: d.weekday() < 5)
    return [Estimate(year, month, *(nth_day(year, month, c) for c in calendars))
            for year in years for month in range(1, 13)]
