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
from .i18n import locale_lang
from .policy import Policy
from .words import say

if TYPE_CHECKING:
    from .assess import Assessment

AVAILABILITY_CLAUSE = "SLA §2.1"



def explain(a: Assessment, policy: Policy, lang: str | None = None) -> str:
    """A short account of how ``a`` was reached, citing each clause applied, in ``lang``.

    >>> from slakit import assess, load_policy
    >>> explain(assess(0, 0, fee="0", list_price="0.045"), load_policy(), "zh")[:10]
    '本服务月度无有效发送'
    """
    lang = lang or locale_lang()
    target, comp, excl = policy.target, policy.compensation, policy.exclusions

    def t(key: str, **values: object) -> str:
        return say(lang, f"explain.{key}", **values)

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
        return say(lang, f"explain.range_{boundary}_last", high=high)
    return say(lang, f"explain.range_{boundary}", high=high, low=percent(tiers[tier].below))
