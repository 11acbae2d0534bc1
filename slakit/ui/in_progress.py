"""The explorer's in-progress mode: a service month still under way, from the receipts archive
(an account and the last day counted) or from the month so far typed in, projected to its end as
``slakit outlook`` projects it and shown in the same table (:meth:`Projection.table`)."""

from __future__ import annotations

import html
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import ipywidgets as widgets

from ..errors import InputError
from ..i18n import Lang
from ..in_progress import ArchiveOutlook, outlook_from_archive
from ..lab.projection import Projection, even_days, project
from ..months import ServiceMonth
from ..policy import Policy
from ..tables import html_table
from ..words import says
from .text import text

ARCHIVE = ("archive", "account", "counted_to")
TYPED = ("days_so_far", "valid_so_far", "failures_so_far")
NAMES = ("progress_source", *ARCHIVE, *TYPED)
ALIASES = {"--db": "archive", "on": "counted_to", "days": "days_so_far"}  # core field → control


def controls() -> dict[str, widgets.Widget]:
    """The month-so-far inputs, unlabelled (labels depend on the language)."""
    return {
        "progress_source": widgets.Dropdown(value=None),
        "archive": widgets.Text(continuous_update=False),
        "account": widgets.Text(continuous_update=False),
        "counted_to": widgets.DatePicker(value=date.today() - timedelta(days=1)),  # the last whole day
        "days_so_far": widgets.IntText(value=10),
        "valid_so_far": widgets.IntText(value=40_000),
        "failures_so_far": widgets.IntText(value=1_600),
    }


def speak(c: dict[str, widgets.Widget], lang: Lang) -> None:
    """The hint and the choice of source in ``lang`` (labels come with the explorer's), keeping values."""
    c["archive"].placeholder = text(lang, "archive_hint")
    keep = c["progress_source"].value or "archive"
    c["progress_source"].options = [(text(lang, "source_archive"), "archive"),
                                    (text(lang, "source_typed"), "typed")]
    c["progress_source"].value = keep


def labels(lang: Lang) -> dict[str, str]:
    """The controls' labels by the field names the core's errors use."""
    return {**{name: text(lang, name) for name in NAMES},
            **{core: text(lang, name) for core, name in ALIASES.items()}}


def projection(c: dict[str, widgets.Widget], policy: Policy, start: date, months: int, month: ServiceMonth,
               *, fee: str, list_price: str, deductions: str) -> tuple[Projection, ArchiveOutlook | None]:
    """The month in progress, and what the archive adds (None when typed in); bad input raises
    ``SlakitError``.

    From the archive, the month is the one of the term (``months`` bought from ``start``) holding
    the day counted to; typed in, ``month``, its first days alike.
    """
    if c["progress_source"].value == "typed":
        days = even_days(month, c["days_so_far"].value, c["valid_so_far"].value,
                         c["failures_so_far"].value)
        return project(days, month, days[-1].day, policy, fee=fee, list_price=list_price,
                       deductions=deductions), None
    path = c["archive"].value.strip()
    if not path:
        raise InputError("archive", None, says("error.pick_archive"))
    if c["counted_to"].value is None:
        raise InputError("counted_to", None, says("error.pick_counted_to"))

    found = _from_archive(path, _stamp(path), c["account"].value, c["counted_to"].value, policy,
                          start, months, fee, list_price, deductions)
    return found.projection, found


def _stamp(path: str) -> int:
    """The archive's modification time: a changed archive is read again."""
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return 0  # the archive reports what is wrong with the path


@lru_cache(maxsize=16)
def _from_archive(path: str, stamp: int, account: str, on: date, policy: Policy, start: date,
                  months: int, fee: str, list_price: str, deductions: str) -> ArchiveOutlook:
    return outlook_from_archive(path, account, on, policy, start=start, months=months, fee=fee,
                                list_price=list_price, deductions=deductions)


def progress_html(p: Projection, found: ArchiveOutlook | None, lang: Lang) -> str:
    """The projection's table (as the command prints it) and what it rests on: from the archive,
    the sends awaiting a receipt and where the records end; typed in, that the days are alike."""
    notes = [*(found.notes(lang) if found else []), p.note(lang),
             *([] if found else [text(lang, "typed_note")])]
    return (html_table(p.table(lang, found.pending if found else 0), "slakit-progress")
            + "".join(f"<p class='slakit-progress-note'><small>{html.escape(n)}</small></p>"
                      for n in notes))

