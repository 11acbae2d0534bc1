"""The languages slakit speaks (Chinese and English) and phrase books: one table per area,
each key in every language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
