"""Matplotlib for notebooks and offline reports: no display, a CJK font so Chinese labels render,
figures as PNG bytes."""

from __future__ import annotations

import io

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

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
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def canvas_png(canvas: FigureCanvasAgg) -> bytes:
    """What a drawn canvas holds, as PNG bytes, quickly compressed: for a chart redrawn on every
    input change, where ``savefig`` would render it once more."""
    image = Image.frombuffer("RGBA", canvas.get_width_height(),
                            canvas.buffer_rgba())  # type: ignore[no-untyped-call]
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)  # fast: a what-if redraw waits on it
    return buffer.getvalue()
