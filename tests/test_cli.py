from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import slakit

SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "account-months.csv"


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "slakit"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("slakit ")


def test_months_json_is_the_worked_example():
    done = slakit("months", "2026-03-17", "3", "--json")
    assert done.returncode == 0, done.stderr
    months = json.loads(done.stdout)
    assert [(m["start"], m["end"]) for m in months] == [
        ("2026-03-17", "2026-03-31"), ("2026-04-01", "2026-04-30"),
        ("2026-05-01", "2026-05-31"), ("2026-06-01", "2026-06-16")]
    assert months[-1]["claim_opens_after"] == "2026-07-07"


def test_assess_json_contract():
    done = slakit("assess", "--valid-sends", "100000", "--explicit-failures", "15000",
                  "--fee", "1000.00", "--deductions", "800.00", "--list-price", "0.05", "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    credit = got["credit"]
    assert (got["headline"]["availability"], got["headline"]["meets_target"], credit["credit_rate"],
            credit["credit_amount"], credit["capped"], credit["credit_sms"]) == (
        "17/20", False, "0.30", "200.00", True, 4000)
    assert [b["remaining"] for b in credit["error_budget"]] == [0, 0]
    assert got["status"] == "owed" and got["window"] is None  # no month given: no window to place it
    assert "SLA §3.1" in got["explanation"]


def test_assess_states_a_month_with_its_window_and_status():
    done = slakit("assess", "--valid-sends", "100000", "--explicit-failures", "15000", "--fee", "1000.00",
                  "--list-price", "0.05", "--month", "2026-09-01", "--on", "2026-10-20", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "owed, claim open: 41 days left (until 2026-11-29)" in done.stdout
    assert "claim window   2026-10-14 – 2026-11-29" in done.stdout
    got = json.loads(slakit("assess", "--valid-sends", "100000", "--explicit-failures", "15000", "--fee",
                            "1000.00", "--list-price", "0.05", "--month", "2026-09-01/2026-09-16",
                            "--on", "2026-12-20", "--json").stdout)
    assert got["status"] == "forfeited" and got["evidence"]["month"]["partial"] is True


def test_assess_holds_a_lone_month_to_its_own_fees_under_sla_5_1():
    """85 % on a consumed fee of 1,000.00 paid with vouchers, capped at the consumed fee: alone it
    is a term of its own and nothing was paid; with 500.00 paid earlier in the term, 300.00."""
    lone = ["assess", "--valid-sends", "100000", "--explicit-failures", "15000", "--fee", "1000.00",
            "--deductions", "1000.00", "--list-price", "0.05", "--policy", "variant-consumed-cap"]
    got = json.loads(slakit(*lone, "--json", "--lang", "en").stdout)
    assert (got["credit"]["credit_amount"], got["credit"]["credit_sms"], got["status"]) == (
        "0.00", 0, "not_owed")
    assert "assessed alone, is a term of its own" in got["explanation"]
    later = json.loads(slakit(*lone, "--paid-before", "500.00", "--json").stdout)
    assert (later["credit"]["credit_amount"], later["credit"]["credit_sms"]) == ("300.0000", 6000)


def test_assess_with_no_volume_has_null_availability():
    got = json.loads(slakit("assess", "--valid-sends", "0", "--explicit-failures", "0", "--fee", "0",
                            "--list-price", "0.045", "--json").stdout)
    assert got["headline"]["availability"] is None and got["headline"]["meets_target"] is True
    assert got["credit"]["credit_sms"] == 0 and got["status"] == "met"


def test_assess_table_and_policy_by_name():
    done = slakit("assess", "--valid-sends", "100000", "--explicit-failures", "6000", "--fee",
                  "1000.00", "--list-price", "0.05", "--policy", "variant-three-tiers-99", "--lang", "en")
    assert done.returncode == 0 and "credit in SMS  5,000" in done.stdout
    assert re.search(r"boundary +max failures +failures left +status\n", done.stdout)


@pytest.mark.parametrize(("locale", "words"), [
    ({"LANG": "zh_CN.UTF-8"}, "赔偿短信条数"), ({"LANG": "en_US.UTF-8"}, "credit in SMS"),
    ({"LANG": "C.UTF-8"}, "赔偿短信条数"),  # no language of slakit's: the SLA's own
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "credit in SMS"),
])
def test_assess_speaks_the_locale_language_by_default(monkeypatch, locale, words):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in locale.items():
        monkeypatch.setenv(variable, value)
    done = slakit("assess", "--valid-sends", "100000", "--explicit-failures", "6000", "--fee",
                  "1000.00", "--list-price", "0.05", lang=None)
    assert done.returncode == 0 and words in done.stdout


def test_claim_window_json_with_on():
    got = json.loads(slakit("claim-window", "2026-09-30", "--on", "2026-10-13", "--json").stdout)
    assert (got["opens_after"], got["deadline"], got["provisional"], got["can_claim"]) == (
        "2026-10-13", "2026-11-29", False, False)


def test_assess_speaks_chinese_on_request():
    done = slakit("assess", "--valid-sends", "100000", "--explicit-failures", "15000", "--fee", "1000.00",
                  "--deductions", "800.00", "--list-price", "0.05", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert "赔偿短信条数    4,000" in done.stdout and "200.00（触及上限）" in done.stdout
    assert "第 2 档：低于 90% → 实际消耗的服务费用的 30%" in done.stdout
    explanation = done.stdout.strip().splitlines()[-1]
    assert not re.search(r"[A-Za-z]", explanation.replace("SLA", ""))
    assert json.loads(slakit("assess", "--valid-sends", "100", "--explicit-failures", "20", "--fee", "10.00",
                             "--list-price", "0.05", "--lang", "zh", "--json").stdout
                      )["explanation"].startswith("服务可用性")


def test_assess_takes_excluded_sends_and_the_fee_paid():
    got = json.loads(slakit("assess", "--valid-sends", "1000", "--explicit-failures", "51", "--excluded",
                            "20", "--fee", "45.00", "--list-price", "0.045", "--json",
                            "--policy", "variant-excluded-as-delivered").stdout)
    assert (got["headline"]["availability"], got["headline"]["meets_target"],
            got["evidence"]["counts"]["excluded"]) == ("19/20", True, 20)
    got = json.loads(slakit("assess", "--valid-sends", "100000", "--explicit-failures", "15000", "--fee",
                            "1000.00", "--paid", "100.00", "--list-price", "0.05", "--json").stdout)
    assert (got["credit"]["net_paid"], got["credit"]["cap"], got["credit"]["credit_amount"],
            got["credit"]["credit_sms"]) == ("100.00", "100.00", "100.00", 2000)
    refused = slakit("assess", "--valid-sends", "100", "--explicit-failures", "0", "--fee", "1000",
                     "--paid", "5000", "--list-price", "0.05")
    assert refused.returncode == 2 and "'paid' = '5000': exceeds the fee net of deductions" in refused.stderr


def test_billed_with_nothing_submitted_is_outside_the_tolerance():
    done = slakit("billing", "--billed", "100", "--submitted", "0")
    assert done.returncode == 0 and "no SMS successfully submitted, OUTSIDE the 5% tolerance" in done.stdout
    got = json.loads(slakit("billing", "--billed", "100", "--submitted", "0", "--json").stdout)
    assert got["discrepancy"] is None and got["within_tolerance"] is False


def test_a_provisional_claim_date_is_marked_with_the_way_to_end_it(tmp_path):
    done = slakit("months", "2026-12-01", "1")
    assert "2027-01-09 *" in done.stdout and "pass --calendar FILE" in done.stdout
    calendar = tmp_path / "cn-2027.toml"
    calendar.write_text('apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "x"\n'
                        '[spec."2027"]\nholidays = [2027-01-01, 2027-01-04]\n', encoding="utf-8")
    done = slakit("months", "2026-12-01", "1", "--calendar", str(calendar))
    assert "2027-01-12 " in done.stdout and "*" not in done.stdout
    got = json.loads(slakit("claim-window", "2026-12-31", "--json").stdout)
    assert (got["opens_after"], got["first_day"], got["provisional"]) == ("2027-01-08", "2027-01-09", True)


def test_claim_window_under_the_inclusive_reading():
    done = slakit("claim-window", "2026-09-30", "--policy", "variant-claim-on-fifth-day",
                  "--on", "2026-10-13")
    assert done.returncode == 0
    assert "first day to claim  2026-10-13 (working day 5 of the next month itself)" in done.stdout
    assert "on 2026-10-13       open, 48 days left" in done.stdout


def test_policies_lists_the_shipped_ones():
    done = slakit("policies")
    for name in ("tencent-sms-2020-09-23", "variant-net-fee-basis", "variant-three-tiers-99"):
        assert name in done.stdout
    assert "excluded sends: delivered" in done.stdout and "the SLA's defaults:" in done.stdout


def test_portfolio_compares_policies_on_the_sample():
    done = slakit("portfolio", str(SAMPLE), "--policy", "tencent-sms-2020-09-23",
                  "--policy", "variant-net-fee-basis", "--json")
    assert done.returncode == 0, done.stderr
    sla, variant = json.loads(done.stdout)
    assert sla["rows_read"] == sla["assessed"] and sla["rejected"] == 0
    assert sla["capped"] > variant["capped"]
    assert sla["credit_amount"] != variant["credit_amount"]


@pytest.mark.parametrize(("args", "message"), [
    (["assess", "--valid-sends", "-1", "--explicit-failures", "0", "--fee", "1", "--list-price", "1"],
     "field 'valid_sends' = -1: must not be negative"),
    (["assess", "--valid-sends", "10", "--explicit-failures", "11", "--fee", "1", "--list-price", "1"],
     "field 'explicit_failures' = 11: exceeds valid_sends"),
    (["assess", "--valid-sends", "10", "--explicit-failures", "1", "--fee", "1,0.0", "--list-price", "1"],
     "field 'fee' = '1,0.0': has misplaced thousands separators"),
    (["claim-window", "2026-02-30"], "field 'SERVICE_MONTH_END' = '2026-02-30': is not a valid date"),
    (["months", "2026-03-17", "0"], "field 'months' = 0"),
    (["assess", "--valid-sends", "1", "--explicit-failures", "0", "--fee", "1", "--list-price", "1",
      "--policy", "missing.toml"], "missing.toml: cannot be read"),
])
def test_errors_are_one_line_exit_2_no_traceback(args, message):
    done = slakit(*args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""


def test_rejected_portfolio_rows_are_shown_and_exit_2(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(SAMPLE.read_text().replace("4500.00", "45x", 1))
    done = slakit("portfolio", str(path), "--json")
    assert done.returncode == 2
    assert f"rejected: {path}, line 5: field 'fee' = '45x'" in done.stderr
    summary = json.loads(done.stdout)[0]
    assert summary["rows_read"] == summary["assessed"] + summary["rejected"] and summary["rejected"] == 1


def commands() -> list[str]:
    listed = slakit("--help").stdout
    return sorted(set(re.findall(r"^    ([a-z-]+)\s", listed, re.M)))


def test_help_lists_every_command():
    done = slakit("--help")
    assert done.returncode == 0 and not done.stderr
    assert set(commands()) >= {"months", "assess", "claim-window", "policies", "billing", "portfolio",
                               "app", "notebooks", "kernel", "report", "simulate", "ingest",
                               "availability", "synth"}
    assert "5 % tolerance" in done.stdout


@pytest.mark.parametrize("command", commands())
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help(command, flag):
    done = slakit(command, flag)
    assert done.returncode == 0 and not done.stderr and done.stdout.startswith(f"usage: slakit {command}")


def test_a_fault_of_slakit_s_own_has_an_exit_code_of_its_own(monkeypatch, capsys):
    """Exit code 70 (sysexits' EX_SOFTWARE), one line, never 1 ("some items failed") nor 2."""
    from slakit.cli import main, sla
    from slakit.cli.common import EXIT_INTERNAL

    def broken(*_: object, **__: object) -> None:
        raise ZeroDivisionError("a fault planted by the test")

    monkeypatch.setattr(sla, "service_months", broken)
    monkeypatch.delenv("SLAKIT_DEBUG", raising=False)
    assert main(["months", "2026-03-17", "3", "--lang", "en"]) == EXIT_INTERNAL == 70
    err = capsys.readouterr().err
    assert err.startswith("slakit: internal error, not a problem with your input (ZeroDivisionError: "
                          "a fault planted by the test)") and len(err.strip().splitlines()) == 1
    assert main(["months", "2026-03-17", "3", "--lang", "zh"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("slakit: 内部错误，并非输入有误（ZeroDivisionError：") and "SLAKIT_DEBUG=1" in err
    monkeypatch.setenv("SLAKIT_DEBUG", "1")
    assert main(["months", "2026-03-17", "3"]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_the_readme_documents_every_exit_code():
    from slakit.cli import common

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    codes = {value for name, value in vars(common).items() if name.startswith("EXIT_")} - {141}
    assert all(re.search(rf"\b{code} ", readme) for code in codes), codes
