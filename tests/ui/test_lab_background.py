"""The policy lab keeps answering while a large portfolio computes: the work runs in the
background with its progress shown, a newer input cancels an older computation, and the portfolio
is read once while only the policies or the sweep change."""

from __future__ import annotations

import importlib
import threading
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

from benchmarks.lab import write_parquet
from slakit.ui.policy_lab import policy_lab

policy_lab_module = importlib.import_module("slakit.ui.policy_lab")
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

    def recorded(computed):
        shown.append(tuple(o.policy.name for o in computed[0].outcomes))
        done(computed)

    monkeypatch.setattr(lab, "_done", recorded)
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


def test_a_duckdb_query_and_a_file_that_is_no_database(parquet, tmp_path):
    database = tmp_path / "archive.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute(f"CREATE TABLE months AS SELECT * FROM read_parquet('{parquet}')")
    lab = policy_lab("zh")
    notes: list[str] = []
    lab.runs.note.observe(lambda change: notes.append(change["new"]), names="value")
    lab.controls["source"].value = "csv"
    lab.controls["query"].value = "SELECT * FROM months"
    lab.controls["csv_path"].value = str(database)
    lab.wait()
    assert lab.error == "" and lab.result is not None and lab.result.portfolio.rows_read == ROWS
    assert f"读取中：{ROWS:,} 行" in notes and "计算中" in notes  # the progress, in Chinese
    assert f"{database}: SELECT * FROM months：读取 {ROWS:,} 行" in lab.outputs["message"].value

    lab.controls["csv_path"].value = str(parquet)  # the query kept: Parquet is no database
    lab.wait()
    assert lab.result is None and lab.error == (
        f"⚠ 输入有误：文件 = '{parquet}'："
        "不是 DuckDB 数据库：CSV 或 Parquet 文件请直接作为账户组合文件，不填查询")
    assert lab.tabs.layout.display == "none" and lab.outputs["table"].value == ""
    assert all(bytes(lab.outputs[name].value) == b"" for name in ("tiers", "distribution", "sensitivity"))
    lab.language.value = "en"  # the error said again in English, nothing recomputed
    assert lab.error == (f"⚠ File = '{parquet}': is not a DuckDB database: for a Parquet or CSV "
                         "file, pass it as the portfolio file, without a query")
    assert "is not a DuckDB database" in lab.outputs["message"].value

    lab.controls["query"].value = ""
    lab.wait()
    assert lab.error == "" and lab.result.portfolio.rows_read == ROWS and lab.tabs.layout.display == ""

    lab.controls["csv_path"].value = str(database)
    lab.controls["query"].value = "SELECT * FROM nowhere"
    lab.wait()
    assert lab.result is None and str(database) in lab.error
    assert "field 'query' = 'SELECT * FROM nowhere'" in lab.error and "nowhere" in lab.error
    assert lab.outputs["claims"].value == "" and lab.tabs.layout.display == "none"
