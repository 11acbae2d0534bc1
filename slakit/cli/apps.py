"""The notebooks' side of the command line: ``app`` (the explorer as a web app), ``notebooks``
(the kit in a folder of one's own) and ``kernel``."""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path

from ..errors import InputError, os_reason
from ..kit import NOTEBOOKS, copy_kit
from ..words import say, says
from .common import Subparsers, command


def cmd_kernel(args: argparse.Namespace) -> None:
    from ..reports.kernel import ensure_kernel  # the report machinery only when it is needed

    print(say(args.lang, "cli.kernel", kernel=ensure_kernel(), python=sys.executable))


def _free_port(port: int) -> int:
    """A port the app can listen on: in range and not taken (Voilà would quietly pick another)."""
    if not 1 <= port <= 65535:
        raise InputError("--port", port, says("error.port"))
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            problem = (says("error.in_use") if error.errno == errno.EADDRINUSE
                       else says("error.cannot_use", why=os_reason(error)))
            raise InputError("--port", port, problem) from None
    return port


def cmd_app(args: argparse.Namespace) -> int:
    """Voilà in this process: SIGTERM and Ctrl-C stop the server and shut its kernels down."""
    from voila.app import Voila

    from ..reports.kernel import ensure_kernel

    notebook = NOTEBOOKS / "explorers" / f"{args.notebook}.ipynb"
    if not notebook.exists():
        known = ", ".join(sorted(p.stem for p in (NOTEBOOKS / "explorers").glob("*.ipynb")))
        raise InputError("--notebook", args.notebook, says("error.one_of", choices=known))

    port = _free_port(args.port)
    ensure_kernel()
    print(say(args.lang, "cli.app", url=f"http://127.0.0.1:{port}/"), flush=True)
    Voila.launch_instance([str(notebook), "--no-browser", f"--port={port}", "--Voila.port_retries=0",
                           "--Voila.ip=127.0.0.1", "--show_tracebacks=False", "--theme=light"])
    return 0


def cmd_notebooks(args: argparse.Namespace) -> None:
    from ..reports.kernel import ensure_kernel

    written = copy_kit(args.dir, force=args.force)
    kernel = ensure_kernel()
    folder = Path(args.dir)
    notebooks = sum(p.suffix == ".ipynb" for p in written)
    print(say(args.lang, "cli.copied", notebooks=notebooks, samples=len(written) - notebooks,
              folder=str(folder), kernel=kernel))
    print(say(args.lang, "cli.open_with", command=f"{Path(sys.executable).parent / 'jupyter'} lab {folder}"))


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "app", "serve the what-if explorer as a web app (Voilà) on 127.0.0.1")
    p.add_argument("--port", type=int, default=8866, help="the port to listen on (default 8866)")
    p.add_argument("--notebook", default="explorer", help="a notebook of notebooks/explorers/")
    p.set_defaults(run=cmd_app)

    p = command(sub, "notebooks",
                "copy the explorers, the course, the report template and the sample data into a folder")
    p.add_argument("dir", metavar="DIR", help="the folder to copy into (made if missing)")
    p.add_argument("--force", action="store_true", help="overwrite kit files already there")
    p.set_defaults(run=cmd_notebooks)

    p = command(sub, "kernel", "install the Jupyter kernel the notebooks and reports run on")
    p.set_defaults(run=cmd_kernel)
