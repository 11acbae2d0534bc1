"""The newest request wins: an older one stops at its next progress report and is never shown."""

from __future__ import annotations

import threading

from slakit.errors import InputError
from slakit.ui.background import Latest
from slakit.words import says


def test_a_newer_request_cancels_the_older_one():
    runs = Latest()
    started, release = threading.Event(), threading.Event()
    shown: list[str] = []
    reports_after_release: list[str] = []

    def slow(report):
        report(0.1, "reading")
        started.set()
        release.wait(10)
        reports_after_release.append("old")
        report(0.5, "still reading")  # superseded by now: this raises and ends it
        reports_after_release.append("old went on")
        return "old"

    runs.submit(slow, done=shown.append)
    assert started.wait(10) and runs.busy() and runs.bar.value == 0.1 and runs.note.value == "reading"
    assert runs.view.layout.display == ""  # shown while busy
    first = runs._thread
    def quick(report):
        report(1.0, "done")
        return "new"

    runs.submit(quick, done=shown.append)
    release.set()
    runs.wait(10)
    assert first is not None
    first.join(10)
    assert shown == ["new"] and reports_after_release == ["old"]
    assert not runs.busy() and runs.bar.value == 1.0 and runs.note.value == ""
    assert runs.view.layout.display == "none"  # and hidden once done


def test_a_failure_is_reported_and_a_success_shown():
    runs = Latest()
    failures: list[str] = []

    def bad(report):
        raise InputError("fee", "x", says("error.not_decimal"))

    runs.submit(bad, done=print, failed=lambda e: failures.append(str(e)))
    runs.wait(10)
    assert failures == ["field 'fee' = 'x': is not a decimal amount"]
