"""``slakit portfolio``: account-months (a CSV, a Parquet file or a DuckDB query) assessed under one
or more policies."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from typing import TYPE_CHECKING

from ..format import show
from ..words import say
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    Subparsers,
    cell,
    command,
    json_option,
    percent_cell,
    policies,
    policy_option,
    print_json,
    progress,
    table,
)

if TYPE_CHECKING:
    import pandas as pd


def cmd_portfolio(args: argparse.Namespace) -> int:
    from ..portfolio import read_portfolio

    chosen = policies(args)
    with progress(args, desc="portfolio", total=1 + len(chosen), unit="step") as bar:
        portfolio = read_portfolio(args.file, args.query)
        bar.update()
        frames = []
        for policy in chosen:
            frames.append(portfolio.assess(policy))
            bar.update()
    errors = portfolio.errors()  # one a row, listing each of its bad fields
    for error in errors:
        print(say(args.lang, "cli.rejected", message=error.said), file=sys.stderr)
    summaries: list[dict[str, object]] = []
    for policy, frame in zip(chosen, frames, strict=True):
        summaries.append({
            "policy": policy.id,
            "rows_read": portfolio.rows_read,
            "assessed": len(frame),
            "rejected": len(errors),
            "compensated": int((frame["credit_sms"] > 0).sum()),
            "capped": int(frame["capped"].sum()),
            "term_capped": int(frame["term_capped"].sum()),
            "credit_amount": sum(frame["credit_amount"], Decimal(0)),
            "credit_sms": int(frame["credit_sms"].sum()),
        })
    listed = [frame if args.all else frame[frame["credit_sms"] > 0] for frame in frames]
    if args.json:  # each policy's summary, with its rows listed (owed ones, or --all), exact
        print_json([{**{k: show(v) if isinstance(v, Decimal) else v for k, v in s.items()},
                     "rows": [dict(zip(_shown(rows), map(_exact, row), strict=True))
                              for row in rows[_shown(rows)].itertuples(index=False)]}
                    for s, rows in zip(summaries, listed, strict=True)])
        return EXIT_ERROR if errors else EXIT_OK
    for policy, rows in zip(chosen, listed, strict=True):
        if len(chosen) > 1:
            print(say(args.lang, "cli.policy", policy=policy.id))
        if rows.empty:
            print(say(args.lang, "portfolio.none_owed", read=f"{portfolio.rows_read:,}",
                      assessed=f"{len(frames[0]):,}"))
        else:
            shown = _shown(rows)
            print(table([[percent_cell(v) if c in ("availability", "credit_rate") else cell(v)
                          for c, v in zip(shown, row, strict=True)]
                         for row in rows[shown].itertuples(index=False)], shown))
        print()
    print(table([[cell(v) for v in s.values()] for s in summaries], list(summaries[0])))
    return EXIT_ERROR if errors else EXIT_OK


def _shown(rows: pd.DataFrame) -> list[str]:
    """The columns a row is listed by: its id and dates when given, and what was assessed."""
    from ..portfolio import COLUMNS

    inputs = (*COLUMNS, "excluded", "paid")
    return [c for c in rows.columns if c not in inputs and not c.startswith("budget_")]


def _exact(value: object) -> object:
    """A cell for JSON: whole numbers and yes/no as such, exact decimals and dates as text."""
    import pandas as pd

    if hasattr(value, "dtype"):  # a numpy scalar: its Python value
        value = value.item()  # type: ignore[attr-defined]
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool | int):
        return value
    return show(value) if isinstance(value, Decimal) else str(value)


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "portfolio", "assess account-months (CSV, Parquet or a DuckDB query) under one "
                                  "or more policies")
    p.add_argument("file", help="a CSV or Parquet (.parquet) file, or with --query a DuckDB database; "
                                "columns valid_sends, explicit_failures, fee, list_price; optionally "
                                "deductions, excluded, paid, and customer_id with service_month_start "
                                "for the SLA §5.1 term cap (without customer_id each row is a term)")
    p.add_argument("--query", metavar="SQL", help="the SELECT giving the account-months from the DuckDB "
                                                  "database FILE (opened read-only)")
    policy_option(p, compare=True)
    p.add_argument("--all", action="store_true", help="list every row, not only those owed credit")
    json_option(p)
    p.set_defaults(run=cmd_portfolio)
