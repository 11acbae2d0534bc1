from __future__ import annotations

from pathlib import Path

import pytest

from slakit.errors import PolicyError, SlakitError
from slakit.receipts.codemap import Rule, load_codemap, read_codemap

SHIPPED = load_codemap()


@pytest.mark.parametrize(("stage", "code", "cls", "clause"), [
    ("receipt", "DELIVRD", "delivered", "SLA §1.2"),
    ("receipt", "UNDELIV", "invalid_number", "SLA §1.4(1)–(2)"),
    ("receipt", "SUBFAIL", "invalid_number", "SLA §1.4(1)"),
    ("receipt", "EXPIRED", "disputed", "SLA §1.2"),  # handset or network: shown as a band (SLA notes)
    ("receipt", "DELETED", "disputed", "SLA §1.2"),
    ("receipt", "REJECTD", "excluded", "SLA §4.8"),
    ("receipt", "UNKNOWN", "disputed", "SLA §1.2"),
    ("receipt", "COMFAIL", "disputed", "SLA §1.2"),
    ("receipt", "WTNFAIL", "disputed", "SLA §1.2"),
    ("send", "InternalError.Timeout", "explicit_failure", "SLA §1.2"),
    ("send", "InternalError.OtherError", "explicit_failure", "SLA §1.2"),
    ("send", "FailedOperation.PhoneNumberInBlacklist", "invalid_number", "SLA §1.4(3)"),
    ("send", "FailedOperation.ContainSensitiveWord", "excluded", "SLA §4.6"),
    ("send", "FailedOperation.SignatureIncorrectOrUnapproved", "excluded", "SLA §4.4"),
    ("send", "FailedOperation.TemplateIncorrectOrUnapproved", "excluded", "SLA §4.4"),
    ("send", "LimitExceeded.PhoneNumberDailyLimit", "excluded", "SLA §4.6"),
    ("send", "InvalidParameterValue.IncorrectPhoneNumber", "invalid_number", "SLA §1.4(1)"),
])
def test_shipped_defaults(stage, code, cls, clause):
    (row,) = SHIPPED.resolve([(stage, code)])
    assert row == (stage, code, cls, clause)


DOCS = Path(__file__).parents[2] / "docs" / "codemap.md"


# how a send of each class counts at the band's two ends, as the docs word it
ENDS = {"delivered": "delivered", "explicit_failure": "failure", "invalid_number": "left out",
        "excluded": "excluded"}


def _ends(rule: Rule) -> tuple[str, str]:
    if rule.cls == "disputed":
        return "failure", f"{(rule.best or '').replace('_', ' ')} ({rule.best_clause})"
    return ENDS[rule.cls], ENDS[rule.cls]


def test_the_attribution_table_in_the_docs_is_the_shipped_code_map():
    rows = [line.strip("|").split(" | ") for line in DOCS.read_text(encoding="utf-8").splitlines()
            if line.startswith(("| send", "| receipt"))]
    documented = [(stage.strip(), code.strip("` "), cls, clause, worst, best, why.strip())
                  for stage, code, cls, clause, worst, best, why in rows]
    no_receipt = SHIPPED.no_receipt
    shipped = [("send", f"Ok` with no receipt after {SHIPPED.grace_hours} h", no_receipt.cls,
                no_receipt.clause, *_ends(no_receipt), no_receipt.note)]
    shipped += [(r.stage, r.code, r.cls, r.clause, *_ends(r), r.note) for r in SHIPPED.rules]
    assert documented == shipped
    assert SHIPPED.id in DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize(("stage", "code", "best", "clause", "undelivered"), [
    ("receipt", "UNKNOWN", "delivered", "SLA §1.2", False),  # may have been delivered
    ("send", "Ok", "delivered", "SLA §1.2", False),  # no receipt after the grace period
    ("receipt", "EXPIRED", "left_out", "SLA §1.4(2)", True),  # at best a handset-side cause
    ("receipt", "COMFAIL", "left_out", "SLA §4.14", True),  # at best a network outside the provider
    ("receipt", "WTNFAIL", "left_out", "SLA §4.14", True),
    ("receipt", "DELETED", "left_out", "SLA §4.14", True),
])
def test_each_disputed_code_states_its_best_case_with_its_clause(stage, code, best, clause, undelivered):
    rule = SHIPPED.no_receipt if code == "Ok" else SHIPPED.classify(stage, code)
    assert rule is not None and (rule.cls, rule.best, rule.best_clause) == ("disputed", best, clause)
    assert SHIPPED.undelivered(stage, code) is undelivered


def test_a_code_the_map_does_not_list_is_left_out_at_best():
    assert SHIPPED.undelivered("receipt", "MK:0001") and SHIPPED.undelivered("receipt", "DB:0140")
    assert all(r.best is None and r.best_clause is None for r in SHIPPED.rules if r.cls != "disputed")
    assert SHIPPED.id == "tencent-sms@2020-09-23.3"


def test_codes_of_disputed_attribution_are_never_hidden():
    disputed = {r.code for r in SHIPPED.rules if r.cls == "disputed"}
    assert {"EXPIRED", "UNKNOWN", "COMFAIL"} <= disputed and SHIPPED.no_receipt.cls == "disputed"


def test_submitted_codes_wait_for_a_receipt_and_unknown_codes_are_unclassified():
    assert SHIPPED.resolve([("send", "Ok"), ("receipt", "MK:0001"), ("receipt", "Ok")]) == [
        ("send", "Ok", "submitted", "SLA §1.2"),
        ("receipt", "MK:0001", "unclassified", ""),
        ("receipt", "Ok", "unclassified", "")]
    assert (SHIPPED.no_receipt.cls, SHIPPED.grace_hours) == ("disputed", 72)


def _map(tmp_path, send: str = "", receipt: str = 'DELIVRD = { class = "delivered", '
         'clause = "SLA §1.2", note = "x" }', head: str = "", grace: str = "72"):
    path = tmp_path / "map.toml"
    path.write_text(f'''apiVersion = "slakit/v1"
kind = "CodeMap"
{head}
[metadata]
name = "mine"
version = "1"
title = "t"
description = "d"
[spec.submitted]
codes = ["Ok"]
grace_hours = {grace}
class = "disputed"
clause = "SLA §1.2"
best = "delivered"
best_clause = "SLA §1.2"
note = "n"
[spec.send]
{send}
[spec.receipt]
{receipt}
''')
    return path


def test_a_users_map_by_path_and_the_longest_stem_wins(tmp_path):
    path = _map(tmp_path, send='"Internal*" = { class = "disputed", clause = "SLA §1.2", best = "left_out", '
                'best_clause = "SLA §4.14", note = "a" }\n'
                '"InternalError.*" = { class = "excluded", clause = "SLA §4.16", note = "b" }\n'
                '"InternalError.Timeout" = { class = "explicit_failure", clause = "SLA §1.2", note = "c" }')
    mine = load_codemap(str(path))
    assert mine.id == "mine@1"
    assert [r[2] for r in mine.resolve([("send", "InternalError.Timeout"), ("send", "InternalError.X"),
                                        ("send", "InternalOther")])] == [
        "explicit_failure", "excluded", "disputed"]


@pytest.mark.parametrize(("kwargs", "field", "value"), [
    ({"receipt": 'DELIVRD = { class = "fine", clause = "SLA §1.2", note = "x" }'},
     "spec.receipt.DELIVRD.class", "'fine'"),
    ({"receipt": 'DELIVRD = { class = "delivered", note = "x" }'}, "spec.receipt.DELIVRD.clause", "None"),
    ({"receipt": 'DELIVRD = { class = "delivered", clause = "SLA §1.2", note = "x", why = 1 }'},
     "spec.receipt.DELIVRD.why", "1"),
    ({"grace": "-1"}, "spec.submitted.grace_hours", "-1"),
    ({"head": "extra = 1"}, "extra", "1"),
    ({"receipt": 'UNKNOWN = { class = "disputed", clause = "SLA §1.2", note = "x" }'},
     "spec.receipt.UNKNOWN.best", "None"),  # a disputed code states its best case
    ({"receipt": 'UNKNOWN = { class = "disputed", clause = "SLA §1.2", best = "left", '
                 'best_clause = "SLA §4.14", note = "x" }'}, "spec.receipt.UNKNOWN.best", "'left'"),
    ({"receipt": 'UNKNOWN = { class = "disputed", clause = "SLA §1.2", best = "left_out", note = "x" }'},
     "spec.receipt.UNKNOWN.best_clause", "None"),
    ({"receipt": 'DELIVRD = { class = "delivered", clause = "SLA §1.2", best = "delivered", note = "x" }'},
     "spec.receipt.DELIVRD.best", "'delivered'"),  # other classes count alike at both ends
    ({"receipt": 'DELIVRD = { class = "delivered", clause = "SLA §1.2", best_clause = "SLA §1.2", '
                 'note = "x" }'}, "spec.receipt.DELIVRD.best_clause", "'SLA §1.2'"),
])
def test_a_bad_map_names_file_field_and_value(tmp_path, kwargs, field, value):
    path = _map(tmp_path, **kwargs)
    with pytest.raises(PolicyError) as caught:
        read_codemap(path)
    assert str(caught.value).startswith(f"{path}: field '{field}' = {value}:")


def test_unknown_map_name():
    shipped = r"'nope': is not a shipped code map \(.*tencent-sms-2020-09-23.*\) nor a code map file"
    with pytest.raises(SlakitError, match=shipped):
        load_codemap("nope")
