"""Notebooks in git: paired with a text file cell for cell (the course's editions: generated from
their paired source), and free of stale outputs."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

from slakit.i18n import LANGS
from slakit.ui.editions import editions
from tests.notebook_run import execute

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").rglob("*.ipynb"))
EDITIONS = [p for p in NOTEBOOKS if p.parent.name in LANGS]  # generated from course/source
PAIRED = [p for p in NOTEBOOKS if p not in EDITIONS]
# What a user runs: not the report template (see test_batch) nor the course's bilingual source.
INTERACTIVE = [p for p in NOTEBOOKS if p.parent.name not in ("reports", "source")]


def cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in notebook.cells]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", PAIRED, ids=lambda p: p.name)
def test_paired_text_file_matches(path):
    text = path.with_suffix(".py")
    assert text.exists(), f"{path.name} has no paired .py (jupytext --set-formats ipynb,py:percent)"
    assert cells(jupytext.read(text)) == cells(nbformat.read(path, as_version=4))


def test_the_course_editions_are_made_from_their_source():
    made = editions()
    assert sorted(made) == EDITIONS and len(EDITIONS) == 2 * 5
    stale = [path.relative_to(path.parents[2]) for path, notebook in made.items()
             if nbformat.read(path, as_version=4) != notebook]
    assert not stale, f"{stale} differ from notebooks/course/source: run python -m slakit.ui.editions"


def test_both_editions_quote_the_sla_in_the_original_chinese():
    for lesson in sorted({p.name for p in EDITIONS}):
        quotes = {lang: [c.source for c in nbformat.read(EDITIONS[0].parents[1] / lang / lesson, 4).cells
                         if c.cell_type == "markdown" and c.source.startswith("> ")]
                  for lang in LANGS}
        assert quotes["zh"] == quotes["en"] and quotes["zh"], lesson
        assert all("SLA §" in q or "服务协议" in q for q in quotes["zh"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stale_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    assert not any(c.get("outputs") or c.get("execution_count") for c in notebook.cells
                   if c.cell_type == "code")


@pytest.mark.slow
@pytest.mark.parametrize("path", INTERACTIVE, ids=lambda p: p.name)
def test_executes_headless_top_to_bottom(path, tmp_path):
    done = execute(path, tmp_path / path.name)
    errors = [o for c in done.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    widgets = [o for c in done.cells for o in c.get("outputs", [])
               if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, "every explorer and course notebook shows at least one widget"
