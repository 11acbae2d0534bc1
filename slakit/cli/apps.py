"""The notebooks' side of the command line: ``app`` (the explorer as a web app) and ``kernel``."""

from __future__ import annotations

import argparse
import subprocess
import sys

from ..errors import InputError
from ..kit import NOTEBOOKS
from ..reports.kernel import ensure_kernel
from .common import Subparsers, command


def cmd_kernel(args: argparse.Namespace) -> None:
    print(f"Jupyter kernel {ensure_kernel()!r} runs {sys.executable}")


def cmd_app(args: argparse.Namespace) -> int:
    ensure_kernel()
    notebook = NOTEBOOKS / "explorers" / f"{args.notebook}.ipynb"
    if not notebook.exists():
        known = ", ".join(sorted(p.stem for p in (NOTEBOOKS / "explorers").glob("*.ipynb")))
        raise InputError("--notebook", args.notebook, f"is not one of {known}")
    print(f"slakit app: http://127.0.0.1:{args.port}/ (Ctrl-C stops it)", flush=True)
    return subprocess.call([sys.executable, "-m", "voila", str(notebook), "--no-browser",
                            f"--port={args.port}", "--Voila.ip=127.0.0.1",
                            "--show_tracebacks=False", "--theme=light"])


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "app", "serve the what-if explorer as a web app (Voilà) on 127.0.0.1")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--notebook", default="explorer", help="a notebook of notebooks/explorers/")
    p.set_defaults(run=cmd_app)

    p = command(sub, "kernel", "install the Jupyter kernel the notebooks and reports run on")
    p.set_defaults(run=cmd_kernel)
