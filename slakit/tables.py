"""Tables as a person reads them: a frame of display text (formatted by :mod:`slakit.format`)
rendered to HTML through pandas' Styler, the same in a notebook, a widget and an offline report.

One header row and no index column; figures right-aligned in tabular digits; no cell breaks a
date or a figure across lines; light rules instead of a grid. The style travels with the table
(scoped to its own id), so it looks the same where no notebook style sheet reaches.

>>> frame = pd.DataFrame({"tier": ["tier 1 (<95%: 10%)"], "credit": ["1,350.00"]})
>>> table = html_table(frame, "demo")
>>> 'id="T_demo"' in table, "index_name" not in table, 'class="data row0 col1 num"' in table
(True, True, True)
>>> "tier 1 (&lt;95%: 10%)" in table      # text is escaped, never read as markup
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from pandas.io.formats.style_render import CSSDict

FIGURE = re.compile(r"[-−+]?[\d,.\s]+(…)?\s*%?")  # 1,350.00 · 95% · 66.6666…% · 30,000
STYLES: list[CSSDict] = [
    {"selector": "", "props": "border-collapse: collapse; font-variant-numeric: tabular-nums;"
                              " margin: 0.3em 0 0.8em;"},
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: 600;"
                                     " padding-bottom: 0.3em;"},
    {"selector": "th", "props": "text-align: left; font-weight: 600; padding: 0.25em 0.8em;"
                                " border-bottom: 1px solid #999; vertical-align: bottom;"},
    {"selector": "td", "props": "padding: 0.25em 0.8em; white-space: nowrap; text-align: left;"
                                " border-bottom: 1px solid #e4e4e4;"},
    {"selector": "td.num", "props": "text-align: right;"},
    {"selector": "td.strong", "props": "font-weight: 700;"},
    {"selector": "td.bad", "props": "color: #b03a2e;"},
]


def _is_figure(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and FIGURE.fullmatch(value.strip()) is not None


def html_table(frame: pd.DataFrame, name: str, *, caption: str = "",
               strong: Sequence[bool] = (), bad: pd.DataFrame | None = None) -> str:
    """``frame`` (display text, one column per header) as an HTML table with id ``T_<name>``.

    ``strong`` marks rows to set in bold (the month being looked at, say); ``bad`` is a frame of
    booleans like ``frame`` marking cells to show in red (a missed target).
    """
    frame = frame.reset_index(drop=True)
    figures = frame.map(_is_figure)
    numeric = [bool(figures[c].any() and figures[c][frame[c].astype(str).str.strip() != ""].all())
               for c in frame.columns]
    classes = pd.DataFrame({c: ["num" if n else ""] * len(frame) for c, n in zip(frame.columns, numeric,
                                                                                 strict=True)})
    for i, flag in enumerate(strong):
        if flag:
            classes.iloc[i] = classes.iloc[i] + " strong"
    if bad is not None:
        classes = classes.where(~bad.reset_index(drop=True).to_numpy(), classes + " bad")
    right: list[CSSDict] = [{"selector": f"th.col{i}", "props": "text-align: right;"}
                            for i, n in enumerate(numeric) if n]
    styler = (frame.style.hide(axis="index").set_uuid(name).set_td_classes(classes)
              .set_table_styles(STYLES + right).format(escape="html")
              .format_index(escape="html", axis="columns"))
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return str(styler.to_html())
