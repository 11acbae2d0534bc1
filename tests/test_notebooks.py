"""Notebooks in git: paired with a text file cell for cell, and free of stale outputs."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import papermill
import pytest

from slakit.reports.kernel import ensure_kernel

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").rglob("*.ipynb"))
INTERACTIVE = [p for p in NOTEBOOKS if p.parent.name != "reports"]  # reports: see test_batch


def cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in notebook.cells]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_paired_text_file_matches(path):
    text = path.with_suffix(".py")
    assert text.exists(), f"{path.name} has no paired .py (jupytext --set-formats ipynb,py:percent)"
    assert cells(jupytext.read(text)) == cells(nbformat.read(path, as_version=4))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stale_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    assert not any(c.get("outputs") or c.get("execution_count") for c in notebook.cells
                   if c.cell_type == "code")


@pytest.mark.slow
@pytest.mark.parametrize("path", INTERACTIVE, ids=lambda p: p.name)
def test_executes_headless_top_to_bottom(path, tmp_path):
    done = papermill.execute_notebook(str(path), str(tmp_path / path.name), kernel_name=ensure_kernel(),
                                      cwd=str(path.parent), progress_bar=False)
    errors = [o for c in done.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    widgets = [o for c in done.cells for o in c.get("outputs", [])
               if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, "every explorer and course notebook shows at least one widget"
