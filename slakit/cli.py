"""The ``slakit`` command. Errors go to stderr as one line, with exit code 2 and no traceback."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
from tabulate import tabulate

from . import __version__
from .assess import assess, percent, truncate
from .billing import reconcile_billing
from .claims import claim_window
from .errors import SlakitError
from .lab_cli import add_simulate
from .money import show
from .months import parse_date, service_months
from .policy import DEFAULT_POLICY, Policy, list_policies, load_policy
from .portfolio import COLUMNS as PORTFOLIO_INPUTS
from .portfolio import read_portfolio
from .receipts.cli import add_commands as add_receipt_commands
from .workdays import YearSchedule, read_overrides

EXIT_ERROR = 2


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _table(rows: Sequence[Sequence[object]], headers: Sequence[str] = ()) -> str:
    """A plain-text table that shows every value as given (no number re-parsing of Decimals)."""
    return tabulate(rows, headers=list(headers), disable_numparse=True,
                    tablefmt="simple" if headers else "plain")


def _cell(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, Decimal):
        return show(value)
    if isinstance(value, bool | np.bool_):
        return "yes" if value else ""
    if isinstance(value, int | np.integer):
        return f"{value:,}"
    return str(value)


def _percent_cell(value: object) -> str:
    return percent(Fraction(value)) if isinstance(value, Decimal) else ""


def _overrides(path: str | None) -> dict[int, YearSchedule]:
    return read_overrides(path) if path else {}


def cmd_months(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    start = parse_date(args.start, "START")
    overrides = _overrides(args.calendar)
    months = service_months(start, args.months, policy.service_months.rule)
    windows = [claim_window(m.end, policy, overrides) for m in months]
    if args.json:
        _print_json([{"start": m.start.isoformat(), "end": m.end.isoformat(), "days": m.days,
                      "partial": m.partial, "claim_opens_after": w.opens_after.isoformat(),
                      "claim_deadline": w.deadline.isoformat(), "provisional": w.provisional}
                     for m, w in zip(months, windows, strict=True)])
        return
    print(f"{len(months)} service months ({policy.service_months.clause}; "
          f"claims {policy.claim_window.clause})")
    print(_table([[i, m.start, m.end, m.days, "yes" if m.partial else "",
                     f"{w.opens_after}{' (provisional)' if w.provisional else ''}", w.deadline]
                    for i, (m, w) in enumerate(zip(months, windows, strict=True), 1)],
                   headers=["#", "start", "end", "days", "partial", "claims open after", "deadline"]))


def cmd_assess(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    result = assess(args.valid_sends, args.explicit_failures, fee=args.fee,
                    deductions=args.deductions, list_price=args.list_price, policy=policy)
    if args.json:
        _print_json(result.to_dict())
        return
    availability = "n/a (no valid sends)" if result.availability is None else percent(result.availability)
    tier = f"{result.tier} ({percent(Fraction(result.credit_rate))})" if result.tier else "none"
    print(_table([
        ["policy", policy.id],
        ["availability", availability],
        ["meets target", "yes" if result.meets_target else "no"],
        ["tier", tier],
        ["credit amount", show(result.credit_amount) + (" (capped)" if result.capped else "")],
        ["credit in SMS", f"{result.credit_sms:,}"],
    ]))
    print()
    print(_table([[f"{percent(b.threshold)}", b.max_failures, b.remaining,
                     "crossed" if b.crossed else ""] for b in result.error_budget],
                   headers=["boundary", "max failures", "failures left", ""]))
    print()
    print(result.explanation)


def cmd_claim_window(args: argparse.Namespace) -> None:
    policy = load_policy(args.policy)
    end = parse_date(args.service_month_end, "SERVICE_MONTH_END")
    on = parse_date(args.on, "--on") if args.on else None
    window = claim_window(end, policy, _overrides(args.calendar))
    if args.json:
        _print_json(window.to_dict(on))
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
    print(_table(rows))
    print(f"({window.clause})")


def cmd_policies(args: argparse.Namespace) -> None:
    rows = [[p.name, p.version, percent(p.target.availability),
             " / ".join(f"<{percent(t.below)}: {percent(Fraction(t.credit_rate))}"
                        for t in p.compensation.tiers),
             p.compensation.fee_basis, p.service_months.rule, p.title]
            for p in list_policies()]
    print(_table(rows, headers=["name", "version", "target", "tiers", "fee basis", "months", "title"]))


def cmd_billing(args: argparse.Namespace) -> None:
    check = reconcile_billing(args.billed, args.submitted, load_policy(args.policy))
    result = {"billed": check.billed, "submitted": check.submitted,
              "discrepancy": str(truncate(check.discrepancy)),
              "tolerance": str(truncate(check.tolerance)),
              "within_tolerance": check.within_tolerance}
    if args.json:
        _print_json(result)
        return
    verdict = "within" if check.within_tolerance else "OUTSIDE"
    print(f"billed {check.billed:,} vs submitted {check.submitted:,}: discrepancy "
          f"{percent(check.discrepancy)}, {verdict} the {percent(check.tolerance)} tolerance "
          f"({check.clause})")


def cmd_portfolio(args: argparse.Namespace) -> int:
    policies: list[Policy] = [load_policy(p) for p in (args.policy or [DEFAULT_POLICY])]
    portfolio = read_portfolio(args.csv)
    for error in portfolio.errors():
        print(f"rejected: {error}", file=sys.stderr)
    summaries = []
    for policy in policies:
        frame = portfolio.assess(policy)
        summaries.append({
            "policy": policy.id,
            "rows_read": portfolio.rows_read,
            "assessed": len(frame),
            "rejected": len(portfolio.rejected),
            "compensated": int((frame["credit_sms"] > 0).sum()),
            "capped": int(frame["capped"].sum()),
            "credit_amount": show(sum(frame["credit_amount"], Decimal(0))),
            "credit_sms": int(frame["credit_sms"].sum()),
        })
    if args.json:
        _print_json(summaries)
    else:
        if len(policies) == 1:
            shown = [c for c in frame.columns if c not in PORTFOLIO_INPUTS
                     and not c.startswith("budget_")]
            table = frame if args.all else frame[frame["credit_sms"] > 0]
            print(_table([[_percent_cell(v) if c in ("availability", "credit_rate") else _cell(v)
                           for c, v in zip(shown, row, strict=True)]
                          for row in table[shown].itertuples(index=False)], shown))
            print()
        print(_table([[_cell(v) for v in s.values()] for s in summaries], list(summaries[0])))
    return EXIT_ERROR if portfolio.rejected else 0


def cmd_report(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .batch import TEMPLATE, outcome_dict, run_reports

    on = parse_date(args.on, "--on") if args.on else None
    with tqdm(desc="reports", unit="report", disable=args.json or None) as bar:
        def advance(outcome: object) -> None:
            bar.update()

        outcomes = run_reports(args.customers, args.out, jobs=args.jobs, force=args.force,
                               pdf=args.pdf, lang=args.lang, on=on,
                               template=args.template or TEMPLATE, progress=advance)
    if args.json:
        _print_json([outcome_dict(o) for o in outcomes])
    else:
        print(_table([[o.customer_id, o.customer_name, o.status, o.reason] for o in outcomes],
                     ["customer", "name", "status", "reason"]))
        print(f"\n{sum(o.ok for o in outcomes)} of {len(outcomes)} reports ready: "
              f"{Path(args.out) / 'index.html'}")
    for o in outcomes:
        if not o.ok:
            print(f"{o.customer_id}: {o.status}: {o.reason}", file=sys.stderr)
    return 0 if all(o.ok for o in outcomes) else 1


def cmd_kernel(args: argparse.Namespace) -> None:
    from .kernel import ensure_kernel

    print(f"Jupyter kernel {ensure_kernel()!r} runs {sys.executable}")


def cmd_app(args: argparse.Namespace) -> int:
    from .kernel import NOTEBOOKS, ensure_kernel

    ensure_kernel()
    notebook = NOTEBOOKS / "explorers" / f"{args.notebook}.ipynb"
    if not notebook.exists():
        raise SlakitError(f"no notebook {notebook}")
    print(f"slakit app: http://127.0.0.1:{args.port}/ (Ctrl-C stops it)", flush=True)
    return subprocess.call([sys.executable, "-m", "voila", str(notebook), "--no-browser",
                            f"--port={args.port}", "--Voila.ip=127.0.0.1",
                            "--show_tracebacks=False", "--theme=light"])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slakit",
        description="Understand, check and explore the Tencent Cloud SMS SLA (2020-09-23).")
    parser.add_argument("--version", action="version", version=f"slakit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help)

    def policy_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--policy", default=DEFAULT_POLICY,
                       help=f"a shipped policy's name or a policy file (default {DEFAULT_POLICY})")

    p = command("months", "the service months of a purchase, with their claim windows (SLA §1.5, §3.2)")
    p.add_argument("start", help="the service's start date, YYYY-MM-DD")
    p.add_argument("months", type=int, help="number of months bought")
    policy_option(p)
    p.add_argument("--calendar", help="a TOML file of official working days for years not yet known")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_months)

    p = command("assess", "assess one account-month: availability, tier, credit in SMS (SLA §2–§3)")
    p.add_argument("--valid-sends", type=int, required=True)
    p.add_argument("--explicit-failures", type=int, required=True)
    p.add_argument("--fee", required=True, help="consumed fee of the month, yuan (SLA §1.6)")
    p.add_argument("--deductions", default="0",
                   help="vouchers, coupons and fee reductions, yuan (SLA §3.1(2))")
    p.add_argument("--list-price", required=True, help="list price per SMS, yuan (SLA §3.1(1))")
    policy_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_assess)

    p = command("claim-window", "when a service month's compensation can be claimed (SLA §3.2)")
    p.add_argument("service_month_end", metavar="SERVICE_MONTH_END", help="YYYY-MM-DD")
    p.add_argument("--on", help="a date to check against the window, YYYY-MM-DD")
    policy_option(p)
    p.add_argument("--calendar", help="a TOML file of official working days for years not yet known")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_claim_window)

    p = command("policies", "list the shipped policies")
    p.set_defaults(run=cmd_policies)

    p = command("billing", "check a bill against the successfully submitted count (5 % tolerance)")
    p.add_argument("--billed", type=int, required=True)
    p.add_argument("--submitted", type=int, required=True)
    policy_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_billing)

    p = command("portfolio", "assess a CSV of account-months under one or more policies")
    p.add_argument("csv", help="columns valid_sends, explicit_failures, fee, deductions, list_price")
    p.add_argument("--policy", action="append",
                   help="a policy name or file; repeat to compare (default: the SLA itself)")
    p.add_argument("--all", action="store_true", help="list every row, not only those owed credit")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_portfolio)
    p = command("app", "serve the what-if explorer as a web app (Voilà) on 127.0.0.1")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--notebook", default="explorer", help="a notebook of notebooks/explorers/")
    p.set_defaults(run=cmd_app)

    p = command("kernel", "install the Jupyter kernel the notebooks and reports run on")
    p.set_defaults(run=cmd_kernel)

    p = command("report", "SLA reports for every customer of a CSV: HTML, JSON and PDF, in parallel")
    p.add_argument("--customers", required=True,
                   help="CSV with customer_id, customer_name, start, months[, figures, policy, lang]")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--jobs", type=int, help="reports run at once (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="overwrite reports made from other inputs")
    p.add_argument("--pdf", action="store_true", help="also print each report to PDF (Chromium)")
    p.add_argument("--lang", choices=["zh", "en"], help="report language (default: per customer, zh)")
    p.add_argument("--on", help="report date for claim statuses, YYYY-MM-DD (default: today)")
    p.add_argument("--template", help="another papermill template")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_report)
    add_simulate(command)
    add_receipt_commands(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code = args.run(args)
    except SlakitError as error:
        print(f"slakit: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return int(code or 0)
