"""The policy lab's charts, in Chinese or English: each policy's payout stacked by tier, the
distributions of monthly availability and of the credit, and the payout as the target moves.

Money and counts stay exact in the figures' labels; the drawing alone uses floating point.
Legends sit outside the plotting area, so they never hide a bar.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter, StrMethodFormatter

from ..format import percent, sms, yuan
from ..i18n import Lang
from ..lab.compare import LabResult, Outcome
from ..money import PRICE_PLACES
from ..plotting import use_cjk_font
from .text import text

COLOURS = ("#2e86c1", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#5d6d7e")
LINES = ("-", "--", ":", "-.")  # so that policies paying alike stay visible on top of each other
THOUSANDS = StrMethodFormatter("{x:,.0f}")
LOG_STEPS = LogLocator(base=10, subs=(1.0, 2.0, 5.0))  # 100, 200, 500, 1,000, 2,000, …
CREDIT_BINS = 20  # bins of the credit's spread (log-spaced)


def _colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def _line(i: int) -> str:
    return LINES[i % len(LINES)]


def _figure(width: float, height: float) -> Figure:
    use_cjk_font()
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _counts(ax: object) -> None:
    """Whole numbers on a count axis (no 0.5 account-months)."""
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # type: ignore[attr-defined]
    ax.yaxis.set_major_formatter(THOUSANDS)  # type: ignore[attr-defined]


def tier_chart(outcomes: Sequence[Outcome], lang: Lang) -> Figure:
    """Each policy's payout as a bar stacked by tier (SLA §3.1), its total written on top."""
    figure = _figure(7.5, 3.6)
    ax = figure.subplots()
    names = [o.policy.id.replace("@", "\n@") for o in outcomes]
    for level in range(1, max(len(o.tiers) for o in outcomes) + 1):
        base = [float(sum(t.credit for t in o.tiers[: level - 1])) for o in outcomes]
        height = [float(o.tiers[level - 1].credit) if level <= len(o.tiers) else 0.0 for o in outcomes]
        ax.bar(names, height, bottom=base, color=_colour(level - 1), width=0.6,
               label=text(lang, "tier_n", tier=level))
    for i, o in enumerate(outcomes):
        ax.annotate(yuan(o.credit, lang), (i, float(o.credit)), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8)
    ax.margins(y=0.12)
    ax.set_ylabel(text(lang, "credit_axis"))
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.set_title(text(lang, "payout_by_tier"), fontsize=11)
    ax.tick_params(axis="x", labelsize=8)
    figure.legend(loc="outside right upper", fontsize=8, frameon=False)
    return figure


def distribution_chart(result: LabResult, lang: Lang) -> Figure:
    """Monthly availability (with each policy's target) and the credit of compensated months."""
    outcomes = result.outcomes
    figure = _figure(10, 4.4)
    left, right = figure.subplots(1, 2)
    low, edges, counts = result.portfolio.availability_spread  # counted once per portfolio
    left.hist(edges[:-1], bins=edges, weights=counts, color="#5d6d7e")  # the counts as bars
    if counts.max(initial=0) > 100:  # a few bad months beside thousands of good ones
        left.set_yscale("log")
        few_decades = counts.max() < 100 * counts[counts > 0].min()
        left.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if few_decades else (1.0,)))
        left.yaxis.set_major_formatter(THOUSANDS)
        left.yaxis.set_minor_formatter(NullFormatter())  # not 4 × 10³ beside 1,000
    else:
        _counts(left)
    for i, o in enumerate(outcomes):
        left.axvline(float(o.policy.target.availability) * 100, color=_colour(i), linestyle=_line(i),
                     label=text(lang, "target_of", target=percent(o.policy.target.availability),
                                policy=o.policy.id))
    left.set_xlabel(text(lang, "availability_clipped", low=f"{low:g}"))
    left.set_ylabel(text(lang, "account_months_axis"))
    left.set_title(text(lang, "monthly_availability"), fontsize=11)
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=7, frameon=False)

    amounts = [o.owed / 10**PRICE_PLACES for o in outcomes]  # yuan as floats: drawing only
    every = np.concatenate(amounts)
    if len(every):
        bins = np.geomspace(every.min(), every.max() * 1.001, CREDIT_BINS)
        for i, (o, values) in enumerate(zip(outcomes, amounts, strict=True)):
            right.hist(values, bins=bins, histtype="step", color=_colour(i), linestyle=_line(i),
                       linewidth=1.5, label=text(lang, "policy_months", policy=o.policy.id,
                                                 months=sms(len(values), lang)))
        right.set_xscale("log")
        right.xaxis.set_major_locator(LOG_STEPS)
        right.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
        right.xaxis.set_minor_formatter(NullFormatter())
        right.tick_params(axis="x", labelsize=7, labelrotation=45)  # 10,000 and 20,000 apart
        right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=7, frameon=False)
    else:
        right.text(0.5, 0.5, text(lang, "no_credit"), ha="center", transform=right.transAxes)
    _counts(right)
    right.set_xlabel(text(lang, "credit_per_month_axis"))
    right.set_ylabel(text(lang, "account_months_axis"))
    right.set_title(text(lang, "credit_distribution"), fontsize=11)
    return figure


def sensitivity_chart(result: LabResult, lang: Lang) -> Figure:
    """Total payout as each policy's target moves, with the policy's own target marked."""
    figure = _figure(7.5, 3.8)
    ax = figure.subplots()
    for i, (o, points) in enumerate(zip(result.outcomes, result.sensitivity, strict=True)):
        ax.plot([float(p.target) * 100 for p in points], [float(p.credit) for p in points],
                marker=".", color=_colour(i), linestyle=_line(i), label=o.policy.id)
        ax.plot(float(o.policy.target.availability) * 100, float(o.credit), "o", color=_colour(i),
                markersize=9, markerfacecolor="none")
    ax.set_xlabel(text(lang, "target_axis"))
    ax.set_ylabel(text(lang, "total_credit_axis"))
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.set_title(text(lang, "sensitivity_title"), fontsize=11)
    figure.legend(loc="outside lower center", ncols=min(len(result.outcomes), 3), fontsize=8,
                  frameon=False)
    return figure
