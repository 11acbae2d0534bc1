"""Policies: the SLA as a versioned TOML file, read into frozen dataclasses in exactly one place.

A policy file has an ``apiVersion`` / ``kind`` / ``metadata`` / ``spec`` envelope; every table of
``spec`` names the clause it implements. Shipped policies live beside this module; a user's own
file is passed by path.

>>> policy = load_policy("tencent-sms-2020-09-23")
>>> policy.target.availability, [str(t.credit_rate) for t in policy.compensation.tiers]
(Fraction(19, 20), ['0.10', '0.30'])
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

from .config import RuleFile, locate, read_rule_file, shipped_files
from .errors import ConfigError
from .money import ROUNDINGS

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
    """An SLA as rules: the service-month rule, the availability target and its boundary, the
    compensation tiers with the fee and cap bases, the claim window, the high-concurrency
    thresholds and the billing tolerance, each carrying the clause it implements.

    Read from a policy file by :func:`read_policy` or :func:`load_policy`; never built by hand
    elsewhere. ``id`` (``name@version``) names it in reports and evidence.
    """

    name: str
    version: str
    title: str
    description: str
    title_zh: str  # the title in Chinese; empty when the file gives none
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


def _read_spec(rules: RuleFile) -> Policy:
    source, meta, spec = rules.source, rules.metadata, rules.spec

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
            raise ConfigError(source, f"{item.path}.credit_rate", item.data["credit_rate"],
                              "must be greater than zero")
        item.done()
    for i, tier in enumerate(tiers):
        upper = target.availability if i == 0 else tiers[i - 1].below
        if tier.below > upper or (i > 0 and tier.below == upper):
            raise ConfigError(source, f"spec.compensation.tiers[{i}].below", str(tier.below),
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
        title_zh=meta.text("title_zh") if "title_zh" in meta.data else "",
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
    """Read and validate one policy file; a bad file raises :class:`~slakit.errors.ConfigError`."""
    return _read_spec(read_rule_file(path, KIND))


@cache
def _read_shipped(path: Path) -> Policy:
    return read_policy(path)


def list_policies() -> list[Policy]:
    """The policies shipped with slakit, the SLA itself first.

    >>> [p.name for p in list_policies()][0]
    'tencent-sms-2020-09-23'
    """
    shipped = [_read_shipped(path) for _, path in sorted(shipped_files("policies").items())]
    return sorted(shipped, key=lambda p: (p.name != DEFAULT_POLICY, p.name))


def load_policy(name_or_path: str | Path = DEFAULT_POLICY) -> Policy:
    """A shipped policy by name, or a user's policy file by path."""
    path, shipped = locate(name_or_path, "policies", "policy")
    return _read_shipped(path) if shipped else read_policy(path)
