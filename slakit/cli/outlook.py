"""``slakit outlook``: where a service month in progress is heading, from the receipts archive."""

from __future__ import annotations

import argparse
import calendar
from datetime import date, timedelta
from fractions import Fraction

from ..errors import InputError
from ..format import percent, sms, tier_label, yuan
from ..i18n import Lang
from ..lab.projection import LEVEL, LOOKBACK_DAYS, Day, Projection, check_request, project
from ..months import ServiceMonth, parse_date, service_months
from ..policy import Policy, load_policy
from ..receipts.accounts import check_account
from ..receipts.archive import DEFAULT_DB
from ..receipts.codemap import DEFAULT_CODEMAP
from ..receipts.evaluate import evaluate
from .common import Subparsers, command, json_option, policy_option, print_json, table
from .receipts import declared_spans


def service_month_of(on: date, policy: Policy, start: date | None, months: int | None) -> ServiceMonth:
    """The service month holding ``on``: of the term when one is given, else the natural month."""
    if start is None:
        return ServiceMonth(on.replace(day=1), on.replace(day=calendar.monthrange(on.year, on.month)[1]))
    term = service_months(start, months or 1, policy.service_months.rule)
    for month in term:
        if month.start <= on <= month.end:
            return month
    raise InputError("--on", on.isoformat(), f"is not in the term {term[0].start} – {term[-1].end}")


def cmd_outlook(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    on = parse_date(args.on, "--on") if args.on is not None else date.today() - timedelta(days=1)
    start = parse_date(args.start, "--start") if args.start is not None else None
    month = service_month_of(on, policy, start, args.months)
    check_account(args.account, "--account")
    check_request(month, on, policy, args.fee, args.list_price, args.deductions or "0", args.paid)
    first = month.start - timedelta(days=LOOKBACK_DAYS)
    spans = [ServiceMonth(first, month.start - timedelta(days=1)), ServiceMonth(month.start, on)]
    found = evaluate(args.db, args.account, spans, policy, codemap=args.codemap, windows=args.windows,
                     customer=args.customer, declared=declared_spans(args.declared))
    if not found.months[1].total:
        raise InputError("account", args.account, f"has no records from {month.start} to {on} in the "
                                                  f"archive {args.db}: no data is not a month on target")
    p = project([Day(*row) for row in found.daily_counts()], month, on, policy, fee=args.fee,
                list_price=args.list_price, deductions=args.deductions or "0", paid=args.paid,
                draws=args.draws, seed=args.seed)
    pending = found.months[1].counts["pending"]
    if args.json:
        print_json({"account": args.account, "code_map": found.codemap.id, **p.to_dict(),
                    "pending": pending})
        return
    print(f"account {args.account}, service month {month.start} – {month.end}, counted to {on} "
          f"({p.days_left} days left), policy {policy.id}")
    print(render(p, pending))


def render(p: Projection, pending: int = 0) -> str:
    """The outlook as plain text (English, as the other commands print)."""
    lang: Lang = "en"

    def burn(value: Fraction | None) -> str:
        # a float for display only: the JSON keeps the exact fraction
        return "n/a (no sends)" if value is None else f"{float(value):.2f}× the affordable rate"

    so_far = "n/a" if p.availability is None else percent(p.availability)
    rows = [["month so far", f"{sms(p.valid_sends)} valid sends, {sms(p.failures)} failures, "
                             f"availability {so_far}"],
            ["expected volume", f"{sms(p.expected_valid)} valid sends in the whole month"],
            *[[f"failures left before {percent(b.threshold)}",
               f"{sms(b.remaining)} (of {sms(b.max_failures)})" + (" — crossed" if b.crossed else "")]
              for b in p.budgets],
            ["burn rate, last day", burn(p.burn_day)],
            ["burn rate, last 7 days", burn(p.burn_week)],
            [f"projected ({percent(LEVEL)} interval)",
             f"{percent(p.median)} ({percent(p.low)} – {percent(p.high)})"],
            *[[f"P({tier_label(p.policy, i, lang)})", percent(q)] for i, q in p.tier_probability.items()]]
    if p.expected_credit is not None:
        rows.append(["expected credit",
                     f"{yuan(p.expected_credit, lang)} yuan, {sms(p.expected_sms or 0)} SMS"])
    if pending:
        rows.append(["awaiting receipt", f"{sms(pending)} sends, left out until known"])
    return table(rows)


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "outlook", "where a service month in progress is heading: the month so far, "
                                "failures left before each boundary, burn rates, the projected "
                                "availability with a 90% interval, each tier's probability")
    p.add_argument("--db", default=DEFAULT_DB, help=f"the archive file (default {DEFAULT_DB})")
    p.add_argument("--account", required=True)
    p.add_argument("--on", help="the last day counted, YYYY-MM-DD, China time (default: yesterday)")
    p.add_argument("--start", help="the term's first day, when the service month is not a natural one")
    p.add_argument("--months", type=int, help="months bought, with --start")
    policy_option(p)
    p.add_argument("--codemap", default=DEFAULT_CODEMAP, help="a code map's name or file")
    p.add_argument("--windows", help="a TOML file of exclusion windows (SLA §4.13 etc.)")
    p.add_argument("--customer", choices=("ordinary", "channel"), default="ordinary",
                   help="the customer type for the SLA §4.10 daily volume threshold")
    p.add_argument("--declared", action="append", metavar="FIRST[/LAST]",
                   help="days whose high volume was declared in advance (SLA §4.10); repeatable")
    p.add_argument("--fee", help="the month's expected consumed fee, yuan: gives the expected credit")
    p.add_argument("--list-price", help="the list price per SMS, yuan (with --fee)")
    p.add_argument("--deductions", help="vouchers, coupons and reductions expected, yuan")
    p.add_argument("--paid", help="the fee actually paid for the month, when it differs")
    p.add_argument("--draws", type=int, default=4000, help="simulated months (default 4000)")
    p.add_argument("--seed", type=int, default=0)
    json_option(p)
    p.set_defaults(run=cmd_outlook)
