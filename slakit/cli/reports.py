"""``slakit report``: an SLA report for every customer of a CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import locale_lang
from ..months import parse_date
from ..reports.warm import TIMEOUT
from ..words import say
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    Subparsers,
    command,
    customer_type_options,
    declared_option,
    json_option,
    print_json,
    progress,
    table,
)


def cmd_report(args: argparse.Namespace) -> int:
    from ..reports.batch import TEMPLATE, outcome_dict, read_customers, run_reports, unused_columns

    on = parse_date(args.on, "--on") if args.on is not None else None
    customers = read_customers(Path(args.customers))
    lang = args.lang or locale_lang()
    for column in unused_columns(customers):
        print(say(lang, "cli.unused_column", source=args.customers, column=column), file=sys.stderr)
    total = customers.rows_read  # one outcome a row
    with progress(args, desc="reports", total=total, unit="report") as bar:
        try:
            outcomes = run_reports(args.customers, args.out, jobs=args.jobs, force=args.force,
                                   pdf=args.pdf, lang=args.lang, on=on,
                                   template=args.template or TEMPLATE, calendar=args.calendar,
                                   customer_type=args.customer_type,
                                   declared=declared_option(args),
                                   fresh_kernels=args.fresh_kernels, timeout=args.timeout,
                                   progress=lambda outcome: bar.update())
        except KeyboardInterrupt:
            bar.close()
            index = Path(args.out) / "index.html"
            if index.exists():
                print(say(lang, "cli.finished_listed", index=str(index)), file=sys.stderr)
            raise
    if args.json:
        print_json([outcome_dict(o) for o in outcomes])
    else:
        print(table([[o.customer_id, o.customer_name, say(lang, f"batch.{o.status}"),
                      "" if o.reason is None else o.reason.text(lang)] for o in outcomes],
                    [say(lang, f"cli.col_{c}") for c in ("customer", "name", "status", "reason")]))
        print("\n" + say(lang, "cli.reports_ready", ready=sum(o.ok for o in outcomes), all=len(outcomes),
                          index=str(Path(args.out) / "index.html")))
    for o in outcomes:
        if not o.ok:
            who = o.customer_id or say(lang, "frame.only_line", line=o.line)
            print(say(lang, "cli.outcome", who=who, status=say(lang, f"batch.{o.status}"),
                      reason="" if o.reason is None else o.reason.text(lang)), file=sys.stderr)
    return EXIT_OK if all(o.ok for o in outcomes) else EXIT_FAILED


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "report", "SLA reports for every customer of a CSV: HTML, JSON and PDF, in parallel")
    p.add_argument("--customers", required=True,
                   help="CSV with customer_id, customer_name, start, months[, figures, policy, lang, "
                        "receipts, archive, account, windows, calendar, customer_type, declared]")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--jobs", type=int, help="reports run at once (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="overwrite reports made from other inputs")
    p.add_argument("--pdf", action="store_true", help="also print each report to PDF (Chromium)")
    p.set_defaults(lang=None)  # the reports': a row's lang column unless given, else the locale's
    p.add_argument("--on", help="report date for claim statuses, YYYY-MM-DD (default: today)")
    p.add_argument("--calendar", help="a TOML file of official working days for years not yet "
                                     "published (a row's own calendar column wins)")
    customer_type_options(p)
    p.add_argument("--template", help="another papermill template")
    p.add_argument("--fresh-kernels", action="store_true",
                   help="start a fresh kernel for each report instead of keeping one warm per "
                        "worker and wiping it clean between reports")
    p.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS",
                   help=f"a report's cell running longer counts as a hung kernel, which is replaced "
                        f"and the report tried once more (default: {TIMEOUT})")
    json_option(p)
    p.set_defaults(run=cmd_report)
