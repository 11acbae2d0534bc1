from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import nbformat
import pytest

from slakit.i18n import LANGS, Lang
from slakit.ui.course import Course, Exercise, read_answer, shown
from slakit.ui.lessons import EXAMPLES, EXERCISES, Answer

COURSE = Path(__file__).parents[2] / "notebooks" / "course"
CALLED = re.compile(r'course\.(example|exercise)\("([^"]+)"\)')


@pytest.mark.parametrize(("text", "like", "expected"), [
    ("1,234", 0, 1234), (" 30000 条", 0, 30_000), ("95%", Fraction(1), Fraction(19, 20)),
    ("0.95", Fraction(1), Fraction(19, 20)), ("93.5 %", Fraction(1), Fraction(187, 200)),
    ("¥1,350.00", Decimal(0), Decimal("1350.00")), ("1350 元", Decimal(0), Decimal(1350)),
    ("2026-10-14", date(2000, 1, 1), date(2026, 10, 14)), ("是", True, True), ("No", True, False),
    ("不是", True, False), ("maybe", True, None), ("14 Oct", date(2000, 1, 1), None), ("abc", 0, None),
    # as learners type them: a percentage asked "as a %" without its sign, Chinese dates, units
    ("95", Fraction(1), Fraction(19, 20)), ("99.9", Fraction(1), Fraction(999, 1000)),
    ("1", Fraction(1), Fraction(1)), ("95％", Fraction(1), Fraction(19, 20)),
    ("2026/5/30", date(2000, 1, 1), date(2026, 5, 30)),
    ("2026年5月30日", date(2000, 1, 1), date(2026, 5, 30)),
    ("2026.05.30", date(2000, 1, 1), date(2026, 5, 30)), ("2026/13/30", date(2000, 1, 1), None),
    ("RMB 1,350", Decimal(0), Decimal(1350)), ("5,555 条短信", 0, 5_555),
])
def test_answers_are_read_leniently(text, like, expected):
    assert read_answer(text, like) == expected


def test_an_exercise_checks_exactly():
    exercise = Exercise("Availability?", Fraction(19, 20), lang="en")
    assert exercise.check("95%") and exercise.check("0.95") and exercise.check("95")
    assert not exercise.check("94.99%") and not exercise.check("94.99") and not exercise.check("")


def typed(answer: Answer) -> str:
    """The right answer as a learner would type it."""
    if isinstance(answer, bool):
        return "yes" if answer else "否"
    if isinstance(answer, Fraction):
        return f"{float(answer * 100):g}%"
    if isinstance(answer, int):
        return f"{answer:,}"
    return str(answer)


def off_by_one(answer: Answer) -> Answer:
    """A near miss: one more, a day later, or the other of yes and no."""
    if isinstance(answer, bool):
        return not answer
    if isinstance(answer, date):
        return answer + timedelta(days=1)
    if isinstance(answer, Fraction):
        return answer + Fraction(1, 1000)
    return answer + 1 if isinstance(answer, int | Decimal) else answer + "?"


def used() -> dict[str, set[str]]:
    """The examples and exercises each lesson's source calls for."""
    calls: dict[str, set[str]] = {"example": set(), "exercise": set()}
    for source in (COURSE / "source").glob("*.py"):
        for kind, key in CALLED.findall(source.read_text(encoding="utf-8")):
            calls[kind].add(key)
    return calls


def test_the_lessons_use_the_whole_bank_and_nothing_outside_it():
    calls = used()
    assert calls["example"] == set(EXAMPLES) and calls["exercise"] == set(EXERCISES)


def test_a_lesson_shows_the_question_and_never_the_answer():
    for path in COURSE.glob("*/*.ipynb"):
        code = "\n".join(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code")
        assert set(re.sub(CALLED, "", code).split()) <= {
            "from", "slakit.ui.course", "import", "Course", "course", "=", 'Course("zh")', 'Course("en")'}


HAN = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # Chinese characters and punctuation
CJK_BREAK = re.compile(rf"[{HAN}](\*\*)?\n(> ?)?(\*\*)?[{HAN}0-9]")


def test_chinese_text_runs_on_without_a_stray_space():
    """A browser shows a line break inside a markdown paragraph as a space, which splits Chinese
    (and the SLA's own words) where the original has none: Chinese paragraphs stay on one line."""
    for path in COURSE.glob("*/*.ipynb"):
        for cell in nbformat.read(path, 4).cells:
            if cell.cell_type == "markdown":
                assert not CJK_BREAK.search(cell.source), (path.name, cell.source[:60])


@pytest.mark.parametrize("key", sorted(EXERCISES))
@pytest.mark.parametrize("lang", LANGS)
def test_each_exercise_accepts_its_answer_explains_it_and_refuses_others(key, lang: Lang):
    exercise = Course(lang).exercise(key)
    answer = EXERCISES[key].answer()
    assert exercise.question == EXERCISES[key].ask[lang] and exercise.feedback.value == ""
    assert "{" not in exercise.explanation and shown(answer, lang) in exercise.explanation
    exercise.box.value = "nonsense"
    assert "slakit-wrong" in exercise.feedback.value and exercise.explanation not in exercise.feedback.value
    exercise.box.value = typed(answer)
    assert "slakit-correct" in exercise.feedback.value
    assert exercise.explanation in exercise.feedback.value.replace("&#x27;", "'")
    exercise.box.value = typed(off_by_one(answer))
    assert "slakit-wrong" in exercise.feedback.value and "✗" in exercise.feedback.value


def test_an_unreadable_answer_says_what_the_box_expects():
    exercise = Course("zh").exercise("march-deadline")
    exercise.box.value = "5月30日"
    assert "日期，格式为 YYYY-MM-DD" in exercise.feedback.value
    exercise = Course("en").exercise("credit-13500")
    exercise.box.value = "lots"
    assert "That does not read as an amount, such as 1,350.00" in exercise.feedback.value


def test_the_answer_is_shown_on_request():
    exercise = Course("en").exercise("credit-13500")
    exercise.reveal_button.click()
    assert "slakit-answer" in exercise.feedback.value and "The answer: 1,350.00." in exercise.feedback.value
    assert "10% × 13,500.00 = 1,350.00 yuan" in exercise.feedback.value
    chinese = Course("zh").exercise("meets-800k")
    chinese.reveal_button.click()
    assert "答案：是。" in chinese.feedback.value and chinese.reveal_button.description == "显示答案"


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_each_worked_example_reads_in_both_languages(key):
    english, chinese = Course("en").example(key).html, Course("zh").example(key).html
    assert "<table" in english and "<table" in chinese and english != chinese
    assert re.search(r"[\u4e00-\u9fff]", chinese)  # Chinese headers


def test_the_examples_show_money_as_money():
    net = Course("en").example("net-fee-reading").html
    assert "60.00" in net and "60.0000" not in net  # 30 % of the 200.00 actually paid
    assert "1,350.00" not in net and "200.00" in net
