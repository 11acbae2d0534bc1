"""The ``slakit`` command. Errors go to stderr as one line, with exit code 2 and no traceback.

Each area registers its own sub-commands: :mod:`.sla`, :mod:`.portfolio`, :mod:`.lab`,
:mod:`.receipts`, :mod:`.outlook`, :mod:`.reports`, :mod:`.claims`, :mod:`.apps`. :func:`main` is
also the net for what escapes
a command: an OS error is one line and exit code 2; a fault of slakit's own one line and exit
code 70 (``SLAKIT_DEBUG=1`` shows its traceback); Ctrl-C (SIGINT) and SIGTERM stop any command
as an interrupt does, with exit codes 130 and 143.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

from ..errors import SlakitError
from .common import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_PIPE,
    EXIT_TERMINATED,
    Commands,
    Terminated,
)

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, like every other error, pointing at ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _Version(argparse.Action):
    """``--version``: the installed package's, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from .. import __version__

        print(f"slakit {__version__}")  # on stdout, as argparse prints a version
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    from . import apps, claims, lab, outlook, portfolio, receipts, reports, sla

    parser = _Parser(
        prog="slakit",
        description="Understand, check and explore the Tencent Cloud SMS SLA (2020-09-23).")
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True, action=Commands)
    # the order --help lists them in
    for area in (sla, portfolio, apps, reports, claims, lab, receipts, outlook):
        area.register(sub)
    return parser


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` (a KeyboardInterrupt), so that every command cleans up
    on it as on Ctrl-C."""
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _say(message: str) -> None:
    print(f"slakit: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    with _sigterm_interrupts():
        try:  # a command imports what it needs as it starts: Ctrl-C then too stops it quietly
            args = _parser().parse_args(argv)
            return int(args.run(args) or 0)
        except SlakitError as error:
            _say(f"error: {error}")
            return EXIT_ERROR
        except Terminated:
            _say("stopped (SIGTERM)")
            return EXIT_TERMINATED
        except KeyboardInterrupt:
            _say("interrupted")
            return EXIT_INTERRUPTED
        except BrokenPipeError:  # the reader of our output went away (| head): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_PIPE
        except OSError as error:  # the net: each known cause is an InputError at its source
            where = f"{error.filename}: " if error.filename else ""
            _say(f"error: {where}{error.strerror or error}")
            return EXIT_ERROR
        except Exception as error:  # a fault of slakit's own: a code of its own, and how to report it
            if os.environ.get("SLAKIT_DEBUG"):
                traceback.print_exc()
            _say(f"internal error, not a problem with your input ({type(error).__name__}: "
                 f"{str(error)[:200]}); please report it with the command, or rerun with SLAKIT_DEBUG=1 "
                 "for the traceback")
            return EXIT_INTERNAL
