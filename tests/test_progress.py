"""Long commands show a progress bar on a terminal only, and never with ``--json``."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).parents[1] / "data" / "sample"
COMMANDS = {
    "ingest": ["ingest", "--db", "{tmp}/a.duckdb", "--account", "1400000001", str(SAMPLE / "receipts")],
    "synth": ["synth", "--out", "{tmp}/s", "--account", "a", "--start", "2026-03-17", "--months", "1",
              "--daily-volume", "20"],
    "simulate": ["simulate", "--accounts", "20", "--months", "3"],
    "portfolio": ["portfolio", str(SAMPLE / "account-months.csv")],
}


def run(args: list[str], tmp: Path, terminal: bool) -> str:
    """What the command writes to its terminal (or to stderr when there is none)."""
    command = [sys.executable, "-m", "slakit", *(a.format(tmp=tmp) for a in args)]
    if terminal:  # util-linux's script gives the command a pseudo-terminal, 120 columns wide
        done = subprocess.run(["script", "-qec", f"stty cols 120 rows 40; {shlex.join(command)}",
                               "/dev/null"], capture_output=True, text=True, timeout=300)
        return done.stdout
    return subprocess.run(command, capture_output=True, text=True, timeout=300).stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_bar_on_a_terminal_only(name, tmp_path):
    shown = run(COMMANDS[name], tmp_path / "t", terminal=True)
    assert f"{name}:" in shown and "%|" in shown, shown[-500:]
    assert f"{name}:" not in run(COMMANDS[name], tmp_path / "p", terminal=False)
    if name != "synth":
        assert f"{name}:" not in run([*COMMANDS[name], "--json"], tmp_path / "j", terminal=True)
