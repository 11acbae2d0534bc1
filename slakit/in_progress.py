"""A service month in progress, from the receipts archive: its days counted as ``slakit
availability`` counts them (code map, exclusion windows, SLA §4.10 days), then projected to the
month's end (:func:`slakit.lab.project`). One path for ``slakit outlook`` and the explorer.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from .errors import InputError
from .i18n import Lang, locale_lang
from .lab.projection import DRAWS, LOOKBACK_DAYS, Day, Projection, check_draws, check_request, project
from .lab.text import text
from .money import fees, parse_amount
from .months import ServiceMonth, service_months
from .policy import Policy
from .receipts.accounts import check_account
from .receipts.codemap import DEFAULT_CODEMAP
from .receipts.evaluate import evaluate
from .statement import Statement, state
from .words import says


@dataclass(frozen=True)
class ArchiveOutlook:
    """A projection with what the archive adds: sends still awaiting their receipt (left out of
    the counts until known), the code map that classified the receipts, the month so far as a
    statement (status ``in_progress``; with the fees when given), the day asked for (``on``) and
    the records' last day. Records that end before ``on`` are counted to their last day: the
    days after are not days without sends."""

    projection: Projection
    pending: int
    code_map: str
    statement: Statement
    on: date  # the last day asked to be counted
    records_end: date  # the last day with any send or receipt of the account

    @property
    def counted_to(self) -> date:
        """The last day counted: ``on``, or the records' last day when they end before it."""
        return self.projection.on

    def notes(self, lang: Lang | None = None) -> list[str]:
        """What the projection's own note does not say: that the records end before ``on``."""
        lang = lang or locale_lang()
        if self.counted_to >= self.on:
            return []
        return [text(lang, "records_end", end=self.records_end.isoformat(), on=self.on.isoformat())]


def service_month_of(on: date, policy: Policy, start: date | None = None,
                     months: int | None = None) -> ServiceMonth:
    """The service month holding ``on``: of the term from ``start`` when one is given (SLA §1.5),
    else the natural month.

    >>> from slakit import load_policy
    >>> service_month_of(date(2026, 4, 10), load_policy(), date(2026, 3, 17), 1)
    ServiceMonth(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 4, 16), partial=True)
    """
    if start is None:
        return ServiceMonth(on.replace(day=1), on.replace(day=calendar.monthrange(on.year, on.month)[1]))
    term = service_months(start, months or 1, policy.service_months.rule)
    for month in term:
        if month.start <= on <= month.end:
            return month
    raise InputError("on", on.isoformat(), says("error.not_in_term", first=term[0].start, last=term[-1].end))


def outlook_from_archive(db: str | Path, account: str, on: date, policy: Policy, *,
                         start: date | None = None, months: int | None = None,
                         codemap: str | Path = DEFAULT_CODEMAP, windows: str | Path | None = None,
                         customer: str = "ordinary", declared: Sequence[tuple[date, date]] = (),
                         fee: Decimal | str | None = None, list_price: Decimal | str | None = None,
                         deductions: Decimal | str = "0", paid: Decimal | str | None = None,
                         paid_before: Decimal | str | None = None, credited_before: Decimal | str = "0",
                         draws: int = DRAWS, seed: int = 0) -> ArchiveOutlook:
    """Where ``account``'s service month holding ``on`` (the last day counted) is heading.

    Everything asked is checked before the archive is read. Records that end before ``on`` are
    counted to their last day, and the outlook says so; an account without records from the
    month's first day to ``on`` is an error: no data is not a month on target. The daily counts
    follow the policy's reading of SLA §4. ``paid_before`` and ``credited_before`` are the fees
    paid, and the compensation earned, in the term's earlier months (SLA §5.1; without them the
    month is a term of its own, a lower bound).
    """
    month = service_month_of(on, policy, start, months)
    check_account(account)
    check_request(month, on, policy, fee, list_price, deductions, paid, paid_before, credited_before)
    check_draws(draws, seed)
    spans = [ServiceMonth(month.start - timedelta(days=LOOKBACK_DAYS), month.start - timedelta(days=1)),
             ServiceMonth(month.start, on)]
    found = evaluate(db, account, spans, policy, codemap=codemap, windows=windows, customer=customer,
                     declared=declared)
    if not found.months[1].total or found.span is None:
        raise InputError("account", account, says("error.no_records_month", first=month.start, last=on,
                                                  db=str(db)))

    records_end = found.span[1]
    counted_to = min(on, records_end)  # the days after the records end are not days without sends
    p = project([Day(*row) for row in found.daily_counts(policy)], month, counted_to, policy, fee=fee,
                list_price=list_price, deductions=deductions, paid=paid, paid_before=paid_before,
                credited_before=credited_before, draws=draws, seed=seed)
    so_far = replace(found.evidence()[1], month=month)
    money = None if fee is None else fees(fee, list_price, deductions, paid)
    statement = state(so_far, policy, money, on=on,
                      paid_before=None if paid_before is None else parse_amount(paid_before, "paid_before"),
                      credited_before=parse_amount(credited_before, "credited_before"))
    return ArchiveOutlook(p, found.months[1].counts["pending"], found.codemap.id, statement, on, records_end)
