"""``slakit outlook`` on an archive: the month so far agrees with ``slakit availability``, the
projection is stated with its interval, and no data never reads as a month on target."""

from __future__ import annotations

import json
from fractions import Fraction

from tests.cli import slakit


def outlook(db, *more: str):
    return slakit("outlook", "--db", str(db), "--account", "acc", "--start", "2026-03-17",
                  "--months", "1", "--draws", "500", *more)


def test_the_month_so_far_is_the_archive_s_own_count(archive_path):
    done = outlook(archive_path, "--on", "2026-04-10", "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert (got["start"], got["end"], got["days_left"]) == ("2026-04-01", "2026-04-16", 6)
    # the same archive, the same classification: availability of 1–10 April as slakit availability
    # counts it for a term ending that day
    counted = slakit("availability", "--db", str(archive_path), "--account", "acc",
                     "--start", "2026-03-17", "--months", "1", "--json")
    april = json.loads(counted.stdout)[1]
    assert got["valid_sends"] <= april["valid_sends"]
    low, high = (Fraction(got["projected"][k]["exact"]) for k in ("low", "high"))
    assert low <= Fraction(got["projected"]["median"]["exact"]) <= high
    assert sum(Fraction(p) for p in got["tier_probability"].values()) == 1
    assert Fraction(got["burn_rate_week"]) > 0 and got["expected_credit"] is None


def test_the_outlook_as_a_person_reads_it(archive_path):
    done = outlook(archive_path, "--on", "2026-04-10", "--fee", "900.00", "--list-price", "0.045",
                   "--lang", "en")
    assert done.returncode == 0, done.stderr
    for words in ("month so far", "failures left before 95%", "burn rate, last 7 days",
                  "projected (90% interval)", "P(tier 2 (<90%: 30%))", "expected credit"):
        assert words in done.stdout


def test_what_cannot_be_projected_is_one_line(archive_path):
    cases = [
        (("--on", "2026-04-16"), "--on"),  # the month's last day: assess it, don't project
        (("--on", "2026-05-20"), "--on"),  # outside the term
        (("--on", "2026-04-10", "--fee", "900"), "list_price"),
        (("--on", "2026-04-1O"), "--on"),  # a typo
    ]
    for extra, field in cases:
        done = outlook(archive_path, *extra)
        assert done.returncode == 2 and field.strip("-") in done.stderr and "Traceback" not in done.stderr
    other = slakit("outlook", "--db", str(archive_path), "--account", "nobody", "--on", "2026-04-10")
    assert other.returncode == 2 and "no records" in other.stderr


def natural(db, *more: str):
    """The natural month holding --on (no term given)."""
    return slakit("outlook", "--db", str(db), "--account", "acc", "--draws", "300", *more)


def test_records_that_end_before_the_day_asked_are_counted_to_their_last_day(archive_path):
    """The sample's records end on 16 April: an outlook of April on the 20th counts to the 16th,
    and says so; the days after are not days without sends."""
    done = natural(archive_path, "--on", "2026-04-20", "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    end = got["records_end"]
    assert end.startswith("2026-04-1") and end < "2026-04-20"
    assert got["counted_to"] == got["on"] == end and got["days_left"] == 30 - int(end[-2:])
    same = json.loads(natural(archive_path, "--on", end, "--json").stdout)
    assert same["valid_sends"] == got["valid_sends"] and same["projected"] == got["projected"]
    statement = got["statement"]
    assert statement["status"] == "in_progress" and statement["on"] == "2026-04-20"
    assert statement["evidence"]["covered"] == ["2026-04-01", end]
    assert statement["evidence"]["month"] == {"start": "2026-04-01", "end": "2026-04-30", "partial": False}
    text = natural(archive_path, "--on", "2026-04-20", "--lang", "en").stdout
    assert f"The records end on {end}: counted to {end}, not to 2026-04-20" in text
    assert f"counted to {end}" in text.splitlines()[1]
    zh = natural(archive_path, "--on", "2026-04-20", "--lang", "zh").stdout
    assert f"记录止于 {end}：统计至 {end}，而非 2026-04-20" in zh
    assert "The records end" not in natural(archive_path, "--on", "2026-04-10", "--lang", "en").stdout


def test_records_that_end_before_the_month_are_an_error(archive_path):
    done = natural(archive_path, "--on", "2026-05-10")
    assert done.returncode == 2 and "has no records from 2026-05-01 to 2026-05-10" in done.stderr
    assert "no data is not a month on target" in done.stderr


def test_the_month_so_far_is_a_statement_with_its_fees(archive_path):
    done = outlook(archive_path, "--on", "2026-04-10", "--fee", "900.00", "--list-price", "0.045", "--json")
    got = json.loads(done.stdout)
    statement = got["statement"]
    assert statement["status"] == "in_progress" and statement["fees"]["fee"] == "900.00"
    counts = statement["evidence"]["counts"]
    assert counts["valid_sends"] == got["valid_sends"]  # the same days, counted alike
    assert counts["explicit"] + counts["disputed"] + counts["unclassified"] == got["failures"]
    assert statement["credit"]["alone"] is True and statement["headline"]["counted"] == got["valid_sends"]


def test_the_daily_counts_follow_the_policy_s_reading_of_exclusions(archive_path):
    """Under the reading that excluded sends count as delivered, they are among each day's sends
    counted: the month so far has them too, and its failures are the same."""
    sla = json.loads(outlook(archive_path, "--on", "2026-04-10", "--json").stdout)
    other = json.loads(outlook(archive_path, "--on", "2026-04-10", "--json",
                               "--policy", "variant-excluded-as-delivered").stdout)
    excluded = sla["statement"]["evidence"]["counts"]["excluded"]
    assert excluded > 0 and other["valid_sends"] == sla["valid_sends"] + excluded
    assert other["failures"] == sla["failures"]
    assert other["statement"]["headline"]["counted"] == other["valid_sends"]
    assert Fraction(other["availability"]["exact"]) > Fraction(sla["availability"]["exact"])


def test_a_lone_month_s_term_cap_is_a_lower_bound_and_the_term_so_far_lifts_it(archive_path):
    """A consumed-fee cap, the whole fee paid by vouchers: alone, SLA §5.1 leaves nothing (a lower
    bound, and the note says so); with 500.00 paid earlier in the term, the credit is owed."""
    money = ("--on", "2026-04-10", "--policy", "variant-consumed-cap", "--fee", "900.00",
             "--list-price", "0.045", "--deductions", "900.00")
    alone = outlook(archive_path, *money, "--json")
    assert alone.returncode == 0, alone.stderr
    got = json.loads(alone.stdout)
    assert got["expected_credit"] == "0.00" and got["expected_credit_lower_bound"] is True
    assert "a lower bound" in outlook(archive_path, *money, "--lang", "en").stdout
    assert "这是下限" in outlook(archive_path, *money, "--lang", "zh").stdout
    before = ("--paid-before", "500.00")
    later = json.loads(outlook(archive_path, *money, *before, "--credited-before", "0", "--json").stdout)
    assert Fraction(later["expected_credit"]) > 0 and later["expected_credit_lower_bound"] is False
    assert later["statement"]["credit"]["alone"] is False
    assert "lower bound" not in outlook(archive_path, *money, *before, "--lang", "en").stdout
    less = json.loads(outlook(archive_path, *money, *before, "--credited-before", "450.00", "--json").stdout)
    assert Fraction(less["expected_credit"]) < Fraction(later["expected_credit"])


def test_the_customer_type_has_its_old_name_too(archive_path):
    new = outlook(archive_path, "--on", "2026-04-10", "--customer-type", "channel", "--json")
    old = outlook(archive_path, "--on", "2026-04-10", "--customer", "channel", "--json")
    assert new.returncode == old.returncode == 0 and new.stdout == old.stdout
