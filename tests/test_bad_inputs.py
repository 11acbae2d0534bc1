"""Bad and hostile input, across every command and every kind of input file: each gets a clean
exit code, one line on stderr naming the field and value, no traceback, and nothing lost
(rows read = assessed or stored + duplicates + rejected).

The table is data: :data:`CASES` lists ``(arguments, exit code, texts the message must hold)``;
``{name}`` in an argument is a file made by the ``files`` fixture.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import json
import re
import shutil
import socket
import zlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slakit import InputError, read_portfolio
from slakit.config import shipped_files
from slakit.receipts import ingest
from tests.cli import slakit

SAMPLE = Path(__file__).parents[1] / "data" / "sample"
RECEIPT = SAMPLE / "receipts" / "1400000001-callback-2026-03-17.json.gz"
POLICY = shipped_files("policies")["tencent-sms-2020-09-23"].read_text(encoding="utf-8")
CODEMAP = shipped_files("codemaps")["tencent-sms-2020-09-23"].read_text(encoding="utf-8")
WINDOWS = (SAMPLE / "receipts" / "windows.toml").read_text(encoding="utf-8")
FIGURES_HEADER = ("customer_id,service_month_start,service_month_end,valid_sends,explicit_failures,"
                  "fee,deductions,list_price")
GOOD_ROW = "C001,2026-07-01,2026-07-31,1000,10,45.00,0,0.045"
NEXT_ROW = "C001,2026-08-01,2026-08-31,1000,10,45.00,0,0.045"  # the term's next month
REGISTER_HEADER = "customer_id,service_month,filed_on,ticket,outcome,sms_credited\n"
CALENDAR = 'apiVersion = "slakit/v1"\nkind = "WorkingDays"\n[metadata]\nname = "c"\n'
QUOTED_COMMA, QUOTED_FEE = '"0,045"', '"45,5"'  # decimal commas, in cells quoted as a spreadsheet does
CALLBACK = {"user_receive_time": "2026-03-17 10:00:00", "nationcode": "86", "mobile": "13800000000",
            "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "ok", "sid": "s1"}

# --- the files the cases name -------------------------------------------------------------------

TEXT_FILES = {
    # policies: each breaks one rule of the file
    "policy_syntax.toml": "apiVersion = \n",
    "policy_version.toml": POLICY.replace('apiVersion = "slakit/v1"', 'apiVersion = "slakit/v0"'),
    "policy_kind.toml": POLICY.replace('kind = "SlaPolicy"', 'kind = "CodeMap"'),
    "policy_target.toml": POLICY.replace('availability = "0.95"', 'availability = "0.9x"'),
    "policy_float.toml": POLICY.replace('availability = "0.95"', "availability = 0.95"),
    "policy_range.toml": POLICY.replace('availability = "0.95"', 'availability = "1.5"'),
    "policy_field.toml": POLICY.replace('boundary = "at_least"', 'boundary = "at_least"\nbonus = 1'),
    "policy_boundary.toml": POLICY.replace('boundary = "at_least"', 'boundary = "roughly"'),
    "policy_rounding.toml": POLICY.replace('sms_rounding = "down"', 'sms_rounding = "sideways"'),
    "policy_rate.toml": POLICY.replace('credit_rate = "0.10"', 'credit_rate = "ten"'),
    "policy_empty.toml": "",
    # claims registers: each breaks one rule
    "reg_missing_column.csv": "customer_id,service_month\nC004,2026-09-01\n",
    "reg_bad_month.csv": REGISTER_HEADER + "C004,2026-13-01,2026-10-20,T1,filed,\n",
    "reg_bad_filed.csv": REGISTER_HEADER + "C004,2026-09-01,yesterday,T1,filed,\n",
    "reg_filed_before.csv": REGISTER_HEADER + "C004,2026-09-01,2026-08-20,T1,filed,\n",
    "reg_outcome.csv": REGISTER_HEADER + "C004,2026-09-01,2026-10-20,T1,maybe,\n",
    "reg_sms.csv": REGISTER_HEADER + "C004,2026-09-01,2026-10-20,T1,credited,-5\n",
    "reg_sms_text.csv": REGISTER_HEADER + "C004,2026-09-01,2026-10-20,T1,credited,lots\n",
    "reg_sms_not_credited.csv": REGISTER_HEADER + "C004,2026-09-01,2026-10-20,T1,accepted,24000\n",
    "reg_duplicate.csv": REGISTER_HEADER + "C004,2026-09-01,2026-10-20,T1,,\n"
                                           "C004,2026-09-01,2026-10-21,T2,,\n",
    "reg_empty_id.csv": REGISTER_HEADER + ",2026-09-01,2026-10-20,T1,,\n",
    "reg_extra_field.csv": REGISTER_HEADER + "C004,2026-09-01,2026-10-20,T1,,,surplus\n",
    "reg_empty.csv": "",
    "reg_header_zh.csv": "客户编号,服务月度\nC004,2026-09-01\n",
    # calendars
    "calendar_syntax.toml": "[spec.\n",
    "calendar_day.toml": CALENDAR + '[spec."2027"]\nholidays = ["2027-02-30"]\n',
    "calendar_year.toml": CALENDAR + '[spec."2027"]\nholidays = [2028-01-03]\n',
    "calendar_key.toml": CALENDAR + '[spec.next]\nholidays = []\n',
    "calendar_old.toml": '["2027"]\nholidays = [2027-01-01]\n',
    "calendar_field.toml": CALENDAR + '[spec."2027"]\nholiday = [2027-01-01]\n',
    # code maps
    "policy_excluded.toml": POLICY.replace('excluded_sends = "removed"', 'excluded_sends = "ignored"'),
    "policy_first_day.toml": POLICY.replace('first_day = "after"', 'first_day = "before"'),
    "policy_declared.toml": POLICY.replace('applies_to = "undeclared"', 'applies_to = "some"'),
    "policy_term_cap.toml": POLICY.replace('term_cap = "fees_paid"', 'term_cap = "fees"'),
    "codemap_kind.toml": CODEMAP.replace('kind = "CodeMap"', 'kind = "SlaPolicy"'),
    "codemap_class.toml": CODEMAP.replace('class = "explicit_failure"', 'class = "nobodys_fault"', 1),
    "codemap_grace.toml": CODEMAP.replace("grace_hours = 72", "grace_hours = -1"),
    "codemap_syntax.toml": CODEMAP + "\n[[[\n",
    "codemap_excluded_12.toml": CODEMAP.replace('class = "excluded", clause = "SLA §4.8"',
                                                'class = "excluded", clause = "SLA §1.2"'),
    "codemap_excluded_99.toml": CODEMAP.replace('class = "excluded", clause = "SLA §4.6"',
                                                'class = "excluded", clause = "SLA §9.9"', 1),
    # exclusion windows
    "windows_order.toml": WINDOWS.replace("end = 2026-04-08T11:00:00+08:00",
                                          "end = 2026-04-08T08:00:00+08:00"),
    "windows_clause.toml": WINDOWS.replace('clause = "SLA §4.13"', 'clause = ""'),
    "windows_time.toml": WINDOWS.replace("start = 2026-04-08T09:00:00+08:00", 'start = "tomorrow"'),
    "windows_kind.toml": WINDOWS.replace('kind = "ExclusionWindows"', 'kind = "Windows"'),
    "windows_syntax.toml": "start = 2026-13-01T00:00:00\n",
    # account-month figures (portfolio)
    "fig_missing_column.csv": "valid_sends,explicit_failures,fee\n1,0,1.00\n",
    "fig_extra_field.csv": f"{FIGURES_HEADER}\n{GOOD_ROW},EXTRA\n{NEXT_ROW}\n",
    "fig_short_row.csv": f"{FIGURES_HEADER}\nC001,2026-07-01,2026-07-31,1000\n{NEXT_ROW}\n",
    "fig_bad_fee.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', '45x')}\n{NEXT_ROW}\n",
    "fig_fee_places.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', '45.001')}\n",
    "fig_fee_huge.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', '1e400')}\n",
    "fig_fee_digits.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', '1' * 33)}\n",
    "fig_count_huge.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace(',1000,', ',' + '9' * 25 + ',')}\n",
    "fig_count_negative.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace(',1000,', ',-5,')}\n",
    "fig_count_float.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace(',1000,', ',10.5,')}\n",
    "fig_failures_over.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace(',10,', ',1001,')}\n",
    "fig_deductions_over.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace(',0,0.045', ',46.00,0.045')}\n",
    "fig_price_zero.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('0.045', '0')}\n",
    "fig_price_huge.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('0.045', '1e15')}\n",
    "fig_two_problems.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', 'x').replace('0.045', '0')}\n",
    "fig_nan.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', 'NaN')}\n",
    "fig_empty_value.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace(',10,', ',,')}\n",
    "fig_duplicate_header.csv": "fee,fee,valid_sends,explicit_failures,list_price\n1,1,1,0,0.045\n",
    "fig_empty.csv": "",
    "fig_blank_header.csv": "\n" + GOOD_ROW + "\n",
    "fig_formula.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', '=1+1')}\n",
    "fig_month_far.csv": f"customer_id,service_month_start,{FIGURES_HEADER.split(',', 3)[3]}\n"
                         "C001,9999-07-01,1000,10,45.00,0,0.045\n",
    "fig_month_empty.csv": f"customer_id,service_month_start,{FIGURES_HEADER.split(',', 3)[3]}\n"
                           "C001,,1000,10,45.00,0,0.045\n",
    "fig_month_twice.csv": f"customer_id,service_month_start,{FIGURES_HEADER.split(',', 3)[3]}\n"
                           + "C001,2026-07-01,1000,10,45.00,0,0.045\n" * 2,
    "fig_paid.csv": f"{FIGURES_HEADER},paid\n{GOOD_ROW},1e400\n",
    "fig_paid_text.csv": f"{FIGURES_HEADER},paid\n{GOOD_ROW},4x\n",
    "fig_paid_places.csv": f"{FIGURES_HEADER},paid\n{GOOD_ROW},1.001\n",
    "fig_excluded.csv": f"{FIGURES_HEADER},excluded\n{GOOD_ROW},-3\n",
    "fig_open_quote.csv": f"{FIGURES_HEADER}\nC001,\"2026-07-01,2026-07-31,1,0,1.00,0,0.045\n{GOOD_ROW}\n",
    # customers (report): every row fails while planning, so no kernel starts
    "cust_missing_column.csv": "customer_id,customer_name,start\nC001,x,2026-07-01\n",
    "cust_header_only.csv": "customer_id,customer_name,start,months\n",
    "cust_empty.csv": "",
    "cust_bom_header_only.csv": "\ufeffcustomer_id,customer_name,start,months\n",
    "cust_bad_start.csv": "customer_id,customer_name,start,months\nC001,x,2026-02-30,1\n",
    "cust_far_start.csv": "customer_id,customer_name,start,months\nC001,x,9999-12-01,3\n",
    "cust_bad_months.csv": "customer_id,customer_name,start,months\nC001,x,2026-07-01,x\n",
    "cust_zero_months.csv": "customer_id,customer_name,start,months\nC001,x,2026-07-01,0\n",
    "cust_empty_id.csv": "customer_id,customer_name,start,months\n,x,2026-07-01,x\n,y,2026-07-01,x\n",
    "cust_duplicate_id.csv": "customer_id,customer_name,start,months\nC001,x,2026-07-01,x\n"
                             "C001,y,2026-07-01,1\n",
    "cust_extra_field.csv": "customer_id,customer_name,start,months\nC001,x,2026-07-01,1,EXTRA\n",
    "cust_figures_missing.csv": "customer_id,customer_name,start,months,figures\n"
                                "C001,x,2026-07-01,1,nowhere.csv\n",
    "cust_calendar_missing.csv": "customer_id,customer_name,start,months,figures,calendar\n"
                                 "C001,x,2026-07-01,1,fig_ok.csv,nowhere.toml\n",
    "cust_calendar_bad.csv": "customer_id,customer_name,start,months,figures,calendar\n"
                             "C001,x,2026-07-01,1,fig_ok.csv,calendar_day.toml\n",
    "cust_policy_bad.csv": "customer_id,customer_name,start,months,figures,policy\n"
                           "C001,x,2026-07-01,1,fig_ok.csv,policy_first_day.toml\n",
    "cust_receipts_missing.csv": "customer_id,customer_name,start,months,receipts\n"
                                 "C001,x,2026-07-01,1,nowhere\n",
    "cust_windows_missing.csv": "customer_id,customer_name,start,months,windows\n"
                                "C001,x,2026-07-01,1,nowhere.toml\n",
    "cust_lang.csv": "customer_id,customer_name,start,months,lang\nC001,x,2026-07-01,1,fr\n",
    "cust_account.csv": "customer_id,customer_name,start,months,figures,receipts,account\n"
                        "C023,x,2026-03-17,1,fig_ok.csv,receipts,../../x\n",
    "cust_garbage_archive.csv": "customer_id,customer_name,start,months,figures,archive\n"
                                "C001,x,2026-07-01,1,fig_ok.csv,garbage.duckdb\n",
    "cust_policy_unknown.csv": "customer_id,customer_name,start,months,policy\nC001,x,2026-07-01,1,nope\n",
    "cust_policy_file.csv": "customer_id,customer_name,start,months,policy\n"
                            "C001,x,2026-07-01,1,policy_rate.toml\n",
    "fig_ok.csv": f"{FIGURES_HEADER}\n{GOOD_ROW}\n",
    "account-months.csv": f"{FIGURES_HEADER}\n{GOOD_ROW}\n",  # the default figures
    # receipts
    "r_empty.json": "",
    "r_blank.json": "\n\n  \n",
    "r_text.json": "hello, receipts\n",
    "r_deep_array.json": "[" * 100_000 + "]" * 100_000,
    "r_deep_object.json": '{"a":' * 50_000 + "1" + "}" * 50_000 + "\n",
    "r_unknown.json": '{"what": "is this"}\n',
    "r_missing_field.json": json.dumps([{k: v for k, v in CALLBACK.items() if k != "mobile"}]) + "\n",
    "r_old.json": json.dumps([{**CALLBACK, "user_receive_time": "2019-01-01 10:00:00"}]) + "\n",
    "r_future.json": json.dumps([{**CALLBACK, "user_receive_time": "2199-01-01 10:00:00"}]) + "\n",
    "r_bad_time.json": json.dumps([{**CALLBACK, "user_receive_time": "yesterday"}]) + "\n",
    "r_bad_status.json": json.dumps([{**CALLBACK, "report_status": "MAYBE"}]) + "\n",
    "r_number_mobile.json": json.dumps([{**CALLBACK, "mobile": 13800000000}]) + "\n",
    "r_cut.json": json.dumps([CALLBACK, {**CALLBACK, "sid": "s2"}])[:-40] + "\n",
    "r_not_object.json": json.dumps([CALLBACK, 42, "x", None]) + "\n",
    # an archive that is not one
    "garbage.duckdb": "this is not a database\n" * 100,
    # numbers as a spreadsheet writes them: E-notation, a decimal comma, full-width digits
    "fig_e_count.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace(',1000,', ',1.00004E+06,')}\n",
    "fig_e_failures.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace(',10,', ',1E+01,')}\n",
    "fig_e_fee.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', '6.82979E+04')}\n",
    "fig_e_id.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('C001', '1.4E+09')}\n",
    "fig_comma.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('0.045', QUOTED_COMMA)}\n",
    "fig_comma_fee.csv": f"{FIGURES_HEADER}\n{GOOD_ROW.replace('45.00', QUOTED_FEE)}\n",
    "fig_fullwidth.csv": f"{FIGURES_HEADER}\nC001,2026-07-01,2026-07-31,１０００,１００,４５．００,０,"
                         "０．０４５\n",
    # month dates a report would refuse
    "fig_end_before.csv": f"{FIGURES_HEADER}\nC001,2026-07-31,2026-07-01,1000,10,45.00,0,0.045\n",
    "fig_three_months.csv": f"{FIGURES_HEADER}\nC001,2026-07-01,2026-09-30,1000,10,45.00,0,0.045\n",
    "fig_overlap.csv": f"{FIGURES_HEADER}\n{GOOD_ROW}\nC001,2026-07-15,2026-08-14,1000,10,45.00,0,0.045\n",
    "fig_end_bad.csv": f"{FIGURES_HEADER}\nC001,2026-07-01,2026-07-32,1000,10,45.00,0,0.045\n",
    "fig_owed.csv": f"{FIGURES_HEADER}\nC001,2026-07-01,2026-07-31,1000,100,45.00,0,0.045\n",
    "cust_e_id.csv": "customer_id,customer_name,start,months\n1.4E+09,x,2026-07-01,1\n",
    "cust_end_before.csv": "customer_id,customer_name,start,months,figures\n"
                           "C001,x,2026-07-01,1,fig_end_before.csv\n",
    # pages a poller writes: nothing new, a byte-order mark, lower case
    "r_empty_pull.json": json.dumps({"Response": {"PullSmsSendStatusSet": [], "RequestId": "r"}}) + "\n",
    "r_empty_array.json": "[]\n",
    "r_empty_pretty.json": json.dumps({"Response": {"PullSmsSendStatusSet": [], "RequestId": "r"}},
                                      indent=2).replace("\n", "\r\n"),
    "r_pull_error.json": json.dumps({"Response": {"Error": {"Code": "AuthFailure"}, "RequestId": "r"}}),
    "r_lower.json": json.dumps([{**CALLBACK, "report_status": "success"},
                                {**CALLBACK, "report_status": "fail", "sid": "s2"}]) + "\n",
    "r_mixed_case.json": json.dumps([{**CALLBACK, "report_status": "Success", "sid": "s3"}]) + "\n",
    # records of a batch on one line, named by their place in it
    "r_places.json": json.dumps([CALLBACK, {**CALLBACK, "sid": "p2", "report_status": "MAYBE"},
                                 {**CALLBACK, "sid": "p3", "mobile": 5}]) + "\n",
    "r_places_pull.json": json.dumps({"Response": {"PullSmsSendStatusSet": [
        {"UserReceiveTime": 1773712800, "CountryCode": "86", "SubscriberNumber": "138",
         "PhoneNumber": "+86138", "SerialNo": f"q{i}", "ReportStatus": status, "Description": "DELIVRD"}
        for i, status in enumerate(("SUCCESS", "SUCCESS", "LOST"))]}}) + "\n",
    # rule files: an older policy file, windows citing what is no exclusion, calendars at odds
    "policy_old_v1.toml": re.sub(r"\n(fee|cap|sms)_clause = .*|\nfirst_day = .*|\napplies_to = .*", "",
                                 re.sub(r"\[spec\.(exclusions|liability)\]\n[^\[]*", "", POLICY)),
    "policy_old_bonus.toml": re.sub(r"\[spec\.(exclusions|liability)\]\n[^\[]*", "", POLICY)
    .replace('boundary = "at_least"', 'boundary = "at_least"\nbonus = 1'),
    "windows_clause_12.toml": WINDOWS.replace('clause = "SLA §4.13"', 'clause = "SLA §1.2"'),
    "windows_clause_99.toml": WINDOWS.replace('clause = "SLA §4.13"', 'clause = "SLA §9.9"'),
    "windows_clause_bare.toml": WINDOWS.replace('clause = "SLA §4.14"', 'clause = "§4.14"'),
    "windows_clause_4.toml": WINDOWS.replace('clause = "SLA §4.13"', 'clause = "SLA §4"'),
    "calendar_2026_extra.toml": CALENDAR + '[spec."2026"]\nholidays = [2026-10-08, 2026-10-09]\n',
    "calendar_2026_workday.toml": CALENDAR + '[spec."2026"]\nworkdays = [2026-10-03]\n',
    "calendar_2026_june.toml": CALENDAR + '[spec."2026"]\nholidays = [2026-06-22]\n',
    "calendar_2027_missing.toml": CALENDAR + '[spec."2027"]\nholidays = [2027-02-08]\n',
    "calendar_2027_weekend.toml": CALENDAR + '[spec."2027"]\nholidays = [2027-01-01, 2027-01-02]\n',
    "calendar_2027_weekday.toml": CALENDAR + '[spec."2027"]\nholidays = [2027-01-01]\n'
                                  'workdays = [2027-01-04]\n',
}


def _cut_after_line(text: bytes, lines: int) -> bytes:
    """A gzip stream of the first ``lines`` lines, flushed but never finished: cut after a line."""
    packer = zlib.compressobj(wbits=31)
    return packer.compress(b"".join(text.splitlines(keepends=True)[:lines])) + packer.flush(zlib.Z_SYNC_FLUSH)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = tmp_path_factory.mktemp("bad")
    for name, text in TEXT_FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    made = {name: str(root / name) for name in TEXT_FILES}
    raw = {
        "fig_latin1.csv": f"{FIGURES_HEADER}\nC001,Café,2026-07-31,1,0,1.00,0,0.045\n".encode("latin-1"),
        "fig_cut.csv.gz": gzip.compress((FIGURES_HEADER + "\n" + (GOOD_ROW + "\n") * 2000).encode())[:-30],
        "fig_binary.csv": bytes(range(256)) * 4,
        "r_cut.json.gz": RECEIPT.read_bytes()[:2000],
        "r_cut_at_line.json.gz": _cut_after_line(gzip.decompress(RECEIPT.read_bytes()), 40),
        "r_binary.json": bytes(range(256)) * 4,
        "r_latin1.json": json.dumps([{**CALLBACK, "description": "é"}], ensure_ascii=False)
        .encode("latin-1") + b"\n",
    }
    for name, data in raw.items():
        (root / name).write_bytes(data)
        made[name] = str(root / name)
    bom_crlf = json.dumps([CALLBACK, {**CALLBACK, "sid": "s2"}], indent=2).replace("\n", "\r\n")
    (root / "r_bom_crlf.json").write_bytes(codecs.BOM_UTF8 + bom_crlf.encode())
    (root / "r_bom_lines.json").write_bytes(codecs.BOM_UTF8 + (json.dumps(CALLBACK) + "\r\n").encode())
    made |= {name: str(root / name) for name in ("r_bom_crlf.json", "r_bom_lines.json")}
    (root / "mixed_folder").mkdir()  # names in any case, and files that are no receipts
    shutil.copy(RECEIPT, root / "mixed_folder" / RECEIPT.name.replace(".json.gz", ".JSON.GZ"))
    (root / "mixed_folder" / "notes.txt").write_text("checked by hand")
    (root / "mixed_folder" / "windows.toml").write_text(WINDOWS)
    (root / "jsonl_folder").mkdir()
    (root / "jsonl_folder" / "a.JsonL").write_text(json.dumps([CALLBACK]) + "\n")
    (root / "jsonl_folder" / "b.json.bak").write_text(json.dumps([{**CALLBACK, "sid": "s9"}]) + "\n")
    made |= {"mixed_folder": str(root / "mixed_folder"), "jsonl_folder": str(root / "jsonl_folder")}
    rows = 1000  # binary floats in a column: said once, for the column, whatever the rows
    floats = {"valid_sends": [1000] * rows, "explicit_failures": [10] * rows, "fee": [45.0] * rows,
              "list_price": ["0.045"] * rows}
    pq.write_table(pa.table(floats), root / "fee_double.parquet")
    pq.write_table(pa.table({**floats, "fee": ["45.00"] * rows, "valid_sends": [1000.0] * rows}),
                   root / "count_double.parquet")
    other = root / "other.duckdb"  # a DuckDB database, but no receipts archive
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE months AS SELECT 1000 AS valid_sends, 10 AS explicit_failures, "
                    "45.0::DOUBLE AS fee, '0.045' AS list_price FROM range(500)")
    made |= {name: str(root / name) for name in ("fee_double.parquet", "count_double.parquet",
                                                  "other.duckdb")}
    (root / "a_folder").mkdir()
    (root / "receipts").mkdir()
    shutil.copy(RECEIPT, root / "receipts")
    (root / "not_json_folder").mkdir()
    (root / "not_json_folder" / "notes.txt").write_text("no receipts here")
    made |= {"a_folder": str(root / "a_folder"), "root": str(root),
             "not_json_folder": str(root / "not_json_folder"), "missing": str(root / "missing"),
             "missing_csv": str(root / "nowhere" / "x.csv"), "a_file": made["fig_ok.csv"],
             "receipts": str(root / "receipts")}
    archive = root / "sample.duckdb"
    assert all(r.rejected == 0 for r in ingest(archive, "1400000001", [RECEIPT]))
    made["archive"] = str(archive)
    empty = root / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    made["empty_db"] = str(empty)
    parquet = root / "months.parquet"
    pq.write_table(pa.table({"valid_sends": [1000], "explicit_failures": [10]}), parquet)
    made["months.parquet"] = str(parquet)
    with socket.socket() as taken:  # a port in use, for `app --port`
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        made["taken_port"] = str(taken.getsockname()[1])
        yield made


# --- the table ----------------------------------------------------------------------------------

Case = tuple[list[str], int, tuple[str, ...]]
ASSESS = ["assess", "--valid-sends", "1000", "--explicit-failures", "10", "--fee", "45.00",
          "--list-price", "0.045"]
AVAILABILITY = ["availability", "--db", "{archive}", "--account", "1400000001",
                "--start", "2026-03-17", "--months", "1"]
SYNTH = ["synth", "--out", "{root}/synth", "--account", "a1", "--start", "2026-03-01", "--months",
         "1", "--daily-volume", "10"]
SIMULATE = ["simulate", "--accounts", "3", "--months", "2"]
OUTLOOK = ["outlook", "--db", "{archive}", "--account", "1400000001", "--on", "2026-04-10", "--draws", "100"]
CLAIM = ["claim", "--customers", str(Path(__file__).parents[1] / "data" / "sample" / "customers.csv"),
         "--customer", "C004", "--month", "2026-09-01", "--on", "2026-10-20", "--out", "{root}/claims"]


def with_option(args: list[str], option: str, value: str) -> list[str]:
    """``args`` with ``option`` set to ``value`` (replaced if there, added if not)."""
    if option in args:
        i = args.index(option)
        return [*args[: i + 1], value, *args[i + 2:]]
    return [*args, option, value]


BAD_DATES = {  # value → what the message says
    "": "is not a valid date", "x": "is not a valid date", "2026-02-30": "is not a valid date",
    "2026-13-01": "is not a valid date", "26-03-17": "is not a valid date",
    "2026/03/17": "is not a valid date", "9999-12-01": "is outside the years",
    "1999-12-31": "is outside the years",
}
DATE_PLACES = [  # (arguments with the date, the field named)
    (lambda day: ["months", day, "3"], "START"),
    (lambda day: ["claim-window", day], "SERVICE_MONTH_END"),
    (lambda day: ["claim-window", "2026-09-30", "--on", day], "--on"),
    (lambda day: with_option(AVAILABILITY, "--start", day), "--start"),
    (lambda day: with_option(SYNTH, "--start", day), "--start"),
    (lambda day: ["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r", "--on", day],
     "--on"),
    (lambda day: with_option(OUTLOOK, "--on", day), "--on"),
    (lambda day: with_option(OUTLOOK, "--start", day), "--start"),
    (lambda day: with_option(CLAIM, "--month", day), "--month"),
    (lambda day: with_option(CLAIM, "--on", day), "--on"),
]
BAD_MONEY = {
    "": "is not a decimal amount", "x": "is not a decimal amount", "-1": "must not be negative",
    "1e400": "scientific notation", "1" * 33: "exceeds 100,000,000,000",
    "NaN": "is not a finite amount", "Infinity": "is not a finite amount",
    "1,00.0": "misplaced thousands separators", "0x10": "is not a decimal amount",
    "45.0000001": "decimal places",
}
BAD_COUNTS = {"-1": "must not be negative", "x": "must be a whole number", "1.5": "must be a whole number",
              str(10**13): "exceeds 1,000,000,000,000"}
BAD_POLICIES = {
    "no-such-policy": "is not a shipped policy", "{missing}.toml": "cannot be read",
    "{policy_syntax.toml}": "is not valid TOML", "{policy_version.toml}": "apiVersion",
    "{policy_kind.toml}": "'kind'", "{policy_target.toml}": "'0.9x'",
    "{policy_float.toml}": "0.95", "{policy_range.toml}": "'1.5'", "{policy_field.toml}": "bonus",
    "{policy_boundary.toml}": "roughly", "{policy_rounding.toml}": "sideways",
    "{policy_rate.toml}": "'ten'", "{policy_empty.toml}": "apiVersion",
    "{policy_excluded.toml}": "ignored", "{policy_first_day.toml}": "before",
    "{policy_declared.toml}": "some", "{policy_term_cap.toml}": "'fees'",
}
POLICY_COMMANDS = [ASSESS, ["months", "2026-03-17", "3"], ["claim-window", "2026-09-30"],
                   ["billing", "--billed", "104", "--submitted", "100"],
                   ["portfolio", "{fig_ok.csv}"], SIMULATE, AVAILABILITY, OUTLOOK]
BAD_CALENDARS = {"{calendar_syntax.toml}": "is not valid TOML", "{calendar_day.toml}": "2027-02-30",
                 "{calendar_year.toml}": "is not in 2027", "{calendar_key.toml}": "spec.next",
                 "{calendar_old.toml}": "old layout", "{calendar_field.toml}": "holiday",
                 "{missing}.toml": "cannot be read"}
BAD_ACCOUNTS = {"": "is empty", "   ": "is empty", " a1": "blanks", "../../x": "must not contain",
                "a/b": "must not contain", ".hidden": "must not contain", "a\tb": "control",
                "x" * 65: "longer than 64"}


def cases() -> list[Case]:
    table: list[Case] = []
    for place, field in DATE_PLACES:
        for value, problem in BAD_DATES.items():
            table.append((place(value), 2, (f"'{field}' = '{value}'", problem)))
    for option in ("--fee", "--deductions", "--list-price"):
        for value, problem in BAD_MONEY.items():
            table.append((with_option(ASSESS, option, value), 2, (f"'{value}'", problem)))
    for value, problem in BAD_MONEY.items():
        table.append((with_option(ASSESS, "--paid", value), 2, (f"'paid' = '{value}'", problem)))
    for value, problem in BAD_COUNTS.items():
        table.append((with_option(ASSESS, "--excluded", value), 2, (value, problem)))
    table.append((with_option(ASSESS, "--lang", "fr"), 2, ("--lang", "'fr'")))
    table += [  # a month's money and term within the text (SLA §1.6, §3.1(2), §5.1)
        (with_option(ASSESS, "--paid", "46.00"), 2, ("'paid' = '46.00'", "45.00 − 0 = 45.00")),
        ([*ASSESS, "--deductions", "40.00", "--paid", "6.00"], 2, ("'paid' = '6.00'", "= 5.00")),
        ([*ASSESS, "--on", "2026-10-20"], 2, ("'--on'", "needs --month")),
        ([*ASSESS, "--month", "2026-09-30/2026-09-01"], 2, ("'--month'", "must end on or after")),
        ([*ASSESS, "--credited-before", "5"], 2, ("'--credited-before' = '5'", "needs --paid-before")),
        ([*ASSESS, "--paid-before", "1", "--credited-before", "5"], 2,
         ("'--credited-before' = '5'", "exceeds --paid-before (1)")),
        ([*ASSESS, "--paid-before", "-1"], 2, ("'--paid-before' = '-1'",)),
    ]
    table.append((with_option(ASSESS, "--list-price", "0"), 2, ("'list_price' = '0'", "greater than zero")))
    table.append((with_option(ASSESS, "--deductions", "46.00"), 2, ("'deductions'", "exceed")))
    table.append((with_option(ASSESS, "--explicit-failures", "1001"), 2, ("'explicit_failures'", "exceeds")))
    for option, value, needles in (
        ("--paid", "4x", ("'paid' = '4x'", "decimal amount")), ("--paid", "-1", ("'-1'", "negative")),
        ("--paid", "1.001", ("'1.001'", "places")), ("--paid", "1e400", ("'1e400'", "scientific notation")),
        ("--excluded", "-1", ("'excluded' = -1", "negative")),
        ("--excluded", "x", ("--excluded", "must be a whole number")),
        ("--excluded", str(10**13), (str(10**13), "exceeds")),
        ("--lang", "fr", ("--lang", "'fr'")),
    ):
        table.append((with_option(ASSESS, option, value), 2, needles))
    for value, needle in (("x", "is not a valid date"), ("2026-02-30", "is not a valid date"),
                          ("2026-03-20/2026-03-10", "must end on or after"),
                          ("2026-03-20/", "no last day"), ("/2026-03-20", "is not a valid date"),
                          ("/", "no last day"), ("9999-01-01/9999-01-02", "outside the years")):
        table.append((with_option(AVAILABILITY, "--declared", value), 2,
                      (f"'--declared' = '{value}'", needle)))
    table.append((with_option(AVAILABILITY, "--engine", "sqlite"), 2, ("--engine", "'sqlite'")))
    for command, options in ((ASSESS, ("--valid-sends", "--explicit-failures")),
                             (["billing", "--billed", "104", "--submitted", "100"],
                              ("--billed", "--submitted"))):
        for option in options:
            for value, problem in BAD_COUNTS.items():
                if option == "--explicit-failures" and value == str(10**13):
                    problem = "exceeds"
                table.append((with_option(command, option, value), 2, (value, problem)))
    for term in (lambda n: ["months", "2026-03-17", n], lambda n: with_option(AVAILABILITY, "--months", n),
                 lambda n: with_option(SYNTH, "--months", n)):
        for value, problem in (("0", "from 1 to 1200"), ("-1", "from 1 to 1200"),
                               ("1201", "from 1 to 1200"), ("x", "must be a whole number")):
            table.append((term(value), 2, (f"{value}", problem)))
    for command in POLICY_COMMANDS:
        for value, needle in BAD_POLICIES.items():
            table.append((with_option(command, "--policy", value), 2, (value, needle)))
    for command in (["months", "2026-03-17", "3"], ["claim-window", "2027-01-31"],
                    ["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r"]):
        for value, needle in BAD_CALENDARS.items():
            table.append((with_option(command, "--calendar", value), 2, (needle,)))
    for value, needle in {"{codemap_kind.toml}": "'kind'", "{codemap_class.toml}": "nobodys_fault",
                          "{codemap_grace.toml}": "grace_hours", "{codemap_syntax.toml}": "TOML",
                          "no-such-map": "is not a shipped code map"}.items():
        table.append((with_option(AVAILABILITY, "--codemap", value), 2, (needle,)))
    for value, needle in {"{windows_order.toml}": "end", "{windows_clause.toml}": "clause",
                          "{windows_time.toml}": "tomorrow", "{windows_kind.toml}": "'kind'",
                          "{windows_syntax.toml}": "TOML", "{missing}.toml": "cannot be read"}.items():
        table.append((with_option(AVAILABILITY, "--windows", value), 2, (needle,)))
    # archives
    table += [
        (with_option(AVAILABILITY, "--db", "{missing}.duckdb"), 2, ("'--db'", "no such archive")),
        (with_option(AVAILABILITY, "--db", "{garbage.duckdb}"), 2,
         ("garbage.duckdb", "not a receipts archive")),
        (with_option(AVAILABILITY, "--db", "{a_folder}"), 2, ("a_folder",)),
        (with_option(AVAILABILITY, "--db", "{empty_db}"), 2, ("empty.duckdb", "is not a receipts archive")),
        (with_option(AVAILABILITY, "--account", "nobody"), 2, ("'account' = 'nobody'", "no records")),
        (with_option(AVAILABILITY, "--start", "2026-06-01"), 2, ("'1400000001'", "no records from",
                                                                "its records run from")),
        (with_option(AVAILABILITY, "--grace-hours", "-1"), 2, ("'--grace-hours' = -1",)),
        (with_option(AVAILABILITY, "--customer", "vip"), 2, ("--customer", "vip")),
        (with_option(AVAILABILITY, "--customer-type", "vip"), 2, ("--customer-type", "vip")),
        (with_option(AVAILABILITY, "--on", "2026-13-01"), 2, ("'--on' = '2026-13-01'",)),
        (with_option(AVAILABILITY, "--engine", "pandas"), 2, ("--engine", "'pandas'")),
    ]
    for value, needle in BAD_ACCOUNTS.items():
        table.append((with_option(AVAILABILITY, "--account", value), 2, ("'--account'", needle)))
        table.append((with_option(OUTLOOK, "--account", value), 2, ("'--account'", needle)))
        table.append((["ingest", "--db", "{root}/i.duckdb", "--account", value, "{receipts}"], 2,
                      ("'--account'", needle)))
        table.append((with_option(SYNTH, "--account", value), 2, ("'--account'", needle)))
    # the outlook: a month in progress, from the archive
    table += [
        (with_option(OUTLOOK, "--db", "{missing}.duckdb"), 2, ("'--db'", "no such archive")),
        (with_option(OUTLOOK, "--db", "{garbage.duckdb}"), 2, ("garbage.duckdb", "not a receipts archive")),
        (with_option(OUTLOOK, "--db", "{empty_db}"), 2, ("empty.duckdb", "is not a receipts archive")),
        (with_option(OUTLOOK, "--account", "nobody"), 2, ("'account' = 'nobody'", "no records")),
        ([*OUTLOOK, "--start", "2026-03-17", "--months", "1", "--on", "2026-04-16"], 2,
         ("'2026-04-16'", "a finished month")),
        (with_option(OUTLOOK, "--on", "2026-06-10"), 2, ("'1400000001'", "no records")),
        ([*OUTLOOK, "--start", "2026-03-17", "--months", "1", "--on", "2026-05-10"], 2,
         ("'2026-05-10'", "is not in the term")),
        ([*OUTLOOK, "--fee", "100.00"], 2, ("'list_price'", "give both")),
        ([*OUTLOOK, "--draws", "x"], 2, ("--draws", "must be a whole number")),
        ([*OUTLOOK, "--customer", "vip"], 2, ("--customer", "vip")),
        ([*OUTLOOK, "--paid-before", "100.00"], 2,
         ("'paid_before' = '100.00'", "needs the month's expected fee")),
        ([*OUTLOOK, "--fee", "45.00", "--list-price", "0.045", "--credited-before", "10"], 2,
         ("'credited_before' = '10'", "exceeds the fees paid before")),
        ([*OUTLOOK, "--fee", "45.00", "--list-price", "0.045", "--paid-before", "5",
          "--credited-before", "10"], 2, ("'credited_before' = '10'", "exceeds the fees paid before (5")),
        ([*OUTLOOK, "--fee", "45.00", "--list-price", "0.045", "--paid-before", "-5"], 2,
         ("'paid_before'",)),
    ]
    for value, problem in BAD_MONEY.items():
        table.append(([*OUTLOOK, "--fee", value, "--list-price", "0.045"], 2, (f"'{value}'", problem)))
    table.append(([*OUTLOOK, "--fee", "45.00", "--list-price", "0"], 2, ("'list_price' = '0'",)))
    table.append(([*OUTLOOK, "--fee", "45.00", "--list-price", "0.045", "--deductions", "46"], 2,
                  ("'deductions'", "exceed")))
    # claims: a month of one customer, refused when it cannot be claimed
    table += [
        (with_option(CLAIM, "--declared", "2026-04-02/x"), 2, ("'--declared' = '2026-04-02/x'",)),
        (with_option(CLAIM, "--customer-type", "vip"), 2, ("--customer-type", "'vip'")),
        (with_option(CLAIM, "--customer", "C0004"), 2, ("'--customer' = 'C0004'", "is not in")),
        (with_option(CLAIM, "--customers", "{missing}.csv"), 2, ("missing",)),
        (with_option(CLAIM, "--month", "2026-08-01"), 2, ("'--month' = '2026-08-01'", "is not in the term")),
        (with_option(CLAIM, "--on", "2026-12-30"), 1, ("forfeited", "--force")),  # expired
        (with_option(CLAIM, "--customer", "C001"), 1, ("met: nothing owed",)),  # C001, 2026-09: 98.3 %
        (with_option(CLAIM, "--out", "{a_file}"), 2, ("is a file, not a folder",)),
        (with_option(CLAIM, "--calendar", "{calendar_syntax.toml}"), 2, ("is not valid TOML",)),
    ]
    # receipts files: the file fails, or its records are rejected, each named
    for name, needle in {"r_empty.json": "is empty", "r_blank.json": "is empty",
                         "r_text.json": "is not valid JSON", "r_deep_array.json": "nested too deeply",
                         "r_deep_object.json": "nested too deeply", "r_unknown.json": "what",
                         "r_missing_field.json": "'mobile'", "r_old.json": "before 2020-09-23",
                         "r_future.json": "in the future", "r_bad_time.json": "yesterday",
                         "r_bad_status.json": "MAYBE", "r_number_mobile.json": "must be a string",
                         "r_cut.json": "not valid JSON", "r_not_object.json": "not a JSON object",
                         "r_cut.json.gz": "cut short",
                         "r_cut_at_line.json.gz": "r_cut_at_line.json.gz: the file ends early",
                         "r_binary.json": "r_binary.json",
                         "r_latin1.json": "UTF-8", "missing": "cannot be read",
                         "not_json_folder": "no receipts files"}.items():
        table.append((["ingest", "--db", "{root}/i.duckdb", "--account", "a1", f"{{{name}}}"], 2,
                      (needle,)))
    table.append((["ingest", "--db", "{root}/i.duckdb", "--account", "a1", "--format", "fax",
                   "{receipts}"], 2, ("'fax'",)))
    table.append((["ingest", "--db", "{a_folder}", "--account", "a1", "{receipts}"], 2, ("a_folder",)))
    table.append((["ingest", "--db", "{missing_csv}", "--account", "a1", "{receipts}"], 2,
                  ("{missing_csv}",)))
    table.append((["ingest", "--db", "{garbage.duckdb}", "--account", "a1", "{receipts}"], 2,
                  ("garbage.duckdb",)))
    # portfolio files: rejected rows are named one by one; the file as a whole, once
    portfolio_files: dict[str, tuple[str, ...]] = {
        "fig_missing_column.csv": ("'list_price'", "column is missing"),
        "fig_extra_field.csv": ("line 2", "has 9 fields; the header has 8"),
        "fig_short_row.csv": ("line 2", "has 4 fields; the header has 8"),
        "fig_bad_fee.csv": ("line 2", "'fee' = '45x'"), "fig_fee_places.csv": ("'45.001'", "places"),
        "fig_fee_huge.csv": ("'1e400'", "scientific notation"), "fig_fee_digits.csv": ("'1111", "exceeds"),
        "fig_count_huge.csv": ("'valid_sends' = '9999", "exceeds"),
        "fig_count_negative.csv": ("'-5'", "negative"), "fig_count_float.csv": ("'10.5'", "whole"),
        "fig_failures_over.csv": ("'1001'", "exceeds valid_sends"),
        "fig_deductions_over.csv": ("'46.00'", "exceed"), "fig_price_zero.csv": ("'0'", "greater"),
        "fig_price_huge.csv": ("'1e15'", "scientific notation"),
        "fig_two_problems.csv": ("'fee' = 'x'", "and field 'list_price' = '0'"),
        "fig_nan.csv": ("'NaN'", "finite"), "fig_empty_value.csv": ("'explicit_failures'", "missing"),
        "fig_duplicate_header.csv": ("'fee'", "names a column twice"),
        "fig_empty.csv": ("fig_empty.csv", "empty"), "fig_blank_header.csv": ("line 1", "empty"),
        "fig_formula.csv": ("'=1+1'", "decimal amount"), "fig_latin1.csv": ("line 2", "UTF-8"),
        "fig_cut.csv.gz": ("fig_cut.csv.gz", "cannot be read"),
        "fig_binary.csv": ("fig_binary.csv", "UTF-8"),
        "fig_open_quote.csv": ("fig_open_quote.csv", "line 2"),
        "fig_month_far.csv": ("'service_month_start' = '9999-07-01'", "outside the years"),
        "fig_month_empty.csv": ("'service_month_start' = ''", "not a valid date"),
        "fig_month_twice.csv": ("line 3", "'2026-07-01'", "repeats a month of customer_id 'C001'"),
        "fig_paid.csv": ("'paid' = '1e400'", "scientific notation"),
        "fig_excluded.csv": ("'excluded' = '-3'", "negative"),
        "fig_paid_text.csv": ("line 2", "'paid' = '4x'"),
        "fig_paid_places.csv": ("'paid' = '1.001'", "places"),
        "a_folder": ("a_folder", "cannot be read"),
        "missing": ("missing", "cannot be read"),
    }
    for name, portfolio_needles in portfolio_files.items():
        table.append((["portfolio", f"{{{name}}}", "--json"], 2, portfolio_needles))
    # a database and a query: what is not a DuckDB database is named, with what to do instead
    not_duckdb = ("is not a DuckDB database", "pass it as the portfolio file, without a query")
    query = "SELECT * FROM months"
    table += [(["portfolio", "{months.parquet}", "--query", query], 2, ("months.parquet", *not_duckdb)),
              (["portfolio", "{fig_ok.csv}", "--query", query], 2, ("fig_ok.csv", *not_duckdb)),
              (["portfolio", "{garbage.duckdb}", "--query", query], 2, ("garbage.duckdb", *not_duckdb)),
              (["portfolio", "{missing}", "--query", query], 2, ("missing", "cannot be read")),
              (["portfolio", "{a_folder}", "--query", query], 2, ("a_folder", "cannot be read")),
              (["portfolio", "{empty_db}", "--query", query], 2, ("empty.duckdb", "'query'", "months")),
              (["portfolio", "{empty_db}"], 2, ("empty.duckdb", "is a DuckDB database: give the query")),
              (["portfolio", "{empty_db}", "--query", "SELECT 1 AS x"], 2,
               ("empty.duckdb", "'valid_sends'", "column is missing"))]
    # customers files for report: refused whole (2), or every row failed before any kernel (1)
    report = ["report", "--out", "{root}/reports", "--customers"]
    customers: tuple[tuple[str, int, tuple[str, ...]], ...] = (
        ("cust_missing_column.csv", 2, ("'months'", "column is missing")),
        ("cust_header_only.csv", 2, ("holds no customers",)),
        ("cust_bom_header_only.csv", 2, ("holds no customers",)),
        ("cust_empty.csv", 2, ("cust_empty.csv", "empty")),
        ("missing", 2, ("cannot be read",)),
        ("cust_bad_start.csv", 1, ("line 2", "'start' = '2026-02-30'")),
        ("cust_far_start.csv", 1, ("line 2", "'start' = '9999-12-01'", "outside the years")),
        ("cust_bad_months.csv", 1, ("line 2", "'months' = 'x'")),
        ("cust_zero_months.csv", 1, ("line 2", "'months' = 0")),
        ("cust_empty_id.csv", 1, ("line 2", "line 3", "'customer_id' = ''")),
        ("cust_duplicate_id.csv", 1, ("line 3", "appears twice (first on line 2)")),
        ("cust_extra_field.csv", 1, ("line 2", "has 5 fields; the header has 4")),
        ("cust_figures_missing.csv", 1, ("'figures' = 'nowhere.csv'", "does not exist")),
        ("cust_calendar_missing.csv", 1, ("line 2", "'calendar' = 'nowhere.toml'", "does not exist")),
        ("cust_calendar_bad.csv", 1, ("line 2", "calendar_day.toml", "2027-02-30")),
        ("cust_policy_bad.csv", 1, ("line 2", "policy_first_day.toml", "before")),
        ("cust_receipts_missing.csv", 1, ("'receipts' = 'nowhere'", "does not exist")),
        ("cust_windows_missing.csv", 1, ("'windows' = 'nowhere.toml'", "does not exist")),
        ("cust_lang.csv", 1, ("'lang' = 'fr'",)),
        ("cust_account.csv", 1, ("'account' = '../../x'", "must not contain")),
        ("cust_garbage_archive.csv", 1, ("garbage.duckdb", "not a receipts archive")),
        ("cust_policy_unknown.csv", 1, ("line 2", "'policy' = 'nope'", "is not a shipped policy")),
        ("cust_policy_file.csv", 1, ("line 2", "policy_rate.toml", "'ten'")),
    )
    for name, code, expected in customers:
        table.append(([*report, f"{{{name}}}"], code, expected))
    table += [
        (["report", "--customers", "{cust_bad_start.csv}", "--out", "{a_file}"], 2,
         ("'--out'", "is a file, not a folder")),
        (["report", "--customers", "{cust_bad_start.csv}", "--out", "/proc/slakit-reports"], 2,
         ("'--out'", "cannot be made")),
        (["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r", "--template",
          "{missing}.ipynb"], 2, ("'--template'", "does not exist")),
        (["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r", "--lang", "fr"], 2,
         ("--lang", "'fr'")),
        (["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r", "--jobs", "x"], 2,
         ("--jobs", "'x'")),
        (["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r", "--timeout", "0"], 2,
         ("'--timeout'", "must be a positive number of seconds")),
        (["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r", "--timeout", "nan"],
         2, ("'--timeout'", "must be a positive number of seconds")),
    ]
    # the claims register, read by due and report before any customer is stated
    due = ["due", "--customers", str(SAMPLE / "customers.csv"), "--on", "2026-10-20"]
    registers = (
        ("reg_missing_column.csv", ("line 1", "'filed_on'", "column is missing")),
        ("reg_header_zh.csv", ("line 1", "'filed_on'", "column is missing")),
        ("reg_bad_month.csv", ("reg_bad_month.csv, line 2", "'service_month' = '2026-13-01'")),
        ("reg_bad_filed.csv", ("line 2", "'filed_on' = 'yesterday'", "YYYY-MM-DD")),
        ("reg_filed_before.csv", ("line 2", "'filed_on' = '2026-08-20'", "is not after")),
        ("reg_outcome.csv", ("line 2", "'outcome' = 'maybe'", "accepted")),
        ("reg_sms.csv", ("line 2", "'sms_credited' = '-5'", "count of SMS")),
        ("reg_sms_text.csv", ("line 2", "'sms_credited' = 'lots'", "count of SMS")),
        ("reg_sms_not_credited.csv", ("line 2", "'sms_credited' = '24000'", "only a credited claim")),
        ("reg_duplicate.csv", ("line 3", "registered twice for C004 (first on line 2)")),
        ("reg_empty_id.csv", ("line 2", "'customer_id' = ''", "is empty")),
        ("reg_extra_field.csv", ("line 2", "has 7 fields; the header has 6")),
        ("reg_empty.csv", ("reg_empty.csv", "is empty")),
        ("missing", ("missing", "cannot be read")),
        ("a_folder", ("a_folder", "cannot be read")),
    )
    for name, expected in registers:
        table.append(([*due, "--register", f"{{{name}}}"], 2, expected))
    table.append(([*report, "{cust_bad_start.csv}", "--register", "{reg_outcome.csv}"], 2,
                  ("line 2", "'outcome' = 'maybe'")))
    table += [([*due, "--within", "-1"], 2, ("'--within' = '-1'", "0 or more")),
              ([*due, "--within", "x"], 2, ("--within", "invalid int value: 'x'")),
              (with_option(due, "--on", "2026-02-30"), 2, ("'--on' = '2026-02-30'",)),
              ([*due, "--lang", "fr"], 2, ("--lang", "'fr'")),
              (["due", "--customers", "{missing}"], 2, ("missing", "cannot be read")),
              (["due", "--customers", "{cust_missing_column.csv}"], 2, ("'months'", "column is missing"))]
    for value, needle in BAD_CALENDARS.items():
        table.append((["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r",
                       "--calendar", value], 2, (needle,)))
    # simulate
    for option, value, needle in (
        ("--seed", "-1", "'seed' = -1"), ("--seed", "x", "must be a whole number"),
        ("--accounts", "0", "'accounts' = 0"), ("--months", "-3", "'months' = -3"),
        ("--accounts", "100000000", "'accounts' = 100000000"),
        ("--accounts", "10000000", "account-months"),
        ("--incidents-per-month", "nan", "'incidents_per_month' = nan"),
        ("--incidents-per-month", "inf", "'incidents_per_month' = inf"),
        ("--incidents-per-month", "-1", "'incidents_per_month' = -1.0"),
        ("--platform-share", "2", "'platform_share' = 2.0"),
        ("--mean-duration-hours", "0", "'mean_duration_hours' = 0.0"),
        ("--fee-per-sms", "x", "'fee_per_sms' = 'x'"), ("--list-price", "0", "'list_price' = '0'"),
        ("--voucher-share", "2", "'voucher_share'"), ("--voucher-share", "0.00001", "places"),
        ("--days", "32", "'days' = 32"), ("--daily-volume", "-1", "'daily_volume' = -1"),
        ("--out", "{missing_csv}", "there is no folder"), ("--out", "{a_folder}", "is a folder"),
        ("--out", "/proc/slakit.csv", "cannot be written"),
    ):
        table.append((with_option(SIMULATE, option, value), 2, (needle,)))
    # synth
    for option, value, needle in (
        ("--out", "{a_file}", "is a file, not a folder"), ("--out", "/proc/slakit", "cannot be made"),
        ("--daily-volume", "0", "'--daily-volume' = 0"), ("--incident", "tomorrow", "START/END"),
        ("--incident", "2026-03-02T10:00/2026-03-02T09:00", "must end after it starts"),
        ("--receipt-format", "fax", "'fax'"), ("--seed", "x", "must be a whole number"),
    ):
        table.append((with_option(SYNTH, option, value), 2, (needle,)))
    # the web app and the kit
    table += [(["app", "--port", port], 2, ("'--port'", problem)) for port, problem in (
        ("-1", "from 1 to 65535"), ("0", "from 1 to 65535"), ("99999", "from 1 to 65535"),
        ("{taken_port}", "is in use"))]
    table.append((["app", "--port", "x"], 2, ("--port", "invalid int value: 'x'")))
    table.append((["app", "--notebook", "nope"], 2, ("'--notebook' = 'nope'", "explorer")))
    table.append((["notebooks", "{a_file}"], 2, ("'DIR'", "is a file")))
    table.append((["notebooks", "/proc/slakit-kit"], 2, ("'DIR'", "cannot be made")))
    table += new_kinds()
    # usage
    table += [([], 2, ("command",)), (["frobnicate"], 2, ("'frobnicate'",)),
              (["assess"], 2, ("--valid-sends",)), (["months", "2026-03-17"], 2, ("months",)),
              (["portfolio"], 2, ("file",)), (["ingest", "--account", "a"], 2, ("FILE",))]
    return table


def new_kinds() -> list[Case]:
    """What the kit once took without a word: numbers as a spreadsheet writes them, folders with
    other files, archives that are none, pages a poller writes, older rule files, days past the
    lunar tables, month dates a report refuses. Exit code 0: read right, the needles in the output."""
    e_notation, comma, whole = "scientific notation", "decimal comma", "must be a whole number"
    table: list[Case] = []
    for option, value in (("--fee", "6.82979E+04"), ("--list-price", "4.5E-02"), ("--fee", "4.5e1"),
                          ("--deductions", "1E+01"), ("--paid", "4.5E+01")):
        table.append((with_option(ASSESS, option, value), 2,
                      (f"'{value}'", e_notation, "write it in full")))
    for option, value in (("--valid-sends", "1.00004E+06"), ("--explicit-failures", "1E3"),
                          ("--excluded", "2e1")):
        table.append((with_option(ASSESS, option, value), 2, (option, f"'{value}'", e_notation)))
    table += [(["billing", "--billed", "1.04E+05", "--submitted", "100"], 2, ("--billed", e_notation)),
              (["months", "2026-03-17", "3E0"], 2, ("'3E0'", e_notation)),
              (with_option(SYNTH, "--daily-volume", "1E3"), 2, ("--daily-volume", e_notation)),
              (with_option(SIMULATE, "--accounts", "1E2"), 2, ("--accounts", e_notation)),
              (with_option(OUTLOOK, "--draws", "1E3"), 2, ("--draws", e_notation)),
              ([*OUTLOOK, "--fee", "6.8E+04", "--list-price", "0.045"], 2, ("'6.8E+04'", e_notation))]
    for option, value, hint in (("--list-price", "0,045", "(0.045)"), ("--fee", "0,50", "(0.50)"),
                                ("--fee", "45,5", "(45.5)"), ("--list-price", "0,0450", "(0.0450)"),
                                ("--paid", "1,00", "(1.00)")):
        table.append((with_option(ASSESS, option, value), 2, (f"'{value}'", comma, hint)))
    table.append(([*OUTLOOK, "--fee", "45,00", "--list-price", "0.045"], 2, ("'45,00'", comma)))
    for option, value in (("--valid-sends", "1,0000"), ("--explicit-failures", "0,010")):
        table.append((with_option(ASSESS, option, value), 2, (option, f"'{value}'", comma)))
    fullwidth = ["assess", "--valid-sends", "１，０００", "--explicit-failures", "１００",
                 "--fee", "４５．００", "--list-price", "０．０４５", "--json"]
    table += [(fullwidth, 0, ('"availability": "9/10"', '"credit_sms": 100')),
              (["months", "２０２６-０３-１７", "３", "--json"], 2, ("'START'", "not a valid date")),
              (["billing", "--billed", "１０４，０００", "--submitted", "１００，０００"], 0, ("within",))]
    for command in (AVAILABILITY, OUTLOOK, SYNTH):
        table.append((with_option(command, "--account", "1.4E+09"), 2, ("'--account'", e_notation)))
    table.append((["ingest", "--db", "{root}/i.duckdb", "--account", "1.4E+09", "{receipts}"], 2,
                  ("'--account'", e_notation, "format the column as text")))
    portfolio_files = {
        "fig_e_count.csv": ("line 2", "'valid_sends' = '1.00004E+06'", e_notation),
        "fig_e_failures.csv": ("line 2", "'explicit_failures' = '1E+01'", e_notation),
        "fig_e_fee.csv": ("line 2", "'fee' = '6.82979E+04'", e_notation),
        "fig_e_id.csv": ("line 2", "'customer_id' = '1.4E+09'", e_notation),
        "fig_comma.csv": ("line 2", "'list_price' = '0,045'", comma, "(0.045)"),
        "fig_comma_fee.csv": ("line 2", "'fee' = '45,5'", comma),
        "fig_end_before.csv": ("line 2", "'service_month_end' = '2026-07-01'", "comes before"),
        "fig_three_months.csv": ("line 2", "'service_month_end' = '2026-09-30'", "ends by 2026-07-31"),
        "fig_overlap.csv": ("line 3", "'2026-07-15'", "overlaps the month 2026-07-01..2026-07-31"),
        "fig_end_bad.csv": ("line 2", "'service_month_end' = '2026-07-32'", "not a valid date"),
    }
    for name, needles in portfolio_files.items():
        table.append((["portfolio", f"{{{name}}}", "--json"], 2, needles))
    double = ("is a column of binary floating-point numbers", "exactly")
    table += [
        (["portfolio", "{fee_double.parquet}"], 2,
         ("fee_double.parquet", "'fee'", *double, "DECIMAL(18, 2)")),
        (["portfolio", "{count_double.parquet}"], 2, ("'valid_sends'", *double, "BIGINT")),
        (["portfolio", "{other.duckdb}", "--query", "SELECT * FROM months"], 2,
         ("other.duckdb", "'fee'", *double, "CAST(fee AS DECIMAL(18, 2))")),
        (["portfolio", "{fig_fullwidth.csv}", "--json"], 0, ('"assessed": 1', '"credit_sms": 100')),
        (["portfolio", "{fig_ok.csv}"], 0, ("no row is owed credit (1 rows read, 1 assessed)", "--all")),
        (["portfolio", "{fig_ok.csv}", "--policy", "variant-net-fee-basis", "--policy",
          "tencent-sms-2020-09-23"], 0, ("policy variant-net-fee-basis", "no row is owed credit")),
        (["portfolio", "{fig_ok.csv}", "--all", "--policy", "variant-net-fee-basis", "--policy",
          "tencent-sms-2020-09-23"], 0, ("policy variant-net-fee-basis", "2026-07-01", "99%")),
        (["portfolio", "{fig_owed.csv}", "--json"], 0, ('"rows": [', '"credit_sms": 100')),
        (["portfolio", "{fig_ok.csv}", "--json", "--all"], 0, ('"rows": [', '"customer_id": "C001"')),
    ]
    report = ["report", "--out", "{root}/reports", "--customers"]
    table += [([*report, "{cust_e_id.csv}"], 1, ("line 2", "'customer_id' = '1.4E+09'", e_notation)),
              ([*report, "{cust_end_before.csv}"], 1, ("'service_month_end' = '2026-07-01'", "comes before"))]
    # files and folders: every file read or named; an archive that is none refused
    ingest = ["ingest", "--db", "{root}/i.duckdb", "--account", "a1"]
    table += [
        ([*ingest, "{mixed_folder}"], 0, ("notes.txt: skipped", "windows.toml: skipped", ".JSON.GZ",
                                          "*.json, *.jsonl or *.ndjson")),
        ([*ingest, "{jsonl_folder}"], 0, ("a.JsonL", "b.json.bak: skipped")),
        (["ingest", "--help"], 0, ("*.jsonl", "skipped")),
        (["ingest", "--db", "{fig_ok.csv}", "--account", "a1", "{receipts}"], 2,
         ("fig_ok.csv", "is not a receipts archive", "not a DuckDB database")),
        (["ingest", "--db", "{months.parquet}", "--account", "a1", "{receipts}"], 2,
         ("months.parquet", "is not a receipts archive")),
        (["ingest", "--db", "{other.duckdb}", "--account", "a1", "{receipts}"], 2,
         ("other.duckdb", "is not a receipts archive")),
        (with_option(AVAILABILITY, "--db", "{fig_ok.csv}"), 2, ("fig_ok.csv", "is not a receipts archive")),
        (with_option(AVAILABILITY, "--db", "{other.duckdb}"), 2, ("other.duckdb", "not a receipts archive")),
        (with_option(OUTLOOK, "--db", "{months.parquet}"), 2, ("months.parquet", "not a receipts archive")),
    ]
    for name, needles in {"r_empty_pull.json": ("r_empty_pull.json", '"records": 0'),
                          "r_empty_array.json": ("r_empty_array.json",),
                          "r_empty_pretty.json": ("r_empty_pretty.json",),
                          "r_bom_crlf.json": ("r_bom_crlf.json", "callback"),
                          "r_bom_lines.json": ("r_bom_lines.json", "callback"),
                          "r_lower.json": ("r_lower.json", "callback"),
                          "r_mixed_case.json": ("r_mixed_case.json", "callback")}.items():
        table.append(([*ingest, "--json", f"{{{name}}}"], 0, (*needles, '"rejected": 0', '"problem": null')))
    table.append(([*ingest, "{r_pull_error.json}"], 2, ("r_pull_error.json", "holds no records")))
    table += [([*ingest, "{r_places.json}"], 2, ("line 1: field 'report_status' = 'MAYBE'",
                                                 "(record 2 of the line's 3)", "(record 3 of the line's 3)")),
              ([*ingest, "{r_places_pull.json}"], 2, ("line 1: field 'ReportStatus' = 'LOST'",
                                                      "(record 3 of the line's 3)"))]
    # rule files: an older policy file reads with the SLA's defaults; windows and calendars checked
    table += [
        (["policies", "{policy_old_v1.toml}"], 0, ("spec.exclusions, spec.liability", "default reading")),
        (with_option(ASSESS, "--policy", "{policy_old_v1.toml}"), 0, ("99%",)),
        (["months", "2026-03-17", "3", "--policy", "{policy_old_v1.toml}"], 0, ("2026-04-09",)),
        (["policies", "{policy_old_bonus.toml}"], 2, ("bonus",)),
        (with_option(ASSESS, "--policy", "{policy_old_bonus.toml}"), 2, ("bonus",)),
    ]
    for option, name, value in (("--windows", "windows_clause_12.toml", "SLA §1.2"),
                                ("--windows", "windows_clause_99.toml", "SLA §9.9"),
                                ("--windows", "windows_clause_bare.toml", "§4.14"),
                                ("--windows", "windows_clause_4.toml", "SLA §4"),
                                ("--codemap", "codemap_excluded_12.toml", "SLA §1.2"),
                                ("--codemap", "codemap_excluded_99.toml", "SLA §9.9")):
        table.append((with_option(AVAILABILITY, option, f"{{{name}}}"), 2,
                      (f"'{value}'", "must cite one of the exclusions of SLA §4")))
    for name, day in (("calendar_2026_extra.toml", "2026-10-08"),
                      ("calendar_2026_workday.toml", "2026-10-03"),
                      ("calendar_2026_june.toml", "2026-06-22")):
        for command in (["months", "2026-09-01", "2"], ["claim-window", "2026-09-30"],
                        ["report", "--customers", "{cust_bad_start.csv}", "--out", "{root}/r"]):
            table.append((with_option(command, "--calendar", f"{{{name}}}"), 2,
                          (f"'{day}'", "contradicts the official schedule of 2026")))
    for name, needle in (
            ("calendar_2027_missing.toml", "2027-01-01 (New Year's Day) is a statutory holiday"),
            ("calendar_2027_weekend.toml", "2027-01-02 is listed as a holiday but is a Saturday"),
            ("calendar_2027_weekday.toml", "2027-01-04 is listed as a make-up working day")):
        for command in (["months", "2026-12-01", "2"], ["claim-window", "2026-12-31"]):
            table.append((with_option(command, "--calendar", f"{{{name}}}"), 0, ("note:", needle)))
    # days past the lunar tables, draws and seeds out of range: clean errors, no traceback
    lunar = ("cannot be estimated", "ends in 2100", "--calendar FILE")
    table += [(["months", "2106-03-17", "3"], 2, ("2106", *lunar)),
              (["claim-window", "2150-09-30"], 2, ("2150", *lunar)),
              (["claim-window", "2100-12-31"], 2, ("2101", *lunar)),
              (["months", "2999-01-01", "1"], 2, ("2999", *lunar)),
              (["claim-window", "2100-11-30"], 0, ("2100-12-08",))]
    for option, value, needle in (("--draws", "0", "from 1 to 1,000,000"), ("--draws", "-5", "from 1 to"),
                                  ("--draws", "10000000", "from 1 to 1,000,000"),
                                  ("--seed", "-1", "'seed' = -1"), ("--seed", "1.5", whole)):
        table.append((with_option(OUTLOOK, option, value), 2, (needle,)))
    return table


CASES = cases()
PLACEHOLDER = re.compile(r"\{([\w.]+)\}")


def fill(text: str, files: dict[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by the path of that file."""
    return PLACEHOLDER.sub(lambda m: files[m.group(1)], text)


PYTHON_ERROR = re.compile(r"\b(?:[A-Z][a-z]+)+(?:Error|Exception)\b:")  # ValueError: and the like


def test_the_table_is_large_and_the_readme_counts_it():
    assert len(CASES) >= 250
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"holds that to {len(CASES)} bad or hostile inputs" in readme


@pytest.mark.parametrize(("args", "code", "needles"), CASES,
                         ids=[" ".join(a)[:90] for a, _, _ in CASES])
def test_bad_input_is_a_clean_error(files, args, code, needles):
    done = slakit(*(fill(a, files) for a in args))
    err = done.stderr
    assert done.returncode == code, err or done.stdout
    assert "Traceback" not in err and not PYTHON_ERROR.search(err), err
    said = err if code else done.stdout + err  # read right: what it read is in the output
    for needle in needles:
        assert fill(needle, files) in said, said
    lines = err.strip().splitlines()
    if code == 2 and not lines[0].startswith(("rejected:", "failed:")):
        assert len(lines) == 1, err  # one line: the error
    else:
        assert all(line.startswith(("rejected:", "failed:", "note:", "slakit"))
                   or ": failed:" in line for line in lines), err


def test_portfolio_counts_rows_not_problems(files):
    """Rows read = assessed + rejected, each rejected row once, whatever its number of problems."""
    for name in ("fig_two_problems.csv", "fig_extra_field.csv", "fig_short_row.csv", "fig_bad_fee.csv"):
        done = slakit("portfolio", files[name], "--json")
        summary = json.loads(done.stdout)[0]
        rejected = [line for line in done.stderr.splitlines() if line.startswith("rejected:")]
        assert summary["rows_read"] == summary["assessed"] + summary["rejected"], name
        assert summary["rejected"] == len(rejected) == 1, (name, done.stderr)


def test_ingest_reconciles_every_record(files):
    done = slakit("ingest", "--db", files["root"] + "/reconcile.duckdb", "--account", "a1", "--json",
                  files["r_not_object.json"], files["r_bad_status.json"], files["r_cut.json.gz"])
    assert done.returncode == 2
    for result in json.loads(done.stdout):
        assert result["records"] == result["stored"] + result["duplicates"] + result["rejected"]


def test_a_report_batch_of_failing_rows_lists_each_row(files):
    """Two rows with one id are two outcomes; two empty ids are two; nothing is overwritten."""
    out = Path(files["root"]) / "dup-reports"
    for name, expected in (("cust_duplicate_id.csv", ["C001", "C001"]), ("cust_empty_id.csv", ["", ""])):
        done = slakit("report", "--customers", files[name], "--out", str(out), "--json", lang="zh")
        assert done.returncode == 1
        outcomes = json.loads(done.stdout)
        assert [o["customer_id"] for o in outcomes] == expected
        assert [o["line"] for o in outcomes] == [2, 3] and {o["status"] for o in outcomes} == {"failed"}
        with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
        # in the batch's language
        assert [(r["行号"], r["报告"]) for r in rows] == [("2", "失败"), ("3", "失败")]
        assert (out / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert "2 失败" in (out / "index.html").read_text(encoding="utf-8")


# --- generated input ----------------------------------------------------------------------------

CELL = st.one_of(st.text(max_size=12), st.integers(-10**15, 10**15).map(str),
                 st.decimals(allow_nan=True, allow_infinity=True).map(str),
                 st.sampled_from(["", "0", "1,000.00", "=cmd", "1e400", "NaN", "0.045", "-0"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=7), min_size=1, max_size=8))
def test_generated_portfolio_rows_are_assessed_or_rejected(tmp_path, rows):
    header = ["valid_sends", "explicit_failures", "fee", "deductions", "list_price"]
    path = tmp_path / "generated.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    try:
        portfolio = read_portfolio(path)
    except InputError as error:  # the file as a whole: named, one line
        assert "\n" not in str(error) and str(path) in str(error)
        return
    blank = sum(1 for row in rows if not any(cell.strip() if len(row) == 5 else True for cell in row))
    errors = portfolio.errors()
    assert portfolio.rows_read == len(portfolio.frame) + len(errors) == len(rows) - blank
    assert all(e.source == str(path) and e.line and "\n" not in str(e) for e in errors)
    portfolio.assess()


RECORD_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(),
                         st.text(max_size=20), st.lists(st.integers(), max_size=3),
                         st.sampled_from(["2026-03-17 10:00:00", "SUCCESS", "FAIL", "DELIVRD"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.dictionaries(st.sampled_from(sorted(CALLBACK)), RECORD_VALUE, max_size=7)
                        .map(lambda changes: {**CALLBACK, **changes}), min_size=1, max_size=6))
def test_generated_receipts_are_stored_or_rejected(tmp_path, records):
    path = tmp_path / "generated.json"
    path.write_text(json.dumps(records, allow_nan=True) + "\n", encoding="utf-8")
    (result,) = ingest(tmp_path / "g.duckdb", "a1", [path], "callback")
    assert result.records == len(records)
    assert result.records == result.stored + result.duplicates + result.rejected
    assert all(e.line == 1 and "\n" not in str(e) for e in result.rejects)


# What a Chinese message may hold in Latin letters: names, codes and quoted identifiers
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|\([^()]*\.[a-z]{2,4}\)")
NAMES = re.compile(r"\S*[/\\]\S*|--?[\w-]+|\S*[\w-]+\.(?:toml|csv|json|jsonl|gz|parquet|duckdb|ipynb)\b"
                   r"|\b\w*[_\d]\w*\b|\b[A-Z][A-Z]+\b|\b[a-z]+\[[a-z]+\]|\b[a-z]+(?:-[a-z0-9]+)+\b"
                   r"|datetime\.\w+\([^)]*\)")
KNOWN = {  # names: formats, tools, commands, columns, the readings a file may take
    "slakit", "SLA", "CSV", "UTF", "TOML", "JSON", "DuckDB", "Parquet", "gzip", "Unix", "ISO", "Apache",
    "Spark", "pip", "install", "Chromium", "PDF", "SELECT", "Jupyter", "Voil", "API", "None", "True",
    "False", "NaN", "Infinity", "nan", "inf", "int", "float", "str", "en", "zh", "apiVersion", "kind",
    "metadata", "spec", "name", "natural", "anniversary", "ordinary", "channel", "down", "up", "half",
    "above", "mixed", "callback", "pull", "sendlog", "explorer", "removed", "delivered", "consumed", "net",
    "paid", "after", "on", "none", "undeclared", "fees", "all", "explicit", "failure", "disputed",
    "excluded", "invalid", "best", "duckdb", "spark", "command", "file", "months", "start", "fee",
    "deductions", "customer", "e", "x", "T", "policy", "lab", "help", "toml", "ticket", "outcome", "filed",
    "accepted", "rejected", "credited", "due",
    "assess", "claim-window", "policies", "billing", "portfolio", "app", "notebooks", "kernel", "report",
    "claim", "simulate", "ingest", "availability", "synth", "outlook",
}
WORD = re.compile(r"[A-Za-z]{2,}")


def english_left(text: str) -> list[str]:
    """The English words of ``text`` beyond names, codes and quoted identifiers."""
    bare = NAMES.sub(" ", QUOTED.sub(" ", text))
    return [w for w in WORD.findall(bare) if w not in KNOWN]


@pytest.mark.parametrize(("args", "code", "needles"), CASES,
                         ids=[" ".join(a)[:90] for a, _, _ in CASES])
def test_bad_input_speaks_chinese_under_a_chinese_locale(files, args, code, needles):
    done = slakit(*(fill(a, files) for a in args), lang="zh")
    err = done.stderr
    assert done.returncode == code, err or done.stdout
    assert "Traceback" not in err and not PYTHON_ERROR.search(err), err
    assert english_left(err) == [], err


# --- from Python: slakit's own errors, and values as a DataFrame holds them ---------------------

def test_the_public_api_refuses_bad_arguments_with_its_own_errors():
    from datetime import datetime

    import slakit

    text: object = "2026-09-30"
    for call, field in ((lambda: slakit.claim_window(text), "service_month_end"),  # type: ignore[arg-type]
                        (lambda: slakit.service_months(datetime(2026, 3, 17, 10), 3), "start"),
                        (lambda: slakit.service_months(text, 3), "start"),  # type: ignore[arg-type]
                        (lambda: slakit.claim_window(date(2150, 9, 30)), None)):
        with pytest.raises(slakit.SlakitError) as raised:
            call()
        assert field is None or getattr(raised.value, "field", None) == field


def test_numpy_integers_are_whole_numbers_and_text_is_read_as_typed():
    import numpy as np

    import slakit

    typed = slakit.assess(valid_sends=100_000, explicit_failures=6_000, fee="1000.00", list_price="0.05")
    frame: dict[str, Any] = {"valid_sends": np.int64(100_000), "explicit_failures": np.int32(6_000),
                             "fee": np.int64(1000)}  # as a DataFrame's row gives them
    framed = slakit.assess(**frame, list_price="０.０５")
    assert (framed.availability, framed.credit_sms, framed.credit_amount) == (
        typed.availability, typed.credit_sms, typed.credit_amount) == (Fraction(47, 50), 2000, Decimal(100))
    with pytest.raises(InputError, match="scientific notation"):
        slakit.assess(valid_sends=1000, explicit_failures=0, fee="6.82979E+04", list_price="0.05")
    with pytest.raises(InputError, match="decimal comma"):
        slakit.assess(valid_sends=1000, explicit_failures=0, fee="45.00", list_price="0,045")
    with pytest.raises(InputError, match="must be a whole number"):
        slakit.assess(**{**frame, "valid_sends": np.float64(1000)}, list_price="0.05")


def test_e_notation_never_takes_the_fast_path(tmp_path):
    """Arrow reads '1.00004E+06' as 1000040: the column goes to the parser that refuses it."""
    path = tmp_path / "m.csv"
    rows = "\n".join(f"{v},0,45.00,0,0.045" for v in ("1000", "1.00004E+06", "2000"))
    path.write_text("valid_sends,explicit_failures,fee,deductions,list_price\n" + rows + "\n")
    portfolio = read_portfolio(path)
    assert portfolio.rows_read == 3 and len(portfolio.frame) == 2
    (error,) = portfolio.errors()
    assert error.line == 3 and "scientific notation" in str(error)


def test_the_notebooks_say_the_new_problems_in_chinese():
    import pandas as pd

    from slakit import parse_portfolio
    from slakit.money import parse_amount

    for value, zh in (("0,045", "小数逗号"), ("6.82979E+04", "科学计数法")):
        with pytest.raises(InputError) as raised:
            parse_amount(value, "fee")
        assert zh in raised.value.text("zh")
    with pytest.raises(InputError) as raised:
        parse_portfolio(pd.DataFrame({"valid_sends": [1], "explicit_failures": [0], "fee": [1.5],
                                      "deductions": ["0"], "list_price": ["0.045"]}))
    assert "二进制浮点数列" in raised.value.text("zh")
