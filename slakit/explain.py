"""An assessment explained clause by clause, in Chinese or English."""

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
        "en": "Tier {tier}: below {below} → {rate} of the {basis_name} ({clause}): "
              "{rate} × {basis} = {amount}.",
        "zh": "第 {tier} 档：低于 {below} → {basis_name}的 {rate}（{clause}）：{rate} × {basis} = {amount}。",
    },
    "capped": {
        "en": "Capped at the {cap_name}, {cap} ({clause}).",
        "zh": "以{cap_name} {cap} 为上限（{clause}）。",
    },
    "below_cap": {
        "en": "Below the cap, the {cap_name} of {cap} ({clause}).",
        "zh": "未超过上限，即{cap_name} {cap}（{clause}）。",
    },
    "paid": {
        "en": "Paid as {sms} SMS: {amount} ÷ list price {price} per SMS, rounded {rounding} "
              "({clause}).",
        "zh": "折合 {sms} 条短信：{amount} ÷ 刊例价 {price} 元/条，{rounding}（{clause}）。",
    },
    "basis_consumed": {"en": "consumed fee", "zh": "实际消耗的服务费用"},
    "basis_net_paid": {"en": "fee paid net of vouchers, coupons and reductions",
                       "zh": "扣除代金券、优惠券、服务费减免后实际支付的费用"},
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
    target, comp = policy.target, policy.compensation

    def t(key: str, **values: object) -> str:
        return phrase(PHRASES, lang, key, **values)

    join = "".join if lang == "zh" else " ".join
    if a.availability is None:
        return t("no_volume", clause=target.clause)
    sign = "≥" if target.boundary == "at_least" else ">"
    lines = [t("availability", failures=sms(a.explicit_failures), valid=sms(a.valid_sends),
               value=percent(a.availability), clause=AVAILABILITY_CLAUSE)]
    goal = {"sign": sign, "target": percent(target.availability), "clause": target.clause}
    if a.meets_target:
        return join([*lines, t("meets", **goal)])
    lines.append(t("misses", **goal))
    if a.tier is None:
        return join([*lines, t("no_tier")])
    tier = comp.tiers[a.tier - 1]
    rate = percent(Fraction(tier.credit_rate))
    basis = a.fee if comp.fee_basis == "consumed" else a.net_paid
    lines.append(t("tier", tier=a.tier, below=percent(tier.below), rate=rate,
                   basis_name=t(f"basis_{comp.fee_basis}"), clause=tier.clause, basis=yuan(basis),
                   amount=yuan(a.uncapped_amount)))
    cap = {"cap_name": t(f"basis_{comp.cap_basis}"), "cap": yuan(a.cap), "clause": comp.clause}
    lines.append(t("capped" if a.capped else "below_cap", **cap))
    lines.append(t("paid", sms=sms(a.credit_sms), amount=yuan(a.credit_amount),
                   price=a.list_price, rounding=t(f"rounding_{comp.sms_rounding}"),
                   clause=comp.clause))
    return join(lines)
