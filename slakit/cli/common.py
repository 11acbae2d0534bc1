"""What every command shares: exit codes, the ``--policy``/``--calendar``/``--json`` options,
JSON and table output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..format import percent, yuan
from ..i18n import LANGS, locale_lang
from ..months import Span, parse_span, spans_text
from ..numerals import whole
from ..policy import DEFAULT_POLICY, Policy, load_policy
from ..words import say
from ..workdays import YearSchedule, calendar_doubts, read_overrides

if TYPE_CHECKING:
    from tqdm import tqdm

EXIT_OK = 0
SPEAKING = ["zh"]  # the language of the command being parsed (argparse calls error() itself)
EXIT_FAILED = 1  # the command ran, but some of its items failed (a customer's report, say)
EXIT_ERROR = 2  # bad input: one line on stderr naming the field and value
EXIT_INTERNAL = 70  # a fault in slakit itself (sysexits' EX_SOFTWARE), never bad input
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143  # 128 + SIGTERM
EXIT_PIPE = 141  # 128 + SIGPIPE: the reader of the output went away


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that whatever runs stops and cleans up the same way."""


Subparsers = argparse._SubParsersAction  # the parser's sub-commands, where each area registers its own
Arguments = Callable[[argparse.ArgumentParser], None]


class Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-commands whose options may be added only once the command is chosen: their defaults
    can then come from modules that take long to import, and no other command waits for them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.later: dict[str, Arguments] = {}  # a command's options still to be added, by its name

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        arguments = self.later.pop(values[0], None) if values else None
        if arguments is not None:
            arguments(self._name_parser_map[values[0]])
        super().__call__(parser, namespace, values, option_string)


def whole_arg(text: str) -> int:
    """An option's whole number as people type it (``1,000``, full-width digits; no E-notation),
    read by the one parser every count goes through."""
    try:
        return whole(text, "")
    except InputError as error:
        raise argparse.ArgumentTypeError(f"{text!r} {error.problem.text(SPEAKING[0])}") from None


def command(sub: Subparsers, name: str, help: str,  # type: ignore[type-arg]
            arguments: Arguments | None = None) -> argparse.ArgumentParser:
    """A sub-command whose help is also its description; ``arguments`` adds its options once it
    is chosen."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help.replace("%", "%%"), description=help)  # argparse %-formats help only
    lang = locale_lang()  # every command takes --lang
    parser.add_argument("--lang", choices=LANGS, default=lang,
                        help=f"language of the output (default: the locale's, else zh; here {lang})")
    if arguments is not None:
        if isinstance(sub, Commands):
            sub.later[name] = arguments
        else:  # a parser of its own: the options at once
            arguments(parser)
    return parser


def policy_option(p: argparse.ArgumentParser, *, compare: bool = False) -> None:
    """``--policy``: one policy, or with ``compare`` a repeatable option (default: the SLA)."""
    if compare:
        p.add_argument("--policy", action="append",
                       help=f"a policy name or file; repeat to compare (default {DEFAULT_POLICY})")
    else:
        p.add_argument("--policy", default=DEFAULT_POLICY,
                       help=f"a shipped policy's name or a policy file (default {DEFAULT_POLICY})")


def policies(args: argparse.Namespace) -> list[Policy]:
    """The policies a repeatable ``--policy`` names, the SLA itself when none is."""
    return [load_policy(p) for p in (args.policy or [DEFAULT_POLICY])]


def calendar_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--calendar", help="a TOML file of official working days for years not yet known")


def customer_type_options(p: argparse.ArgumentParser) -> None:
    """``--customer-type`` and ``--declared``: the SLA §4.10 threshold's customer type, and the
    days whose high volume was declared in advance, for a customers CSV's rows without their own
    ``customer_type`` and ``declared`` columns (they count only where the counts come from receipts)."""
    p.add_argument("--customer-type", choices=("ordinary", "channel"),
                   help="the SLA §4.10 daily volume threshold's customer type (default: a row's "
                        "customer_type column, else ordinary)")
    p.add_argument("--declared", action="append", metavar="FIRST[/LAST]",
                   help="days whose high volume was declared in advance: their failures count "
                        "(SLA §4.10 '未提前告知'); repeatable; a row's declared column wins")


def declared_spans(args: argparse.Namespace) -> tuple[Span, ...]:
    """The spans of days of the repeatable ``--declared`` (SLA §4.10), each named by the option."""
    return tuple(parse_span(text, "--declared") for text in args.declared or [])


def declared_option(args: argparse.Namespace) -> str:
    """``--declared`` as a customers CSV cell holds it (``FIRST/LAST;…``)."""
    return spans_text(declared_spans(args))


def json_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON, for scripts")


def progress(args: argparse.Namespace, **options: Any) -> tqdm[Any]:
    """A progress bar on stderr: shown on a terminal only, never with ``--json``."""
    from tqdm import tqdm

    return tqdm(disable=getattr(args, "json", False) or None, leave=False, **options)


def calendar_overrides(path: str | None, lang: str | None = None) -> dict[int, YearSchedule]:
    """The official days of a ``--calendar`` file; what looks wrong in it is noted on stderr."""
    if not path:
        return {}
    schedules = read_overrides(path)
    for doubt in calendar_doubts(schedules):
        print(say(lang or SPEAKING[0], "note.calendar", path=path, doubt=doubt), file=sys.stderr)
    return schedules


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def table(rows: Sequence[Sequence[object]], headers: Sequence[str] = ()) -> str:
    """A plain-text table that shows every value as given (no number re-parsing of Decimals)."""
    from tabulate import tabulate  # when there is a table to show: it takes long to import

    return tabulate(rows, headers=list(headers), disable_numparse=True,
                    tablefmt="simple" if headers else "plain")


def cell(value: object) -> str:
    import numpy as np  # a frame's values: the frame brought numpy and pandas in already
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):  # NaN: empty
        return ""
    if isinstance(value, Decimal):
        return yuan(value, "en")
    if isinstance(value, bool | np.bool_):
        return "yes" if value else ""
    if isinstance(value, int | np.integer):
        return f"{value:,}"
    return str(value)


def percent_cell(value: object) -> str:
    return percent(Fraction(value)) if isinstance(value, Decimal) else ""
