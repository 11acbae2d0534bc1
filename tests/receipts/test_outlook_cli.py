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
