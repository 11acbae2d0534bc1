"""The archive: an embedded DuckDB file keeping every send, receipt and rejected record.

The pull API reaches back only 7 days while a claim may be filed up to 60 days after the month
(SLA §3.2), so what is read is kept. Ingest is idempotent (a record already kept is counted as a
duplicate), one transaction per file, and it reconciles: records read = stored + duplicates +
rejected. A file whose content was ingested before for the account, whole and without a rejected
record, is not read again: its records are all duplicates (the log keeps a digest of each file).
Times are Unix seconds; ``day`` is the date in China time (UTC+8), which buckets them into service
months.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import xxhash

from ..columnar import is_duckdb
from ..errors import ArchiveError, InputError
from ..words import Said, decoded, says
from .accounts import check_account
from .formats import CHINA as CHINA  # where service months are told, for the modules above
from .formats import SLA_DATE, Format, check_format
from .parse import checked_sql, general_sql, native_sql, read_json, read_lines, run_sql
from .sources import (
    CHUNK,
    SCHEMA,
    TAKEN,
    Lines,
    Source,
    damaged,
    folder_files,
    numbered,
    open_source,
    sniff_lines,
)

DEFAULT_DB = "slakit-archive.duckdb"
MEMORY_LIMIT = "2GB"  # DuckDB spills to disk beyond this, so 100M receipts fit in a small machine
SHOWN_REJECTS = 5  # rejected records listed per file; all are kept in the archive
COUNTS = ("count(*), count(why), min(day) FILTER (why IS NULL), "  # a file's records, rejects, days
          "max(day) FILTER (why IS NULL)")
RUN_BYTES = 1 << 28  # files read by DuckDB in one query, at most: many small files, all cores
_LINE_MASK = (1 << 40) - 1  # a place in a run: file << 40 | line

TABLES = """
CREATE SEQUENCE IF NOT EXISTS file_ids;
CREATE TABLE IF NOT EXISTS files (
    file_id BIGINT, account VARCHAR, path VARCHAR, format VARCHAR, ingested_at TIMESTAMPTZ,
    records BIGINT, stored BIGINT, duplicates BIGINT, rejected BIGINT, problem VARCHAR);
ALTER TABLE files ADD COLUMN IF NOT EXISTS digest VARCHAR;  -- of the file's bytes: _digest()
CREATE TABLE IF NOT EXISTS sends (
    account VARCHAR, serial_no VARCHAR, phone VARCHAR, ts BIGINT, day DATE, code VARCHAR,
    file_id BIGINT, line BIGINT);
CREATE TABLE IF NOT EXISTS receipts (
    account VARCHAR, serial_no VARCHAR, phone VARCHAR, ts BIGINT, day DATE, code VARCHAR,
    status VARCHAR, file_id BIGINT, line BIGINT);
CREATE TABLE IF NOT EXISTS rejects (
    file_id BIGINT, line BIGINT, field VARCHAR, value VARCHAR, problem VARCHAR);
"""
Stamp = tuple[int, int]  # a file's size and time of last change (ns): _stamp()
KEY = ("serial_no", "phone", "ts", "code")  # the same record, from whichever file or source
LOG = {"file_id": "BIGINT", "path": "VARCHAR", "format": "VARCHAR", "records": "BIGINT",  # a file's
       "stored": "BIGINT", "duplicates": "BIGINT", "rejected": "BIGINT", "problem": "VARCHAR",  # log entry
       "digest": "VARCHAR"}


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
    problem: Said | None = None  # the file as a whole: unreadable, empty, unknown format, cut short
    unchanged: bool = False  # ingested before with this content, so not read again


OWN_TABLES = {"files", "sends", "receipts", "rejects"}  # of TABLES: a database holding none is not ours


class Archive:
    """An archive file, opened for ingest and queries; use it as a context manager."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.is_file():
            raise InputError("--db", str(path), says("error.no_archive"))
        if self.path.is_file() and self.path.stat().st_size and not is_duckdb(self.path):
            raise ArchiveError(says("error.not_duckdb_archive", path=str(path)))
        try:
            self.con = duckdb.connect(str(path), read_only=read_only,
                                      config={"memory_limit": MEMORY_LIMIT})
        except duckdb.Error as error:
            raise ArchiveError(says("error.archive_open", path=str(path), detail=str(error))) from None
        self.con.execute("SET enable_progress_bar = false")
        self._digests: dict[str, tuple[Stamp, str]] = {}  # of the files being ingested, by path
        tables = {name for (name,) in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if (not {"sends", "receipts"} <= tables if read_only
                else tables and not tables & OWN_TABLES):  # someone else's database
            self.con.close()
            raise ArchiveError(says("error.not_archive", path=str(path)))
        if not read_only:
            self.con.execute(TABLES)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.con.close()

    def run(self, sql: str, tables: dict[str, pa.Table], parameters: dict[str, Any] | None = None
            ) -> list[tuple[Any, ...]]:
        """Run one query over the archive, with small Arrow tables seen by name."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            return self.con.execute(sql, parameters).fetchall()
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
        """Ingest files in order; ``done`` hears of each file when it is stored.

        DuckDB reads what it can whole (:func:`~.sources.sniff_lines`): its JSON reader takes a
        run of files of one format and layout in one query, on all cores, and the run is stored
        by one statement in one transaction, so that a crash leaves each file whole or absent.
        A file it stops on, or whose lines it cannot number by their place, is read by DuckDB
        line by line, and failing that by the careful reader (:func:`~.sources.open_source`),
        in a transaction of its own. A file ingested before (:meth:`_unchanged`) is only logged.
        """
        files = [(Path(p), sniff_lines(p, format_name)) for p in paths]
        self._digests = {str(p): hashed for p, _ in files if p.is_file() and (hashed := _hashed(p))}
        unchanged = self._unchanged(account, files, done)
        results: list[Ingested] = []
        for run in _runs([f for i, f in enumerate(files) if i not in unchanged]):
            results += self._ingest_run(account, run, format_name, chunk, done)
        read = iter(results)
        return [unchanged[i] if i in unchanged else next(read) for i in range(len(files))]

    def _unchanged(self, account: str, files: list[tuple[Path, Lines | None]],
                   done: Callable[[Ingested], object]) -> dict[int, Ingested]:
        """Log the files whose content was ingested before for the account, in the same format,
        whole and with no record rejected: read again, each record would be a duplicate (the
        archive never drops one). By place in ``files``, what became of them."""
        wanted = {i: (str(path), lines.format.name) for i, (path, lines) in enumerate(files)
                  if lines is not None and str(path) in self._digests}
        if not wanted:
            return {}
        before = {(digest, fmt): records for digest, fmt, records in self.con.execute(
            "SELECT digest, format, any_value(records) FROM files WHERE account = $account "
            "AND digest IN (SELECT unnest($digests)) AND problem IS NULL AND rejected = 0 "
            "GROUP BY ALL", {"account": account,
                             "digests": sorted({self._digests[p][1] for p, _ in wanted.values()})}
        ).fetchall()}
        found = {i: Ingested(path, fmt, records, 0, records, unchanged=True)
                 for i, (path, fmt) in wanted.items()
                 if (records := before.get((self._digests[path][1], fmt))) is not None}
        if found:
            with self._transaction():
                self._log(account, list(zip(self._file_ids(len(found)), found.values(), strict=True)))
            for result in found.values():
                done(result)
        return found

    def _ingest_run(self, account: str, run: list[tuple[Path, Lines | None]], format_name: str | None,
                    chunk: int, done: Callable[[Ingested], object]) -> list[Ingested]:
        staged = self._stage_run(run)
        if len(run) > 1 and not staged:  # a file spoiled the run: each on its own
            return [r for item in run for r in self._ingest_run(account, [item], format_name, chunk, done)]
        results: list[Ingested] = []
        together: list[tuple[str, Format, int]] = []  # staged files one after another

        def store() -> None:
            results.extend(self._store(account, together, done, table="staged_run"))
            together.clear()

        try:
            for path, lines in run:
                if lines is not None and path in staged:
                    together.append((str(path), lines.format, staged[path]))
                    continue
                store()
                results.append(self._ingest_alone(account, path, lines, format_name, chunk))
                done(results[-1])
            store()
        finally:
            self.con.execute("DROP VIEW IF EXISTS staged_run; DROP TABLE IF EXISTS staged_rows")
        return results

    def _stage_run(self, run: list[tuple[Path, Lines | None]]) -> dict[Path, int]:
        """Parse and check a run of files with DuckDB's JSON reader, in one pass over the files,
        into the temp table ``staged_rows``, seen with each record's line as ``staged_run``: the
        files staged, each with its number there. A file whose values do not stand one a line
        with no blank line between them is left out (its first and last line tell); so is the
        whole run when DuckDB stops on a file (broken JSON, an item that is not an object…)."""
        lines = [item for _, item in run if item is not None]
        if len(lines) < len(run):
            return {}
        fmt, kind, gzip = lines[0].format, lines[0].kind, lines[0].gzip
        texts = {str(item.path): (item.path, count) for item in lines
                 if (count := numbered(item)) is not None}
        if not texts:
            return {}
        counts = [count for _, count in texts.values()]
        first = 2 if kind == "item" else 1
        offsets = [sum(counts[:i]) - first for i in range(len(counts))]  # a file's places less lines
        line = f"COALESCE(run_place, rowid) - {offsets}[file + 1]"
        try:
            self._stage(fmt, run_sql(fmt, kind, read_json(fmt, kind, list(texts), gzip)), run=True)
            found = self.con.execute(f"SELECT file, min({line}), max({line}), bool_or(misfit) "
                                     "FROM staged_rows GROUP BY file").fetchall()
        except duckdb.Error:
            return {}
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW staged_run AS SELECT * REPLACE ({line} AS line) "
                         "FROM staged_rows WHERE NOT hole")
        spans = {file: (lo, hi, misfit) for file, lo, hi, misfit in found}
        whole = {number for number, (_, count) in enumerate(texts.values())  # lines as counted
                 if spans.get(number, (first, first - 1, False)) == (first, first + count - 1, False)}
        return {path: number for number, (path, _) in enumerate(texts.values()) if number in whole}

    def _ingest_alone(self, account: str, path: Path, lines: Lines | None, format_name: str | None,
                      chunk: int) -> Ingested:
        """One file read by DuckDB line by line, or failing that by the careful reader (which
        names a damaged gzip stream: DuckDB may read one cut short after a whole line)."""
        if lines is not None and not (lines.gzip and damaged(path)) and self._stage_lines(lines):
            return self._store(account, [(str(path), lines.format, 0)])[0]
        try:
            source = open_source(path, format_name, chunk)
        except InputError as error:
            result = Ingested(str(path), None, problem=error.said)
            with self._transaction():
                self._log(account, [(self._file_ids(1)[0], result)])
            return result
        try:
            self._stage_careful(source)
        finally:
            source.stream.close()
        return self._store(account, [(str(source.path), source.format, 0)], problem=source.problem)[0]

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

    def _stage(self, fmt: Format, records: str, run: bool = False) -> None:
        """Checked records numbered by file and line: a run's (``records`` number its files and
        place its lines: :func:`~.parse.run_sql`) into ``staged_rows``, a file's on its own into
        ``staged`` as file 0."""
        since = int(datetime.combine(SLA_DATE, datetime.min.time(), CHINA).timestamp())
        checked = checked_sql(fmt, records, keep="file, run_place, misfit, hole" if run else "")
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE staged_rows AS {checked}" if run else
                         f"CREATE OR REPLACE TEMP TABLE staged AS SELECT 0 AS file, * FROM ({checked})",
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

    def _store(self, account: str, files: list[tuple[str, Format, int]],
               done: Callable[[Ingested], object] = lambda _: None, problem: Said | None = None,
               table: str = "staged") -> list[Ingested]:
        """Store staged files (path, format, number in ``table``; numbered one after another,
        of one format) in one transaction: their rejects, their new records (a record already
        kept, or met before in these files, is a duplicate) and their log entries."""
        if not files:
            return []
        con, fmt, first, last = self.con, files[0][1], files[0][2], files[-1][2]
        mine = {"first": first, "last": last}
        counts = {file: rest for file, *rest in con.execute(
            f"SELECT file, {COUNTS} FROM {table} WHERE file BETWEEN $first AND $last GROUP BY file",
            mine).fetchall()}
        days = [d for _, _, lo, hi in counts.values() for d in (lo, hi) if d is not None]
        shown: dict[int, list[InputError]] = {}
        with self._transaction():
            ids = self._file_ids(len(files))
            at = {**mine, "base": ids[0]}
            if any(rejected for _, rejected, _, _ in counts.values()):
                con.execute("INSERT INTO rejects SELECT $base + file - $first, line, why.field, "
                            f"why.value, why.problem FROM {table} WHERE file BETWEEN $first AND $last "
                            "AND why IS NOT NULL ORDER BY file, line", at)
                for file, n, f, v, p in con.execute(
                        f"SELECT file, line, why.field, why.value, why.problem FROM {table} "
                        "WHERE file BETWEEN $first AND $last AND why IS NOT NULL "
                        "QUALIFY row_number() OVER (PARTITION BY file ORDER BY line) <= $n "
                        "ORDER BY file, line", {**mine, "n": SHOWN_REJECTS}).fetchall():
                    shown.setdefault(file, []).append(
                        InputError(f, v, decoded(p), source=files[file - first][0], line=n))
            stored = dict(self._insert(account, fmt, table, at, min(days), max(days))) if days else {}
            results = []
            for (path, _, file), file_id in zip(files, ids, strict=True):
                records, rejected, _, _ = counts.get(file, (0, 0, None, None))
                count = stored.get(file_id, 0)
                results.append(Ingested(path, fmt.name, records, count, records - rejected - count,
                                        rejected, tuple(shown.get(file, ())), problem))
            self._log(account, list(zip(ids, results, strict=True)))
        for result in results:
            done(result)
        return results

    def _insert(self, account: str, fmt: Format, table: str, at: dict[str, int], lo: Any, hi: Any
                ) -> list[tuple[int, int]]:
        """Insert the new records of the files ``at`` names in ``table``, each at its first place;
        (file id, records stored) for each file that stored any. The rows go in in any order,
        so DuckDB compresses them on all cores."""
        columns = ", ".join(fmt.columns)
        key = " AND ".join(f"a.{k} = s.{k}" for k in KEY)
        rest = "".join(f", arg_min({c}, place) AS {c}" for c in fmt.columns if c not in KEY)
        self.con.execute("SET preserve_insertion_order = false")
        try:
            self.con.execute(f"""
                INSERT INTO {fmt.table} (account, {columns}, ts, day, file_id, line)
                SELECT $account, {columns}, ts, day, $base + (place >> 40) - $first, place & {_LINE_MASK}
                FROM (  -- each record at its first place: file, then line
                    SELECT {", ".join(KEY)}, any_value(day) AS day, min(place) AS place{rest}
                    FROM (SELECT *, (file << 40) | line AS place FROM {table}
                          WHERE file BETWEEN $first AND $last AND why IS NULL)
                    GROUP BY {", ".join(KEY)}) s
                WHERE NOT EXISTS (
                    SELECT 1 FROM {fmt.table} a
                    WHERE a.account = $account AND a.day BETWEEN $lo AND $hi AND {key})
                """, {"account": account, "lo": lo, "hi": hi, **at})
        finally:  # the readers keep each file's order, which numbers its lines
            self.con.execute("RESET preserve_insertion_order")
        return self.con.execute(
            f"SELECT file_id, count(*) FROM {fmt.table} WHERE file_id BETWEEN $base AND "
            "$base + $last - $first GROUP BY file_id", at).fetchall()

    def _digest_as_read(self, path: str) -> str | None:
        """The digest of a file as it was read: none if it changed since it was hashed, which
        a later ingest would otherwise take for what was stored."""
        if path not in self._digests:
            return None
        stamp, digest = self._digests[path]
        try:
            return digest if _stamp(Path(path)) == stamp else None
        except OSError:  # gone since
            return None

    def _file_ids(self, n: int) -> list[int]:
        """``n`` new file ids, one after another."""
        return sorted(int(i) for (i,) in self.con.execute(
            "SELECT nextval('file_ids') FROM range($n)", {"n": n}).fetchall())

    def _log(self, account: str, entries: Sequence[tuple[int, Ingested]]) -> None:
        """Files' entries in the log (file id, what became of the file), with their digests: one
        statement of list parameters (an Arrow table handed to DuckDB would import pandas)."""
        def logged(r: Ingested, name: str) -> object:  # a file's problem in English, as text
            value = getattr(r, name)
            return str(value) if name == "problem" and value is not None else value

        columns = {"file_id": [file_id for file_id, _ in entries],
                   **{name: [logged(r, name) for _, r in entries] for name in list(LOG)[1:-1]},
                   "digest": [self._digest_as_read(r.path) for _, r in entries]}
        values = ", ".join(f"unnest(CAST(${name} AS {kind}[]))" for name, kind in LOG.items())
        self.con.execute(f"INSERT INTO files ({', '.join(LOG)}, account, ingested_at) "
                         f"SELECT {values}, $account, now()", {**columns, "account": account})


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


def _hashed(path: Path) -> tuple[Stamp, str] | None:
    """A file's stamp and digest, or None when it cannot be read: the reader names why."""
    try:
        return _stamp(path), _digest(path)
    except OSError:
        return None


def _stamp(path: Path) -> Stamp:
    """A file's size and time of last change: a file written again has another."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _digest(path: Path) -> str:
    """The file's XXH3-128, the checksum by which ``rsync --checksum`` tells a file unchanged:
    0.23 s a GB here, reading included, against 0.97 s for SHA-256; read in pieces, so that
    memory stays small."""
    digest = xxhash.xxh3_128()
    with path.open("rb") as stream:
        while piece := stream.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def _shape(lines: Lines | None) -> tuple[Format, str, bool] | None:
    """What a run of files for DuckDB's JSON reader shares: format, layout and whether gzipped."""
    return None if lines is None else (lines.format, lines.kind, lines.gzip)


def receipt_files(paths: Sequence[str | Path],
                  skipped: Callable[[Path], object] = lambda _: None) -> list[Path]:
    """Files as given; a folder stands for its receipt and send-log files (:data:`TAKEN`), sorted,
    each other file in it handed to ``skipped``, to be named."""
    out: list[Path] = []
    for p in map(Path, paths):
        found, passed = folder_files(p) if p.is_dir() else ([p], [])
        if not found:
            raise InputError("FILE", str(p), says("error.no_receipts_files", taken=TAKEN))
        for path in passed:
            skipped(path)
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
