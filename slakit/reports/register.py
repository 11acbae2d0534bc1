"""The claims register: the CSV an account team keeps of the claims it has filed, one row a claim.

Columns, with English or Chinese headers:

- ``customer_id`` (客户编号);
- ``service_month`` (服务月度): the first day of the service month claimed, as the desk and
  ``summary.csv`` give it;
- ``filed_on`` (提交日期) and ``ticket`` (工单号);
- ``outcome`` (结果): ``filed`` (已提交), ``accepted`` (已受理), ``rejected`` (已驳回) or
  ``credited`` (已到账); empty means filed;
- ``sms_credited`` (到账短信条数): the SMS the provider credited.

A bad row is an error naming the file, line, field and value; nothing is dropped.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "register.csv"
>>> _ = path.write_text("customer_id,service_month,filed_on,ticket,outcome,sms_credited\\n"
...                     "C017,2026-10-01,2026-12-01,T-1,credited,7000\\n", encoding="utf-8")
>>> entry = read_register(path).entries[0]
>>> entry.customer_id, entry.service_month, entry.outcome, entry.sms_credited
('C017', datetime.date(2026, 10, 1), 'credited', 7000)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from ..csvfile import read_csv
from ..errors import InputError
from ..months import parse_date
from ..words import says

Outcome = Literal["filed", "accepted", "rejected", "credited"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
COLUMNS = {  # each column by its English name, and the Chinese header a team may give it instead
    "customer_id": "客户编号", "service_month": "服务月度", "filed_on": "提交日期", "ticket": "工单号",
    "outcome": "结果", "sms_credited": "到账短信条数"}
REQUIRED = ("customer_id", "service_month", "filed_on")
OUTCOME_WORDS: dict[str, Outcome] = {"已提交": "filed", "已受理": "accepted", "已驳回": "rejected",
                                     "已到账": "credited"}
MAX_SMS = 10**12


@dataclass(frozen=True)
class Filed:
    """One claim the team has filed, as its register's row says it."""

    line: int  # in the register (the header is line 1)
    customer_id: str
    service_month: date  # the first day of the service month claimed
    filed_on: date
    ticket: str = ""
    outcome: Outcome = "filed"
    sms_credited: int | None = None


@dataclass(frozen=True)
class Register:
    """A claims register as read: its file and its rows."""

    source: Path
    entries: tuple[Filed, ...]


def read_register(path: str | Path) -> Register:
    """The rows of a claims register; the first bad row raises, naming file, line, field and value."""
    path = Path(path)
    table = read_csv(path)
    if table.malformed:
        raise table.malformed[0]
    names = {zh: en for en, zh in COLUMNS.items()}
    frame = table.frame.rename(columns=lambda c: names.get(str(c).strip(), str(c).strip()))
    for column in REQUIRED:
        if column not in frame.columns:
            raise InputError(column, None, says("error.register_column", need=", ".join(REQUIRED)),
                             source=path, line=1)
    entries: list[Filed] = []
    seen: dict[tuple[str, date], int] = {}
    for line, row in zip(table.lines.tolist(), frame.fillna("").to_dict("records"), strict=True):
        try:
            entry = _entry(int(line), {str(k): str(v).strip() for k, v in row.items()})
        except InputError as error:
            raise error.at(path, int(line)) from None
        key = (entry.customer_id, entry.service_month)
        if key in seen:
            raise InputError("service_month", entry.service_month.isoformat(),
                             says("error.registered_twice", customer=entry.customer_id, line=seen[key]),
                             source=path, line=int(line))
        seen[key] = int(line)
        entries.append(entry)
    return Register(path, tuple(entries))


def _entry(line: int, row: dict[str, str]) -> Filed:
    customer = row["customer_id"]
    if not customer:
        raise InputError("customer_id", customer, says("error.empty"))
    month = parse_date(row["service_month"], "service_month")
    filed_on = parse_date(row["filed_on"], "filed_on")
    if filed_on <= month:
        raise InputError("filed_on", row["filed_on"], says("error.filed_early", month=month))
    said = row.get("outcome", "")
    outcome = OUTCOME_WORDS.get(said, said.lower() or "filed")
    if outcome not in OUTCOMES:
        raise InputError("outcome", said, says("error.register_outcome", outcomes=", ".join(OUTCOMES),
                                               words="、".join(OUTCOME_WORDS)))
    text = row.get("sms_credited", "").replace(",", "")
    credited = None
    if text:
        if not text.isdigit() or int(text) > MAX_SMS:
            raise InputError("sms_credited", row["sms_credited"], says("error.sms_count"))
        credited = int(text)
        if outcome != "credited":
            raise InputError("sms_credited", row["sms_credited"],
                             says("error.sms_not_credited", outcome=outcome))
    return Filed(line, customer, month, filed_on, row.get("ticket", ""), outcome, credited)
