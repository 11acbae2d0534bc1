"""The SLA's own questions: ``months``, ``assess``, ``claim-window``, ``policies``, ``billing``."""

from __future__ import annotations

import argparse
from fractions import Fraction

from ..assess import assess
from ..billing import reconcile_billing
from ..claims import claim_window
from ..format import percent, sms, truncate, yuan
from ..months import parse_date, service_months
from ..policy import list_policies, load_policy
from .common import (
    Subparsers,
    calendar_option,
    calendar_overrides,
    command,
    json_option,
    policy_option,
    print_json,
    table,
)


def cmd_months(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    start = parse_date(args.start, "START")
    overrides = calendar_overrides(args.calendar)
    months = service_months(start, args.months, policy.service_months.rule)
    windows = [claim_window(m.end, policy, overrides) for m in months]
    if args.json:
        print_json([{"start": m.start.isoformat(), "end": m.end.isoformat(), "days": m.days,
                      "partial": m.partial, "claim_opens_after": w.opens_after.isoformat(),
                      "claim_deadline": w.deadline.isoformat(), "provisional": w.provisional}
                     for m, w in zip(months, windows, strict=True)])
        return
    print(f"{len(months)} service months ({policy.service_months.clause}; "
          f"claims {policy.claim_window.clause})")
    print(table([[i, m.start, m.end, m.days, "yes" if m.partial else "",
                     f"{w.opens_after}{' (provisional)' if w.provisional else ''}", w.deadline]
                    for i, (m, w) in enumerate(zip(months, windows, strict=True), 1)],
                   headers=["#", "start", "end", "days", "partial", "claims open after", "deadline"]))


def cmd_assess(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    result = assess(args.valid_sends, args.explicit_failures, fee=args.fee,
                    deductions=args.deductions, list_price=args.list_price, policy=policy)
    if args.json:
        print_json(result.to_dict())
        return
    availability = "n/a (no valid sends)" if result.availability is None else percent(result.availability)
    tier = f"{result.tier} ({percent(Fraction(result.credit_rate))})" if result.tier else "none"
    print(table([
        ["policy", policy.id],
        ["availability", availability],
        ["meets target", "yes" if result.meets_target else "no"],
        ["tier", tier],
        ["credit amount", yuan(result.credit_amount, "en") + (" (capped)" if result.capped else "")],
        ["credit in SMS", sms(result.credit_sms, "en")],
    ]))
    print()
    print(table([[f"{percent(b.threshold)}", b.max_failures, b.remaining,
                     "crossed" if b.crossed else ""] for b in result.error_budget],
                   headers=["boundary", "max failures", "failures left", ""]))
    print()
    print(result.explanation)


def cmd_claim_window(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    end = parse_date(args.service_month_end, "SERVICE_MONTH_END")
    on = parse_date(args.on, "--on") if args.on is not None else None
    window = claim_window(end, policy, calendar_overrides(args.calendar))
    if args.json:
        print_json(window.to_dict(on))
        return
    rows = [["service month ends", end.isoformat()],
            ["claims open after", window.opens_after.isoformat()
             + f" (working day {policy.claim_window.opens_after_working_day} of the next month)"],
            ["first day to claim", window.first_day.isoformat()],
            ["deadline", window.deadline.isoformat()
             + f" ({policy.claim_window.deadline_days} days after the month ends)"]]
    if window.provisional:
        rows.append(["provisional", "yes: that year's official working days are not known; "
                                    "pass --calendar FILE with them"])
    if on is not None:
        status = window.status(on)
        if status == "open":
            status += f", {window.days_left(on)} days left"
        rows.append([f"on {on.isoformat()}", status])
    print(table(rows))
    print(f"({window.clause})")


def cmd_policies(args: argparse.Namespace) -> None:
    rows = [[p.name, p.version, percent(p.target.availability),
             " / ".join(f"<{percent(t.below)}: {percent(Fraction(t.credit_rate))}"
                        for t in p.compensation.tiers),
             p.compensation.fee_basis, p.service_months.rule, p.title]
            for p in list_policies()]
    print(table(rows, headers=["name", "version", "target", "tiers", "fee basis", "months", "title"]))


def cmd_billing(args: argparse.Namespace) -> None:
    check = reconcile_billing(args.billed, args.submitted, load_policy(args.policy))
    result = {"billed": check.billed, "submitted": check.submitted,
              "discrepancy": str(truncate(check.discrepancy)),
              "tolerance": str(truncate(check.tolerance)),
              "within_tolerance": check.within_tolerance}
    if args.json:
        print_json(result)
        return
    verdict = "within" if check.within_tolerance else "OUTSIDE"
    print(f"billed {check.billed:,} vs submitted {check.submitted:,}: discrepancy "
          f"{percent(check.discrepancy)}, {verdict} the {percent(check.tolerance)} tolerance "
          f"({check.clause})")


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "months",
                "the service months of a purchase, with their claim windows (SLA §1.5, §3.2)")
    p.add_argument("start", help="the service's start date, YYYY-MM-DD")
    p.add_argument("months", type=int, help="number of months bought")
    policy_option(p)
    calendar_option(p)
    json_option(p)
    p.set_defaults(run=cmd_months)

    p = command(sub, "assess", "assess one account-month: availability, tier, credit in SMS (SLA §2–§3)")
    p.add_argument("--valid-sends", type=int, required=True)
    p.add_argument("--explicit-failures", type=int, required=True)
    p.add_argument("--fee", required=True, help="consumed fee of the month, yuan (SLA §1.6)")
    p.add_argument("--deductions", default="0",
                   help="vouchers, coupons and fee reductions, yuan (SLA §3.1(2))")
    p.add_argument("--list-price", required=True, help="list price per SMS, yuan (SLA §3.1(1))")
    policy_option(p)
    json_option(p)
    p.set_defaults(run=cmd_assess)

    p = command(sub, "claim-window", "when a service month's compensation can be claimed (SLA §3.2)")
    p.add_argument("service_month_end", metavar="SERVICE_MONTH_END", help="YYYY-MM-DD")
    p.add_argument("--on", help="a date to check against the window, YYYY-MM-DD")
    policy_option(p)
    calendar_option(p)
    json_option(p)
    p.set_defaults(run=cmd_claim_window)

    p = command(sub, "policies", "list the shipped policies")
    p.set_defaults(run=cmd_policies)

    p = command(sub, "billing", "check a bill against the successfully submitted count (5 % tolerance)")
    p.add_argument("--billed", type=int, required=True)
    p.add_argument("--submitted", type=int, required=True)
    policy_option(p)
    json_option(p)
    p.set_defaults(run=cmd_billing)
