"""Charts shared by the notebooks and reports, with a CJK font so Chinese labels render."""

from __future__ import annotations

import io
from collections.abc import Sequence
from fractions import Fraction

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.figure import Figure

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")


def cjk_font() -> str | None:
    """The first installed CJK font family (setup.sh installs Debian's fonts-noto-cjk)."""
    for family in CJK_FONTS:
        try:
            font_manager.findfont(font_manager.FontProperties(family=family),
                                  fallback_to_default=False)
        except ValueError:
            continue
        return family
    return None


def use_cjk_font() -> str | None:
    """Put the CJK font first in matplotlib's sans-serif list; return its name."""
    family = cjk_font()
    if family:
        mpl.rcParams["font.sans-serif"] = [family, *mpl.rcParams["font.sans-serif"]]
        mpl.rcParams["font.family"] = "sans-serif"
        mpl.rcParams["axes.unicode_minus"] = False
    return family


def png(figure: Figure) -> bytes:
    """A figure as PNG bytes, for notebooks and offline HTML alike."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def availability_chart(labels: Sequence[str], availability: Sequence[Fraction | None],
                       target: Fraction, *, title: str, target_label: str,
                       no_volume_label: str) -> Figure:
    """Bars of each service month's availability against the target line."""
    use_cjk_font()
    figure = Figure(figsize=(7, 3.2), dpi=110)
    ax = figure.subplots()
    values = [float(a) * 100 if a is not None else 0.0 for a in availability]  # drawing only
    colours = ["#c0392b" if a is not None and a < target else "#2e86c1" for a in availability]
    ax.bar(labels, values, color=colours)
    for i, a in enumerate(availability):
        if a is None:
            ax.text(i, 1, no_volume_label, ha="center", va="bottom", fontsize=8, rotation=90)
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
