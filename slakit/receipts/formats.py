"""Input formats: status callbacks, pull-API results of both versions, and send logs.

The record fields of each format and their checks are data here (:data:`FORMATS`), turned into
SQL by :mod:`slakit.receipts.archive`; :mod:`slakit.receipts.sources` reads the files. Phone
numbers become E.164 whichever of a version's two number fields carries the "+".

>>> detect({"user_receive_time": "2026-03-17 10:00:00", "nationcode": "86", "mobile": "13800000000",
...         "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "", "sid": "x"})
'callback'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta, timezone

from ..errors import InputError
from ..words import says

CHINA = timezone(timedelta(hours=8))  # service months are natural months in China time (SLA §1.5)
CHINA_SECONDS = 8 * 3600  # China has kept UTC+8 all year since 1991
SLA_DATE = date(2020, 9, 23)  # records from before the SLA took effect are outside its term


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "text", "text_or_empty", "seconds" (Unix), "clock" (date-time text), "time" (either)
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    name: str
    table: str  # "sends" or "receipts"
    fields: tuple[Field, ...]  # the fields checked; others are ignored
    marks: frozenset[str]  # fields whose presence identifies the format
    time: str  # the field giving the record's time
    columns: dict[str, str]  # archive column → SQL over the fields' text, e.g. "{sid}"


STATUSES = ("SUCCESS", "FAIL")  # a receipt's report status
_E164 = "CASE WHEN starts_with({{{0}}}, '+') THEN {{{0}}} ELSE '+' || {{{1}}} || {{{0}}} END"
FORMATS = {f.name: f for f in (
    Format("callback", "receipts", (
        Field("user_receive_time", "clock"), Field("nationcode", "text"), Field("mobile", "text"),
        Field("report_status", "text", STATUSES), Field("errmsg", "text"), Field("sid", "text")),
        frozenset({"report_status", "errmsg", "sid"}),
        "user_receive_time", {"serial_no": "{sid}", "phone": _E164.format("mobile", "nationcode"),
                              "code": "{errmsg}", "status": "{report_status}"}),
    Format("pull-2021-01-11", "receipts", (
        Field("UserReceiveTime", "seconds"), Field("CountryCode", "text"),
        Field("PhoneNumber", "text"), Field("SerialNo", "text"),
        Field("ReportStatus", "text", STATUSES), Field("Description", "text")),
        frozenset({"ReportStatus", "SerialNo", "CountryCode", "SubscriberNumber"}),
        "UserReceiveTime", {"serial_no": "{SerialNo}", "phone": _E164.format("PhoneNumber", "CountryCode"),
                            "code": "{Description}", "status": "{ReportStatus}"}),
    Format("pull-2019-07-11", "receipts", (
        Field("UserReceiveTime", "clock"), Field("UserReceiveUnixTime", "seconds"),
        Field("NationCode", "text"), Field("PhoneNumber", "text"), Field("SerialNo", "text"),
        Field("ReportStatus", "text", STATUSES), Field("Description", "text")),
        frozenset({"ReportStatus", "SerialNo", "NationCode", "PurePhoneNumber"}),
        "UserReceiveUnixTime", {"serial_no": "{SerialNo}",
                                "phone": _E164.format("PhoneNumber", "NationCode"),
                                "code": "{Description}", "status": "{ReportStatus}"}),
    Format("sendlog", "sends", (
        Field("SendTime", "time"), Field("SerialNo", "text_or_empty"), Field("PhoneNumber", "text"),
        Field("Code", "text")),
        frozenset({"SendTime", "Code", "PhoneNumber"}),
        "SendTime", {"serial_no": "{SerialNo}", "phone": "{PhoneNumber}", "code": "{Code}"}),
)}
PULL_MARKS = frozenset({"ReportStatus", "SerialNo"})


def detect(record: object) -> str:
    """The format whose identifying fields a record has, or an InputError naming what it has."""
    if not isinstance(record, dict):
        raise InputError("(record)", snippet(record), says("error.not_object"))
    keys = set(record)
    found = [f.name for f in FORMATS.values() if f.marks <= keys]
    if len(found) == 1:
        return found[0]
    if keys >= PULL_MARKS:
        raise InputError("(format)", sorted(keys), says("error.pull_version"))
    raise InputError("(format)", sorted(keys), says("error.no_format", formats=", ".join(FORMATS)))


def check_format(name: str) -> Format:
    if name not in FORMATS:
        raise InputError("--format", name, says("error.unknown_format", formats=", ".join(FORMATS)))

    return FORMATS[name]


def snippet(value: object, width: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


