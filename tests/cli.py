"""The ``slakit`` command run in the test's own process, as its console script would run it."""

from __future__ import annotations

import io
import subprocess
import traceback
from contextlib import redirect_stderr, redirect_stdout

from slakit.cli import main


def slakit(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in this process as its console script would, capturing what it prints;
    an exception that escapes is printed as the traceback a user would see, with exit code 1."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse: --help, --version, usage errors
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(["slakit", *args], code, out.getvalue(), err.getvalue())
