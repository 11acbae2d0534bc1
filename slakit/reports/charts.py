"""The report's charts: availability by service month against the target, failures per day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from matplotlib import dates as mdates
from matplotlib.figure import Figure

from ..plotting import use_cjk_font


def availability_chart(labels: Sequence[str], availability: Sequence[Fraction | None],
                       target: Fraction, *, title: str, target_label: str,
                       notes: Sequence[str]) -> Figure:
    """Bars of each service month's availability against the target line; a month without a
    figure shows its note instead (no sends, or no figures at all: never an empty bar alone)."""
    use_cjk_font()
    figure = Figure(figsize=(7, 3.2), dpi=110)
    ax = figure.subplots()
    values = [float(a) * 100 if a is not None else 0.0 for a in availability]  # drawing only
    colours = ["#c0392b" if a is not None and a < target else "#2e86c1" for a in availability]
    ax.bar(labels, values, color=colours)
    for i, (a, note) in enumerate(zip(availability, notes, strict=True)):
        if a is None:  # at the foot of the plot, wherever the axis starts (x in data, y in axes)
            ax.text(i, 0.03, note, ha="center", va="bottom", fontsize=8, rotation=90,
                    transform=ax.get_xaxis_transform())
    ax.axhline(float(target) * 100, color="#555", linestyle="--", linewidth=1, label=target_label)
    low = min([v for v, a in zip(values, availability, strict=True) if a is not None]
              + [float(target) * 100])
    ax.set_ylim(max(0.0, low - 5), 100.5)
    ax.set_ylabel("%")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    ax.tick_params(axis="x", labelrotation=20, labelsize=8)
    figure.tight_layout()
    return figure


def daily_chart(days: Sequence[date], counts: Sequence[int], *, title: str, axis: str) -> Figure:
    """A bar per day."""
    use_cjk_font()
    figure = Figure(figsize=(7, 2.6), dpi=110)
    ax = figure.subplots()
    ax.bar(mdates.date2num(list(days)), list(counts), color="#c0392b", width=0.8)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_ylabel(axis)
    ax.set_title(title, fontsize=10)
    figure.tight_layout()
    return figure
