"""Account ids: the key records are archived under, and part of the names of files written for it.

An id is refused when it is empty, has blanks at either end or control characters, is longer than
64 characters, or could leave a folder (a ``/`` or ``\\``, or a leading ``.``).

>>> check_account("1400000001")
'1400000001'
>>> check_account("../x", "--account")
Traceback (most recent call last):
...
slakit.errors.InputError: field '--account' = '../x': must not contain '/' or '\\' nor start with '.'
"""

from __future__ import annotations

from ..errors import InputError
from ..numerals import check_id
from ..words import says

MAX_LENGTH = 64


def check_account(account: object, field: str = "account") -> str:
    """``account`` if it is a usable account id."""
    if not isinstance(account, str) or not account.strip():
        raise InputError(field, account, says("error.account_empty"))
    if account != account.strip():
        raise InputError(field, account, says("error.blanks"))
    if len(account) > MAX_LENGTH:
        raise InputError(field, account, says("error.too_long", n=MAX_LENGTH))
    if not account.isprintable():
        raise InputError(field, account, says("error.control_characters"))
    if "/" in account or "\\" in account or account.startswith("."):
        raise InputError(field, account, says("error.account_path"))
    return check_id(account, field)
