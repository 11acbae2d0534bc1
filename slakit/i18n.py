"""The languages slakit speaks (Chinese and English) and phrase books: one table per area,
each key in every language."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, get_args

from .errors import InputError

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "zh"  # the SLA's own language, and most of its readers'
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order of precedence


def locale_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """The first language of the user's locale that slakit speaks; :data:`DEFAULT_LANG` when the
    locale names none (unset, ``C``, ``POSIX``, another language).

    The notebooks' widgets start in it; reports keep their own per-customer language.

    >>> locale_lang({"LANG": "en_US.UTF-8"}), locale_lang({"LANG": "zh_TW.UTF-8"})
    ('en', 'zh')
    >>> locale_lang({"LANG": "C.UTF-8"}), locale_lang({"LANGUAGE": "fr:en", "LANG": "zh_CN.UTF-8"})
    ('zh', 'en')
    """
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        for tag in environ.get(variable, "").split(":"):  # LANGUAGE may list several
            language = tag.split(".")[0].replace("-", "_").split("_")[0].lower()
            if language in LANGS:
                return language
    return DEFAULT_LANG


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
