"""The policy lab: what several policies would pay over one portfolio, and how the target moves it.

A portfolio is a frame of account-months (the shipped sample, a user's CSV or a simulation); every
figure is exact: money ``Decimal``, shares ``Fraction``.

>>> from slakit import load_policy
>>> o = outcome(sample_portfolio().frame, load_policy())
>>> o.compensated_accounts, o.accounts, o.credit
(14, 22, Decimal('77368.411000'))
>>> [percent(t.below) for t in with_target(load_policy(), Fraction(92, 100)).compensation.tiers]
['92%', '90%']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from ..claims import claim_window
from ..columns import micro_yuan, total_yuan
from ..errors import InputError
from ..format import date_range, percent, sms, tier_label, yuan
from ..i18n import Lang
from ..kit import SAMPLE
from ..months import parse_date
from ..policy import Policy, Tier
from ..portfolio import assess_frame, read_portfolio
from ..workdays import YearSchedule
from .simulate import IncidentModel, simulate
from .text import text


@dataclass(frozen=True)
class LabPortfolio:
    """Account-months to compare policies on, with the rows a CSV had to reject."""

    label: str
    frame: pd.DataFrame  # the good rows
    rows_read: int
    errors: tuple[InputError, ...] = ()  # each naming file, line, field and value


def csv_portfolio(path: str | Path) -> LabPortfolio:
    """A user's CSV of account-months (see :func:`slakit.read_portfolio`); bad rows are set aside."""
    book = read_portfolio(path)
    return LabPortfolio(str(path), book.frame, book.rows_read, tuple(book.errors()))


def sample_portfolio() -> LabPortfolio:
    """The shipped sample: 22 customers' monthly figures."""
    book = csv_portfolio(SAMPLE / "account-months.csv")
    return replace(book, label="sample")


def simulated_portfolio(model: IncidentModel, seed: int = 0) -> LabPortfolio:
    """A Monte Carlo portfolio (see :mod:`slakit.lab.simulate`)."""
    frame = simulate(model, seed)
    return LabPortfolio(f"simulated: {model.accounts:,} accounts × {model.months} months, seed {seed}",
                        frame, len(frame))


@dataclass(frozen=True)
class TierPayout:
    tier: int  # 1-based, as in the policy (SLA §3.1)
    account_months: int
    credit: Decimal


@dataclass(frozen=True)
class Outcome:
    """What one policy pays over a portfolio."""

    policy: Policy
    account_months: int
    accounts: int
    compensated_months: int  # owed at least one SMS (SLA §3.1(1): credit is paid in SMS)
    compensated_accounts: int
    capped: int  # account-months whose credit hit the cap (SLA §3.1(2))
    credit: Decimal  # yuan
    credit_sms: int
    tiers: tuple[TierPayout, ...]
    assessed: pd.DataFrame = field(repr=False, compare=False)  # the rows with their assessment

    @property
    def share_compensated(self) -> Fraction:
        """Share of accounts owed compensation for at least one month."""
        return Fraction(self.compensated_accounts, self.accounts) if self.accounts else Fraction(0)


def _accounts(frame: pd.DataFrame) -> pd.Series:
    """Which account each row belongs to: ``customer_id`` when there is one, else each row alone."""
    return frame["customer_id"] if "customer_id" in frame else pd.Series(frame.index, index=frame.index)


def outcome(frame: pd.DataFrame, policy: Policy) -> Outcome:
    """Assess ``frame`` under ``policy`` and total the result."""
    out = assess_frame(frame, policy)
    owed = out["credit_sms"] > 0
    accounts = _accounts(out)
    credit = micro_yuan(out["credit_amount"])
    tier = out["tier"].fillna(0).to_numpy(dtype=np.int64)
    tiers = tuple(TierPayout(i, int(np.count_nonzero(tier == i)), total_yuan(credit[tier == i]))
                  for i in range(1, len(policy.compensation.tiers) + 1))
    return Outcome(
        policy=policy,
        account_months=len(out),
        accounts=accounts.nunique(),
        compensated_months=int(owed.sum()),
        compensated_accounts=accounts[owed].nunique(),
        capped=int(out["capped"].sum()),
        credit=total_yuan(credit),
        credit_sms=int(out["credit_sms"].sum()),
        tiers=tiers,
        assessed=out,
    )


def comparison_table(outcomes: Sequence[Outcome], lang: Lang = "en") -> pd.DataFrame:
    """The outcomes side by side, one row per policy, as text for display in ``lang``."""
    def t(key: str, **values: object) -> str:
        return text(lang, key, **values)

    return pd.DataFrame([{
        t("policy"): o.policy.id,
        t("target"): percent(o.policy.target.availability),
        t("account_months"): sms(o.account_months, lang),
        t("compensated_months"): sms(o.compensated_months, lang),
        t("accounts_compensated"): t("share", some=sms(o.compensated_accounts, lang),
                                     all=sms(o.accounts, lang), share=percent(o.share_compensated)),
        t("capped"): sms(o.capped, lang),
        t("credit_yuan"): yuan(o.credit, lang),
        t("credit_sms"): sms(o.credit_sms, lang),
    } for o in outcomes])


def tier_table(outcomes: Sequence[Outcome], lang: Lang = "en") -> pd.DataFrame:
    """The payout of each tier of each policy (the policy named once), as text for display."""
    return pd.DataFrame([{
        text(lang, "policy"): o.policy.id if i == 0 else "",
        text(lang, "tier"): tier_label(o.policy, t.tier, lang),
        text(lang, "account_months"): sms(t.account_months, lang),
        text(lang, "credit_yuan"): yuan(t.credit, lang),
    } for o in outcomes for i, t in enumerate(o.tiers)])


def with_target(policy: Policy, target: Fraction) -> Policy:
    """``policy`` with its target (SLA §2.2) moved to ``target``, its tiers kept consistent.

    A tier that started at the old target starts at the new one; tiers that the new target
    reaches or passes merge into one starting at it, at the harshest of their rates. Every
    account-month below the new target is thus paid what the original tiers pay at its
    availability (the mildest rate at least), so a higher target never pays less.

    >>> from slakit import load_policy
    >>> sla = load_policy()
    >>> lower = with_target(sla, Fraction(89, 100))
    >>> [(percent(t.below), str(t.credit_rate)) for t in lower.compensation.tiers]
    [('89%', '0.30')]
    >>> with_target(sla, Fraction(19, 20)) == sla
    True
    """
    if not 0 < target <= 1:
        raise InputError("target", str(target), "must lie above 0 and at most 1")
    old = policy.target.availability
    if target == old:
        return policy
    tiers = policy.compensation.tiers
    bounds = [target if i == 0 and t.below == old else t.below for i, t in enumerate(tiers)]
    merged = [t for t, b in zip(tiers, bounds, strict=True) if b >= target]
    kept = [t for t, b in zip(tiers, bounds, strict=True) if b < target]
    note = (f"; target moved to {percent(target)}", f"；标准改为 {percent(target)}")
    head = [Tier(target, merged[-1].credit_rate, merged[-1].clause.amended(*note))] if merged else []
    return replace(
        policy,
        version=f"{policy.version}, target {percent(target)}",
        target=replace(policy.target, availability=target, clause=policy.target.clause.amended(*note)),
        compensation=replace(policy.compensation, tiers=(*head, *kept)),
    )


def sweep(low: Fraction, high: Fraction, step: Fraction = Fraction(1, 200)) -> tuple[Fraction, ...]:
    """Targets from ``low`` by ``step``, ending exactly at ``high``.

    >>> [percent(t) for t in sweep(Fraction(98, 100), Fraction(999, 1000))]
    ['98%', '98.5%', '99%', '99.5%', '99.9%']
    """
    count = int((high - low) / step)
    return tuple(dict.fromkeys([*(low + i * step for i in range(count + 1)), high]))


@dataclass(frozen=True)
class SensitivityPoint:
    target: Fraction
    credit: Decimal  # yuan, the whole portfolio
    compensated_months: int


SWEEP = sweep(Fraction(90, 100), Fraction(999, 1000))  # 90 % to 99.5 % by half points, and 99.9 %


def sensitivity(frame: pd.DataFrame, policy: Policy,
                targets: Sequence[Fraction] = SWEEP) -> tuple[SensitivityPoint, ...]:
    """Total credit over ``frame`` as the target of ``policy`` sweeps ``targets``."""
    points = []
    for target in targets:
        out = assess_frame(frame, with_target(policy, target))
        points.append(SensitivityPoint(target, total_yuan(micro_yuan(out["credit_amount"])),
                                       int(np.count_nonzero(out["credit_sms"] > 0))))
    return tuple(points)


def claim_table(frame: pd.DataFrame, policies: Sequence[Policy],
                overrides: Mapping[int, YearSchedule] | None = None, lang: Lang = "en") -> pd.DataFrame:
    """Each policy's claim window (SLA §3.2) for every service month the portfolio ends, as text in
    ``lang``:
    first day – deadline, ``*`` where the first day is a provisional estimate. Empty when the
    portfolio has no ``service_month_end``; a value that is not a date is shown as such.

    >>> from slakit import load_policy
    >>> claim_table(pd.DataFrame({"service_month_end": ["2026-09-30"]}),
    ...             [load_policy(), load_policy("variant-claim-on-fifth-day")]).iloc[0].tolist()
    ['2026-10-14 – 2026-11-29', '2026-10-13 – 2026-11-29']
    """
    if "service_month_end" not in frame:
        return pd.DataFrame()
    rows = {}
    for value in sorted(frame["service_month_end"].dropna().astype(str).unique()):
        try:
            end = parse_date(value, "service_month_end")
        except InputError:
            rows[value] = {p.id: text(lang, "not_a_date") for p in policies}
            continue
        windows = {p.id: claim_window(end, p, overrides) for p in policies}
        rows[value] = {name: date_range(w.first_day, w.deadline, lang) + (" *" if w.provisional else "")
                       for name, w in windows.items()}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(text(lang, "month_ends"))


@dataclass(frozen=True)
class LabResult:
    """Everything the policy lab shows: the portfolio, each policy's outcome, sweep and claim
    windows."""

    portfolio: LabPortfolio
    outcomes: tuple[Outcome, ...]
    sensitivity: tuple[tuple[SensitivityPoint, ...], ...]  # one sweep per policy, same order
    claims: pd.DataFrame = field(repr=False, compare=False)  # see claim_table


def run_lab(portfolio: LabPortfolio, policies: Sequence[Policy],
            targets: Sequence[Fraction] = SWEEP,
            overrides: Mapping[int, YearSchedule] | None = None) -> LabResult:
    """Compare ``policies`` over ``portfolio``, sweep each one's target over ``targets`` and give
    their claim windows (with ``overrides``, official days of years not yet published)."""
    if not policies:
        raise InputError("policies", [], "pick at least one policy to compare")
    return LabResult(portfolio, tuple(outcome(portfolio.frame, p) for p in policies),
                     tuple(sensitivity(portfolio.frame, p, targets) for p in policies),
                     claim_table(portfolio.frame, policies, overrides))
