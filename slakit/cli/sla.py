"""The SLA's own questions: ``months``, ``assess``, ``claim-window``, ``policies``, ``billing``."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from ..billing import reconcile_billing
from ..claims import claim_window
from ..errors import InputError
from ..explain import explain
from ..format import (
    claim_status,
    date_range,
    deadline_text,
    percent,
    sms,
    status_text,
    tier_label,
    truncate,
    yes_no,
    yuan,
)
from ..money import term_so_far
from ..months import ServiceMonth, parse_date, parse_span, service_months
from ..policy import Policy, list_policies, load_policy
from ..records import dump
from ..statement import Evidence, fees, figures_counts, state
from ..words import say, says
from .common import (
    Subparsers,
    calendar_option,
    calendar_overrides,
    command,
    json_option,
    policy_option,
    print_json,
    table,
    whole_arg,
)


def first_day_note(policy: Policy, lang: str) -> str:
    """How the first claim day follows from the N-th working day, under the policy's reading."""
    rule = policy.claim_window
    return say(lang, f"months.first_{rule.first_day}", n=rule.opens_after_working_day)


def cmd_months(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    start = parse_date(args.start, "START")
    overrides = calendar_overrides(args.calendar)
    months = service_months(start, args.months, policy.service_months.rule)
    windows = [claim_window(m.end, policy, overrides) for m in months]
    if args.json:
        print_json([{"start": m.start.isoformat(), "end": m.end.isoformat(), "days": m.days,
                      "partial": m.partial, "claim_opens_after": w.opens_after.isoformat(),
                      "claim_first_day": w.first_day.isoformat(),
                      "claim_deadline": w.deadline.isoformat(), "provisional": w.provisional}
                     for m, w in zip(months, windows, strict=True)])
        return
    lang = args.lang
    print(say(lang, "months.head", n=len(months), clause=policy.service_months.clause.text(lang),
              claims=policy.claim_window.clause.text(lang), first=first_day_note(policy, lang)))
    print(table([[i, m.start, m.end, m.days, say(lang, "format.yes") if m.partial else "",
                  f"{w.first_day}{' *' if w.provisional else ''}", w.deadline]
                 for i, (m, w) in enumerate(zip(months, windows, strict=True), 1)],
                headers=[say(lang, f"months.col_{c}") for c in ("number", "start", "end", "days", "partial",
                                                                "first_day", "deadline")]))
    if any(w.provisional for w in windows):
        print("* " + say(lang, "months.provisional"))


def _service_month(text: str, policy: Policy) -> ServiceMonth:
    """``--month``: a service month's first and last day, or one day for its natural month."""
    first, last = parse_span(text, "--month")
    if first == last:
        first = first.replace(day=1)
        last = service_months(first, 1, "natural")[0].end
    return ServiceMonth(first, last, partial=first.day != 1 or last.month == (last + timedelta(days=1)).month)


def cmd_assess(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    month = _service_month(args.month, policy) if args.month else None
    on = (parse_date(args.on, "--on") if args.on is not None else date.today()) if month else None
    if args.on is not None and month is None:
        raise InputError("--on", args.on, says("error.on_needs_month"))
    if args.credited_before is not None and args.paid_before is None:
        raise InputError("--credited-before", args.credited_before, says("error.credited_needs_paid"))

    counts = figures_counts(args.valid_sends, args.explicit_failures, args.excluded)
    money = fees(args.fee, args.list_price, args.deductions, args.paid)
    before, credited = (None, Decimal(0)) if args.paid_before is None else term_so_far(
        args.paid_before, args.credited_before or "0", fields=("--paid-before", "--credited-before"),
        paid_words="--paid-before")
    evidence = Evidence(month, "typed", counts, (month.start, month.end) if month else None)
    statement = state(evidence, policy, money, on=on, overrides=calendar_overrides(args.calendar),
                      paid_before=before, credited_before=credited)
    result = statement.credit
    assert result is not None  # counts and fees were given
    lang = args.lang
    explanation = explain(result, policy, lang)
    if args.json:
        print_json(dump(statement) | {"explanation": explanation})
        return

    def w(key: str, **values: object) -> str:
        return say(lang, f"assess.{key}", **values)

    availability = w("no_volume") if result.availability is None else percent(result.availability)
    rows = [
        [w("policy"), policy.id],
        [w("availability"), availability],
        [w("meets"), yes_no(result.meets_target, lang)],
        [w("tier"), tier_label(policy, result.tier, lang)],
        [w("credit"), yuan(result.credit_amount, lang) + (w("capped") if result.capped else "")],
        [w("credit_sms"), sms(result.credit_sms, lang) + (
            w("worth", worth=yuan(statement.sms_worth, lang)) if statement.sms_worth else "")],
    ]
    if month is not None and statement.window is not None and on is not None:
        rows += [[w("month"), date_range(month.start, month.end, lang)],
                 [w("window"), date_range(statement.window.first_day, statement.window.deadline, lang)]]
    rows.append([w("status") if month else w("verdict"), status_text(statement, lang)])
    print(table(rows))
    print()
    print(table([[f"{percent(b.threshold)}", sms(b.max_failures, lang), sms(b.remaining, lang),
                  w("crossed") if b.crossed else ""] for b in result.error_budget],
                headers=[w("boundary"), w("max_failures"), w("left"), w("status")]))
    print()
    print(explanation)


def cmd_claim_window(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    end = parse_date(args.service_month_end, "SERVICE_MONTH_END")
    on = parse_date(args.on, "--on") if args.on is not None else None
    window = claim_window(end, policy, calendar_overrides(args.calendar))
    if args.json:
        print_json(window.to_dict(on))
        return
    rule, lang = policy.claim_window, args.lang

    def w(key: str, **values: object) -> str:
        return say(lang, f"window.{key}", **values)

    rows = [[w("month_ends"), end.isoformat()],
            [w("working_day", n=rule.opens_after_working_day), w("of_next", day=window.opens_after)],
            [w("first_day"), w("first_day_note", day=window.first_day, note=first_day_note(policy, lang))],
            [w("deadline"), w("deadline_note", day=deadline_text(window.deadline, lang),
                              n=rule.deadline_days)]]
    if window.provisional:
        rows.append([w("provisional"), w("provisional_note")])
    if on is not None:
        rows.append([w("on", day=on.isoformat()), claim_status(window, on, lang)])
    print(table(rows))
    print(w("clause", clause=window.clause.text(lang)))


def cmd_policies(args: argparse.Namespace) -> None:
    shipped = [load_policy(f) for f in args.files] or list_policies()
    defaults = list_policies()[0].readings()
    lang = args.lang
    rows = [[p.name, p.version, percent(p.target.availability),
             " / ".join(f"<{percent(t.below)}: {percent(Fraction(t.credit_rate))}"
                        for t in p.compensation.tiers),
             ", ".join(f"{point}: {reading}" for point, reading in p.readings().items()
                       if reading != defaults[point]) or say(lang, "policies.defaults"), p.title]
            for p in shipped]
    print(table(rows, headers=[say(lang, f"policies.col_{c}") for c in ("name", "version", "target", "tiers",
                                                                        "readings", "title")]))
    print("\n" + say(lang, "policies.defaults_are", readings=", ".join(
        f"{point} {reading}" for point, reading in defaults.items())))
    for p in shipped:
        if p.defaulted:
            print(say(lang, "policies.defaulted", source=p.source, keys=", ".join(p.defaulted)))


def cmd_billing(args: argparse.Namespace) -> None:
    check = reconcile_billing(args.billed, args.submitted, load_policy(args.policy))
    discrepancy = None if check.discrepancy is None else truncate(check.discrepancy)
    result = {"billed": check.billed, "submitted": check.submitted,
              "discrepancy": None if discrepancy is None else str(discrepancy),
              "tolerance": str(truncate(check.tolerance)),
              "within_tolerance": check.within_tolerance}
    if args.json:
        print_json(result)
        return
    lang = args.lang
    shown = (say(lang, "billing.none_submitted") if check.discrepancy is None
             else say(lang, "billing.discrepancy", share=percent(check.discrepancy)))
    print(say(lang, "billing.within" if check.within_tolerance else "billing.outside", billed=check.billed,
              submitted=check.submitted, shown=shown, tolerance=percent(check.tolerance),
              clause=check.clause.text(lang)))


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "months",
                "the service months of a purchase, with their claim windows (SLA §1.5, §3.2)")
    p.add_argument("start", help="the service's start date, YYYY-MM-DD")
    p.add_argument("months", type=whole_arg, help="number of months bought")
    policy_option(p)
    calendar_option(p)
    json_option(p)
    p.set_defaults(run=cmd_months)

    p = command(sub, "assess", "assess one account-month: availability, tier, credit in SMS (SLA §2–§3)")
    p.add_argument("--valid-sends", type=whole_arg, required=True,
                   help="SMS sent to valid numbers, excluded sends (SLA §4) left out (SLA §1.3)")
    p.add_argument("--explicit-failures", type=whole_arg, required=True,
                   help="failures for the provider's reasons (SLA §1.2)")
    p.add_argument("--excluded", type=whole_arg, default=0,
                   help="sends excluded under SLA §4; they count only under a policy reading them "
                        "as delivered (default 0)")
    p.add_argument("--fee", required=True, help="consumed fee of the month, yuan (SLA §1.6)")
    p.add_argument("--deductions", default="0",
                   help="vouchers, coupons and fee reductions, yuan (SLA §3.1(2))")
    p.add_argument("--paid", help="the fee actually paid for the month, yuan, net of vouchers, coupons "
                                  "and reductions (a prepaid package's month): the cap (SLA §3.1(2)) "
                                  "instead of fee − deductions")
    p.add_argument("--list-price", required=True, help="list price per SMS, yuan (SLA §3.1(1))")
    p.add_argument("--month", metavar="FIRST[/LAST]",
                   help="the service month: its first and last day, or one day for its natural "
                        "month; gives the claim window and the status on --on")
    p.add_argument("--on", help="the date of the status, YYYY-MM-DD (default: today; with --month)")
    p.add_argument("--paid-before", metavar="YUAN",
                   help="fees paid in the term's earlier months: without it the month is a term of "
                        "its own, SLA §5.1 holding it to its own fees paid (a lower bound)")
    p.add_argument("--credited-before", metavar="YUAN",
                   help="compensation those earlier months earned (with --paid-before; default 0)")
    policy_option(p)
    calendar_option(p)
    json_option(p)
    p.set_defaults(run=cmd_assess)

    p = command(sub, "claim-window", "when a service month's compensation can be claimed (SLA §3.2)")
    p.add_argument("service_month_end", metavar="SERVICE_MONTH_END", help="YYYY-MM-DD")
    p.add_argument("--on", help="a date to check against the window, YYYY-MM-DD")
    policy_option(p)
    calendar_option(p)
    json_option(p)
    p.set_defaults(run=cmd_claim_window)

    p = command(sub, "policies", "list the shipped policies (or the policy files given) and the "
                                 "reading each takes")
    p.add_argument("files", nargs="*", metavar="FILE", help="policy files or names (default: the shipped)")
    p.set_defaults(run=cmd_policies)

    p = command(sub, "billing", "check a bill against the successfully submitted count (5 % tolerance)")
    p.add_argument("--billed", type=whole_arg, required=True)
    p.add_argument("--submitted", type=whole_arg, required=True)
    policy_option(p)
    json_option(p)
    p.set_defaults(run=cmd_billing)
