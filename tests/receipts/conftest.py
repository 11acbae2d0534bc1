from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from slakit.receipts.archive import CHINA, Archive, ingest
from slakit.receipts.synth import synth

START = date(2026, 3, 17)  # SLA §1.5's example: a partial first month
INCIDENT = (datetime(2026, 4, 8, 9, tzinfo=CHINA), datetime(2026, 4, 8, 21, tzinfo=CHINA))


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """Two months of a small account, every receipt format, one incident."""
    return synth(tmp_path_factory.mktemp("synth"), "acc", START, 1, 80, seed=3,
                 incidents=[INCIDENT], receipt_format="mixed")


@pytest.fixture(scope="session")
def archive_path(sample, tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "archive.duckdb"
    results = ingest(path, "acc", sample)
    assert all(r.rejected == 0 and r.problem is None for r in results)
    return path


@pytest.fixture
def db(tmp_path):
    return tmp_path / "a.duckdb"


def records(path: Path):
    """The records of a synth file, whatever its layout."""
    text = gzip.decompress(path.read_bytes()).decode()
    if text.startswith("["):
        return json.loads(text)
    out: list[dict[str, object]] = []
    for line in text.splitlines():
        value = json.loads(line)
        out += value["Response"]["PullSmsSendStatusSet"] if "Response" in value else [value]
    return out


def write(path: Path, text: str, gz: bool = False) -> Path:
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())
    return path


def counts(path: Path):
    with Archive(path, read_only=True) as a:
        return {t: a.run(f"SELECT count(*) FROM {t}", {})[0][0]
                for t in ("sends", "receipts", "rejects")}
