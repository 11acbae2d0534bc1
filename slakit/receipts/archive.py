"""The archive: an embedded DuckDB file keeping every send, receipt and rejected record.

The pull API reaches back only 7 days while a claim may be filed up to 60 days after the month
(SLA §3.2), so what is read is kept. Ingest is idempotent (a record already kept is counted as a
duplicate), one transaction per file, and it reconciles: records read = stored + duplicates +
rejected. Times are Unix seconds; ``day`` is the date in China time (UTC+8), which buckets them
into service months.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import ArchiveError, InputError
from .formats import CHINA as CHINA  # where service months are told, for the modules above
from .formats import SLA_DATE, Format, check_format
from .parse import checked_sql, general_sql, misfits_sql, native_sql, read_json, read_lines, typed_sql
from .sources import CHUNK, SCHEMA, Lines, Source, open_source, plain_text, sniff_lines

DEFAULT_DB = "slakit-archive.duckdb"
MEMORY_LIMIT = "2GB"  # DuckDB spills to disk beyond this, so 100M receipts fit in a small machine
SHOWN_REJECTS = 5  # rejected records listed per file; all are kept in the archive

TABLES = """
CREATE SEQUENCE IF NOT EXISTS file_ids;
CREATE TABLE IF NOT EXISTS files (
    file_id BIGINT, account VARCHAR, path VARCHAR, format VARCHAR, ingested_at TIMESTAMPTZ,
    records BIGINT, stored BIGINT, duplicates BIGINT, rejected BIGINT, problem VARCHAR);
CREATE TABLE IF NOT EXISTS sends (
    account VARCHAR, serial_no VARCHAR, phone VARCHAR, ts BIGINT, day DATE, code VARCHAR,
    file_id BIGINT, line BIGINT);
CREATE TABLE IF NOT EXISTS receipts (
    account VARCHAR, serial_no VARCHAR, phone VARCHAR, ts BIGINT, day DATE, code VARCHAR,
    status VARCHAR, file_id BIGINT, line BIGINT);
CREATE TABLE IF NOT EXISTS rejects (
    file_id BIGINT, line BIGINT, field VARCHAR, value VARCHAR, problem VARCHAR);
"""
KEY = ("serial_no", "phone", "ts", "code")  # the same record, from whichever file or source


@dataclass(frozen=True)
class Ingested:
    """What became of one file: the counts, the first rejects, or why it could not be read."""

    path: str
    format: str | None
    records: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejects: tuple[InputError, ...] = ()
    problem: str | None = None  # the file as a whole: unreadable, empty, unknown format, cut short


class Archive:
    """An archive file, opened for ingest and queries; use it as a context manager."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.is_file():
            raise InputError("--db", str(path), "no such archive: ingest some files first")
        try:
            self.con = duckdb.connect(str(path), read_only=read_only,
                                      config={"memory_limit": MEMORY_LIMIT})
        except duckdb.Error as error:
            raise ArchiveError(f"{path}: cannot open the archive: {error}") from None
        self.con.execute("SET enable_progress_bar = false")
        if not read_only:
            self.con.execute(TABLES)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.con.close()

    def run(self, sql: str, tables: dict[str, pa.Table]) -> list[tuple[Any, ...]]:
        """Run one query over the archive, with small Arrow tables seen by name."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            return self.con.execute(sql).fetchall()
        finally:
            for name in tables:
                self.con.unregister(name)

    def content_digest(self, account: str) -> str:
        """A digest of the account's stored sends and receipts: it changes when they do, and not
        when a rerun's ingest only finds duplicates."""
        rows = [self.con.execute(f"SELECT count(*), sum(hash({', '.join(KEY)})) FROM {table} "
                                 "WHERE account = ?", [account]).fetchone()
                for table in ("sends", "receipts")]
        return hashlib.sha256(repr(rows).encode()).hexdigest()

    def export(self, folder: str | Path) -> tuple[Path, Path]:
        """Sends and receipts as Parquet files, for another engine (Spark) to read."""
        paths = Path(folder) / "sends.parquet", Path(folder) / "receipts.parquet"
        for table, path in zip(("sends", "receipts"), paths, strict=True):
            self.con.execute(f"COPY {table} TO '{path}' (FORMAT parquet)")
        return paths

    def ingest(self, account: str, path: str | Path, format_name: str | None = None,
               chunk: int = CHUNK) -> Ingested:
        """Ingest one file in one transaction; a file that cannot be read is logged, not raised.

        DuckDB reads the file whole when it can (:func:`~.sources.sniff_lines`); otherwise, or
        when DuckDB stops on it, the careful reader does.
        """
        file_id = self._next_file_id()
        lines = sniff_lines(path, format_name)
        if lines is not None and self._stage_native(lines):
            return self._commit(file_id, account, str(lines.path), lines.format, None)
        try:
            source = open_source(path, format_name, chunk)
        except InputError as error:
            result = Ingested(str(path), None, problem=str(error))
            with self._transaction():
                self._log(file_id, account, result)
            return result
        try:
            self._stage_careful(source)
        finally:
            source.stream.close()
        return self._commit(file_id, account, str(source.path), source.format, source.problem)

    def _stage_native(self, lines: Lines) -> bool:
        """Parse and check a file read by DuckDB into the temp table ``staged``; False when
        DuckDB cannot read it whole (not UTF-8, a damaged gzip stream, a line too long…).

        First DuckDB's JSON reader, when the file holds one value a line with no blank line
        between (so a value's line is its place); else each line parsed on its own.
        """
        fmt = lines.format
        try:
            if lines.kind != "item":
                with plain_text(lines, self.path.parent) as text:
                    if text is not None:
                        self.con.execute("CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM "
                                         + read_json(fmt, lines.kind, str(text)))
                        if not self.con.execute(misfits_sql(fmt, lines.kind)).fetchall()[0][0]:
                            self._stage(fmt, typed_sql(fmt, lines.kind))
                            return True
            self.con.execute("CREATE OR REPLACE TEMP TABLE raw AS SELECT text FROM "
                             + read_lines(str(lines.path), lines.gzip))
            self._stage(fmt, native_sql(fmt, lines.kind))
        except duckdb.Error:
            return False
        finally:
            self.con.execute("DROP TABLE IF EXISTS raw")
        return True

    def _stage_careful(self, source: Source) -> None:
        """The careful reader's numbered lines, parsed and checked into ``staged``."""
        self.con.register("lines_in", pa.RecordBatchReader.from_batches(SCHEMA, source.batches))
        try:
            self.con.execute("CREATE OR REPLACE TEMP TABLE lines AS SELECT * FROM lines_in")
        finally:
            self.con.unregister("lines_in")
        self._stage(source.format, general_sql(source.format))
        self.con.execute("DROP TABLE lines")

    def _stage(self, fmt: Format, records: str) -> None:
        since = int(datetime.combine(SLA_DATE, datetime.min.time(), CHINA).timestamp())
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {checked_sql(fmt, records)}",
                         {"since": since, "until": int(time.time()) + 86400})

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def _commit(self, file_id: int, account: str, path: str, fmt: Format,
                problem: str | None) -> Ingested:
        """Store the staged records of one file in one transaction: its rejects, its new records
        (a record already kept, or twice in the file, is a duplicate) and its log entry."""
        con = self.con
        columns = ", ".join(fmt.columns)
        try:
            with self._transaction():
                records, rejected, lo, hi = con.execute(
                    "SELECT count(*), count(why), min(day) FILTER (why IS NULL), "
                    "max(day) FILTER (why IS NULL) FROM staged").fetchone() or (0, 0, None, None)
                con.execute("INSERT INTO rejects SELECT $id, line, why.field, why.value, why.problem "
                            "FROM staged WHERE why IS NOT NULL ORDER BY line", {"id": file_id})
                key = " AND ".join(f"a.{k} = s.{k}" for k in KEY)
                stored = con.execute(f"""
                    INSERT INTO {fmt.table} (account, {columns}, ts, day, file_id, line)
                    SELECT $account, {columns}, ts, day, $id, line FROM staged s
                    WHERE why IS NULL AND NOT EXISTS (
                        SELECT 1 FROM {fmt.table} a
                        WHERE a.account = $account AND a.day BETWEEN $lo AND $hi AND {key})
                    QUALIFY row_number() OVER (PARTITION BY {", ".join(KEY)} ORDER BY line) = 1
                    """, {"account": account, "id": file_id, "lo": lo, "hi": hi}).fetchone()
                count = stored[0] if stored else 0
                shown = con.execute("SELECT line, why.field, why.value, why.problem FROM staged "
                                    "WHERE why IS NOT NULL ORDER BY line LIMIT $n",
                                    {"n": SHOWN_REJECTS}).fetchall()
                result = Ingested(
                    path, fmt.name, records, count, records - rejected - count, rejected,
                    tuple(InputError(f, v, p, source=path, line=n) for n, f, v, p in shown), problem)
                self._log(file_id, account, result)
        finally:
            con.execute("DROP TABLE IF EXISTS staged")
        return result

    def _next_file_id(self) -> int:
        return int(self.con.execute("SELECT nextval('file_ids')").fetchall()[0][0])

    def _log(self, file_id: int, account: str, result: Ingested) -> None:
        self.con.execute(
            "INSERT INTO files VALUES ($id, $account, $path, $format, now(), "
            "$records, $stored, $duplicates, $rejected, $problem)",
            {"id": file_id, "account": account, "path": result.path, "format": result.format,
             "records": result.records, "stored": result.stored, "duplicates": result.duplicates,
             "rejected": result.rejected, "problem": result.problem})


def receipt_files(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the JSON files in it, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(f for f in p.rglob("*") if ".json" in f.name) if p.is_dir() else [p]
    return out


def ingest(db: str | Path, account: str, paths: Sequence[str | Path],
           format_name: str | None = None) -> list[Ingested]:
    """Ingest files (or folders of them) one by one into the archive at ``db``; a failing file
    does not stop the rest."""
    if format_name is not None:
        check_format(format_name)
    with Archive(db) as archive:
        return [archive.ingest(account, path, format_name) for path in receipt_files(paths)]
