"""Synthetic send logs and receipts in the provider's formats, seeded, for demos, tests, benchmarks.

Each day gets a send log (JSON lines, send times in UTC) and a receipts file in one of the
receipt formats (callbacks: one JSON array; pull results: one API response a line). Volume
follows a weekly and a daily shape; codes follow a typical mix, and inside an incident window
most sends fail.

>>> round(weekday_volume(1_000, date(2026, 3, 1)))   # a Sunday
700
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from ..months import term_end
from ..outputs import output_folder
from .accounts import check_account
from .formats import CHINA, CHINA_SECONDS

RECEIPT_FORMATS = ("callback", "pull-2021-01-11", "pull-2019-07-11")
WEEK = (1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.7)  # Monday … Sunday
HOURS = np.array([2, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 9, 8, 8, 8, 8, 7, 7, 7, 7, 6, 5, 4, 3], float)
SEND_CODES = {  # the send API's per-number result, and how often
    "Ok": 0.985, "LimitExceeded.PhoneNumberDailyLimit": 0.004,
    "FailedOperation.ContainSensitiveWord": 0.002, "InvalidParameterValue.IncorrectPhoneNumber": 0.003,
    "FailedOperation.PhoneNumberInBlacklist": 0.002, "InternalError.Timeout": 0.003,
    "InternalError.OtherError": 0.001}
RECEIPT_CODES = {  # for accepted sends; "" is a receipt that never comes
    "DELIVRD": 0.962, "UNDELIV": 0.015, "EXPIRED": 0.008, "REJECTD": 0.004, "UNKNOWN": 0.004,
    "SUBFAIL": 0.002, "COMFAIL": 0.001, "WTNFAIL": 0.001, "MK:0001": 0.001, "": 0.002}
INCIDENT_SEND_FAILURE = 0.7  # share of sends failing with InternalError.Timeout in an incident
INCIDENT_UNKNOWN = 0.5  # share of the others whose receipt says UNKNOWN
PULL_PAGE = 100  # the pull API returns at most 100 records a call


def weekday_volume(daily_volume: int, day: date) -> float:
    return daily_volume * WEEK[day.weekday()]


def _pick(rng: np.random.Generator, table: dict[str, float], n: int) -> np.ndarray[Any, Any]:
    """``n`` codes drawn from a table of code → share."""
    weights = np.array(list(table.values()))
    return np.array(list(table), object)[rng.choice(len(table), n, p=weights / weights.sum())]


def _day(day: date, index: int, daily_volume: int, seed: int,
         incidents: Sequence[tuple[int, int]]) -> pa.Table:
    """One day's sends with their receipt (code "" when none comes)."""
    rng = np.random.default_rng([seed, index])
    n = round(weekday_volume(daily_volume, day))
    midnight = int(datetime.combine(day, datetime.min.time(), CHINA).timestamp())
    ts = np.sort(midnight + rng.choice(24, n, p=HOURS / HOURS.sum()) * 3600
                 + rng.integers(0, 3600, n))
    send, receipt = _pick(rng, SEND_CODES, n), _pick(rng, RECEIPT_CODES, n)
    hit = np.zeros(n, bool)
    for start, end in incidents:
        hit |= (ts >= start) & (ts < end)
    draw = rng.random(n)
    send[hit & (draw < INCIDENT_SEND_FAILURE)] = "InternalError.Timeout"
    receipt[hit & (draw >= 1 - (1 - INCIDENT_SEND_FAILURE) * INCIDENT_UNKNOWN)] = "UNKNOWN"
    receipt[send != "Ok"] = ""
    return pa.table({
        "ts": ts, "serial": index * 10**9 + np.arange(n), "phone": rng.integers(13 * 10**9, 19 * 10**9, n),
        "code": pa.array(send, pa.string()), "receipt": pa.array(receipt, pa.string()),
        "delay": 1 + rng.exponential(8, n).astype(np.int64)})


def _clock(ts: str) -> str:
    return f"strftime(make_timestamp(({ts} + {CHINA_SECONDS}) * 1000000), '%Y-%m-%d %H:%M:%S')"


SENDLOG = """
SELECT strftime(make_timestamp(ts * 1000000), '%Y-%m-%dT%H:%M:%SZ') AS SendTime,
       CASE WHEN code = 'Ok' THEN {serial} ELSE '' END AS SerialNo, '+86' || phone AS PhoneNumber,
       CASE WHEN code = 'Ok' THEN 1 ELSE 0 END AS Fee, '' AS SessionContext, code AS Code,
       CASE WHEN code = 'Ok' THEN 'send success' ELSE code END AS Message, 'CN' AS IsoCode
FROM day ORDER BY ts"""
RECEIPTS = "SELECT *, ts + delay AS rts, {serial} AS sid FROM day WHERE receipt <> '' ORDER BY rts"
CALLBACK = f"""
SELECT {_clock('rts')} AS user_receive_time, '86' AS nationcode, CAST(phone AS VARCHAR) AS mobile,
       CASE WHEN receipt = 'DELIVRD' THEN 'SUCCESS' ELSE 'FAIL' END AS report_status,
       receipt AS errmsg, CASE WHEN receipt = 'DELIVRD' THEN '用户短信送达成功' ELSE receipt END
       AS description, sid
FROM receipts"""
PULL = {
    "pull-2021-01-11": """{'UserReceiveTime': rts, 'CountryCode': '86',
        'SubscriberNumber': CAST(phone AS VARCHAR), 'PhoneNumber': '+86' || phone, 'SerialNo': sid,
        'ReportStatus': CASE WHEN receipt = 'DELIVRD' THEN 'SUCCESS' ELSE 'FAIL' END,
        'Description': receipt, 'SessionContext': ''}""",
    "pull-2019-07-11": f"""{{'UserReceiveTime': {_clock('rts')}, 'UserReceiveUnixTime': rts,
        'NationCode': '86', 'PurePhoneNumber': '+86' || phone, 'PhoneNumber': CAST(phone AS VARCHAR),
        'SerialNo': sid, 'ReportStatus': CASE WHEN receipt = 'DELIVRD' THEN 'SUCCESS' ELSE 'FAIL' END,
        'Description': receipt, 'SessionContext': ''}}""",
}
PAGES = """
SELECT {{'PullSmsSendStatusSet': list(record ORDER BY rts), 'RequestId': 'synth-' || page}} AS Response
FROM (SELECT {record} AS record, rts, (row_number() OVER (ORDER BY rts) - 1) // {page} AS page
      FROM receipts)
GROUP BY page ORDER BY page"""


def synth(out: str | Path, account: str, start: date, months: int, daily_volume: int,
          seed: int = 0, incidents: Sequence[tuple[datetime, datetime]] = (),
          receipt_format: str = "callback", *,
          done: Callable[[date], object] = lambda _: None) -> list[Path]:
    """Write a term's days of send logs and receipts into ``out``; the files written.

    ``receipt_format`` is one of :data:`RECEIPT_FORMATS`, or ``mixed`` to take them in turn;
    ``done`` hears of each day when its files are written.
    """
    check_account(account)
    folder = output_folder(out, "--out")
    spans = [(int(a.timestamp()), int(b.timestamp())) for a, b in incidents]
    serial = f"'{1400 + seed % 8600}:' || CAST(serial AS VARCHAR)"
    written = []
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    last = term_end(start, months)
    for index in range((last - start).days + 1):
        day = start + timedelta(days=index)
        fmt = RECEIPT_FORMATS[index % 3] if receipt_format == "mixed" else receipt_format
        con.register("day", _day(day, index, daily_volume, seed, spans))
        sends = folder / f"{account}-sendlog-{day}.jsonl.gz"
        con.execute(f"COPY ({SENDLOG.format(serial=serial)}) TO '{sends}' "
                    "(FORMAT json, COMPRESSION gzip)")
        con.execute(f"CREATE OR REPLACE TEMP TABLE receipts AS {RECEIPTS.format(serial=serial)}")
        receipts = folder / f"{account}-{fmt}-{day}.json.gz"
        if fmt == "callback":
            con.execute(f"COPY ({CALLBACK}) TO '{receipts}' (FORMAT json, ARRAY true, COMPRESSION gzip)")
        else:
            con.execute(f"COPY ({PAGES.format(record=PULL[fmt], page=PULL_PAGE)}) TO '{receipts}' "
                        "(FORMAT json, COMPRESSION gzip)")
        con.unregister("day")
        written += [sends, receipts]
        done(day)
    con.close()
    return written
