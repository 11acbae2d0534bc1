"""The kit as a wheel: built from the checkout, installed (not editable) into a fresh virtual
environment outside it, it runs the main job on its packaged sample and hands out a notebook folder
whose notebooks run.

The fresh environment borrows the project environment's dependencies through a ``.pth`` line, so
the test installs nothing from the network; slakit itself comes from the wheel alone.
"""

from __future__ import annotations

import csv
import os
import site
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.slow


def run(*command: object, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """A command of the fresh environment, which sees no PYTHONPATH of the caller's (a checkout
    on it would be imported instead of the wheel)."""
    alone = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False, env=alone)
    assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[Path, Path]:
    """A fresh virtual environment with the wheel installed, and a working folder outside the
    checkout."""
    work = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
        "--wheel-dir", work / "dist", ROOT, cwd=work)
    wheel = next((work / "dist").glob("slakit-*.whl"))
    env = work / "env"
    run(sys.executable, "-m", "venv", "--without-pip", env, cwd=work)
    packages = next(env.glob("lib/python*/site-packages"))
    (packages / "borrowed-dependencies.pth").write_text(site.getsitepackages()[0] + "\n")
    nbconvert = Path(sys.prefix) / "share" / "jupyter" / "nbconvert"  # the templates pip would add
    (env / "share" / "jupyter").mkdir(parents=True)
    (env / "share" / "jupyter" / "nbconvert").symlink_to(nbconvert)
    run(sys.executable, "-m", "pip", "--python", env / "bin" / "python", "install", "--no-deps",
        "--quiet", wheel, cwd=work)
    return env, work


WHERE = "import slakit, slakit.kit as k; print(slakit.__file__); print(k.NOTEBOOKS)"


def test_slakit_comes_from_the_wheel_with_its_kit(fresh):
    env, work = fresh
    module, notebooks = run(env / "bin" / "python", "-c", WHERE, cwd=work).stdout.split()
    assert Path(module).is_relative_to(env) and not Path(module).is_relative_to(ROOT)
    assert Path(notebooks).is_relative_to(env) and Path(notebooks, "explorers", "explorer.ipynb").exists()


def test_the_kernel_runs_the_wheel_too(fresh):
    env, work = fresh
    run(env / "bin" / "slakit", "kernel", cwd=work)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WHERE)])
    nbformat.write(notebook, work / "where.ipynb")
    run(env / "bin" / "python", "-m", "papermill", "where.ipynb", "where-ran.ipynb", "-k", "slakit",
        "--no-progress-bar", cwd=work)
    printed = nbformat.read(work / "where-ran.ipynb", as_version=4).cells[0].outputs[0]["text"]
    assert Path(printed.split()[0]).is_relative_to(env)


def test_the_main_job_runs_on_the_packaged_sample(fresh):
    env, work = fresh
    run(env / "bin" / "slakit", "notebooks", "kit", cwd=work)
    customers = work / "kit" / "data" / "sample" / "customers.csv"
    run(env / "bin" / "slakit", "report", "--customers", customers, "--out", "reports", "--pdf",
        "--on", "2026-11-02", "--json", cwd=work, timeout=900)
    with (work / "reports" / "summary.csv").open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))  # a row per customer-month, in Chinese by default
    with customers.open(encoding="utf-8") as stream:
        assert len({r["行号"] for r in rows}) == len(list(csv.DictReader(stream))) > 20
    assert {r["报告"] for r in rows} == {"已完成"}
    assert all((work / "reports" / r["客户编号"] / "report.pdf").exists() for r in rows)
    assert (work / "reports" / "reminders.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_the_copied_notebook_folder_runs(fresh):
    env, work = fresh
    run(env / "bin" / "slakit", "notebooks", "mine", cwd=work)
    notebook = work / "mine" / "notebooks" / "explorers" / "explorer.ipynb"
    run(env / "bin" / "python", "-m", "papermill", notebook, work / "ran.ipynb", "-k", "slakit",
        "--cwd", notebook.parent, "--no-progress-bar", cwd=work)
    again = subprocess.run([env / "bin" / "slakit", "notebooks", "mine"], cwd=work, capture_output=True,
                           text=True, check=False)
    assert again.returncode == 2 and "--force" in again.stderr and "Traceback" not in again.stderr
