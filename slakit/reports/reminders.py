"""Calendar reminders of claims still to file (RFC 5545, through ``icalendar``): for each owed
month, an all-day event on its first claim day and one on its deadline, the deadline with alarms a
week and a day before it (SLA §3.2: a claim not filed by then is lost for good). The batch writes
one for its desk (``reminders.ics``) and each claim pack carries its month's.

The file is reproducible: its stamp is the report date, each event's UID its customer-month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ..format import date_range, yuan
from ..i18n import Lang
from ..statement import Statement
from .text import text

FILE = "reminders.ics"
ALARMS = (7, 1)  # days before the deadline
PRODUCT = "-//SMS SLA claims//reminders//"


@dataclass(frozen=True)
class Reminder:
    """One owed month to remind of: whose, and the name of its claim pack."""

    customer_id: str
    customer_name: str
    month: Statement
    pack: str


def reminders_ics(reminders: Sequence[Reminder], on: date, lang: Lang) -> bytes:
    """The iCalendar file of ``reminders``, in ``lang``, stamped ``on``."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT + lang.upper())
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", text(lang, "desk_title"))
    stamp = datetime.combine(on, time(), UTC)
    for r in reminders:
        m, w, a = r.month, r.month.window, r.month.credit
        assert m.month is not None and w is not None and a is not None
        values = {"name": r.customer_name, "customer": r.customer_id,
                  "month": date_range(m.month.start, m.month.end, lang),
                  "amount": yuan(a.credit_amount, lang)}
        description = text(lang, "ics_description", first=w.first_day.isoformat(),
                           deadline=w.deadline.isoformat(), pack=r.pack)
        for kind, day in (("first", w.first_day), ("deadline", w.deadline)):
            event = Event()
            summary = text(lang, f"ics_{kind}", **values)
            event.add("uid", f"{r.customer_id}/{m.month.start.isoformat()}/{kind}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", summary)
            event.add("description", description)
            event.add("transp", "TRANSPARENT")
            if kind == "deadline":
                for days in ALARMS:
                    alarm = Alarm()
                    alarm.add("action", "DISPLAY")
                    alarm.add("trigger", timedelta(days=-days))
                    alarm.add("description", text(lang, "ics_alarm", days=days, summary=summary))
                    event.add_component(alarm)
            calendar.add_component(event)
    return bytes(calendar.to_ical())
