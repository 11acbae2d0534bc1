"""The layers hold: the import-linter contracts in pyproject.toml, checked on every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_the_import_contracts_are_kept():
    done = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_a_broken_contract_is_caught(tmp_path):
    """The checker itself works: the core importing the widgets is reported."""
    package = tmp_path / "slakit"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "assess.py").write_text("from slakit import ui\n")
    (package / "ui.py").write_text("")
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "slakit"\n\n'
                      '[[tool.importlinter.contracts]]\nname = "core"\ntype = "forbidden"\n'
                      'source_modules = ["slakit.assess"]\nforbidden_modules = ["slakit.ui"]\n')
    done = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache",
                           "--config", str(config)], cwd=tmp_path, capture_output=True, text=True,
                          check=False, env={"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 1
    assert "slakit.assess -> slakit.ui" in done.stdout
