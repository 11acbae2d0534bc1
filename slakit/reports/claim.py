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
from ..format import percent, sms, status_text, tier_label, yuan
from ..i18n import Lang, phrase
from ..statement import Statement
from ..words import says
from .model import CustomerReport, pack_name

CLAUSES = "§1.2–§1.4, §2.1–§2.2, §3.1, §3.2"

TICKET: dict[str, dict[str, str]] = {
    "subject": {
        "en": "SLA compensation claim — {name} ({customer}), service month {start} to {end}",
        "zh": "短信服务 SLA 赔偿申请 — {name}（{customer}），服务月度 {start} 至 {end}",
    },
    "opening": {
        "en": "Under the Tencent Cloud SMS SLA ({policy}), the service month below missed the "
              "availability target of {target}. We claim the compensation it is owed through this "
              "ticket (SLA §3.2(1)).",
        "zh": "根据《腾讯云短信服务等级协议》（{policy}），我方以下服务月度的服务可用性未达到 {target}，"
              "现通过工单申请赔偿（SLA §3.2(1)）。",
    },
    "account": {"en": "Account", "zh": "账号"},
    "month": {"en": "Service month (SLA §1.5)", "zh": "服务月度（SLA §1.5）"},
    "valid": {"en": "Valid sends (SLA §1.3, §1.4)", "zh": "发送短信有效数（SLA §1.3、§1.4）"},
    "failures": {"en": "Explicit failures (SLA §1.2)", "zh": "明确失败数（SLA §1.2）"},
    "failures_counted": {"en": "Failures counted (SLA §1.2)", "zh": "计为失败（SLA §1.2）"},
    "failures_receipts": {
        "en": "{total} (explicit {explicit}, with the {disputed} disputed and {unclassified} "
              "unclassified sends counted as failures)",
        "zh": "{total}（其中明确失败 {explicit} 条，另将存疑 {disputed} 条、"
              "未归类 {unclassified} 条计为失败）",
    },
    "excluded_removed": {"en": "Excluded sends (SLA §4), left out", "zh": "免责短信（SLA §4），不计入"},
    "excluded_delivered": {"en": "Excluded sends (SLA §4), counted as delivered",
                           "zh": "免责短信（SLA §4），计为发送成功"},
    "availability": {"en": "Availability (SLA §2.1, §2.2)", "zh": "服务可用性（SLA §2.1、§2.2）"},
    "availability_value": {"en": "{value}, below the target of {target}",
                           "zh": "{value}，低于 {target} 的标准"},
    "best": {"en": "{value} at best, counting only the explicit failures (a send that may have been "
                   "delivered as delivered, one certainly undelivered left out)",
             "zh": "最佳情形下（仅计明确失败：可能已送达的计为成功，确定未送达的不计入）为 {value}"},
    "best_meets": {"en": "; at best {value}, which meets the target: the disputed sends decide",
                   "zh": "；最佳情形下为 {value}，达到标准：存疑短信决定是否赔偿"},
    "tier": {"en": "Compensation tier (SLA §3.1)", "zh": "赔偿档位（SLA §3.1）"},
    "requested": {"en": "Compensation requested (SLA §3.1(1))", "zh": "申请赔偿（SLA §3.1(1)）"},
    "requested_value": {
        "en": "{amount} yuan, paid as {sms} SMS (worth {worth} yuan at the list price of {price} yuan "
              "per SMS)",
        "zh": "赔偿金额 {amount} 元，折合 {sms} 条短信（按刊例价 {price} 元/条计，价值 {worth} 元）",
    },
    "certain": {"en": "Established by the explicit failures alone", "zh": "仅凭明确失败即可确定"},
    "certain_value": {"en": "{amount} yuan, {sms} SMS ({tier})",
                      "zh": "赔偿金额 {amount} 元，{sms} 条短信（{tier}）"},
    "cap": {"en": "Cap applied", "zh": "赔偿上限"},
    "cap_month": {"en": "{cap} yuan, the fee paid for the month net of vouchers, coupons and "
                        "reductions (SLA §3.1(2))",
                  "zh": "{cap} 元，即该月扣除代金券、优惠券、服务费减免后的实付费用（SLA §3.1(2)）"},
    "cap_term": {"en": "{cap} yuan left under the cap over the term (SLA §5.1)",
                 "zh": "服务期限内剩余可赔偿额度 {cap} 元（SLA §5.1）"},
    "window": {"en": "Claim window (SLA §3.2)", "zh": "申请期限（SLA §3.2）"},
    "window_value": {"en": "{first} to {deadline}; on {on}: {status}",
                     "zh": "{first} 至 {deadline}；{on}：{status}"},
    "open": {"en": "open, {days} days left", "zh": "可申请，剩余 {days} 天"},
    "not_yet_open": {"en": "not yet open: file this ticket from {first}{provisional}",
                     "zh": "尚未开放：请于 {first} 起提交本工单{provisional}"},
    "provisional": {"en": " (an estimate that errs late; the official working days are not "
                          "published yet)",
                    "zh": "（偏晚估计，官方工作日尚未公布）"},
    "expired": {"en": "expired on {deadline}: the claim is forfeited (SLA §3.2(2))",
                "zh": "已于 {deadline} 过期，赔偿申请权已失效（SLA §3.2(2)）"},
    "how": {"en": "How the figures were reached", "zh": "计算过程"},
    "evidence": {
        "en": "Attached: {pack}, with the daily counts by class, every failed, disputed and "
              "excluded send (serial number, time in China time, code, class, clause), the code map "
              "and policy used, and the SHA-256 of every file and input. Should your records differ "
              "(SLA §3.2(1)), please name the serial numbers so that we can check them.",
        "zh": "附件 {pack}：每日分类统计，每条失败、存疑及免责短信（流水号、中国时间、状态码、分类、条款），"
              "所用状态码映射表与协议版本，以及各文件与输入的 SHA-256。如贵方记录与此不符（SLA §3.2(1)），"
              "请列明流水号以便核对。",
    },
    "evidence_figures": {
        "en": "Attached: {pack}, with the month's figures, the policy used and the SHA-256 of every "
              "file and input. Per-send evidence can be provided from our send logs and delivery receipts.",
        "zh": "附件 {pack}：该月数据、所用协议版本以及各文件与输入的 SHA-256。"
              "逐条证据可依据我方发送日志与回执提供。",
    },
    "clauses": {"en": "Clauses: SLA {clauses} (2020-09-23).",
                "zh": "依据条款：2020-09-23 版 SLA {clauses}。"},
}



def _t(lang: Lang, key: str, **values: object) -> str:
    return phrase(TICKET, lang, key, **values)


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
    def pack_name(self) -> str:
        return pack_name(self.month)

    def refusal(self, force: bool = False) -> str | None:
        """Why no pack is made for this month, or None: a month not owed never gets one; an
        expired claim, or one on partial data, only with ``force``."""
        m = self.month
        said = status_text(m, "en")
        if m.status in ("upcoming", "in_progress"):
            window = m.window
            return (f"service month {m.month} is {said} on {self.on}: its figures are not final; claim from "
                    f"{window.first_day if window else '?'} (slakit outlook projects it)")
        if m.status in ("no_data", "met", "not_owed"):
            return f"service month {m.month}: {said}"
        if m.status in ("partial", "forfeited") and not force:
            return f"service month {m.month}: {said}; --force makes the pack anyway"
        return None

    def ticket(self, lang: Lang) -> str:
        """The ticket text, ready to paste."""
        report, m = self.report, self.month
        a, c, v, best, window, policy = m.credit, m.counts, m.headline, m.best, m.window, report.policy
        assert a is not None and c is not None and v is not None and best is not None and window
        assert a.availability is not None and m.month is not None  # an owed month has them all
        target = percent(policy.target.availability)
        month = m.month
        account = report.account or report.customer_id
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
                availability += ("；" if lang == "zh" else "; ") + _t(lang, "best",
                                                                         value=percent(best.availability))
        rows = [(_t(lang, "account"), f"{account} — {report.customer_name}"),
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
        if a.term_capped and a.term_cap is not None:
            rows.append((_t(lang, "cap"), _t(lang, "cap_term", cap=yuan(a.term_cap, lang))))
        elif a.capped:
            rows.append((_t(lang, "cap"), _t(lang, "cap_month", cap=yuan(a.cap, lang))))
        rows.append((_t(lang, "window"), _t(lang, "window_value", first=window.first_day,
                                            deadline=window.deadline, on=self.on,
                                            status=self._status_text(lang))))
        colon = "：" if lang == "zh" else ": "
        evidence = "evidence" if m.evidence.source == "receipts" else "evidence_figures"
        return "\n".join([
            _t(lang, "subject", name=report.customer_name, customer=report.customer_id,
               start=month.start, end=month.end), "",
            _t(lang, "opening", policy=policy.id, target=target), "",
            *(f"{k}{colon}{v}" for k, v in rows), "",
            f"{_t(lang, 'how')}{colon}{explain(a, policy, lang)}", "",
            _t(lang, evidence, pack=self.pack_name),
            _t(lang, "clauses", clauses=CLAUSES), ""])

    def _status_text(self, lang: Lang) -> str:
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

