"""The commands that answer questions of the SLA start at once: they import neither the data
libraries nor the notebook machinery, and Ctrl-C while a command loads what it needs stops it
quietly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[1]
HEAVY = {"pandas", "matplotlib", "duckdb", "numpy", "pyarrow", "polars", "jupyter_client", "nbformat",
         "nbconvert", "papermill", "ipykernel", "ipywidgets", "IPython", "tqdm", "PIL", "voila"}
QUICK = [
    ["--version"],
    ["--help"],
    ["months", "2026-03-17", "3"],
    ["months", "2026-03-17", "3", "--json"],
    ["claim-window", "2026-09-30", "--on", "2026-10-20"],
    ["assess", "--valid-sends", "100000", "--explicit-failures", "15000", "--fee", "1000.00",
     "--deductions", "800.00", "--list-price", "0.05", "--month", "2026-09-01", "--on", "2026-10-20"],
    ["assess", "--valid-sends", "100000", "--explicit-failures", "6000", "--fee", "1000", "--list-price",
     "0.05", "--json", "--lang", "en"],
    ["billing", "--billed", "104000", "--submitted", "100000"],
    ["policies"],
]


def imported(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``slakit ARGS`` as a user would, and the top-level packages it imported."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "slakit", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    names = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in done.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    return done, names


@pytest.mark.parametrize("args", QUICK, ids=" ".join)
def test_a_question_of_the_sla_imports_no_heavy_library(args):
    done, names = imported(*args)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()
    assert "slakit" in names  # the import log is read
    assert names & HEAVY == set()


def test_the_import_log_would_show_a_heavy_library():
    """The check itself works: a command that reads a portfolio imports pandas."""
    done, names = imported("portfolio", str(ROOT / "data" / "sample" / "account-months.csv"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert {"pandas", "numpy"} <= names


def test_import_slakit_stays_cheap():
    done = subprocess.run([sys.executable, "-c", "import sys, slakit; slakit.assess; slakit.state; "
                           "print(' '.join(sorted(sys.modules)))"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert {name.split(".")[0] for name in done.stdout.split()} & HEAVY == set()
    done = subprocess.run([sys.executable, "-c", "import sys, slakit; slakit.read_portfolio; "
                           "print(slakit.__version__, 'pandas' in sys.modules)"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split()[1] == "True"  # the bulk path loads when asked for


def test_ctrl_c_while_a_command_loads_its_libraries_prints_no_traceback():
    """SIGINT as soon as the command starts importing pandas: one line, exit code 130."""
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "slakit", "portfolio",
         str(ROOT / "data" / "sample" / "account-months.csv"), "--lang", "en"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stderr is not None
    numpy = False
    for line in process.stderr:  # numpy comes first among what pandas imports
        if line.startswith("import time:") and line.rsplit("|", 1)[1].strip() == "numpy":
            numpy = True
            os.kill(process.pid, signal.SIGINT)
            break
    rest = process.stderr.read()
    process.wait(timeout=120)
    said = [line for line in rest.splitlines() if not line.startswith("import time:")]
    assert numpy
    assert process.returncode == 130, rest[-2000:]
    assert said == ["slakit: interrupted"]
