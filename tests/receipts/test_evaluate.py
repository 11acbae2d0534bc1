"""An account's months from the archive: each month's evidence says how far the records cover
it, and a month without a record is no data, never a month that met the target."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from slakit.errors import InputError
from slakit.format import status_text
from slakit.months import service_months
from slakit.policy import load_policy
from slakit.receipts.archive import CHINA, ingest
from slakit.receipts.evaluate import evaluate
from slakit.statement import state_term

from .conftest import write
from .test_aggregate import receipt, send

TERM = service_months(date(2026, 3, 1), 3)  # March, April, May


def archive(tmp_path: Path, days: list[date], per_day: int = 20) -> Path:
    """An archive with ``per_day`` sends a day on ``days``, all delivered but one a day (disputed:
    EXPIRED, certainly not delivered)."""
    sends, receipts = [], []
    for n, day in enumerate(days):
        ts = int(datetime(day.year, day.month, day.day, 10, tzinfo=CHINA).timestamp())
        for k in range(per_day):
            i = n * per_day + k
            sends.append(send(i, ts=ts))
            receipts.append(receipt(i, "EXPIRED" if k == 0 else "DELIVRD", ts + 10))
    files = [write(tmp_path / "s.jsonl", "".join(json.dumps(s) + "\n" for s in sends)),
             write(tmp_path / "r.json", json.dumps(receipts))]
    db = tmp_path / "a.duckdb"
    assert all(r.rejected == 0 and r.problem is None for r in ingest(db, "acc", files))
    return db


def span(first: date, last: date, *, skip: tuple[date, ...] = ()) -> list[date]:
    return [d for d in (first + timedelta(n) for n in range((last - first).days + 1)) if d not in skip]


def test_records_to_the_16th_cover_april_in_part_and_may_not_at_all(tmp_path):
    gap = date(2026, 3, 10)
    db = archive(tmp_path, span(date(2026, 3, 1), date(2026, 4, 16), skip=(gap,)))
    found = evaluate(db, "acc", TERM, load_policy())
    assert found.span == (date(2026, 3, 1), date(2026, 4, 16))
    march, april, may = found.evidence()
    assert (march.covered, march.gaps) == ((date(2026, 3, 1), date(2026, 3, 31)), (gap,))
    assert (april.covered, april.gaps) == ((date(2026, 4, 1), date(2026, 4, 16)), ())
    assert (may.covered, may.gaps, may.counts) == (None, (), None)
    assert march.counts is not None and (march.counts.valid_sends, march.counts.undelivered) == (600, 30)
    term = state_term([(e, None) for e in (march, april, may)], load_policy(), on=date(2026, 7, 1))
    assert [s.status for s in term.months] == ["met", "partial", "no_data"]  # 570 of 600: 95 %
    assert status_text(term.months[1], "en") == "partial data: the records end on 2026-04-16"
    assert status_text(term.months[1], "zh") == "数据不全：记录止于 2026-04-16"
    assert term.months[2].headline is None and term.missed == []


def test_a_month_without_a_record_between_months_with_records_is_no_data(tmp_path):
    db = archive(tmp_path, [date(2026, 3, 2), date(2026, 5, 4)])
    march, april, may = evaluate(db, "acc", TERM, load_policy()).evidence()
    assert april.counts is None and april.covered == (date(2026, 4, 1), date(2026, 4, 30))
    assert len(april.gaps) == 30  # covered by the span of the records, yet not one record in it
    (s,) = state_term([(april, None)], load_policy(), on=date(2026, 7, 1)).months
    assert s.status == "no_data" and s.headline is None
    assert march.covered == (date(2026, 3, 2), date(2026, 3, 31))
    assert may.covered == (date(2026, 5, 1), date(2026, 5, 4))


def test_an_account_without_records_in_the_term_is_an_error_naming_where_they_are(tmp_path):
    db = archive(tmp_path, [date(2026, 1, 5), date(2026, 1, 9)])
    with pytest.raises(InputError, match=r"has no records from 2026-03-01 to 2026-05-31 in the archive "
                                         r".*; its records run from 2026-01-05 to 2026-01-09"):
        evaluate(db, "acc", TERM, load_policy())
    with pytest.raises(InputError, match="has no records in the archive"):
        evaluate(db, "nobody", TERM, load_policy())


def test_the_daily_counts_follow_the_policy_s_reading_of_exclusions(tmp_path):
    ts = int(datetime(2026, 3, 2, 10, tzinfo=CHINA).timestamp())
    sends = [send(i, ts=ts) for i in range(8)] + [send(8, "InternalError.Timeout", ts),
                                                  send(9, "LimitExceeded.PhoneNumberDailyLimit", ts)]
    files = [write(tmp_path / "s.jsonl", "".join(json.dumps(s) + "\n" for s in sends)),
             write(tmp_path / "r.json", json.dumps([receipt(i, ts=ts + 10) for i in range(8)]))]
    db = tmp_path / "a.duckdb"
    assert not any(r.rejected for r in ingest(db, "acc", files))
    found = evaluate(db, "acc", TERM[:1], load_policy())
    day = date(2026, 3, 2)
    assert found.daily_counts(load_policy()) == [(day, 9, 1)]  # the excluded send leaves both counts
    assert found.daily_counts(load_policy("variant-excluded-as-delivered")) == [(day, 10, 1)]
