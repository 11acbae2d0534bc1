from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import InputError, service_months
from slakit.months import term_end

D = date.fromisoformat


@pytest.mark.parametrize(("start", "months", "expected"), [
    # SLA §1.5's own example: three months from 17 March are four service months.
    ("2026-03-17", 3, [("2026-03-17", "2026-03-31"), ("2026-04-01", "2026-04-30"),
                       ("2026-05-01", "2026-05-31"), ("2026-06-01", "2026-06-16")]),
    ("2026-01-01", 1, [("2026-01-01", "2026-01-31")]),
    ("2026-01-31", 1, [("2026-01-31", "2026-01-31"), ("2026-02-01", "2026-02-28")]),
    ("2028-01-31", 1, [("2028-01-31", "2028-01-31"), ("2028-02-01", "2028-02-29")]),
    ("2026-11-15", 2, [("2026-11-15", "2026-11-30"), ("2026-12-01", "2026-12-31"),
                       ("2027-01-01", "2027-01-14")]),
])
def test_natural_service_months(start, months, expected):
    got = service_months(D(start), months)
    assert [(m.start.isoformat(), m.end.isoformat()) for m in got] == expected


def test_partial_flags_follow_the_worked_example():
    got = service_months(D("2026-03-17"), 3)
    assert [m.partial for m in got] == [True, False, False, True]
    assert [m.days for m in got] == [15, 30, 31, 16]


def test_anniversary_months_run_from_the_start_day():
    got = service_months(D("2026-03-17"), 3, "anniversary")
    assert [(str(m.start), str(m.end)) for m in got] == [
        ("2026-03-17", "2026-04-16"), ("2026-04-17", "2026-05-16"), ("2026-05-17", "2026-06-16")]
    assert not any(m.partial for m in got)


@pytest.mark.parametrize(("start", "months"), [("2026-03-17", 0), ("2026-03-17", -2),
                                                ("2026-03-17", True), ("2026-03-17", 1.5)])
def test_bad_terms_are_refused(start, months):
    with pytest.raises(InputError, match="months"):
        service_months(D(start), months)


@given(st.dates(date(2004, 1, 1), date(2090, 12, 31)), st.integers(1, 60),
       st.sampled_from(["natural", "anniversary"]))
def test_service_months_partition_the_term(start, months, rule):
    got = service_months(start, months, rule)
    assert got[0].start == start and got[-1].end == term_end(start, months)
    for before, after in pairwise(got):
        assert after.start == before.end + timedelta(days=1)
    assert sum(m.days for m in got) == (term_end(start, months) - start).days + 1
    if rule == "natural":
        assert all((m.start.year, m.start.month) == (m.end.year, m.end.month) for m in got)
        assert months <= len(got) <= months + 1
    else:
        assert len(got) == months
