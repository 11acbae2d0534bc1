"""Where the kit's shipped files are: the notebooks (explorers, course, report template) and the
sample data, in a git checkout or inside an installed wheel, and :func:`copy_kit` to hand a user
a folder of them to open with JupyterLab."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import InputError
from .outputs import output_folder
from .words import says

_PACKAGED = Path(__file__).resolve().parent / "_kit"  # a wheel carries the kit here
ROOT = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"  # explorers, reports and the course
SAMPLE = ROOT / "data" / "sample"


def kit_files() -> list[tuple[Path, Path]]:
    """Each file of the kit and where it goes in a user's folder: the notebooks (without their
    paired review copies, and the course in its Chinese and English editions, not its bilingual
    source) and the sample data, in the same layout as the repository."""
    notebooks = [(p, p.relative_to(ROOT)) for p in sorted(NOTEBOOKS.rglob("*.ipynb"))
                 if ".ipynb_checkpoints" not in p.parts and p.parent != NOTEBOOKS / "course" / "source"]
    sample = [(p, p.relative_to(ROOT)) for p in sorted(SAMPLE.rglob("*")) if p.is_file()]
    return notebooks + sample


def copy_kit(folder: str | Path, *, force: bool = False) -> list[Path]:
    """Copy the kit into ``folder``; refuse to overwrite a file there unless ``force``.

    Returns the files written. Nothing is written when any file would be overwritten.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError("DIR", str(folder), says("error.not_folder"))
    plan = [(source, folder / target) for source, target in kit_files()]
    clashes = [target for _, target in plan if target.exists()]
    if clashes and not force:
        raise InputError("DIR", str(folder), says(
            "error.kit_clash", first=str(clashes[0].relative_to(folder)), more=len(clashes) - 1))

    output_folder(folder, "DIR")
    written = []
    for source, target in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    return written
