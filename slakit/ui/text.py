"""What the notebooks' widgets say, in Chinese and English: the controls' labels, the figures'
names, the charts' words and the messages, one phrase book with every key in both languages.

>>> text("zh", "valid_sends"), text("en", "valid_sends")
('有效发送数', 'Valid sends')
"""

from __future__ import annotations

from ..errors import InputError, SlakitError
from ..i18n import Lang
from ..words import say


def text(lang: Lang, key: str, **values: object) -> str:
    """A phrase of the widgets in ``lang``, with ``values`` filled in."""
    return say(lang, f"ui.{key}", **values)


def error_text(error: SlakitError, lang: Lang, labels: dict[str, str]) -> str:
    """One line for a bad input: the field by the label its control shows, the value, the problem.

    ``labels`` maps the core's field names to those labels; an error about anything else (a
    policy file, say) keeps its own wording, which names the file, the field and the value.

    >>> from slakit.words import says
    >>> error_text(InputError("fee", "45.001", says("error.decimal_places", places=2)), "zh",
    ...            {"fee": "实际消耗费用（元）"})
    "⚠ 输入有误：实际消耗费用（元） = '45.001'：小数位超过 2 位"
    """
    if isinstance(error, InputError) and error.field in labels and error.source is None:
        value = error.value
        message = text(lang, "missing_field" if value is None else "bad_field",
                       label=labels[error.field], problem=error.problem.text(lang),
                       value=repr(value) if isinstance(value, str) else value)
    else:
        message = error.text(lang)
    return text(lang, "error", message=message)

