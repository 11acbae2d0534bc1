"""The report's charts, drawn as vector SVG: availability by service month against the target and
the tier lines below it, failures per day by class."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from fractions import Fraction

import matplotlib as mpl
from matplotlib import dates as mdates
from matplotlib.figure import Figure

from ..format import percent
from ..plotting import use_cjk_font

PLACES = 2  # the bars' figures, cut as the months table shows them
CLASS_COLOURS = {"explicit_failure": "#c0392b", "disputed": "#e67e22", "unclassified": "#8e44ad",
                 "excluded": "#95a5a6"}


def svg(figure: Figure) -> bytes:
    """A figure as SVG, its text drawn as outlines: sharp at any print size, no font to embed; its
    ids salted alike every time, so that a report is the same made alone or in a batch."""
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "slakit"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def availability_chart(labels: Sequence[str], availability: Sequence[Fraction | None],
                       target: Fraction, *, title: str, target_label: str,
                       notes: Sequence[str], lines: Sequence[Fraction] = ()) -> Figure:
    """Bars of each service month's availability against the target line and the tier ``lines``.

    The axis starts 5 points below the lowest of the lines and bars (85 % for the usual months),
    so that 94 % (missed) and 98.8 % (met) look as different as they are; each bar carries its
    figure (cut, never across a line), and a month without a figure shows its note, level, at the
    foot of its place.
    """
    use_cjk_font()
    figure = Figure(figsize=(7.5, 2.0), dpi=96)
    ax = figure.subplots()
    shown = [float(a) * 100 for a in availability if a is not None]  # drawing only
    bottom = max(0.0, 5 * ((min([*shown, *(float(x) * 100 for x in (target, *lines))]) - 5) // 5))
    values = [float(a) * 100 if a is not None else bottom for a in availability]
    colours = ["#c0392b" if a is not None and a < target else "#2e86c1" for a in availability]
    ax.bar(labels, [v - bottom for v in values], bottom=bottom, color=colours, width=0.6)
    for i, (a, note) in enumerate(zip(availability, notes, strict=True)):
        if a is None:
            ax.text(i, 0.08, note, ha="center", va="bottom", fontsize=9, color="#555",
                    transform=ax.get_xaxis_transform())
            continue
        ax.annotate(percent(a, PLACES), (i, values[i]), xytext=(0, -3), textcoords="offset points",
                    ha="center", va="top", fontsize=9, color="white",
                    bbox={"boxstyle": "round,pad=0.15", "fc": colours[i], "ec": "none"})
    ax.axhline(float(target) * 100, color="#222", linestyle="--", linewidth=1.2, label=target_label)
    for line in lines:
        ax.axhline(float(line) * 100, color="#777", linestyle=":", linewidth=1.2)
        ax.text(1.0, float(line) * 100, f" {percent(line)}", transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=8, color="#555")
    ax.text(1.0, float(target) * 100, f" {percent(target)}", transform=ax.get_yaxis_transform(),
            va="center", ha="left", fontsize=8, color="#222")
    ax.set_ylim(bottom, 100.5)
    ax.set_ylabel("%")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right", fontsize=8, frameon=True)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def daily_chart(days: Sequence[date], classes: Sequence[dict[str, int]], *, title: str, axis: str,
                names: dict[str, str]) -> Figure:
    """A stacked bar per day, a colour per class of failure (``names`` labels them)."""
    use_cjk_font()
    figure = Figure(figsize=(7.5, 2.2), dpi=96)
    ax = figure.subplots()
    x = mdates.date2num(list(days))
    below = [0] * len(days)
    for key, colour in CLASS_COLOURS.items():
        counts = [c.get(key, 0) for c in classes]
        if any(counts):
            ax.bar(x, counts, bottom=below, color=colour, width=0.8, label=names[key])
            below = [b + n for b, n in zip(below, counts, strict=True)]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    ax.tick_params(labelsize=8)
    ax.set_ylabel(axis)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, ncols=4, loc="upper right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
