"""Where the kit's shipped files are: the notebooks (explorers, course, report template) and the
sample data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"  # explorers, reports and the course
SAMPLE = ROOT / "data" / "sample"
