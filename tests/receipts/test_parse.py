"""DuckDB reads whole files (its JSON reader, or its line reader) and gives exactly what the
careful reader gives: the same records with their lines, the same rejects, the same counts."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slakit.receipts.archive as archive_module
from slakit.receipts.archive import Archive, ingest
from slakit.receipts.sources import plain_text, sniff_lines

GOOD = {"user_receive_time": "2026-03-17 10:00:00", "nationcode": "86", "mobile": "13800000000",
        "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "用户短信送达成功", "sid": "1400:1"}
PULL = {"UserReceiveTime": 1773712800, "CountryCode": "86", "SubscriberNumber": "13800000000",
        "PhoneNumber": "+8613800000000", "SerialNo": "1400:1", "ReportStatus": "SUCCESS",
        "Description": "DELIVRD", "SessionContext": ""}
ODD = ['{"sid": "cut', "", "   ", json.dumps({**GOOD, "mobile": 138}), '"hello"', "{}",
       json.dumps({**GOOD, "errmsg": 'say "hi"'}), json.dumps([GOOD]), "[]", "null"]


def callback(i: int) -> dict[str, Any]:
    return {**GOOD, "sid": f"1400:{i}", "mobile": f"138{i % 7:08d}"}


Item = dict[str, Any] | str  # a record, or a raw line


def text(layout: str, items: Sequence[Item]) -> str:
    """Items written in a layout, one line each: a raw line as it is."""
    def line(item: Item) -> str:
        if isinstance(item, str):
            return item
        return json.dumps({"batches": [item, {**item, "sid": "x"}],
                           "pages": {"Response": {"PullSmsSendStatusSet": [{**PULL, "SerialNo": item["sid"]}],
                                                  "RequestId": "r"}}}.get(layout, item), ensure_ascii=False)

    if layout == "items":
        return "[\n" + ",\n".join(f"\t{line(item)}" for item in items) + "\n]\n"
    return "".join(line(item) + "\n" for item in items)


def stored(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with Archive(db, read_only=True) as a:
        return (a.run("SELECT serial_no, phone, ts, day, code, status, line FROM receipts ORDER BY ALL", {}),
                a.run("SELECT line, field, value, problem FROM rejects ORDER BY ALL", {}))


def careful(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file to the careful reader, as if DuckDB could read none whole."""
    monkeypatch.setattr(archive_module, "sniff_lines", lambda *_: None)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.sampled_from(["lines", "items", "batches", "pages"]), gz=st.booleans(),
       items=st.lists(st.one_of(st.integers(0, 30).map(callback), st.sampled_from(ODD)), min_size=1,
                      max_size=30).filter(lambda xs: isinstance(xs[0], dict)))
def test_duckdb_and_the_careful_reader_agree(tmp_path_factory, monkeypatch, layout, gz, items):
    folder = tmp_path_factory.mktemp("agree")
    data = text(layout, items).encode()
    path = folder / ("r.json.gz" if gz else "r.json")
    path.write_bytes(gzip.compress(data) if gz else data)
    fast = ingest(folder / "fast.duckdb", "acc", [path])
    with monkeypatch.context() as m:
        careful(m)
        slow = ingest(folder / "slow.duckdb", "acc", [path])
    assert [(r.format, r.records, r.stored, r.duplicates, r.rejected, r.problem) for r in fast] == \
           [(r.format, r.records, r.stored, r.duplicates, r.rejected, r.problem) for r in slow]
    assert [list(map(str, r.rejects)) for r in fast] == [list(map(str, r.rejects)) for r in slow]
    assert stored(folder / "fast.duckdb") == stored(folder / "slow.duckdb")
    assert all(r.records == r.stored + r.duplicates + r.rejected for r in fast)


@pytest.mark.parametrize(("layout", "kind"), [("lines", "record"), ("items", "item"),
                                              ("batches", "batch"), ("pages", "response")])
def test_a_file_in_a_line_layout_goes_to_duckdb(tmp_path, layout, kind):
    path = tmp_path / "r.json"
    path.write_text(text(layout, [callback(1), callback(2)]))
    found = sniff_lines(path)
    assert found is not None and found.kind == kind
    assert found.format.name == ("pull-2021-01-11" if layout == "pages" else "callback")


def test_a_pretty_document_and_a_pipe_go_to_the_careful_reader(tmp_path):
    pretty = tmp_path / "p.json"
    pretty.write_text(json.dumps([callback(1), callback(2)], indent=2))
    assert sniff_lines(pretty) is None
    assert sniff_lines(tmp_path) is None  # not a regular file


@pytest.mark.parametrize(("data", "numbered"), [
    ("{}\n{}\n", True), ("{}\n{}", True), ("{}\n{}\n\n\n", True),  # blank lines at the end
    ("{}\n\n{}\n", False), ("\n{}\n", False), ("{}\n \t\r\n{}\n", False),
    ("  {}\n\t{}\n", True),  # indented values, no blank line
])
def test_values_are_numbered_by_their_place_only_without_blank_lines_between(tmp_path, data, numbered):
    path = tmp_path / "r.json"
    path.write_text(data.replace("{}", json.dumps(GOOD)))
    found = sniff_lines(path)
    assert found is not None
    with plain_text(found, tmp_path) as plain:
        assert (plain == path) is numbered


def test_a_run_of_files_keeps_each_file_apart_and_in_order(tmp_path, db):
    files = []
    for n in range(6):
        records = [callback(100 * n + i) for i in range(n + 2)]
        data = text("lines", records)
        if n == 2:
            data = data.replace("\n", "\n\n", 1)  # a blank line: this file is numbered on its own
        if n == 4:
            data += '{"sid": "cut\n'  # a broken line: the run is read again file by file
        path = tmp_path / f"{n}.json" if n % 2 else tmp_path / f"{n}.json.gz"
        path.write_bytes(gzip.compress(data.encode()) if n % 2 == 0 else data.encode())
        files.append(path)
    results = ingest(db, "acc", files)
    assert [r.path for r in results] == [str(f) for f in files]
    assert [(r.records, r.stored, r.rejected) for r in results] == [
        (n + 2 + (n == 4), n + 2, int(n == 4)) for n in range(6)]
    assert str(results[4].rejects[0]).startswith(f"{files[4]}, line 7: field '(record)'")
    with Archive(db, read_only=True) as a:
        rows = a.run("SELECT f.path, r.serial_no, r.line FROM receipts r JOIN files f USING (file_id)", {})
    for path, serial, line in rows:
        n, i = divmod(int(serial.split(":")[1]), 100)
        assert path == str(files[n]) and line == i + 1 + (n == 2 and i > 0)


def test_one_bad_record_among_many_is_rejected_alone_with_its_place(tmp_path, db):
    records: list[Item] = [callback(i) for i in range(20_000)]
    records[12_345] = {**callback(12_345), "report_status": "MAYBE"}
    path = tmp_path / "big.json.gz"
    path.write_bytes(gzip.compress(text("lines", records).encode()))
    (result,) = ingest(db, "acc", [path])
    assert (result.records, result.rejected) == (20_000, 1)
    assert result.stored + result.duplicates == 19_999
    assert str(result.rejects[0]) == (f"{path}, line 12346: field 'report_status' = 'MAYBE': "
                                      "must be one of 'SUCCESS', 'FAIL'")


def test_a_string_with_escapes_keeps_its_value(tmp_path, db):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**GOOD, "sid": 'a"b中'}) + "\n")  # escaped: a\"b\u4e2d
    ingest(db, "acc", [path])
    assert stored(db)[0][0][0] == 'a"b中'


def test_arrays_written_one_item_a_line_are_read_as_a_run_and_numbered(tmp_path, monkeypatch):
    """Item i of such an array is on line i + 1; a file where a line holds two items, or an item
    spans two lines, cannot be numbered so: it is read line by line, as the careful reader reads it."""
    files = []
    for n, odd in enumerate(["", "two a line", "", "split", ""]):
        items = [json.dumps(callback(100 * n + i)) for i in range(4)]
        if odd == "two a line":
            items[1:3] = [items[1] + ", " + items[2]]
        if odd == "split":
            items[2] = items[2].replace(", ", ",\n", 1)
        path = tmp_path / f"{n}.json.gz"
        path.write_bytes(gzip.compress(("[\n" + ",\n".join(items) + "\n]\n").encode()))
        files.append(path)
    fast = ingest(tmp_path / "fast.duckdb", "acc", files)
    with monkeypatch.context() as m:
        careful(m)
        slow = ingest(tmp_path / "slow.duckdb", "acc", files)
    assert [(r.records, r.stored, r.rejected) for r in fast] == \
           [(r.records, r.stored, r.rejected) for r in slow]
    assert [list(map(str, r.rejects)) for r in fast] == [list(map(str, r.rejects)) for r in slow]
    assert stored(tmp_path / "fast.duckdb") == stored(tmp_path / "slow.duckdb")
    with Archive(tmp_path / "fast.duckdb", read_only=True) as a:
        rows = a.run("SELECT f.path, r.serial_no, r.line FROM receipts r JOIN files f USING (file_id)", {})
    assert {path for path, _, _ in rows} == {str(f) for f in files}
    for path, serial, line in rows:
        n, i = divmod(int(serial.split(":")[1]), 100)
        assert path == str(files[n]) and (n in (1, 3) or line == i + 2)
