from __future__ import annotations

import gzip
import json

import pytest

from slakit.errors import InputError
from slakit.receipts.archive import Archive
from slakit.receipts.formats import FORMATS
from slakit.receipts.sources import open_source

from .conftest import counts, write

GOOD = {"user_receive_time": "2026-03-17 10:00:00", "nationcode": "86", "mobile": "13800000000",
        "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "ok", "sid": "1400:1"}


def good(i: int) -> str:
    return json.dumps({**GOOD, "sid": f"1400:{i}"})


def callback(*lines: str) -> str:
    return "[\n" + ",\n".join(lines) + "\n]\n"


def test_each_synth_file_is_detected(sample):
    found = {open_source(p).format.name for p in sample}
    assert found == set(FORMATS)


@pytest.mark.parametrize("layout", ["array per line", "json lines", "one line", "pretty",
                                    "batch per line", "pull response"])
def test_layouts_give_the_same_records_with_their_lines(tmp_path, db, layout):
    items = [{**GOOD, "sid": f"1400:{i}"} for i in range(3)]
    text, lines = {
        "array per line": (callback(*map(json.dumps, items)), [2, 3, 4]),
        "json lines": ("\n".join(map(json.dumps, items)) + "\n", [1, 2, 3]),
        "one line": (json.dumps(items), [1, 1, 1]),
        "pretty": (json.dumps(items, indent=2), [2, 11, 20]),
        "batch per line": (json.dumps(items[:2]) + "\n" + json.dumps(items[2:]) + "\n", [1, 1, 2]),
        "pull response": (json.dumps({"Response": {"PullSmsSendStatusSet": [
            {"UserReceiveTime": 1773712800, "CountryCode": "86", "SubscriberNumber": "13800000000",
             "PhoneNumber": "+8613800000000", "SerialNo": f"1400:{i}", "ReportStatus": "SUCCESS",
             "Description": "DELIVRD", "SessionContext": ""} for i in range(3)],
            "RequestId": "r"}}, indent=1), [3, 3, 3]),
    }[layout]
    path = write(tmp_path / "r.json", text)
    with Archive(db) as a:
        result = a.ingest("acc", path)
        stored = a.run("SELECT serial_no, phone, ts, day, line FROM receipts ORDER BY serial_no", {})
    assert (result.records, result.stored, result.rejected) == (3, 3, 0)
    if layout != "pull response":
        assert [row[4] for row in stored] == lines
    # 10:00 China time is 02:00 UTC; the day is China's
    assert {(r[1], r[2], str(r[3])) for r in stored} == {("+8613800000000", 1773712800, "2026-03-17")}


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-17 10:00:00", 1773712800),  # the provider's China time
    ("2026-03-17T10:00:00+08:00", 1773712800),
    ("2026-03-17T02:00:00Z", 1773712800),
    ("2026-03-16T21:00:00-05:00", 1773712800),
])
def test_times_in_any_zone_become_the_same_instant(tmp_path, db, text, expected):
    path = write(tmp_path / "r.json", callback(json.dumps({**GOOD, "user_receive_time": text})))
    with Archive(db) as a:
        a.ingest("acc", path)
        assert a.run("SELECT ts, day FROM receipts", {})[0][0] == expected


def test_a_send_just_after_midnight_china_time_is_in_the_next_month(tmp_path, db):
    row = {"SendTime": "2026-03-31T16:30:00Z", "SerialNo": "1", "PhoneNumber": "+86138", "Code": "Ok"}
    path = write(tmp_path / "s.jsonl", json.dumps(row) + "\n")
    with Archive(db) as a:
        a.ingest("acc", path)
        assert str(a.run("SELECT day FROM sends", {})[0][0]) == "2026-04-01"


BAD_RECORDS = [  # (the bad line's text, field, value, problem)
    ('{"user_receive_time": "2026-03-17 10:0', "(record)", '{"user_receive_time": "2026-03-17 10:0',
     "is not valid JSON"),
    (json.dumps({**GOOD, "mobile": 13800000000}), "mobile", "13800000000", "must be a string"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "sid"}), "sid", None, "is missing"),
    (json.dumps({**GOOD, "user_receive_time": "2019-12-31 23:00:00"}), "user_receive_time",
     "2019-12-31 23:00:00", "is outside the SLA's term: before 2020-09-23 or in the future"),
    (json.dumps({**GOOD, "user_receive_time": "2126-01-01 00:00:00"}), "user_receive_time",
     "2126-01-01 00:00:00", "is outside the SLA's term"),
    (json.dumps({**GOOD, "user_receive_time": "yesterday"}), "user_receive_time", "yesterday",
     "is not a date-time"),
    (json.dumps({**GOOD, "report_status": "MAYBE"}), "report_status", "MAYBE", "must be one of"),
    (json.dumps({**GOOD, "errmsg": ""}), "errmsg", "", "is empty"),
    ('"hello"', "(record)", '"hello"', "is not a JSON object"),
]


@pytest.mark.parametrize(("line", "field", "value", "problem"), BAD_RECORDS)
@pytest.mark.parametrize("gz", [False, True])
def test_a_bad_record_is_rejected_with_file_line_field_value_and_the_rest_kept(
        tmp_path, db, line, field, value, problem, gz):
    path = write(tmp_path / ("r.json.gz" if gz else "r.json"), callback(good(1), line, good(2)), gz)
    with Archive(db) as a:
        result = a.ingest("acc", path)
    assert (result.records, result.stored, result.duplicates, result.rejected) == (3, 2, 0, 1)
    (error,) = result.rejects
    assert str(error).startswith(f"{path}, line 3: field '{field}' = {value!r}: {problem}")
    assert counts(db) == {"sends": 0, "receipts": 2, "rejects": 1}


def test_a_wrong_type_in_unix_seconds(tmp_path, db):
    record = {"UserReceiveTime": "1773712800", "CountryCode": "86", "SubscriberNumber": "138",
              "PhoneNumber": "+86138", "SerialNo": "1", "ReportStatus": "SUCCESS", "Description": "DELIVRD"}
    path = write(tmp_path / "p.jsonl", json.dumps(record) + "\n")
    with Archive(db) as a:
        (error,) = a.ingest("acc", path).rejects
    assert str(error) == (f"{path}, line 1: field 'UserReceiveTime' = '\"1773712800\"': "
                          "must be whole Unix seconds")


@pytest.mark.parametrize(("text", "line", "problem"), [
    ("", 1, "is empty: no records"),
    ("  \n\n", 1, "is empty: no records"),
    ("account,month\nacc,2026-03\n", 1, "'account,month': is not valid JSON"),
    ('{"foo": 1, "bar": 2}\n', 1, "field '(format)' = ['bar', 'foo']: matches no known format"),
    ('\n{"SerialNo": "1", "ReportStatus": "SUCCESS", "Region": "x"}\n', 2,
     "is a pull API result of an unknown version"),
    ('{"Response": {"Error": {"Code": "AuthFailure"}, "RequestId": "r"}}', 1, "holds no records"),
])
def test_a_file_that_cannot_be_read_is_named_and_logged(tmp_path, db, text, line, problem):
    path = write(tmp_path / "f.json", text)
    with Archive(db) as a:
        result = a.ingest("acc", path)
        logged = a.run("SELECT problem FROM files", {})
    assert result.format is None and result.records == 0
    said = str(result.problem)
    assert result.problem is not None and said.startswith(f"{path}, line {line}: ")
    assert problem in said and logged == [(said,)]


@pytest.mark.parametrize("text", [
    "[]", "[]\n[]\n", '{"Response": {"PullSmsSendStatusSet": [], "RequestId": "r"}}\n',
    '{\r\n  "Response": {\r\n    "PullSmsSendStatusSet": [],\r\n    "RequestId": "r"\r\n  }\r\n}\r\n'])
def test_a_page_with_nothing_new_is_no_error(tmp_path, db, text):
    """A poller writes a page when nothing is new: no records, and nothing wrong."""
    with Archive(db) as a:
        result = a.ingest("acc", write(tmp_path / "p.json", text))
    assert (result.records, result.rejected, result.problem) == (0, 0, None)


def test_a_pretty_printed_file_with_a_byte_order_mark_and_crlf_is_read(tmp_path, db):
    records = [json.loads(good(1)), json.loads(good(2))]
    text = json.dumps(records, indent=2).replace("\n", "\r\n")
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    with Archive(db) as a:
        result = a.ingest("acc", path)
    assert (result.records, result.stored, result.problem) == (2, 2, None)


def test_a_named_format_that_does_not_exist():
    with pytest.raises(InputError, match="field '--format' = 'pull-2020-01-01': is not a known format"):
        open_source("x.json", "pull-2020-01-01")


def test_a_named_format_overrides_detection(tmp_path, db):
    path = write(tmp_path / "r.json", callback(good(1)))
    with Archive(db) as a:
        result = a.ingest("acc", path, "sendlog")
    assert result.format == "sendlog" and result.rejected == 1
    assert "field 'SendTime' = None: is missing" in str(result.rejects[0])


def test_a_cut_gzip_keeps_the_records_before_the_cut(tmp_path, db, sample):
    full = gzip.compress(callback(*(good(i) for i in range(2000))).encode())
    path = tmp_path / "cut.json.gz"
    path.write_bytes(full[: len(full) * 2 // 3])
    with Archive(db) as a:
        result = a.ingest("acc", path)
    assert str(result.problem) == "the file ends early: its gzip stream is cut short"
    assert 0 < result.stored < 2000 and result.rejected <= 1
    assert result.records == result.stored + result.rejected


def test_lines_that_are_not_utf8_are_rejected_alone(tmp_path, db):
    path = tmp_path / "r.json"
    path.write_bytes(callback(good(1), "XX", good(2)).encode().replace(b"XX", b'{"a": "\xff"}'))
    with Archive(db) as a:
        result = a.ingest("acc", path)
    assert (result.stored, result.rejected) == (2, 1)
    assert str(result.rejects[0]).endswith("line 3: field '(record)' = '': is not UTF-8 text")
