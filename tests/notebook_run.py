"""Running a notebook headless on the kit's kernel, as the suite does in several files."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill

from slakit.reports.kernel import ensure_kernel
from slakit.reports.warm import retrying_port_races


def execute(path: Path, output: Path | None = None) -> nbformat.NotebookNode:
    """``path`` run top to bottom in its folder; a kernel start that loses a race for a port
    (papermill#511, common when kernels start side by side) is tried again, a cell's error never."""
    done: nbformat.NotebookNode = retrying_port_races(
        lambda: papermill.execute_notebook(str(path), str(output) if output else None,
                                           kernel_name=ensure_kernel(), cwd=str(path.parent),
                                           progress_bar=False),
        keep=papermill.PapermillExecutionError)
    return done
