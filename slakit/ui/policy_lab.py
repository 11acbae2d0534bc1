"""The policy lab as a widget: pick policies and a portfolio, see what each would pay, and how much
the target matters. Shared by the explorer notebook and the web app.

Every input is in ``lab.controls`` and the last computed :class:`slakit.lab.LabResult` in
``lab.result`` (``None`` while ``lab.error`` says what is wrong), so a test can change a control
and read what the callbacks recomputed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from ..errors import InputError, SlakitError
from ..format import percent
from ..lab.compare import (
    LabPortfolio,
    LabResult,
    Outcome,
    comparison_table,
    file_portfolio,
    run_lab,
    sample_portfolio,
    simulated_portfolio,
    tier_table,
)
from ..lab.simulate import IncidentModel
from ..lab.sweep import sweep
from ..money import parse_price
from ..plotting import png, use_cjk_font
from ..policy import DEFAULT_POLICY, Policy, list_policies, load_policy
from ..workdays import read_overrides

SHOWN_ERRORS = 10  # rejected rows listed one by one; the rest are counted
COLOURS = ("#2e86c1", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#5d6d7e")
LINES = ("-", "--", ":", "-.")  # so that policies paying alike stay visible on top of each other
THOUSANDS = StrMethodFormatter("{x:,.0f}")
WIDE = {"description_width": "11em"}

LAB_MODEL = IncidentModel(accounts=500)  # the Monte Carlo the lab starts from: quick to redraw
LAB_POLICIES = (DEFAULT_POLICY, "variant-net-fee-basis")  # the comparison the lab opens with

# The Monte Carlo's controls, by IncidentModel field (the seed aside): widget and settings.
MODEL_CONTROLS: dict[str, tuple[str, dict[str, Any]]] = {
    "accounts": ("IntSlider", {"min": 1, "max": 5_000, "description": "accounts"}),
    "months": ("IntSlider", {"min": 1, "max": 60, "description": "months"}),
    "incidents_per_month": ("FloatSlider", {"min": 0, "max": 5, "step": 0.05,
                                            "description": "incidents / month"}),
    "mean_duration_hours": ("FloatSlider", {"min": 0.1, "max": 72, "step": 0.1,
                                            "description": "mean duration (h)"}),
    "incident_failure_rate": ("FloatSlider", {"min": 0, "max": 1, "step": 0.05,
                                              "description": "failing in incident"}),
    "baseline_failure_rate": ("FloatSlider", {"min": 0, "max": 0.05, "step": 0.001,
                                              "readout_format": ".3f", "description": "failing otherwise"}),
    "platform_share": ("FloatSlider", {"min": 0, "max": 1, "step": 0.05,
                                       "description": "platform-wide share"}),
    "excluded_rate": ("FloatSlider", {"min": 0, "max": 0.05, "step": 0.001, "readout_format": ".3f",
                                      "description": "excluded (SLA §4)"}),
    "daily_volume": ("BoundedIntText", {"min": 0, "max": 100_000_000, "description": "SMS / account / day"}),
    "voucher_share": ("FloatSlider", {"min": 0, "max": 1, "step": 0.05, "description": "paid by vouchers"}),
    "seed": ("BoundedIntText", {"min": 0, "max": 2**32 - 1, "description": "seed"}),
}


def _start_value(name: str) -> Any:
    """A Monte Carlo control's first value: the lab model's (a slider shows a share as a float)."""
    value = getattr(LAB_MODEL, name, 0)
    return float(value) if isinstance(value, Decimal) else value


def _tenths(value: float) -> Fraction:
    """A slider's percentage (0.1 steps) as an exact ratio."""
    return Fraction(round(value * 10), 1000)


def _colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def _line(i: int) -> str:
    return LINES[i % len(LINES)]


def tier_chart(outcomes: Sequence[Outcome]) -> Figure:
    """Each policy's payout as a bar stacked by tier (SLA §3.1)."""
    use_cjk_font()
    figure = Figure(figsize=(7, 3.4), dpi=100)
    ax = figure.subplots()
    names = [o.policy.id for o in outcomes]
    for level in range(1, max(len(o.tiers) for o in outcomes) + 1):
        base = [float(sum(t.credit for t in o.tiers[: level - 1])) for o in outcomes]  # drawing only
        height = [float(o.tiers[level - 1].credit) if level <= len(o.tiers) else 0.0 for o in outcomes]
        ax.bar(names, height, bottom=base, color=_colour(level - 1), label=f"档位 tier {level}")
    for i, o in enumerate(outcomes):
        ax.text(i, float(o.credit), f"{o.credit:,.0f}", ha="center", va="bottom", fontsize=8)
    ax.set_ylabel("赔付 credit (元 yuan)")
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.set_title("各档位赔付 · payout by tier")
    ax.legend(fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    figure.tight_layout()
    return figure


def distribution_chart(outcomes: Sequence[Outcome]) -> Figure:
    """Monthly availability (with each policy's target) and the credit of compensated months."""
    use_cjk_font()
    figure = Figure(figsize=(9, 3.4), dpi=100)
    left, right = figure.subplots(1, 2)
    frame = outcomes[0].assessed
    valid = frame["valid_sends"].to_numpy(dtype=np.int64)
    sent = valid > 0
    failures = frame["explicit_failures"].to_numpy(dtype=np.int64)
    shown = 100 * (1 - failures[sent] / valid[sent])  # floats: drawing only
    low = max(80.0, float(np.floor(shown.min()))) if len(shown) else 80.0
    left.hist(np.clip(shown, low, 100), bins=np.linspace(low, 100, 41), color="#5d6d7e",
              log=len(shown) > 0)
    for i, o in enumerate(outcomes):
        left.axvline(float(o.policy.target.availability) * 100, color=_colour(i), linestyle=_line(i),
                     label=f"目标 target {percent(o.policy.target.availability)} ({o.policy.id})")
    left.set_xlabel(f"服务可用性 availability % (below {low:g} % counted at {low:g} %)")
    left.set_ylabel("账户月 account-months")
    left.set_title("月度服务可用性 · monthly availability")
    left.legend(fontsize=7)

    owed = [o.assessed.loc[o.assessed["credit_sms"] > 0, "credit_amount"] for o in outcomes]
    amounts = [np.array([float(a) for a in column]) for column in owed]  # drawing only
    every = np.concatenate(amounts)
    if len(every):
        bins = np.geomspace(every.min(), every.max() * 1.001, 30)
        for i, (o, values) in enumerate(zip(outcomes, amounts, strict=True)):
            right.hist(values, bins=bins, histtype="step", color=_colour(i), linestyle=_line(i),
                       linewidth=1.5, label=f"{o.policy.id} ({len(values):,})")
        right.set_xscale("log")
        right.legend(fontsize=7)
    else:
        right.text(0.5, 0.5, "无赔偿 · no credit owed", ha="center", transform=right.transAxes)
    right.set_xlabel("每账户月赔付 credit per account-month (元 yuan)")
    right.set_title("赔付分布 · credit of compensated months")
    figure.tight_layout()
    return figure


def sensitivity_chart(result: LabResult) -> Figure:
    """Total payout as each policy's target moves, with the policy's own target marked."""
    use_cjk_font()
    figure = Figure(figsize=(7, 3.4), dpi=100)
    ax = figure.subplots()
    for i, (o, points) in enumerate(zip(result.outcomes, result.sensitivity, strict=True)):
        ax.plot([float(p.target) * 100 for p in points], [float(p.credit) for p in points],
                marker=".", color=_colour(i), linestyle=_line(i), label=o.policy.id)  # floats: drawing
        ax.plot(float(o.policy.target.availability) * 100, float(o.credit), "o", color=_colour(i),
                markersize=9, markerfacecolor="none")
    ax.set_xlabel("可用性目标 target availability %")
    ax.set_ylabel("总赔付 total credit (元 yuan)")
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.set_title("赔付对目标的敏感性 · payout against the target (○ the policy's own)")
    ax.legend(fontsize=8)
    figure.tight_layout()
    return figure


class PolicyLab(widgets.VBox):  # type: ignore[misc]  # a widget subclass: its base is untyped
    """Policies × portfolio → comparison table, payout by tier, distributions, sensitivity."""

    def __init__(self) -> None:
        super().__init__()
        shipped = list_policies()
        self.controls: dict[str, Any] = {
            "policies": widgets.SelectMultiple(
                options=[(f"{p.name}: {p.title}", p.name) for p in shipped],
                value=LAB_POLICIES, rows=len(shipped),
                description="policies", style=WIDE, layout={"width": "44em"}),
            "policy_file": widgets.Text(placeholder="my-policy.toml (optional)",
                                        description="policy file", style=WIDE,
                                        continuous_update=False),
            "source": widgets.ToggleButtons(
                options=[("sample", "sample"), ("CSV file", "csv"), ("Monte Carlo", "simulated")],
                description="portfolio", style=WIDE),
            "csv_path": widgets.Text(placeholder="account-months.csv", description="CSV file",
                                     style=WIDE, continuous_update=False),
            "fee_per_sms": widgets.Text(value=str(LAB_MODEL.fee_per_sms), description="fee per SMS (yuan)",
                                        style=WIDE, continuous_update=False),
            "list_price": widgets.Text(value=str(LAB_MODEL.list_price), description="list price (yuan)",
                                       style=WIDE, continuous_update=False),
            **{name: getattr(widgets, kind)(value=_start_value(name), style=WIDE,
                                            continuous_update=False, **settings)
               for name, (kind, settings) in MODEL_CONTROLS.items()},
            "calendar": widgets.Text(placeholder="a WorkingDays .toml file (optional)",
                                     description="official days file", style=WIDE,
                                     continuous_update=False),
            "sweep": widgets.FloatRangeSlider(value=(90.0, 99.9), min=80.0, max=100.0, step=0.1,
                                              readout_format=".1f", description="target sweep (%)",
                                              style=WIDE, continuous_update=False),
        }
        self.outputs: dict[str, Any] = {
            "message": widgets.HTML(),
            "table": widgets.HTML(),
            "tiers": widgets.Image(format="png"),
            "distribution": widgets.Image(format="png"),
            "sensitivity": widgets.Image(format="png"),
            "claims": widgets.HTML(),
        }
        self.result: LabResult | None = None
        self.error = ""
        c, out = self.controls, self.outputs
        self.monte_carlo = widgets.VBox([c["fee_per_sms"], c["list_price"],
                                         *(c[name] for name in MODEL_CONTROLS)])
        tabs = widgets.Tab([out["table"], out["tiers"], out["distribution"], out["sensitivity"],
                            out["claims"]],
                           titles=("对比 comparison", "档位 by tier", "分布 distribution",
                                   "敏感性 sensitivity", "申请期限 claims"))
        self.children = [c["policies"], c["policy_file"], c["source"], c["csv_path"],
                         self.monte_carlo, c["sweep"], c["calendar"], out["message"], tabs]
        for control in c.values():
            control.observe(self._changed, names="value")
        self.refresh()

    def _changed(self, change: dict[str, Any]) -> None:
        self.refresh()

    def policies(self) -> list[Policy]:
        """The policies picked, then the policy file if one is named."""
        chosen = [load_policy(name) for name in self.controls["policies"].value]
        path = self.controls["policy_file"].value.strip()
        return chosen + ([load_policy(path)] if path else [])

    def portfolio(self) -> LabPortfolio:
        """The portfolio the source selector names."""
        c = self.controls
        source = c["source"].value
        if source == "csv":
            path = c["csv_path"].value.strip()
            if not path:
                raise InputError("CSV file", path, "is empty: name a CSV file of account-months (columns "
                                 "valid_sends, explicit_failures, fee, deductions, list_price)")
            return file_portfolio(path)
        if source == "simulated":
            settings = {name: c[name].value for name in MODEL_CONTROLS if name != "seed"}
            settings["voucher_share"] = Decimal(f"{settings['voucher_share']:.2f}")
            model = IncidentModel(**settings,
                                  fee_per_sms=parse_price(c["fee_per_sms"].value, "fee_per_sms"),
                                  list_price=parse_price(c["list_price"].value, "list_price"))
            return simulated_portfolio(model, c["seed"].value)
        return sample_portfolio()

    def refresh(self) -> None:
        """Recompute everything from the controls and show it (or show what is wrong)."""
        c = self.controls
        c["csv_path"].layout.display = "" if c["source"].value == "csv" else "none"
        self.monte_carlo.layout.display = "" if c["source"].value == "simulated" else "none"
        try:
            low, high = c["sweep"].value
            calendar = c["calendar"].value.strip()
            self.result = run_lab(self.portfolio(), self.policies(), sweep(_tenths(low), _tenths(high)),
                                  read_overrides(calendar) if calendar else None)
            self.error = ""
        except SlakitError as error:
            self.result, self.error = None, str(error)
        self._show()

    def _show(self) -> None:
        out, result = self.outputs, self.result
        if result is None:
            out["message"].value = f'<p style="color:#c0392b">⚠ {html.escape(self.error)}</p>'
            out["table"].value = ""
            for name in ("tiers", "distribution", "sensitivity"):
                out[name].value = b""
            out["claims"].value = ""
            return
        out["message"].value = _portfolio_html(result.portfolio)
        out["table"].value = (comparison_table(result.outcomes).to_html()
                              + tier_table(result.outcomes).to_html())
        out["tiers"].value = png(tier_chart(result.outcomes))
        out["distribution"].value = png(distribution_chart(result.outcomes))
        out["sensitivity"].value = png(sensitivity_chart(result))
        out["claims"].value = _claims_html(result.claims)


def _claims_html(claims: pd.DataFrame) -> str:
    """Each policy's claim windows (SLA §3.2), with what a ``*`` means and how to end it."""
    if claims.empty:
        return "<p>这个组合没有服务月度日期 · the portfolio has no service_month_end dates</p>"
    note = ("<p><small>* 暂定 provisional: that year's official working days are not published "
            "yet; the first day is an estimate that errs late. Name the official days file above "
            "to make it final.</small></p>") if claims.apply(
        lambda column: column.str.endswith("*")).any(axis=None) else ""
    return claims.to_html() + note


def _portfolio_html(portfolio: LabPortfolio) -> str:
    """Which portfolio, how many rows were read and assessed, and each rejected row."""
    text = (f"<p><b>{html.escape(portfolio.label)}</b>: {portfolio.rows_read:,} rows read, "
            f"{len(portfolio.frame):,} assessed, {len(portfolio.errors):,} rejected</p>")
    if portfolio.errors:
        listed = "".join(f"<li>{html.escape(str(e))}</li>" for e in portfolio.errors[:SHOWN_ERRORS])
        more = len(portfolio.errors) - SHOWN_ERRORS
        text += f'<ul style="color:#c0392b">{listed}</ul>' + (f"<p>… and {more:,} more</p>"
                                                              if more > 0 else "")
    return text


def policy_lab() -> PolicyLab:
    """The policy lab widget, computed for its default inputs (two shipped policies, the sample)."""
    return PolicyLab()
