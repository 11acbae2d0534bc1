"""What every slakit widget has around its content: the switch between Chinese and English, and
the note a saved copy shows.

A notebook saved with its widget state (the kit's JupyterLab settings turn that on) reopens with
the figures last computed but no kernel behind the controls. ipywidgets then marks each view
``jupyter-widgets-disconnected``; a style sheet shipped inside the widget turns that mark into one
plain note saying to run the cell, instead of a broken-link icon on every control.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..i18n import LANGS, Lang
from ..words import say
from .text import text

LANGUAGES = tuple((say(lang, f"lang.{lang}"), lang) for lang in LANGS)
ROOT = "slakit-root"  # the class of a slakit widget's outermost box
SAVED_STYLE = f"""<style>
.{ROOT} .jupyter-widgets-disconnected::before, .{ROOT}.jupyter-widgets-disconnected::before,
.{ROOT} .jupyter-widgets.jupyter-widgets-disconnected::before {{ content: none; display: none; }}
.slakit-saved-note {{ display: none; }}
.jupyter-widgets-disconnected .slakit-saved-note {{
  display: block; padding: 0.4em 0.8em; margin: 0 0 0.6em; border-left: 4px solid #d68910;
  background: #fdf2e0; color: #5d4200; }}
</style>"""


def language_switch(lang: Lang) -> widgets.ToggleButtons:
    """中文 | English: the language a widget speaks."""
    switch = widgets.ToggleButtons(options=LANGUAGES, value=lang, style={"button_width": "6em"},
                                   layout={"width": "auto"})
    switch.add_class("slakit-lang")
    return switch


def saved_note(lang: Lang) -> str:
    """The value of the widget that shows, in a saved copy only, that its figures are as saved."""
    return f"{SAVED_STYLE}<div class='slakit-saved-note'>{html.escape(text(lang, 'saved'))}</div>"


def root(children: list[widgets.Widget]) -> widgets.VBox:
    """A slakit widget's outermost box, inside which the saved-copy style applies."""
    box = widgets.VBox(children)
    box.add_class(ROOT)
    return box
