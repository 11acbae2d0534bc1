"""Account-months as Arrow record batches, a batch at a time: a Parquet file, or a query on a DuckDB
database (the receipts archive's monthly figures joined with a table of fees, say). A portfolio
too large to hold as text is thus read without ever holding it whole as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import WHOLE_FILE, InputError, os_reason
from .words import Said, says

PARQUET = (".parquet", ".parq", ".pq")
DUCKDB_MAGIC = b"DUCK"  # a DuckDB database file's format mark, bytes 8–11 of its header


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return "".join(c if c.isprintable() else "?" for c in (text[0] if text else type(error).__name__))[:160]


def parquet_rows(path: str | Path) -> int:
    """How many rows a Parquet file holds, from its footer."""
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, pa.ArrowException) as error:
        raise InputError(WHOLE_FILE, str(path), _not_parquet(error)) from None


def parquet_batches(path: str | Path, rows: int) -> Iterator[pa.RecordBatch]:
    """A Parquet file, ``rows`` rows at a time."""
    try:
        yield from pq.ParquetFile(path).iter_batches(batch_size=rows)
    except (OSError, pa.ArrowException) as error:
        raise InputError(WHOLE_FILE, str(path), _not_parquet(error)) from None


def _not_parquet(error: Exception) -> Said:
    if isinstance(error, OSError) and error.errno is not None:
        return says("error.unreadable", why=os_reason(error))
    return says("error.not_parquet", detail=_first_line(error))


def _header(path: str | Path) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read(12)
    except OSError as error:
        raise InputError(WHOLE_FILE, str(path), says("error.unreadable", why=os_reason(error))) from None


def is_duckdb(path: str | Path) -> bool:
    """Whether ``path`` starts as a DuckDB database file does (DuckDB itself, handed a Parquet
    file to open read-only, says only that it cannot launch an in-memory database)."""
    return _header(path)[8:] == DUCKDB_MAGIC


def query_batches(database: str | Path, query: str, rows: int) -> Iterator[pa.RecordBatch]:
    """What ``query`` selects from a DuckDB database (opened read-only), ``rows`` rows at a time."""
    if not is_duckdb(database):
        raise InputError(WHOLE_FILE, str(database), says("error.not_duckdb"))
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            relation = con.sql(query)
            if relation is None:
                raise InputError("query", query, says("error.no_select"), source=database)
            yield from relation.to_arrow_reader(rows)
    except duckdb.Error as error:
        raise InputError("query", query, says("error.duckdb", detail=_first_line(error)),
                         source=database) from None

