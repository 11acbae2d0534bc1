"""The code map: which send-time or receipt code is which outcome under the SLA, and why.

A versioned TOML file (``apiVersion`` / ``kind`` / ``metadata`` / ``spec``) read and validated
here only; every entry names its clause. Shipped maps live in ``slakit/codemaps/``; a user's own
map is passed by path.

>>> m = load_codemap()
>>> m.classify("receipt", "DELIVRD").cls, m.classify("send", "InternalError.Timeout").clause
('delivered', 'SLA §1.2')
>>> m.classify("receipt", "MK:0001") is None   # not in the map: unclassified
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..config import RuleFile, Table, locate, read_rule_file

KIND = "CodeMap"
DEFAULT_CODEMAP = "tencent-sms-2020-09-23"
CLASSES = ("delivered", "invalid_number", "excluded", "explicit_failure", "disputed")
STAGES = ("send", "receipt")
SUBMITTED = "submitted"  # a send accepted by the API: its receipt decides
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class Rule:
    """One code (or stem ending in ``*``) of one stage, its class and the clause behind it."""

    stage: str
    code: str
    cls: str
    clause: str
    note: str

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


def _rule(table: Table, stage: str, code: str) -> Rule:
    entry = table.table(code)
    rule = Rule(stage, code, entry.text("class", CLASSES), entry.text("clause"), entry.text("note"))
    entry.done()
    return rule


def _read_spec(rules: RuleFile) -> CodeMap:
    source, meta, spec = rules.source, rules.metadata, rules.spec
    sub = spec.table("submitted")
    codes = sub.texts("codes")
    grace = sub.integer("grace_hours", 0)
    no_receipt = Rule("send", "(no receipt)", sub.text("class", CLASSES), sub.text("clause"),
                      sub.text("note"))
    sub.done()

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
