"""How figures read, in one place: to a person (money with separators and two places, counts,
percentages cut rather than rounded across a boundary, yes/no and tier labels, in Chinese or
English) and in JSON (exact decimals as text).

>>> yuan(Decimal("12645.976")), sms(30_000), percent(Fraction(2, 3)), yes_no(True, "zh")
('12,645.98', '30,000', '66.6666…%', '是')
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from .claims import ClaimWindow
from .i18n import DEFAULT_LANG, Lang
from .policy import Policy
from .words import say

if TYPE_CHECKING:
    from .statement import Statement

DISPLAY_PLACES = 6  # availability shown as a decimal is truncated, so it never crosses a boundary
FEN = Decimal("0.01")
LOCALES: dict[Lang, str] = {"zh": "zh_CN", "en": "en_US"}


def fen(amount: Decimal) -> Decimal:
    """The one rounding rule for money shown to people: to the fen (two places), half up. The
    figure itself stays exact; JSON keeps it whole (:func:`show`).

    >>> fen(Decimal("332.112")), fen(Decimal("10435.356")), fen(Decimal("0.125"))
    (Decimal('332.11'), Decimal('10435.36'), Decimal('0.13'))
    """
    return amount.quantize(FEN, ROUND_HALF_UP)


def yuan(amount: Decimal, lang: Lang = DEFAULT_LANG, *, grouped: bool = True) -> str:
    """Money as a person reads it: rounded by :func:`fen` to exactly two places, with thousands
    separators (none for a spreadsheet's cell: ``grouped=False``).

    >>> yuan(Decimal("1350")), yuan(Decimal("77368.411")), yuan(Decimal("12645.976"), "en", grouped=False)
    ('1,350.00', '77,368.41', '12645.98')
    """
    return _localized(format(fen(amount), ",.2f" if grouped else ".2f"), lang)


def sms(count: int, lang: Lang = DEFAULT_LANG) -> str:
    """A count (of SMS, sends, accounts) with thousands separators.

    >>> sms(15_500)
    '15,500'
    """
    return _localized(f"{count:,}", lang)


@cache
def _symbols(lang: Lang) -> dict[int, str]:
    """The locale's grouping and decimal symbols (CLDR, through Babel), as a translation table."""
    locale = Locale.parse(LOCALES[lang])
    return {ord(","): get_group_symbol(locale), ord("."): get_decimal_symbol(locale)}


def _localized(text: str, lang: Lang) -> str:
    """Python's exact ``,`` / ``.`` formatting in the locale's own symbols."""
    return text.translate(_symbols(lang))


def yes_no(flag: bool, lang: Lang = DEFAULT_LANG) -> str:
    return say(lang, "format.yes" if flag else "format.no")


def tier_label(policy: Policy, tier: int | None, lang: Lang = DEFAULT_LANG) -> str:
    """A compensation tier of ``policy`` (SLA §3.1); 0 or None means no credit tier.

    >>> from slakit import load_policy
    >>> sla = load_policy()
    >>> tier_label(sla, 2, "en"), tier_label(sla, 1, "zh"), tier_label(sla, 0, "en")
    ('tier 2 (<90%: 30%)', '第 1 档（低于 95%：10%）', 'no credit')
    """
    if not tier:
        return say(lang, "format.no_tier")
    t = policy.compensation.tiers[tier - 1]
    return say(lang, "format.tier", tier=tier, below=percent(t.below), rate=percent(Fraction(t.credit_rate)))


def policy_title(policy: Policy, lang: Lang = DEFAULT_LANG) -> str:
    """A policy's title in ``lang`` (its file's ``title_zh`` in Chinese, when it has one).

    >>> from slakit import load_policy
    >>> policy_title(load_policy(), "zh"), policy_title(load_policy(), "en")
    ('腾讯云短信服务 SLA（2020-09-23）', 'Tencent Cloud SMS SLA (2020-09-23)')
    """
    return policy.title_zh if lang == "zh" and policy.title_zh else policy.title


def date_range(start: date, end: date, lang: Lang = DEFAULT_LANG) -> str:
    """Two dates, first to last, both included.

    >>> date_range(date(2026, 3, 17), date(2026, 3, 31), "zh")
    '2026-03-17 至 2026-03-31'
    """
    return say(lang, "format.range", start=start.isoformat(), end=end.isoformat())


def deadline_text(day: date, lang: Lang = DEFAULT_LANG) -> str:
    """A claim's last day, plainly included: in Chinese "2026 年 12 月 30 日（含）".

    >>> deadline_text(date(2026, 12, 30), "zh"), deadline_text(date(2026, 12, 30), "en")
    ('2026 年 12 月 30 日（含）', '2026-12-30')
    """
    return say(lang, "format.deadline", day=day)


def claim_status(window: ClaimWindow, on: date, lang: Lang = DEFAULT_LANG) -> str:
    """Where a claim window stands on ``on`` (SLA §3.2); a first claim day that is an estimate says
    so (the deadline never depends on working days).

    >>> from slakit import claim_window
    >>> window = claim_window(date(2026, 9, 30))
    >>> claim_status(window, date(2026, 10, 1), "en"), claim_status(window, date(2026, 11, 20), "zh")
    ('not yet open (from 2026-10-14)', '可申请，剩余 10 天')
    """
    state = window.status(on)
    words = say(lang, f"format.{state}", day=window.first_day.isoformat(), days=window.days_left(on))
    return words + (provisional_note(window, lang) if state == "not yet open" else "")


def provisional_note(window: ClaimWindow, lang: Lang = DEFAULT_LANG) -> str:
    """What follows a claim window whose first day is an estimate made without official working
    days (it errs late); nothing for any other window."""
    return say(lang, "format.provisional") if window.provisional else ""


def truncate(ratio: Fraction, places: int = DISPLAY_PLACES) -> Decimal:
    """A ratio as a decimal, cut (not rounded) to ``places``.

    >>> truncate(Fraction(2, 3)), truncate(Fraction(19, 20))
    (Decimal('0.666666'), Decimal('0.950000'))
    """
    return Decimal(ratio.numerator * 10**places // ratio.denominator).scaleb(-places)


def percent(ratio: Fraction, places: int | None = None) -> str:
    """A ratio as a percentage, exact when it fits four places, else cut with an ellipsis; or, for a
    document, always at ``places`` places, cut: a figure below a tier's line (95 %, 90 %) never
    reads as the line itself.

    >>> percent(Fraction(19, 20)), percent(Fraction(2, 3)), percent(Fraction(1))
    ('95%', '66.6666…%', '100%')
    >>> percent(Fraction(18999, 20000), 2), percent(Fraction(19, 20), 2)
    ('94.99%', '95.00%')
    """
    value = ratio * 100
    if places is not None:
        return f"{truncate(value, places)}%"
    cut = truncate(value, 4)
    text = format(cut.normalize(), "f")
    return f"{text}%" if Fraction(cut) == value else f"{text}…%"


def show(amount: Decimal) -> str:
    """An amount as exact text for JSON and files: at least two places, more only when the amount
    has them (a person reads :func:`yuan`).

    >>> show(Decimal("300.0000")), show(Decimal("100.005")), show(Decimal("7"))
    ('300.00', '100.005', '7.00')
    """
    if amount == amount.quantize(FEN):
        return str(amount.quantize(FEN))
    return str(amount.normalize())


def status_text(statement: Statement, lang: Lang = DEFAULT_LANG) -> str:
    """Where a statement's month stands on its date, in words: the same words on every surface.

    >>> from slakit.statement import Evidence, figures_counts, fees, state
    >>> from slakit.months import ServiceMonth
    >>> sept = ServiceMonth(date(2026, 9, 1), date(2026, 9, 30))
    >>> s = state(Evidence(sept, "figures", figures_counts(100_000, 7_000), (sept.start, sept.end)),
    ...           money=fees("4500.00", "0.045"), on=date(2026, 10, 1))
    >>> status_text(s, "en"), status_text(s, "zh")
    ('owed, claim from 2026-10-14', '应赔偿，2026-10-14 起可申请')
    """
    s, window = statement, statement.window
    words = {"day": window.first_day.isoformat() if window else "",
             "deadline": window.deadline.isoformat() if window else "",
             "days": s.days_left or 0}
    if s.status == "partial":
        begin, end = s.records_begin, s.records_end
        if begin and end:
            return say(lang, "status.partial_both", first=begin.isoformat(), last=end.isoformat())
        return say(lang, "status.partial_end" if end else "status.partial_begin",
                   day=(end or begin or date.min).isoformat())
    if s.status == "not_owed":
        return say(lang, "status.not_owed", why=nothing_owed(s, lang))
    unpriced = "_unpriced" if s.owed and s.credit is None else ""
    text = say(lang, f"status.{s.status + unpriced}", **words)
    return text + (provisional_note(window, lang) if window and s.status == "not_yet_open" else "")


def nothing_owed(statement: Statement, lang: Lang = DEFAULT_LANG) -> str:
    """Why a month that missed the target pays nothing (status ``not_owed``), with the clause."""
    s, a = statement, statement.credit
    if s.nothing_because is None or a is None:
        return ""
    rule = s.policy.liability.clause if s.nothing_because == "term_cap" else s.policy.compensation.cap_clause
    return say(lang, f"status.{s.nothing_because}", clause=rule.text(lang),
               amount=yuan(a.credit_amount, lang), price=f"{a.list_price.normalize():f}",
               room=yuan(a.term_cap or Decimal(0), lang))
