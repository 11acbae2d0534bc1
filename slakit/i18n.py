"""The languages slakit speaks (Chinese and English) and phrase books: one table per area,
each key in every language."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from .errors import InputError
from .words import says

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
        raise InputError("lang", lang, says("error.one_of", choices=", ".join(LANGS)))
    return lang


def phrase(book: Mapping[str, Mapping[str, str]], lang: str, key: str, **values: object) -> str:
    """A phrase of ``book`` in ``lang``, with ``values`` filled in.

    >>> phrase({"hi": {"en": "hello {name}", "zh": "你好，{name}"}}, "zh", "hi", name="李雷")
    '你好，李雷'
    """
    return book[key][check_lang(lang)].format(**values)


@dataclass(frozen=True)
class Bilingual:
    """Words a person reads, in both languages: a clause label of a policy file, say. A label
    that reads alike in both (``SLA §2.2``) holds the same text twice.

    >>> tier = Bilingual("SLA §3.1 table: below 90% → 30%", "SLA §3.1 表：低于90% → 30%")
    >>> tier.text("zh"), tier.amended("; target 92%", "；标准改为 92%").en
    ('SLA §3.1 表：低于90% → 30%', 'SLA §3.1 table: below 90% → 30%; target 92%')
    """

    en: str
    zh: str

    def text(self, lang: str) -> str:
        return self.zh if check_lang(lang) == "zh" else self.en

    def amended(self, en: str, zh: str) -> Bilingual:
        """The same words with a note added in each language."""
        return Bilingual(self.en + en, self.zh + zh)
