"""The distribution of a policy's outcome over account-months, simulated or real: quantiles of
availability and credit, the probability of each tier, the monthly payout.

>>> from slakit.lab.simulate import IncidentModel, simulate
>>> o = outlook(simulate(IncidentModel(accounts=50, months=12), seed=1), load_policy())
>>> sum(o.tier_probability.values())     # target met or not, every account-month is counted once
Fraction(1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from ..columns import I64, micro_yuan, total_yuan
from ..errors import InputError
from ..format import percent, show, sms, tier_label, yuan
from ..i18n import Lang, locale_lang
from ..money import PRICE_PLACES
from ..policy import Policy, load_policy
from ..portfolio import assess_frame
from ..words import says
from .text import text

LEVELS = (Fraction(1, 1000), Fraction(1, 100), Fraction(1, 20), Fraction(1, 2), Fraction(19, 20),
          Fraction(99, 100), Fraction(999, 1000))
TAILS = LEVELS[:4]  # how rare: 1 month in 1,000, in 100, in 20, and the median month


def rank(level: Fraction, size: int) -> int:
    """The 0-based position of the ``level`` quantile among ``size`` sorted values (inverse CDF).

    >>> rank(Fraction(1, 2), 4), rank(Fraction(1, 2), 5), rank(Fraction(1, 100), 5)
    (1, 2, 0)
    """
    return max(-(-level.numerator * size // level.denominator), 1) - 1


def availability_quantile(good: I64, valid: I64, level: Fraction) -> Fraction:
    """The ``level`` quantile of ``good / valid`` (all ``valid`` > 0), exactly.

    Float division is correctly rounded, hence monotone: floats may tie distinct ratios but never
    invert them, so only the ratios tied with the float quantile need exact sorting.

    >>> availability_quantile(np.array([9, 1, 3]), np.array([10, 3, 3]), Fraction(1, 2))
    Fraction(9, 10)
    """
    k = rank(level, len(valid))
    ratio = good / valid
    value = np.partition(ratio, k)[k]
    tied = ratio == value
    k -= int((ratio < value).sum())
    common = np.gcd(good[tied], valid[tied])
    pairs, counts = np.unique(np.stack([good[tied] // common, valid[tied] // common], axis=1),
                              axis=0, return_counts=True)
    ordered = sorted(zip((Fraction(int(n), int(d)) for n, d in pairs), counts.tolist(), strict=True))
    return ordered[int(np.searchsorted(np.cumsum([c for _, c in ordered]), k, side="right"))][0]


@dataclass(frozen=True)
class Outlook:
    """The distribution of a policy's outcome over simulated (or real) account-months."""

    policy: Policy
    account_months: int
    availability: dict[Fraction, Fraction]  # quantile level → availability, months with sends
    tier_probability: dict[int, Fraction]  # 0: no credit tier (target met); i: tier i (SLA §3.1)
    total_credit: Decimal
    credit: dict[Fraction, Decimal]  # quantile level → credit of an account-month, yuan
    monthly_payout: dict[Fraction, Decimal]  # quantile level → all accounts' credit in a month

    @property
    def expected_credit(self) -> Decimal:
        """Mean credit per account-month, in yuan, to the micro-yuan (half even)."""
        return (self.total_credit / self.account_months).quantize(Decimal("0.000001"))

    def table(self, lang: Lang | None = None) -> pd.DataFrame:
        """The tails of the distribution, as text for display: one row per measure, one column
        per frequency. Each row is a distribution of its own (the month with the lowest
        availability need not be the month with the highest credit), so a row reads across one
        measure, and a column says how bad one month in N gets on each.

        >>> from slakit.lab.simulate import IncidentModel, simulate
        >>> o = outlook(simulate(IncidentModel(accounts=1, months=1_000), seed=1), load_policy())
        >>> list(o.table("en").columns)
        ['How often', '1 month in 1,000', '1 month in 100', '1 month in 20', 'median month']
        """
        lang = lang or locale_lang()
        def t(key: str, **values: object) -> str:
            return text(lang, key, **values)

        heads = [t("one_in", n=sms(level.denominator, lang)) for level in TAILS[:-1]] + [t("median")]
        rows = [[t("availability_low"), *(percent(self.availability[q]) if self.availability else ""
                                          for q in TAILS)],
                [t("credit_high"), *(yuan(self.credit[1 - q], lang) for q in TAILS)]]
        if self.monthly_payout and self.monthly_payout != self.credit:  # more than one account
            rows.append([t("payout_high"), *(yuan(self.monthly_payout[1 - q], lang) for q in TAILS)])
        return pd.DataFrame(rows, columns=[t("how_often"), *heads])

    def tiers(self, lang: Lang | None = None) -> pd.DataFrame:
        """The share of account-months in each tier, as text for display."""
        lang = lang or locale_lang()
        return pd.DataFrame([{text(lang, "tier"): tier_label(self.policy, i, lang),
                              text(lang, "probability"): percent(p)}
                             for i, p in self.tier_probability.items()])

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: exact ratios as fractions ("n/d"), money as decimal strings."""
        return {
            "policy": self.policy.id,
            "account_months": self.account_months,
            "availability": {str(q): str(a) for q, a in self.availability.items()},
            "tier_probability": {tier_label(self.policy, i, "en"): str(p)
                                 for i, p in self.tier_probability.items()},
            "total_credit": show(self.total_credit),
            "expected_credit": show(self.expected_credit),
            "credit": {str(q): show(c) for q, c in self.credit.items()},
            "monthly_payout": {str(q): show(c) for q, c in self.monthly_payout.items()},
        }


def _money_quantiles(micro: I64) -> dict[Fraction, Decimal]:
    ordered = np.sort(micro)
    return {q: Decimal(int(ordered[rank(q, len(ordered))])).scaleb(-PRICE_PLACES) for q in LEVELS}


def outlook(frame: pd.DataFrame, policy: Policy | None = None) -> Outlook:
    """Assess ``frame`` under ``policy`` and describe the spread of availability and credit.

    The monthly payout sums all accounts of each ``month`` (when the frame has that column).
    """
    if frame.empty:
        raise InputError("account-months", 0, says("error.none_to_describe"))

    policy = policy or load_policy()
    out = assess_frame(frame, policy)
    valid = out["valid_sends"].to_numpy(dtype=np.int64)
    good = valid - out["explicit_failures"].to_numpy(dtype=np.int64)
    sent = valid > 0
    tiers = out["tier"].fillna(0).to_numpy(dtype=np.int64)
    counts = np.bincount(tiers, minlength=len(policy.compensation.tiers) + 1)
    credit = micro_yuan(out["credit_amount"])
    monthly = (pd.Series(credit).groupby(out["month"].to_numpy()).sum().to_numpy(dtype=np.int64)
               if "month" in out else None)
    return Outlook(
        policy=policy,
        account_months=len(out),
        availability={q: availability_quantile(good[sent], valid[sent], q) for q in LEVELS}
        if sent.any() else {},
        tier_probability={i: Fraction(int(c), len(out)) for i, c in enumerate(counts)},
        total_credit=total_yuan(credit),
        credit=_money_quantiles(credit),
        monthly_payout={} if monthly is None else _money_quantiles(monthly),
    )

