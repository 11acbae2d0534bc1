"""An assessment explained clause by clause, in Chinese or English.

Every figure cites the clause it comes from, in the reader's language: the availability SLA §2.1,
the target SLA §2.2, the excluded sends SLA §4, the tier the SLA §3.1 table, the consumed fee
SLA §1.6, the cap SLA §3.1(2), the conversion to SMS SLA §3.1(1) and the term cap SLA §5.1 (the
policy's own labels, so a variant says which reading it takes).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from .format import percent, sms, yuan
from .i18n import phrase
from .policy import Policy

if TYPE_CHECKING:
    from .assess import Assessment

AVAILABILITY_CLAUSE = "SLA §2.1"

PHRASES: dict[str, dict[str, str]] = {
    "no_volume": {
        "en": "No valid sends this service month: there is no availability figure, the target "
              "counts as met and no credit is owed ({clause}, default reading).",
        "zh": "本服务月度无有效发送：不计算服务可用性，视为达标，无需赔偿（{clause}，默认解读）。",
    },
    "availability": {
        "en": "Availability = 1 − {failures} / {valid} = {value} ({clause}).",
        "zh": "服务可用性 = 1 − {failures} / {valid} = {value}（{clause}）。",
    },
    "excluded_removed": {
        "en": "The {excluded} excluded sends are left out of both the failures and the valid sends "
              "({clause}).",
        "zh": "{excluded} 条免责短信既不计入明确失败数，也不计入发送短信有效数（{clause}）。",
    },
    "excluded_delivered": {
        "en": "The {excluded} excluded sends stay among the valid sends as delivered ({clause}).",
        "zh": "{excluded} 条免责短信计入发送短信有效数，视为发送成功（{clause}）。",
    },
    "meets": {
        "en": "It meets the target of {sign} {target} ({clause}): no credit is owed.",
        "zh": "达到 {sign} {target} 的标准（{clause}），无需赔偿。",
    },
    "misses": {
        "en": "It misses the target of {sign} {target} ({clause}).",
        "zh": "未达到 {sign} {target} 的标准（{clause}）。",
    },
    "no_tier": {
        "en": "No compensation tier applies at this figure: no credit is owed.",
        "zh": "该可用性不在任何赔偿档位内，无需赔偿。",
    },
    "tier": {
        "en": "Tier {tier}: {range} → {rate} of the {basis_name} ({clause}; {basis_clause}): "
              "{rate} × {basis} = {amount}.",
        "zh": "第 {tier} 档：{range} → {basis_name}的 {rate}（{clause}；{basis_clause}）："
              "{rate} × {basis} = {amount}。",
    },
    "range_at_least": {"en": "below {high} and at least {low}", "zh": "低于 {high} 但不低于 {low}"},
    "range_at_least_last": {"en": "below {high}", "zh": "低于 {high}"},
    "range_above": {"en": "at most {high} and above {low}", "zh": "不高于 {high} 但高于 {low}"},
    "range_above_last": {"en": "at most {high}", "zh": "不高于 {high}"},
    "capped": {
        "en": "Capped at the {cap_name}, {cap} ({clause}).",
        "zh": "以{cap_name} {cap} 为上限（{clause}）。",
    },
    "below_cap": {
        "en": "Below the cap, the {cap_name} of {cap} ({clause}).",
        "zh": "未超过上限，即{cap_name} {cap}（{clause}）。",
    },
    "term_capped": {
        "en": "Cut to {allowance}: the term's compensation never exceeds the fees paid for it, "
              "and that is what the fees paid so far leave after the earlier months' credits "
              "({clause}).",
        "zh": "削减至 {allowance}：服务期限内的赔偿总额不超过已支付的服务费总额，"
              "此为至今已付费用扣除此前各月赔偿后的余额（{clause}）。",
    },
    "term_alone": {
        "en": "Cut to {allowance}: a term's compensation never exceeds the fees paid for it "
              "({clause}), and this month, assessed alone, is a term of its own; a longer term "
              "whose earlier months paid more may pay more.",
        "zh": "削减至 {allowance}：服务期限内的赔偿总额不超过已支付的服务费总额（{clause}），"
              "本月单独核算，视为一个独立的服务期限；若服务期限内此前各月已付费用更多，赔偿可能更高。",
    },
    "paid": {
        "en": "Paid as {sms} SMS: {amount} ÷ list price {price} per SMS, rounded {rounding} "
              "({clause}).",
        "zh": "折合 {sms} 条短信：{amount} ÷ 刊例价 {price} 元/条，{rounding}（{clause}）。",
    },
    "basis_consumed": {"en": "consumed fee", "zh": "实际消耗的服务费用"},
    "basis_net_paid": {"en": "fee paid net of vouchers, coupons and reductions",
                       "zh": "扣除代金券、优惠券、服务费减免后实际支付的费用"},
    "basis_paid_given": {"en": "fee paid for the month (as given)", "zh": "本月实际支付的费用（按所给金额）"},
    "rounding_down": {"en": "down", "zh": "向下取整"},
    "rounding_half_up": {"en": "half up", "zh": "四舍五入"},
    "rounding_up": {"en": "up", "zh": "向上取整"},
}


def explain(a: Assessment, policy: Policy, lang: str = "en") -> str:
    """A short account of how ``a`` was reached, citing each clause applied, in ``lang``.

    >>> from slakit import assess, load_policy
    >>> explain(assess(0, 0, fee="0", list_price="0.045"), load_policy(), "zh")[:10]
    '本服务月度无有效发送'
    """
    target, comp, excl = policy.target, policy.compensation, policy.exclusions

    def t(key: str, **values: object) -> str:
        return phrase(PHRASES, lang, key, **values)

    def basis_name(basis: str) -> str:
        return t("basis_paid_given" if basis == "net_paid" and a.paid_given else f"basis_{basis}")

    join = "".join if lang == "zh" else " ".join
    if a.availability is None:
        return t("no_volume", clause=target.clause.text(lang))
    sign = "≥" if target.boundary == "at_least" else ">"
    counted = excl.counted_sends(a.valid_sends, a.excluded)
    lines = [t("availability", failures=sms(a.explicit_failures), valid=sms(counted),
               value=percent(a.availability), clause=AVAILABILITY_CLAUSE)]
    if a.excluded:
        lines.append(t(f"excluded_{excl.excluded_sends}", excluded=sms(a.excluded),
                       clause=excl.clause.text(lang)))
    goal = {"sign": sign, "target": percent(target.availability), "clause": target.clause.text(lang)}
    if a.meets_target:
        return join([*lines, t("meets", **goal)])
    lines.append(t("misses", **goal))
    if a.tier is None:
        return join([*lines, t("no_tier")])
    tier = comp.tiers[a.tier - 1]
    rate = percent(Fraction(tier.credit_rate))
    basis = a.fee if comp.fee_basis == "consumed" else a.net_paid
    lines.append(t("tier", tier=a.tier, range=_range(policy, a.tier, lang), rate=rate,
                   basis_name=basis_name(comp.fee_basis), clause=tier.clause.text(lang),
                   basis_clause=comp.fee_clause.text(lang), basis=yuan(basis),
                   amount=yuan(a.uncapped_amount)))
    cap = {"cap_name": basis_name(comp.cap_basis), "cap": yuan(a.cap),
           "clause": comp.cap_clause.text(lang)}
    lines.append(t("capped" if a.capped else "below_cap", **cap))
    if a.term_capped and a.term_cap is not None:
        lines.append(t("term_alone" if a.alone else "term_capped", allowance=yuan(a.term_cap),
                       clause=policy.liability.clause.text(lang)))
    lines.append(t("paid", sms=sms(a.credit_sms), amount=yuan(a.credit_amount),
                   price=a.list_price, rounding=t(f"rounding_{comp.sms_rounding}"),
                   clause=comp.sms_clause.text(lang)))
    return join(lines)


def _range(policy: Policy, tier: int, lang: str) -> str:
    """Where a tier lies: below its threshold and, unless it is the last, at least the next one."""
    tiers, boundary = policy.compensation.tiers, policy.target.boundary
    high = percent(tiers[tier - 1].below)
    if tier == len(tiers):
        return phrase(PHRASES, lang, f"range_{boundary}_last", high=high)
    return phrase(PHRASES, lang, f"range_{boundary}", high=high, low=percent(tiers[tier].below))
