"""``slakit availability --engine spark``: the same figures as DuckDB, from the archive or from its
Parquet export (a folder, or its URI as a cluster would name it), without PySpark's warning about
pandas 3."""

from __future__ import annotations

import json
import warnings

import pytest

from slakit.receipts.archive import Archive
from tests.cli import slakit

pytestmark = [pytest.mark.slow, pytest.mark.spark]
ARGS = ["--account", "acc", "--start", "2026-03-17", "--months", "1", "--json"]


def test_spark_from_the_command_line_gives_duckdbs_figures(archive_path, tmp_path):
    duck = slakit("availability", "--db", str(archive_path), *ARGS)
    with Archive(archive_path, read_only=True) as archive:
        archive.export(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        on_archive = slakit("availability", "--db", str(archive_path), "--engine", "spark", *ARGS)
        on_export = slakit("availability", "--db", str(tmp_path), "--engine", "spark", *ARGS)
        by_uri = slakit("availability", "--db", tmp_path.as_uri() + "/", "--engine", "spark", *ARGS)
    assert duck.returncode == on_archive.returncode == on_export.returncode == by_uri.returncode == 0, \
        on_archive.stderr
    assert json.loads(on_archive.stdout) == json.loads(on_export.stdout) == json.loads(duck.stdout)
    assert json.loads(by_uri.stdout) == json.loads(duck.stdout)
    assert sum(m["total"] for m in json.loads(duck.stdout)) > 0
    assert not [w for w in caught if "pandas" in str(w.message)]


def test_spark_on_a_folder_without_an_export_is_one_line(tmp_path):
    done = slakit("availability", "--db", str(tmp_path / "none"), "--engine", "spark", *ARGS)
    assert done.returncode == 2 and "field '--db'" in done.stderr and "Traceback" not in done.stderr
