"""How figures read to a person and in JSON: ratios cut (never rounded across a boundary), money
with its places.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

DISPLAY_PLACES = 6  # availability shown as a decimal is truncated, so it never crosses a boundary
FEN = Decimal("0.01")


def truncate(ratio: Fraction, places: int = DISPLAY_PLACES) -> Decimal:
    """A ratio as a decimal, cut (not rounded) to ``places``.

    >>> truncate(Fraction(2, 3)), truncate(Fraction(19, 20))
    (Decimal('0.666666'), Decimal('0.950000'))
    """
    return Decimal(ratio.numerator * 10**places // ratio.denominator).scaleb(-places)


def percent(ratio: Fraction) -> str:
    """A ratio as a percentage, exact when it fits four places, else cut with an ellipsis.

    >>> percent(Fraction(19, 20)), percent(Fraction(2, 3)), percent(Fraction(1))
    ('95%', '66.6666…%', '100%')
    """
    value = ratio * 100
    cut = truncate(value, 4)
    text = format(cut.normalize(), "f")
    return f"{text}%" if Fraction(cut) == value else f"{text}…%"


def show(amount: Decimal) -> str:
    """An amount as text: at least two places, more only when the amount has them.

    >>> show(Decimal("300.0000")), show(Decimal("100.005")), show(Decimal("7"))
    ('300.00', '100.005', '7.00')
    """
    if amount == amount.quantize(FEN):
        return str(amount.quantize(FEN))
    return str(amount.normalize())
