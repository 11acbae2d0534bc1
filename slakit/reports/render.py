"""A :class:`~slakit.reports.model.CustomerReport` as a person reads it, in the report's language:
the headline, the months table, the charts, the explanations and the evidence."""

from __future__ import annotations

import html
import re
from fractions import Fraction
from functools import partial
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ..explain import explain
from ..format import (
    date_range,
    nothing_owed,
    percent,
    policy_title,
    provisional_note,
    sms,
    status_text,
    yes_no,
    yuan,
)
from ..months import ServiceMonth
from ..statement import OWED, Statement, Status
from ..tables import html_table
from ..words import joined, say
from .charts import CLASS_COLOURS, availability_chart, daily_chart, svg
from .claim import Claim
from .model import CustomerReport, pack_name
from .text import text

UNBROKEN = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\d[\d.,]*…?%")  # dates, percentages
KNOWN_ORDER = ("explicit", "disputed", "unclassified", "excluded", "pending")  # table columns
UNASSESSED: tuple[Status, ...] = ("no_data", "partial", "in_progress", "upcoming")
PLACES = 2  # a percentage as the report shows it, cut (the appendix holds the exact fraction)


def _t(report: CustomerReport, key: str, **values: object) -> str:
    return text(report.lang, key, **values)


def headline_html(report: CustomerReport) -> str:
    t = partial(text, report.lang)
    lang, term = report.lang, report.statement
    target = percent(report.policy.target.availability)
    esc = html.escape
    rows = [(t("customer"), f"{esc(report.customer_name)} ({esc(report.customer_id)})"),
            (t("policy"), esc(policy_title(report.policy, lang))),
            (t("term"), date_range(_month(report.months[0]).start, _month(report.months[-1]).end, lang)),
            (t("report_date"), report.report_date.isoformat())]
    facts = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    owed, missed, assessed = term.having(*OWED), term.missed, term.assessed
    if owed:
        amount, count = term.credit_of(owed)
        lines = [t("headline_owed", missed=len(missed), assessed=len(assessed), target=target,
                   amount=yuan(amount, lang), sms=sms(count, lang))]
        lost = term.having("forfeited")
        if lost:
            amount, count = term.credit_of(lost)
            lines.append(t("headline_expired", amount=yuan(amount, lang), sms=sms(count, lang)))
        nxt = term.next_claim
        if nxt:
            lines.append(t("headline_claim", month=date_range(_month(nxt).start, _month(nxt).end, lang),
                           status=status_text(nxt, lang)))
    elif missed:
        lines = [t("headline_missed_nothing", missed=len(missed), assessed=len(assessed), target=target,
                   why=nothing_owed(missed[0], lang))]
    else:
        lines = [t("headline_met", target=target) if assessed else t("headline_none")]
    left = [t(f"count_{status}", n=len(term.having(status))) for status in UNASSESSED if term.having(status)]
    if left:
        lines.append(t("headline_unassessed", what=joined(lang, left)))
    line = say(lang, "punct.sentence").join(lines)
    return (f"<h1>{t('title')}</h1><table>{facts}</table>"
            f"<p style='font-size:1.15em'><strong>{esc(line)}</strong></p>")


def _month(statement: Statement) -> ServiceMonth:
    assert statement.month is not None  # a report's statements are of service months
    return statement.month


def _known(statement: Statement) -> dict[str, int]:
    """The counts beside the headline's, as the months table shows them."""
    c = statement.counts
    if c is None:
        return {}
    if statement.evidence.source == "receipts":
        return {"explicit": c.explicit, "disputed": c.disputed, "unclassified": c.unclassified,
                "excluded": c.excluded, "pending": c.pending}
    return {k: v for k, v in (("disputed", c.disputed), ("excluded", c.excluded)) if v}


def months_table(report: CustomerReport) -> pd.DataFrame:
    """One row per service month, headed in the report's language."""
    t = partial(text, report.lang)
    lang = report.lang
    known = [_known(m) for m in report.months]
    extra = [k for k in KNOWN_ORDER if any(k in k_ for k_ in known)]
    failures = t("col_failures" if report.code_map is None else "col_failures_headline")
    banded = any(m.banded for m in report.months)
    rows = []
    for m, counts in zip(report.months, known, strict=True):
        month, v, a = _month(m), m.headline, m.credit
        row = {t("col_month"): date_range(month.start, month.end, lang),
               t("col_valid"): sms(m.counts.valid_sends, lang) if m.counts else "",
               failures: sms(m.counts.failures, lang) if m.counts else "",
               t("col_availability"): ("" if v is None else t("n/a") if v.availability is None
                                       else percent(v.availability, PLACES)),
               t("col_met"): "" if v is None else yes_no(v.meets_target, lang),
               t("col_rate"): "" if a is None else percent(Fraction(a.credit_rate)),
               t("col_amount"): (t("fees_unknown") if a is None and v is not None
                                 else "" if a is None else yuan(a.credit_amount, lang)),
               t("col_sms"): "" if a is None else sms(a.credit_sms, lang),
               t("col_capped"): ("" if a is None else
                                 t("term_capped", clause=report.policy.liability.clause.text(lang))
                                 if a.term_capped else yes_no(True, lang) if a.capped else "")}
        for key in extra:
            row[t(f"col_{key}")] = sms(counts[key], lang) if key in counts else ""
        if banded:
            best = m.best
            row[t("col_best")] = ("" if best is None or best.availability is None
                                  else percent(best.availability, PLACES))
        window = m.window
        row[t("col_window")] = ("" if window is None else date_range(window.first_day, window.deadline, lang)
                                + provisional_note(window, lang))
        row[t("col_status", date=report.report_date)] = status_text(m, lang)
        rows.append(row)
    return pd.DataFrame(rows)


MONTHS_TABLE = "slakit-report-months"  # its id is T_<this>; the offline template styles it for print


def months_table_html(report: CustomerReport) -> str:
    """The months table through Styler; each date and percentage also kept whole where the print
    layout lets the rest of a cell wrap to fit the page."""
    frame = months_table(report)
    table = html_table(frame.loc[:, (frame != "").any()], MONTHS_TABLE)  # columns that carry nothing dropped
    head, body = table.split("</style>", 1)
    return head + "</style>" + UNBROKEN.sub(r'<span class="nowrap">\g<0></span>', body)


def chart(report: CustomerReport) -> Figure:
    """Each service month's availability (the headline's) against the target and the tier lines."""
    policy = report.policy
    target = policy.target.availability

    def note(m: Statement) -> str:
        if m.headline is not None:
            return _t(report, "no_volume")
        return _t(report, {"in_progress": "chart_in_progress", "upcoming": "chart_upcoming",
                           "partial": "chart_partial"}.get(m.status, "chart_no_data"))

    return availability_chart(
        [f"{_month(m).start:%Y-%m}" for m in report.months],
        [m.headline.availability if m.headline else None for m in report.months],
        target, title=_t(report, "chart_title"),
        target_label=_t(report, "target_line", target=percent(target)),
        notes=[note(m) for m in report.months],
        lines=[t.below for t in policy.compensation.tiers if t.below != target])


def chart_svg(report: CustomerReport) -> bytes:
    return svg(chart(report))


def daily_chart_svg(report: CustomerReport) -> bytes | None:
    """Failures per day by class, when the counts come from receipts."""
    if not report.daily_failures:
        return None
    days = sorted(report.daily)
    names = {k: _t(report, f"daily_{k}") for k in CLASS_COLOURS}
    return svg(daily_chart(days, [report.daily[d] for d in days], title=_t(report, "daily_title"),
                           axis=_t(report, "daily_axis"), names=names))


def explanations_html(report: CustomerReport) -> str:
    """How each assessed month's figures were reached, clause by clause."""
    items = "".join(f"<li><strong>{date_range(_month(m).start, _month(m).end, report.lang)}</strong>: "
                    f"{html.escape(explain(m.credit, report.policy, report.lang))}</li>"
                    for m in report.months if m.credit is not None and m.final)
    return f"<h2>{_t(report, 'explanations_heading')}</h2><ul>{items}</ul>"


def readings_html(report: CustomerReport) -> str:
    """Which reading of each open point produced the figures, and where the working days came from."""
    lang, policy = report.lang, report.policy
    comp, claim = policy.compensation, policy.claim_window
    t = partial(text, lang)
    lines = [
        t(f"reading_excluded_{policy.exclusions.excluded_sends}",
          clause=policy.exclusions.clause.text(lang)),
        t("reading_credit", basis=say(lang, f"explain.basis_{comp.fee_basis}"),
          clause=comp.fee_clause.text(lang), cap=say(lang, f"explain.basis_{comp.cap_basis}"),
          cap_clause=comp.cap_clause.text(lang)),
        t(f"reading_term_{policy.liability.term_cap}", clause=policy.liability.clause.text(lang)),
        t(f"reading_first_{claim.first_day}", n=claim.opens_after_working_day,
          clause=claim.clause.text(lang)),
    ]
    if report.request.calendar:
        lines.append(t("reading_calendar_file"))
    provisional = sorted({m.window.opens_after.year for m in report.months
                          if m.window and m.window.provisional})
    if provisional:
        lines.append(t("reading_provisional", years=joined(lang, provisional)))
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


def sources(report: CustomerReport) -> dict[str, str]:
    """Each input's name in the customer's terms, by the file name its fingerprint is kept under."""
    t, r = partial(text, report.lang), report.request
    named = {Path(report.policy.source).name: t("source_sla", date=report.policy.version),
             r.figures.name: t("source_figures")}
    if r.archive and report.account:
        named[f"{r.archive.name} (account {report.account})"] = t("source_receipts", account=report.account)
    if r.windows:
        named[r.windows.name] = t("source_windows")
    if r.calendar:
        named[r.calendar.name] = t("source_calendar")
    return named


def evidence_html(report: CustomerReport) -> str:
    esc = html.escape
    named, colon = sources(report), say(report.lang, "punct.colon")
    items = "".join(f"<li>{esc(named.get(name, name))}{colon}<code class='slakit-digest'>{digest}</code></li>"
                    for name, digest in report.inputs.items())
    code_map = (f"<p>{_t(report, 'code_map')}: {esc(report.code_map)}</p>" if report.code_map else "")
    intro = _t(report, "evidence_intro")
    packs = "".join(f"<li><a href='{name}'>{name}</a> "
                    f"({date_range(_month(m).start, _month(m).end, report.lang)})</li>"
                    for m in report.claimable() for name in [pack_name(report.customer_id, m)])
    claims = f"<p>{esc(_t(report, 'claim_packs'))}</p><ul>{packs}</ul>" if packs else ""
    return (f"<h2>{_t(report, 'evidence_heading')}</h2><p>{esc(intro)}</p>"
            f"<ul>{items}</ul>{code_map}{claims}<p><small>{esc(_t(report, 'footnote'))}</small></p>")


def next_step_html(report: CustomerReport) -> str:
    """Page 1's box: what the customer does now, for each month still to be claimed (or that
    nothing is to be done), so that a PDF sent on its own says how to claim."""
    t, lang = partial(text, report.lang), report.lang
    steps = []
    for n, m in enumerate(report.claimable(), 1):
        window = m.window
        assert window is not None and m.credit is not None  # an owed month has them
        steps.append(t("next_claim", month=date_range(_month(m).start, _month(m).end, lang),
                       amount=yuan(m.credit.credit_amount, lang), sms=sms(m.credit.credit_sms, lang),
                       first=window.first_day.isoformat(), last=window.deadline.isoformat(),
                       provisional=provisional_note(window, lang), appendix=n,
                       pack=pack_name(report.customer_id, m)))
    body = ("".join(f"<li>{html.escape(s)}</li>" for s in steps) if steps
            else f"<li>{html.escape(t('next_nothing'))}</li>")
    return (f"<div class='slakit-next-step'><h2>{t('next_heading')}</h2><ol>{body}</ol>"
            f"<p>{html.escape(t('next_how'))}</p></div>" if steps else
            f"<div class='slakit-next-step'><h2>{t('next_heading')}</h2><ul>{body}</ul></div>")


def appendix_html(report: CustomerReport) -> str:
    """The appendix: each assessed month's availability as an exact fraction, for anyone checking;
    each claim's ticket text, as it is pasted into the provider's console."""
    lang, colon = report.lang, say(report.lang, "punct.colon")
    exact = "".join(f"<li>{date_range(_month(m).start, _month(m).end, lang)}{colon}"
                    f"<span class='nowrap'>{a.numerator:,} / {a.denominator:,} = {percent(a)}</span></li>"
                    for m in report.months if m.headline and (a := m.headline.availability) is not None)
    parts = [f"<h3>{text(lang, 'appendix_exact')}</h3><ul>{exact}</ul>"] if exact else []
    for n, m in enumerate(report.claimable(), 1):
        month = date_range(_month(m).start, _month(m).end, lang)
        parts.append(f"<h3>{html.escape(text(lang, 'appendix_ticket', n=n, month=month))}</h3>"
                     f"<pre class='slakit-ticket'>{html.escape(Claim(report, m).ticket(lang))}</pre>")
    return f"<h2>{text(lang, 'appendix_heading')}</h2>{''.join(parts)}" if parts else ""
