"""Ctrl-C and SIGTERM stop ``slakit app`` and ``slakit report`` cleanly: the exit code says so,
nothing is printed but one line, the port is free and no kernel, worker or browser is left."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import descendants, free_port, kill_all, port_is_free, wait_until_gone

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).parents[1] / "data" / "sample"


def start(*args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    """``slakit`` in a process group of its own, as a shell would start it."""
    return subprocess.Popen([sys.executable, "-m", "slakit", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def kernels_running(pid: int) -> bool:
    return any("ipykernel" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
               for p in descendants(pid) if Path(f"/proc/{p}/cmdline").exists())


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@pytest.mark.parametrize(("sig", "by_group"), [(signal.SIGTERM, False), (signal.SIGINT, True)],
                         ids=["SIGTERM", "Ctrl-C"])
def test_app_stops_its_server_and_kernels(sig, by_group):
    port = free_port()
    app = start("app", "--port", str(port))
    started: set[int] = set()
    try:
        def serving() -> bool:
            assert app.poll() is None, app.stderr.read() if app.stderr else ""
            try:
                # as a browser waits: Voilà answers once the page's kernel has run the notebook, and
                # each request given up on would start one more kernel on a loaded machine
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=180).read()
                return True
            except OSError:
                return False

        wait_for(serving, 240, "the app")  # the page's kernel runs once it has been served
        wait_for(lambda: kernels_running(app.pid), 60, "the page's kernel")
        started = descendants(app.pid)
        if by_group:  # Ctrl-C in a terminal reaches the whole foreground process group
            os.killpg(app.pid, sig)
        else:
            app.send_signal(sig)
        _, err = app.communicate(timeout=60)
        assert app.returncode == 0, err
        assert "Traceback" not in err
        assert not wait_until_gone(started), "kernels outlived the app"
        assert port_is_free(port)
    finally:
        app.kill()
        kill_all(started)


def customers(folder: Path, count: int) -> Path:
    shutil.copy(SAMPLE / "account-months.csv", folder / "account-months.csv")
    rows = (SAMPLE / "customers.csv").read_text(encoding="utf-8").splitlines()
    plain = [r for r in rows[1:] if ",receipts" not in r][:count]
    path = folder / "customers.csv"
    path.write_text("\n".join([rows[0], *plain]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("sig", "by_group", "code"), [(signal.SIGINT, True, 130),
                                                       (signal.SIGTERM, False, 143)],
                         ids=["Ctrl-C", "SIGTERM"])
def test_a_report_batch_stops_promptly_and_lists_what_finished(tmp_path, sig, by_group, code):
    path = customers(tmp_path, 12)
    out = tmp_path / "out"
    batch = start("report", "--customers", str(path), "--out", str(out), "--jobs", "2",
                  "--on", "2026-11-02")
    started: set[int] = set()
    try:
        wait_for(lambda: kernels_running(batch.pid), 120, "a report's kernel")
        started = descendants(batch.pid)
        began = time.monotonic()
        if by_group:
            os.killpg(batch.pid, sig)
        else:
            batch.send_signal(sig)
        _, err = batch.communicate(timeout=60)
        stopped_in = time.monotonic() - began
        assert batch.returncode == code, err
        assert "Traceback" not in err and err.count("\n") <= 3, err
        assert stopped_in < 30, f"took {stopped_in:.1f} s to stop"
        assert not wait_until_gone(started), "workers or kernels outlived the batch"
        index = (out / "index.html").read_text(encoding="utf-8")
        assert "stopped" in index
        done = sorted(p.parent.name for p in out.glob("*/summary.json"))
        with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as stream:
            summary = list(csv.DictReader(stream))  # a row per customer-month, one per row not made
        assert len({r["行号"] for r in summary}) == 12  # every row listed: done or stopped
        assert len({r["行号"] for r in summary if r["报告"] == "已完成"}) == len(done) < 12
    finally:
        batch.kill()
        kill_all(started)
