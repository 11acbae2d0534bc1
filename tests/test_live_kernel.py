from __future__ import annotations

from pathlib import Path

import pytest

from tests.live_kernel import live_kernel

pytestmark = pytest.mark.slow


def test_a_live_kernel_runs_this_environments_slakit():
    import sys

    with live_kernel() as kernel:
        ran = kernel.value("__import__('sys').executable")
        assert Path(ran).resolve() == Path(sys.executable).resolve()
        kernel.run("import slakit")
        assert kernel.value("slakit.assess(100, 6, fee='10.00', list_price='0.05').credit_sms") == 20
