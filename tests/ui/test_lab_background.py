"""The policy lab keeps answering while a large portfolio computes: the work runs in the
background with its progress shown, a newer input cancels an older computation, and the portfolio
is read once while only the policies or the sweep change."""

from __future__ import annotations

import threading
from fractions import Fraction
from pathlib import Path

import pytest

from benchmarks.lab import write_parquet
from slakit.ui import policy_lab as policy_lab_module
from slakit.ui.policy_lab import policy_lab

SLA, NET, THREE = "tencent-sms-2020-09-23", "variant-net-fee-basis", "variant-three-tiers-99"
ROWS = 30_000


@pytest.fixture(scope="module")
def parquet(tmp_path_factory) -> Path:
    path: Path = tmp_path_factory.mktemp("portfolio") / "months.parquet"
    write_parquet(path, ROWS)
    return path


def test_a_parquet_portfolio_is_read_once_in_the_background(parquet):
    lab = policy_lab("en")
    progress: list[float] = []
    notes: list[str] = []
    lab.runs.bar.observe(lambda change: progress.append(change["new"]), names="value")
    lab.runs.note.observe(lambda change: notes.append(change["new"]), names="value")
    lab.controls["source"].value = "csv"
    lab.controls["csv_path"].value = str(parquet)
    lab.wait()
    assert lab.error == "" and lab.result is not None
    portfolio = lab.result.portfolio
    assert (portfolio.rows_read, len(portfolio.frame), portfolio.errors) == (ROWS, ROWS, ())
    assert f"reading: {ROWS:,} rows" in notes and "computing" in notes
    assert any(0 < p < 1 for p in progress) and progress[-1] == 1.0 and lab.runs.note.value == ""
    assert f"{ROWS:,} rows read, {ROWS:,} assessed, 0 rejected" in lab.outputs["message"].value

    lab.controls["sweep"].value = (95.0, 99.0)
    lab.wait()
    assert lab.result.portfolio is portfolio  # not read again
    targets = [p.target for p in lab.result.sensitivity[0]]
    assert (targets[0], targets[-1]) == (Fraction(95, 100), Fraction(99, 100))


def test_a_newer_input_cancels_the_computation_under_way(parquet, monkeypatch):
    lab = policy_lab("en")
    lab.controls["source"].value = "csv"
    lab.controls["csv_path"].value = str(parquet)
    lab.wait()
    shown: list[tuple[str, ...]] = []
    done = lab._done
    monkeypatch.setattr(lab, "_done", lambda computed: (
        shown.append(tuple(o.policy.name for o in computed[0].outcomes)), done(computed)))
    entered, go = threading.Event(), threading.Event()
    real = policy_lab_module.run_lab

    def held(*args, **kwargs):
        entered.set()
        go.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(policy_lab_module, "run_lab", held)
    lab.controls["policies"].value = (SLA, NET, THREE)  # starts, and is held before computing
    assert entered.wait(60) and lab.runs.busy()
    older = lab.runs._thread
    monkeypatch.setattr(policy_lab_module, "run_lab", real)
    lab.controls["source"].value = "sample"  # supersedes it while it is held
    lab.wait()
    go.set()
    assert older is not None
    older.join(60)  # it went on, reached its first progress report and stopped there
    assert lab.result is not None and lab.result.portfolio.label == "sample"
    assert shown == [(SLA, NET, THREE)]  # the newer input's result, shown once; the older never
    assert lab.result.portfolio.rows_read == 45
