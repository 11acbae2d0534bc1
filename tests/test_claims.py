from __future__ import annotations

from datetime import date, timedelta

import pytest

from slakit import ConfigError, WorkCalendar, claim_window, load_policy, read_overrides

D = date.fromisoformat


@pytest.mark.parametrize(("month_end", "opens_after", "deadline"), [
    ("2026-03-31", "2026-04-08", "2026-05-30"),  # SLA §3.2(2): 31 March → 30 May; Qingming 4–6 Apr
    ("2026-06-16", "2026-07-07", "2026-08-15"),  # a partial last month: 5th working day of July
    ("2026-09-30", "2026-10-13", "2026-11-29"),  # 1–7 Oct off, Saturday 10 Oct is worked
    ("2025-12-31", "2026-01-08", "2026-03-01"),  # Sunday 4 Jan 2026 is a make-up working day
    ("2026-04-30", "2026-05-11", "2026-06-29"),  # 1–5 May off, Saturday 9 May is worked
    ("2026-01-31", "2026-02-06", "2026-04-01"),
])
def test_claim_windows_follow_the_official_calendar(month_end, opens_after, deadline):
    window = claim_window(D(month_end))
    assert (window.opens_after, window.deadline) == (D(opens_after), D(deadline))
    assert not window.provisional


@pytest.mark.parametrize(("day", "working"), [
    ("2026-10-10", True), ("2026-10-05", False), ("2026-10-11", False), ("2026-01-04", True),
    ("2026-02-14", True), ("2026-02-16", False), ("2026-05-09", True), ("2026-10-09", True),
])
def test_make_up_working_days_of_2026(day, working):
    assert WorkCalendar().is_working_day(D(day)) is working


def test_plain_weekdays_would_give_another_answer():
    assert WorkCalendar("weekdays").nth_working_day(2026, 10, 5).day == date(2026, 10, 7)


def test_status_across_the_window():
    window = claim_window(D("2026-09-30"))
    assert [window.status(D(d)) for d in ("2026-10-13", "2026-10-14", "2026-11-29", "2026-11-30")] == [
        "not yet open", "open", "open", "expired"]
    assert window.can_claim(D("2026-11-29")) and not window.can_claim(D("2026-10-13"))
    assert window.days_left(D("2026-11-29")) == 1 and window.days_left(D("2026-12-25")) == 0


def test_an_unpublished_year_is_provisional_never_silent():
    window = claim_window(D("2026-12-31"))
    assert window.provisional
    assert window.opens_after == D("2027-01-08")  # 1 January off (plain weekdays said the 7th)


@pytest.mark.parametrize(("name", "first_day"), [
    ("tencent-sms-2020-09-23", "2026-10-14"),  # "第五个工作日后": the day after (default reading)
    ("variant-claim-on-fifth-day", "2026-10-13"),  # the other reading: the 5th working day itself
])
def test_the_first_claim_day_under_each_reading(name, first_day):
    window = claim_window(D("2026-09-30"), load_policy(name))
    assert window.opens_after == D("2026-10-13") and window.first_day == D(first_day)
    assert window.status(D(first_day)) == "open"
    assert window.status(D(first_day) - timedelta(days=1)) == "not yet open"
    assert window.to_dict()["first_day"] == first_day


ENVELOPE = 'apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "cn-2027"\n'


def test_an_override_file_supplies_official_days(tmp_path):
    path = tmp_path / "cn-2027.toml"
    path.write_text(ENVELOPE + '[spec."2027"]\nholidays = [2027-01-01]\nworkdays = ["2027-01-09"]\n')
    window = claim_window(D("2026-12-31"), load_policy(), read_overrides(path))
    assert not window.provisional
    # Jan 2027: 1 off; 4, 5, 6, 7 worked, Saturday 9 worked → 5th working day is 8 Jan.
    assert window.opens_after == D("2027-01-08")


@pytest.mark.parametrize(("text", "field", "value"), [
    (ENVELOPE + '[spec."2027"]\nholidays = ["2027-13-01"]\n', "spec.2027.holidays", "2027-13-01"),
    (ENVELOPE + '[spec."2027"]\nholidays = ["2028-01-01"]\n', "spec.2027.holidays", "2028-01-01"),
    (ENVELOPE + '[spec."2027"]\nholidays = "2027-01-01"\n', "spec.2027.holidays", "2027-01-01"),
    (ENVELOPE + '[spec."2027"]\nholiday = ["2027-01-01"]\n', "spec.2027.holiday", ["2027-01-01"]),
    (ENVELOPE + '[spec.next]\nholidays = []\n', "spec.next", {"holidays": []}),
    (ENVELOPE.replace("WorkingDays", "SlaPolicy") + '[spec."2027"]\n', "kind", "SlaPolicy"),
    (ENVELOPE.replace('name = "cn-2027"', "") + '[spec."2027"]\n', "metadata.name", None),
])
def test_a_bad_override_file_names_the_field(tmp_path, text, field, value):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        read_overrides(path)
    assert (caught.value.field, caught.value.value) == (field, value)
    assert caught.value.source == str(path)


def test_an_old_layout_calendar_is_told_how_to_convert(tmp_path):
    path = tmp_path / "old.toml"
    path.write_text('["2027"]\nholidays = ["2027-01-01"]\n')
    with pytest.raises(ConfigError, match=r'rename each \["2027"\] table to \[spec."2027"\]'):
        read_overrides(path)
