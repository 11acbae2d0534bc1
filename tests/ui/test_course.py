from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import jupytext
import pytest

from slakit.ui.course import Exercise, read_answer
from tests.live_kernel import live_kernel

COURSE = sorted((Path(__file__).parents[2] / "notebooks" / "course").glob("*.py"))


@pytest.mark.parametrize(("text", "like", "expected"), [
    ("1,234", 0, 1234), (" 30000 条", 0, 30_000), ("95%", Fraction(1), Fraction(19, 20)),
    ("0.95", Fraction(1), Fraction(19, 20)), ("93.5 %", Fraction(1), Fraction(187, 200)),
    ("¥1,350.00", Decimal(0), Decimal("1350.00")), ("1350 元", Decimal(0), Decimal(1350)),
    ("2026-10-14", date(2000, 1, 1), date(2026, 10, 14)), ("是", True, True), ("No", True, False),
    ("maybe", True, None), ("14 Oct", date(2000, 1, 1), None), ("abc", 0, None),
])
def test_answers_are_read_leniently(text, like, expected):
    assert read_answer(text, like) == expected


def test_an_exercise_checks_exactly():
    exercise = Exercise("Availability?", Fraction(19, 20))
    assert exercise.check("95%") and exercise.check("0.95")
    assert not exercise.check("94.99%") and not exercise.check("")


def typed(kind: str, text: str) -> str:
    """An answer (its type's name and ``str``) as a learner would type it."""
    if kind == "bool":
        return "yes" if text == "True" else "no"
    if kind == "Fraction":
        return f"{float(Fraction(text) * 100):g}%"
    if kind == "int":
        return f"{int(text):,}"
    return text


@pytest.mark.slow
@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_each_lesson_runs_and_its_exercises_accept_the_right_answer_only(path):
    code = "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")
    with live_kernel() as kernel:
        kernel.run(code)
        kernel.run("import gc\nfrom slakit.ui.course import Exercise\n"
                   "exercises = [o for o in gc.get_objects() if isinstance(o, Exercise)]")
        answers = kernel.value("[(type(e.answer).__name__, str(e.answer)) for e in exercises]")
        assert len(answers) >= 2
        for i, (kind, text) in enumerate(answers):
            kernel.run(f"exercises[{i}].box.value = {typed(kind, text)!r}\n"
                       f"exercises[{i}].button.click()")
            assert "slakit-correct" in kernel.value(f"exercises[{i}].feedback.value"), (kind, text)
            kernel.run(f"exercises[{i}].box.value = 'nonsense'\nexercises[{i}].button.click()")
            assert "slakit-wrong" in kernel.value(f"exercises[{i}].feedback.value")
