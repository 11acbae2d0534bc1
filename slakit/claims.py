"""The claim window of a service month (SLA §3.2).

Claims open after the N-th working day of the next month (§3.2(1)): from the day after it under
the default reading of "第五个工作日后", from that day itself under the other. They close a number of
calendar days after the service month ends (§3.2(2)).

>>> window = claim_window(date(2026, 9, 30))
>>> window.opens_after, window.deadline   # the October holiday pushes the opening back
(datetime.date(2026, 10, 13), datetime.date(2026, 11, 29))
>>> window.status(date(2026, 10, 13)), window.status(date(2026, 10, 14))
('not yet open', 'open')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .i18n import Bilingual
from .months import check_day
from .policy import ClaimRule, Policy, load_policy
from .workdays import WorkCalendar, YearSchedule


@dataclass(frozen=True)
class ClaimWindow:
    """When a service month's compensation can be claimed (SLA §3.2): from ``first_day`` (the day
    after ``opens_after``, the N-th working day of the next month, or that day itself under the
    policy's other reading) to ``deadline`` inclusive.

    ``provisional`` says the working days of that month are not officially known yet, so the
    opening is an estimate that errs late; supply the official days to make it final.
    """

    service_month_end: date
    opens_after: date  # the N-th working day of the next month
    first_day: date  # the first day a claim may be filed
    deadline: date  # the last day a claim may be filed (inclusive)
    provisional: bool  # the working days of that month are not officially known
    clause: Bilingual

    def can_claim(self, on: date) -> bool:
        return self.first_day <= on <= self.deadline

    def days_left(self, on: date) -> int:
        """Calendar days left to claim on ``on``, that day included (0 once it has passed)."""
        return max((self.deadline - on).days + 1, 0)

    def to_dict(self, on: date | None = None) -> dict[str, object]:
        """JSON-ready; with ``on``, whether that date can still be claimed and the status."""
        result: dict[str, object] = {
            "service_month_end": self.service_month_end.isoformat(),
            "opens_after": self.opens_after.isoformat(),
            "first_day": self.first_day.isoformat(),
            "deadline": self.deadline.isoformat(),
            "provisional": self.provisional,
        }
        if on is not None:
            result |= {"on": on.isoformat(), "can_claim": self.can_claim(on),
                       "status": self.status(on), "days_left": self.days_left(on)}
        return result

    def status(self, on: date) -> str:
        """``not yet open``, ``open`` or ``expired`` on a given date."""
        if on < self.first_day:
            return "not yet open"
        return "open" if on <= self.deadline else "expired"


def claim_window(
    service_month_end: date,
    policy: Policy | None = None,
    overrides: Mapping[int, YearSchedule] | None = None,
) -> ClaimWindow:
    """The claim window of the service month that ends on ``service_month_end``; ``overrides``
    are official working days for years not yet published (:func:`~slakit.read_overrides`).

    >>> claim_window(date(2026, 9, 30), load_policy("variant-claim-on-fifth-day")).first_day
    datetime.date(2026, 10, 13)
    """
    check_day(service_month_end, "service_month_end")
    rule: ClaimRule = (policy or load_policy()).claim_window
    calendar = WorkCalendar(rule.calendar, overrides or {})
    nxt = service_month_end.replace(day=1) + timedelta(days=32)
    opening = calendar.nth_working_day(nxt.year, nxt.month, rule.opens_after_working_day)
    return ClaimWindow(
        service_month_end=service_month_end,
        opens_after=opening.day,
        first_day=opening.day + timedelta(days=1 if rule.first_day == "after" else 0),
        deadline=service_month_end + timedelta(days=rule.deadline_days),
        provisional=opening.provisional,
        clause=rule.clause,
    )
