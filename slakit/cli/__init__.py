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

from ..errors import SlakitError, os_reason
from ..i18n import LANGS, locale_lang
from ..words import say, says
from .common import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_PIPE,
    EXIT_TERMINATED,
    SPEAKING,
    Commands,
    Terminated,
)

__all__ = ["main"]


ARGPARSE = {  # argparse's own words, by their gettext message ids: the catalogue's entries for them
    "usage: ": "argparse.usage", "options": "argparse.options",
    "positional arguments": "argparse.positional", "show this help message and exit": "argparse.help",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized", "expected one argument": "argparse.one",
    "expected at most one argument": "argparse.at_most_one",
    "expected at least one argument": "argparse.at_least_one",
    "invalid %(type)s value: %(value)r": "argparse.invalid", "ambiguous option: %(option)s could match "
    "%(matches)s": "argparse.ambiguous", "invalid choice: %(value)r (choose from %(choices)s)":
    "argparse.choice", "not allowed with argument %s": "argparse.not_with",
    "ignored explicit argument %r": "argparse.ignored",
    "one of the arguments %s is required": "argparse.one_of",
}


@contextmanager
def _argparse_speaks(lang: str) -> Iterator[None]:
    """argparse's messages and help headings in ``lang`` (its words, by message id, from the
    catalogue), for the time of one command."""
    def gettext(message: str) -> str:
        return say(lang, ARGPARSE[message]) if message in ARGPARSE else message

    before = argparse._  # type: ignore[attr-defined]
    argparse._ = gettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = before  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, like every other error, pointing at ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, say(_LANG[0], "cli.usage_error", prog=self.prog, message=message) + "\n")


_LANG = SPEAKING  # the language of the command being parsed (argparse calls error() itself)


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


def _lang(argv: Sequence[str]) -> str:
    """The language of the command's words: ``--lang`` when it names one, else the locale's."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGS:
            return value
    return locale_lang()


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = _LANG[0] = _lang(argv)
    with _sigterm_interrupts():
        try:  # a command imports what it needs as it starts: Ctrl-C then too stops it quietly
            with _argparse_speaks(lang):
                args = _parser().parse_args(argv)
            return int(args.run(args) or 0)
        except SlakitError as error:
            _say(say(lang, "frame.error", message=error.said))
            return EXIT_ERROR
        except Terminated:
            _say(say(lang, "cli.terminated"))
            return EXIT_TERMINATED
        except KeyboardInterrupt:
            _say(say(lang, "cli.interrupted"))
            return EXIT_INTERRUPTED
        except BrokenPipeError:  # the reader of our output went away (| head): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_PIPE
        except OSError as error:  # the net: each known cause is an InputError at its source
            why = os_reason(error)
            message = says("frame.where", where=error.filename, problem=why) if error.filename else why
            _say(say(lang, "frame.error", message=message))
            return EXIT_ERROR
        except Exception as error:  # a fault of slakit's own: a code of its own, and how to report it
            if os.environ.get("SLAKIT_DEBUG"):
                traceback.print_exc()
            _say(say(lang, "cli.internal_error", kind=type(error).__name__, detail=str(error)[:200]))
            return EXIT_INTERNAL
