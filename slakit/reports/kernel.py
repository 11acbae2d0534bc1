"""The Jupyter kernel slakit's notebooks and reports run on: this environment's Python, under its
own name.

A ``python3`` kernelspec elsewhere on the Jupyter path could point at another Python, so notebooks
are always run on the ``slakit`` kernel, installed into this environment on first use.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KERNEL_NAME = "slakit"
QUIET = "--IPKernelApp.log_level=CRITICAL"  # no start-up or shutdown chatter in batch output


def ensure_kernel() -> str:
    """Install the ``slakit`` kernelspec into ``sys.prefix`` if it is missing; return its name."""
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    if not spec.exists() or _python(spec) != Path(sys.executable).resolve():
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name="Python (slakit)", prefix=sys.prefix)
        settings = json.loads(spec.read_text(encoding="utf-8"))
        settings["argv"] = [sys.executable, *settings["argv"][1:], QUIET]
        spec.write_text(json.dumps(settings, indent=1), encoding="utf-8")
    return KERNEL_NAME


def _python(spec: Path) -> Path | None:
    """The interpreter a kernelspec starts, if it can be read."""
    try:
        return Path(json.loads(spec.read_text(encoding="utf-8"))["argv"][0]).resolve()
    except (OSError, ValueError, KeyError, IndexError):
        return None
