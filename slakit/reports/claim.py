"""A claim for one service month: whether it can be made on a date, and the ticket text that makes
it, in Chinese and English, ready to paste into the provider's ticket system (SLA §3.2(1)).

The text takes every figure from the customer's report (:func:`~slakit.reports.build_report`),
so the ticket, the evidence pack (:mod:`.pack`) and the report agree to the SMS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..errors import InputError
from ..explain import explain
from ..format import fen, percent, sms, status_text, tier_label, yuan
from ..i18n import Lang, locale_lang
from ..statement import Statement
from ..words import say, says
from .model import CustomerReport, pack_name

CLAUSES = "§1.2–§1.4, §2.1–§2.2, §3.1, §3.2"




def _t(lang: Lang, key: str, **values: object) -> str:
    return say(lang, f"ticket.{key}", **values)


def account_of(report: CustomerReport) -> str:
    """The account the provider knows a customer by: the customers CSV's ``cloud_account``, else
    the receipts' account (an SMS SdkAppId) when the row names one; "" when neither is given."""
    request = report.request
    return request.cloud_account or (request.account if request.archive else None) or ""


@dataclass(frozen=True)
class Claim:
    """One service month of a customer's report, to be claimed on the report's date."""

    report: CustomerReport
    month: Statement

    @property
    def on(self) -> date:
        return self.report.report_date

    @property
    def status(self) -> str:
        """The month's status on the date (:data:`slakit.statement.STATUSES`)."""
        return self.month.status

    @property
    def account(self) -> str | None:
        """The account the ticket names (:func:`account_of`); None when the customers CSV gives none:
        the ticket then holds a placeholder, never the kit's own customer id."""
        return account_of(self.report) or None

    @property
    def pack_name(self) -> str:
        return pack_name(self.report.customer_id, self.month)

    def refusal(self, force: bool = False, lang: Lang | None = None) -> str | None:
        """Why no pack is made for this month, or None: a month not owed never gets one; an
        expired claim, or one on partial data, only with ``force``."""
        lang = lang or locale_lang()
        m = self.month
        said = status_text(m, lang)
        if m.status in ("upcoming", "in_progress"):
            window = m.window
            return say(lang, "ticket.refused_unfinished", month=str(m.month), status=said, on=self.on,
                       day=window.first_day if window else "?")
        if m.status in ("no_data", "met", "not_owed"):
            return say(lang, "ticket.refused", month=str(m.month), status=said)
        if m.status in ("partial", "forfeited") and not force:
            return say(lang, "ticket.refused_force", month=str(m.month), status=said)
        return None

    def ticket(self, lang: Lang) -> str:
        """The ticket text, ready to paste."""
        report, m = self.report, self.month
        a, c, v, best, window, policy = m.credit, m.counts, m.headline, m.best, m.window, report.policy
        assert a is not None and c is not None and v is not None and best is not None and window
        assert a.availability is not None and m.month is not None  # an owed month has them all
        target = percent(policy.target.availability)
        month = m.month
        sla = _t(lang, "sla", date=policy.version)
        if m.evidence.source == "receipts":
            failures = _t(lang, "failures_receipts", total=sms(c.failures, lang),
                          explicit=sms(c.explicit, lang), disputed=sms(c.disputed, lang),
                          unclassified=sms(c.unclassified, lang))
        else:
            failures = sms(c.failures, lang)
        availability = _t(lang, "availability_value", value=percent(a.availability), target=target)
        if m.banded and best.availability is not None:
            if best.meets_target:
                availability += _t(lang, "best_meets", value=percent(best.availability))
            else:
                availability += say(lang, "punct.semicolon") + _t(lang, "best",
                                                                         value=percent(best.availability))
        rows = [(_t(lang, "account"), self.account or _t(lang, "account_missing")),
                (_t(lang, "customer"), report.customer_name),
                (_t(lang, "month"), f"{month.start} – {month.end}"),
                (_t(lang, "valid"), sms(c.valid_sends, lang)),
                (_t(lang, "failures_counted" if m.evidence.source == "receipts" else "failures"), failures)]
        if c.excluded:
            rows.append((_t(lang, f"excluded_{policy.exclusions.excluded_sends}"), sms(c.excluded, lang)))
        rows += [(_t(lang, "availability"), availability),
                 (_t(lang, "tier"), tier_label(policy, a.tier, lang)),
                 (_t(lang, "requested"), _t(lang, "requested_value", amount=yuan(a.credit_amount, lang),
                                            sms=sms(a.credit_sms, lang),
                                            worth=yuan(m.sms_worth or Decimal(0), lang),
                                            price=f"{a.list_price.normalize():f}"))]
        certain = m.certain
        if m.banded and certain is not None and certain.credit_sms != a.credit_sms:
            rows.append((_t(lang, "certain"), _t(lang, "certain_value",
                                                 amount=yuan(certain.credit_amount, lang),
                                                 sms=sms(certain.credit_sms, lang),
                                                 tier=tier_label(policy, certain.tier, lang))))
            # the difference as the two amounts read, so that the lines add up
            adds = {"amount": yuan(fen(a.credit_amount) - fen(certain.credit_amount), lang),
                    "sms": sms(a.credit_sms - certain.credit_sms, lang), "disputed": sms(c.disputed, lang),
                    "unclassified": sms(c.unclassified, lang), "pack": self.pack_name}
            rows.append((_t(lang, "disputed_adds"), _t(
                lang, "disputed_adds_value" if m.evidence.source == "receipts" else "disputed_adds_figures",
                **adds)))
        if a.term_capped and a.term_cap is not None:
            rows.append((_t(lang, "cap"), _t(lang, "cap_term", cap=yuan(a.term_cap, lang))))
        elif a.capped:
            rows.append((_t(lang, "cap"), _t(lang, "cap_month", cap=yuan(a.cap, lang))))
        rows.append((_t(lang, "window"), _t(lang, "window_value", first=window.first_day,
                                            deadline=window.deadline)))
        colon = say(lang, "punct.colon")
        evidence = "evidence" if m.evidence.source == "receipts" else "evidence_figures"
        return "\n".join([
            _t(lang, "subject", name=report.customer_name, customer=report.customer_id,
               start=month.start, end=month.end), "",
            _t(lang, "opening", sla=sla, target=target), "",
            *(f"{k}{colon}{v}" for k, v in rows), "",
            f"{_t(lang, 'how')}{colon}{explain(a, policy, lang)}", "",
            _t(lang, evidence, pack=self.pack_name),
            _t(lang, "clauses", sla=sla, clauses=CLAUSES), ""])

    def status_text(self, lang: Lang) -> str:
        """Where the claim stands on its date, for the one who files it (never in the ticket)."""
        window = self.month.window
        assert window is not None
        state = window.status(self.on)  # a forced claim on partial data is claimed in its window too
        if state == "open":
            return _t(lang, "open", days=window.days_left(self.on))
        if state == "not yet open":
            return _t(lang, "not_yet_open", first=window.first_day,
                      provisional=_t(lang, "provisional") if window.provisional else "")
        return _t(lang, "expired", deadline=window.deadline)


def claim(report: CustomerReport, day: date) -> Claim:
    """The claim for the service month of ``report`` that holds ``day``."""
    for month in report.months:
        if month.month and month.month.start <= day <= month.month.end:
            return Claim(report, month)
    first, last = report.months[0].month, report.months[-1].month
    raise InputError("--month", day.isoformat(), says("error.not_in_term", first=first.start if first else "",
                                                      last=last.end if last else ""))

