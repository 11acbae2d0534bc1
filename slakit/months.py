"""Service months (SLA §1.5): the natural months of a purchased term, first and last possibly partial.

>>> [str(m) for m in service_months(date(2026, 3, 17), 3)]
['2026-03-17..2026-03-31', '2026-04-01..2026-04-30', '2026-05-01..2026-05-31', '2026-06-01..2026-06-16']
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import InputError
from .words import Said, says

MAX_MONTHS = 1200
DATE_RANGE = (date(2000, 1, 1), date(2999, 12, 31))  # leaves every term and claim window in range


@dataclass(frozen=True, order=True)
class ServiceMonth:
    start: date
    end: date  # inclusive
    partial: bool = False  # a natural month cut short by the term's start or end (SLA §1.5)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _month_length(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; a day the target month lacks rolls into the next month.

    So one month from 31 January is 1 March, and a one-month term from 31 January ends on the
    last day of February.

    >>> add_months(date(2026, 3, 17), 3), add_months(date(2026, 1, 31), 1)
    (datetime.date(2026, 6, 17), datetime.date(2026, 3, 1))
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    first = date(year, month + 1, 1)
    if start.day > _month_length(first):
        return first.replace(day=_month_length(first)) + timedelta(days=1)
    return first.replace(day=start.day)


def term_end(start: date, months: int) -> date:
    """The last day (inclusive) of a term of ``months`` months bought from ``start``.

    >>> term_end(date(2026, 3, 17), 3)
    datetime.date(2026, 6, 16)
    """
    return add_months(start, months) - timedelta(days=1)


def check_day(day: object, field: str) -> date:
    """A date inside :data:`DATE_RANGE`, the years slakit reckons with.

    >>> check_day(date(9999, 12, 31), "start")
    Traceback (most recent call last):
    ...
    slakit.errors.InputError: field 'start' = '9999-12-31': is outside the years 2000–2999
    """
    if isinstance(day, datetime) or not isinstance(day, date):  # from Python: say so, no TypeError
        raise InputError(field, day, says("error.not_plain_date"))
    first, last = DATE_RANGE
    if not first <= day <= last:
        raise InputError(field, day.isoformat(), says("error.year_range", first=first.year, last=last.year))
    return day


def check_term(start: object, months: object) -> None:
    """A term's start and number of months, or an InputError naming the one that is wrong."""
    check_day(start, "start")
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise InputError("months", months, says("error.whole_from_1", high=MAX_MONTHS))


def month_problem(start: date, end: date) -> Said | None:
    """What makes ``start``..``end`` no service month under either rule (SLA §1.5): an end before
    the start, or a span longer than a month from its start."""
    if end < start:
        return says("error.month_end_before", start=str(start))
    if end >= add_months(start, 1):
        last = add_months(start, 1) - timedelta(days=1)
        return says("error.month_too_long", start=str(start), last=str(last))
    return None


def _natural(start: date, end: date) -> Iterator[ServiceMonth]:
    first = start
    while first <= end:
        month_end = first.replace(day=_month_length(first))
        last = min(month_end, end)
        yield ServiceMonth(first, last, partial=first.day != 1 or last != month_end)
        first = month_end + timedelta(days=1)


def _anniversary(start: date, months: int) -> Iterator[ServiceMonth]:
    for k in range(months):
        yield ServiceMonth(add_months(start, k), add_months(start, k + 1) - timedelta(days=1))


def service_months(start: date, months: int, rule: str = "natural") -> list[ServiceMonth]:
    """The service months of a term: ``natural`` months (SLA §1.5) or ``anniversary`` months.

    >>> [str(m) for m in service_months(date(2026, 3, 17), 2, "anniversary")]
    ['2026-03-17..2026-04-16', '2026-04-17..2026-05-16']
    """
    check_term(start, months)
    if rule == "natural":
        return list(_natural(start, term_end(start, months)))
    if rule == "anniversary":
        return list(_anniversary(start, months))
    raise InputError("rule", rule, says("error.one_of", choices="natural, anniversary"))


def parse_date(value: str, field: str) -> date:
    """An ISO date (YYYY-MM-DD), or an InputError naming the field.

    >>> parse_date("2026-02-30", "start")
    Traceback (most recent call last):
    ...
    slakit.errors.InputError: field 'start' = '2026-02-30': is not a valid date (YYYY-MM-DD)
    """
    try:
        day = date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InputError(field, value, says("error.not_valid_date")) from None
    return check_day(day, field)


Span = tuple[date, date]  # first and last day, both included


def parse_span(text: str, field: str) -> Span:
    """A span of days ``FIRST/LAST``, or one day, as an option or a CSV cell gives it.

    >>> parse_span("2026-03-10/2026-03-12", "declared"), parse_span("2026-03-10", "declared")[1]
    ((datetime.date(2026, 3, 10), datetime.date(2026, 3, 12)), datetime.date(2026, 3, 10))
    """
    first, slash, last = text.strip().partition("/")
    if slash and not last:
        raise InputError(field, text, says("error.span_no_last"))
    try:
        span = parse_date(first, field), parse_date(last or first, field)
    except InputError as error:  # name the whole span, not the half at fault
        raise InputError(field, text, error.problem) from None
    if span[1] < span[0]:
        raise InputError(field, text, says("error.span_order"))

    return span


def parse_spans(text: str, field: str) -> tuple[Span, ...]:
    """Spans separated by ``;`` (a CSV cell's way of listing several); empty text is none.

    >>> len(parse_spans("2026-03-10/2026-03-12; 2026-04-01", "declared")), parse_spans(" ", "declared")
    (2, ())
    """
    return tuple(parse_span(part, field) for part in text.split(";") if part.strip())


def spans_text(spans: tuple[Span, ...]) -> str:
    """Spans as :func:`parse_spans` reads them.

    >>> spans_text(parse_spans("2026-03-10/2026-03-12;2026-04-01", "declared"))
    '2026-03-10/2026-03-12;2026-04-01/2026-04-01'
    """
    return ";".join(f"{a.isoformat()}/{b.isoformat()}" for a, b in spans)
