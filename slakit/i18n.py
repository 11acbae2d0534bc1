"""The languages slakit speaks (Chinese and English) and phrase books: one table per area,
each key in every language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from .errors import InputError

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "zh"  # the SLA's own language, and most of its readers'


def check_lang(lang: str) -> Lang:
    """``lang`` if slakit speaks it; an :class:`~slakit.errors.InputError` otherwise."""
    if lang not in LANGS:
        raise InputError("lang", lang, f"must be one of {', '.join(LANGS)}")
    return lang


def phrase(book: Mapping[str, Mapping[str, str]], lang: str, key: str, **values: object) -> str:
    """A phrase of ``book`` in ``lang``, with ``values`` filled in.

    >>> phrase({"hi": {"en": "hello {name}", "zh": "你好，{name}"}}, "zh", "hi", name="李雷")
    '你好，李雷'
    """
    return book[key][check_lang(lang)].format(**values)
