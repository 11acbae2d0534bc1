"""The code map: which send-time or receipt code is which outcome under the SLA, and why.

A versioned TOML file (``apiVersion`` / ``kind`` / ``metadata`` / ``spec``) read and validated
here only; every entry names its clause. Shipped maps live in ``slakit/codemaps/``; a user's own
map is passed by path.

>>> m = load_codemap()
>>> m.classify("receipt", "DELIVRD").cls, m.classify("send", "InternalError.Timeout").clause
('delivered', 'SLA §1.2')
>>> m.classify("receipt", "MK:0001") is None   # not in the map: unclassified
True
>>> [m.undelivered("receipt", code) for code in ("EXPIRED", "UNKNOWN", "MK:0001")]  # left out at best?
[True, False, True]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..config import RuleFile, Table, locate, read_rule_file
from ..policy import exclusion_clause
from ..words import says

KIND = "CodeMap"
DEFAULT_CODEMAP = "tencent-sms-2020-09-23"
CLASSES = ("delivered", "invalid_number", "excluded", "explicit_failure", "disputed")
DISPUTED = "disputed"
# A disputed send's best case (the band's best end; its worst is an explicit failure, SLA §1.2):
# "delivered" where it may have been delivered, "left_out" of both counts where it certainly was
# not, for a cause that may lie outside the provider (SLA §1.4(2), §4.14).
BEST = ("delivered", "left_out")
STAGES = ("send", "receipt")
SUBMITTED = "submitted"  # a send accepted by the API: its receipt decides
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class Rule:
    """One code (or stem ending in ``*``) of one stage, its class and the clause behind it; a
    disputed code also its best case (one of :data:`BEST`) and the clause behind that."""

    stage: str
    code: str
    cls: str
    clause: str
    note: str
    best: str | None = None  # disputed codes only
    best_clause: str | None = None

    def matches(self, code: str) -> bool:
        return code.startswith(self.code[:-1]) if self.code.endswith("*") else code == self.code


@dataclass(frozen=True)
class CodeMap:
    name: str
    version: str
    title: str
    source: str
    submitted: frozenset[str]  # send codes meaning "accepted, see the receipt"
    grace_hours: int
    no_receipt: Rule  # the outcome of a submitted send still without a receipt after the grace
    rules: tuple[Rule, ...]

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    def classify(self, stage: str, code: str) -> Rule | None:
        """The rule for a code: an exact entry first, then the longest matching stem."""
        found = [r for r in self.rules if r.stage == stage and r.matches(code)]
        return max(found, key=lambda r: (not r.code.endswith("*"), len(r.code)), default=None)

    def resolve(self, codes: Iterable[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
        """``(stage, code, class, clause)`` for each code seen: the table the aggregation joins.

        >>> load_codemap().resolve([("send", "Ok"), ("receipt", "MK:0001")])
        [('send', 'Ok', 'submitted', 'SLA §1.2'), ('receipt', 'MK:0001', 'unclassified', '')]
        """
        table = []
        for stage, code in codes:
            rule = self.classify(stage, code)
            if stage == "send" and code in self.submitted:
                table.append((stage, code, SUBMITTED, self.no_receipt.clause))
            elif rule is None:
                table.append((stage, code, UNCLASSIFIED, ""))
            else:
                table.append((stage, code, rule.cls, rule.clause))
        return table

    def undelivered(self, stage: str, code: str) -> bool:
        """Whether a send counted disputed or unclassified with this code was certainly not
        delivered: the band's best end leaves it out of both counts. A code the map does not
        list (a carrier's failure code) is left out at best: no reading makes it delivered."""
        rule = self.no_receipt if stage == "send" and code in self.submitted else self.classify(stage, code)
        return rule is None or rule.best == "left_out"


def _best(entry: Table, cls: str) -> tuple[str | None, str | None]:
    """A disputed entry's best case and its clause, required; any other class has none."""
    if cls == DISPUTED:
        return entry.text("best", BEST), entry.text("best_clause")
    for key in ("best", "best_clause"):
        if key in entry.data:
            raise entry.fail(key, entry.data[key], says("error.best_disputed_only", cls=cls))

    return None, None


def _entry(entry: Table, stage: str, code: str) -> Rule:
    cls = entry.text("class", CLASSES)
    clause = exclusion_clause(entry) if cls == "excluded" else entry.text("clause")
    best, best_clause = _best(entry, cls)
    rule = Rule(stage, code, cls, clause, entry.text("note"), best, best_clause)
    entry.done()
    return rule


def _rule(table: Table, stage: str, code: str) -> Rule:
    return _entry(table.table(code), stage, code)


def _read_spec(rules: RuleFile) -> CodeMap:
    source, meta, spec = rules.source, rules.metadata, rules.spec
    sub = spec.table("submitted")
    codes = sub.texts("codes")
    grace = sub.integer("grace_hours", 0)
    no_receipt = _entry(sub, "send", "(no receipt)")

    entries: list[Rule] = []
    for stage in STAGES:
        table = spec.table(stage)
        entries += [_rule(table, stage, code) for code in list(table.data)]
        table.done()
    spec.done()
    codemap = CodeMap(meta.text("name"), meta.text("version"), meta.text("title"), source,
                      frozenset(codes), grace, no_receipt, tuple(entries))
    meta.text("description")
    meta.done()
    return codemap


def read_codemap(path: str | Path) -> CodeMap:
    """Read and validate one code map file; a bad file raises :class:`~slakit.errors.ConfigError`."""
    return _read_spec(read_rule_file(path, KIND))


@cache
def _read_shipped(path: Path) -> CodeMap:
    return read_codemap(path)


def load_codemap(name_or_path: str | Path = DEFAULT_CODEMAP) -> CodeMap:
    """A shipped code map by name, or a user's code map file by path."""
    path, shipped = locate(name_or_path, "codemaps", "code map")
    return _read_shipped(path) if shipped else read_codemap(path)
