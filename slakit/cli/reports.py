"""``slakit report``: an SLA report for every customer of a CSV."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import locale_lang
from ..months import parse_date
from ..words import say, says
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    Subparsers,
    calendar_option,
    command,
    customer_type_options,
    declared_option,
    json_option,
    print_json,
    progress,
    table,
    whole_arg,
)

if TYPE_CHECKING:
    from ..csvfile import CsvTable
    from ..reports.batch import Outcome
    from ..reports.register import Register


REGISTER = "claims-register.csv"  # the claims register beside the customers CSV, read when present


def register_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--register", metavar="FILE",
                   help="the claims register: a CSV of the claims filed (customer_id, service_month, "
                        f"filed_on[, ticket, outcome, sms_credited]); default {REGISTER} beside the "
                        "customers CSV, when there is one")


def read_register_option(args: argparse.Namespace) -> Register | None:
    """The claims register ``--register`` names, else the one beside the customers CSV, if any."""
    from ..reports.register import read_register

    if args.register:
        return read_register(args.register)
    beside = Path(args.customers).parent / REGISTER
    return read_register(beside) if beside.is_file() else None


def warn_unmatched(outcomes: list[Outcome], on: date, register: Register | None, lang: str) -> None:
    """A register row naming no customer-month of the batch is said, never ignored unsaid."""
    from ..reports.desk import make_desk

    if register is None:
        return
    for f in make_desk(outcomes, on, register.entries).unmatched:
        print(say(lang, "cli.unmatched", source=str(register.source), line=f.line, customer=f.customer_id,
                  month=f.service_month), file=sys.stderr)


def warn_no_account(outcomes: list[Outcome], lang: str) -> None:
    """Name the customers whose claim tickets hold a placeholder for the account, once."""
    from ..reports.claim import account_of

    missing = [o.customer_id for o in outcomes
               if o.report and o.report.claimable() and not account_of(o.report)]
    if missing:
        print(say(lang, "cli.no_accounts", customers=", ".join(missing)), file=sys.stderr)


def read_said(path: Path, lang: str) -> CsvTable:
    """A customers CSV, each column slakit does not read named once on stderr."""
    from ..reports.batch import read_customers, unused_columns

    table = read_customers(path)
    for column in unused_columns(table):
        print(say(lang, "cli.unused_column", source=str(path), column=column), file=sys.stderr)
    return table


def cmd_report(args: argparse.Namespace) -> int:
    from ..reports.batch import TEMPLATE, outcome_dict, run_reports

    on = parse_date(args.on, "--on") if args.on is not None else None
    lang = args.lang or locale_lang()
    register = read_register_option(args)
    customers = read_said(Path(args.customers), lang)
    total = customers.rows_read  # one outcome a row
    with progress(args, desc="reports", total=total, unit="report") as bar:
        try:
            outcomes = run_reports(args.customers, args.out, jobs=args.jobs, force=args.force,
                                   pdf=args.pdf, lang=args.lang, on=on,
                                   template=args.template or TEMPLATE, calendar=args.calendar,
                                   customer_type=args.customer_type,
                                   declared=declared_option(args),
                                   fresh_kernels=args.fresh_kernels, timeout=args.timeout,
                                   register=register, progress=lambda outcome: bar.update())
        except KeyboardInterrupt:
            bar.close()
            index = Path(args.out) / "index.html"
            if index.exists():
                print(say(lang, "cli.finished_listed", index=str(index)), file=sys.stderr)
            raise
    warn_unmatched(outcomes, on or date.today(), register, lang)
    warn_no_account(outcomes, lang)
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
    command(sub, "report", "SLA reports for every customer of a CSV: HTML, JSON and PDF, in parallel",
            _report_options)
    command(sub, "due", "the claims to file now and soon across a customers CSV's customers, most "
                        "urgent first: what the batch's desk lists (SLA §3.2)", _due_options)


def _report_options(p: argparse.ArgumentParser) -> None:
    from ..reports.warm import TIMEOUT  # the report machinery, for this command only

    p.add_argument("--customers", required=True,
                   help="CSV with customer_id, customer_name, start, months[, figures, policy, lang, "
                        "receipts, archive, account, windows, calendar, customer_type, declared, "
                        "cloud_account]")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--jobs", type=whole_arg, help="reports run at once (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="overwrite reports made from other inputs")
    p.add_argument("--pdf", action="store_true", help="also print each report to PDF (Chromium)")
    p.set_defaults(lang=None)  # the reports': a row's lang column unless given, else the locale's
    p.add_argument("--on", help="report date for claim statuses, YYYY-MM-DD (default: today)")
    p.add_argument("--calendar", help="a TOML file of official working days for years not yet "
                                     "published (a row's own calendar column wins)")
    customer_type_options(p)
    register_option(p)
    p.add_argument("--template", help="another papermill template")
    p.add_argument("--fresh-kernels", action="store_true",
                   help="start a fresh kernel for each report instead of keeping one warm per "
                        "worker and wiping it clean between reports")
    p.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS",
                   help=f"a report's cell running longer counts as a hung kernel, which is replaced "
                        f"and the report tried once more (default: {TIMEOUT})")
    json_option(p)
    p.set_defaults(run=cmd_report)


def _due_options(p: argparse.ArgumentParser) -> None:
    from ..reports.desk import DUE_DAYS  # the report machinery, for this command only

    p.add_argument("--customers", required=True, help="the customers CSV of slakit report")
    p.add_argument("--on", help="the day to list them for, YYYY-MM-DD (default: today)")
    p.add_argument("--within", type=int, default=DUE_DAYS, metavar="DAYS",
                   help=f"also list the claims whose window opens within DAYS days (default {DUE_DAYS})")
    calendar_option(p)
    customer_type_options(p)
    register_option(p)
    json_option(p)
    p.set_defaults(run=cmd_due)


def cmd_due(args: argparse.Namespace) -> int:
    import tempfile

    from ..format import yuan
    from ..i18n import check_lang
    from ..reports.batch import state_customers
    from ..reports.desk import make_desk
    from ..reports.text import text

    on = parse_date(args.on, "--on") if args.on is not None else date.today()
    if args.within < 0:
        raise InputError("--within", str(args.within), says("error.days_count"))
    lang = check_lang(args.lang)
    register = read_register_option(args)
    customers = Path(args.customers)
    read_said(customers, lang)
    with tempfile.TemporaryDirectory(prefix="slakit-due-") as work:  # a row's receipts, archived
        outcomes = state_customers(customers, Path(work), on=on,
                                   calendar=Path(args.calendar).resolve() if args.calendar else None,
                                   customer_type=args.customer_type, declared=declared_option(args))
    warn_unmatched(outcomes, on, register, lang)
    desk = make_desk(outcomes, on, register.entries if register else ())
    due = desk.due(args.within)
    for o in desk.failed:
        who = o.customer_id or say(lang, "frame.only_line", line=o.line)
        print(say(lang, "cli.outcome", who=who, status=say(lang, f"batch.{o.status}"),
                  reason="" if o.reason is None else o.reason.text(lang)), file=sys.stderr)
    if args.json:
        print_json({"on": on.isoformat(), "within": args.within, "due": [x.to_dict() for x in due],
                    "claimable_now": str(desk.claim_now.amount),
                    "failed": [o.customer_id for o in desk.failed]})
    elif not due:
        print(text(lang, "due_none", on=on.isoformat(), days=args.within))
    else:
        print(table([[x.customer_id, x.customer_name, text(lang, "stage_" + x.stage),
                      yuan(x.amount, lang) if x.amount is not None else "",
                      x.month.window.first_day.isoformat() if x.month.window else "",
                      x.month.window.deadline.isoformat() if x.month.window else "",
                      "" if x.days_left is None else x.days_left,
                      "" if x.days_to_open is None else x.days_to_open] for x in due],
                    [text(lang, f"csv_{c}") for c in ("customer_id", "customer_name", "stage", "credit",
                                                      "opens", "closes", "days_left", "days_to_open")]))
        print("\n" + text(lang, "due_total", n=len(due), amount=yuan(desk.claim_now.amount, lang)))
    return EXIT_OK if not desk.failed else EXIT_FAILED
