"""The ``ingest``, ``availability`` and ``synth`` commands, added to ``slakit``'s parser."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..assess import Verdict
from ..errors import InputError
from ..format import date_range, percent, sms, status_text, truncate
from ..i18n import Lang, locale_lang
from ..months import parse_date, service_months
from ..policy import Policy, load_policy
from ..records import dump
from ..statement import Statement, state_term
from ..words import joined, say, says
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    Subparsers,
    command,
    declared_spans,
    json_option,
    policy_option,
    progress,
    whole_arg,
)

if TYPE_CHECKING:
    from ..receipts.aggregate import MonthFigures
    from ..receipts.archive import Ingested


def cmd_ingest(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from ..receipts.accounts import check_account
    from ..receipts.archive import ingest, receipt_files
    from ..receipts.sources import TAKEN

    lang = args.lang
    check_account(args.account, "--account")
    files = receipt_files(args.files, lambda path: print(
        say(lang, "note.skipped_file", path=str(path), taken=TAKEN), file=sys.stderr))
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
            print(say(lang, "cli.rejected", message=error.said), file=sys.stderr)
        if r.rejected > len(r.rejects):
            print(say(lang, "cli.rejected", message=says("cli.more_rejects", path=r.path,
                                                         n=r.rejected - len(r.rejects))), file=sys.stderr)
        if r.problem and r.format is None:  # the problem names the file
            print(say(lang, "cli.failed", message=r.problem), file=sys.stderr)
        elif r.problem:  # the file read in part: what came before the problem is kept
            print(say(lang, "cli.failed", message=says("cli.read_in_part", path=r.path, problem=r.problem,
                                                       n=r.records)), file=sys.stderr)
    if args.json:
        print(json.dumps([{k: str(v) if k == "problem" and v is not None else v for k, v in vars(r).items()
                           if k != "rejects"} for r in results], ensure_ascii=False, indent=2))
    else:
        counts = ("records", "stored", "duplicates", "rejected")
        rows = [[r.path, r.format or say(lang, "batch.failed"), *(getattr(r, k) for k in counts)]
                for r in results]
        rows.append([say(lang, "cli.all_files"), "", *(sum(getattr(r, k) for r in results) for k in counts)])
        print(tabulate([[*row[:2], *(f"{n:,}" for n in row[2:])] for row in rows],
                       headers=[say(lang, f"cli.col_{c}") for c in ("file", "format", "read", "stored",
                                                                     "duplicates", "rejected")],
                       disable_numparse=True))
        unchanged = sum(r.unchanged for r in results)
        if unchanged:
            print(say(lang, "cli.unchanged_files", unchanged=unchanged, all=len(results)))
    return EXIT_ERROR if any(r.rejected or r.problem for r in results) else EXIT_OK




def cmd_availability(args: argparse.Namespace) -> None:
    from tabulate import tabulate

    from ..receipts.accounts import check_account
    from ..receipts.evaluate import evaluate

    policy = load_policy(args.policy)
    months = service_months(parse_date(args.start, "--start"), args.months,
                            policy.service_months.rule)
    on = parse_date(args.on, "--on") if args.on is not None else date.today()
    check_account(args.account, "--account")
    if args.grace_hours is not None and args.grace_hours < 0:
        raise InputError("--grace-hours", args.grace_hours, says("error.negative"))
    declared = declared_spans(args)
    if args.engine == "spark" and "://" not in args.db and not Path(args.db).exists():
        raise InputError("--db", args.db, says("error.no_archive_or_export"))
    found = evaluate(args.db, args.account, months, policy, codemap=args.codemap,
                     windows=args.windows, customer=args.customer, grace_hours=args.grace_hours,
                     declared=declared, engine=args.engine)
    term = state_term([(e, None) for e in found.evidence()], policy, on=on)  # no fees: no credit
    pairs = list(zip(found.months, term.months, strict=True))
    if args.json:
        print(json.dumps([_json(f, s) for f, s in pairs], ensure_ascii=False, indent=2))
        return
    lang: Lang = args.lang

    def w(key: str, **values: object) -> str:
        return say(lang, f"availability.{key}", **values)

    print(w("head", account=args.account, codemap=found.codemap.id, policy=policy.id, on=on.isoformat()))
    print(tabulate([_row(f, s, lang) for f, s in pairs], disable_numparse=True, headers=[w(k) for k in (
        "start", "end", "total", "delivered", "invalid", "excluded", "explicit", "disputed",
        "unclassified", "undelivered", "pending", "valid", "availability", "best", "status")]))
    colon = say(lang, "punct.colon").rstrip()
    for f, s in pairs:
        lines = _evidence(f, s, args.customer, policy, lang)
        if lines:
            print(f"\n{f.month}{colon}\n  " + "\n  ".join(lines))
    if found.windows:
        print(f"\n{w('windows')}{colon}\n  " + "\n  ".join(
            f"{x.start.isoformat()} – {x.end.isoformat()}  {x.clause}  {x.reason}" for x in found.windows))


def _evidence(f: MonthFigures, s: Statement, customer: str, policy: Policy, lang: Lang) -> list[str]:
    """What a month's figures rest on, beyond the table: exclusions by clause, unclassified codes,
    the sends left out at best, SLA §4.10 days, pending receipts, and how far the records cover
    the month."""
    def w(key: str, **values: object) -> str:
        return say(lang, f"availability.{key}", **values)

    lines = [w("excluded_by", clause=c, n=sms(n, lang)) for c, n in sorted(f.excluded_by_clause.items())]
    lines += [w("unclassified_code", code=c, n=sms(n, lang)) for c, n in sorted(f.unclassified_codes.items())]
    if f.undelivered:
        lines.append(w("undelivered_note", n=sms(f.undelivered, lang)))
    counts = policy.high_concurrency.applies_to == "undeclared"  # SLA §4.10 "未提前告知"
    lines += [w("high_volume", day=d, n=sms(n, lang), threshold=sms(t, lang), clause=c,
                customer=w(customer), verdict=w("declared" if told and counts else "volume_excluded"))
              for d, n, t, c, told in f.high_volume_days]
    if f.counts["pending"]:
        lines.append(w("pending_note", n=sms(f.counts["pending"], lang)))
    evidence = s.evidence
    if evidence.covered is None:
        lines.append(w("no_records"))
    else:
        lines += [w("records_begin", day=s.records_begin.isoformat())] if s.records_begin else []
        lines += [w("records_end", day=s.records_end.isoformat())] if s.records_end else []
        if evidence.counts is None:
            lines.append(w("no_records"))
        elif evidence.gaps:
            lines.append(w("gaps", days=day_spans(evidence.gaps, lang)))
    return lines


def day_spans(days: Sequence[date], lang: Lang | None = None) -> str:
    """Days in order, runs of consecutive days written first – last.

    >>> day_spans([date(2026, 4, 3), date(2026, 4, 4), date(2026, 4, 5), date(2026, 4, 9)], "en")
    '2026-04-03 – 2026-04-05, 2026-04-09'
    """
    lang = lang or locale_lang()
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return joined(lang, (date_range(r[0], r[-1], lang) if len(r) > 1 else r[0].isoformat() for r in runs))


def _shown(v: Verdict | None) -> tuple[str | None, str | None]:
    """A verdict's availability cut to six places, and exact."""
    a = None if v is None else v.availability
    return (None, None) if a is None else (str(truncate(a)), str(a))


def _json(f: MonthFigures, s: Statement) -> dict[str, object]:
    """The month's counts, and its figures as its statement gives them (the policy's reading of
    SLA §4 applied to both ends of the band): the availability band, whether each end meets the
    target (SLA §2.2; None without data), the status and the statement itself."""
    (worst, worst_exact), (best, best_exact) = _shown(s.headline), _shown(s.best)
    return {**f.to_dict(), "availability": worst, "availability_best": best,
            "availability_exact": worst_exact, "availability_best_exact": best_exact,
            "meets_target": None if s.headline is None else s.headline.meets_target,
            "meets_target_best": None if s.best is None else s.best.meets_target,
            "status": s.status, "statement": dump(s)}


def _row(f: MonthFigures, s: Statement, lang: Lang) -> list[str]:
    c = f.counts
    shown = [sms(n, lang) for n in (f.total, c["delivered"], c["invalid_number"], c["excluded"],
                                    c["explicit_failure"], c["disputed"], c["unclassified"], f.undelivered,
                                    c["pending"], f.valid_sends)]
    band = [say(lang, "availability.n/a") if v is None or v.availability is None else percent(v.availability)
            for v in (s.headline, s.best)]
    return [f.month.start.isoformat(), f.month.end.isoformat(), *shown, *band, status_text(s, lang)]


def _incident(text: str) -> tuple[datetime, datetime]:
    from ..receipts.formats import CHINA

    try:
        start, end = (datetime.fromisoformat(p.strip()) for p in text.split("/"))
    except ValueError:  # not two parts, or not date-times
        raise InputError("--incident", text, says("error.incident")) from None
    start, end = (t if t.tzinfo else t.replace(tzinfo=CHINA) for t in (start, end))
    if end <= start:
        raise InputError("--incident", text, says("error.incident_order"))
    return start, end


def cmd_synth(args: argparse.Namespace) -> None:
    from ..receipts.accounts import check_account
    from ..receipts.synth import RECEIPT_FORMATS, synth

    check_account(args.account, "--account")
    if args.daily_volume < 1:
        raise InputError("--daily-volume", args.daily_volume, says("error.whole_at_least", minimum=1))
    if args.receipt_format not in (*RECEIPT_FORMATS, "mixed"):
        raise InputError("--receipt-format", args.receipt_format,
                         says("error.one_of", choices=", ".join((*RECEIPT_FORMATS, "mixed"))))

    incidents = [_incident(i) for i in args.incident or []]
    start = parse_date(args.start, "--start")
    days = (service_months(start, args.months)[-1].end - start).days + 1  # checks the term
    with progress(args, desc="synth", total=days, unit="day") as bar:
        files = synth(args.out, args.account, start, args.months, args.daily_volume, args.seed,
                      incidents, args.receipt_format, done=lambda _: bar.update())
    print(say(args.lang, "cli.written", n=len(files), out=args.out))


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    command(sub, "ingest", "archive send logs and delivery receipts (plain or gzipped JSON)", _ingest_options)
    command(sub, "availability", "each service month's availability from the archive (SLA §2.1, §4)",
            _availability_options)
    command(sub, "synth", "write synthetic send logs and receipts in the provider's formats", _synth_options)


def _ingest_options(p: argparse.ArgumentParser) -> None:
    from ..receipts.archive import DEFAULT_DB  # the archive's modules, for these commands only
    from ..receipts.sources import TAKEN

    p.add_argument("files", nargs="+", metavar="FILE",
                   help=f"files, or folders: a folder's files named {TAKEN}, are read and any other "
                        "is named as skipped; a file archived before with the same content is not read again")
    p.add_argument("--db", default=DEFAULT_DB, help=f"the archive file (default {DEFAULT_DB})")
    p.add_argument("--account", required=True, help="the account the records belong to")
    p.add_argument("--format", help="callback, pull-2021-01-11, pull-2019-07-11 or sendlog "
                                    "(default: detected per file)")
    json_option(p)
    p.set_defaults(run=cmd_ingest)


def _availability_options(p: argparse.ArgumentParser) -> None:
    from ..receipts.archive import DEFAULT_DB
    from ..receipts.codemap import DEFAULT_CODEMAP

    p.add_argument("--db", default=DEFAULT_DB, help=f"the archive file (default {DEFAULT_DB})")
    p.add_argument("--account", required=True)
    p.add_argument("--start", required=True, help="the term's first day, YYYY-MM-DD")
    p.add_argument("--months", type=whole_arg, required=True, help="number of months bought")
    policy_option(p)
    p.add_argument("--codemap", default=DEFAULT_CODEMAP, help="a code map's name or file")
    p.add_argument("--windows", help="a TOML file of exclusion windows (SLA §4.13 etc.)")
    p.add_argument("--customer-type", "--customer", dest="customer", choices=("ordinary", "channel"),
                   default="ordinary", help="the customer type for the SLA §4.10 daily volume "
                                            "threshold, counted per account id of the archive")
    p.add_argument("--declared", action="append", metavar="FIRST[/LAST]",
                   help="days (YYYY-MM-DD, China time) on which the account had declared its high "
                        "volume in advance: their failures count (SLA §4.10 '未提前告知'); repeatable")
    p.add_argument("--grace-hours", type=whole_arg,
                   help="hours to wait for a receipt before a send counts as disputed "
                        "(default: the code map's)")
    p.add_argument("--on", help="the date each month's status is given for, YYYY-MM-DD (default: today)")
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                   help="spark: the same SQL on Apache Spark (slakit[spark]), over the archive "
                        "exported to Parquet, or --db a folder with sends.parquet and "
                        "receipts.parquet, here or at a URI such as hdfs://… (local mode, or "
                        "the cluster's under spark-submit)")
    json_option(p)
    p.set_defaults(run=cmd_availability)


def _synth_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="the folder to write into")
    p.add_argument("--account", required=True)
    p.add_argument("--start", required=True, help="the term's first day, YYYY-MM-DD")
    p.add_argument("--months", type=whole_arg, required=True)
    p.add_argument("--daily-volume", type=whole_arg, required=True, help="sends on a weekday")
    p.add_argument("--seed", type=whole_arg, default=0)
    p.add_argument("--incident", action="append",
                   help="START/END: most sends fail in this window (repeatable)")
    p.add_argument("--receipt-format", default="callback",
                   help="callback, pull-2021-01-11, pull-2019-07-11, or mixed (each in turn)")
    p.set_defaults(run=cmd_synth)
