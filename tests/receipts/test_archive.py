from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import xxhash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slakit.receipts.archive import CHINA, Archive, ingest

from .conftest import counts, records, write

GOOD = {"user_receive_time": "2026-03-17 10:00:00", "nationcode": "86", "mobile": "13800000000",
        "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "", "sid": "1400:1"}
BAD = ['{"user_receive_time": "2026-', json.dumps({**GOOD, "sid": 7}), '"x"',
       json.dumps({**GOOD, "user_receive_time": "2000-01-01 00:00:00"})]
line = st.one_of(st.integers(0, 30).map(lambda i: json.dumps({**GOOD, "sid": f"1400:{i}"})),
                 st.sampled_from(BAD))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(st.lists(line, min_size=1, max_size=40).filter(
    lambda b: any(x not in BAD for x in b)), min_size=1, max_size=3))  # a record tells the format
def test_counts_reconcile_and_ingest_is_idempotent(tmp_path_factory, batches):
    folder = tmp_path_factory.mktemp("p")
    db = folder / "a.duckdb"
    files = [write(folder / f"{i}.json", "[\n" + ",\n".join(b) + "\n]\n") for i, b in enumerate(batches)]
    first = ingest(db, "acc", files)
    for r in first:
        assert r.records == r.stored + r.duplicates + r.rejected
    distinct_good = {x for b in batches for x in b if x not in BAD}
    assert sum(r.stored for r in first) == len(distinct_good)
    assert sum(r.rejected for r in first) == sum(x in BAD for b in batches for x in b)
    again = ingest(db, "acc", files)
    assert [r.stored for r in again] == [0] * len(files)
    assert [(r.records, r.rejected) for r in again] == [(r.records, r.rejected) for r in first]
    got = counts(db)
    assert got["receipts"] == len(distinct_good)
    assert got["rejects"] == 2 * sum(r.rejected for r in first)  # every rejected record is kept


def test_archive_logs_each_file_with_its_counts(db, sample):
    ingest(db, "acc", sample[:2])
    with Archive(db, read_only=True) as a:
        logged = a.run("SELECT path, records, stored, duplicates, rejected FROM files ORDER BY file_id", {})
    stored = counts(db)["sends"] + counts(db)["receipts"]
    assert [row[0] for row in logged] == [str(p) for p in sample[:2]]
    assert all(r[1] == r[2] + r[3] + r[4] for r in logged) and stored == sum(r[2] for r in logged)


def test_a_file_archived_before_is_logged_not_read_again(tmp_path, db, sample):
    """Its content, not its name, tells: a copy elsewhere is unchanged too; its records are all
    duplicates, as reading it again would find."""
    first = ingest(db, "acc", sample[:3])
    copy = tmp_path / "copy" / sample[1].name
    copy.parent.mkdir()
    copy.write_bytes(sample[1].read_bytes())
    again = ingest(db, "acc", [sample[0], copy, sample[2]])
    assert [r.unchanged for r in again] == [True] * 3
    assert [(r.format, r.records, r.stored, r.duplicates, r.rejected) for r in again] == [
        (r.format, r.records, 0, r.records, 0) for r in first]
    assert again[1].path == str(copy)
    with Archive(db, read_only=True) as a:
        logged = a.run("SELECT path, digest, records, duplicates FROM files ORDER BY file_id", {})
    assert [row[0] for row in logged] == [str(p) for p in [*sample[:3], sample[0], copy, sample[2]]]
    assert [row[1] for row in logged[:3]] == [row[1] for row in logged[3:]]
    assert [xxhash.xxh3_128_hexdigest(p.read_bytes()) for p in sample[:3]] == [r[1] for r in logged[:3]]
    assert ingest(db, "other", sample[:1])[0].stored > 0  # another account's archive is its own


def test_a_changed_or_rejecting_file_is_read_again(tmp_path, db):
    file = write(tmp_path / "r.json", json.dumps({**GOOD, "sid": "1:1"}) + "\n")
    rejecting = write(tmp_path / "bad.json", json.dumps({**GOOD, "sid": "2:1"}) + "\n" + BAD[3] + "\n")
    ingest(db, "acc", [file, rejecting])
    write(file, file.read_text() + json.dumps({**GOOD, "sid": "1:2"}) + "\n")
    changed, rerejected = ingest(db, "acc", [file, rejecting])
    assert (changed.unchanged, changed.records, changed.stored, changed.duplicates) == (False, 2, 1, 1)
    assert (rerejected.unchanged, rerejected.rejected, rerejected.duplicates) == (False, 1, 1)
    assert rerejected.rejects[0].line == 2  # read again: its rejects are named, as they were


def test_a_file_written_again_while_it_is_ingested_is_not_taken_for_its_first_content(tmp_path, db):
    """Hashed, then written again before it is read: what was stored is not what was hashed."""
    first = write(tmp_path / "a.json", json.dumps({**GOOD, "sid": "1:1"}) + "\n")
    later = write(tmp_path / "b.json.gz", json.dumps({**GOOD, "sid": "2:1"}) + "\n", gz=True)
    hashed = later.read_bytes()

    def write_again(result):
        if result.path == str(first):  # stored before the gzipped file is read
            write(later, json.dumps({**GOOD, "sid": "2:2"}) + "\n", gz=True)

    ingest(db, "acc", [first, later], done=write_again)
    later.write_bytes(hashed)
    again = ingest(db, "acc", [later])[0]
    assert (again.unchanged, again.stored) == (False, 1)


def test_a_file_that_cannot_be_read_is_logged_and_the_rest_ingested(db, sample):
    unreadable = Path("/proc/self/mem")  # a regular file whose reading fails, even for root
    failed, good = ingest(db, "acc", [unreadable, sample[0]])
    assert (failed.format, str(failed.problem)) == (None, f"{unreadable}: cannot be read: Input/output error")
    assert good.stored > 0


def test_an_archive_from_before_file_digests_takes_new_files(tmp_path, db, sample):
    """An archive whose log has no digest column gets one; its old entries never match."""
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE files (file_id BIGINT, account VARCHAR, path VARCHAR, format VARCHAR, "
                    "ingested_at TIMESTAMPTZ, records BIGINT, stored BIGINT, duplicates BIGINT, "
                    "rejected BIGINT, problem VARCHAR)")
        con.execute("INSERT INTO files VALUES (0, 'acc', ?, 'callback', now(), 5, 5, 0, 0, NULL)",
                    [str(sample[0])])  # an entry logged before digests were
    first, again = ingest(db, "acc", sample[:1]), ingest(db, "acc", sample[:1])
    assert (first[0].unchanged, again[0].unchanged) == (False, True)
    assert first[0].stored == again[0].duplicates > 0


def test_the_same_receipts_from_callback_and_pull_are_kept_once(tmp_path, db, sample):
    callback = next(p for p in sample if "-callback-" in p.name)
    pulled = [{"UserReceiveTime": int(datetime.fromisoformat(r["user_receive_time"])
                                      .replace(tzinfo=CHINA).timestamp()),
               "CountryCode": r["nationcode"], "SubscriberNumber": r["mobile"],
               "PhoneNumber": "+86" + r["mobile"], "SerialNo": r["sid"],
               "ReportStatus": r["report_status"], "Description": r["errmsg"], "SessionContext": ""}
              for r in records(callback)]
    pull = write(tmp_path / "pull.json", json.dumps({"Response": {"PullSmsSendStatusSet": pulled}}))
    first, second = ingest(db, "acc", [callback, pull])
    assert first.stored == len(pulled) > 0
    assert (second.format, second.stored, second.duplicates) == ("pull-2021-01-11", 0, len(pulled))


def test_accounts_are_kept_apart(db, sample):
    a, b = ingest(db, "a", sample[:1]), ingest(db, "b", sample[:1])
    assert a[0].stored == b[0].stored > 0


@pytest.mark.slow
def test_a_crash_mid_file_leaves_nothing_of_it(tmp_path, db, sample):
    ingest(db, "acc", sample[:1])
    before = counts(db)
    fifo = tmp_path / "stream.json"
    os.mkfifo(fifo)
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; from slakit.receipts.archive import Archive;"
         "Archive(sys.argv[1]).ingest('acc', sys.argv[2], chunk=4096)", str(db), str(fifo)])
    with fifo.open("w") as pipe:
        pipe.write("[\n" + "".join(json.dumps({**GOOD, "sid": f"9:{i}"}) + ",\n" for i in range(3000)))
        pipe.flush()  # the child has read much of it: it is in the middle of the file
        time.sleep(0.5)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert counts(db) == before
    with Archive(db, read_only=True) as a:
        assert a.run("SELECT count(*) FROM files", {})[0][0] == 1
    assert ingest(db, "acc", sample[1:2])[0].stored > 0  # the archive is sound after the crash


@pytest.mark.slow
def test_a_crash_mid_run_leaves_each_file_whole_or_absent(tmp_path, db):
    """Files of one layout are stored together (here, plain and gzipped by turns: runs of one
    file); killed at any moment, the archive holds each file's records as its log says, or
    neither."""
    files = [write(tmp_path / f"{n}.json{'.gz' * (n % 2)}",
                   "".join(json.dumps({**GOOD, "sid": f"{n}:{i}"}) + "\n" for i in range(20_000)),
                   gz=n % 2 == 1) for n in range(12)]
    for wait in (0.5, 1.5, 3.0):
        db.unlink(missing_ok=True)
        child = subprocess.Popen(
            [sys.executable, "-c", "import sys; from slakit.receipts.archive import ingest;"
             "ingest(sys.argv[1], 'acc', sys.argv[2:])", str(db), *map(str, files)])
        time.sleep(wait)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        with Archive(db) as a:
            logged = dict(a.run("SELECT file_id, stored FROM files", {}))
            kept = dict(a.run("SELECT file_id, count(*) FROM receipts GROUP BY file_id", {}))
        assert kept == {f: n for f, n in logged.items() if n}
        assert all(n == 20_000 for n in logged.values())
