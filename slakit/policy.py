"""Policies: the SLA as a versioned TOML file, read into frozen dataclasses in exactly one place.

A policy file has an ``apiVersion`` / ``kind`` / ``metadata`` / ``spec`` envelope; every table of
``spec`` names the clause it implements. Shipped policies live beside this module; a user's own
file is passed by path.

>>> policy = load_policy("tencent-sms-2020-09-23")
>>> policy.target.availability, [str(t.credit_rate) for t in policy.compensation.tiers]
(Fraction(19, 20), ['0.10', '0.30'])
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import PolicyError, SlakitError
from .money import ROUNDINGS

API_VERSION = "slakit/v1"
KIND = "SlaPolicy"
DEFAULT_POLICY = "tencent-sms-2020-09-23"
RATE_PLACES = 4  # credit rates are whole basis points, so exact integer arithmetic works in bulk


@dataclass(frozen=True)
class MonthRule:
    rule: str  # "natural" (SLA §1.5) or "anniversary"
    clause: str


@dataclass(frozen=True)
class Target:
    availability: Fraction
    boundary: str  # "at_least": a figure exactly on a threshold is in the better band; "above": not
    clause: str

    def reaches(self, availability: Fraction, threshold: Fraction) -> bool:
        """Whether ``availability`` is on the good side of ``threshold`` under this boundary rule."""
        if self.boundary == "at_least":
            return availability >= threshold
        return availability > threshold


@dataclass(frozen=True)
class Tier:
    below: Fraction  # the tier applies below this availability (per the boundary rule)
    credit_rate: Decimal
    clause: str


@dataclass(frozen=True)
class Compensation:
    fee_basis: str  # "consumed" (SLA §1.6) or "net_paid"
    cap_basis: str  # "net_paid" (SLA §3.1(2)) or "consumed"
    sms_rounding: str  # "down", "half_up" or "up"
    tiers: tuple[Tier, ...]  # from the mildest breach to the worst
    clause: str


@dataclass(frozen=True)
class ClaimRule:
    opens_after_working_day: int
    deadline_days: int
    calendar: str  # "cn-mainland" or "weekdays"
    clause: str


@dataclass(frozen=True)
class Concurrency:
    ordinary_per_day: int
    channel_per_day: int
    clause: str


@dataclass(frozen=True)
class Billing:
    tolerance: Fraction
    clause: str


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    title: str
    description: str
    source: str
    service_months: MonthRule
    target: Target
    compensation: Compensation
    claim_window: ClaimRule
    high_concurrency: Concurrency
    billing: Billing

    @property
    def id(self) -> str:
        """``name@version``, the policy's identity in reports and evidence."""
        return f"{self.name}@{self.version}"


class _Table:
    """One TOML table being read: typed getters that raise PolicyError naming the field."""

    def __init__(self, source: str, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise PolicyError(source, path, data, "must be a table")
        self.source, self.data, self.path = source, data, path
        self.read: set[str] = set()

    def _get(self, key: str) -> Any:
        self.read.add(key)
        if key not in self.data:
            raise PolicyError(self.source, self._name(key), None, "is missing")
        return self.data[key]

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _fail(self, key: str, value: object, problem: str) -> PolicyError:
        return PolicyError(self.source, self._name(key), value, problem)

    def text(self, key: str, choices: tuple[str, ...] | None = None) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, value, "must be a non-empty string")
        if choices is not None and value not in choices:
            raise self._fail(key, value, f"must be one of {', '.join(choices)}")
        return value

    def integer(self, key: str, minimum: int) -> int:
        value = self._get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self._fail(key, value, f"must be a whole number ≥ {minimum}")
        return value

    def decimal(self, key: str, places: int) -> Decimal:
        """A ratio in [0, 1] written as a string, e.g. "0.95" (a float would not be exact)."""
        value = self._get(key)
        if not isinstance(value, str):
            raise self._fail(key, value, 'must be a decimal string such as "0.95"')
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self._fail(key, value, "is not a decimal number") from None
        if not number.is_finite() or not 0 <= number <= 1:
            raise self._fail(key, value, "must lie between 0 and 1")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places:
            raise self._fail(key, value, f"has more than {places} decimal places")
        return number

    def table(self, key: str) -> _Table:
        return _Table(self.source, self._get(key), self._name(key))

    def tables(self, key: str) -> list[_Table]:
        value = self._get(key)
        if not isinstance(value, list) or not value:
            raise self._fail(key, value, "must be a non-empty array of tables")
        return [_Table(self.source, item, f"{self._name(key)}[{i}]") for i, item in enumerate(value)]

    def done(self) -> None:
        """Refuse keys nobody read: a typo must not silently fall back to a default."""
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise self._fail(unknown[0], self.data[unknown[0]], "is not a known field")


def _read_spec(source: str, document: dict[str, Any]) -> Policy:
    root = _Table(source, document, "")
    if root.text("apiVersion") != API_VERSION:
        raise PolicyError(source, "apiVersion", document["apiVersion"], f"must be {API_VERSION!r}")
    if root.text("kind") != KIND:
        raise PolicyError(source, "kind", document["kind"], f"must be {KIND!r}")
    meta, spec = root.table("metadata"), root.table("spec")
    root.done()

    months = spec.table("service_months")
    month_rule = MonthRule(months.text("rule", ("natural", "anniversary")), months.text("clause"))
    months.done()

    tgt = spec.table("target")
    target = Target(
        Fraction(tgt.decimal("availability", 6)),
        tgt.text("boundary", ("at_least", "above")),
        tgt.text("clause"),
    )
    tgt.done()

    comp = spec.table("compensation")
    tiers = []
    for item in comp.tables("tiers"):
        tiers.append(
            Tier(Fraction(item.decimal("below", 6)), item.decimal("credit_rate", RATE_PLACES),
                 item.text("clause"))
        )
        if tiers[-1].credit_rate == 0:
            raise PolicyError(source, f"{item.path}.credit_rate", item.data["credit_rate"],
                              "must be greater than zero")
        item.done()
    for i, tier in enumerate(tiers):
        upper = target.availability if i == 0 else tiers[i - 1].below
        if tier.below > upper or (i > 0 and tier.below == upper):
            raise PolicyError(source, f"spec.compensation.tiers[{i}].below", str(tier.below),
                              "tiers must go from the target downwards, each below the last")
    compensation = Compensation(
        comp.text("fee_basis", ("consumed", "net_paid")),
        comp.text("cap_basis", ("net_paid", "consumed")),
        comp.text("sms_rounding", ROUNDINGS),
        tuple(tiers),
        comp.text("clause"),
    )
    comp.done()

    claim = spec.table("claim_window")
    claim_rule = ClaimRule(
        claim.integer("opens_after_working_day", 1),
        claim.integer("deadline_days", 1),
        claim.text("calendar", ("cn-mainland", "weekdays")),
        claim.text("clause"),
    )
    claim.done()

    conc = spec.table("high_concurrency")
    concurrency = Concurrency(
        conc.integer("ordinary_per_day", 1), conc.integer("channel_per_day", 1), conc.text("clause")
    )
    conc.done()

    bill = spec.table("billing")
    billing = Billing(Fraction(bill.decimal("tolerance", 6)), bill.text("clause"))
    bill.done()
    spec.done()

    policy = Policy(
        name=meta.text("name"),
        version=meta.text("version"),
        title=meta.text("title"),
        description=meta.text("description"),
        source=source,
        service_months=month_rule,
        target=target,
        compensation=compensation,
        claim_window=claim_rule,
        high_concurrency=concurrency,
        billing=billing,
    )
    meta.done()
    return policy


def read_policy(path: str | Path) -> Policy:
    """Read and validate one policy file; a bad file raises :class:`PolicyError`."""
    path = Path(path)
    return _read_spec(str(path), read_toml(path))


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's document; a file that cannot be read or parsed raises :class:`PolicyError`."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PolicyError(path, "(file)", str(path), f"cannot be read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise PolicyError(path, "(file)", str(path), f"is not valid TOML: {error}") from None


@cache
def _read_shipped(path: Path) -> Policy:
    return read_policy(path)


def _shipped(folder: str = "policies") -> dict[str, Path]:
    files = resources.files("slakit").joinpath(folder)
    return {Path(str(f)).stem: Path(str(f)) for f in files.iterdir() if f.name.endswith(".toml")}


def locate(name_or_path: str | Path, folder: str, what: str) -> tuple[Path, bool]:
    """A file shipped in one of slakit's data folders by name (and True), or a user's by path."""
    shipped = _shipped(folder)
    if str(name_or_path) in shipped:
        return shipped[str(name_or_path)], True
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return path, False
    raise SlakitError(
        f"unknown {what} {str(name_or_path)!r}: give a {what} file's path or one of "
        + ", ".join(sorted(shipped))
    )


def list_policies() -> list[Policy]:
    """The policies shipped with slakit, the SLA itself first.

    >>> [p.name for p in list_policies()][0]
    'tencent-sms-2020-09-23'
    """
    shipped = [_read_shipped(path) for _, path in sorted(_shipped().items())]
    return sorted(shipped, key=lambda p: (p.name != DEFAULT_POLICY, p.name))


def load_policy(name_or_path: str | Path = DEFAULT_POLICY) -> Policy:
    """A shipped policy by name, or a user's policy file by path."""
    path, shipped = locate(name_or_path, "policies", "policy")
    return _read_shipped(path) if shipped else read_policy(path)
