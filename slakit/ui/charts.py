"""The explorer's charts, in Chinese or English: credit by availability (tier steps, cap applied)
and the timeline of service months and claim windows."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from ..assess import credit_before_cap, thresholds
from ..claims import ClaimWindow
from ..format import percent
from ..i18n import Lang
from ..months import ServiceMonth
from ..plotting import canvas_png, use_cjk_font
from ..policy import Policy
from .text import text

MONTH, WINDOW, NOW = "#2e86c1", "#27ae60", "#c0392b"
THOUSANDS = StrMethodFormatter("{x:,.0f}")


class CreditChart:
    """Credit in yuan against availability: the policy's tier steps with the cap applied, and the
    current point.

    The steps, axes and words are laid out and drawn once per policy, fees and language, and
    their pixels kept; a new point restores those pixels and draws only the marker and its label
    over them (their text layout was most of a full draw). Each image is whole and complete, the
    marker and label on top of everything else, so it is pixel for pixel the chart drawn afresh
    (a test holds it to that), and the page never shows part of one chart over another.
    """

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._background: object | None = None  # the chart without its point, as drawn pixels
        self.figure = Figure(figsize=(6.4, 2.8), dpi=90)
        self.canvas = FigureCanvasAgg(self.figure)

    def image(self, fee: Decimal, deductions: Decimal, availability: Fraction | None,
              policy: Policy, lang: Lang) -> bytes:
        """The chart as PNG bytes, the marker at ``availability`` (none for a month without sends)."""
        bands = thresholds(policy)
        now = None if availability is None else float(availability) * 100
        left = min(float(bands[-1][0]) * 100 - 5, 5 * ((now if now is not None else 100) - 1) // 5)
        key = (fee, deductions, policy, left, lang)
        if key != self._key:
            self._steps(fee, deductions, policy, bands, left, lang)
            self._marker.set_visible(False)
            self._label.set_visible(False)
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._key = key
        else:
            self.canvas.restore_region(self._background)
        self._marker.set_visible(now is not None)
        self._label.set_visible(now is not None)
        if availability is not None and now is not None:
            rate = next((r for t, r in reversed(bands) if not policy.target.reaches(availability, t)),
                        Decimal(0))
            amount, cap = credit_before_cap(rate, fee, deductions, policy)
            self._marker.set_data([now], [float(min(amount, cap))])
            self._label.set_text(text(lang, "now", availability=percent(availability)))
            self._axes.draw_artist(self._marker)
            self._axes.draw_artist(self._label)
        return canvas_png(self.canvas)

    def _steps(self, fee: Decimal, deductions: Decimal, policy: Policy,
               bands: list[tuple[Fraction, Decimal]], left: float, lang: Lang) -> None:
        use_cjk_font()
        self.figure.clear()
        ax = self._axes = self.figure.subplots()
        self.figure.subplots_adjust(left=0.12, right=0.97, bottom=0.18, top=0.88)
        edges = [100.0] + [float(t) * 100 for t, _ in bands] + [left]
        rates = [Decimal(0)] + [rate for _, rate in bands]
        for high, low, rate in zip(edges, edges[1:], rates, strict=False):
            amount, cap = credit_before_cap(rate, fee, deductions, policy)
            ax.hlines(float(min(amount, cap)), low, high, colors=MONTH, linewidth=2.5)
        for t, _ in bands:
            ax.axvline(float(t) * 100, color="#aaa", linestyle=":", linewidth=1)
        ax.set_xlim(left, 100.2)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(THOUSANDS)
        ax.set_xlabel(text(lang, "availability_axis"))
        ax.set_ylabel(text(lang, "credit_axis"))
        ax.set_title(text(lang, "credit_title"), fontsize=10)
        # the point above everything else (spines included), so drawing it last is a full draw
        (self._marker,) = ax.plot([], [], "o", color=NOW, markersize=9, zorder=10)
        self._label = ax.text(0.98, 0.93, "", transform=ax.transAxes, ha="right", va="top", fontsize=9,
                              color=NOW, zorder=11,
                              bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#ccc"})


def timeline_chart(months: Sequence[ServiceMonth], windows: Sequence[ClaimWindow],
                   selected: int, lang: Lang) -> Figure:
    """Service months and their claim windows on one time axis."""
    use_cjk_font()
    figure = Figure(figsize=(6.4, 0.45 * len(months) + 1.1), dpi=90)
    ax = figure.subplots()
    for i, (month, window) in enumerate(zip(months, windows, strict=True)):
        y = len(months) - 1 - i
        weight = 1.0 if i == selected else 0.55
        ax.barh(y, (month.end - month.start).days + 1, left=mdates.date2num(month.start),
                height=0.35, color=MONTH, alpha=weight)
        ax.barh(y, (window.deadline - window.first_day).days + 1,
                left=mdates.date2num(window.first_day), height=0.35, color=WINDOW,
                alpha=weight, hatch="//" if window.provisional else None)
    ax.set_yticks(range(len(months)), [f"{m.start:%Y-%m-%d}" for m in reversed(months)], fontsize=8)
    ax.set_ylim(-0.6, len(months) + 0.4)  # room for the legend above the first month
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.tick_params(axis="x", labelsize=8)
    keys = [Patch(color=MONTH, label=text(lang, "timeline_month")),
            Patch(color=WINDOW, label=text(lang, "timeline_window"))]
    if any(w.provisional for w in windows):
        keys.append(Patch(facecolor=WINDOW, hatch="//", label=text(lang, "timeline_provisional")))
    ax.legend(handles=keys, loc="upper left", ncols=len(keys), fontsize=8, frameon=False)
    ax.set_title(text(lang, "timeline_title"), fontsize=10)
    figure.tight_layout()
    return figure
