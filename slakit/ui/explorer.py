"""The what-if explorer: ipywidgets over :func:`slakit.assess`, shared by the notebook and the
web app (``slakit app``), in Chinese or English (the switch at its top; it starts in the language
of the user's locale). Every change recomputes the assessment and redraws in well under 100 ms.
A second view projects a month still in progress (:mod:`.in_progress`), as ``slakit outlook`` does.
Bad input replaces every figure with one line naming the field and the value, so nothing on show
ever describes inputs that are no longer there.

Each output element carries a CSS class (``slakit-availability``, ``slakit-credit-sms``, …) so
that a browser test can read it, and each control one (``slakit-valid-sends``, …) to find it.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..assess import Assessment
from ..claims import ClaimWindow, claim_window
from ..errors import InputError, SlakitError
from ..explain import explain
from ..format import (
    claim_status,
    date_range,
    percent,
    policy_title,
    sms,
    status_text,
    tier_label,
    yes_no,
    yuan,
)
from ..i18n import Lang, check_lang, locale_lang
from ..in_progress import ArchiveOutlook
from ..lab.projection import Projection
from ..money import parse_amount
from ..months import ServiceMonth, service_months
from ..plotting import png
from ..policy import DEFAULT_POLICY, Policy, list_policies, load_policy
from ..statement import Evidence, Statement, fees, figures_counts, state
from ..tables import html_table
from ..words import says
from ..workdays import read_overrides
from . import in_progress as progress
from .charts import CreditChart, timeline_chart
from .chrome import language_switch, root, saved_note
from .text import error_text, text

DEDUCTIONS = ("vouchers", "coupons", "reductions")  # SLA §3.1(2): 代金券、优惠券、服务费减免
SECTIONS = {  # the input column: a heading, then its controls
    "purchase": ("start", "months", "month"),
    "sends": ("valid_sends", "mode", "explicit_failures", "failure_rate"),
    "progress": progress.NAMES,  # in place of the sends, for a month in progress
    "fees": ("fee", *DEDUCTIONS, "list_price", "on", "calendar"),
}
WIDE = ("failure_rate",)  # a slider on a row of its own, labelled above it: room for a fine scale
LABELLED = tuple(name for name in ("policy", "policy_file", *(n for ns in SECTIONS.values() for n in ns))
                 if name not in WIDE)
FIELDS = (*LABELLED, "deductions")  # what a bad-input message may name, by its label
COLUMN = "28em"  # the input column's width
LABEL_WIDTH = "11em"


@dataclass(frozen=True)
class Scenario:
    """Everything the explorer shows for one set of inputs."""

    policy: Policy
    months: list[ServiceMonth]
    windows: list[ClaimWindow]
    month_index: int
    statement: Statement  # the month assessed, stated on the explorer's date

    @property
    def assessment(self) -> Assessment:
        assert self.statement.credit is not None  # the explorer always has counts and fees
        return self.statement.credit


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


def _controls(start: date) -> dict[str, widgets.Widget]:
    """The explorer's inputs, unlabelled (labels depend on the language)."""
    return {
        "policy": widgets.Dropdown(value=None, layout={"width": "34em"}),
        "policy_file": widgets.Text(continuous_update=False, layout={"width": "26em"}),
        "start": widgets.DatePicker(value=start),
        "months": widgets.IntSlider(value=3, min=1, max=24),
        "month": widgets.Dropdown(),
        "valid_sends": widgets.IntText(value=100_000),
        "mode": widgets.Dropdown(value=None),
        "explicit_failures": widgets.IntText(value=6_000),
        "failure_rate": widgets.FloatSlider(value=6.0, min=0, max=30, step=0.01, readout_format=".2f",
                                            continuous_update=False),
        "fee": widgets.Text(value="4500.00", continuous_update=False),
        "vouchers": widgets.Text(value="0", continuous_update=False),
        "coupons": widgets.Text(value="0", continuous_update=False),
        "reductions": widgets.Text(value="0", continuous_update=False),
        "list_price": widgets.Text(value="0.045", continuous_update=False),
        "on": widgets.DatePicker(value=date.today()),
        "calendar": widgets.Text(continuous_update=False),  # official working days (a WorkingDays file)
        **progress.controls(),
    }


class Explorer:
    """The explorer's controls, outputs and what they currently show: the :class:`Scenario` of the
    month assessed, or the :class:`~slakit.lab.Projection` of a month in progress (``None`` while
    ``error`` says what is wrong with the inputs)."""

    def __init__(self, policy: str = DEFAULT_POLICY, start: date = date(2026, 3, 17),
                 lang: Lang | None = None) -> None:
        self.lang: Lang = check_lang(lang) if lang else locale_lang()
        c = _controls(start)
        for name, control in c.items():
            if name not in ("policy", "policy_file"):
                control.layout.width = "auto"  # the column's width, margins included
            control.style.description_width = LABEL_WIDTH
            _labelled(control, name)
        self.controls = c
        self.language = language_switch(self.lang)
        self.view = _labelled(widgets.ToggleButtons(options=[("", "month"), ("", "progress")],
                                                    value="month", style={"button_width": "12em"},
                                                    layout={"margin": "0.3em 0 0.6em"}),
                              "view")
        self.note = widgets.HTML(saved_note(self.lang))
        self.headings = {key: widgets.HTML() for key in SECTIONS}
        self.rate_label = widgets.HTML()
        self.rate_failures = _labelled(widgets.HTML(), "rate_failures")
        self.rate_box = widgets.VBox([self.rate_label, c["failure_rate"], self.rate_failures],
                                     layout={"margin": "0 0 0.4em 0"})
        self.message = _labelled(widgets.HTML(), "message")
        self.summary = _labelled(widgets.HTML(), "summary")
        self.credit_image = _labelled(widgets.Image(format="png", layout={"width": "576px"}),
                                      "credit-chart")
        self.months_table = _labelled(widgets.HTML(), "months-table")
        self.timeline_image = _labelled(widgets.Image(format="png", layout={"width": "576px"}),
                                        "timeline")
        self.figures = widgets.VBox([self.summary, self.credit_image, self.months_table,
                                     self.timeline_image])
        self.progress = _labelled(widgets.HTML(), "progress")
        self.scenario: Scenario | None = None
        self.projection: Projection | None = None
        self.error = ""
        self._credit_chart = CreditChart()
        self._purchase: tuple[Any, ...] | None = None  # what the months table and timeline show
        self._refreshing = False

        column: list[widgets.Widget] = []
        for heading, names in SECTIONS.items():
            column += [self.headings[heading], *(c[name] for name in names)]
        column[column.index(c["failure_rate"])] = self.rate_box
        top = widgets.HBox([c["policy"], c["policy_file"], self.language],
                           layout={"flex_flow": "row wrap", "justify_content": "space-between",
                                   "align_items": "center"})
        inputs = widgets.VBox(column, layout={"flex": f"0 0 {COLUMN}", "width": COLUMN})
        outputs = widgets.VBox([self.message, self.figures, self.progress],
                               layout={"flex": "1 1 30em", "padding": "0 0 0 1.5em", "min_width": "0"})
        body = widgets.HBox([inputs, outputs], layout={"flex_flow": "row wrap",
                                                       "align_items": "flex-start"})
        self.widget = root([self.note, top, self.view, body])
        self._speak(policy)
        for control in c.values():
            control.observe(self._changed, names="value")
        self.language.observe(self._relabel, names="value")
        self.view.observe(self._changed, names="value")
        self._refresh_months()
        self.update()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Change controls without each change recomputing; the caller updates once, afterwards."""
        self._refreshing = True
        try:
            yield
        finally:
            self._refreshing = False

    def _speak(self, policy: str | None = None) -> None:
        """Label every control in the current language (keeping its value)."""
        c, lang = self.controls, self.lang
        with self._quiet():
            for name in LABELLED:
                c[name].description = text(lang, name)
            self.rate_label.value = html.escape(text(lang, "failure_rate"))
            c["policy_file"].placeholder = text(lang, "policy_file_hint")
            c["calendar"].placeholder = text(lang, "calendar_hint")
            for heading, label in self.headings.items():
                label.value = f"<b>{html.escape(text(lang, heading))}</b>"
            self.note.value = saved_note(lang)
            keep = policy or c["policy"].value
            c["policy"].options = [(policy_title(p, lang), p.name) for p in list_policies()]
            c["policy"].value = keep
            keep = c["mode"].value or "count"
            c["mode"].options = [(text(lang, "mode_count"), "count"), (text(lang, "mode_rate"), "rate")]
            c["mode"].value = keep
            keep = self.view.value
            self.view.options = [(text(lang, "view_month"), "month"),
                                 (text(lang, "view_progress"), "progress")]
            self.view.value = keep
            progress.speak(c, lang)

    def _relabel(self, change: dict[str, Any]) -> None:
        self.lang = change["new"]
        self._speak()
        self._refresh_months()
        self.update()

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
        except (SlakitError, TypeError):
            return  # update() shows the error
        picker = self.controls["month"]
        keep = picker.value if isinstance(picker.value, int) and picker.value < len(months) else 0
        with self._quiet():
            picker.options = [(date_range(m.start, m.end, self.lang), i) for i, m in enumerate(months)]
            picker.value = keep

    def compute(self) -> Scenario:
        """The scenario for the current inputs; bad input raises :class:`SlakitError`."""
        c = self.controls
        policy = self._policy()
        if c["start"].value is None:
            raise InputError("start", None, says("error.pick_date"))
        months = service_months(
c["start"].value, c["months"].value, policy.service_months.rule)
        path = c["calendar"].value.strip()
        overrides = read_overrides(path) if path else {}
        windows = [claim_window(m.end, policy, overrides) for m in months]
        valid = c["valid_sends"].value
        failures = (c["explicit_failures"].value if c["mode"].value == "count"
                    else failures_from_rate(valid, c["failure_rate"].value) if valid >= 0 else 0)
        deductions = sum((parse_amount(c[name].value, name) for name in DEDUCTIONS), Decimal(0))
        index = min(c["month"].value if isinstance(c["month"].value, int) else 0, len(months) - 1)
        month = months[index]
        evidence = Evidence(month, "typed", figures_counts(valid, failures), (month.start, month.end))
        statement = state(evidence, policy, fees(c["fee"].value, c["list_price"].value, deductions),
                          on=c["on"].value or date.today(), overrides=overrides)
        return Scenario(policy, months, windows, index, statement)

    def update(self) -> None:
        """Recompute and redraw; bad input is shown in place of the figures."""
        self._arrange()
        try:
            if self.view.value == "progress":
                self._update_progress()
            else:
                self._update_month()
        except SlakitError as error:
            self._show_error(error)

    def _arrange(self) -> None:
        """Show the inputs the view and its choices use, and nothing they would ignore."""
        c, in_progress = self.controls, self.view.value == "progress"
        if in_progress:
            archive = c["progress_source"].value == "archive"
            hide = {*SECTIONS["sends"], "on", "calendar", *(("month", *progress.TYPED) if archive
                                                             else progress.ARCHIVE)}
        else:
            hide = {*progress.NAMES, "failure_rate" if c["mode"].value == "count" else "explicit_failures"}
        for section, names in SECTIONS.items():
            self.headings[section].layout.display = "none" if set(names) <= hide else ""
            for name in names:
                self._box(name).layout.display = "none" if name in hide else ""
        c["month"].description = text(self.lang, "view_progress" if in_progress else "month")

    def _box(self, name: str) -> widgets.Widget:
        return self.rate_box if name == "failure_rate" else self.controls[name]

    def _update_month(self) -> None:
        lang, c = self.lang, self.controls
        scenario = self.compute()
        self.error, self.scenario, self.projection = "", scenario, None
        self.message.value = self.progress.value = ""
        self.progress.layout.display = "none"
        self.figures.layout.display = ""
        a, policy = scenario.assessment, scenario.policy
        self.rate_failures.value = (text(lang, "rate_failures", failures=sms(a.explicit_failures, lang))
                                    if c["mode"].value == "rate" else "")
        on = c["on"].value
        # the chart before the figures: the page receives changes in order, so once the figures
        # read the new values the chart's new image has arrived too
        self.credit_image.value = self._credit_chart.image(a.fee, a.deductions, a.availability,
                                                           policy, lang)
        self.summary.value = summary_html(scenario, on, lang)
        key = (policy.id, tuple(scenario.windows), scenario.month_index, on, lang,
               status_text(scenario.statement, lang))
        if key != self._purchase:  # the months table and the timeline: the purchase and the month's status
            self.months_table.value = months_html(scenario, on, lang)
            self.timeline_image.value = png(timeline_chart(scenario.months, scenario.windows,
                                                           scenario.month_index, lang))
            self._purchase = key

    def project(self) -> tuple[Projection, ArchiveOutlook | None]:
        """The month in progress for the current inputs, and what the archive adds (None when
        typed in); bad input raises :class:`SlakitError`."""
        c = self.controls
        policy = self._policy()
        if c["start"].value is None:
            raise InputError("start", None, says("error.pick_date"))
        term = service_months(c["start"].value, c["months"].value, policy.service_months.rule)
        deductions = sum((parse_amount(c[name].value, name) for name in DEDUCTIONS), Decimal(0))
        index = c["month"].value if isinstance(c["month"].value, int) else 0
        return progress.projection(c, policy, c["start"].value, c["months"].value,
                                   term[min(index, len(term) - 1)], fee=c["fee"].value,
                                   list_price=c["list_price"].value, deductions=str(deductions))

    def _update_progress(self) -> None:
        p, found = self.project()
        self.error, self.scenario, self.projection = "", None, p
        self.message.value = ""
        self.figures.layout.display = "none"
        self.progress.layout.display = ""
        self.progress.value = progress.progress_html(p, found, self.lang)

    def _show_error(self, error: SlakitError) -> None:
        """One line naming the field and the value, and no figure left over from other inputs."""
        labels = {name: text(self.lang, name) for name in FIELDS}
        if self.view.value == "progress":
            labels |= progress.labels(self.lang)
        self.error, self.scenario, self.projection = error_text(error, self.lang, labels), None, None
        self.message.value = f"<p class='slakit-error' style='color:#b03a2e'>{html.escape(self.error)}</p>"
        self.figures.layout.display = self.progress.layout.display = "none"
        self.summary.value = self.months_table.value = self.rate_failures.value = self.progress.value = ""
        self.credit_image.value = self.timeline_image.value = b""
        self._purchase = None


def summary_html(s: Scenario, on: date | None, lang: Lang) -> str:
    """The month's figures, its error budget and how each figure was reached."""
    a, window = s.assessment, s.windows[s.month_index]
    figures = {
        "availability": text(lang, "no_volume") if a.availability is None else percent(a.availability),
        "meets_target": yes_no(a.meets_target, lang),
        "tier": tier_label(s.policy, a.tier, lang),
        "credit_amount": yuan(a.credit_amount, lang),
        "capped": yes_no(a.capped, lang),
        "credit_sms": sms(a.credit_sms, lang),
        "claim_window": date_range(window.first_day, window.deadline, lang),
        "status": status_text(s.statement, lang),
    }
    rows = "".join(
        f"<tr><th style='text-align:left;padding:0.15em 1.2em 0.15em 0;font-weight:600'>"
        f"{html.escape(text(lang, key))}</th><td class='slakit-{key.replace('_', '-')}'>"
        f"{html.escape(value)}</td></tr>" for key, value in figures.items())
    budget = "".join(
        f"<li class='slakit-budget-{i}'>" + html.escape(
            text(lang, "budget_crossed", threshold=percent(b.threshold), limit=sms(b.max_failures, lang))
            if b.crossed else
            text(lang, "budget_left", threshold=percent(b.threshold), left=sms(b.remaining, lang),
                 limit=sms(b.max_failures, lang))) + "</li>"
        for i, b in enumerate(a.error_budget))
    return (f"<table class='slakit-figures' style='border-collapse:collapse;font-size:1.1em'>"
            f"{rows}</table>"
            f"<p style='margin-bottom:0.2em'><b>{html.escape(text(lang, 'budget'))}</b></p>"
            f"<ul style='margin-top:0'>{budget}</ul>"
            f"<p class='slakit-explanation'>{html.escape(explain(a, s.policy, lang))}</p>")


def months_html(s: Scenario, on: date | None, lang: Lang) -> str:
    """The purchase's service months and their claim windows, the assessed one in bold."""
    def days(m: ServiceMonth) -> str:
        return text(lang, "partial", days=m.days) if m.partial else str(m.days)

    frame = pd.DataFrame([{
        text(lang, "col_number"): str(i + 1),
        text(lang, "col_month"): date_range(m.start, m.end, lang),
        text(lang, "col_days"): days(m),
        text(lang, "col_first_day"): f"{w.first_day}{' *' if w.provisional else ''}",
        text(lang, "col_deadline"): w.deadline.isoformat(),
        # the month assessed says its statement's status; the others, where their window stands
        **({text(lang, "col_status"): status_text(s.statement, lang) if i == s.month_index
            else claim_status(w, on, lang)} if on else {}),
    } for i, (m, w) in enumerate(zip(s.months, s.windows, strict=True))])
    caption = text(lang, "months_caption", months=s.policy.service_months.clause.text(lang),
                   claims=s.policy.claim_window.clause.text(lang))
    if on:
        caption += text(lang, "status_on", date=on.isoformat())
    note = (f"<p class='slakit-provisional'><small>"
            f"{html.escape(text(lang, 'provisional_note', calendar=text(lang, 'calendar')))}</small></p>"
            if any(w.provisional for w in s.windows) else "")
    return html_table(frame, "slakit-months", caption=caption,
                      strong=[i == s.month_index for i in range(len(s.months))]) + note


def explorer(policy: str = DEFAULT_POLICY, lang: Lang | None = None) -> Explorer:
    """The what-if explorer, ready to display, in ``lang`` (default: the user's locale's)."""
    return Explorer(policy, lang=lang)
