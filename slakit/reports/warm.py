"""A kernel kept warm across a worker's reports.

Starting a kernel and importing pandas, matplotlib and slakit costs more than most reports. A
:class:`WarmKernel` pays it once: slakit is imported when the kernel starts, and before each report
:mod:`.slate` wipes the kernel back to that state (a new IPython session, figures closed, settings
restored). papermill still injects the parameters and records the run, through an engine that
hands nbclient the running kernel instead of starting one, so the executed notebook is what a
fresh kernel would have produced, timings aside.

A kernel that dies or runs past the timeout is replaced and the report tried once more; a kernel
the wipe cannot bring back (a name left behind, a thread still running) is replaced before the
next report.
"""

from __future__ import annotations

import ast
import logging
import re
import time
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import ReportError
from ..words import says

if TYPE_CHECKING:
    from nbformat import NotebookNode

ENGINE = "slakit-warm"
TIMEOUT = 600  # seconds a report's cell may run before its kernel counts as hung
START_TRIES = 3
# Kernel starts racing for a port (papermill#511) surface as these; they are worth a retry.
TRANSIENT = re.compile(r"Address already in use|Kernel died before replying|did not respond|"
                       r"Kernel didn't respond|ZMQError", re.IGNORECASE)
T = TypeVar("T")
# Reports need no input history: without it, kernels never wait on one another for its database.
NO_HISTORY = "--HistoryManager.enabled=False"
SLATE = "__import__('slakit.reports.slate', fromlist=['slate']).{}(get_ipython())"


class WarmKernel:
    """One kernel that runs report after report, wiped clean before each.

    ``folder`` is the kernel's working folder (the template's, as papermill's ``cwd``);
    ``timeout`` the seconds a cell may run before the kernel counts as hung.
    """

    def __init__(self, name: str, folder: Path, timeout: float | None = None) -> None:
        self.name, self.folder, self.timeout = name, folder, timeout
        self.km: Any = None
        self.kc: Any = None
        self.started = 0  # kernels started so far: 1 while none was replaced

    def run(self, template: Path, parameters: Mapping[str, object]) -> NotebookNode:
        """Execute ``template`` with ``parameters`` on a clean kernel, as papermill would; a
        report's own error raises :class:`papermill.PapermillExecutionError`."""
        import papermill
        from papermill.engines import papermill_engines

        papermill_engines.register(ENGINE, _engine())
        for attempt in (1, 2):
            self._ready()
            try:
                notebook: NotebookNode = papermill.execute_notebook(
                    str(template), None, parameters=parameters, kernel_name=self.name,
                    engine_name=ENGINE, kernel=self, execution_timeout=self.timeout,
                    progress_bar=False, log_output=False)
                return notebook
            except papermill.PapermillExecutionError:
                raise
            except Exception as error:  # the kernel died or hung: replace it, try once more
                self.close()
                if attempt == 2:
                    raise ReportError(says("error.kernel_twice", kind=type(error).__name__,
                                           detail=_first_line(error))) from error
        raise AssertionError("unreachable")

    def _ready(self) -> None:
        """A running kernel with a clean slate: the current one wiped, or a new one."""
        if self.km is not None:
            try:
                left = ast.literal_eval(self._call("wipe"))
            except Exception as error:  # no answer: dead or stuck
                left = [f"no answer ({_first_line(error)})"]
            if not left:
                return
            logging.getLogger(__name__).info("replacing a kernel that kept %s", ", ".join(left))
            self.close()
        self.start()

    def start(self, meanwhile: Callable[[], object] = lambda: None) -> None:
        """Start a new kernel and import slakit in it, calling ``meanwhile`` in this process
        while the kernel imports."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        def start() -> None:
            self.km = AsyncKernelManager(kernel_name=self.name)
            try:
                run_sync(self.km.start_kernel)(cwd=str(self.folder), extra_arguments=[NO_HISTORY])
                self.kc = self.km.client()
                self.kc.start_channels()
                run_sync(self.kc.wait_for_ready)(timeout=60)
                self.kc.allow_stdin = False
                preparing = self._send("prepare")
                meanwhile()
                self._reply(preparing)
            except BaseException:
                self.close()
                raise

        retrying_port_races(start)
        self.started += 1

    def _call(self, function: str) -> str:
        """Call a function of :mod:`.slate` in the kernel; returns the repr of its result."""
        return self._reply(self._send(function))

    def _send(self, function: str) -> str:
        """Ask the kernel to call a function of :mod:`.slate`, leaving no trace (a silent
        execution adds nothing to the history or the execution count); returns the request's id."""
        return str(self.kc.execute("", silent=True, store_history=False,
                                   user_expressions={"result": SLATE.format(function)}))

    def _reply(self, request: str) -> str:
        """What the call ``request`` returned (the repr of its result), waiting up to a minute;
        nbclient passes over the messages of calls that are not its own."""
        from jupyter_core.utils import run_sync

        while True:
            reply = run_sync(self.kc.get_shell_msg)(timeout=60)
            if reply["parent_header"].get("msg_id") == request:
                break
        content = reply["content"]["user_expressions"]["result"]
        if content["status"] != "ok":
            raise ReportError(says("error.python", kind=content.get("ename"), detail=content.get("evalue")))

        return str(content["data"]["text/plain"])

    def close(self) -> None:
        """Shut the kernel down (at once); safe to call again."""
        from jupyter_core.utils import run_sync

        km, kc, self.km, self.kc = self.km, self.kc, None, None
        if kc is not None:
            kc.stop_channels()
        if km is not None:
            try:
                run_sync(km.shutdown_kernel)(now=True)
            except Exception:  # the event loop was interrupted: kill the process instead
                process = getattr(km.provisioner, "process", None)
                if process is not None:
                    process.kill()


def retrying_port_races(start: Callable[[], T], keep: type[BaseException] | None = None) -> T:
    """``start()``, called again after a kernel start that lost a race for a port (papermill#511);
    an error of type ``keep`` is never retried."""
    for attempt in range(1, START_TRIES + 1):
        try:
            return start()
        except Exception as error:
            transient = TRANSIENT.search(f"{type(error).__name__}: {error}")
            if attempt == START_TRIES or not transient or (keep and isinstance(error, keep)):
                raise
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0]


@cache
def _engine() -> type:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine

    class Engine(NBClientEngine):  # type: ignore[misc]
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, *, kernel: WarmKernel,
                                     execution_timeout: float | None = None, **kwargs: Any) -> Any:
            client = PapermillNotebookClient(
                nb_man, km=kernel.km, kernel_name=kernel_name, timeout=execution_timeout,
                log=logging.getLogger("papermill"), log_output=False)
            client.kc = kernel.kc  # nbclient neither starts nor stops a kernel it is handed
            return client.execute()

    return Engine
