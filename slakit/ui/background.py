"""Work off the kernel's main thread, so that a widget keeps answering while a large portfolio
computes: the newest request runs, an older one still running stops at its next progress report,
and a progress bar says how far it got.

>>> def work(report):
...     report(0.5, "half way")
...     return 42
>>> runs, shown = Latest(), []
>>> runs.submit(work, done=shown.append)
>>> runs.wait()
>>> shown, runs.bar.value, runs.note.value, runs.view.layout.display
([42], 1.0, '', 'none')
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as widgets

from ..errors import SlakitError

T = TypeVar("T")
Report = Callable[[float, str], None]  # the share done (0–1) and what is under way


class Cancelled(Exception):
    """Raised in a superseded request at its next progress report, to end it."""


class Latest:
    """Runs one request at a time in a worker thread; a newer request supersedes the one running.

    ``work(report)`` runs in the worker and must call ``report`` now and then; ``done(result)`` or
    ``failed(error)`` (a :class:`SlakitError`) follow, only if no newer request came meanwhile.
    """

    def __init__(self) -> None:
        self.bar = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, layout={"width": "30em"})
        self.note = widgets.HTML()
        self.view = widgets.HBox([self.bar, self.note], layout={"display": "none"})  # shown while busy
        self._shown = threading.Lock()  # one result shown at a time
        self._latest = 0  # changed by the widget's thread alone
        self._thread: threading.Thread | None = None

    def submit(self, work: Callable[[Report], T], done: Callable[[T], Any],
               failed: Callable[[SlakitError], Any] | None = None) -> None:
        """Start ``work``; whatever runs already stops at its next report. Never blocks."""
        self._latest += 1
        mine = self._latest

        def current() -> bool:
            return mine == self._latest

        def report(share: float, what: str) -> None:
            if not current():
                raise Cancelled
            self.bar.value, self.note.value = min(max(share, 0.0), 1.0), what

        def run() -> None:
            try:
                result = work(report)
            except Cancelled:
                return
            except SlakitError as error:
                with self._shown:
                    if current():
                        self._finish()
                        if failed:
                            failed(error)
                return
            with self._shown:
                if current():
                    self._finish()
                    done(result)

        self.bar.value, self.note.value = 0.0, "…"
        self.view.layout.display = ""
        self._thread = threading.Thread(target=run, name="slakit-lab", daemon=True)
        self._thread.start()

    def _finish(self) -> None:
        self.bar.value, self.note.value = 1.0, ""
        self.view.layout.display = "none"

    def busy(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Until the latest request has finished (for scripts and tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
