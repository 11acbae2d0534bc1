"""A service month in progress, from the receipts archive: its days counted as ``slakit
availability`` counts them (code map, exclusion windows, SLA §4.10 days), then projected to the
month's end (:func:`slakit.lab.project`). One path for ``slakit outlook`` and the explorer.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from .errors import InputError
from .lab.projection import DRAWS, LOOKBACK_DAYS, Day, Projection, check_request, project
from .months import ServiceMonth, service_months
from .policy import Policy
from .receipts.accounts import check_account
from .receipts.codemap import DEFAULT_CODEMAP
from .receipts.evaluate import evaluate


@dataclass(frozen=True)
class ArchiveOutlook:
    """A projection with what the archive adds: sends still awaiting their receipt (left out of
    the counts until known) and the code map that classified the receipts."""

    projection: Projection
    pending: int
    code_map: str


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
    raise InputError("on", on.isoformat(), f"is not in the term {term[0].start} – {term[-1].end}")


def outlook_from_archive(db: str | Path, account: str, on: date, policy: Policy, *,
                         start: date | None = None, months: int | None = None,
                         codemap: str | Path = DEFAULT_CODEMAP, windows: str | Path | None = None,
                         customer: str = "ordinary", declared: list[tuple[date, date]] | None = None,
                         fee: Decimal | str | None = None, list_price: Decimal | str | None = None,
                         deductions: Decimal | str = "0", paid: Decimal | str | None = None,
                         draws: int = DRAWS, seed: int = 0) -> ArchiveOutlook:
    """Where ``account``'s service month holding ``on`` (the last day counted) is heading.

    Everything asked is checked before the archive is read. An account without records from the
    month's first day to ``on`` is an error: no data is not a month on target.
    """
    month = service_month_of(on, policy, start, months)
    check_account(account)
    check_request(month, on, policy, fee, list_price, deductions, paid)
    spans = [ServiceMonth(month.start - timedelta(days=LOOKBACK_DAYS), month.start - timedelta(days=1)),
             ServiceMonth(month.start, on)]
    found = evaluate(db, account, spans, policy, codemap=codemap, windows=windows, customer=customer,
                     declared=declared or ())
    if not found.months[1].total:
        raise InputError("account", account, f"has no records from {month.start} to {on} in the "
                                             f"archive {db}: no data is not a month on target")
    p = project([Day(*row) for row in found.daily_counts()], month, on, policy, fee=fee,
                list_price=list_price, deductions=deductions, paid=paid, draws=draws, seed=seed)
    return ArchiveOutlook(p, found.months[1].counts["pending"], found.codemap.id)
