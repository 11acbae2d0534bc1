"""The policy lab's table wording in Chinese and English (the widget's own words live with the
widget). Keys are shared; ``text(lang, key, **values)`` fills them.

>>> text("zh", "one_in", n="1,000")
'每 1,000 个月 1 次'
"""

from __future__ import annotations

from ..i18n import Lang
from ..words import say


def text(lang: Lang, key: str, **values: object) -> str:
    return say(lang, f"lab.{key}", **values)
