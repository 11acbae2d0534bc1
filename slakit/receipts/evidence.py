"""The evidence behind one service month, send by send, for a claim the provider can check against
its own records (SLA §3.2(1): in a dispute its records prevail): every failed, disputed,
unclassified or excluded send with its serial number, time in China time, code, class and clause.

Phone numbers are masked unless asked otherwise: ``+8613812345678`` → ``+86138****5678``. The
files are written by DuckDB, so a month of millions of failures is a matter of seconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa

from ..months import ServiceMonth
from .aggregate import FAILURES, SENDS, Query, lookup_tables
from .archive import Archive
from .codemap import CodeMap
from .windows import Segment

MASKED = ("CASE WHEN regexp_matches(phone, '[0-9]{8}$') "
          "THEN regexp_replace(phone, '[0-9]{4}([0-9]{4})$', '****\\1') "
          "ELSE repeat('*', length(phone)) END")
CHINA_TIME = "strftime(make_timestamp((ts + 28800) * 1000000), '%Y-%m-%d %H:%M:%S') || '+08:00'"


def mask(phone: str) -> str:
    """A phone number as the evidence shows it by default (the same rule as the SQL above).

    >>> mask("+8613812345678"), mask("13800000000"), mask("12345")
    ('+86138****5678', '138****0000', '*****')
    """
    if len(phone) >= 8 and phone[-8:].isdigit():
        return phone[:-8] + "****" + phone[-4:]
    return "*" * len(phone)


def write_sends(db: str | Path, account: str, month: ServiceMonth, codemap: CodeMap,
                segments: Sequence[Segment], volume_days: Mapping[date, str], folder: Path, *,
                unmask: bool = False) -> dict[str, int]:
    """Write ``failures.csv`` (explicit failures, disputed and unclassified sends) and
    ``excluded.csv`` (sends excluded under SLA §4, the clause named) into ``folder``, classed as
    the month's figures count them, in time order; returns the rows written to each."""
    query = Query(account, [month], codemap)
    volume = pa.Table.from_pylist([{"day": d, "clause": c} for d, c in volume_days.items()],
                                  pa.schema([("day", pa.date32()), ("clause", pa.string())]))
    written = {}
    with Archive(db, read_only=True) as archive:
        found, tables = lookup_tables(archive.run, query, segments)
        tables["volume_days"] = volume
        sends = query.sql(SENDS, found.horizon)
        phone = "phone" if unmask else MASKED
        for name, classes in (("failures.csv", FAILURES), ("excluded.csv", ("excluded",))):
            wanted = ", ".join(f"'{c}'" for c in classes)
            target = folder / name
            written[name] = archive.copy(
                f"SELECT serial_no, {phone} AS phone, {CHINA_TIME} AS sent_at, day, stage, code, class, "
                f"clause FROM ({sends}) WHERE class IN ({wanted}) ORDER BY ts, serial_no", tables, target)
    return written
