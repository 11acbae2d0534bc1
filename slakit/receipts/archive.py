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
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import ArchiveError, InputError
from .accounts import check_account
from .formats import Field, Format, check_format
from .sources import CHUNK, SCHEMA, Source, open_source

DEFAULT_DB = "slakit-archive.duckdb"
MEMORY_LIMIT = "2GB"  # DuckDB spills to disk beyond this, so 100M receipts fit in a small machine
CHINA = timezone(timedelta(hours=8))  # service months are natural months in China time (SLA §1.5)
CHINA_SECONDS = 8 * 3600  # China has kept UTC+8 all year since 1991
SLA_DATE = date(2020, 9, 23)  # records from before the SLA took effect are outside its term
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
_UNWRAP = r"rtrim(regexp_replace(text, '^\[|\]$', '', 'g'), ' ,')"  # "[{…}" or "{…}]" → "{…}"
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


def _text(f: Field) -> str:
    return f"(f.{f.name} ->> '$')"


def _checks(f: Field) -> list[tuple[str, str, str]]:
    """(condition, value, problem) for one field, in order; the first that holds rejects."""
    raw, text, kind = f"f.{f.name}", _text(f), f"json_type(f.{f.name})"
    checks = [(f"{raw} IS NULL OR {kind} = 'NULL'", "NULL", "is missing")]
    if f.kind == "seconds":
        checks.append((f"{kind} NOT IN ('UBIGINT', 'BIGINT')", raw, "must be whole Unix seconds"))
    elif f.kind == "time":
        checks.append((f"{kind} NOT IN ('VARCHAR', 'UBIGINT', 'BIGINT')", raw,
                       "must be date-time text or whole Unix seconds"))
    else:
        checks.append((f"{kind} <> 'VARCHAR'", raw, "must be a string"))
    if f.kind == "text":
        checks.append((f"{text} = ''", text, "is empty"))
    if f.choices:
        listed = ", ".join(f"'{c}'" for c in f.choices)
        checks.append((f"{text} NOT IN ({listed})", text, f"must be one of {listed}"))
    return checks


def _time(f: Field) -> str:
    """A time field as Unix seconds: text with an offset as given, without one in China time."""
    text = _text(f)
    seconds = f"TRY_CAST({text} AS BIGINT)"
    clock = (f"CASE WHEN regexp_matches({text}, '(Z|[+-][0-9]{{2}}:?[0-9]{{2}})$') "
             f"THEN epoch(TRY_CAST({text} AS TIMESTAMPTZ)) "
             f"ELSE epoch(TRY_CAST({text} AS TIMESTAMP)) - {CHINA_SECONDS} END")
    if f.kind == "time":
        return f"CASE WHEN json_type(f.{f.name}) = 'VARCHAR' THEN {clock} ELSE {seconds} END"
    return seconds if f.kind == "seconds" else clock


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parse_sql(fmt: Format) -> str:
    """SQL turning numbered JSON texts (the relation ``lines``) into checked records of a format.

    Each output row is one record: its line, the archive's columns, and ``why`` (field, value,
    problem) when it is rejected. ``$since`` and ``$until`` bound the times accepted.
    """
    fields = {f.name: f for f in fmt.fields}
    when = fields[fmt.time]
    whens = [("problem IS NOT NULL", "'(record)'", "left(t, 80)", "problem"),
             ("broken", "'(record)'", "left(t, 80)", "'is not valid JSON (cut short or malformed)'"),
             ("json_type(rec) <> 'OBJECT'", "'(record)'", "left(rec, 80)", "'is not a JSON object'")]
    for f in fmt.fields:
        whens += [(c, _quote(f.name), v, _quote(p)) for c, v, p in _checks(f)]
    whens += [("ts IS NULL", _quote(when.name), _text(when), _quote(
                  "is not a date-time: use YYYY-MM-DD HH:MM:SS (China time), "
                  "ISO 8601 with an offset, or Unix seconds")),
              ("ts < $since OR ts > $until", _quote(when.name), _text(when), _quote(
                  f"is outside the SLA's term: before {SLA_DATE} or in the future"))]
    why = "CASE " + " ".join(
        f"WHEN {c} THEN {{'field': {f}, 'value': CAST({v} AS VARCHAR), 'problem': {p}}}"
        for c, f, v, p in whens) + " END"
    texts = {name: _text(f) for name, f in fields.items()}
    columns = ", ".join(f"{sql.format(**texts)} AS {name}" for name, sql in fmt.columns.items())
    shape = _quote("{" + ", ".join(f'"{name}": "JSON"' for name in fields) + "}")
    return f"""
WITH docs AS (  -- a whole JSON value, or one item of an array written one item a line
    SELECT line, problem, text AS t, CASE WHEN problem IS NOT NULL THEN NULL
        WHEN json_valid(text) THEN text
        WHEN json_valid({_UNWRAP}) THEN {_UNWRAP} END AS doc
    FROM lines WHERE text NOT IN ('', '[', ']', '[]') OR problem IS NOT NULL),
records AS (  -- a batch: a callback's array, a pull response's set
    SELECT line, problem, t, doc IS NULL AS broken, unnest(CASE
        WHEN doc IS NULL THEN [NULL::JSON]
        WHEN json_type(doc) = 'ARRAY' THEN json_extract(doc, '$[*]')
        WHEN json_type(doc, '$.Response.PullSmsSendStatusSet') = 'ARRAY'
        THEN json_extract(doc, '$.Response.PullSmsSendStatusSet[*]')
        ELSE [doc::JSON] END) AS rec
    FROM docs),
shaped AS (
    SELECT *, CASE WHEN json_type(rec) = 'OBJECT' THEN json_transform(rec, {shape}) END AS f
    FROM records),
timed AS (
    SELECT *, CAST(CASE WHEN json_type(f.{when.name}) IN ('VARCHAR', 'UBIGINT', 'BIGINT')
                        THEN {_time(when)} END AS BIGINT) AS ts
    FROM shaped),
checked AS (SELECT *, {why} AS why FROM timed)
SELECT line, why, {columns}, ts,
       DATE '1970-01-01' + CAST((ts + {CHINA_SECONDS}) // 86400 AS INTEGER) AS day
FROM checked
"""


class Archive:
    """An archive file, opened for ingest and queries; use it as a context manager."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
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
        file_id = self._next_file_id()
        try:
            source = open_source(path, format_name, chunk)
        except InputError as error:
            result = Ingested(str(path), None, problem=str(error))
            self._log(file_id, account, result)
            return result
        try:
            with self._transaction():
                result = self._store(file_id, account, source)
                self._log(file_id, account, result)
        finally:
            source.stream.close()
        return result

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def _store(self, file_id: int, account: str, source: Source) -> Ingested:
        con, fmt = self.con, source.format
        lines = pa.RecordBatchReader.from_batches(SCHEMA, source.batches)
        con.register("lines_in", lines)
        con.execute("CREATE OR REPLACE TEMP TABLE lines AS SELECT * FROM lines_in")
        con.unregister("lines_in")
        now = int(time.time())
        since = int(datetime.combine(SLA_DATE, datetime.min.time(), CHINA).timestamp())
        con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {parse_sql(fmt)}",
                    {"since": since, "until": now + 86400})
        columns = ", ".join(fmt.columns)
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
        con.execute("DROP TABLE lines; DROP TABLE staged")
        return Ingested(
            str(source.path), fmt.name, records, count, records - rejected - count, rejected,
            tuple(InputError(f, v, p, source=source.path, line=n) for n, f, v, p in shown),
            source.problem)

    def _next_file_id(self) -> int:
        row = self.con.execute("SELECT nextval('file_ids')").fetchone()
        assert row is not None
        return int(row[0])

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
        found = sorted(f for f in p.rglob("*") if ".json" in f.name) if p.is_dir() else [p]
        if not found:
            raise InputError("FILE", str(p), "is a folder with no JSON files (*.json, *.json.gz)")
        out += found
    return out


def ingest(db: str | Path, account: str, paths: Sequence[str | Path],
           format_name: str | None = None) -> list[Ingested]:
    """Ingest files (or folders of them) one by one into the archive at ``db``; a failing file
    does not stop the rest."""
    check_account(account)
    if format_name is not None:
        check_format(format_name)
    with Archive(db) as archive:
        return [archive.ingest(account, path, format_name) for path in receipt_files(paths)]
