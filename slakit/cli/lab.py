"""``slakit simulate``: the Monte Carlo of incidents from the command line (:mod:`slakit.lab`)."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import fields
from decimal import Decimal

from ..errors import InputError, os_reason
from ..format import yuan
from ..money import parse_amount
from ..outputs import output_file
from ..words import say, says
from .common import Subparsers, command, json_option, policies, policy_option, progress, whole_arg

SHAPES = ("day_shape", "week_shape")  # tuples of weights: the defaults serve the command line


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    command(sub, "simulate",
            "Monte Carlo of incidents: the distribution of availability and credit (SLA §2–§3)", _options)


def _options(p: argparse.ArgumentParser) -> None:
    from ..lab.simulate import IncidentModel  # the lab, for this command only

    for f in fields(IncidentModel):
        if f.name not in SHAPES:
            kind = (str if isinstance(f.default, Decimal) else
                    whole_arg if isinstance(f.default, int) else type(f.default))
            p.add_argument(f"--{f.name.replace('_', '-')}", type=kind, default=f.default,
                           help=f"default {f.default}")
    p.add_argument("--seed", type=whole_arg, default=0, help="a whole number ≥ 0 (default 0)")
    policy_option(p, compare=True)
    p.add_argument("--out", help="also write the simulated account-months to this CSV")
    json_option(p)
    p.set_defaults(run=cmd_simulate)


def cmd_simulate(args: argparse.Namespace) -> None:
    from tabulate import tabulate

    from ..lab.outlook import outlook
    from ..lab.simulate import IncidentModel, simulate

    settings = {f.name: getattr(args, f.name) for f in fields(IncidentModel) if f.name not in SHAPES}
    for f in fields(IncidentModel):
        if isinstance(f.default, Decimal):
            settings[f.name] = parse_amount(settings[f.name], f.name, places=6)
    model = IncidentModel(**settings)
    out = output_file(args.out, "--out") if args.out else None  # before the work, not after
    chosen = policies(args)
    with progress(args, desc="simulate", total=1 + bool(out) + len(chosen), unit="step") as bar:
        start = time.perf_counter()
        frame = simulate(model, args.seed)
        elapsed = time.perf_counter() - start
        bar.update()
        if out:  # for programs (slakit portfolio, pandas): plain CSV, exact values, no BOM
            try:
                frame.to_csv(out, index=False)
            except OSError as error:
                raise InputError("--out", args.out, says("error.cannot_write", why=os_reason(error))
                                 ) from None

            bar.update()
        outlooks = []
        for policy in chosen:
            outlooks.append(outlook(frame, policy))
            bar.update()
    if args.json:
        print(json.dumps([o.to_dict() for o in outlooks], ensure_ascii=False, indent=2))
        return
    lang = args.lang
    print(say(lang, "cli.simulated", n=len(frame), accounts=model.accounts, months=model.months,
              seed=args.seed, seconds=elapsed))
    for o in outlooks:
        print("\n" + say(lang, "cli.policy", policy=o.policy.id))
        table = o.table(lang)
        print(tabulate(table.values.tolist(), headers=list(table.columns), disable_numparse=True))
        print(say(lang, "cli.shares", shares=" · ".join(f"{tier} {share}" for tier, share in
                                                        o.tiers(lang).itertuples(index=False))))
        print(say(lang, "cli.expected_credit", amount=yuan(o.expected_credit, lang),
                  total=yuan(o.total_credit, lang)))
