from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from slakit.errors import PolicyError
from slakit.receipts.archive import CHINA
from slakit.receipts.windows import Window, read_windows, segments

HEAD = 'apiVersion = "slakit/v1"\nkind = "ExclusionWindows"\n[metadata]\nname = "w"\n'


def windows_file(tmp_path, *items: str):
    path = tmp_path / "w.toml"
    path.write_text(HEAD + "".join(f"[[spec.windows]]\n{i}\n" for i in items))
    return path


def test_a_windows_file_with_offsets_and_china_time(tmp_path):
    path = windows_file(
        tmp_path,
        'start = 2026-04-08T01:00:00+08:00\nend = 2026-04-08T03:00:00+08:00\n'
        'clause = "SLA §4.13"\nreason = "announced upgrade"',
        'start = 2026-04-07T16:00:00Z\nend = 2026-04-08T02:00:00\nclause = "SLA §4.14"\n'
        'reason = "carrier fault"\naccounts = ["acc"]')
    first, second = read_windows(path)
    assert first.start == datetime(2026, 4, 8, 1, tzinfo=CHINA) and first.accounts is None
    assert second.end == datetime(2026, 4, 8, 2, tzinfo=CHINA) and second.accounts == frozenset({"acc"})
    # overlapping: the first listed wins where both apply; the second's own stretch stays
    got = [(s.end - s.start, s.clause) for s in segments([first, second], "acc")]
    assert got == [(3600, "SLA §4.14"), (7200, "SLA §4.13")]
    assert [s.clause for s in segments([first, second], "other")] == ["SLA §4.13"]


def test_adjacent_stretches_of_one_window_merge():
    t = datetime(2026, 4, 8, tzinfo=CHINA)
    a = Window(t, t + timedelta(hours=4), "SLA §4.13", "a", None)
    b = Window(t + timedelta(hours=1), t + timedelta(hours=2), "SLA §4.13", "b", None)
    assert [(s.start, s.end) for s in segments([a, b], "x")] == [
        (int(t.timestamp()), int(t.timestamp()) + 4 * 3600)]


@pytest.mark.parametrize(("item", "field", "value"), [
    ('start = "tomorrow"\nend = 2026-04-08T03:00:00\nclause = "SLA §4.13"\nreason = "r"',
     "spec.windows[0].start", "'tomorrow'"),
    ('start = 2026-04-08T03:00:00\nend = 2026-04-08T01:00:00\nclause = "SLA §4.13"\nreason = "r"',
     "spec.windows[0].end", "'2026-04-08T01:00:00+08:00'"),
    ('start = 2026-04-08T01:00:00\nend = 2026-04-08T03:00:00\nreason = "r"',
     "spec.windows[0].clause", "None"),
    ('start = 2026-04-08T01:00:00\nend = 2026-04-08T03:00:00\nclause = "SLA §4.13"\nreason = "r"\n'
     'accounts = "acc"', "spec.windows[0].accounts", "'acc'"),
    ('start = 2026-04-08T01:00:00\nend = 2026-04-08T03:00:00\nclause = "SLA §4.13"\nreason = "r"\n'
     'why = 1', "spec.windows[0].why", "1"),
])
def test_a_bad_window_names_file_field_and_value(tmp_path, item, field, value):
    path = windows_file(tmp_path, item)
    with pytest.raises(PolicyError) as caught:
        read_windows(path)
    assert str(caught.value).startswith(f"{path}: field '{field}' = {value}:")
