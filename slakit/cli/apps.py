"""The notebooks' side of the command line: ``app`` (the explorer as a web app), ``notebooks``
(the kit in a folder of one's own) and ``kernel``."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from ..errors import InputError
from ..kit import NOTEBOOKS, copy_kit
from .common import Subparsers, command


def cmd_kernel(args: argparse.Namespace) -> None:
    from ..reports.kernel import ensure_kernel  # the report machinery only when it is needed

    print(f"Jupyter kernel {ensure_kernel()!r} runs {sys.executable}")


def cmd_app(args: argparse.Namespace) -> int:
    from ..reports.kernel import ensure_kernel

    ensure_kernel()
    notebook = NOTEBOOKS / "explorers" / f"{args.notebook}.ipynb"
    if not notebook.exists():
        known = ", ".join(sorted(p.stem for p in (NOTEBOOKS / "explorers").glob("*.ipynb")))
        raise InputError("--notebook", args.notebook, f"is not one of {known}")
    print(f"slakit app: http://127.0.0.1:{args.port}/ (Ctrl-C stops it)", flush=True)
    return subprocess.call([sys.executable, "-m", "voila", str(notebook), "--no-browser",
                            f"--port={args.port}", "--Voila.ip=127.0.0.1",
                            "--show_tracebacks=False", "--theme=light"])


def cmd_notebooks(args: argparse.Namespace) -> None:
    from ..reports.kernel import ensure_kernel

    written = copy_kit(args.dir, force=args.force)
    kernel = ensure_kernel()
    folder = Path(args.dir)
    notebooks = sum(p.suffix == ".ipynb" for p in written)
    print(f"{notebooks} notebooks and {len(written) - notebooks} sample files copied to {folder}; "
          f"they run on the Jupyter kernel {kernel!r}.")
    print(f"Open them with: {Path(sys.executable).parent / 'jupyter'} lab {folder}")


def register(sub: Subparsers) -> None:  # type: ignore[type-arg]
    p = command(sub, "app", "serve the what-if explorer as a web app (Voilà) on 127.0.0.1")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--notebook", default="explorer", help="a notebook of notebooks/explorers/")
    p.set_defaults(run=cmd_app)

    p = command(sub, "notebooks",
                "copy the explorers, the course, the report template and the sample data into a folder")
    p.add_argument("dir", metavar="DIR", help="the folder to copy into (made if missing)")
    p.add_argument("--force", action="store_true", help="overwrite kit files already there")
    p.set_defaults(run=cmd_notebooks)

    p = command(sub, "kernel", "install the Jupyter kernel the notebooks and reports run on")
    p.set_defaults(run=cmd_kernel)
