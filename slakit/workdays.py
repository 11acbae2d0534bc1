"""Mainland China's official working days (SLA §3.2): weekends and public holidays are off,
except weekend days officially made working days (调休).

The schedule comes from the ``chinese-calendar`` package, which holds the State Council's
published years. A year it lacks is answered from a user's override file if one has it, and
otherwise by a conservative estimate (:mod:`slakit.provisional`: statutory holidays and their
customary bridging, never a make-up working day, so a claim date errs late), flagged
*provisional*, never silently.

>>> cal = WorkCalendar()
>>> cal.nth_working_day(2026, 10, 5)  # 1–7 Oct off, Saturday 10 Oct worked
WorkingDay(day=datetime.date(2026, 10, 13), provisional=False)
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from .config import check_envelope, read_toml
from .errors import WHOLE_FILE, CalendarError, ConfigError
from .provisional import is_working_day as estimated_working_day
from .provisional import statutory_days
from .words import Said, says

KIND = "WorkingDays"
OLD_LAYOUT = says("error.calendar_old_layout")


@dataclass(frozen=True)
class YearSchedule:
    """A user-supplied official schedule: weekday holidays and make-up weekend working days."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class WorkingDay:
    day: date
    provisional: bool  # True when a year's official schedule was not known


def _library_years() -> range:
    years = {d.year for d in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


LIBRARY_YEARS = _library_years()


@dataclass(frozen=True)
class WorkCalendar:
    """Working days of ``kind`` ``cn-mainland`` (official) or ``weekdays`` (Monday–Friday).

    ``overrides`` are official schedules a user supplies; ``published`` the years whose schedule
    is taken from ``chinese-calendar`` (a backtest passes none, to estimate every year).
    """

    kind: str = "cn-mainland"
    overrides: Mapping[int, YearSchedule] = field(default_factory=dict)
    published: Container[int] = LIBRARY_YEARS

    def is_official(self, year: int) -> bool:
        """Whether ``year``'s working days are known rather than estimated."""
        return self.kind == "weekdays" or year in self.overrides or year in self.published

    def is_working_day(self, day: date) -> bool:
        if self.kind == "weekdays":
            return day.weekday() < 5
        schedule = None if day.year in self.published else self.overrides.get(day.year)
        if schedule is not None:  # a published year's schedule is the official one: a file only agrees
            if day in schedule.workdays:
                return True
            return day.weekday() < 5 and day not in schedule.holidays
        if day.year in self.published:
            return bool(chinese_calendar.is_workday(day))
        return estimated_working_day(day)

    def nth_working_day(self, year: int, month: int, n: int) -> WorkingDay:
        """The ``n``-th working day of a month."""
        day, count = date(year, month, 1), 0
        while True:
            if self.is_working_day(day):
                count += 1
                if count == n:
                    return WorkingDay(day, not self.is_official(year))
            day += timedelta(days=1)
            if day.month != month:
                raise CalendarError(says("error.few_working_days", month=f"{year}-{month:02d}", n=n))


def read_overrides(path: str | Path) -> dict[int, YearSchedule]:
    """Read a calendar file of official schedules, one table per year under ``spec``::

        apiVersion = "slakit/v1"
        kind = "WorkingDays"

        [metadata]
        name = "cn-2027"
        source = "State Council notice on the 2027 holidays"   # optional

        [spec."2027"]
        holidays = [2027-01-01, ...]   # weekdays that are off
        workdays = [2027-02-20, ...]   # weekend days that are worked (调休)

    A bad file raises :class:`~slakit.errors.ConfigError` naming the field and value; a file in
    the older layout, with the years at the top, is told how to convert.
    """
    document = read_toml(path)
    if "apiVersion" not in document and document and all(k.isdigit() for k in document):
        raise ConfigError(path, WHOLE_FILE, str(path), OLD_LAYOUT)
    rules = check_envelope(path, document, KIND)
    rules.metadata.text("name")
    rules.metadata.optional("source")
    rules.metadata.done()
    schedules = {}
    for key in list(rules.spec.data):
        if not key.isdigit():
            raise rules.spec.fail(key, rules.spec.data[key], says("error.not_year_table"))
        table = rules.spec.table(key)
        year = int(key)
        days = {kind: frozenset(table.days(kind)) for kind in ("holidays", "workdays")}
        for kind, found in days.items():
            stray = sorted(d for d in found if d.year != year)
            if stray:
                raise table.fail(kind, stray[0].isoformat(), says("error.not_in_year", year=year))
        if year in LIBRARY_YEARS:  # published: the file may agree with the official days, never replace them
            for kind, off in (("holidays", True), ("workdays", False)):
                wrong = sorted(d for d in days[kind] if chinese_calendar.is_holiday(d) != off)
                if wrong:
                    raise table.fail(kind, wrong[0].isoformat(), says(
                        "error.contradicts_official_working" if off else "error.contradicts_official_off",
                        year=year))
        table.done()
        schedules[year] = YearSchedule(days["holidays"], days["workdays"])
    return schedules


def calendar_doubts(schedules: Mapping[int, YearSchedule]) -> list[Said]:
    """What looks wrong in a file's schedule of a year not yet published: a statutory holiday on
    a weekday it does not list (a working day then), a weekend day among its holidays or a weekday
    among its make-up working days (each is one anyway).

    >>> str(calendar_doubts({2027: YearSchedule(frozenset({date(2027, 1, 2)}))})[-1])
    '2027-01-02 is listed as a holiday but is a Saturday: holidays are the weekdays that are off'
    """
    doubts: list[Said] = []
    for year, schedule in sorted(schedules.items()):
        if year in LIBRARY_YEARS:
            continue
        for day, names in statutory_days(year).items():
            if day.weekday() < 5 and day not in schedule.holidays:
                doubts.append(says("doubt.statutory_unlisted", day=str(day),
                                   names=[says(f"holiday.{name}") for name in names]))
        doubts += [says("doubt.holiday_weekend", day=str(d), weekday=says(f"term.weekday_{d.weekday()}"))
                   for d in sorted(schedule.holidays) if d.weekday() >= 5]
        doubts += [says("doubt.workday_weekday", day=str(d), weekday=says(f"term.weekday_{d.weekday()}"))
                   for d in sorted(schedule.workdays) if d.weekday() < 5]
    return doubts
