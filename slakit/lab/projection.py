"""Where a service month in progress is heading, from its daily counts so far.

Pure functions over daily counts (valid sends and failures per day, China time), shared by the
``slakit outlook`` command, the reports and the explorer:

- the month so far: valid sends, failures, availability (SLA §2.1);
- the failures left before each boundary (SLA §2.2, §3.1) at the month's expected volume, the
  volume so far carried on with its weekday shape;
- the burn rate over the last day and the last 7 days, as SLO tools state it: the failure rate
  over the window divided by the rate the target allows (1 − 95 %), so 1 spends the budget
  exactly by the month's end and 10 ten times faster;
- the projected end-of-month availability with a 90 % interval, the probability of each tier and
  the expected credit.

The projection is a simulation of the days left. Failure rates vary from day to day far more
than chance alone would make them (a bad route, a carrier's busy hour), so a day's log failure
rate is the month's level plus Student-t noise whose spread is learnt from the recent days (a
normal-inverse-χ² posterior: with few days the spread is uncertain and the interval wide). The
month's level is learnt from its own days, shrunk towards the weeks before by how far a month
may move (:data:`LEVEL_SHIFT`). Incidents — days far above the usual spread — are told apart and
come back at the rate seen (Jeffreys prior, so a month without one still allows one) and as bad
as those seen (when none was, up to half a day's sends). Each day left draws its rate, then its
failures as a binomial of its volume; volume follows the weekday means of the recent days with
their day-to-day spread. ``tests/lab/test_projection.py`` checks on simulated months with known
outcomes that the 90 % interval covers the true end-of-month availability in 85–95 % of months.

>>> from datetime import date
>>> from slakit.months import ServiceMonth
>>> days = [Day(date(2026, 4, d), 10_000, 150 + 10 * (d % 3)) for d in range(1, 11)]
>>> p = project(days, ServiceMonth(date(2026, 4, 1), date(2026, 4, 30)), date(2026, 4, 10))
>>> p.valid_sends, p.failures, p.burn_day      # 10 days so far; day 10 failed 1.6 %, ≈ a third of 5 %
(100000, 1600, Fraction(8, 25))
>>> p.low < p.median < p.high, p.tier_probability[0] > Fraction(9, 10)   # an incident may still come
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from ..assess import Budget, assess, error_budget, max_failures
from ..errors import InputError
from ..format import date_range, percent, show, sms, tier_label, truncate, yuan
from ..i18n import Lang, locale_lang
from ..money import MICRO_YUAN, parse_amount, round_fraction, term_so_far
from ..months import ServiceMonth
from ..policy import Policy, load_policy
from ..words import says
from .outlook import availability_quantile
from .simulate import check_seed
from .text import text

LOOKBACK_DAYS = 28  # recent days that teach the weekday shape and the spread of failure rates
LEVEL = Fraction(9, 10)  # the interval's coverage
DRAWS = 4000
MAX_DRAWS = 1_000_000
MIN_DAYS = 2  # days with sends needed to learn a spread of failure rates
LEVEL_SHIFT = 0.3  # how far a month's log failure rate may sit from the weeks before (sd)
INCIDENT_SDS = 3  # a day this many robust spreads above the usual log rate had an incident
INCIDENT_SHARE = 0.5  # the worst share of a day's sends an unseen incident may fail
TAIL_DF = 4  # day-to-day noise is Student-t: a bad day is likelier than a normal curve says


@dataclass(frozen=True)
class Day:
    """One day's counts (China time): valid sends (SLA §1.3) and failures as the headline counts
    them (explicit failures, disputed and unclassified sends)."""

    day: date
    valid: int
    failures: int


@dataclass(frozen=True)
class Projection:
    """A service month in progress on ``on`` (the last day counted), and where it is heading."""

    policy: Policy
    month: ServiceMonth
    on: date
    valid_sends: int  # so far
    failures: int  # so far
    expected_valid: int  # the whole month at the expected volume
    budgets: tuple[Budget, ...]  # failures left before each boundary at the expected volume
    burn_day: Fraction | None  # failure rate on ``on`` ÷ the rate the target allows
    burn_week: Fraction | None  # the same over the 7 days to ``on``
    low: Fraction  # the 90 % interval of the end-of-month availability
    median: Fraction
    high: Fraction
    tier_probability: dict[int, Fraction]  # 0: target met; i: tier i (SLA §3.1)
    draws: int
    expected_credit: Decimal | None = None  # yuan, when the month's fee is given
    expected_sms: int | None = None
    credit_by_tier: dict[int, tuple[Decimal, int]] = field(default_factory=dict)  # yuan, SMS
    lower_bound: bool = False  # the term cap of the month alone cut the credit (SLA §5.1)

    @property
    def availability(self) -> Fraction | None:
        """The month so far (SLA §2.1); None before any valid send."""
        return None if not self.valid_sends else 1 - Fraction(self.failures, self.valid_sends)

    @property
    def days_left(self) -> int:
        return (self.month.end - self.on).days

    def table(self, lang: Lang | None = None, pending: int = 0) -> pd.DataFrame:
        """The month so far and where it is heading, as text for display: one row per figure
        (the command prints it, the report and the explorer show it), headed by the month and
        the last day counted. ``pending``: sends still awaiting their receipt.

        >>> from slakit.months import ServiceMonth
        >>> days = [Day(date(2026, 4, d), 1_000, 100) for d in range(1, 11)]
        >>> t = project(days, ServiceMonth(date(2026, 4, 1), date(2026, 4, 30)), date(2026, 4, 10),
        ...             draws=200).table("zh")
        >>> t.iloc[0].tolist()
        ['本月至今', '有效发送 10,000 条，失败 1,000 条，服务可用性 90%']
        >>> t.iloc[4].tolist()
        ['消耗速度，最近 1 天', '可承受速度的 2.00 倍']
        """
        lang = lang or locale_lang()
        def t(key: str, **values: object) -> str:
            return text(lang, key, **values)

        def burn(value: Fraction | None) -> str:
            return t("no_sends") if value is None else t("burn_value", times=format(truncate(value, 2), "f"))

        so_far = t("n/a") if self.availability is None else percent(self.availability)
        rows = [(t("so_far"), t("so_far_value", valid=sms(self.valid_sends, lang),
                                failures=sms(self.failures, lang), availability=so_far)),
                (t("expected_volume"), t("expected_volume_value", valid=sms(self.expected_valid, lang))),
                *[(t("left_before", threshold=percent(b.threshold)),
                   t("left_value", left=sms(b.remaining, lang), limit=sms(b.max_failures, lang))
                   + (t("crossed") if b.crossed else "")) for b in self.budgets],
                (t("burn_day"), burn(self.burn_day)),
                (t("burn_week"), burn(self.burn_week)),
                (t("projected", level=percent(LEVEL)),
                 t("projected_value", median=percent(self.median), low=percent(self.low),
                   high=percent(self.high))),
                *[(t("chance", tier=tier_label(self.policy, i, lang)), percent(q))
                  for i, q in self.tier_probability.items()]]
        if self.expected_credit is not None:
            rows.append((t("expected_credit"), t("expected_credit_value",
                                                 amount=yuan(self.expected_credit, lang),
                                                 sms=sms(self.expected_sms or 0, lang))))
        if pending:
            rows.append((t("pending"), t("pending_value", sends=sms(pending, lang))))
        heads = [t("month_head", month=date_range(self.month.start, self.month.end, lang)),
                 t("counted_head", on=self.on.isoformat(), days=self.days_left)]
        return pd.DataFrame(rows, columns=heads)

    def note(self, lang: Lang | None = None) -> str:
        """What the burn rate means and how the projection was made, in a sentence; and when the
        expected credit was cut by the term cap of the month alone (SLA §5.1), that it is a lower
        bound for a longer term."""
        lang = lang or locale_lang()
        note = text(lang, "burn_note", draws=sms(self.draws, lang))
        return note + (text(lang, "lower_bound") if self.lower_bound else "")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ratios as exact fractions ("n/d") beside a percentage, money as text."""
        def ratio(value: Fraction | None) -> dict[str, str] | None:
            return None if value is None else {"exact": str(value), "percent": percent(value)}

        return {
            "policy": self.policy.id, "start": self.month.start.isoformat(),
            "end": self.month.end.isoformat(), "on": self.on.isoformat(), "days_left": self.days_left,
            "valid_sends": self.valid_sends, "failures": self.failures,
            "availability": ratio(self.availability), "expected_valid_sends": self.expected_valid,
            "failures_left": [{"threshold": str(b.threshold), "max_failures": b.max_failures,
                               "remaining": b.remaining, "crossed": b.crossed} for b in self.budgets],
            "burn_rate_day": None if self.burn_day is None else str(self.burn_day),
            "burn_rate_week": None if self.burn_week is None else str(self.burn_week),
            "projected": {"low": ratio(self.low), "median": ratio(self.median),
                          "high": ratio(self.high), "level": str(LEVEL), "draws": self.draws},
            "tier_probability": {tier_label(self.policy, i, "en"): str(p)
                                 for i, p in self.tier_probability.items()},
            "expected_credit": None if self.expected_credit is None else show(self.expected_credit),
            "expected_sms": self.expected_sms,
            "expected_credit_lower_bound": self.lower_bound,
        }


def burn_rate(days: Sequence[Day], policy: Policy) -> Fraction | None:
    """The failure rate over ``days`` divided by the rate the target allows (SLA §2.2): 1 spends
    the month's error budget exactly; None without valid sends.

    >>> burn_rate([Day(date(2026, 4, 1), 1000, 100)], load_policy())   # 10 % against 5 %
    Fraction(2, 1)
    """
    valid = sum(d.valid for d in days)
    if not valid:
        return None
    return Fraction(sum(d.failures for d in days), valid) / (1 - policy.target.availability)


def check_request(month: ServiceMonth, on: date, policy: Policy, fee: Decimal | str | None,
                  list_price: Decimal | str | None, deductions: Decimal | str = "0",
                  paid: Decimal | str | None = None, paid_before: Decimal | str | None = None,
                  credited_before: Decimal | str = "0") -> None:
    """What a projection is asked, checked before any counting: ``on`` inside the month and
    before its last day, the money (when given) as :func:`~slakit.assess` takes it, the term's
    earlier months (``paid_before``, ``credited_before``) only with the month's fee."""
    if not month.start <= on < month.end:
        raise InputError("on", on.isoformat(), says("error.on_in_month", month=str(month)))
    if (fee is None) != (list_price is None):
        raise InputError("list_price" if fee is not None else "fee", None, says("error.fee_and_price"))
    earlier = parse_amount(credited_before, "credited_before")
    if fee is None and (paid_before is not None or earlier):
        raise InputError("paid_before" if paid_before is not None else "credited_before",
                         str(paid_before if paid_before is not None else credited_before),
                         says("error.before_needs_fee"))
    term_so_far(paid_before or "0", credited_before)
    if fee is not None:
        assess(0, 0, fee=fee, list_price=list_price or "0", deductions=deductions, policy=policy,
               paid=paid, paid_before=paid_before, credited_before=credited_before)


def even_days(month: ServiceMonth, days: int, valid: int, failures: int) -> list[Day]:
    """The month so far when only its totals are known: ``valid`` sends and ``failures`` over its
    first ``days`` days, spread as evenly as whole sends allow. Alike days show no day-to-day
    spread, so a projection from them is narrower than one from the real days would be.

    >>> from slakit.months import ServiceMonth
    >>> [(d.day.day, d.valid, d.failures) for d in even_days(
    ...     ServiceMonth(date(2026, 4, 1), date(2026, 4, 30)), 3, 1_000, 50)]
    [(1, 334, 17), (2, 333, 17), (3, 333, 16)]
    """
    if not 1 <= days < month.days:
        raise InputError("days_so_far", days, says("error.days_so_far", high=month.days - 1, month=str(month),
                                                   days=month.days))
    if valid < 0:
        raise InputError("valid_so_far", valid, says("error.negative"))
    if not 0 <= failures <= valid:
        raise InputError("failures_so_far", failures, says("error.failures_between", valid=valid))
    return [Day(month.start + timedelta(i), valid // days + (i < valid % days),
                failures // days + (i < failures % days)) for i in range(days)]


def _checked(days: Sequence[Day]) -> dict[date, Day]:
    by_day: dict[date, Day] = {}
    for d in days:
        if d.failures > d.valid or d.valid < 0 or d.failures < 0:
            raise InputError("failures", d.failures, says("error.day_failures_between", day=d.day,
                                                                       valid=d.valid))
        if d.day in by_day:
            raise InputError("day", d.day.isoformat(), says("error.twice"))
        by_day[d.day] = d
    return by_day


def _weekday_means(recent: list[Day]) -> np.ndarray:
    """Mean valid sends by weekday over the recent days; a weekday not seen takes the overall mean."""
    overall = float(np.mean([d.valid for d in recent]))
    return np.array([np.mean([float(d.valid) for d in recent if d.day.weekday() == w] or [overall])
                     for w in range(7)])


def check_draws(draws: object, seed: object) -> None:
    """Simulated months from 1 to :data:`MAX_DRAWS` (a second or so each hundred thousand), and
    a seed ≥ 0."""
    check_seed(seed)
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise InputError("draws", draws, says("error.whole_from_1", high=f"{MAX_DRAWS:,}"))


def project(days: Sequence[Day], month: ServiceMonth, on: date, policy: Policy | None = None, *,
            fee: Decimal | str | None = None, list_price: Decimal | str | None = None,
            deductions: Decimal | str = "0", paid: Decimal | str | None = None,
            paid_before: Decimal | str | None = None, credited_before: Decimal | str = "0",
            draws: int = DRAWS, seed: int = 0) -> Projection:
    """Project ``month`` from its counts to ``on`` (inclusive) and up to :data:`LOOKBACK_DAYS`
    before, which teach the weekday shape and the spread of failure rates. A day missing from
    ``days`` had no sends. With the month's expected ``fee`` and ``list_price`` (and its
    ``deductions`` or fee actually ``paid``), the expected credit too: the month alone is a term
    of its own (SLA §5.1, a lower bound for a longer term) unless ``paid_before`` gives the fees
    paid in the term's earlier months, and ``credited_before`` the compensation they earned.
    """
    policy = policy or load_policy()
    check_request(month, on, policy, fee, list_price, deductions, paid, paid_before, credited_before)
    check_draws(draws, seed)
    by_day = _checked(days)
    lookback = max(month.start - timedelta(days=LOOKBACK_DAYS), min(by_day, default=on))
    recent = [by_day.get(lookback + timedelta(n), Day(lookback + timedelta(n), 0, 0))
              for n in range((on - lookback).days + 1)][-LOOKBACK_DAYS:]
    so_far = [by_day[d] for d in by_day if month.start <= d <= on]
    valid, failures = sum(d.valid for d in so_far), sum(d.failures for d in so_far)
    sent = [d for d in recent if d.valid]
    if len(sent) < MIN_DAYS:
        raise InputError("days", len(sent), says("error.few_days", on=on, lookback=LOOKBACK_DAYS,
                                                       least=MIN_DAYS))

    rng = np.random.default_rng(seed)
    ahead = [on + timedelta(n) for n in range(1, (month.end - on).days + 1)]

    # volume: the weekday means of the recent days, with their day-to-day spread
    means = _weekday_means(recent)
    shape = means[[d.weekday() for d in ahead]]
    spread = np.log([d.valid / means[d.day.weekday()] for d in sent])
    volume_sd = float(np.std(spread, ddof=1)) if len(sent) > 1 else 0.0
    noise = rng.normal(-volume_sd**2 / 2, volume_sd, (draws, len(ahead)))
    volume = np.rint(shape * np.exp(noise)).astype(np.int64)

    # failure rates: a day's log rate is the month's level plus day-to-day noise. The spread is
    # learnt from the recent days (normal-inverse-χ² posterior); the month's level from its own
    # days, shrunk towards the weeks before by how far a month may move (LEVEL_SHIFT).
    logs = np.log([(d.failures + 0.5) / (d.valid + 1) for d in sent])
    centre = float(np.median(logs))
    scale = max(1.4826 * float(np.median(np.abs(logs - centre))), 0.05)
    struck = logs > centre + INCIDENT_SDS * scale  # incident days, told apart from the usual spread
    shares = np.array([d.failures / d.valid for d in sent])[struck] - np.exp(centre)
    if (~struck).sum() >= MIN_DAYS:
        sent, logs = [d for d, s in zip(sent, struck, strict=True) if not s], logs[~struck]
    mine = np.array([d.day >= month.start for d in sent])
    n, var = len(logs), float(np.var(logs, ddof=1))
    sigma2 = (n - 1) * var / rng.chisquare(n - 1, draws)
    before, during = logs[~mine], logs[mine]
    prior_mean = float(before.mean()) if len(before) else float(during.mean())
    prior_var = LEVEL_SHIFT**2 + sigma2 / max(len(before), 1)
    level_var: np.ndarray = sigma2 / n + (LEVEL_SHIFT**2 if len(before) else 0.0)
    mean: np.ndarray | float = prior_mean
    if len(during) and len(before):
        weight = prior_var / (prior_var + sigma2 / len(during))
        mean = prior_mean + weight * (float(during.mean()) - prior_mean)
        level_var = weight * sigma2 / len(during)
    mu = rng.normal(mean, np.sqrt(level_var))
    noise = rng.standard_t(TAIL_DF, (draws, len(ahead))) * np.sqrt((TAIL_DF - 2) / TAIL_DF)
    rates = np.exp(np.minimum(mu[:, None] + np.sqrt(sigma2)[:, None] * noise, 0))  # a rate is ≤ 1
    # incidents: how often from the days seen (Jeffreys prior), how bad as those seen, or when
    # none was, anywhere up to INCIDENT_SHARE of a day's sends
    chance = rng.beta(0.5 + struck.sum(), 0.5 + len(struck) - struck.sum(), draws)
    hit = rng.random((draws, len(ahead))) < chance[:, None]
    size = (rng.choice(np.clip(shares, 0, 1), (draws, len(ahead))) if len(shares)
            else rng.uniform(0, INCIDENT_SHARE, (draws, len(ahead))))
    rates = np.where(hit, rates + (1 - rates) * size, rates)
    future = rng.binomial(volume, rates)

    total_valid = valid + volume.sum(axis=1)
    total_failures = failures + future.sum(axis=1)
    expected_valid = valid + round(float(shape.sum()))
    good = total_valid - total_failures
    level = (1 - LEVEL) / 2
    tiers = _tiers(total_valid, total_failures, policy)
    counts = np.bincount(tiers, minlength=len(policy.compensation.tiers) + 1)
    probability = {i: Fraction(int(c), draws) for i, c in enumerate(counts)}
    by_tier: dict[int, tuple[Decimal, int]] = {}
    expected_credit = expected_sms = None
    lower_bound = False
    if fee is not None and list_price is not None:
        for i in np.flatnonzero(counts[1:]) + 1:
            k = int(np.flatnonzero(tiers == i)[0])  # a draw in that tier: the credit is the tier's
            a = assess(int(total_valid[k]), int(total_failures[k]), fee=fee, list_price=list_price,
                       deductions=deductions, policy=policy, paid=paid, paid_before=paid_before,
                       credited_before=credited_before)
            by_tier[int(i)] = (a.credit_amount, a.credit_sms)
            lower_bound |= a.term_capped and a.alone  # SLA §5.1: a longer term may leave more
        expected_credit = sum((amount * Decimal(int(counts[i])) for i, (amount, _) in by_tier.items()),
                              Decimal(0)) / draws
        # a mean of draws, stated to the micro-yuan as every bulk amount is; people read it by fen()
        expected_credit = expected_credit.quantize(MICRO_YUAN, ROUND_HALF_UP)
        mean_sms = sum((Fraction(s * int(counts[i]), draws) for i, (_, s) in by_tier.items()), Fraction(0))
        expected_sms = round_fraction(mean_sms, "half_up")
    return Projection(
        policy=policy, month=month, on=on, valid_sends=valid, failures=failures,
        expected_valid=expected_valid,
        budgets=error_budget(expected_valid, failures, policy),
        burn_day=burn_rate(recent[-1:], policy), burn_week=burn_rate(recent[-7:], policy),
        low=availability_quantile(good, total_valid, level),
        median=availability_quantile(good, total_valid, Fraction(1, 2)),
        high=availability_quantile(good, total_valid, 1 - level),
        tier_probability=probability, draws=draws,
        expected_credit=expected_credit, expected_sms=expected_sms, credit_by_tier=by_tier,
        lower_bound=lower_bound)


def _tiers(valid: np.ndarray, failures: np.ndarray, policy: Policy) -> np.ndarray:
    """Each draw's tier, exactly (integers only): 0 when the target is met (SLA §2.2), else the
    lowest tier whose boundary it is below (SLA §3.1)."""
    boundary = policy.target.boundary
    tiers = np.zeros(len(valid), dtype=np.int64)
    for i, tier in enumerate(policy.compensation.tiers, start=1):
        tiers[failures > max_failures(valid, tier.below, boundary)] = i
    tiers[failures <= max_failures(valid, policy.target.availability, boundary)] = 0
    return tiers
