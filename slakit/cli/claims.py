"""``slakit claim``: the ticket text and evidence pack for one customer's service month."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..i18n import locale_lang
from ..months import parse_date
from ..outputs import output_folder
from ..records import dump
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
)


def cmd_claim(args: argparse.Namespace) -> int:
    from ..reports.batch import customer_request, read_customers, unused_columns
    from ..reports.claim import claim
    from ..reports.model import build_report
    from ..reports.pack import write_pack

    on = parse_date(args.on, "--on") if args.on is not None else date.today()
    month = parse_date(args.month, "--month")
    out = Path(args.out)
    customers = Path(args.customers)
    lang = args.lang or locale_lang()
    for column in unused_columns(read_customers(customers)):
        print(say(lang, "cli.unused_column", source=str(customers), column=column), file=sys.stderr)
    request = customer_request(customers, args.customer, out, on=on, lang=args.lang,
                               calendar=Path(args.calendar).resolve() if args.calendar else None,
                               customer_type=args.customer_type,
                               declared=declared_option(args))
    wanted = claim(build_report(request), month)
    refusal = wanted.refusal(args.force, "en")  # for scripts; people read it in their language
    if refusal:
        if args.json:
            print_json({"customer_id": args.customer, "status": wanted.status, "pack": None,
                        "reason": refusal, "statement": dump(wanted.month)})
        print(say(lang, "cli.no_pack", why=wanted.refusal(args.force, lang)), file=sys.stderr)
        return EXIT_FAILED
    path = output_folder(out, "--out") / wanted.pack_name
    if path.exists() and not args.force:
        raise InputError("--out", str(path), says("error.exists_force"))

    write_pack(wanted, path, unmask=args.unmask)
    if wanted.account is None:
        print(say(lang, "cli.no_account", source=str(customers), customer=args.customer), file=sys.stderr)
    if args.json:
        print_json({"customer_id": args.customer, "account": wanted.account, "status": wanted.status,
                    "pack": str(path), "statement": dump(wanted.month),
                    "ticket": {lang: wanted.ticket(lang) for lang in ("zh", "en")}})
    else:
        print(wanted.ticket(request.lang))
        print(f"{wanted.on}: {wanted.status_text(request.lang)}", file=sys.stderr)
        print(say(lang, "cli.evidence_pack", path=str(path)), file=sys.stderr)
    return EXIT_OK


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "claim", "the ticket text and evidence pack (zip) that claim one service month's "
                              "compensation (SLA §3.2)")
    p.add_argument("--customers", required=True,
                   help="the customers CSV of slakit report (figures, or receipts or an archive)")
    p.add_argument("--customer", required=True, help="the customer's id in that CSV")
    p.add_argument("--month", required=True, help="a day of the service month, YYYY-MM-DD")
    p.add_argument("--on", help="the day the claim is filed, YYYY-MM-DD (default: today)")
    p.add_argument("--out", default=".", help="folder for the pack (and the archive of a row's "
                                              "receipts); default the current folder")
    p.set_defaults(lang=None)  # the ticket printed: the customer's language unless given; the pack holds both
    p.add_argument("--unmask", action="store_true", help="full phone numbers in the evidence "
                                                         "(masked by default: +86138****5678)")
    p.add_argument("--force", action="store_true",
                   help="make the pack for an expired claim, and replace an existing pack")
    calendar_option(p)
    customer_type_options(p)
    json_option(p)
    p.set_defaults(run=cmd_claim)
