"""The policy lab as a widget: pick policies and a portfolio, see what each would pay, and how much
the target matters, in Chinese or English. Shared by the notebook and the web app.

Every input is in ``lab.controls`` and the last computed :class:`slakit.lab.LabResult` in
``lab.result`` (``None`` while ``lab.error`` says what is wrong). A changed input is computed in
the background with a progress bar, a newer input cancelling an older computation, so the lab
keeps answering while a large portfolio computes; the portfolio is read once and kept while only
the policies, the sweep or the calendar change. A test changes a control, calls ``lab.wait()`` and
reads what was recomputed. Switching the language redraws without recomputing.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from ..columnar import PARQUET, parquet_rows
from ..errors import WHOLE_FILE, InputError, SlakitError
from ..format import percent, policy_title, sms, yuan
from ..i18n import Lang, check_lang, locale_lang
from ..lab.compare import (
    LabPortfolio,
    LabResult,
    claim_table,
    comparison_table,
    file_portfolio,
    run_lab,
    sample_portfolio,
    simulated_portfolio,
    tier_table,
)
from ..lab.outlook import Outlook
from ..lab.simulate import IncidentModel
from ..lab.sweep import sweep
from ..money import parse_price
from ..plotting import png
from ..policy import DEFAULT_POLICY, Policy, list_policies, load_policy
from ..tables import html_table
from ..words import says
from ..workdays import YearSchedule, read_overrides
from .background import Latest, Report
from .chrome import language_switch, root, saved_note
from .lab_charts import distribution_chart, sensitivity_chart, tier_chart
from .text import error_text, text

SHOWN_ERRORS = 10  # rejected rows listed one by one; the rest are counted
LABEL_WIDTH = "12em"
LAB_MODEL = IncidentModel(accounts=500)  # the Monte Carlo the lab starts from: quick to redraw
LAB_POLICIES = (DEFAULT_POLICY, "variant-net-fee-basis")  # the comparison the lab opens with
SOURCES = ("sample", "csv", "simulated")
CHARTS = ("tiers", "distribution", "sensitivity")
TABS = ("comparison", *CHARTS, "claims")

# The Monte Carlo's controls, by IncidentModel field (the seed aside): widget, label, settings.
MODEL_CONTROLS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "accounts": ("IntSlider", "accounts", {"min": 1, "max": 5_000}),
    "months": ("IntSlider", "model_months", {"min": 1, "max": 60}),
    "incidents_per_month": ("FloatSlider", "incidents_per_month", {"min": 0, "max": 5, "step": 0.05}),
    "mean_duration_hours": ("FloatSlider", "mean_duration_hours", {"min": 0.1, "max": 72, "step": 0.1}),
    "incident_failure_rate": ("FloatSlider", "incident_failure_rate", {"min": 0, "max": 1, "step": 0.05}),
    "baseline_failure_rate": ("FloatSlider", "baseline_failure_rate",
                              {"min": 0, "max": 0.05, "step": 0.001, "readout_format": ".3f"}),
    "platform_share": ("FloatSlider", "platform_share", {"min": 0, "max": 1, "step": 0.05}),
    "excluded_rate": ("FloatSlider", "excluded_rate",
                      {"min": 0, "max": 0.05, "step": 0.001, "readout_format": ".3f"}),
    "daily_volume": ("BoundedIntText", "daily_volume", {"min": 0, "max": 100_000_000}),
    "voucher_share": ("FloatSlider", "voucher_share", {"min": 0, "max": 1, "step": 0.05}),
    "seed": ("BoundedIntText", "seed", {"min": 0, "max": 2**32 - 1}),
}
LABELS = {"policies": "policies", "policy_file": "policy_file", "source": "source",
          "csv_path": "csv_path", "query": "query", "fee_per_sms": "fee_per_sms",
          "list_price": "list_price",
          "sweep": "sweep", "calendar": "calendar",
          **{name: label for name, (_, label, _) in MODEL_CONTROLS.items()}}


def _start_value(name: str) -> Any:
    """A Monte Carlo control's first value: the lab model's (a slider shows a share as a float)."""
    value = getattr(LAB_MODEL, name, 0)
    return float(value) if isinstance(value, Decimal) else value


def _tenths(value: float) -> Fraction:
    """A slider's percentage (0.1 steps) as an exact ratio."""
    return Fraction(round(value * 10), 1000)


class PolicyLab(widgets.VBox):  # type: ignore[misc]  # a widget subclass: its base is untyped
    """Policies × portfolio → comparison table, payout by tier, distributions, sensitivity."""

    def __init__(self, lang: Lang | None = None) -> None:
        super().__init__()
        self.lang: Lang = check_lang(lang) if lang else locale_lang()
        self._quiet = False  # relabelling: option lists change, the inputs do not
        shipped = list_policies()
        wide = {"width": "46em"}
        self.controls: dict[str, Any] = {
            "policies": widgets.SelectMultiple(options=[(p.name, p.name) for p in shipped],
                                               value=LAB_POLICIES,
                                               rows=len(shipped),
                                               layout={"width": "60em"}),  # names whole
            "policy_file": widgets.Text(continuous_update=False, layout=wide),
            "source": widgets.Dropdown(options=SOURCES, value="sample", layout=wide),
            "csv_path": widgets.Text(placeholder="account-months.csv · .parquet · .duckdb",
                                     continuous_update=False, layout=wide),
            "query": widgets.Text(placeholder="SELECT … FROM …", continuous_update=False, layout=wide),
            "fee_per_sms": widgets.Text(value=str(LAB_MODEL.fee_per_sms), continuous_update=False),
            "list_price": widgets.Text(value=str(LAB_MODEL.list_price), continuous_update=False),
            **{name: getattr(widgets, kind)(value=_start_value(name), continuous_update=False,
                                            **settings)
               for name, (kind, _, settings) in MODEL_CONTROLS.items()},
            "sweep": widgets.FloatRangeSlider(value=(90.0, 99.9), min=80.0, max=100.0, step=0.1,
                                              readout=False, continuous_update=False,
                                              layout={"width": "36em"}),
            "calendar": widgets.Text(continuous_update=False, layout=wide),  # official working days
        }
        for name, control in self.controls.items():
            control.style.description_width = LABEL_WIDTH
            control.add_class(f"slakit-{name.replace('_', '-')}")
        self.outputs: dict[str, Any] = {
            "message": widgets.HTML(),
            "table": widgets.HTML(),
            **{name: widgets.Image(format="png") for name in CHARTS},
            "claims": widgets.HTML(),
        }
        for name, output in self.outputs.items():
            output.add_class(f"slakit-lab-{name}")
        self.outputs["table"].layout.overflow = "auto"  # wide figures scroll, never cut off
        self.result: LabResult | None = None
        self.error = ""
        self._problem: SlakitError | None = None  # behind self.error, to say it in another language
        self.runs = Latest()  # the computation under way, with its progress bar
        self._book: tuple[Hashable, LabPortfolio] | None = None  # the portfolio read last, by source
        self._charts: dict[str, tuple[LabPortfolio, Hashable, bytes]] = {}  # the PNG shown, and of what
        self._overrides: dict[int, YearSchedule] = {}  # the official days file's, for the claims tab
        c, out = self.controls, self.outputs
        self.language = language_switch(self.lang)
        self.note = widgets.HTML(saved_note(self.lang))
        self.sweep_readout = widgets.HTML()
        model = [c["fee_per_sms"], c["list_price"], *(c[name] for name in MODEL_CONTROLS)]
        for control in model:
            control.layout.width = "auto"
        self.monte_carlo = widgets.GridBox(model, layout={
            "grid_template_columns": "repeat(auto-fill, minmax(30em, 1fr))", "grid_gap": "0 1.5em",
            "width": "100%"})
        self.tabs = widgets.Tab([out["table"], *(out[name] for name in CHARTS), out["claims"]])
        top = widgets.HBox([c["policies"], self.language],
                           layout={"justify_content": "space-between", "align_items": "flex-start"})
        sweep_row = widgets.HBox([c["sweep"], self.sweep_readout], layout={"align_items": "center"})
        self.children = [root([self.note, top, c["policy_file"], c["source"], c["csv_path"], c["query"],
                               self.monte_carlo, sweep_row, c["calendar"], self.runs.view,
                               out["message"], self.tabs])]
        self._speak()
        for control in c.values():
            control.observe(self._changed, names="value")
        self.language.observe(self._relabel, names="value")
        self.refresh()

    def _speak(self) -> None:
        """Label every control, option and tab in the current language (keeping every value)."""
        c, lang = self.controls, self.lang
        keep = {name: c[name].value for name in ("policies", "source")}
        self._quiet = True
        try:
            for name, key in LABELS.items():
                c[name].description = text(lang, key)
            c["policy_file"].placeholder = text(lang, "policy_file_optional")
            c["calendar"].placeholder = text(lang, "calendar_optional")
            c["policies"].options = [(f"{policy_title(p, lang)} ({p.name})", p.name)
                                     for p in list_policies()]
            c["source"].options = [(text(lang, f"source_{s}"), s) for s in SOURCES]
            for name, value in keep.items():
                c[name].value = value
        finally:
            self._quiet = False
        for i, key in enumerate(TABS):
            self.tabs.set_title(i, text(lang, f"tab_{key}"))
        self.note.value = saved_note(lang)

    def _relabel(self, change: dict[str, Any]) -> None:
        self.lang = change["new"]
        self._speak()
        if self._problem is not None:
            self.error = self._error_text(self._problem)
        self._show()

    def _changed(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self._layout()
            self.runs.submit(self._inputs(), self._done, self._failed)

    def policies(self) -> list[Policy]:
        """The policies picked, then the policy file if one is named."""
        chosen = [load_policy(name) for name in self.controls["policies"].value]
        path = self.controls["policy_file"].value.strip()
        return chosen + ([load_policy(path)] if path else [])

    def _source(self) -> tuple[Hashable, Any]:
        """What the portfolio is read from, as a key that changes when it does (a file's size and
        time too), and how to read it: ``read(report)``."""
        c = self.controls
        source = c["source"].value
        if source == "csv":
            path, query = c["csv_path"].value.strip(), c["query"].value.strip() or None
            if not path:
                raise InputError("csv_path", path, says("error.pick_portfolio"))

            stat = Path(path).stat() if Path(path).is_file() else None
            key = (source, path, query, stat and (stat.st_size, stat.st_mtime_ns))
            total = parquet_rows(path) if Path(path).suffix.lower() in PARQUET and stat else None

            def read(report: Report) -> LabPortfolio:
                def rows(done: int) -> None:
                    report(0.4 * done / total if total else 0.0,
                           text(self.lang, "reading", rows=sms(done, self.lang)))
                return file_portfolio(path, query, rows)
            return key, read
        if source == "simulated":
            settings = {name: c[name].value for name in MODEL_CONTROLS if name != "seed"}
            settings["voucher_share"] = Decimal(f"{settings['voucher_share']:.2f}")
            model = IncidentModel(**settings,
                                  fee_per_sms=parse_price(c["fee_per_sms"].value, "fee_per_sms"),
                                  list_price=parse_price(c["list_price"].value, "list_price"))
            seed = c["seed"].value
            return (source, model, seed), lambda report: simulated_portfolio(model, seed)
        return (source,), lambda report: sample_portfolio()

    def _inputs(self) -> Any:
        """The controls' values now, and the work they ask for (run later, maybe in a thread)."""
        try:
            key, read = self._source()
            policies = self.policies()
            low, high = self.controls["sweep"].value
            targets = sweep(_tenths(low), _tenths(high))
            calendar = self.controls["calendar"].value.strip()
            overrides = read_overrides(calendar) if calendar else {}
        except SlakitError as error:
            problem = error

            def refused(report: Report) -> tuple[LabResult, dict[int, YearSchedule]]:
                raise problem
            return refused

        def work(report: Report) -> tuple[LabResult, dict[int, YearSchedule]]:
            cached = self._book
            book = cached[1] if cached and cached[0] == key else read(report)
            self._book = (key, book)
            report(0.4, text(self.lang, "computing"))
            result = run_lab(book, policies, targets, overrides,
                             lambda done, steps: report(0.4 + 0.6 * done / steps,
                                                        text(self.lang, "computing")))
            return result, overrides
        return work

    def _layout(self) -> None:
        c = self.controls
        on_file = "" if c["source"].value == "csv" else "none"
        c["csv_path"].layout.display = c["query"].layout.display = on_file
        self.monte_carlo.layout.display = "" if c["source"].value == "simulated" else "none"

    def _done(self, computed: tuple[LabResult, dict[int, YearSchedule]]) -> None:
        self.result, self._overrides = computed
        self._problem, self.error = None, ""
        self._show()

    def _failed(self, error: SlakitError) -> None:
        self.result, self._problem, self.error = None, error, self._error_text(error)
        self._show()

    def _error_text(self, error: SlakitError) -> str:
        labels = {name: text(self.lang, key) for name, key in LABELS.items()}
        labels[WHOLE_FILE] = labels["csv_path"]  # a file refused as a whole: the file box's
        return error_text(error, self.lang, labels)

    def refresh(self) -> None:
        """Recompute everything from the controls now, in this thread, and show it (or show what
        is wrong)."""
        self._layout()
        try:
            self._done(self._inputs()(lambda share, what: None))
        except SlakitError as error:
            self._failed(error)

    def wait(self, timeout: float | None = 600) -> None:
        """Until the computation under way (if any) is shown."""
        self.runs.wait(timeout)

    def _show(self) -> None:
        out, result, lang = self.outputs, self.result, self.lang
        low, high = self.controls["sweep"].value
        self.sweep_readout.value = text(lang, "sweep_range", low=percent(_tenths(low)),
                                        high=percent(_tenths(high)))
        if result is None:  # the figures go (all at once, in their tabs) before the error comes,
            self.tabs.layout.display = "none"  # so the two are never seen together
            out["message"].value = (f'<p class="slakit-error" style="color:#b03a2e">'
                                    f"{html.escape(self.error)}</p>")
            out["table"].value = ""
            for name in CHARTS:
                out[name].value = b""
            out["claims"].value = ""
            return
        policies = tuple(o.policy for o in result.outcomes)
        charts = {"tiers": (policies, lambda: tier_chart(result.outcomes, lang)),
                  "distribution": (policies, lambda: distribution_chart(result, lang)),
                  "sensitivity": ((policies, result.sensitivity), lambda: sensitivity_chart(result, lang))}
        shown = {  # everything made first, then sent at once: no new table beside an old chart
            "message": self._portfolio_html(result.portfolio),
            "table": html_table(comparison_table(result.outcomes, lang), "slakit-comparison")
                     + html_table(tier_table(result.outcomes, lang), "slakit-tiers"),
            **{name: self._png(name, result.portfolio, (lang, of), draw)
               for name, (of, draw) in charts.items()},
            "claims": self._claims_html(result),
        }
        self.tabs.layout.display = ""
        for name, value in shown.items():
            out[name].value = value

    def _png(self, name: str, portfolio: LabPortfolio, shown: Hashable,
             draw: Callable[[], Figure]) -> bytes:
        """A chart as PNG, drawn and saved again only when what it shows changed: saving PNGs is
        most of a redraw, and a moved sweep changes the sensitivity chart alone."""
        drawn = self._charts.get(name)
        if drawn is None or drawn[0] is not portfolio or drawn[1] != shown:
            drawn = self._charts[name] = (portfolio, shown, png(draw()))
        return drawn[2]

    def _claims_html(self, result: LabResult) -> str:
        """Each policy's claim windows (SLA §3.2), with what a ``*`` means and how to end it."""
        lang = self.lang
        claims = claim_table(result.portfolio.frame, [o.policy for o in result.outcomes],
                             self._overrides, lang)
        if claims.empty:
            return f"<p>{html.escape(text(lang, 'no_month_ends'))}</p>"
        provisional = claims.map(lambda cell: cell.endswith("*")).any(axis=None)
        note = text(lang, "claims_provisional", calendar=text(lang, "calendar"))
        return html_table(claims.reset_index(), "slakit-claims") + (
            f"<p><small>{html.escape(note)}</small></p>" if provisional else "")

    def _portfolio_html(self, portfolio: LabPortfolio) -> str:
        """Which portfolio, how many rows were read and assessed, and each rejected row."""
        lang, c = self.lang, self.controls
        source = c["source"].value
        label = (text(lang, "portfolio_sample") if source == "sample" else
                 text(lang, "portfolio_simulated", accounts=sms(c["accounts"].value, lang),
                      months=c["months"].value, seed=c["seed"].value) if source == "simulated"
                 else portfolio.label)
        line = text(lang, "rows", label=label, read=sms(portfolio.rows_read, lang),
                    assessed=sms(len(portfolio.frame), lang), rejected=sms(len(portfolio.errors), lang))
        result = f"<p>{html.escape(line)}</p>"
        if portfolio.errors:
            listed = "".join(f"<li>{html.escape(str(e))}</li>" for e in portfolio.errors[:SHOWN_ERRORS])
            more = len(portfolio.errors) - SHOWN_ERRORS
            result += f'<ul style="color:#b03a2e">{listed}</ul>' + (
                f"<p>{html.escape(text(lang, 'more_rows', more=sms(more, lang)))}</p>" if more > 0 else "")
        return result


def outlook_view(outlook: Outlook, lang: Lang | None = None) -> widgets.HTML:
    """The spread of one policy's outcome over simulated months: the share of months in each
    tier, how bad one month in N gets, and the expected credit, in ``lang`` (default: the
    locale's)."""
    lang = check_lang(lang) if lang else locale_lang()
    heading = text(lang, "outlook_heading", policy=policy_title(outlook.policy, lang),
                   months=sms(outlook.account_months, lang))
    expected = text(lang, "expected_credit", amount=yuan(outlook.expected_credit, lang))
    view = widgets.HTML(
        f"<p><b>{html.escape(heading)}</b></p>"
        + html_table(outlook.tiers(lang), "slakit-outlook-tiers")
        + html_table(outlook.table(lang), "slakit-outlook-tails")
        + f"<p class='slakit-expected-credit'>{html.escape(expected)}</p>")
    view.add_class("slakit-outlook")
    return view


def policy_lab(lang: Lang | None = None) -> PolicyLab:
    """The policy lab widget, computed for its default inputs (two shipped policies, the sample),
    in ``lang`` (default: the language of the user's locale)."""
    return PolicyLab(lang)
