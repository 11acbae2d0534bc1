"""Typed records as exact JSON and back: what one process states, another renders unchanged.

A dataclass becomes an object of its fields; ``Decimal`` and ``Fraction`` become exact text
(``"332.112"``, ``"93/100"``), dates ISO text, tuples lists, and a policy is named by its id and
file (by name, when shipped). :func:`load` reads a record back by the same type hints, so
``load(T, dump(x)) == x``. A field whose metadata is :data:`UNRECORDED` stays in its process (it
needs a default).

>>> from slakit import claim_window
>>> window = claim_window(date(2026, 9, 30))
>>> dump(window)["first_day"], load(type(window), dump(window)) == window
('2026-10-14', True)
"""

from __future__ import annotations

import dataclasses
import types
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from .errors import InputError
from .policy import Policy, load_policy
from .words import says

UNRECORDED = {"record": False}  # a dataclass field's metadata: kept in the process, not in the record


def recorded(f: dataclasses.Field[Any]) -> bool:
    return f.metadata.get("record", True) is not False


def dump(value: object) -> Any:
    """``value`` as JSON-ready data, exact."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal | Fraction | Path):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Policy):
        return {"id": value.id, "source": value.reference}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value) if recorded(f)}
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {dump(k): dump(v) for k, v in value.items()}
    raise TypeError(f"cannot record a {type(value).__name__}")


def load(kind: Any, data: Any) -> Any:
    """Data made by :func:`dump` read back as ``kind``; data that does not fit raises
    :class:`~slakit.errors.InputError`."""
    origin, args = get_origin(kind), get_args(kind)
    if kind is Any:
        return data
    if origin in (Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return load(inner, data)
    if origin is Literal:
        if data not in args:
            raise InputError("record", data, says("error.one_of", choices=", ".join(map(str, args))))
        return data
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(load(args[0], v) for v in data)
        return tuple(load(a, v) for a, v in zip(args, data, strict=True))
    if origin is list:
        return [load(args[0], v) for v in data]
    if origin is dict:  # JSON keys are text: an int key comes back from its digits
        return {int(k) if args[0] is int else load(args[0], k): load(args[1], v) for k, v in data.items()}
    if kind in (Decimal, Fraction, Path):
        return kind(data)
    if kind is date:
        return date.fromisoformat(data)
    if kind is Policy:
        policy = load_policy(data["source"])
        if policy.id != data["id"]:
            raise InputError("policy", data["id"], says("error.record_policy", source=data["source"],
                                                        policy=policy.id))
        return policy
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = get_type_hints(kind)
        return kind(**{f.name: load(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.init and recorded(f)})
    if kind in (bool, int, str) and isinstance(data, kind):
        return data
    raise InputError("record", data, says("error.record_kind", kind=getattr(kind, "__name__", kind)))

