"""The ``ingest``, ``availability`` and ``synth`` commands, added to ``slakit``'s parser."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path

from tabulate import tabulate

from ..assess import band
from ..errors import InputError
from ..format import percent
from ..months import parse_date, service_months
from ..policy import Policy, load_policy
from ..receipts.accounts import check_account
from ..receipts.aggregate import MonthFigures
from ..receipts.archive import CHINA, DEFAULT_DB, Ingested, ingest, receipt_files
from ..receipts.codemap import DEFAULT_CODEMAP
from ..receipts.evaluate import evaluate
from ..receipts.synth import RECEIPT_FORMATS, synth
from .common import EXIT_ERROR, EXIT_OK, Subparsers, command, json_option, policy_option, progress


def cmd_ingest(args: argparse.Namespace) -> int:
    check_account(args.account, "--account")
    files = receipt_files(args.files)
    sizes = {str(f): f.stat().st_size if f.is_file() else 0 for f in files}
    finished = read = 0
    with progress(args, desc="ingest", total=sum(sizes.values()), unit="B", unit_scale=True) as bar:
        def done(result: Ingested) -> None:  # files and records so far; the bar's rate is in bytes
            nonlocal finished, read
            finished, read = finished + 1, read + result.records
            bar.set_postfix_str(f"{finished:,}/{len(files):,} files, {read:,} records", refresh=False)
            bar.update(sizes.get(result.path, 0))

        results = ingest(args.db, args.account, files, args.format, done=done)
    for r in results:
        for error in r.rejects:
            print(f"rejected: {error}", file=sys.stderr)
        if r.rejected > len(r.rejects):
            print(f"rejected: {r.path}: {r.rejected - len(r.rejects):,} more, kept in the archive "
                  "(table rejects)", file=sys.stderr)
        if r.problem and r.format is None:  # the problem names the file
            print(f"failed: {r.problem}", file=sys.stderr)
        elif r.problem:  # the file read in part: what came before the problem is kept
            print(f"failed: {r.path}: {r.problem}; the {r.records:,} records before it are read",
                  file=sys.stderr)
    if args.json:
        print(json.dumps([{k: v for k, v in vars(r).items() if k != "rejects"} for r in results],
                         ensure_ascii=False, indent=2))
    else:
        counts = ("records", "stored", "duplicates", "rejected")
        rows = [[r.path, r.format or "failed", *(getattr(r, k) for k in counts)] for r in results]
        rows.append(["(all files)", "", *(sum(getattr(r, k) for r in results) for k in counts)])
        print(tabulate([[*row[:2], *(f"{n:,}" for n in row[2:])] for row in rows],
                       headers=["file", "format", "read", "stored", "duplicates", "rejected"],
                       disable_numparse=True))
        unchanged = sum(r.unchanged for r in results)
        if unchanged:
            print(f"{unchanged:,} of {len(results):,} files were ingested before with the same "
                  "content: not read again, their records counted as duplicates")
    return EXIT_ERROR if any(r.rejected or r.problem for r in results) else EXIT_OK


def cmd_availability(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    months = service_months(parse_date(args.start, "--start"), args.months,
                            policy.service_months.rule)
    check_account(args.account, "--account")
    if args.grace_hours is not None and args.grace_hours < 0:
        raise InputError("--grace-hours", args.grace_hours, "must not be negative")
    declared = declared_spans(args.declared)
    if args.engine == "spark" and "://" not in args.db and not Path(args.db).exists():
        raise InputError("--db", args.db, "no such archive or exported folder")
    found = evaluate(args.db, args.account, months, policy, codemap=args.codemap,
                     windows=args.windows, customer=args.customer, grace_hours=args.grace_hours,
                     declared=declared, engine=args.engine)
    result, windows = found.months, found.windows
    if args.json:
        print(json.dumps([_json(f, policy) for f in result], ensure_ascii=False, indent=2))
        return
    print(f"account {args.account}, code map {found.codemap.id}, policy {policy.id}")
    print(tabulate([_row(f) for f in result], disable_numparse=True, headers=[
        "start", "end", "total", "delivered", "invalid", "excluded", "explicit", "disputed",
        "unclassified", "pending", "valid sends", "availability", "best case"]))
    for f in result:
        evidence = [f"excluded under {c}: {n:,}" for c, n in sorted(f.excluded_by_clause.items())]
        evidence += [f"unclassified {c}: {n:,}" for c, n in sorted(f.unclassified_codes.items())]
        evidence += [f"{d}: {n:,} sends ≥ {t:,}, the {c} threshold for {args.customer} customers: "
                     + ("declared in advance, its failures count"
                        if told and policy.high_concurrency.applies_to == "undeclared"
                        else "its failures are excluded")
                     for d, n, t, c, told in f.high_volume_days]
        if f.counts["pending"]:
            evidence.append(f"{f.counts['pending']:,} sends await their receipt: provisional")
        if evidence:
            print(f"\n{f.month}:\n  " + "\n  ".join(evidence))
    if windows:
        print("\nexclusion windows:\n  " + "\n  ".join(
            f"{w.start.isoformat()} – {w.end.isoformat()}  {w.clause}  {w.reason}" for w in windows))


def _json(f: MonthFigures, policy: Policy) -> dict[str, object]:
    """The month's figures, and whether each end of the band meets the target (SLA §2.2)."""
    return {**f.to_dict(), "meets_target": band(f.availability, policy)[0],
            "meets_target_best": band(f.availability_best, policy)[0]}


def _row(f: MonthFigures) -> list[str]:
    c = f.counts
    shown = [f"{n:,}" for n in (f.total, c["delivered"], c["invalid_number"], c["excluded"],
                                c["explicit_failure"], c["disputed"], c["unclassified"],
                                c["pending"], f.valid_sends)]
    return [f.month.start.isoformat(), f.month.end.isoformat(), *shown,
            *("n/a" if a is None else percent(a) for a in (f.availability, f.availability_best))]


def declared_spans(texts: list[str] | None) -> list[tuple[date, date]]:
    """The spans of ``--declared`` options (SLA §4.10)."""
    return [_declared(text) for text in texts or []]


def _declared(text: str) -> tuple[date, date]:
    """A span of days FIRST/LAST (or one day) on which the account declared its volume."""
    first, slash, last = text.partition("/")
    if slash and not last:
        raise InputError("--declared", text, "has no last day after '/': give FIRST/LAST or one day")
    try:
        span = parse_date(first, "--declared"), parse_date(last or first, "--declared")
    except InputError as error:  # name the whole span, not the half at fault
        raise InputError("--declared", text, error.problem) from None
    if span[1] < span[0]:
        raise InputError("--declared", text, "must end on or after the day it starts")
    return span


def _incident(text: str) -> tuple[datetime, datetime]:
    try:
        start, end = (datetime.fromisoformat(p.strip()) for p in text.split("/"))
    except ValueError:  # not two parts, or not date-times
        raise InputError("--incident", text, "must be START/END date-times, e.g. "
                         "2026-03-20T09:00/2026-03-20T21:00 (China time unless an offset is given)"
                         ) from None
    start, end = (t if t.tzinfo else t.replace(tzinfo=CHINA) for t in (start, end))
    if end <= start:
        raise InputError("--incident", text, "must end after it starts")
    return start, end


def cmd_synth(args: argparse.Namespace) -> None:
    check_account(args.account, "--account")
    if args.daily_volume < 1:
        raise InputError("--daily-volume", args.daily_volume, "must be a whole number ≥ 1")
    if args.receipt_format not in (*RECEIPT_FORMATS, "mixed"):
        raise InputError("--receipt-format", args.receipt_format,
                         "must be one of " + ", ".join((*RECEIPT_FORMATS, "mixed")))
    incidents = [_incident(i) for i in args.incident or []]
    start = parse_date(args.start, "--start")
    days = (service_months(start, args.months)[-1].end - start).days + 1  # checks the term
    with progress(args, desc="synth", total=days, unit="day") as bar:
        files = synth(args.out, args.account, start, args.months, args.daily_volume, args.seed,
                      incidents, args.receipt_format, done=lambda _: bar.update())
    print(f"{len(files)} files written to {args.out}")


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "ingest", "archive send logs and delivery receipts (plain or gzipped JSON)")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="files, or folders of .json files; a file archived before with the same "
                        "content is not read again")
    p.add_argument("--db", default=DEFAULT_DB, help=f"the archive file (default {DEFAULT_DB})")
    p.add_argument("--account", required=True, help="the account the records belong to")
    p.add_argument("--format", help="callback, pull-2021-01-11, pull-2019-07-11 or sendlog "
                                    "(default: detected per file)")
    json_option(p)
    p.set_defaults(run=cmd_ingest)

    p = command(sub, "availability", "each service month's availability from the archive (SLA §2.1, §4)")
    p.add_argument("--db", default=DEFAULT_DB, help=f"the archive file (default {DEFAULT_DB})")
    p.add_argument("--account", required=True)
    p.add_argument("--start", required=True, help="the term's first day, YYYY-MM-DD")
    p.add_argument("--months", type=int, required=True, help="number of months bought")
    policy_option(p)
    p.add_argument("--codemap", default=DEFAULT_CODEMAP, help="a code map's name or file")
    p.add_argument("--windows", help="a TOML file of exclusion windows (SLA §4.13 etc.)")
    p.add_argument("--customer", choices=("ordinary", "channel"), default="ordinary",
                   help="the customer type for the §4.10 daily volume threshold, counted per "
                        "account id of the archive")
    p.add_argument("--declared", action="append", metavar="FIRST[/LAST]",
                   help="days (YYYY-MM-DD, China time) on which the account had declared its high "
                        "volume in advance: their failures count (SLA §4.10 '未提前告知'); repeatable")
    p.add_argument("--grace-hours", type=int,
                   help="hours to wait for a receipt before a send counts as disputed "
                        "(default: the code map's)")
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                   help="spark: the same SQL on Apache Spark (slakit[spark]), over the archive "
                        "exported to Parquet, or --db a folder with sends.parquet and "
                        "receipts.parquet, here or at a URI such as hdfs://… (local mode, or "
                        "the cluster's under spark-submit)")
    json_option(p)
    p.set_defaults(run=cmd_availability)

    p = command(sub, "synth", "write synthetic send logs and receipts in the provider's formats")
    p.add_argument("--out", required=True, help="the folder to write into")
    p.add_argument("--account", required=True)
    p.add_argument("--start", required=True, help="the term's first day, YYYY-MM-DD")
    p.add_argument("--months", type=int, required=True)
    p.add_argument("--daily-volume", type=int, required=True, help="sends on a weekday")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--incident", action="append",
                   help="START/END: most sends fail in this window (repeatable)")
    p.add_argument("--receipt-format", default="callback",
                   help="callback, pull-2021-01-11, pull-2019-07-11, or mixed (each in turn)")
    p.set_defaults(run=cmd_synth)
