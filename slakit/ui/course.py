"""The training course as widgets, in Chinese or English: an exercise asks a question, checks the
learner's answer against the figure slakit computes, and explains it after a right answer or on
request; a worked example shows a computation as a table and prose. ``Course(lang)`` hands both
out from the bank in :mod:`.lessons`, so a lesson's notebook shows the question and nothing more.

Answers are read leniently ("1,000", "95%", "0.95", "是") and compared exactly.

>>> Exercise("Does 95 % meet the target?", True, lang="en").check("yes")
True
>>> Exercise("Availability?", Fraction(19, 20), lang="en").check("95%")
True
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import ipywidgets as widgets

from ..format import percent, sms, yes_no, yuan
from ..i18n import Lang, check_lang, locale_lang
from .chrome import root, saved_note
from .lessons import EXAMPLES, EXERCISES, Answer
from .text import text

YES = {"yes", "y", "true", "是", "对", "是的", "对的"}
NO = {"no", "n", "false", "否", "不", "不是", "不对", "错"}
UNITS = re.compile(r"rmb|cny|yuan|sms|短信|[,\s¥￥元条]")  # what may stand beside a number
DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def read_answer(text: str, like: Answer) -> Answer | None:
    """The learner's text read as the same kind of value as ``like``; None if it cannot be.

    A share may be typed as a percentage with or without its sign (a number above 1 is one:
    "95" asked "as a %" is 95 %) or as a fraction; a day as 2026-05-30, 2026/5/30 or 2026年5月30日.

    >>> read_answer("1,234", 0), read_answer("2026-10-14", date.today()), read_answer("90 %", Fraction(1))
    (1234, datetime.date(2026, 10, 14), Fraction(9, 10))
    >>> read_answer("95", Fraction(1)), read_answer("2026/5/30", date.today()), read_answer("RMB 60", 0)
    (Fraction(19, 20), datetime.date(2026, 5, 30), 60)
    """
    text = text.strip().lower().replace("％", "%")
    try:
        if isinstance(like, bool):
            return True if text in YES else False if text in NO else None
        if isinstance(like, date):
            day = DAY.fullmatch(text)
            return date(*map(int, day.groups())) if day else date.fromisoformat(text)
        number = UNITS.sub("", text)
        if isinstance(like, int):
            return int(number)
        if isinstance(like, Fraction):
            if number.endswith("%"):
                return Fraction(Decimal(number[:-1])) / 100
            share = Fraction(Decimal(number))
            return share / 100 if share > 1 else share
        if isinstance(like, Decimal):
            return Decimal(number)
    except (ValueError, InvalidOperation):
        return None
    return text


def shown(answer: Answer, lang: Lang) -> str:
    """An answer as the course writes it.

    >>> shown(Decimal("1350.0000"), "en"), shown(Fraction(19, 20), "en"), shown(False, "zh")
    ('1,350.00', '95%', '否')
    """
    if isinstance(answer, bool):
        return yes_no(answer, lang)
    if isinstance(answer, int):
        return sms(answer, lang)
    if isinstance(answer, Decimal):
        return yuan(answer, lang)
    if isinstance(answer, Fraction):
        return percent(answer)
    return answer.isoformat() if isinstance(answer, date) else str(answer)


def _kind(answer: Answer) -> str:
    """What kind of answer the box expects, to say so when it cannot read one."""
    kinds = ((bool, "yes_no"), (int, "whole"), (Decimal, "amount"), (Fraction, "share"), (date, "day"))
    return next((kind for type_, kind in kinds if isinstance(answer, type_)), "text")


class Exercise:
    """A question, an answer box, Check and Show-answer buttons, and the feedback."""

    def __init__(self, question: str, answer: Answer, explanation: str = "",
                 lang: Lang | None = None) -> None:
        self.lang: Lang = check_lang(lang) if lang else locale_lang()
        self.question, self.answer = question, answer
        self.explanation = explanation.format(answer=shown(answer, self.lang))
        t = self._t
        self.box = widgets.Text(placeholder=t("your_answer"), continuous_update=False,
                                layout={"width": "16em"})
        self.button = widgets.Button(description=t("check"), button_style="primary")
        self.reveal_button = widgets.Button(description=t("reveal"))
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.show(self.box.value))
        self.reveal_button.on_click(lambda _: self.reveal())
        self.box.observe(lambda _: self.show(self.box.value), names="value")
        prompt = widgets.HTML(f"<b>{html.escape(t('exercise'))}</b> {html.escape(question)}")
        self.widget = root([widgets.HTML(saved_note(self.lang)), prompt,
                            widgets.HBox([self.box, self.button, self.reveal_button]), self.feedback])
        self.widget.add_class("slakit-exercise")

    def _t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def check(self, typed: str) -> bool:
        return read_answer(typed, self.answer) == (
            self.answer.lower() if isinstance(self.answer, str) else self.answer)

    def show(self, typed: str) -> None:
        """Say whether ``typed`` is right, and why; what the box expects if it cannot read it."""
        if self.check(typed):
            self._say("slakit-correct", "#1e8449", self._t("correct"), self.explanation)
        elif typed.strip() and read_answer(typed, self.answer) is None:
            self._say("slakit-wrong", "#b03a2e", self._t("unreadable", kind=self._t(_kind(self.answer))))
        else:
            self._say("slakit-wrong", "#b03a2e", self._t("wrong"))

    def reveal(self) -> None:
        """The answer and its explanation, on request."""
        self._say("slakit-answer", "#1f4e79", self._t("the_answer", answer=shown(self.answer, self.lang)),
                  self.explanation)

    def _say(self, kind: str, colour: str, verdict: str, why: str = "") -> None:
        self.feedback.value = (f"<span class='{kind}' style='color:{colour}'>{html.escape(verdict)}</span> "
                               f"<span class='slakit-why'>{html.escape(why)}</span>")


class Example:
    """A worked example, shown by the notebook as HTML."""

    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


class Course:
    """The lessons' worked examples and exercises in one language (default: the locale's)."""

    def __init__(self, lang: Lang | None = None) -> None:
        self.lang: Lang = check_lang(lang) if lang else locale_lang()

    def example(self, key: str) -> Example:
        """A worked example: its computation as a table and prose."""
        return Example(EXAMPLES[key](self.lang))

    def exercise(self, key: str) -> Exercise:
        """An exercise of the bank: only its question shows until the learner answers."""
        item = EXERCISES[key]
        return Exercise(item.ask[self.lang], item.answer(), item.why[self.lang], self.lang)
