"""The policy lab: what several policies would pay over one portfolio, and how the target moves it.

A portfolio is account-months parsed once (the shipped sample, a user's CSV, Parquet file or
DuckDB query, or a simulation) and assessed under each policy without parsing it again; every
figure is exact: money ``Decimal``, shares ``Fraction``.

>>> from slakit import load_policy
>>> o = outcome(sample_portfolio().book, load_policy())
>>> o.compensated_accounts, o.accounts, o.credit
(14, 22, Decimal('77368.411000'))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..claims import claim_window
from ..columns import I64, total_yuan
from ..errors import InputError
from ..format import date_range, percent, sms, tier_label, yuan
from ..i18n import Lang, locale_lang
from ..kit import SAMPLE
from ..months import parse_date
from ..policy import Policy
from ..portfolio import (
    BoolArray,
    Portfolio,
    assess_columns,
    parse_portfolio,
    read_portfolio,
    term_binds,
)
from ..portfolio import Progress as RowProgress
from ..words import says
from ..workdays import YearSchedule
from .simulate import IncidentModel, simulate
from .sweep import SWEEP, Progress, SensitivityPoint, SortedMonths, parsed, sensitivity
from .text import text

SPREAD_BINS = 40  # bins of the monthly availability's spread


@dataclass(frozen=True)
class LabPortfolio:
    """Account-months to compare policies on, parsed once, with the rows that had to be rejected;
    each policy assessed once and its months sorted once, for as long as it stays among the
    policies compared (see :func:`run_lab`)."""

    label: str
    book: Portfolio = field(repr=False)
    _kept: dict[tuple[str, Policy], object] = field(default_factory=dict, init=False, repr=False,
                                                     compare=False)

    @cached_property
    def availability_spread(self) -> tuple[float, np.ndarray, np.ndarray]:
        """Monthly availability in percent, for drawing only (floats), counted once: the lowest
        whole percent shown (80 at least; below it months are counted in the first bin), and the
        edges and counts of :data:`SPREAD_BINS` bins up to 100. Months without volume are left out."""
        cols = self.book.columns
        sent = cols.valid > 0
        shown = 100 * (1 - cols.failures[sent] / cols.valid[sent])
        low = max(80.0, float(np.floor(shown.min()))) if len(shown) else 80.0
        counts, edges = np.histogram(np.clip(shown, low, 100), bins=np.linspace(low, 100, SPREAD_BINS + 1))
        return low, edges, counts

    def outcome(self, policy: Policy) -> Outcome:
        """What ``policy`` pays over the portfolio (see :func:`outcome`)."""
        if ("outcome", policy) not in self._kept:
            self._kept["outcome", policy] = outcome(self.book, policy)
        return self._kept["outcome", policy]  # type: ignore[return-value]

    def sensitivity(self, policy: Policy, targets: Sequence[Fraction],
                    progress: Progress | None = None) -> tuple[SensitivityPoint, ...]:
        """The payout as the target of ``policy`` sweeps ``targets`` (see :func:`sensitivity`):
        the months sorted once, then read again for targets moved within the range sorted."""
        if not targets or (term_binds(policy) and self.book.columns.term is not None):
            return sensitivity(self.book, policy, targets, progress)
        months = self._kept.get(("sorted", policy))
        if not isinstance(months, SortedMonths) or months.up_to < max(targets):
            months = self._kept["sorted", policy] = SortedMonths(self.book, policy, max(targets))
        return months.points(targets, progress)

    def keep_only(self, policies: Sequence[Policy]) -> None:
        """Forget what was worked out for any other policy (memory: a sort holds the portfolio's
        months)."""
        for key in [k for k in self._kept if k[1] not in policies]:
            del self._kept[key]

    @property
    def frame(self) -> pd.DataFrame:
        """The good rows, as read."""
        return self.book.frame

    @property
    def rows_read(self) -> int:
        return self.book.rows_read

    @cached_property
    def errors(self) -> tuple[InputError, ...]:
        """Each rejected row, naming file, line (or row), field and value."""
        return tuple(self.book.errors())


def file_portfolio(path: str | Path, query: str | None = None,
                   progress: RowProgress | None = None) -> LabPortfolio:
    """A user's CSV or Parquet file of account-months, or with ``query`` a DuckDB database and the
    SELECT giving them (see :func:`slakit.read_portfolio`); bad rows are set aside."""
    book = read_portfolio(path, query, progress)
    return LabPortfolio(str(path) if query is None else f"{path}: {query}", book)


def sample_portfolio() -> LabPortfolio:
    """The shipped sample: 22 customers' monthly figures."""
    return LabPortfolio("sample", read_portfolio(SAMPLE / "account-months.csv"))


def simulated_portfolio(model: IncidentModel, seed: int = 0) -> LabPortfolio:
    """A Monte Carlo portfolio (see :mod:`slakit.lab.simulate`)."""
    return LabPortfolio(f"simulated: {model.accounts:,} accounts × {model.months} months, seed {seed}",
                        parse_portfolio(simulate(model, seed), "simulation"))


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
    book: Portfolio = field(repr=False, compare=False)
    owed: I64 = field(repr=False, compare=False)  # micro-yuan credit of each compensated month

    @property
    def share_compensated(self) -> Fraction:
        """Share of accounts owed compensation for at least one month."""
        return Fraction(self.compensated_accounts, self.accounts) if self.accounts else Fraction(0)

    @cached_property
    def assessed(self) -> pd.DataFrame:
        """The rows with their assessment (built when first asked for)."""
        return self.book.assess(self.policy)


def _accounts(book: Portfolio, rows: BoolArray | None = None) -> int:
    """How many accounts (terms: a ``customer_id``, else each row alone) have a row in ``rows``."""
    term = book.columns.term
    if term is None:
        return len(book.frame) if rows is None else int(np.count_nonzero(rows))
    seen = np.zeros(int(term.max(initial=-1)) + 1, dtype=bool)
    seen[term if rows is None else term[rows]] = True
    return int(np.count_nonzero(seen))


def outcome(portfolio: Portfolio | pd.DataFrame, policy: Policy) -> Outcome:
    """Assess ``portfolio`` (its good rows; a frame is parsed here) under ``policy`` and total it."""
    book = parsed(portfolio)
    a = assess_columns(book.columns, policy)
    owed = a.sms > 0
    tiers = tuple(TierPayout(i, int(np.count_nonzero(a.tier == i)), total_yuan(a.credit[a.tier == i]))
                  for i in range(1, len(policy.compensation.tiers) + 1))
    return Outcome(
        policy=policy,
        account_months=len(a.tier),
        accounts=_accounts(book),
        compensated_months=int(np.count_nonzero(owed)),
        compensated_accounts=_accounts(book, owed),
        capped=int(np.count_nonzero(a.capped)),
        credit=total_yuan(a.credit),
        credit_sms=int(a.sms.sum()),
        tiers=tiers,
        book=book,
        owed=a.credit[owed],
    )


def comparison_table(outcomes: Sequence[Outcome], lang: Lang | None = None) -> pd.DataFrame:
    """The outcomes side by side, one row per policy, as text for display in ``lang``."""
    lang = lang or locale_lang()
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


def tier_table(outcomes: Sequence[Outcome], lang: Lang | None = None) -> pd.DataFrame:
    """The payout of each tier of each policy (the policy named once), as text for display."""
    lang = lang or locale_lang()
    return pd.DataFrame([{
        text(lang, "policy"): o.policy.id if i == 0 else "",
        text(lang, "tier"): tier_label(o.policy, t.tier, lang),
        text(lang, "account_months"): sms(t.account_months, lang),
        text(lang, "credit_yuan"): yuan(t.credit, lang),
    } for o in outcomes for i, t in enumerate(o.tiers)])


def claim_table(frame: pd.DataFrame, policies: Sequence[Policy],
                overrides: Mapping[int, YearSchedule] | None = None,
                lang: Lang | None = None) -> pd.DataFrame:
    """Each policy's claim window (SLA §3.2) for every service month the portfolio ends, as text in
    ``lang``:
    first day – deadline, ``*`` where the first day is a provisional estimate. Empty when the
    portfolio has no ``service_month_end``; a value that is not a date is shown as such.

    >>> from slakit import load_policy
    >>> claim_table(pd.DataFrame({"service_month_end": ["2026-09-30"]}),
    ...             [load_policy(), load_policy("variant-claim-on-fifth-day")], lang="en").iloc[0].tolist()
    ['2026-10-14 – 2026-11-29', '2026-10-13 – 2026-11-29']
    """
    lang = lang or locale_lang()
    if "service_month_end" not in frame:
        return pd.DataFrame()
    rows = {}
    for value in sorted({str(v) for v in frame["service_month_end"].dropna().unique()}):
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
            overrides: Mapping[int, YearSchedule] | None = None,
            progress: Progress | None = None) -> LabResult:
    """Compare ``policies`` over ``portfolio``, sweep each one's target over ``targets`` and give
    their claim windows (with ``overrides``, official days of years not yet published).

    ``progress`` is told the steps done and their number (each policy's outcome, then its
    sweep); it may raise to stop the work. The portfolio keeps each policy's outcome and sorted
    months while the policy stays compared, so a moved sweep or calendar assesses nothing again.
    """
    if not policies:
        raise InputError("policies", [], says("error.no_policies"))

    steps = 2 * len(policies)
    outcomes, sweeps = [], []
    portfolio.keep_only(policies)
    for policy in policies:
        outcomes.append(portfolio.outcome(policy))
        if progress:
            progress(2 * len(outcomes) - 1, steps)
        sweeps.append(portfolio.sensitivity(policy, targets))
        if progress:
            progress(2 * len(sweeps), steps)
    return LabResult(portfolio, tuple(outcomes), tuple(sweeps),
                     claim_table(portfolio.frame, policies, overrides))
