"""A clean slate for each report in a kernel kept warm across customers. This module runs inside
the kernel.

:func:`prepare` imports what every report needs, once, and remembers the kernel's state;
:func:`wipe` brings the kernel back to that state before the next report: a new IPython session
(user namespace, output cache, history and execution count), figures closed, matplotlib's settings,
the warning filters (and which warnings were already shown), the working folder, ``sys.path`` and
the environment as remembered. It returns what it could not undo (names left in the namespace, a
thread still running), and the kernel is then replaced.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Remembered:
    names: frozenset[str]
    threads: frozenset[int]
    cwd: str
    path: list[str]
    environ: dict[str, str]
    settings: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)


_state: _Remembered | None = None


def prepare(shell: Any) -> None:
    """Import what the reports use and remember this kernel's state as the slate to return to."""
    global _state
    import IPython.display  # noqa: F401
    import matplotlib.pyplot  # noqa: F401  (the inline backend, so that figures can be closed)

    from . import render  # noqa: F401  (pandas, matplotlib, slakit)

    shell.reset(new_session=True)
    gc.freeze()  # what is imported stays: each wipe's collection looks at a report's objects only
    _state = _Remembered(frozenset(shell.user_ns), frozenset(t.ident or 0 for t in threading.enumerate()),
                         os.getcwd(), list(sys.path), dict(os.environ))
    _keep_settings(_state)


def _keep_settings(state: _Remembered) -> None:
    """Open the contexts whose exit restores matplotlib's settings and the warning filters."""
    import matplotlib

    state.settings.enter_context(matplotlib.rc_context())
    state.settings.enter_context(warnings.catch_warnings())  # its exit forgets warnings shown


def wipe(shell: Any) -> list[str]:
    """Back to the prepared state; returns what is left behind (empty when the slate is clean)."""
    import matplotlib.pyplot as plt

    if _state is None:
        return ["the kernel was never prepared"]
    shell.reset(new_session=True)
    plt.close("all")
    _state.settings.close()
    _keep_settings(_state)
    os.chdir(_state.cwd)
    sys.path[:] = _state.path
    os.environ.clear()
    os.environ.update(_state.environ)
    left = [f"the name {name!r}" for name in sorted(set(shell.user_ns) - _state.names)]
    left += [f"the thread {t.name!r}" for t in threading.enumerate()
             if t.ident not in _state.threads and t.is_alive()]
    return left
