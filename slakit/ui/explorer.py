"""The what-if explorer: ipywidgets over :func:`slakit.assess`, shared by the notebook and the
web app (``slakit app``). Every change recomputes the assessment and redraws in well under 100 ms.

Each output element carries a CSS class (``slakit-availability``, ``slakit-credit-sms``, …) so
that a browser test can read it, and each control one (``slakit-valid-sends``, …) to find it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import ipywidgets as widgets

from ..assess import Assessment, assess
from ..claims import ClaimWindow, claim_window
from ..errors import InputError, SlakitError
from ..format import percent, yuan
from ..money import parse_amount
from ..months import ServiceMonth, service_months
from ..plotting import png
from ..policy import DEFAULT_POLICY, Policy, list_policies, load_policy
from ..workdays import read_overrides
from .charts import CreditChart, timeline_chart

DEDUCTIONS = ("vouchers", "coupons", "reductions")  # SLA §3.1(2): 代金券、优惠券、服务费减免


@dataclass(frozen=True)
class Scenario:
    """Everything the explorer shows for one set of inputs."""

    policy: Policy
    months: list[ServiceMonth]
    windows: list[ClaimWindow]
    month_index: int
    assessment: Assessment


def failures_from_rate(valid_sends: int, rate_percent: float | str | Decimal) -> int:
    """Explicit failures for a failure rate in percent, rounded down (exact, via Decimal).

    >>> failures_from_rate(100_000, 5.0), failures_from_rate(3, "33.34")
    (5000, 1)
    """
    rate = Fraction(Decimal(str(rate_percent))) / 100
    return int(valid_sends * rate)


def _labelled(widget: widgets.Widget, name: str) -> widgets.Widget:
    widget.add_class(f"slakit-{name.replace('_', '-')}")
    return widget


class Explorer:
    """The explorer's controls, outputs and the :class:`Scenario` they currently show."""

    def __init__(self, policy: str = DEFAULT_POLICY, start: date = date(2026, 3, 17)) -> None:
        style = {"description_width": "11em"}
        wide = widgets.Layout(width="24em")
        policies = [(p.title, p.name) for p in list_policies()]
        c: dict[str, widgets.Widget] = {
            "policy": widgets.Dropdown(options=policies, value=policy, description="Policy"),
            "policy_file": widgets.Text(placeholder="or a policy file path", description="Policy file"),
            "start": widgets.DatePicker(value=start, description="Service starts"),
            "months": widgets.IntSlider(value=3, min=1, max=24, description="Months bought"),
            "month": widgets.Dropdown(description="Assessed month"),
            "valid_sends": widgets.IntText(value=100_000, description="Valid sends"),
            "mode": widgets.ToggleButtons(options=[("failures", "count"), ("failure rate", "rate")],
                                          value="count", description="Give"),
            "explicit_failures": widgets.IntText(value=6_000, description="Explicit failures"),
            "failure_rate": widgets.FloatSlider(value=6.0, min=0, max=30, step=0.01,
                                                readout_format=".2f", description="Failure rate %"),
            "fee": widgets.Text(value="4500.00", description="Consumed fee (yuan)"),
            "vouchers": widgets.Text(value="0", description="Vouchers"),
            "coupons": widgets.Text(value="0", description="Coupons"),
            "reductions": widgets.Text(value="0", description="Fee reductions"),
            "list_price": widgets.Text(value="0.045", description="List price per SMS"),
            "on": widgets.DatePicker(value=date.today(), description="Claim status on"),
            "calendar": widgets.Text(placeholder="a WorkingDays .toml file",
                                     description="Official days file"),
        }
        for name, control in c.items():
            control.style = style
            control.layout = wide
            _labelled(control, name)
            if isinstance(control, widgets.Text):
                control.continuous_update = False
        self.controls = c
        self.summary = _labelled(widgets.HTML(), "summary")
        self.months_table = _labelled(widgets.HTML(), "months-table")
        self.credit_image = _labelled(widgets.Image(format="png", layout={"width": "576px"}),
                                      "credit-chart")
        self.timeline_image = _labelled(widgets.Image(format="png", layout={"width": "576px"}),
                                        "timeline")
        self.scenario: Scenario | None = None
        self._credit_chart = CreditChart()
        self.error = ""
        self._timeline_key: tuple[Any, ...] | None = None
        self._refreshing = False

        inputs = widgets.VBox([
            widgets.HTML("<b>Purchase</b>"), c["policy"], c["policy_file"], c["start"], c["months"],
            c["month"], widgets.HTML("<b>This month's sends</b>"), c["valid_sends"], c["mode"],
            c["explicit_failures"], c["failure_rate"], widgets.HTML("<b>Fees</b>"), c["fee"],
            c["vouchers"], c["coupons"], c["reductions"], c["list_price"], c["on"], c["calendar"]],
            layout={"flex": "0 0 25em"})
        outputs = widgets.VBox([self.summary, self.credit_image, self.months_table,
                                self.timeline_image], layout={"flex": "1 1 auto", "padding": "0 1em"})
        self.widget = widgets.HBox([inputs, outputs], layout={"align_items": "flex-start"})
        for control in c.values():
            control.observe(self._changed, names="value")
        self._refresh_months()
        self.update()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _changed(self, change: dict[str, Any]) -> None:
        if self._refreshing:
            return
        if change["owner"] in (self.controls["start"], self.controls["months"],
                               self.controls["policy"], self.controls["policy_file"]):
            self._refresh_months()
        self.update()

    def _policy(self) -> Policy:
        path = self.controls["policy_file"].value.strip()
        return load_policy(path or self.controls["policy"].value)

    def _refresh_months(self) -> None:
        """Offer the service months of the purchase in the assessed-month list."""
        try:
            months = service_months(self.controls["start"].value, self.controls["months"].value,
                                    self._policy().service_months.rule)
        except SlakitError:
            return  # update() shows the error
        picker = self.controls["month"]
        keep = picker.value if isinstance(picker.value, int) and picker.value < len(months) else 0
        self._refreshing = True  # the caller updates once, afterwards
        try:
            picker.options = [(str(m), i) for i, m in enumerate(months)]
            picker.value = keep
        finally:
            self._refreshing = False

    def compute(self) -> Scenario:
        """The scenario for the current inputs; bad input raises :class:`SlakitError`."""
        c = self.controls
        policy = self._policy()
        if c["start"].value is None:
            raise InputError("Service starts", None, "is empty: pick a date")
        months = service_months(c["start"].value, c["months"].value, policy.service_months.rule)
        path = c["calendar"].value.strip()
        overrides = read_overrides(path) if path else {}
        windows = [claim_window(m.end, policy, overrides) for m in months]
        valid = c["valid_sends"].value
        failures = (c["explicit_failures"].value if c["mode"].value == "count"
                    else failures_from_rate(valid, c["failure_rate"].value) if valid >= 0 else 0)
        deductions = sum((parse_amount(c[name].value, name) for name in DEDUCTIONS), Decimal(0))
        result = assess(valid, failures, fee=c["fee"].value, deductions=deductions,
                        list_price=c["list_price"].value, policy=policy)
        index = c["month"].value if isinstance(c["month"].value, int) else 0
        return Scenario(policy, months, windows, min(index, len(months) - 1), result)

    def update(self) -> None:
        """Recompute and redraw; bad input is shown in place of the figures."""
        try:
            scenario = self.compute()
        except SlakitError as error:
            self.error = str(error)
            self.summary.value = (f"<p class='slakit-error' style='color:#b03a2e'>"
                                  f"{html.escape(self.error)}</p>")
            return
        self.error, self.scenario = "", scenario
        self.summary.value = summary_html(scenario, self.controls["on"].value)
        self.months_table.value = months_html(scenario, self.controls["on"].value)
        a, policy = scenario.assessment, scenario.policy
        self.credit_image.value = png(self._credit_chart.draw(a.fee, a.deductions, a.availability,
                                                              policy))
        key = (policy.id, tuple(scenario.windows), scenario.month_index)
        if key != self._timeline_key:  # the timeline changes only with the purchase
            self.timeline_image.value = png(timeline_chart(scenario.months, scenario.windows,
                                                           scenario.month_index))
            self._timeline_key = key


def summary_html(s: Scenario, on: date | None) -> str:
    a = s.assessment
    availability = "n/a (no valid sends)" if a.availability is None else percent(a.availability)
    tier = f"tier {a.tier}: {percent(Fraction(a.credit_rate))} credit" if a.tier else "none"
    yes_no = {True: "yes", False: "no"}
    budget = "".join(
        f"<li class='slakit-budget-{i}'>{percent(b.threshold)}: "
        f"{'crossed' if b.crossed else f'{b.remaining:,} more failures'} "
        f"(at most {b.max_failures:,})</li>" for i, b in enumerate(a.error_budget))
    window = s.windows[s.month_index]
    status = window.status(on) if on else ""
    return f"""
<table style="font-size:1.1em">
<tr><th align=left>Availability</th><td class="slakit-availability">{availability}</td></tr>
<tr><th align=left>Meets target</th><td class="slakit-meets-target">{yes_no[a.meets_target]}</td></tr>
<tr><th align=left>Tier</th><td class="slakit-tier">{tier}</td></tr>
<tr><th align=left>Credit (yuan)</th><td class="slakit-credit-amount">{yuan(a.credit_amount, "en")}</td></tr>
<tr><th align=left>Cap applied</th><td class="slakit-capped">{yes_no[a.capped]}</td></tr>
<tr><th align=left>Credit in SMS</th><td class="slakit-credit-sms">{a.credit_sms:,}</td></tr>
<tr><th align=left>Claim window</th><td class="slakit-claim-window">{window.first_day} – {window.deadline}
 {'(provisional)' if window.provisional else ''} <i>{status}</i></td></tr>
</table>
<p><b>Error budget</b> — failures this volume can still take before each boundary:</p>
<ul>{budget}</ul>
<p class="slakit-explanation">{html.escape(a.explanation)}</p>"""


def months_html(s: Scenario, on: date | None) -> str:
    bold = " style='font-weight:bold'"
    rows = "".join(
        f"<tr{bold if i == s.month_index else ''}><td>{i + 1}</td>"
        f"<td>{m.start} – {m.end}</td><td>{m.days}{' (partial)' if m.partial else ''}</td>"
        f"<td>{w.first_day}{' *' if w.provisional else ''}</td><td>{w.deadline}</td>"
        f"<td>{w.status(on) if on else ''}</td></tr>"
        for i, (m, w) in enumerate(zip(s.months, s.windows, strict=True)))
    note = ("<p class='slakit-provisional'><small>* provisional: that year's official working days "
            "are not published yet, so the date is an estimate that errs late (statutory holidays "
            "and their usual bridging). Give the official days in <i>Official days file</i> to make "
            "it final.</small></p>") if any(w.provisional for w in s.windows) else ""
    return (f"<p><b>Service months</b> ({html.escape(s.policy.service_months.clause.en)}) and claim "
            f"windows ({html.escape(s.policy.claim_window.clause.en)})</p>"
            "<table class='slakit-months'><tr><th>#</th><th>service month</th><th>days</th>"
            "<th>first day to claim</th><th>deadline</th><th>status</th></tr>"
            f"{rows}</table>{note}")


def explorer(policy: str = DEFAULT_POLICY) -> Explorer:
    """The what-if explorer, ready to display."""
    return Explorer(policy)
