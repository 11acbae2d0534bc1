"""The report's charts: availability by service month against the target, failures per day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from matplotlib import dates as mdates
from matplotlib.figure import Figure

from ..format import percent
from ..plotting import use_cjk_font


def availability_chart(labels: Sequence[str], availability: Sequence[Fraction | None],
                       target: Fraction, *, title: str, target_label: str,
                       notes: Sequence[str]) -> Figure:
    """Bars of each service month's availability against the target line.

    The axis runs from 0 to 100 %, so a bar's length is its availability and a month at 94 %
    does not look half as good as one at 99 %; each bar carries its exact figure (cut, never
    rounded across the target), and a month without a figure shows its note instead (no sends,
    or no figures at all: never an empty bar alone).
    """
    use_cjk_font()
    figure = Figure(figsize=(7, 3.2), dpi=110)
    ax = figure.subplots()
    values = [float(a) * 100 if a is not None else 0.0 for a in availability]  # drawing only
    colours = ["#c0392b" if a is not None and a < target else "#2e86c1" for a in availability]
    ax.bar(labels, values, color=colours)
    for i, (a, note) in enumerate(zip(availability, notes, strict=True)):
        if a is None:  # at the foot of the plot (x in data, y in axes)
            ax.text(i, 0.03, note, ha="center", va="bottom", fontsize=8, rotation=90,
                    transform=ax.get_xaxis_transform())
            continue
        inside = values[i] > 20  # the figure inside the top of its bar, below the target line
        ax.annotate(percent(a), (i, values[i]), xytext=(0, -4 if inside else 2), textcoords="offset points",
                    ha="center", va="top" if inside else "bottom", fontsize=8,
                    color="white" if inside else "black")
    ax.axhline(float(target) * 100, color="#555", linestyle="--", linewidth=1, label=target_label)
    ax.set_ylim(0, 105)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("%")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8, frameon=False)
    ax.tick_params(axis="x", labelsize=8)
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
