from __future__ import annotations

import importlib
import warnings
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from slakit import load_policy
from slakit.format import yuan
from slakit.lab.compare import sample_portfolio
from slakit.lab.outlook import outlook
from slakit.lab.simulate import IncidentModel, simulate
from slakit.plotting import cjk_font
from slakit.ui.policy_lab import outlook_view, policy_lab
from tests.lab.test_compare import scalar
from tests.live_kernel import live_kernel
from tests.notebook_run import execute

pytestmark = pytest.mark.usefixtures("english")  # the English these tests read follows the locale

policy_lab_module = importlib.import_module("slakit.ui.policy_lab")
ROOT = Path(__file__).parents[2]
NOTEBOOK = ROOT / "notebooks" / "explorers" / "policy_lab.ipynb"
SLA, NET, THREE = "tencent-sms-2020-09-23", "variant-net-fee-basis", "variant-three-tiers-99"


def scalar_credit(frame, name: str) -> Decimal:
    """The total credit of ``frame`` under a policy, one scalar assessment per row."""
    return sum((r.credit_amount for r in scalar(frame, load_policy(name))), Decimal(0))


@pytest.fixture(scope="module")
def lab():
    return policy_lab("en")


def test_the_lab_opens_on_the_sample_with_two_policies(lab):
    assert lab.error == "" and lab.controls["policies"].value == (SLA, NET)
    sample = sample_portfolio().frame
    assert [o.credit for o in lab.result.outcomes] == [scalar_credit(sample, SLA),
                                                       scalar_credit(sample, NET)]
    assert "The sample: 45 rows read, 45 assessed, 0 rejected" in lab.outputs["message"].value
    table = lab.outputs["table"].value
    assert "77,368.41" in table and "77368" not in table  # yuan with separators and two places
    assert 'border="1"' not in table and "index_name" not in table  # no grid, one header row
    for name in ("tiers", "distribution", "sensitivity"):
        assert bytes(lab.outputs[name].value).startswith(b"\x89PNG")
    assert lab.monte_carlo.layout.display == "none"
    assert lab.sweep_readout.value == "90% to 99.9%"


def test_the_language_switch_redraws_without_recomputing(lab):
    result, chart = lab.result, bytes(lab.outputs["tiers"].value)
    lab.language.value = "zh"
    try:
        assert lab.result is result and lab.controls["policies"].value == (SLA, NET)
        assert lab.controls["policies"].description == "协议版本"
        assert lab.controls["source"].label == "样例（22 个客户）"
        assert lab.tabs.titles == ("对比", "按档位", "分布", "敏感性", "申请期限")
        assert "样例：读取 45 行，核算 45 行，拒绝 0 行" in lab.outputs["message"].value
        table = lab.outputs["table"].value
        assert "赔偿金额（元）" in table and "22 个中 14 个" in table
        assert bytes(lab.outputs["tiers"].value) != chart and lab.sweep_readout.value == "90% 至 99.9%"
    finally:
        lab.language.value = "en"
    assert lab.controls["policies"].description == "Policies"


def test_a_bad_policy_file_is_named_and_clears_the_results(lab, tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text((ROOT / "slakit" / "policies" / f"{SLA}.toml").read_text(encoding="utf-8")
                   .replace('availability = "0.95"', 'availability = "95%"'), encoding="utf-8")
    lab.controls["policy_file"].value = str(bad)
    lab.wait()
    assert lab.result is None
    assert str(bad) in lab.error and "spec.target.availability" in lab.error and "95%" in lab.error
    assert "spec.target.availability" in lab.outputs["message"].value
    assert lab.outputs["table"].value == "" and bytes(lab.outputs["tiers"].value) == b""
    assert lab.tabs.layout.display == "none"  # no stale result beside the error
    lab.controls["policy_file"].value = ""
    lab.wait()
    assert lab.result is not None and lab.error == ""


def test_a_csv_with_a_bad_row_lists_it_and_assesses_the_rest(lab, tmp_path):
    lines = (ROOT / "data" / "sample" / "account-months.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "months.csv"
    path.write_text("\n".join([lines[0], lines[1], lines[2].replace(",1086091,", ",-5,")]) + "\n",
                    encoding="utf-8")
    lab.controls["source"].value = "csv"
    lab.wait()
    assert lab.error.startswith("⚠ File = '': is empty: name a CSV or Parquet file")
    lab.controls["csv_path"].value = str(path)
    lab.wait()
    assert lab.result.portfolio.rows_read == 2 and len(lab.result.portfolio.frame) == 1
    message = lab.outputs["message"].value
    assert "1 rejected" in message and f"{path}, line 3: field &#x27;valid_sends&#x27;" in message
    lab.controls["source"].value = "sample"
    lab.wait()


def test_claim_windows_compare_the_readings_and_take_official_days(lab, tmp_path):
    lines = (ROOT / "data" / "sample" / "account-months.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "months.csv"
    path.write_text("\n".join([lines[0], "C001,2026-12-01,2026-12-31,1000,10,45.00,0,0.045"]) + "\n",
                    encoding="utf-8")
    lab.controls["source"].value = "csv"  # no path yet: an error, nothing computed
    lab.wait()
    lab.controls["policies"].value = (SLA, "variant-claim-on-fifth-day")
    lab.wait()
    lab.controls["csv_path"].value = str(path)
    lab.wait()
    assert lab.result.claims.loc["2026-12-31"].tolist() == ["2027-01-09 – 2027-03-01 *",
                                                            "2027-01-08 – 2027-03-01 *"]
    assert "errs late" in lab.outputs["claims"].value
    lab.language.value = "zh"
    try:
        assert "偏晚的估计" in lab.outputs["claims"].value and "服务月度结束日" in lab.outputs["claims"].value
    finally:
        lab.language.value = "en"
    calendar = tmp_path / "cn-2027.toml"
    calendar.write_text('apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "x"\n'
                        '[spec."2027"]\nholidays = [2027-01-01, 2027-01-04]\n', encoding="utf-8")
    lab.controls["calendar"].value = str(calendar)
    lab.wait()
    assert lab.result.claims.loc["2026-12-31"].tolist() == ["2027-01-12 – 2027-03-01",
                                                            "2027-01-11 – 2027-03-01"]
    assert "errs late" not in lab.outputs["claims"].value
    lab.controls["calendar"].value = str(tmp_path / "absent.toml")
    lab.wait()
    assert lab.result is None and "absent.toml" in lab.error and lab.outputs["claims"].value == ""
    lab.controls["csv_path"].value = ""
    lab.wait()
    lab.controls["calendar"].value = ""
    lab.wait()
    lab.controls["policies"].value = (SLA, NET)
    lab.wait()
    lab.controls["source"].value = "sample"
    lab.wait()
    assert lab.error == "" and "2026-" in lab.outputs["claims"].value  # the sample's months


def test_charts_render_chinese_without_missing_glyphs():
    assert cjk_font() is not None
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        lab = policy_lab("zh")
        lab.controls["source"].value = "simulated"
        lab.wait()
    assert lab.error == "" and bytes(lab.outputs["distribution"].value).startswith(b"\x89PNG")


def test_the_outlook_reads_one_distribution_per_row():
    one = outlook(simulate(IncidentModel(accounts=1, months=2_000), seed=1), load_policy())
    view = outlook_view(one, "en").value
    assert "Expected credit per month: " + yuan(one.expected_credit, "en") + " yuan" in view
    assert "availability at or below" in view and "credit at or above (yuan)" in view
    assert "monthly payout" not in view  # one account: its monthly payout is its credit
    assert "每月期望赔偿" in outlook_view(one, "zh").value


@pytest.mark.slow
def test_moving_controls_in_a_live_kernel_recomputes_the_result():
    """The widget built in a real kernel; a control changed there; the recorded result read back."""
    sample = sample_portfolio().frame
    with live_kernel() as kernel:
        kernel.run("from slakit.ui.policy_lab import policy_lab\nlab = policy_lab('en')")
        def credits():
            return [Decimal(c) for c in kernel.value("[str(o.credit) for o in lab.result.outcomes]")]

        assert credits() == [scalar_credit(sample, SLA), scalar_credit(sample, NET)]

        kernel.run(f"lab.controls['policies'].value = ({THREE!r},)\nlab.wait()")
        three = scalar_credit(sample, THREE)
        assert credits() == [three]
        table = kernel.value("lab.outputs['table'].value")
        assert yuan(three, "en") in table and "tier 3 (&lt;90%: 50%)" in table
        assert SLA not in table

        kernel.run("lab.controls['source'].value = 'simulated'\nlab.wait()")
        kernel.run("lab.controls['incidents_per_month'].value = 2.0\nlab.wait()")
        settings = kernel.value("{n: lab.controls[n].value for n in "
                                "('accounts', 'months', 'mean_duration_hours', 'seed')}")
        frame = simulate(IncidentModel(accounts=settings["accounts"], months=settings["months"],
                                       mean_duration_hours=settings["mean_duration_hours"],
                                       incidents_per_month=2.0), settings["seed"])
        assert credits() == [scalar_credit(frame, THREE)]
        assert kernel.value("lab.result.portfolio.label") == \
            f"simulated: {settings['accounts']:,} accounts × {settings['months']} months, seed 0"


@pytest.mark.slow
def test_the_notebook_runs_headless_on_the_slakit_kernel(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the kernel's locale picks the language
    notebook = execute(NOTEBOOK)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert all("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    state = notebook.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    shown = [m["state"].get("value", "") for m in state.values() if m["model_name"] == "HTMLModel"]
    assert any("1 month in 1,000" in value and "Expected credit per month" in value for value in shown)
    assert not any(c.get("outputs") for c in nbformat.read(NOTEBOOK, as_version=4).cells
                   if c.cell_type == "code")


def test_a_moved_sweep_draws_the_sensitivity_chart_alone_again(lab, monkeypatch):
    """Saving PNGs is most of a redraw: a chart is drawn again only when what it shows changed."""
    drawn: list[str] = []

    def counted(name: str):
        real = getattr(policy_lab_module, name)

        def draw(*args):
            drawn.append(name)
            return real(*args)
        return draw

    for name in ("tier_chart", "distribution_chart", "sensitivity_chart"):
        monkeypatch.setattr(policy_lab_module, name, counted(name))
    before = {name: bytes(lab.outputs[name].value) for name in ("tiers", "distribution", "sensitivity")}
    lab.controls["sweep"].value = (95.0, 99.0)
    lab.wait()
    try:
        assert drawn == ["sensitivity_chart"]
        after = {name: bytes(lab.outputs[name].value) for name in before}
        assert after["tiers"] == before["tiers"] and after["distribution"] == before["distribution"]
        assert after["sensitivity"] != before["sensitivity"]
        drawn.clear()
        lab.language.value = "zh"  # every chart's words change
        assert sorted(drawn) == ["distribution_chart", "sensitivity_chart", "tier_chart"]
    finally:
        lab.language.value = "en"
        lab.controls["sweep"].value = (90.0, 99.9)
        lab.wait()
    drawn.clear()
    lab.controls["policies"].value = (SLA,)
    lab.wait()
    assert sorted(drawn) == ["distribution_chart", "sensitivity_chart", "tier_chart"]
    lab.controls["policies"].value = (SLA, NET)
    lab.wait()
