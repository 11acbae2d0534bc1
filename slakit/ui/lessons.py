"""The course's bank: the worked examples and the exercises of its five lessons, in Chinese and
English. Every figure is computed by slakit when it is shown or checked, never written down; an
explanation names the answer as ``{answer}``, filled in as the course writes it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from ..assess import Assessment, assess, error_budget
from ..billing import reconcile_billing
from ..claims import claim_window
from ..explain import explain
from ..format import date_range, percent, sms, tier_label, yes_no, yuan
from ..i18n import Lang
from ..months import service_months
from ..policy import Policy, load_policy
from ..tables import html_table
from ..words import say
from ..workdays import WorkCalendar

Answer = bool | int | Decimal | Fraction | date | str



def _t(lang: Lang, key: str, **values: object) -> str:
    return say(lang, f"lesson.{key}", **values)


def _table(rows: list[dict[str, str]], name: str) -> str:
    return html_table(pd.DataFrame(rows), f"slakit-{name}")


def _figures(a: Assessment, policy: Policy, lang: Lang) -> str:
    """An assessment's figures in one row, then how they were reached."""
    row = {_t(lang, "availability"): percent(a.availability) if a.availability is not None else "",
           _t(lang, "tier"): tier_label(policy, a.tier, lang),
           _t(lang, "credit_amount"): yuan(a.credit_amount, lang),
           _t(lang, "capped"): yes_no(a.capped, lang),
           _t(lang, "credit_sms"): sms(a.credit_sms, lang)}
    return _table([row], "figures") + f"<p>{html.escape(explain(a, policy, lang))}</p>"


# Worked examples ------------------------------------------------------------------------------

def four_service_months(lang: Lang) -> str:
    """SLA §1.5's own example: three months from 17 March are four service months."""
    return _table([{_t(lang, "number"): str(i), _t(lang, "service_month"): date_range(m.start, m.end, lang),
                    _t(lang, "days"): str(m.days), _t(lang, "partial"): yes_no(m.partial, lang)}
                   for i, m in enumerate(service_months(date(2026, 3, 17), 3), start=1)], "months")


def exactly_95(lang: Lang) -> str:
    """5,000 failures in 100,000 valid sends is exactly 95 %, which meets the target; one more misses."""
    rows = []
    for failures in (5_000, 5_001):
        a = assess(100_000, failures, fee="4500.00", list_price="0.045")
        rows.append({_t(lang, "valid_sends"): sms(a.valid_sends, lang),
                     _t(lang, "failures"): sms(failures, lang),
                     _t(lang, "availability"): percent(a.availability or Fraction(0)),
                     _t(lang, "meets_target"): yes_no(a.meets_target, lang)})
    return _table(rows, "exactly-95")


def exactly_90(lang: Lang) -> str:
    """Exactly 90 % is still in the 10 % tier (SLA §3.1 table: 等于或高于90%)."""
    policy = load_policy()
    return _figures(assess(100_000, 10_000, fee="4500.00", list_price="0.045"), policy, lang)


def cap_bites(lang: Lang) -> str:
    """A voucher-heavy month: 30 % of 1,000.00 capped at the 200.00 actually paid (SLA §3.1(2))."""
    policy = load_policy()
    return _figures(assess(100_000, 15_000, fee="1000.00", deductions="800.00", list_price="0.05",
                           policy=policy), policy, lang)


def net_fee_reading(lang: Lang) -> str:
    """The same month under the other reading of §3.1(2): 30 % of the net-paid 200.00."""
    policy = load_policy("variant-net-fee-basis")
    return _figures(assess(100_000, 15_000, fee="1000.00", deductions="800.00", list_price="0.05",
                           policy=policy), policy, lang)


def october_calendar(lang: Lang) -> str:
    """1–13 October 2026: the National Day holiday, and Saturday 10 October worked (调休)."""
    calendar, names = WorkCalendar(), _t(lang, "weekdays").split()
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(13)]
    return _table([{_t(lang, "day"): d.isoformat(), _t(lang, "weekday"): names[d.weekday()],
                    _t(lang, "working"): yes_no(calendar.is_working_day(d), lang)} for d in days],
                  "october")


def _windows(ends: tuple[date, ...], lang: Lang) -> str:
    rows = []
    for end in ends:
        w = claim_window(end)
        rows.append({_t(lang, "service_month"): date_range(end.replace(day=1), end, lang),
                     _t(lang, "opens_after"): w.opens_after.isoformat(),
                     _t(lang, "first_day"): w.first_day.isoformat(),
                     _t(lang, "deadline"): w.deadline.isoformat(),
                     _t(lang, "provisional"): yes_no(w.provisional, lang)})
    return _table(rows, "windows")


def september_window(lang: Lang) -> str:
    """September 2026's claims open after the 5th working day of October, the 13th."""
    return _windows((date(2026, 9, 30),), lang)


def provisional_window(lang: Lang) -> str:
    """December 2026's window depends on January 2027, whose official days are not published."""
    return _windows((date(2026, 12, 31),), lang)


def high_concurrency(lang: Lang) -> str:
    """SLA §4.10: the undeclared daily volume above which failures do not count."""
    rule = load_policy().high_concurrency
    return _table([{_t(lang, "customer"): _t(lang, kind), _t(lang, "per_day"): sms(count, lang)}
                   for kind, count in (("ordinary", rule.ordinary_per_day),
                                       ("channel", rule.channel_per_day))], "concurrency")


def maintenance_excluded(lang: Lang) -> str:
    """1,000,000 sends: 20,000 to invalid numbers (§1.4), 30,000 failed in announced maintenance
    (§4.13), 40,000 other explicit failures."""
    policy = load_policy()
    return _figures(assess(1_000_000 - 20_000 - 30_000, 40_000, fee="45000.00", list_price="0.045"),
                    policy, lang)


def billing_103k(lang: Lang) -> str:
    """103,000 billed for 100,000 successfully submitted: 3 %, within the 5 % tolerance."""
    check = reconcile_billing(billed=103_000, submitted=100_000)
    return _table([{_t(lang, "billed"): sms(check.billed, lang),
                    _t(lang, "submitted"): sms(check.submitted, lang),
                    _t(lang, "discrepancy"): (_t(lang, "none_submitted") if check.discrepancy is None
                                              else percent(check.discrepancy)),
                    _t(lang, "within", tolerance=percent(check.tolerance)):
                        yes_no(check.within_tolerance, lang)}], "billing")


EXAMPLES: dict[str, Callable[[Lang], str]] = {
    "four-service-months": four_service_months,
    "exactly-95": exactly_95,
    "exactly-90": exactly_90,
    "cap-bites": cap_bites,
    "net-fee-reading": net_fee_reading,
    "october-calendar": october_calendar,
    "september-window": september_window,
    "provisional-window": provisional_window,
    "high-concurrency": high_concurrency,
    "maintenance-excluded": maintenance_excluded,
    "billing-103k": billing_103k,
}


# Exercises ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """An exercise: the question and the explanation in each language, and how slakit computes
    the answer."""

    ask: dict[Lang, str]
    answer: Callable[[], Answer]
    why: dict[Lang, str]


EXERCISES: dict[str, Question] = {
    # Lesson 1 · service months (SLA §1.5)
    "months-in-term": Question(
        {"en": "A customer buys 2 months of service from 20 January 2026. How many service months "
               "does the term have?",
         "zh": "某客户自 2026 年 1 月 20 日起购买 2 个月的服务。该服务期限包含几个服务月度？"},
        lambda: len(service_months(date(2026, 1, 20), 2)),
        {"en": "20–31 January, all of February, and 1–19 March: {answer} service months.",
         "zh": "1 月 20–31 日、整个 2 月、3 月 1–19 日：共 {answer} 个服务月度。"}),
    "last-day": Question(
        {"en": "On which date (YYYY-MM-DD) does the last of those service months end?",
         "zh": "其中最后一个服务月度在哪一天（YYYY-MM-DD）结束？"},
        lambda: service_months(date(2026, 1, 20), 2)[-1].end,
        {"en": "Two months from 20 January is 20 March, so the term ends the day before: {answer}.",
         "zh": "自 1 月 20 日起两个月到 3 月 20 日，服务期限在前一天结束：{answer}。"}),
    # Lesson 2 · availability and the target (SLA §2)
    "availability-800k": Question(
        {"en": "800,000 valid sends and 40,000 explicit failures: what is the availability (as a %)?",
         "zh": "有效发送 800,000 条，明确失败 40,000 条：服务可用性是多少（百分比）？"},
        lambda: assess(800_000, 40_000, fee="36000.00", list_price="0.045").availability or Fraction(0),
        {"en": "1 − 40,000 / 800,000 = {answer} (SLA §2.1).",
         "zh": "1 − 40,000 / 800,000 = {answer}（SLA §2.1）。"}),
    "meets-800k": Question(
        {"en": "Does that month meet the target? (yes / no)", "zh": "该月是否达标？（是 / 否）"},
        lambda: assess(800_000, 40_000, fee="36000.00", list_price="0.045").meets_target,
        {"en": "{answer}: exactly 95% is not below 95% (不低于95%, SLA §2.2), so nothing is owed.",
         "zh": "{answer}：恰好 95% 并不低于 95%（SLA §2.2），无需赔偿。"}),
    "budget-200k": Question(
        {"en": "With 200,000 valid sends, how many explicit failures can the month take and still "
               "meet the target?",
         "zh": "有效发送 200,000 条时，该月最多可以有多少条明确失败而仍然达标？"},
        lambda: error_budget(200_000, 0, load_policy())[0].max_failures,
        {"en": "5% of 200,000 = {answer} failures; one more crosses the boundary.",
         "zh": "200,000 的 5% = {answer} 条；再多一条就越过边界。"}),
    "availability-999": Question(
        {"en": "What is the availability of 1,000 valid sends with 1 explicit failure (as a %)?",
         "zh": "有效发送 1,000 条、明确失败 1 条时，服务可用性是多少（百分比）？"},
        lambda: assess(1_000, 1, fee="45.00", list_price="0.045").availability or Fraction(0),
        {"en": "1 − 1 / 1,000 = {answer}.", "zh": "1 − 1 / 1,000 = {answer}。"}),
    # Lesson 3 · compensation and the cap (SLA §3.1)
    "credit-13500": Question(
        {"en": "300,000 valid sends, 20,000 explicit failures, consumed fee 13,500.00 yuan, no "
               "vouchers. How much credit, in yuan?",
         "zh": "有效发送 300,000 条，明确失败 20,000 条，实际消耗费用 13,500.00 元，无代金券。"
               "赔偿金额是多少元？"},
        lambda: assess(300_000, 20_000, fee="13500.00", list_price="0.045").credit_amount,
        {"en": "Availability 93.33…%: the 10% tier, 10% × 13,500.00 = {answer} yuan.",
         "zh": "服务可用性 93.33…%：第 1 档，10% × 13,500.00 = {answer} 元。"}),
    "sms-at-0045": Question(
        {"en": "At a list price of 0.045 yuan per SMS, how many SMS is that credit?",
         "zh": "按刊例价每条 0.045 元计，这笔赔偿折合多少条短信？"},
        lambda: assess(300_000, 20_000, fee="13500.00", list_price="0.045").credit_sms,
        {"en": "1,350.00 ÷ 0.045 = {answer} SMS (SLA §3.1(1)).",
         "zh": "1,350.00 ÷ 0.045 = {answer} 条（SLA §3.1(1)）。"}),
    "capped-sms": Question(
        {"en": "50,000 valid sends, 6,000 explicit failures, fee 2,250.00 yuan of which 2,000.00 "
               "paid with coupons, list price 0.045. How many SMS of credit?",
         "zh": "有效发送 50,000 条，明确失败 6,000 条，费用 2,250.00 元，其中 2,000.00 元用优惠券抵扣，"
               "刊例价 0.045 元。赔偿多少条短信？"},
        lambda: assess(50_000, 6_000, fee="2250.00", deductions="2000.00", list_price="0.045").credit_sms,
        {"en": "88%: 30% × 2,250.00 = 675.00, capped at the 250.00 actually paid (SLA §3.1(2)); "
               "250.00 ÷ 0.045 = 5,555.5…, rounded down to {answer} SMS.",
         "zh": "88%：30% × 2,250.00 = 675.00，以实际支付的 250.00 元为上限（SLA §3.1(2)）；"
               "250.00 ÷ 0.045 = 5,555.5…，向下取整为 {answer} 条。"}),
    # Lesson 4 · when to claim (SLA §3.2)
    "march-deadline": Question(
        {"en": "A service month ends on 31 March 2026. What is the last day (YYYY-MM-DD) to claim?",
         "zh": "某服务月度于 2026 年 3 月 31 日结束。最晚哪一天（YYYY-MM-DD）可以提出申请？"},
        lambda: claim_window(date(2026, 3, 31)).deadline,
        {"en": "31 March + 60 days = {answer} (SLA §3.2(2)).",
         "zh": "3 月 31 日 + 60 天 = {answer}（SLA §3.2(2)）。"}),
    "march-first-day": Question(
        {"en": "And the first day (YYYY-MM-DD) on which a claim for it can be filed?",
         "zh": "最早哪一天（YYYY-MM-DD）可以为该月提出申请？"},
        lambda: claim_window(date(2026, 3, 31)).first_day,
        {"en": "In April 2026, 4–6 April are off for Qingming, so the 5th working day is 8 April; "
               "claims open the day after, {answer}.",
         "zh": "2026 年 4 月 4–6 日为清明节假期，第 5 个工作日是 4 月 8 日；次日 {answer} 起可以申请。"}),
    "can-claim-oct-13": Question(
        {"en": "On 2026-10-13, can a claim for September 2026 be filed? (yes / no)",
         "zh": "2026-10-13 当天，可以为 2026 年 9 月提出申请吗？（是 / 否）"},
        lambda: claim_window(date(2026, 9, 30)).can_claim(date(2026, 10, 13)),
        {"en": "{answer}: 13 October is the 5th working day itself; claims open after it, on the 14th.",
         "zh": "{answer}：10 月 13 日正是第 5 个工作日本身，申请在其之后（14 日）才开放。"}),
    # Lesson 5 · exclusions and billing (SLA §4, the service agreement)
    "valid-after-exclusions": Question(
        {"en": "Another month has 500,000 sends: 10,000 to invalid numbers, 25,000 failed during "
               "announced maintenance (§4.13), 20,000 other explicit failures. How many valid sends "
               "does it have?",
         "zh": "另一个月共发送 500,000 条：10,000 条发往无效号码，25,000 条在已通知的维护期间失败（§4.13），"
               "另有 20,000 条明确失败。该月的有效发送数是多少？"},
        lambda: 500_000 - 10_000 - 25_000,
        {"en": "500,000 − 10,000 to invalid numbers (§1.4) − 25,000 excluded (§4.13) = {answer}; the "
               "20,000 other failures stay among the valid sends.",
         "zh": "500,000 − 10,000 条无效号码（§1.4）− 25,000 条免责排除（§4.13）= {answer}；"
               "另外 20,000 条明确失败仍计入有效发送。"}),
    "billing-106k": Question(
        {"en": "Is a bill for 106,000 SMS against 100,000 successfully submitted within the "
               "tolerance? (yes / no)",
         "zh": "提交成功 100,000 条、计费 106,000 条，是否在容差之内？（是 / 否）"},
        lambda: reconcile_billing(106_000, 100_000).within_tolerance,
        {"en": "{answer}: 6% is more than the 5% the agreement calls normal.",
         "zh": "{answer}：6% 超过了协议认为正常的 5%。"}),
}
