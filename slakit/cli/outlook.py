"""``slakit outlook``: where a service month in progress is heading, from the receipts archive."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from ..months import parse_date
from ..policy import load_policy
from ..records import dump
from .common import (
    Subparsers,
    command,
    declared_spans,
    json_option,
    policy_option,
    print_json,
    table,
    whole_arg,
)


def cmd_outlook(args: argparse.Namespace) -> None:
    from ..in_progress import outlook_from_archive
    from ..receipts.accounts import check_account

    on = parse_date(args.on, "--on") if args.on is not None else date.today() - timedelta(days=1)
    start = parse_date(args.start, "--start") if args.start is not None else None
    check_account(args.account, "--account")  # named by its option
    found = outlook_from_archive(args.db, args.account, on, load_policy(args.policy), start=start,
                                 months=args.months, codemap=args.codemap, windows=args.windows,
                                 customer=args.customer, declared=declared_spans(args),
                                 fee=args.fee, list_price=args.list_price,
                                 deductions=args.deductions or "0", paid=args.paid,
                                 paid_before=args.paid_before, credited_before=args.credited_before or "0",
                                 draws=args.draws, seed=args.seed)
    p = found.projection
    if args.json:
        print_json({"account": args.account, "code_map": found.code_map, **p.to_dict(),
                    "pending": found.pending, "counted_to": found.counted_to.isoformat(),
                    "records_end": found.records_end.isoformat(), "statement": dump(found.statement)})
        return
    frame = p.table(args.lang, found.pending)
    print(f"{args.account} · {p.policy.id}")
    print(table(frame.values.tolist(), list(frame.columns)))
    for note in found.notes(args.lang):
        print(note)
    print(p.note(args.lang))


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    command(sub, "outlook", "where a service month in progress is heading: the month so far, "
                            "failures left before each boundary, burn rates, the projected "
                            "availability with a 90% interval, each tier's probability", _options)


def _options(p: argparse.ArgumentParser) -> None:
    from ..lab.projection import DRAWS  # the archive's and the projection's modules: this command's
    from ..receipts.archive import DEFAULT_DB
    from ..receipts.codemap import DEFAULT_CODEMAP

    p.add_argument("--db", default=DEFAULT_DB, help=f"the archive file (default {DEFAULT_DB})")
    p.add_argument("--account", required=True)
    p.add_argument("--on", help="the last day counted, YYYY-MM-DD, China time (default: yesterday); "
                                "records that end before it are counted to their last day")
    p.add_argument("--start", help="the term's first day, when the service month is not a natural one")
    p.add_argument("--months", type=whole_arg, help="months bought, with --start")
    policy_option(p)
    p.add_argument("--codemap", default=DEFAULT_CODEMAP, help="a code map's name or file")
    p.add_argument("--windows", help="a TOML file of exclusion windows (SLA §4.13 etc.)")
    p.add_argument("--customer-type", "--customer", dest="customer", choices=("ordinary", "channel"),
                   default="ordinary", help="the customer type for the SLA §4.10 daily volume threshold")
    p.add_argument("--declared", action="append", metavar="FIRST[/LAST]",
                   help="days whose high volume was declared in advance (SLA §4.10); repeatable")
    p.add_argument("--fee", help="the month's expected consumed fee, yuan: gives the expected credit")
    p.add_argument("--list-price", help="the list price per SMS, yuan (with --fee)")
    p.add_argument("--deductions", help="vouchers, coupons and reductions expected, yuan")
    p.add_argument("--paid", help="the fee actually paid for the month, when it differs")
    p.add_argument("--paid-before", metavar="AMOUNT",
                   help="fees paid in the term's earlier months, yuan (SLA §5.1; without it the month "
                        "is a term of its own, a lower bound)")
    p.add_argument("--credited-before", metavar="AMOUNT",
                   help="compensation earned in the term's earlier months, yuan (with --paid-before)")
    p.add_argument("--draws", type=whole_arg, default=DRAWS, help=f"simulated months (default {DRAWS})")
    p.add_argument("--seed", type=whole_arg, default=0)
    json_option(p)
    p.set_defaults(run=cmd_outlook)
