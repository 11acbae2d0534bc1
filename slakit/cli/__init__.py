"""The ``slakit`` command. Errors go to stderr as one line, with exit code 2 and no traceback.

Each area registers its own sub-commands: :mod:`.sla`, :mod:`.portfolio`, :mod:`.lab`,
:mod:`.receipts`, :mod:`.reports`, :mod:`.apps`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import SlakitError
from . import apps, lab, portfolio, receipts, reports, sla
from .common import EXIT_ERROR

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slakit",
        description="Understand, check and explore the Tencent Cloud SMS SLA (2020-09-23).")
    parser.add_argument("--version", action="version", version=f"slakit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for area in (sla, portfolio, apps, reports, lab, receipts):  # the order --help lists them in
        area.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code = args.run(args)
    except SlakitError as error:
        print(f"slakit: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return int(code or 0)
