"""Mainland China's official working days (SLA §3.2): weekends and public holidays are off,
except weekend days officially made working days (调休).

The schedule comes from the ``chinese-calendar`` package, which holds the State Council's
published years. A year it lacks is answered from a user's override file if one has it, and
otherwise by plain weekdays, flagged *provisional*, never silently.

>>> cal = WorkCalendar()
>>> cal.nth_working_day(2026, 10, 5)  # 1–7 Oct off, Saturday 10 Oct worked
WorkingDay(day=datetime.date(2026, 10, 13), provisional=False)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from .errors import InputError, SlakitError


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
    """Working days of ``kind`` ``cn-mainland`` (official) or ``weekdays`` (Monday–Friday)."""

    kind: str = "cn-mainland"
    overrides: Mapping[int, YearSchedule] = field(default_factory=dict)

    def is_official(self, year: int) -> bool:
        """Whether ``year``'s working days are known rather than assumed."""
        return self.kind == "weekdays" or year in self.overrides or year in LIBRARY_YEARS

    def is_working_day(self, day: date) -> bool:
        if self.kind == "weekdays":
            return day.weekday() < 5
        schedule = self.overrides.get(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                return True
            return day.weekday() < 5 and day not in schedule.holidays
        if day.year in LIBRARY_YEARS:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

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
                raise SlakitError(f"{year}-{month:02d} has fewer than {n} working days")


def read_overrides(path: str | Path) -> dict[int, YearSchedule]:
    """Read an override file of official schedules, one table per year::

        ["2027"]
        holidays = ["2027-01-01", ...]   # weekdays that are off
        workdays = ["2027-02-20", ...]   # weekend days that are worked (调休)
    """
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError("(file)", str(path), f"cannot be read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError("(file)", str(path), f"is not valid TOML: {error}", source=path) from None
    schedules = {}
    for key, table in document.items():
        if not key.isdigit() or not isinstance(table, dict):
            raise InputError(key, table, "must be a table named after a year", source=path)
        year = int(key)
        days: dict[str, frozenset[date]] = {}
        for kind in ("holidays", "workdays"):
            values = table.get(kind, [])
            if not isinstance(values, list):
                raise InputError(f"{key}.{kind}", values, "must be a list of dates", source=path)
            days[kind] = frozenset(_override_day(v, year, f"{key}.{kind}", path) for v in values)
        unknown = set(table) - {"holidays", "workdays"}
        if unknown:
            name = sorted(unknown)[0]
            raise InputError(f"{key}.{name}", table[name], "is not a known field", source=path)
        schedules[year] = YearSchedule(days["holidays"], days["workdays"])
    return schedules


def _override_day(value: object, year: int, field: str, path: Path) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            raise InputError(field, value, "is not a date (YYYY-MM-DD)", source=path) from None
    if day.year != year:
        raise InputError(field, value, f"is not in {year}", source=path)
    return day
