"""The explorer's in-progress view: a month still under way, from a small archive that ``slakit
synth`` wrote and ``slakit ingest`` stored, shows what ``slakit outlook`` shows, in zh and en."""

from __future__ import annotations

import json
from datetime import date, datetime
from fractions import Fraction

import pytest

from slakit.months import ServiceMonth
from slakit.receipts.archive import CHINA, ingest
from slakit.receipts.synth import synth
from slakit.ui.explorer import Explorer
from slakit.ui.in_progress import ARCHIVE, TYPED
from tests.cli import slakit

START = date(2026, 3, 17)
INCIDENT = (datetime(2026, 4, 8, 9, tzinfo=CHINA), datetime(2026, 4, 8, 21, tzinfo=CHINA))
APRIL = ServiceMonth(date(2026, 4, 1), date(2026, 4, 16), partial=True)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    files = synth(folder, "acc", START, 1, 80, seed=3, incidents=[INCIDENT])
    path = folder / "archive.duckdb"
    assert all(r.rejected == 0 and r.problem is None for r in ingest(path, "acc", files))
    return path


def in_progress(archive, lang="en") -> Explorer:
    ex = Explorer(start=START, lang=lang)
    ex.controls["months"].value = 1
    ex.controls["fee"].value = "900.00"
    ex.view.value = "progress"
    c = ex.controls
    c["archive"].value, c["account"].value, c["counted_to"].value = str(archive), "acc", date(2026, 4, 10)
    return ex


def test_the_archive_s_month_in_progress_is_what_slakit_outlook_shows(archive):
    ex = in_progress(archive)
    assert ex.error == "" and ex.scenario is None
    p = ex.projection
    assert p is not None and (p.month, p.on, p.days_left) == (APRIL, date(2026, 4, 10), 6)
    cli = slakit("outlook", "--db", str(archive), "--account", "acc", "--on", "2026-04-10",
                 "--start", "2026-03-17", "--months", "1", "--fee", "900.00", "--list-price", "0.045",
                 "--json")
    assert cli.returncode == 0, cli.stderr
    shown = json.loads(cli.stdout)
    archive_only = ("account", "code_map", "pending", "counted_to", "records_end", "statement")
    assert {k: v for k, v in shown.items() if k not in archive_only} == p.to_dict()
    assert shown["counted_to"] == "2026-04-10" and shown["statement"]["status"] == "in_progress"
    # the same table as the command prints, row for row
    printed = slakit("outlook", "--db", str(archive), "--account", "acc", "--on", "2026-04-10",
                     "--start", "2026-03-17", "--months", "1", "--fee", "900.00", "--list-price", "0.045",
                     "--lang", "zh").stdout
    ex.language.value = "zh"
    for label, value in p.table("zh").itertuples(index=False):
        assert label in printed and value in printed
        assert label in ex.progress.value and value in ex.progress.value
    assert "本月至今" in ex.progress.value and "预计月末（90% 区间）" in ex.progress.value
    assert ex.controls["counted_to"].description == "统计截至"
    assert ex.figures.layout.display == "none" and ex.progress.layout.display == ""


def test_only_the_inputs_a_view_uses_are_shown(archive):
    ex = in_progress(archive)
    shown = {name for name, control in ex.controls.items() if control.layout.display != "none"}
    assert {*ARCHIVE, "progress_source", "start", "months", "fee"} <= shown
    assert not shown & {*TYPED, "valid_sends", "explicit_failures", "on", "calendar", "month"}
    assert ex.headings["sends"].layout.display == "none"
    ex.controls["progress_source"].value = "typed"
    shown = {name for name, control in ex.controls.items() if control.layout.display != "none"}
    assert {*TYPED, "month"} <= shown and not shown & set(ARCHIVE)
    assert ex.controls["month"].description == "Month in progress"
    ex.view.value = "month"
    shown = {name for name, control in ex.controls.items() if control.layout.display != "none"}
    assert {"valid_sends", "explicit_failures", "on"} <= shown and not shown & {*ARCHIVE, *TYPED}
    assert ex.projection is None and ex.scenario is not None and ex.progress.layout.display == "none"
    assert ex.controls["month"].description == "Assessed month"


def test_records_that_end_before_the_day_counted_to_are_said_to(archive):
    """The archive's records end on 16 April: in a two-month term (April whole), counting to the
    20th counts to the 16th, and the view says so in both languages."""
    ex = in_progress(archive)
    ex.controls["months"].value = 2
    ex.controls["counted_to"].value = date(2026, 4, 20)
    p = ex.projection
    assert ex.error == "" and p is not None and p.on < date(2026, 4, 20)
    end = p.on.isoformat()
    assert f"The records end on {end}: counted to {end}, not to 2026-04-20" in ex.progress.value
    ex.language.value = "zh"
    assert f"记录止于 {end}：统计至 {end}，而非 2026-04-20" in ex.progress.value
    ex.controls["counted_to"].value = date(2026, 4, 10)
    assert "记录止于" not in ex.progress.value


def test_the_month_so_far_typed_in(archive):
    ex = in_progress(archive)
    ex.controls["progress_source"].value = "typed"
    ex.controls["month"].value = 1  # April, 1–16
    c = ex.controls
    c["days_so_far"].value, c["valid_so_far"].value, c["failures_so_far"].value = 10, 2_761, 256
    p = ex.projection
    assert p is not None and (p.month, p.on) == (APRIL, date(2026, 4, 10))
    assert (p.valid_sends, p.failures, p.availability) == (2_761, 256, Fraction(2_505, 2_761))
    assert p.expected_credit is not None and "expected credit" in ex.progress.value
    assert "taken as alike" in ex.progress.value  # the interval's caveat, said where it is shown


@pytest.mark.parametrize(("control", "value", "en", "zh"), [
    ("archive", "", "Archive (DuckDB): is empty", "归档库（DuckDB）：未填写"),
    ("archive", "/nowhere/a.duckdb", "Archive (DuckDB) = '/nowhere/a.duckdb': no such archive",
     "归档库不存在"),
    ("account", "acd", "Account = 'acd': has no records", "账号 = 'acd'："),
    ("counted_to", date(2026, 4, 16), "Counted to = '2026-04-16': must fall inside",
     "统计截至 = '2026-04-16'"),
    ("counted_to", date(2026, 5, 20), "Counted to = '2026-05-20': is not in the term",
     "不在服务期限 2026-03-17 至 2026-04-16 内"),
    ("fee", "9.001", "Consumed fee (yuan) = '9.001': has more than 2 decimal places", "小数位超过 2 位"),
])
def test_bad_input_clears_the_projection_and_names_the_field(archive, control, value, en, zh):
    ex = in_progress(archive)
    assert "slakit-progress" in ex.progress.value
    ex.controls[control].value = value
    for lang, words in (("en", en), ("zh", zh)):
        ex.language.value = lang
        assert words in ex.error, ex.error
        assert ex.projection is None and ex.progress.value == "" and ex.progress.layout.display == "none"


def test_typed_totals_that_cannot_be_projected(archive):
    ex = in_progress(archive)
    ex.controls["progress_source"].value = "typed"
    ex.controls["days_so_far"].value = 15  # the first service month has 15 days: it is over
    assert ex.error.startswith("⚠ Days elapsed = 15: must be from 1 to 14")
    ex.controls["days_so_far"].value = 1  # one day teaches no spread
    assert "Days elapsed = 1" in ex.error and "at least 2" in ex.error
    ex.controls["days_so_far"].value = 5
    ex.controls["failures_so_far"].value = 50_000
    assert "Failures so far = 50000: must be between 0 and the valid sends (40000)" in ex.error
    ex.language.value = "zh"
    assert "至今失败数 = 50000：须在 0 与有效发送数（40000）之间" in ex.error
