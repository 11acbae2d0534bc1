"""Notebooks in git: paired with a text file cell for cell, and free of stale outputs."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").rglob("*.ipynb"))


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
