from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slakit.config import shipped_files
from slakit.months import ServiceMonth, service_months
from slakit.policy import Policy, load_policy
from slakit.receipts.aggregate import FAILURES, MonthFigures, Query, daily_outcomes, figures
from slakit.receipts.archive import CHINA, Archive, ingest
from slakit.receipts.codemap import load_codemap
from slakit.receipts.evaluate import evaluate
from slakit.receipts.windows import Window, segments
from slakit.statement import state

from .conftest import write

T0 = int(datetime(2026, 3, 2, 10, tzinfo=CHINA).timestamp())
MARCH = service_months(date(2026, 3, 1), 1)
CODEMAP = load_codemap()


def send(i: int, code: str = "Ok", ts: int = T0) -> dict[str, object]:
    return {"SendTime": ts, "SerialNo": f"s{i}" if code == "Ok" else "", "PhoneNumber": f"+86138{i:08d}",
            "Code": code}


def receipt(i: int, code: str = "DELIVRD", ts: int = T0 + 10) -> dict[str, object]:
    return {"user_receive_time": datetime.fromtimestamp(ts, CHINA).strftime("%Y-%m-%d %H:%M:%S"),
            "nationcode": "86", "mobile": f"138{i:08d}", "report_status": "SUCCESS" if code == "DELIVRD"
            else "FAIL", "errmsg": code, "description": "", "sid": f"s{i}"}


def month(tmp_path: Path, sends: list[dict[str, object]], receipts: list[dict[str, object]],
          windows: Sequence[Window] = (), grace: int | None = None, policy: Policy | None = None,
          customer: str = "ordinary", months: list[ServiceMonth] = MARCH,
          declared: Sequence[tuple[date, date]] = ()) -> list[MonthFigures]:
    db = tmp_path / "a.duckdb"
    files = []
    if sends:
        files.append(write(tmp_path / "s.jsonl", "".join(json.dumps(s) + "\n" for s in sends)))
    if receipts:
        files.append(write(tmp_path / "r.json", json.dumps(receipts)))
    assert all(r.rejected == 0 and r.problem is None for r in ingest(db, "acc", files))
    with Archive(db, read_only=True) as a:
        rows = daily_outcomes(a.run, Query("acc", months, CODEMAP, grace), segments(list(windows), "acc"))
    return figures(rows, months, policy or load_policy(), CODEMAP, customer, declared)


def test_exactly_95_percent_meets_the_target(tmp_path):
    sends = [send(i) for i in range(95)] + [send(100 + i, "InternalError.Timeout") for i in range(5)]
    sends += [send(200, "FailedOperation.ContainSensitiveWord"), send(201)]
    receipts = [receipt(i) for i in range(95)] + [receipt(201, "UNDELIV")]
    (f,) = month(tmp_path, sends, receipts)
    assert (f.total, f.valid_sends, f.counts["explicit_failure"]) == (102, 100, 5)
    assert (f.counts["invalid_number"], f.counts["excluded"]) == (1, 1)
    assert f.availability == f.availability_best == Fraction(19, 20)
    assert f.to_dict()["availability"] == "0.950000"
    assert dict(f.excluded_by_clause) == {"SLA §4.6": 1}


def test_disputed_and_unclassified_make_the_band(tmp_path):
    sends = [send(i) for i in range(10)]
    receipts = [receipt(i) for i in range(7)] + [receipt(7, "UNKNOWN"), receipt(8, "MK:0001")]
    (f,) = month(tmp_path, sends, receipts, grace=0)  # s9 has no receipt: disputed at once
    assert (f.counts["delivered"], f.counts["disputed"], f.counts["unclassified"]) == (7, 2, 1)
    # UNKNOWN and the missing receipt may have been delivered; the carrier's MK:0001 was not
    assert f.undelivered == 1 and f.to_dict()["undelivered"] == 1
    assert f.availability == Fraction(7, 10) and f.availability_best == 1  # 9 counted at best, 0 failed
    assert dict(f.unclassified_codes) == {"receipt:MK:0001": 1}


def test_sends_certainly_not_delivered_leave_both_counts_at_best(tmp_path):
    """91 delivered, 5 explicit failures, 20 EXPIRED: 91/116 at worst, 91/96 at best, below 95 %
    even at best (an EXPIRED send is at best a handset-side cause, SLA §1.4(2): never delivered)."""
    sends = [send(i) for i in range(111)] + [send(200 + i, "InternalError.Timeout") for i in range(5)]
    receipts = [receipt(i) for i in range(91)] + [receipt(91 + i, "EXPIRED") for i in range(20)]
    (f,) = month(tmp_path, sends, receipts)
    c = f.counts
    assert (f.valid_sends, c["explicit_failure"], c["disputed"], f.undelivered) == (116, 5, 20, 20)
    assert (f.availability, f.availability_best) == (Fraction(91, 116), Fraction(91, 96))
    assert f.to_dict()["availability_best"] == "0.947916"
    (evidence,) = evaluate(tmp_path / "a.duckdb", "acc", MARCH, load_policy()).evidence()
    assert evidence.counts is not None and evidence.counts.undelivered == 20
    s = state(evidence, on=date(2026, 4, 20))
    assert s.best is not None and s.headline is not None
    assert (s.headline.availability, s.best.availability) == (Fraction(91, 116), Fraction(91, 96))
    assert not s.best.meets_target and s.best.tier == 1  # below 95 % even at best


@pytest.mark.parametrize(("code", "best", "undelivered"), [
    ("UNKNOWN", Fraction(20, 21), 0),  # outcome unknown: delivered at best
    (None, Fraction(20, 21), 0),  # no receipt after the grace period: delivered at best
    ("COMFAIL", Fraction(19, 20), 1),  # a carrier connection fault: left out at best (SLA §4.14)
    ("MK:0001", Fraction(19, 20), 1),  # a carrier code the map does not list: left out at best
])
def test_what_may_have_been_delivered_is_delivered_at_best_and_nothing_else(tmp_path, code, best,
                                                                           undelivered):
    sends = [send(i) for i in range(20)] + [send(99, "InternalError.Timeout")]
    receipts = [receipt(i) for i in range(19)] + ([receipt(19, code)] if code else [])
    (f,) = month(tmp_path, sends, receipts, grace=0)
    assert f.availability == Fraction(19, 21) and f.valid_sends == 21
    assert (f.undelivered, f.availability_best) == (undelivered, best)


def test_the_latest_receipt_decides_and_a_tie_takes_the_greatest_code(tmp_path):
    sends = [send(1), send(2)]
    receipts = [receipt(1, "UNKNOWN", T0 + 5), receipt(1, "DELIVRD", T0 + 60),
                receipt(2, "DELIVRD", T0 + 5), receipt(2, "UNKNOWN", T0 + 5)]
    (f,) = month(tmp_path, sends, receipts)
    assert (f.counts["delivered"], f.counts["disputed"]) == (1, 1)


def test_receipts_without_a_send_log_count_on_their_own(tmp_path):
    (f,) = month(tmp_path, [], [receipt(i) for i in range(3)] + [receipt(9, "COMFAIL")])
    assert (f.total, f.counts["delivered"], f.counts["disputed"]) == (4, 3, 1)


@pytest.mark.parametrize(("hours", "pending", "disputed"), [(72, 1, 0), (48, 0, 1), (47, 0, 1)])
def test_a_send_without_receipt_is_pending_until_the_grace_is_over(tmp_path, hours, pending, disputed):
    later = T0 + 48 * 3600  # the newest record archived: 48 hours after the lonely send
    (f,) = month(tmp_path, [send(1), send(2, ts=later)], [receipt(2, ts=later + 5)], grace=hours)
    assert (f.counts["pending"], f.counts["disputed"], f.total) == (pending, disputed, 2)
    assert f.valid_sends == 1 + disputed  # pending is left out until it is known


def test_windows_exclude_failures_sent_in_them_and_the_first_listed_wins(tmp_path):
    sends = [send(i) for i in range(3)]
    sends += [send(3, ts=T0 + 9000), send(10, "InternalError.Timeout", T0 + 7200)]
    receipts = [receipt(0), receipt(1, "UNKNOWN"), receipt(2, "MK:1"), receipt(3, "UNKNOWN", T0 + 9010)]
    def at(seconds: int) -> datetime:
        return datetime.fromtimestamp(seconds, CHINA)

    windows = [Window(at(T0 - 60), at(T0 + 3600), "SLA §4.13", "upgrade", None),
               Window(at(T0 - 600), at(T0 + 8000), "SLA §4.14", "carrier fault", None),
               Window(at(T0), at(T0 + 99999), "SLA §4.12", "other account", frozenset({"other"}))]
    (f,) = month(tmp_path, sends, receipts, windows)
    assert f.counts["delivered"] == 1 and f.counts["excluded"] == 3 and f.counts["disputed"] == 1
    assert dict(f.excluded_by_clause) == {"SLA §4.13": 2, "SLA §4.14": 1}


def _low_threshold(tmp_path, per_day: int):
    path = tmp_path / "p.toml"
    path.write_text(shipped_files("policies")["tencent-sms-2020-09-23"].read_text(encoding="utf-8")
                    .replace("ordinary_per_day = 1_000_000", f"ordinary_per_day = {per_day}"))
    return load_policy(path)


@pytest.mark.parametrize(("per_day", "flagged"), [(10, True), (11, False)])
def test_a_day_at_the_4_10_threshold_has_its_failures_excluded(tmp_path, per_day, flagged):
    sends = [send(i) for i in range(8)] + [send(8, "InternalError.Timeout"), send(9, "InternalError.Timeout")]
    (f,) = month(tmp_path, sends, [receipt(i) for i in range(8)], policy=_low_threshold(tmp_path, per_day))
    assert f.high_volume_days == ([(date(2026, 3, 2), 10, 10, "SLA §4.10", False)] if flagged else [])
    assert f.counts["explicit_failure"] == (0 if flagged else 2)
    assert dict(f.excluded_by_clause) == ({"SLA §4.10": 2} if flagged else {})
    assert f.availability == (1 if flagged else Fraction(8, 10))


@pytest.mark.parametrize(("policy", "excluded"), [
    ("tencent-sms-2020-09-23", False),  # "未提前告知": a declared volume keeps its failures counted
    ("variant-high-volume-always-excluded", True),  # the other reading: declared or not
])
def test_a_declared_high_volume_keeps_its_failures_under_the_sla(tmp_path, policy, excluded):
    path = tmp_path / "p.toml"
    path.write_text(shipped_files("policies")[policy].read_text(encoding="utf-8")
                    .replace("ordinary_per_day = 1_000_000", "ordinary_per_day = 10"), encoding="utf-8")
    sends = [send(i) for i in range(8)] + [send(8, "InternalError.Timeout"), send(9, "InternalError.Timeout")]
    day = date(2026, 3, 2)
    (f,) = month(tmp_path, sends, [receipt(i) for i in range(8)], policy=load_policy(path),
                 declared=[(day, day)])
    assert f.high_volume_days == [(day, 10, 10, load_policy(path).high_concurrency.clause.en, True)]
    assert f.counts["explicit_failure"] == (0 if excluded else 2)
    assert f.to_dict()["high_volume_days"] == [{"day": "2026-03-02", "sends": 10, "threshold": 10,
                                                "clause": f.high_volume_days[0].clause, "declared": True}]


def test_channel_customers_have_their_own_threshold(tmp_path):
    sends = [send(i, "InternalError.Timeout") for i in range(10)]
    (f,) = month(tmp_path, sends, [], policy=_low_threshold(tmp_path, 10), customer="channel")
    assert f.high_volume_days == [] and f.counts["explicit_failure"] == 10 and f.availability == 0


def test_sends_fall_into_service_months_by_china_time(tmp_path):
    late = int(datetime.fromisoformat("2026-03-31T16:30:00+00:00").timestamp())  # 1 April, 00:30 in China
    months = service_months(date(2026, 3, 17), 1)
    march, april = month(tmp_path, [send(1, ts=T0 + 86400 * 20), send(2, ts=late)],
                         [receipt(1, ts=T0 + 86400 * 20 + 5), receipt(2, ts=late + 5)], months=months)
    assert (march.total, april.total) == (1, 1)


CODES = ["Ok", "InternalError.Timeout", "LimitExceeded.X", "FailedOperation.PhoneNumberInBlacklist"]
RECEIPTS = [None, "DELIVRD", "UNDELIV", "REJECTD", "UNKNOWN", "EXPIRED", "MK:9"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(RECEIPTS), st.integers(0, 40 * 86400)),
                min_size=1, max_size=60))
def test_figures_match_a_plain_model_and_the_band_holds(tmp_path_factory, events):
    tmp = tmp_path_factory.mktemp("m")
    sends = [send(i, code, T0 + t) for i, (code, _, t) in enumerate(events)]
    receipts = [receipt(i, r, T0 + t + 3) for i, (code, r, t) in enumerate(events) if code == "Ok" and r]
    months = service_months(date(2026, 3, 1), 2)
    got = month(tmp, sends, receipts, grace=0, months=months)
    expected: list[Counter[str]] = [Counter(), Counter()]
    undelivered = [0, 0]
    for code, r, t in events:
        stage, c = ("receipt", r) if code == "Ok" and r else ("send", code)
        cls = CODEMAP.resolve([(stage, c)])[0][2]
        day = (datetime.fromtimestamp(T0 + t, CHINA)).date()
        expected[day.month - 3][{"submitted": "disputed"}.get(cls, cls)] += 1
        undelivered[day.month - 3] += c in ("EXPIRED", "MK:9")  # certainly not delivered
    for f, want, gone in zip(got, expected, undelivered, strict=True):
        assert +f.counts == +want and f.undelivered == gone
        assert f.valid_sends == f.counts["delivered"] + sum(f.counts[c] for c in FAILURES)
        assert f.total == f.valid_sends + f.counts["invalid_number"] + f.counts["excluded"]
        if f.availability_best is not None:  # None when every valid send is left out at best
            assert f.availability is not None and f.availability_best >= f.availability
        else:
            assert f.valid_sends == f.undelivered
    assert sum(f.total for f in got) == len(events)
