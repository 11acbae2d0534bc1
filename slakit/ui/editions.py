"""The course's Chinese and English editions, made from one bilingual source.

Each lesson's source in ``notebooks/course/source`` tags its language-specific cells ``zh`` or
``en``; the edition of a language keeps its own cells and the untagged ones (the SLA quoted in its
original Chinese, the examples and exercises), and drops the rest. Editions are generated, never
edited: after changing a lesson's source (the ``.py``, then ``jupytext --to notebook --update``),
write them anew with

    python -m slakit.ui.editions
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from ..i18n import LANGS, Lang
from ..kit import NOTEBOOKS

COURSE = NOTEBOOKS / "course"
SOURCE = COURSE / "source"


def edition(source: nbformat.NotebookNode, lang: Lang) -> nbformat.NotebookNode:
    """The edition of ``source`` in ``lang``: no cell of the other language, no pairing metadata
    (an edition has no text twin of its own: its source has)."""
    notebook = copy.deepcopy(source)
    kept = []
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if any(tag in LANGS and tag != lang for tag in tags):
            continue
        if lang in tags:
            cell.metadata["tags"] = [tag for tag in tags if tag != lang]
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
        kept.append(cell)
    notebook.cells = kept
    notebook.metadata.pop("jupytext", None)
    return notebook


def editions(course: Path = COURSE) -> dict[Path, nbformat.NotebookNode]:
    """Every edition of every lesson, by the path it belongs at."""
    return {course / lang / path.name: edition(nbformat.read(path, as_version=4), lang)
            for path in sorted((course / "source").glob("*.ipynb")) for lang in LANGS}


def write_editions(course: Path = COURSE) -> list[Path]:
    written = []
    for path, notebook in editions(course).items():
        path.parent.mkdir(exist_ok=True)
        nbformat.write(notebook, path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_editions():
        print(path)
