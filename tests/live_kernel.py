"""A real Jupyter kernel for tests that drive widgets the way a browser would: build the widget in
the kernel, change a value there, and read back what its callbacks displayed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jupyter_client.manager import start_new_kernel

from slakit.reports.kernel import ensure_kernel


class LiveKernel:
    def __init__(self, client: Any) -> None:
        self.client = client

    def run(self, code: str, timeout: float = 60) -> list[dict[str, Any]]:
        """Execute ``code``; return its outputs (stream, display_data, execute_result); raise on error."""
        outputs: list[dict[str, Any]] = []

        def keep(message: dict[str, Any]) -> None:
            kind = message["header"]["msg_type"]
            if kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append({"type": kind, **message["content"]})

        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=keep)
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise AssertionError(f"{content.get('ename')}: {content.get('evalue')}\n{code}")
        return outputs

    def value(self, expression: str) -> Any:
        """The value of a JSON-serialisable expression evaluated in the kernel."""
        outputs = self.run(f"import json as _json; print(_json.dumps({expression}, default=str))")
        text = "".join(o.get("text", "") for o in outputs if o["type"] == "stream")
        return json.loads(text)


@contextmanager
def live_kernel() -> Iterator[LiveKernel]:
    manager, client = start_new_kernel(kernel_name=ensure_kernel())
    try:
        yield LiveKernel(client)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
