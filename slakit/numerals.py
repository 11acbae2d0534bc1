"""Numbers as people type them, read one way everywhere: counts, money and ids, from an option,
a CSV cell, a Parquet or DuckDB column or Python.

- Full-width digits and signs (``１，０００．５０``) read as their ASCII forms (Unicode NFKC).
- A comma is a thousands separator only where one belongs: groups of three digits after a first
  group of one to three that does not start with 0 (``1,000.50``). ``0,045`` is refused as a
  decimal comma, never read as 45.
- Scientific notation (``1.00004E+06``, as a spreadsheet shows a long number) is refused: the
  spreadsheet has rounded the figure, so the text no longer holds it. The fix is named.

>>> plain("１，０００．５０", "fee"), plain(" 1,000 ", "valid_sends")
('1000.50', '1000')
>>> plain("0,045", "list_price")
Traceback (most recent call last):
...
slakit.errors.InputError: field 'list_price' = '0,045': has misplaced thousands separators or a \
decimal comma: write the decimal point as '.' (0.045), group thousands as 1,000
"""

from __future__ import annotations

import numbers
import re
import unicodedata

from .errors import InputError
from .words import says

GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?")
E_NOTATION = re.compile(r"[-+]?(\d[\d,]*\.?\d*|\.\d+)[eE][-+]?\d+")
EXCEL_ID = re.compile(r"\d(\.\d+)?[eE][-+]\d+")  # how a spreadsheet shows a long id: 1.4E+09
WHOLE = re.compile(r"[-+]?\d+")
E_FIX = says("error.e_notation")
ID_FIX = says("error.e_notation_id")


def plain(text: str, field: str) -> str:
    """``text`` as plain ASCII decimal text (``1000.50``), or refused when it cannot be read exactly."""
    value = unicodedata.normalize("NFKC", text).strip()
    if E_NOTATION.fullmatch(value):
        raise InputError(field, text, E_FIX)
    if "," in value:
        if not GROUPED.fullmatch(value):
            hint = value.replace(",", ".") if value.count(",") == 1 else "1000.50"
            raise InputError(field, text, says("error.decimal_comma", hint=hint))
        value = value.replace(",", "")
    return value


def whole(value: object, field: str) -> int:
    """A whole number, from an int (numpy's too: values taken from a DataFrame) or text such as
    ``1,000`` or ``１０００``; booleans, floats and fractions are refused.

    >>> whole("1,000", "valid_sends"), whole("１０００", "valid_sends")
    (1000, 1000)
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        text = plain(value, field)
        if WHOLE.fullmatch(text):
            return int(text)
    raise InputError(field, value, says("error.not_whole"))


def check_id(value: str, field: str) -> str:
    """``value`` unless it is an id a spreadsheet has turned into E-notation (``1.4E+09``)."""
    if EXCEL_ID.fullmatch(unicodedata.normalize("NFKC", value).strip()):
        raise InputError(field, value, ID_FIX)
    return value
