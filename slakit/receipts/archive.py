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
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import ArchiveError, InputError
from .accounts import check_account
from .formats import CHINA as CHINA  # where service months are told, for the modules above
from .formats import SLA_DATE, Format, check_format
from .parse import checked_sql, general_sql, misfits_sql, native_sql, read_json, read_lines, typed_sql
from .sources import CHUNK, SCHEMA, Lines, Source, open_source, plain_text, sniff_lines

DEFAULT_DB = "slakit-archive.duckdb"
MEMORY_LIMIT = "2GB"  # DuckDB spills to disk beyond this, so 100M receipts fit in a small machine
SHOWN_REJECTS = 5  # rejected records listed per file; all are kept in the archive
COUNTS = ("count(*), count(why), min(day) FILTER (why IS NULL), "  # a file's records, rejects, days
          "max(day) FILTER (why IS NULL)")
RUN_BYTES = 1 << 28  # files read by DuckDB in one query, at most: many small files, all cores

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
        elif self.con.execute("SELECT count(*) FROM duckdb_tables() "
                              "WHERE table_name IN ('sends', 'receipts')").fetchone() != (2,):
            self.con.close()
            raise ArchiveError(f"{path}: is not a receipts archive (no sends and receipts tables): "
                               "make one with slakit ingest")

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

    def copy(self, sql: str, tables: dict[str, pa.Table], path: Path) -> int:
        """Write what one query returns to a CSV file with a header (UTF-8, no byte-order mark:
        evidence for programs to check); returns the rows written."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            copied = self.con.execute(f"COPY ({sql}) TO '{_quoted(path)}' (HEADER, DELIMITER ',')")
            return int(copied.fetchall()[0][0])
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
        """Ingest one file in one transaction; a file that cannot be read is logged, not raised."""
        return self.ingest_files(account, [path], format_name, chunk=chunk)[0]

    def ingest_files(self, account: str, paths: Sequence[str | Path], format_name: str | None = None,
                     *, chunk: int = CHUNK, done: Callable[[Ingested], object] = lambda _: None
                     ) -> list[Ingested]:
        """Ingest files in order, one transaction each; ``done`` hears of each file when it is.

        DuckDB reads what it can whole (:func:`~.sources.sniff_lines`): its JSON reader takes a
        run of files of one format and layout in one query, on all cores; a file it stops on,
        or whose lines it cannot number by their place, is read by DuckDB line by line, and
        failing that by the careful reader (:func:`~.sources.open_source`).
        """
        results: list[Ingested] = []
        for run in _runs([(Path(p), sniff_lines(p, format_name)) for p in paths]):
            results += self._ingest_run(account, run, format_name, chunk, done)
        return results

    def _ingest_run(self, account: str, run: list[tuple[Path, Lines | None]], format_name: str | None,
                    chunk: int, done: Callable[[Ingested], object]) -> list[Ingested]:
        staged = self._stage_run(run)
        if len(run) > 1 and not staged:  # a file spoiled the run: each on its own
            return [r for item in run for r in self._ingest_run(account, [item], format_name, chunk, done)]
        results = []
        try:
            counts = {file: tuple(rest) for file, *rest in self.con.execute(
                f"SELECT file, {COUNTS} FROM staged GROUP BY file").fetchall()} if staged else {}
            for path, lines in run:
                if lines is not None and path in staged:
                    file = staged[path]
                    result = self._commit(account, str(path), lines.format, None, file, counts[file])
                else:
                    result = self._ingest_alone(account, path, lines, format_name, chunk)
                done(result)
                results.append(result)
        finally:
            self.con.execute("DROP TABLE IF EXISTS staged")
        return results

    def _stage_run(self, run: list[tuple[Path, Lines | None]]) -> dict[Path, int]:
        """Parse and check a run of files with DuckDB's JSON reader into the temp table
        ``staged``: the files staged, each with its number there. A file whose values do
        not stand one a line with no blank line between them is left out; so is the whole run
        when DuckDB stops on a file (broken JSON, an item that is not an object…)."""
        lines = [item for path, item in run if item is not None and item.kind != "item"]
        if len(lines) < len(run):
            return {}
        fmt, kind, gzip = lines[0].format, lines[0].kind, lines[0].gzip
        with ExitStack() as stack:
            texts = {str(text): item.path for item in lines
                     if (text := stack.enter_context(plain_text(item))) is not None}
            if not texts:
                return {}
            try:
                self.con.execute("CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM "
                                 + read_json(fmt, kind, list(texts), gzip))
                misfits = {name for (name,) in self.con.execute(misfits_sql(fmt, kind)).fetchall()}
                self._stage(fmt, typed_sql(fmt, kind), files=True)
            except duckdb.Error:
                return {}
            finally:
                self.con.execute("DROP TABLE IF EXISTS raw")
        return {path: number for number, (name, path) in enumerate(texts.items()) if name not in misfits}

    def _ingest_alone(self, account: str, path: Path, lines: Lines | None, format_name: str | None,
                      chunk: int) -> Ingested:
        """One file read by DuckDB line by line, or failing that by the careful reader."""
        if lines is not None and self._stage_lines(lines):
            return self._commit(account, str(path), lines.format, None)
        try:
            source = open_source(path, format_name, chunk)
        except InputError as error:
            result = Ingested(str(path), None, problem=str(error))
            with self._transaction():
                self._log(self._next_file_id(), account, result)
            return result
        try:
            self._stage_careful(source)
        finally:
            source.stream.close()
        return self._commit(account, str(source.path), source.format, source.problem)

    def _stage_lines(self, lines: Lines) -> bool:
        """Parse and check a file's lines read by DuckDB into ``staged``; False when DuckDB
        cannot read it whole (not UTF-8, a damaged gzip stream, a line too long…)."""
        try:
            self.con.execute("CREATE OR REPLACE TEMP TABLE raw AS SELECT text FROM "
                             + read_lines(str(lines.path), lines.gzip))
            self._stage(lines.format, native_sql(lines.format, lines.kind))
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

    def _stage(self, fmt: Format, records: str, files: bool = False) -> None:
        since = int(datetime.combine(SLA_DATE, datetime.min.time(), CHINA).timestamp())
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {checked_sql(fmt, records, files)}",
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

    def _commit(self, account: str, path: str, fmt: Format, problem: str | None,
                file: int | None = None, counts: tuple[Any, ...] | None = None) -> Ingested:
        """Store one file's staged records (those of ``file`` when ``staged`` holds a run, whose
        ``counts`` are known) in one transaction: its rejects, its new records (a record already
        kept, or twice in the file, is a duplicate) and its log entry."""
        con = self.con
        columns = ", ".join(fmt.columns)
        mine, at = ("file = $file", {"file": file}) if file is not None else ("true", {})
        records, rejected, lo, hi = counts or con.execute(
            f"SELECT {COUNTS} FROM staged WHERE {mine}", at).fetchall()[0]
        file_id = self._next_file_id()
        with self._transaction():
            shown = []
            if rejected:
                con.execute("INSERT INTO rejects SELECT $id, line, why.field, why.value, why.problem "
                            f"FROM staged WHERE {mine} AND why IS NOT NULL ORDER BY line",
                            {"id": file_id, **at})
                shown = con.execute("SELECT line, why.field, why.value, why.problem FROM staged "
                                    f"WHERE {mine} AND why IS NOT NULL ORDER BY line LIMIT $n",
                                    {"n": SHOWN_REJECTS, **at}).fetchall()
            key = " AND ".join(f"a.{k} = s.{k}" for k in KEY)
            rest = "".join(f", arg_min({c}, line) AS {c}" for c in fmt.columns if c not in KEY)
            stored = con.execute(f"""
                INSERT INTO {fmt.table} (account, {columns}, ts, day, file_id, line)
                SELECT $account, {columns}, ts, day, $id, line FROM (  -- each record's first line
                    SELECT {", ".join(KEY)}, any_value(day) AS day, min(line) AS line{rest}
                    FROM staged WHERE {mine} AND why IS NULL GROUP BY {", ".join(KEY)}) s
                WHERE NOT EXISTS (
                    SELECT 1 FROM {fmt.table} a
                    WHERE a.account = $account AND a.day BETWEEN $lo AND $hi AND {key})
                """, {"account": account, "id": file_id, "lo": lo, "hi": hi, **at}).fetchall()
            count = stored[0][0] if stored else 0
            result = Ingested(
                path, fmt.name, records, count, records - rejected - count, rejected,
                tuple(InputError(f, v, p, source=path, line=n) for n, f, v, p in shown), problem)
            self._log(file_id, account, result)
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


def _runs(files: list[tuple[Path, Lines | None]]) -> Iterator[list[tuple[Path, Lines | None]]]:
    """Files in order, in runs that DuckDB's JSON reader can take in one query: one format and
    layout, up to :data:`RUN_BYTES`; any other file is a run of its own."""
    run: list[tuple[Path, Lines | None]] = []
    size = 0
    for path, lines in files:
        shape = _shape(lines)
        if run and (shape is None or shape != _shape(run[0][1]) or size >= RUN_BYTES):
            yield run
            run, size = [], 0
        run.append((path, lines))
        size += path.stat().st_size if path.is_file() else 0
        if shape is None:
            yield run
            run, size = [], 0
    if run:
        yield run


def _shape(lines: Lines | None) -> tuple[Format, str, bool] | None:
    """What a run of files for DuckDB's JSON reader shares: format, layout (not array items) and
    whether gzipped."""
    return None if lines is None or lines.kind == "item" else (lines.format, lines.kind, lines.gzip)


def receipt_files(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the JSON files in it, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        found = sorted(f for f in p.rglob("*") if ".json" in f.name) if p.is_dir() else [p]
        if not found:
            raise InputError("FILE", str(p), "is a folder with no JSON files (*.json, *.json.gz)")
        out += found
    return out


def ingest(db: str | Path, account: str, paths: Sequence[str | Path],
           format_name: str | None = None, *,
           done: Callable[[Ingested], object] = lambda _: None) -> list[Ingested]:
    """Ingest files (or folders of them) one by one into the archive at ``db``; a failing file
    does not stop the rest."""
    check_account(account)
    if format_name is not None:
        check_format(format_name)
    with Archive(db) as archive:
        return archive.ingest_files(account, receipt_files(paths), format_name, done=done)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
