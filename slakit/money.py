"""Exact money: parsing amounts into ``Decimal`` (SLA §3: money is never a float), and a service
month's fees as one checked value.

Fees are yuan with at most two decimal places (fen); a list price per SMS may be finer.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .errors import InputError
from .numerals import plain
from .words import Said, says

FEE_PLACES = 2
PRICE_PLACES = 6
MICRO_YUAN = Decimal(1).scaleb(-PRICE_PLACES)  # the finest amount: list prices, bulk sums
MAX_AMOUNT = Decimal(10**11)  # 100 billion yuan: far above any SMS bill, inside every exact path

ROUNDINGS = ("down", "half_up", "up")


def parse_amount(value: object, field: str, *, places: int = FEE_PLACES) -> Decimal:
    """An exact, finite, non-negative amount with at most ``places`` decimal places.

    >>> parse_amount("1000.50", "fee"), parse_amount("1,000.50", "fee")
    (Decimal('1000.50'), Decimal('1000.50'))
    >>> parse_amount(0.1, "fee")
    Traceback (most recent call last):
    ...
    slakit.errors.InputError: field 'fee' = 0.1: is a binary float; give money as a string or Decimal
    """
    if isinstance(value, bool | float):
        raise InputError(field, value, says("error.binary_float"))
    if isinstance(value, numbers.Integral):  # numpy's integers too
        value = int(value)
    if not isinstance(value, Decimal | int | str):
        raise InputError(field, value, says("error.not_decimal"))
    if isinstance(value, str):  # as people type it: 1,000.00, full-width digits; no E-notation
        value = plain(value, field)
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise InputError(field, value, says("error.not_decimal")) from None
    if not amount.is_finite():
        raise InputError(field, value, says("error.not_finite"))
    if amount < 0:
        raise InputError(field, value, says("error.negative"))
    if amount > MAX_AMOUNT:
        raise InputError(field, value, says("error.largest_amount", largest=MAX_AMOUNT))
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise InputError(field, value, says("error.decimal_places", places=places))
    return amount


def parse_price(value: object, field: str = "list_price") -> Decimal:
    """A list price per SMS: positive, with at most six decimal places.

    >>> parse_price("0.045")
    Decimal('0.045')
    """
    price = parse_amount(value, field, places=PRICE_PLACES)
    if price == 0:
        raise InputError(field, value, says("error.not_positive"))
    return price


def whole_sms(amount: Decimal, price: Decimal, rounding: str) -> int:
    """How many SMS at ``price`` an ``amount`` is worth, rounded as the policy says (SLA §3.1(1)).

    >>> whole_sms(Decimal("300.00"), Decimal("0.045"), "down")
    6666
    >>> whole_sms(Decimal("300.00"), Decimal("0.045"), "half_up")
    6667
    """
    return round_fraction(Fraction(amount) / Fraction(price), rounding)


def round_fraction(value: Fraction, rounding: str) -> int:
    """A non-negative fraction rounded to a whole number: ``down``, ``half_up`` or ``up``.

    >>> [round_fraction(Fraction(5, 2), r) for r in ("down", "half_up", "up")]
    [2, 3, 3]
    """
    if rounding == "down":
        return value.numerator // value.denominator
    if rounding == "up":
        return -(-value.numerator // value.denominator)
    if rounding == "half_up":
        return (2 * value.numerator + value.denominator) // (2 * value.denominator)
    raise InputError("sms_rounding", rounding, says("error.one_of", choices=", ".join(ROUNDINGS)))


@dataclass(frozen=True)
class Fees:
    """A service month's money, checked once: the consumed fee (SLA §1.6), the vouchers, coupons
    and fee reductions (SLA §3.1(2)), the fee paid net of them and the list price per SMS
    (SLA §3.1(1)). Made by :func:`fees`.

    >>> f = fees("1000.00", "0.05", deductions="800.00")
    >>> f.net_paid, f.paid_given
    (Decimal('200.00'), False)
    """

    fee: Decimal
    deductions: Decimal
    net_paid: Decimal  # as given (a prepaid package's month, say), else fee − deductions
    list_price: Decimal
    paid_given: bool


def fees(fee: object, list_price: object, deductions: object = "0", paid: object = None) -> Fees:
    """A month's fees, each amount parsed and the whole checked against the text: the deductions
    cannot exceed the consumed fee, and the fee paid lies within 0 ≤ paid ≤ fee − deductions
    (SLA §1.6 counts only the fee consumed in the month; §3.1(2) nets out the deductions).

    >>> try:
    ...     fees("1000.00", "0.05", deductions="800.00", paid="500.00")
    ... except InputError as error:
    ...     print(str(error.problem).split(":")[0])
    exceeds the fee net of deductions, 1000.00 − 800.00 = 200.00
    """
    consumed = parse_amount(fee, "fee")
    deducted = parse_amount(deductions, "deductions")
    if deducted > consumed:
        raise InputError("deductions", deductions, says("error.deductions_exceed", fee=consumed))
    net = consumed - deducted
    if paid is not None:
        given = parse_amount(paid, "paid")
        if given > net:
            raise InputError("paid", paid, paid_exceeds(consumed, deducted))
        net = given
    return Fees(consumed, deducted, net, parse_price(list_price), paid is not None)


def term_so_far(paid: object, credited: object, *,
                fields: tuple[str, str] = ("paid_before", "credited_before"),
                paid_words: Said | str | None = None) -> tuple[Decimal, Decimal]:
    """The fees paid in a term's earlier months and the compensation they earned, checked: a
    term's compensation never exceeds the fees paid for it (SLA §5.1). ``fields`` name the two
    where they were given; ``paid_words`` says the first in the error.

    >>> term_so_far("500.00", "250.00")
    (Decimal('500.00'), Decimal('250.00'))
    """
    before, granted = parse_amount(paid, fields[0]), parse_amount(credited, fields[1])
    if granted > before:
        raise InputError(fields[1], credited, says("error.credited_exceed", paid=before,
                                                   what=paid_words or says("term.fees_paid_before")))
    return before, granted


def paid_exceeds(fee: Decimal, deductions: Decimal) -> Said:
    """Why a fee paid above ``fee − deductions`` is refused, naming both."""
    return says("error.paid_exceeds", fee=fee, deductions=deductions, net=fee - deductions)

