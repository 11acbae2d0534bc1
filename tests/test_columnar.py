"""Portfolios from Parquet files and DuckDB queries: the same answers as from the CSV, read a batch
at a time, every row assessed or rejected with its file, row, field and value."""

from __future__ import annotations

import json
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from slakit import InputError, load_policy, parse_portfolio, read_portfolio
from slakit import portfolio as portfolio_module
from slakit.lab.compare import file_portfolio, outcome
from tests.cli import slakit

SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "account-months.csv"
POLICIES = ["tencent-sms-2020-09-23", "variant-consumed-cap", "variant-excluded-as-delivered"]


def typed(frame: pd.DataFrame) -> pa.Table:
    """The sample as a database would hold it: whole counts, exact decimals, dates."""
    def decimals(name: str, places: int) -> pa.Array:
        return pa.array([None if pd.isna(v) else Decimal(v) for v in frame[name]],
                        pa.decimal128(18, places))
    return pa.table({
        "customer_id": frame["customer_id"],
        "service_month_start": pa.array(pd.to_datetime(frame["service_month_start"]).dt.date),
        "valid_sends": frame["valid_sends"].astype("int64"),
        "explicit_failures": frame["explicit_failures"].astype("int64"),
        "excluded": frame["excluded"].astype("int64"),
        "fee": decimals("fee", 2), "deductions": decimals("deductions", 2),
        "paid": decimals("paid", 2), "list_price": decimals("list_price", 6),
    })


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """The sample's text, with sends excluded under SLA §4 and some fees paid as given."""
    frame = read_portfolio(SAMPLE).frame.copy()
    frame["excluded"] = [str(i * 37 % 500) for i in range(len(frame))]
    frame["paid"] = pd.Series([None if i % 4 else str(((Decimal(f) - Decimal(d)) / 3).quantize(
                                   Decimal("0.01"), ROUND_DOWN))
                               for i, (f, d) in enumerate(zip(frame["fee"], frame["deductions"],
                                                              strict=True))],
                              dtype=object)
    return frame


def same_answers(book, reference) -> None:
    for name in POLICIES:
        got, want = outcome(book, load_policy(name)), outcome(reference, load_policy(name))
        assert (got.credit, got.credit_sms, got.compensated_accounts, got.tiers) == \
            (want.credit, want.credit_sms, want.compensated_accounts, want.tiers), name


def test_parquet_gives_the_csvs_answers_batch_by_batch(tmp_path, sample, monkeypatch):
    """Read 7 rows at a time, a customer's months falling across batches still make one term."""
    path = tmp_path / "months.parquet"
    pq.write_table(typed(sample), path, row_group_size=10)
    monkeypatch.setattr(portfolio_module, "BATCH_ROWS", 7)
    seen: list[int] = []
    book = read_portfolio(path, progress=seen.append)
    assert seen == [*range(7, len(sample), 7), len(sample)]
    assert (book.rows_read, len(book.frame), book.rejected) == (len(sample), len(sample), ())
    same_answers(book, parse_portfolio(sample))


def test_a_bad_parquet_row_is_named_by_file_row_field_and_value(tmp_path, sample):
    table = typed(sample).to_pandas()
    table.loc[2, "explicit_failures"] = table.loc[2, "valid_sends"] + 1
    table.loc[4, "fee"] = None
    path = tmp_path / "months.parquet"
    pq.write_table(pa.Table.from_pandas(table, schema=typed(sample).schema, preserve_index=False), path)
    book = read_portfolio(path)
    errors = [str(e) for e in book.errors()]
    assert errors == [
        f"{path}, row 3: field 'explicit_failures' = {table.loc[2, 'valid_sends'] + 1}: exceeds "
        "valid_sends: failures are counted among valid sends",
        f"{path}, row 5: field 'fee' = None: is missing"]
    assert book.rows_read == len(book.frame) + len(errors) == len(sample)


@pytest.mark.parametrize("content", [b"valid_sends,fee\n1,2\n", b""])
def test_a_file_that_is_not_parquet_is_refused(tmp_path, content):
    path = tmp_path / "months.parquet"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"months.parquet: cannot be read as Parquet"):
        read_portfolio(path)


@pytest.fixture
def archive(tmp_path, sample) -> Path:
    """Monthly figures in one table and fees in another, as a receipts archive and a bill keep them."""
    path: Path = tmp_path / "archive.duckdb"
    with duckdb.connect(str(path)) as con:
        con.register("figures", typed(sample).select(["customer_id", "service_month_start",
                                                      "valid_sends", "explicit_failures", "excluded"]))
        con.register("bill", typed(sample).select(["customer_id", "service_month_start", "fee",
                                                   "deductions", "paid", "list_price"]))
        con.sql("CREATE TABLE monthly AS SELECT * FROM figures")
        con.sql("CREATE TABLE fees AS SELECT * FROM bill")
    return path


JOIN = ("SELECT * FROM monthly JOIN fees USING (customer_id, service_month_start) "
        "ORDER BY customer_id, service_month_start")


def test_a_duckdb_query_joining_figures_with_fees(archive, sample):
    book = read_portfolio(archive, JOIN)
    assert (book.rows_read, book.rejected) == (45, ())
    same_answers(book, parse_portfolio(sample))
    lab = file_portfolio(archive, JOIN)
    assert lab.label == f"{archive}: {JOIN}" and lab.rows_read == 45


@pytest.mark.parametrize(("query", "problem"), [
    ("SELECT * FROM nowhere", "nowhere"),
    ("DROP TABLE fees", "read-only"),
    ("SELECT customer_id FROM monthly", "column is missing"),
])
def test_a_bad_query_is_refused_and_the_database_kept(archive, query, problem):
    with pytest.raises(InputError, match=problem):
        read_portfolio(archive, query)
    assert read_portfolio(archive, JOIN).rows_read == 45


def test_a_missing_database_is_not_created(tmp_path):
    with pytest.raises(InputError, match=r"none\.duckdb.*cannot be read: No such file"):
        read_portfolio(tmp_path / "none.duckdb", "SELECT 1")
    assert not (tmp_path / "none.duckdb").exists()


def test_a_parquet_file_is_no_database_and_a_database_needs_a_query(tmp_path, archive):
    parquet = tmp_path / "months.parquet"
    pq.write_table(pa.table({"valid_sends": [1]}), parquet)
    with pytest.raises(InputError, match=r"months\.parquet.*is not a DuckDB database: for a Parquet"):
        read_portfolio(parquet, "SELECT * FROM months")
    with pytest.raises(InputError, match="is a DuckDB database: give the query"):
        read_portfolio(archive)


def test_the_command_reads_parquet_and_queries(tmp_path, sample, archive):
    path = tmp_path / "months.parquet"
    pq.write_table(typed(sample), path)
    text = tmp_path / "months.csv"
    sample.to_csv(text, index=False)
    def same_columns(summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The summaries, each owed row by what every source has: a typed table lacks the end."""
        return [{**s, "rows": [{k: v for k, v in r.items() if k != "service_month_end"}
                               for r in s["rows"]]} for s in summaries]

    from_csv = same_columns(json.loads(slakit("portfolio", str(text), "--json").stdout))
    assert from_csv[0]["rows"] and len(from_csv[0]["rows"]) == from_csv[0]["compensated"]
    done = slakit("portfolio", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert same_columns(json.loads(done.stdout)) == from_csv
    done = slakit("portfolio", str(archive), "--query", JOIN, "--json")
    assert done.returncode == 0, done.stderr
    assert same_columns(json.loads(done.stdout)) == from_csv
    done = slakit("portfolio", str(archive), "--query", "SELECT * FROM nowhere")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "field 'query'" in done.stderr
