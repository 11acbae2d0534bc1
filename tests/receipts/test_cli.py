from __future__ import annotations

import json
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from slakit.receipts.archive import CHINA, ingest
from tests.cli import slakit

from .conftest import write
from .test_aggregate import receipt, send

KEYS = {"start", "end", "total", "delivered", "invalid_number", "excluded", "explicit_failures",
        "disputed", "unclassified", "undelivered", "valid_sends", "availability", "availability_best",
        "availability_exact", "availability_best_exact", "meets_target", "meets_target_best",
        "excluded_by_clause", "status", "statement"}


@pytest.mark.slow
def test_synth_ingest_availability_round_trip(tmp_path):
    out, db = tmp_path / "files", tmp_path / "a.duckdb"
    done = slakit("synth", "--out", str(out), "--account", "acc", "--start", "2026-03-17", "--months", "1",
                  "--daily-volume", "40", "--incident", "2026-04-08T09:00/2026-04-08T21:00",
                  "--receipt-format", "mixed")
    assert done.returncode == 0 and done.stdout.startswith("62 files written"), done.stderr
    done = slakit("ingest", "--db", str(db), "--account", "acc", str(out), "--json")
    assert done.returncode == 0, done.stderr
    files = json.loads(done.stdout)
    assert len(files) == 62 and all(f["records"] == f["stored"] > 0 for f in files)
    again = json.loads(slakit("ingest", "--db", str(db), "--account", "acc", str(out), "--json").stdout)
    assert all(f["stored"] == 0 and f["duplicates"] == f["records"] and f["unchanged"] for f in again)
    text = slakit("ingest", "--db", str(db), "--account", "acc", str(out)).stdout
    assert text.splitlines()[-1] == ("62 of 62 files were ingested before with the same content: "
                                     "not read again, their records counted as duplicates")

    windows = write(tmp_path / "w.toml", 'apiVersion = "slakit/v1"\nkind = "ExclusionWindows"\n'
                    '[metadata]\nname = "w"\n[[spec.windows]]\nstart = 2026-04-08T09:00:00\n'
                    'end = 2026-04-08T12:00:00\nclause = "SLA §4.13"\nreason = "announced maintenance"\n')
    done = slakit("availability", "--db", str(db), "--account", "acc", "--start", "2026-03-17",
                  "--months", "1", "--windows", str(windows), "--json")
    assert done.returncode == 0, done.stderr
    march, april = json.loads(done.stdout)
    assert set(march) >= KEYS and (march["start"], april["end"]) == ("2026-03-17", "2026-04-16")
    for m in (march, april):
        failures = m["explicit_failures"] + m["disputed"] + m["unclassified"]
        assert m["valid_sends"] == m["delivered"] + failures
        assert m["availability_best"] >= m["availability"]
    assert april["excluded_by_clause"]["SLA §4.13"] > 0
    assert april["explicit_failures"] > march["explicit_failures"]

    text = slakit("availability", "--db", str(db), "--account", "acc", "--start", "2026-03-17",
                  "--months", "1", "--windows", str(windows), "--lang", "en").stdout
    assert "excluded under SLA §4.13" in text and "announced maintenance" in text


def test_a_failing_file_is_isolated_and_the_counts_shown(tmp_path, sample):
    empty = write(tmp_path / "empty.json", "")
    done = slakit("ingest", "--db", str(tmp_path / "a.duckdb"), "--account", "acc", str(sample[0]),
                  str(empty), str(sample[1]))
    assert done.returncode == 2
    assert f"failed: {empty}, line 1: is empty: no records" in done.stderr
    lines = done.stdout.splitlines()
    assert any(str(empty) in line and "failed" in line for line in lines)
    assert sum(str(sample[0]) in line or str(sample[1]) in line for line in lines) == 2
    assert lines[-1].startswith("(all files)")


@pytest.mark.parametrize(("args", "message"), [
    (["ingest", "--db", "{tmp}/a.duckdb", "--account", "a", "x.json", "--format", "pull-2020-01-01"],
     "field '--format' = 'pull-2020-01-01': is not a known format"),
    (["availability", "--db", "{tmp}/none.duckdb", "--account", "a", "--start", "2026-03-01",
      "--months", "1"], "no such archive"),
    (["availability", "--db", "{tmp}/none.duckdb", "--account", "a", "--start", "2026-02-30",
      "--months", "1"], "field '--start' = '2026-02-30'"),
    (["synth", "--out", "{tmp}/o", "--account", "a", "--start", "2026-03-01", "--months", "1",
      "--daily-volume", "0"], "field '--daily-volume' = 0"),
    (["synth", "--out", "{tmp}/o", "--account", "a", "--start", "2026-03-01", "--months", "1",
      "--daily-volume", "5", "--incident", "2026-03-02"], "field '--incident' = '2026-03-02'"),
])
def test_bad_arguments_are_one_line_exit_2(tmp_path, args, message):
    done = slakit(*(a.format(tmp=tmp_path) for a in args))
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""


def test_rejected_records_are_listed_and_counted(tmp_path, sample):
    bad = write(tmp_path / "bad.json",
                '[\n{"SendTime": 1773712800, "SerialNo": "1", "PhoneNumber": "+86", "Code": "Ok"},\n'
                '{"SendTime": "x", "SerialNo": "2", "PhoneNumber": "+86", "Code": "Ok"}\n]\n')
    done = slakit("ingest", "--db", str(tmp_path / "a.duckdb"), "--account", "acc", str(bad), "--json")
    assert done.returncode == 2
    assert done.stderr.strip() == (f"rejected: {bad}, line 3: field 'SendTime' = 'x': is not a date-time: "
                                   "use YYYY-MM-DD HH:MM:SS (China time), ISO 8601 with an offset, "
                                   "or Unix seconds")
    (result,) = json.loads(done.stdout)
    assert (result["records"], result["stored"], result["rejected"]) == (2, 1, 1)


def test_a_declared_high_volume_keeps_its_failures_counted(tmp_path):
    from slakit.config import shipped_files
    from slakit.receipts import ingest

    from .test_aggregate import receipt, send

    # 2 March: 10 sends, 2 of them failed, at a threshold lowered to 10 a day
    sends = [send(i) for i in range(8)] + [send(8, "InternalError.Timeout"), send(9, "InternalError.Timeout")]
    files = [write(tmp_path / "s.jsonl", "".join(json.dumps(s) + "\n" for s in sends)),
             write(tmp_path / "r.json", json.dumps([receipt(i) for i in range(8)]))]
    db = tmp_path / "a.duckdb"
    assert not any(r.rejected for r in ingest(db, "acc", files))
    sla = shipped_files("policies")["tencent-sms-2020-09-23"].read_text(encoding="utf-8")
    policy = write(tmp_path / "low.toml", sla.replace("ordinary_per_day = 1_000_000",
                                                      "ordinary_per_day = 10"))

    def march(*more: str) -> dict[str, Any]:
        done = slakit("availability", "--db", str(db), "--account", "acc", "--start", "2026-03-01",
                      "--months", "1", "--policy", str(policy), "--json", *more)
        assert done.returncode == 0, done.stderr
        months: list[dict[str, Any]] = json.loads(done.stdout)
        return months[0]

    undeclared, declared = march(), march("--declared", "2026-03-01/2026-03-31")
    assert [d["declared"] for d in undeclared["high_volume_days"]] == [False]
    assert undeclared["explicit_failures"] == 0 and undeclared["excluded_by_clause"] == {"SLA §4.10": 2}
    assert [d["declared"] for d in declared["high_volume_days"]] == [True]
    assert declared["explicit_failures"] == 2 and declared["excluded_by_clause"] == {}
    text = slakit("availability", "--db", str(db), "--account", "acc", "--start", "2026-03-01",
                  "--months", "1", "--policy", str(policy), "--declared", "2026-03-02", "--lang", "en").stdout
    assert "2026-03-02: 10 sends ≥ 10, the SLA §4.10 threshold for ordinary customers: declared in " \
           "advance, its failures count" in text
    channel = slakit("availability", "--db", str(db), "--account", "acc", "--start", "2026-03-01",
                     "--months", "1", "--policy", str(policy), "--customer-type", "channel", "--json")
    assert json.loads(channel.stdout)[0]["high_volume_days"] == []  # 10 is far below a channel's line
    alias = slakit("availability", "--db", str(db), "--account", "acc", "--start", "2026-03-01",
                   "--months", "1", "--policy", str(policy), "--customer", "channel", "--json")
    assert alias.stdout == channel.stdout


EDGES = [int(datetime(2026, 3, d, 12, tzinfo=CHINA).timestamp()) for d in (1, 31)]


def _archive(tmp_path: Path, sends: list[dict[str, object]], receipts: list[dict[str, object]],
             whole: bool = True) -> Path:
    """An archive of ``sends`` and ``receipts``; with ``whole`` its records cover all March: the
    first two sends and their receipts are moved to the 1st and the 31st."""
    for i, ts in enumerate(EDGES if whole else []):
        sends[i]["SendTime"], receipts[i] = ts, receipt(i, str(receipts[i]["errmsg"]), ts + 10)
    files = [write(tmp_path / "s.jsonl", "".join(json.dumps(s) + "\n" for s in sends)),
             write(tmp_path / "r.json", json.dumps(receipts))]
    db = tmp_path / "a.duckdb"
    assert all(r.rejected == 0 and r.problem is None for r in ingest(db, "acc", files))
    return db


def _march(db: Path, *more: str) -> subprocess.CompletedProcess[str]:
    done = slakit("availability", "--db", str(db), "--account", "acc", "--start", "2026-03-01",
                  "--months", "1", "--on", "2026-04-20", *more)
    assert done.returncode == 0, done.stderr
    return done


def test_availability_follows_the_policy_s_reading_of_exclusions(tmp_path):
    """90 delivered, 5 explicit failures, 5 excluded (SLA §4.6): 90/95 under the SLA's reading
    (excluded sends leave both counts), 95/100 under the other (they count as delivered)."""
    sends = [send(i) for i in range(90)] + [send(100 + i, "InternalError.Timeout") for i in range(5)]
    sends += [send(200 + i, "FailedOperation.ContainSensitiveWord") for i in range(5)]
    db = _archive(tmp_path, sends, [receipt(i) for i in range(90)])
    (sla,) = json.loads(_march(db, "--json").stdout)
    (other,) = json.loads(_march(db, "--json", "--policy", "variant-excluded-as-delivered").stdout)
    assert (sla["availability_exact"], sla["meets_target"], sla["status"]) == ("18/19", False, "open")
    assert (other["availability_exact"], other["meets_target"], other["status"]) == ("19/20", True, "met")
    assert sla["valid_sends"] == other["valid_sends"] == 95 and other["excluded"] == 5  # the evidence
    assert other["statement"]["headline"]["counted"] == 100
    assert other["statement"]["policy"]["id"].startswith("variant-excluded-as-delivered")
    text = _march(db, "--policy", "variant-excluded-as-delivered", "--lang", "en").stdout
    assert "95%" in text and "met: nothing owed" in text


def test_the_band_and_the_undelivered_from_the_command(tmp_path):
    """91 delivered, 5 explicit failures, 20 EXPIRED: 91/116 … 91/96, below 95 % even at best."""
    sends = [send(i) for i in range(111)] + [send(200 + i, "InternalError.Timeout") for i in range(5)]
    db = _archive(tmp_path, sends, [receipt(i) for i in range(91)] +
                  [receipt(91 + i, "EXPIRED") for i in range(20)])
    (m,) = json.loads(_march(db, "--json").stdout)
    assert (m["availability_exact"], m["availability_best_exact"]) == ("91/116", "91/96")
    assert (m["undelivered"], m["meets_target_best"], m["status"]) == (20, False, "open")
    text = _march(db, "--lang", "en").stdout
    assert "not delivered" in text.splitlines()[1] and "78.4482…%" in text and "94.7916…%" in text
    assert "20 disputed or unclassified sends certainly not delivered: left out of both counts" in text
    assert "未送达" in _march(db, "--lang", "zh").stdout


def test_months_the_records_do_not_cover_say_so(tmp_path):
    """Records from 2 March to 16 April: April is partial ("records end on 2026-04-16"), May has
    no data, and neither reads as a month that met the target."""
    days = [date(2026, 3, d) for d in range(2, 32) if d != 10] + [date(2026, 4, d) for d in range(1, 17)]
    sends, receipts = [], []
    for n, day in enumerate(days):
        ts = int(datetime(day.year, day.month, day.day, 10, tzinfo=CHINA).timestamp())
        sends.append(send(n, ts=ts))
        receipts.append(receipt(n, ts=ts + 10))
    db = _archive(tmp_path, sends, receipts, whole=False)
    args = ["--months", "3", "--on", "2026-07-01"]
    march, april, may = json.loads(_march(db, *args, "--json").stdout)
    assert [m["status"] for m in (march, april, may)] == ["partial", "partial", "no_data"]
    assert march["statement"]["evidence"]["gaps"] == ["2026-03-10"]
    assert april["statement"]["evidence"]["covered"] == ["2026-04-01", "2026-04-16"]
    assert (may["availability"], may["meets_target"]) == (None, None)
    assert may["statement"]["evidence"]["counts"] is None
    text = _march(db, *args, "--lang", "en").stdout
    assert "partial data: the records begin on 2026-03-02" in text and "no record on 2026-03-10" in text
    assert "partial data: the records end on 2026-04-16" in text and "records end on 2026-04-16" in text
    assert "no data: no data is not nothing owed" in text and "no record in this month" in text
    zh = _march(db, *args, "--lang", "zh").stdout
    assert "数据不全：记录止于 2026-04-16" in zh and "无数据：无数据不等于无需赔偿" in zh


@pytest.mark.parametrize(("value", "problem"), [
    ("2026-04-09/2026-04-08", "must end on or after the day it starts"),
    ("2026-04-31", "is not a valid date"),
])
def test_a_bad_declaration_is_named(tmp_path, value, problem):
    done = slakit("availability", "--db", str(tmp_path / "a.duckdb"), "--account", "acc", "--start",
                  "2026-03-17", "--months", "1", "--declared", value)
    assert done.returncode == 2 and "field '--declared'" in done.stderr and problem in done.stderr
