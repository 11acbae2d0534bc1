"""Exclusion windows: maintenance or incident periods whose failures the SLA does not count (§4).

A TOML file with the ``apiVersion`` / ``kind`` / ``metadata`` / ``spec`` envelope; each window
names its clause (one of SLA §4.1–§4.17) and reason. Times carry their offset, or are China time
(UTC+8) without one.

>>> from datetime import datetime
>>> w = Window(datetime(2026, 3, 1, 1, tzinfo=CHINA), datetime(2026, 3, 1, 3, tzinfo=CHINA),
...            "SLA §4.13", "announced upgrade", None)
>>> [(s.start, s.end, s.clause) for s in segments([w], "any")]
[(1772298000, 1772305200, 'SLA §4.13')]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from ..config import read_rule_file
from ..policy import exclusion_clause
from ..words import says
from .archive import CHINA

KIND = "ExclusionWindows"


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime  # exclusive
    clause: str
    reason: str
    accounts: frozenset[str] | None  # None: every account


@dataclass(frozen=True)
class Segment:
    """A stretch of time in Unix seconds [start, end) excluded under one clause."""

    start: int
    end: int
    clause: str


def read_windows(path: str | Path) -> list[Window]:
    """Read and validate a windows file; a bad file raises :class:`~slakit.errors.ConfigError`."""
    rules = read_rule_file(path, KIND)
    rules.metadata.text("name")
    rules.metadata.done()
    windows = []
    for item in rules.spec.tables("windows"):
        start, end = item.moment("start", CHINA), item.moment("end", CHINA)
        if end <= start:
            raise item.fail("end", end.isoformat(), says("error.end_after_start"))

        accounts = item.optional("accounts")
        if accounts is not None:
            accounts = item.texts("accounts")
        windows.append(Window(start, end, exclusion_clause(item), item.text("reason"),
                              None if accounts is None else frozenset(accounts)))
        item.done()
    rules.spec.done()
    return windows


def segments(windows: list[Window], account: str) -> list[Segment]:
    """The account's windows as disjoint stretches; where windows overlap, the first listed wins."""
    mine = [w for w in windows if w.accounts is None or account in w.accounts]
    spans = [(int(w.start.timestamp()), int(w.end.timestamp()), w.clause) for w in mine]
    cuts = sorted({t for s, e, _ in spans for t in (s, e)})
    out: list[Segment] = []
    for lo, hi in pairwise(cuts):
        clause = next((c for s, e, c in spans if s <= lo and hi <= e), None)
        if clause is None:
            continue
        if out and out[-1].end == lo and out[-1].clause == clause:
            out[-1] = Segment(out[-1].start, hi, clause)
        else:
            out.append(Segment(lo, hi, clause))
    return out
