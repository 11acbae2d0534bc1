"""``slakit report``: an SLA report for every customer of a CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..months import parse_date
from ..reports.warm import TIMEOUT
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
    whole_arg,
)


def cmd_report(args: argparse.Namespace) -> int:
    from ..reports.batch import TEMPLATE, outcome_dict, read_customers, run_reports, unused_columns

    on = parse_date(args.on, "--on") if args.on is not None else None
    customers = read_customers(Path(args.customers))
    for column in unused_columns(customers):
        print(f"slakit: {args.customers}: column {column!r} is not one slakit reads; it is left unused",
              file=sys.stderr)
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
                print(f"slakit: the reports that finished are listed in {index}", file=sys.stderr)
            raise
    if args.json:
        print_json([outcome_dict(o) for o in outcomes])
    else:
        print(table([[o.customer_id, o.customer_name, o.status, o.reason] for o in outcomes],
                     ["customer", "name", "status", "reason"]))
        print(f"\n{sum(o.ok for o in outcomes)} of {len(outcomes)} reports ready: "
              f"{Path(args.out) / 'index.html'}")
    for o in outcomes:
        if not o.ok:
            print(f"{o.customer_id or '(line ' + str(o.line) + ')'}: {o.status}: {o.reason}",
                  file=sys.stderr)
    return EXIT_OK if all(o.ok for o in outcomes) else EXIT_FAILED


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "report", "SLA reports for every customer of a CSV: HTML, JSON and PDF, in parallel")
    p.add_argument("--customers", required=True,
                   help="CSV with customer_id, customer_name, start, months[, figures, policy, lang, "
                        "receipts, archive, account, windows, calendar, customer_type, declared]")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--jobs", type=whole_arg, help="reports run at once (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="overwrite reports made from other inputs")
    p.add_argument("--pdf", action="store_true", help="also print each report to PDF (Chromium)")
    p.add_argument("--lang", choices=["zh", "en"], help="report language (default: per customer, zh)")
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
