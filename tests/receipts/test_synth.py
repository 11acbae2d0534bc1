from __future__ import annotations

import gzip
from collections import Counter
from datetime import date, datetime

from slakit.receipts.archive import CHINA
from slakit.receipts.synth import synth

from .conftest import records


def test_the_same_seed_writes_the_same_data(tmp_path):
    a = synth(tmp_path / "a", "x", date(2026, 3, 1), 1, 50, seed=9, receipt_format="mixed")
    b = synth(tmp_path / "b", "x", date(2026, 3, 1), 1, 50, seed=9, receipt_format="mixed")
    c = synth(tmp_path / "c", "x", date(2026, 3, 1), 1, 50, seed=10, receipt_format="mixed")
    content = [[gzip.decompress(p.read_bytes()) for p in files] for files in (a, b, c)]
    assert [p.name for p in a] == [p.name for p in b] and content[0] == content[1] != content[2]


def test_volume_follows_the_week_and_the_day(sample):
    sends = {p.name[-19:-9]: records(p) for p in sample if "sendlog" in p.name}
    assert len(sends["2026-03-20"]) == 80 and len(sends["2026-03-22"]) == 56  # a Friday, a Sunday
    hours = Counter(datetime.fromisoformat(r["SendTime"]).astimezone(CHINA).hour
                    for rows in sends.values() for r in rows)
    assert hours[10] > 3 * hours[3]  # busy mornings, quiet nights (China time)


def test_an_incident_makes_sends_fail(sample):
    def failures(day: str) -> int:
        (path,) = [p for p in sample if p.name == f"acc-sendlog-{day}.jsonl.gz"]
        return sum(r["Code"].startswith("InternalError") for r in records(path))

    assert failures("2026-04-08") > 20 > failures("2026-04-01")


def test_every_accepted_send_has_at_most_one_receipt_with_its_serial(sample):
    sent = {r["SerialNo"] for p in sample if "sendlog" in p.name for r in records(p) if r["Code"] == "Ok"}
    got = [r.get("sid") or r.get("SerialNo") for p in sample if "sendlog" not in p.name for r in records(p)]
    assert len(got) == len(set(got)) and set(got) <= sent and len(got) > 0.98 * len(sent)
