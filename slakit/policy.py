"""Policies: the SLA as a versioned TOML file, read into frozen dataclasses in exactly one place.

A policy file has an ``apiVersion`` / ``kind`` / ``metadata`` / ``spec`` envelope; every table of
``spec`` names the clause it implements. Shipped policies live beside this module; a user's own
file is passed by path.

>>> policy = load_policy("tencent-sms-2020-09-23")
>>> policy.target.availability, [str(t.credit_rate) for t in policy.compensation.tiers]
(Fraction(19, 20), ['0.10', '0.30'])
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .config import RuleFile, Table, locate, read_rule_file, read_toml, shipped_files
from .errors import ConfigError
from .i18n import Bilingual
from .money import ROUNDINGS
from .words import says

if TYPE_CHECKING:
    import numpy as np

KIND = "SlaPolicy"
DEFAULT_POLICY = "tencent-sms-2020-09-23"
RATE_PLACES = 4  # credit rates are whole basis points, so exact integer arithmetic works in bulk


@dataclass(frozen=True)
class MonthRule:
    rule: str  # "natural" (SLA §1.5) or "anniversary"
    clause: Bilingual


@dataclass(frozen=True)
class Target:
    availability: Fraction
    boundary: str  # "at_least": a figure exactly on a threshold is in the better band; "above": not
    clause: Bilingual

    def reaches(self, availability: Fraction, threshold: Fraction) -> bool:
        """Whether ``availability`` is on the good side of ``threshold`` under this boundary rule."""
        if self.boundary == "at_least":
            return availability >= threshold
        return availability > threshold


Count = TypeVar("Count", int, "np.ndarray[Any, np.dtype[np.int64]]")


@dataclass(frozen=True)
class Exclusions:
    # "removed" (default): an excluded send (SLA §4) leaves both the failures and the valid sends;
    # "delivered": it stays among the valid sends as a non-failure.
    excluded_sends: str
    clause: Bilingual

    def counted_sends(self, valid_sends: Count, excluded: Count) -> Count:
        """The availability's denominator (SLA §2.1): the valid sends, with the excluded ones
        too under the reading that counts them as delivered. One count or an int64 array alike."""
        return valid_sends + excluded if self.excluded_sends == "delivered" else valid_sends


@dataclass(frozen=True)
class Tier:
    below: Fraction  # the tier applies below this availability (per the boundary rule)
    credit_rate: Decimal
    clause: Bilingual


@dataclass(frozen=True)
class Compensation:
    fee_basis: str  # the percentage's base: "consumed" (SLA §1.6) or "net_paid"
    fee_clause: Bilingual
    cap_basis: str  # the month's cap: "net_paid" (SLA §3.1(2)) or "consumed"
    cap_clause: Bilingual
    sms_rounding: str  # the credit in whole SMS at the list price (SLA §3.1(1)): "down", "half_up", "up"
    sms_clause: Bilingual
    tiers: tuple[Tier, ...]  # from the mildest breach to the worst
    clause: Bilingual


@dataclass(frozen=True)
class Liability:
    # "fees_paid" (SLA §5.1): a term's total credit never exceeds the fees paid for it; "none".
    term_cap: str
    clause: Bilingual


@dataclass(frozen=True)
class ClaimRule:
    opens_after_working_day: int
    deadline_days: int
    calendar: str  # "cn-mainland" or "weekdays"
    # "after" (default): claims may be filed from the day after the N-th working day ("第五个工作日后");
    # "on": from the N-th working day itself.
    first_day: str
    clause: Bilingual


@dataclass(frozen=True)
class Concurrency:
    ordinary_per_day: int
    channel_per_day: int
    # "undeclared" (default, "未提前告知"): a day at the threshold is excluded unless the account
    # declared its volume in advance; "all": whether declared or not.
    applies_to: str
    clause: Bilingual


@dataclass(frozen=True)
class Billing:
    tolerance: Fraction
    clause: Bilingual


@dataclass(frozen=True)
class Policy:
    """An SLA as rules: the service-month rule, the availability target and its boundary, how
    excluded sends count, the compensation tiers with the fee and cap bases, the term's liability
    cap, the claim window, the high-concurrency thresholds and the billing tolerance, each
    carrying the clause it implements (in Chinese and English).

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
    exclusions: Exclusions
    compensation: Compensation
    liability: Liability
    claim_window: ClaimRule
    high_concurrency: Concurrency
    billing: Billing
    defaulted: tuple[str, ...] = ()  # keys the file left out that take the SLA's default reading

    @property
    def id(self) -> str:
        """``name@version``, the policy's identity in reports and evidence."""
        return f"{self.name}@{self.version}"

    @property
    def reference(self) -> str:
        """What :func:`load_policy` takes to load this policy again: a shipped policy's file name,
        else the path of its file.

        >>> load_policy().reference
        'tencent-sms-2020-09-23'
        """
        stem = Path(self.source).stem
        return stem if shipped_files("policies").get(stem) == Path(self.source) else self.source

    def readings(self) -> dict[str, str]:
        """The reading this policy takes of each point the SLA leaves open.

        >>> load_policy().readings()["excluded sends"]
        'removed'
        """
        return {"service months": self.service_months.rule,
                "fee basis": self.compensation.fee_basis,
                "monthly cap": self.compensation.cap_basis,
                "excluded sends": self.exclusions.excluded_sends,
                "term cap": self.liability.term_cap,
                "first claim day": self.claim_window.first_day,
                "§4.10 applies to": self.high_concurrency.applies_to}


# SLA §4 lists 4.1–4.17: the causes whose failures do not count against availability
EXCLUSION_CLAUSES = tuple(f"SLA §4.{n}" for n in range(1, 18))


def exclusion_clause(table: Table, key: str = "clause") -> str:
    """The clause a rule that takes failures out of the count cites: one of SLA §4's."""
    clause = table.text(key)
    if clause not in EXCLUSION_CLAUSES:
        raise table.fail(key, clause, says("error.not_exclusion_clause", first=EXCLUSION_CLAUSES[0],
                                           last=EXCLUSION_CLAUSES[-1]))
    return clause


# Keys the policy schema gained within slakit/v1, after its first files were written. A file
# without one takes the SLA's default reading, from the SLA's own file, and the policy says so.
GAINED = ("exclusions", "liability", "compensation.fee_clause", "compensation.cap_clause",
          "compensation.sms_clause", "claim_window.first_day", "high_concurrency.applies_to")


def _fill_gained(spec: dict[str, Any], source: str) -> tuple[str, ...]:
    """Put the SLA's reading into ``spec`` for each gained key it lacks; the keys so filled."""
    sla = shipped_files("policies")[DEFAULT_POLICY]
    if Path(source) == sla:
        return ()
    defaults = read_toml(sla)["spec"]
    filled = []
    for key in GAINED:
        *tables, last = key.split(".")
        here: Any = spec
        there = defaults
        for name in tables:
            here, there = here.get(name) if isinstance(here, dict) else None, there[name]
        if isinstance(here, dict) and last not in here:
            here[last] = copy.deepcopy(there[last])
            filled.append(f"spec.{key}")
    return tuple(filled)


def _read_spec(rules: RuleFile) -> Policy:
    source, meta, spec = rules.source, rules.metadata, rules.spec
    defaulted = _fill_gained(spec.data, source) if isinstance(spec.data, dict) else ()

    months = spec.table("service_months")
    month_rule = MonthRule(months.text("rule", ("natural", "anniversary")), months.bilingual("clause"))
    months.done()

    tgt = spec.table("target")
    target = Target(
        Fraction(tgt.decimal("availability", 6)),
        tgt.text("boundary", ("at_least", "above")),
        tgt.bilingual("clause"),
    )
    tgt.done()

    excl = spec.table("exclusions")
    exclusions = Exclusions(excl.text("excluded_sends", ("removed", "delivered")),
                            excl.bilingual("clause"))
    excl.done()

    comp = spec.table("compensation")
    tiers = []
    for item in comp.tables("tiers"):
        tiers.append(
            Tier(Fraction(item.decimal("below", 6)), item.decimal("credit_rate", RATE_PLACES),
                 item.bilingual("clause"))
        )
        if tiers[-1].credit_rate == 0:
            raise ConfigError(source, f"{item.path}.credit_rate", item.data["credit_rate"],
                              says("error.not_positive"))
        item.done()
    for i, tier in enumerate(tiers):
        upper = target.availability if i == 0 else tiers[i - 1].below
        if tier.below > upper or (i > 0 and tier.below == upper):
            raise ConfigError(source, f"spec.compensation.tiers[{i}].below", str(tier.below),
                              says("error.tier_order"))

    compensation = Compensation(
        comp.text("fee_basis", ("consumed", "net_paid")),
        comp.bilingual("fee_clause"),
        comp.text("cap_basis", ("net_paid", "consumed")),
        comp.bilingual("cap_clause"),
        comp.text("sms_rounding", ROUNDINGS),
        comp.bilingual("sms_clause"),
        tuple(tiers),
        comp.bilingual("clause"),
    )
    comp.done()

    liab = spec.table("liability")
    liability = Liability(liab.text("term_cap", ("fees_paid", "none")), liab.bilingual("clause"))
    liab.done()

    claim = spec.table("claim_window")
    claim_rule = ClaimRule(
        claim.integer("opens_after_working_day", 1),
        claim.integer("deadline_days", 1),
        claim.text("calendar", ("cn-mainland", "weekdays")),
        claim.text("first_day", ("after", "on")),
        claim.bilingual("clause"),
    )
    claim.done()

    conc = spec.table("high_concurrency")
    concurrency = Concurrency(
        conc.integer("ordinary_per_day", 1), conc.integer("channel_per_day", 1),
        conc.text("applies_to", ("undeclared", "all")), conc.bilingual("clause")
    )
    conc.done()

    bill = spec.table("billing")
    billing = Billing(Fraction(bill.decimal("tolerance", 6)), bill.bilingual("clause"))
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
        exclusions=exclusions,
        compensation=compensation,
        liability=liability,
        claim_window=claim_rule,
        high_concurrency=concurrency,
        billing=billing,
        defaulted=defaulted,
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
