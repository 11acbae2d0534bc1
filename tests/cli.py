"""The ``slakit`` command run in the test's own process, as its console script would run it."""

from __future__ import annotations

import io
import os
import subprocess
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout

from slakit.cli import main


def slakit(*args: str, lang: str | None = "en") -> subprocess.CompletedProcess[str]:
    """Run the command in this process as its console script would, capturing what it prints,
    under a locale of ``lang`` (``LANGUAGE``; None: the environment's as it is); an exception
    that escapes is printed as the traceback a user would see, with exit code 1."""
    out, err = io.StringIO(), io.StringIO()
    before = os.environ.get("LANGUAGE")
    if lang is not None:
        os.environ["LANGUAGE"] = lang
    with _restored("LANGUAGE", before), redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse: --help, --version, usage errors
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(["slakit", *args], code, out.getvalue(), err.getvalue())


@contextmanager
def _restored(name: str, value: str | None) -> Iterator[None]:
    """The environment variable ``name`` set back to ``value`` (or unset) afterwards."""
    try:
        yield
    finally:
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
