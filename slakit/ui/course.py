"""Exercises for the training course: the learner types an answer into a widget and it is checked
against the figure slakit computes. Answers are read leniently ("1,000", "95%", "0.95", "是")
and compared exactly.

>>> Exercise("Does 95 % meet the target?", True).check("yes")
True
>>> Exercise("Availability?", Fraction(19, 20)).check("95%")
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

Answer = bool | int | Decimal | Fraction | date | str
YES = {"yes", "y", "true", "是", "对"}
NO = {"no", "n", "false", "否", "不"}


def read_answer(text: str, like: Answer) -> Answer | None:
    """The learner's text read as the same kind of value as ``like``; None if it cannot be.

    >>> read_answer("1,234", 0), read_answer("2026-10-14", date.today()), read_answer("90 %", Fraction(1))
    (1234, datetime.date(2026, 10, 14), Fraction(9, 10))
    """
    text = text.strip().lower()
    try:
        if isinstance(like, bool):
            return True if text in YES else False if text in NO else None
        if isinstance(like, date):
            return date.fromisoformat(text)
        number = re.sub(r"[,\s¥元yuansms条]", "", text)
        if isinstance(like, int):
            return int(number)
        if isinstance(like, Fraction):
            if number.endswith("%"):
                return Fraction(Decimal(number[:-1])) / 100
            return Fraction(Decimal(number))
        if isinstance(like, Decimal):
            return Decimal(number)
    except (ValueError, InvalidOperation):
        return None
    return text


class Exercise:
    """A question, an answer box, a Check button and the feedback."""

    def __init__(self, question: str, answer: Answer, explanation: str = "") -> None:
        self.question, self.answer, self.explanation = question, answer, explanation
        self.box = widgets.Text(placeholder="your answer", continuous_update=False,
                                layout={"width": "16em"})
        self.button = widgets.Button(description="Check", button_style="primary")
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.show(self.check(self.box.value)))
        self.box.observe(lambda _: self.show(self.check(self.box.value)), names="value")
        self.widget = widgets.VBox([widgets.HTML(f"<b>Exercise.</b> {html.escape(question)}"),
                                    widgets.HBox([self.box, self.button]), self.feedback])

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def check(self, text: str) -> bool:
        return read_answer(text, self.answer) == (
            self.answer.lower() if isinstance(self.answer, str) else self.answer)

    def show(self, correct: bool) -> None:
        if correct:
            self.feedback.value = (f"<span class='slakit-correct' style='color:#1e8449'>Correct.</span> "
                                   f"{html.escape(self.explanation)}")
        else:
            self.feedback.value = ("<span class='slakit-wrong' style='color:#b03a2e'>Not quite — "
                                   "try again.</span>")
