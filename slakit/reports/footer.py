"""The foot of every page of a report's PDF: issuer, report number, generation time, page x of y."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from ..format import policy_title
from .model import CustomerReport
from .text import text

STYLE = ("font-family:'WenQuanYi Micro Hei','DejaVu Sans',sans-serif;font-synthesis:none;font-size:8pt;"
         "color:#444;width:100%;margin:0 10mm;display:flex;justify-content:space-between")


def report_number(report: CustomerReport) -> str:
    """One number per customer and report date: the same report made again keeps it."""
    return f"{report.customer_id}-{report.report_date:%Y%m%d}"


def page_footer(report: CustomerReport, now: datetime | None = None) -> str:
    """A Chromium footer template for ``report``: Chromium fills the page number and count."""
    lang = report.lang
    generated = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    left = text(lang, "footer_issuer", policy=policy_title(report.policy, lang))
    middle = text(lang, "footer_number", number=report_number(report), generated=generated)
    page = text(lang, "footer_page", page="<span class='pageNumber'></span>",
                pages="<span class='totalPages'></span>")
    return (f"<div style=\"{STYLE}\"><span>{html.escape(left)}</span><span>{html.escape(middle)}</span>"
            f"<span>{page}</span></div>")
