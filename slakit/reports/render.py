"""A :class:`~slakit.reports.model.CustomerReport` as a person reads it, in the report's language:
the headline, the months table, the charts, the explanations and the evidence."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from fractions import Fraction
from functools import partial

import pandas as pd
from matplotlib.figure import Figure

from .. import __version__
from ..explain import PHRASES, explain
from ..format import claim_status as window_status
from ..format import (
    date_range,
    percent,
    policy_title,
    provisional_note,
    sms,
    yes_no,
    yuan,
)
from ..i18n import phrase
from ..plotting import png
from ..tables import html_table
from .charts import availability_chart, daily_chart
from .model import CustomerReport, MonthResult
from .text import text

UNBROKEN = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\d[\d.,]*…?%")  # dates, percentages
KNOWN_ORDER = ("explicit", "disputed", "unclassified", "excluded", "pending")  # table columns


def _t(report: CustomerReport, key: str, **values: object) -> str:
    return text(report.lang, key, **values)


def claim_status(report: CustomerReport, result: MonthResult) -> str:
    """The claim status of a month on the report date, in the report's language; a first claim
    day that is an estimate says so (the deadline never depends on working days)."""
    state = report.claim_state(result)
    if state in ("no figures", "no claim"):
        return _t(report, state.replace(" ", "_"))
    return window_status(result.window, report.report_date, report.lang)


def headline_html(report: CustomerReport) -> str:
    t = partial(text, report.lang)
    target = percent(report.policy.target.availability)
    esc = html.escape
    rows = [(t("customer"), f"{esc(report.customer_name)} ({esc(report.customer_id)})"),
            (t("policy"), esc(f"{policy_title(report.policy, report.lang)} — {report.policy.id}")),
            (t("term"), date_range(report.months[0].month.start, report.months[-1].month.end,
                                   report.lang)),
            (t("report_date"), report.report_date.isoformat())]
    facts = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    if report.breached:
        line = t("headline_owed", breached=len(report.breached), months=len(report.months),
                 target=target, amount=yuan(report.credit_amount, report.lang),
                 sms=sms(report.credit_sms, report.lang))
        expired = [m.assessment for m in report.months if m.owed and m.assessment
                   and m.window.status(report.report_date) == "expired"]
        if expired:
            line += " " + t("headline_expired",
                            amount=yuan(sum((a.credit_amount for a in expired), Decimal(0)), report.lang),
                            sms=sms(sum(a.credit_sms for a in expired), report.lang))
        nxt = report.next_claim
        if nxt:
            line += " " + t("headline_claim", deadline=nxt.window.deadline,
                            status=claim_status(report, nxt))
    else:
        line = t("headline_met", target=target)
    return (f"<h1>{t('title')}</h1><table>{facts}</table>"
            f"<p style='font-size:1.15em'><strong>{esc(line)}</strong></p>")


def months_table(report: CustomerReport) -> pd.DataFrame:
    """One row per service month, headed in the report's language."""
    t = partial(text, report.lang)
    extra = [k for k in KNOWN_ORDER if any(k in m.known for m in report.months)]
    failures = t("col_failures" if report.code_map is None else "col_failures_headline")
    rows = []
    for m in report.months:
        a = m.assessment
        row = {t("col_month"): date_range(m.month.start, m.month.end, report.lang)}
        if a is None:
            row |= {t("col_valid"): "", failures: "", t("col_availability"): "", t("col_met"): "",
                    t("col_rate"): "", t("col_amount"): "", t("col_sms"): "", t("col_capped"): ""}
        else:
            row |= {
                t("col_valid"): sms(a.valid_sends, report.lang),
                failures: sms(a.explicit_failures, report.lang),
                t("col_availability"): t("n/a") if a.availability is None else percent(a.availability),
                t("col_met"): yes_no(a.meets_target, report.lang),
                t("col_rate"): percent(Fraction(a.credit_rate)),
                t("col_amount"): yuan(a.credit_amount, report.lang),
                t("col_sms"): sms(a.credit_sms, report.lang),
                t("col_capped"): (t("term_capped", clause=report.policy.liability.clause.text(report.lang))
                                  if a.term_capped else yes_no(True, report.lang) if a.capped else ""),
            }
        for key in extra:
            row[t(f"col_{key}")] = sms(m.known[key], report.lang) if key in m.known else ""
        if any(r.best is not None for r in report.months):
            row[t("col_best")] = percent(m.best) if m.best is not None else ""
        row[t("col_window")] = (date_range(m.window.first_day, m.window.deadline, report.lang)
                                + provisional_note(m.window, report.lang))
        row[t("col_status", date=report.report_date)] = claim_status(report, m)
        rows.append(row)
    return pd.DataFrame(rows)


MONTHS_TABLE = "slakit-report-months"  # its id is T_<this>; the offline template styles it for print


def months_table_html(report: CustomerReport) -> str:
    """The months table through Styler; each date and percentage also kept whole where the print
    layout lets the rest of a cell wrap to fit the page."""
    table = html_table(months_table(report), MONTHS_TABLE)
    head, body = table.split("</style>", 1)
    return head + "</style>" + UNBROKEN.sub(r'<span class="nowrap">\g<0></span>', body)


def chart(report: CustomerReport) -> Figure:
    """Each service month's availability against the target line."""
    target = report.policy.target.availability
    return availability_chart(
        [f"{m.month.start:%Y-%m}" for m in report.months],
        [m.assessment.availability if m.assessment else None for m in report.months],
        target, title=_t(report, "chart_title"),
        target_label=_t(report, "target_line", target=percent(target)),
        notes=[_t(report, "no_volume" if m.assessment else "no_figures") for m in report.months])


def chart_png(report: CustomerReport) -> bytes:
    return png(chart(report))


def daily_chart_png(report: CustomerReport) -> bytes | None:
    """Failures per day, when the counts come from receipts."""
    if not report.daily_failures:
        return None
    return png(daily_chart(list(report.daily_failures), list(report.daily_failures.values()),
                           title=_t(report, "daily_title"), axis=_t(report, "daily_axis")))


def explanations_html(report: CustomerReport) -> str:
    items = "".join(f"<li><strong>{date_range(m.month.start, m.month.end, report.lang)}</strong>: "
                    f"{html.escape(explain(m.assessment, report.policy, report.lang))}</li>"
                    for m in report.months if m.assessment is not None)
    return f"<h2>{_t(report, 'explanations_heading')}</h2><ul>{items}</ul>"


def readings_html(report: CustomerReport) -> str:
    """Which reading of each open point produced the figures, and where the working days came from."""
    lang, policy = report.lang, report.policy
    comp, claim = policy.compensation, policy.claim_window
    t = partial(text, lang)
    lines = [
        t(f"reading_excluded_{policy.exclusions.excluded_sends}",
          clause=policy.exclusions.clause.text(lang)),
        t("reading_credit", basis=phrase(PHRASES, lang, f"basis_{comp.fee_basis}"),
          clause=comp.fee_clause.text(lang), cap=phrase(PHRASES, lang, f"basis_{comp.cap_basis}"),
          cap_clause=comp.cap_clause.text(lang)),
        t(f"reading_term_{policy.liability.term_cap}", clause=policy.liability.clause.text(lang)),
        t(f"reading_first_{claim.first_day}", n=claim.opens_after_working_day,
          clause=claim.clause.text(lang)),
    ]
    if report.request.calendar:
        lines.append(t("reading_calendar_file", file=report.request.calendar.name))
    provisional = sorted({m.window.opens_after.year for m in report.months if m.window.provisional})
    if provisional:
        lines.append(t("reading_provisional", years="、".join(map(str, provisional)) if lang == "zh"
                       else ", ".join(map(str, provisional))))
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<h2>{t('readings_heading')}</h2><ul class='slakit-readings'>{items}</ul>"


def current_month_html(report: CustomerReport) -> str:
    """Where the month the report date falls in is heading (from receipts); empty otherwise."""
    p, lang = report.current, report.lang
    if p is None:
        return ""
    return (f"<h2>{_t(report, 'current_heading')}</h2>"
            + html_table(p.table(lang), "slakit-current")
            + f"<p><small>{html.escape(p.note(lang))}</small></p>")


def evidence_html(report: CustomerReport) -> str:
    esc = html.escape
    items = "".join(f"<li><code>{esc(name)}</code>: <code>{digest}</code></li>"
                    for name, digest in report.inputs.items())
    code_map = (f"<p>{_t(report, 'code_map')}: {esc(report.code_map)}</p>" if report.code_map else "")
    intro = _t(report, "evidence_intro", version=__version__, policy=report.policy.id)
    packs = "".join(f"<li><a href='{m.pack_name}'>{m.pack_name}</a> ({m.month.start} – {m.month.end})</li>"
                    for m in report.claimable())
    claims = f"<p>{esc(_t(report, 'claim_packs'))}</p><ul>{packs}</ul>" if packs else ""
    return (f"<h2>{_t(report, 'evidence_heading')}</h2><p>{esc(intro)}</p>"
            f"<ul>{items}</ul>{code_map}{claims}<p><small>{esc(_t(report, 'footnote'))}</small></p>")
