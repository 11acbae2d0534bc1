from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from slakit import Policy, PolicyError, SlakitError, list_policies, load_policy, read_policy
from slakit.config import shipped_files
from slakit.i18n import Bilingual

SHIPPED = Path(shipped_files("policies")["tencent-sms-2020-09-23"])


def test_the_sla_reads_as_written(sla):
    assert sla.id == "tencent-sms-2020-09-23@2020-09-23"
    assert str(sla.target.availability) == "19/20" and sla.target.boundary == "at_least"
    assert [(str(t.below), str(t.credit_rate)) for t in sla.compensation.tiers] == [
        ("19/20", "0.10"), ("9/10", "0.30")]
    assert (sla.compensation.fee_basis, sla.compensation.cap_basis,
            sla.compensation.sms_rounding) == ("consumed", "net_paid", "down")
    assert sla.service_months.rule == "natural"
    rule = sla.claim_window
    assert (rule.opens_after_working_day, rule.deadline_days, rule.calendar) == (5, 60, "cn-mainland")
    assert (sla.high_concurrency.ordinary_per_day, sla.high_concurrency.channel_per_day) == (
        1_000_000, 100_000_000)
    assert str(sla.billing.tolerance) == "1/20"
    # the default readings of what the SLA leaves open (shared SLA notes)
    assert (sla.exclusions.excluded_sends, sla.liability.term_cap, rule.first_day,
            sla.high_concurrency.applies_to) == ("removed", "fees_paid", "after", "undeclared")
    comp = sla.compensation
    assert (comp.fee_clause.en, comp.cap_clause.en, comp.sms_clause.en, sla.liability.clause.en) == (
        "SLA §1.6", "SLA §3.1(2)", "SLA §3.1(1)", "SLA §5.1")


def clauses(policy: Policy) -> list[Bilingual]:
    """Every clause label of a policy: each table's, each tier's, the compensation's own."""
    found = []
    for section in [*(getattr(policy, f.name) for f in dataclasses.fields(policy)),
                    *policy.compensation.tiers]:
        if dataclasses.is_dataclass(section):
            found += [v for v in vars(section).values() if isinstance(v, Bilingual)]
    return found


@pytest.mark.parametrize("policy", list_policies(), ids=lambda p: p.name)
def test_every_rule_cites_its_clause_in_both_languages(policy):
    labels = clauses(policy)
    assert len(labels) == 11 + len(policy.compensation.tiers)
    for label in labels:
        assert re.match(r"(SLA §\d|Agreement: )", label.en), label
        assert re.match(r"(SLA §\d|《腾讯云短信服务协议》)", label.zh), label
        assert not re.search(r"[A-Za-z]", label.zh.replace("SLA", "")), f"English in {label.zh!r}"


@pytest.mark.parametrize("point", ["service months", "fee basis", "monthly cap", "excluded sends",
                                   "first claim day", "§4.10 applies to"])
def test_a_shipped_variant_takes_the_other_reading_of_each_point_alone(sla, point):
    defaults = sla.readings()
    assert any({k for k, v in p.readings().items() if v != defaults[k]} == {point}
               for p in list_policies()), f"no shipped variant takes another reading of {point} alone"


def test_the_term_cap_binds_in_a_shipped_variant():
    variant = load_policy("variant-consumed-cap")
    assert variant.liability.term_cap == "fees_paid" and variant.compensation.cap_basis == "consumed"


def test_at_least_two_variants_ship_and_the_sla_comes_first():
    names = [p.name for p in list_policies()]
    assert names[0] == "tencent-sms-2020-09-23" and len(names) >= 3
    assert {p.compensation.fee_basis for p in list_policies()} == {"consumed", "net_paid"}
    assert {p.service_months.rule for p in list_policies()} == {"natural", "anniversary"}
    assert max(len(p.compensation.tiers) for p in list_policies()) == 3


def test_a_users_file_is_loaded_by_path(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8").replace('availability = "0.95"', 'availability = "0.97"')
    text = text.replace('below = "0.95"', 'below = "0.97"').replace(
        'name = "tencent-sms-2020-09-23"', 'name = "mine"')
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    policy = load_policy(str(path))
    assert policy.name == "mine" and str(policy.target.availability) == "97/100"


def test_an_unknown_name_lists_the_shipped_ones():
    shipped = r"'nope': is not a shipped policy \(.*tencent-sms-2020-09-23.*\) nor a policy file"
    with pytest.raises(SlakitError, match=shipped):
        load_policy("nope")


BREAKAGES = [
    ('availability = "0.95"', "availability = 0.95", "spec.target.availability", "decimal string"),
    ('availability = "0.95"', 'availability = "1.5"', "spec.target.availability", "between 0 and 1"),
    ('availability = "0.95"', 'availability = "x"', "spec.target.availability", "not a decimal"),
    ('boundary = "at_least"', 'boundary = "≥"', "spec.target.boundary", "at_least, above"),
    ('fee_basis = "consumed"', 'fee_basis = "gross"', "spec.compensation.fee_basis", "one of"),
    ('credit_rate = "0.10"', 'credit_rate = "0.123456"', "spec.compensation.tiers[0].credit_rate",
     "4 decimal places"),
    ('credit_rate = "0.10"', 'credit_rate = "0"', "spec.compensation.tiers[0].credit_rate",
     "greater than zero"),
    ('below = "0.90"', 'below = "0.96"', "spec.compensation.tiers[1].below", "downwards"),
    ("deadline_days = 60", "deadline_days = -1", "spec.claim_window.deadline_days", "≥ 1"),
    ("deadline_days = 60", 'deadline_days = "60"', "spec.claim_window.deadline_days", "whole number"),
    ("deadline_days = 60", "deadline_dayz = 60", "spec.claim_window.deadline_days", "missing"),
    ('rule = "natural"', 'rule = "natural"\nextra = 1', "spec.service_months.extra", "not a known"),
    ('apiVersion = "slakit/v1"', 'apiVersion = "slakit/v2"', "apiVersion", "slakit/v1"),
    ('kind = "SlaPolicy"', 'kind = "Other"', "kind", "SlaPolicy"),
    ('[spec.billing]', '[spec.billing]\ntolerance = "0.05"', "(file)", "not valid TOML"),
    ('excluded_sends = "removed"', 'excluded_sends = "kept"', "spec.exclusions.excluded_sends",
     "removed, delivered"),
    ('term_cap = "fees_paid"', 'term_cap = true', "spec.liability.term_cap", "non-empty string"),
    ('first_day = "after"', 'first_day = "before"', "spec.claim_window.first_day", "after, on"),
    ("ordinary_per_day = 1_000_000", "", "spec.high_concurrency.ordinary_per_day", "missing"),
    ('clause = "SLA §5.1"', 'clause = { en = "SLA §5.1" }', "spec.liability.clause.zh", "missing"),
    ('clause = "SLA §5.1"', "clause = 5", "spec.liability.clause", "{ en ="),
    ('clause = "SLA §5.1"', 'clause = { en = "a", zh = "b", fr = "c" }', "spec.liability.clause.fr",
     "not a known field"),
]


@pytest.mark.parametrize(("old", "new", "field", "problem"), BREAKAGES)
def test_a_malformed_file_names_file_field_and_value(tmp_path, old, new, field, problem):
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        read_policy(path)
    assert caught.value.source == str(path) and caught.value.field == field
    assert problem in str(caught.value) and str(path) in str(caught.value)


def test_a_missing_file_is_a_policy_error(tmp_path):
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy(str(tmp_path / "absent.toml"))
