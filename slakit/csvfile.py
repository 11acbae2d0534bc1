"""CSV files as people make them and open them.

Reading (:func:`read_csv`): UTF-8 with or without a spreadsheet's byte-order mark, plain or
gzipped, every value as text. Each row keeps its line (the header is line 1, as in a
spreadsheet), and a row with more or fewer fields than the header is set aside with its line,
never shifted into the wrong columns. Blank rows are not data and are passed over.

Writing (:func:`sheet_csv`): a CSV a person opens in a spreadsheet (``summary.csv``) gets a
byte-order mark, so that Excel on a Chinese system reads UTF-8, and every cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is prefixed with an apostrophe. Files meant for programs (``--json``, ``simulate --out``,
``summary.json``) stay plain: exact values, no BOM.

>>> sheet_csv([{"name": "=HYPERLINK(\\"x\\")", "credit": "-1"}], ["name", "credit"]).decode("utf-8-sig")
'name,credit\\r\\n"\\'=HYPERLINK(""x"")",\\'-1\\r\\n'
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .errors import WHOLE_FILE, InputError, os_reason
from .words import Said, says

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection
SHOWN_TEXT = 80  # characters of a malformed row quoted in its error


@dataclass(frozen=True)
class CsvTable:
    """A CSV's rows, all values text (missing values are NA), with the rows it had to set aside."""

    source: str
    frame: pd.DataFrame  # the well-formed rows, indexed 0..n-1
    lines: np.ndarray[Any, np.dtype[np.int64]]  # the line of each row of ``frame``
    malformed: tuple[InputError, ...]  # rows whose number of fields is not the header's

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self.malformed)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when it is gzipped (told by its first bytes, not its name)."""
    try:
        with path.open("rb") as raw:
            if raw.peek(2)[:2] == b"\x1f\x8b":
                with gzip.GzipFile(fileobj=raw) as unzipped:
                    return unzipped.read()
            return raw.read()
    except gzip.BadGzipFile as error:  # a damaged gzip stream
        problem: Said = says("error.gzip_damaged", detail=str(error))
    except OSError as error:  # missing, a folder, unreadable
        problem = os_reason(error)
    except EOFError:  # a gzip stream cut short
        problem = says("error.gzip_cut")
    except zlib.error as error:
        problem = says("error.gzip_damaged", detail=str(error))
    raise InputError(WHOLE_FILE, str(path), says("error.unreadable", why=problem))


def _check_utf8(data: bytes, path: Path) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(WHOLE_FILE, str(path), says("error.not_utf8_csv"),
                         source=path, line=data.count(b"\n", 0, error.start) + 1) from None


def _header(line: bytes, path: Path) -> list[str]:
    header = next(csv.reader([line.decode("utf-8")]), [])
    names = [name.strip() for name in header]
    if not any(names):
        raise InputError("(header)", line.decode("utf-8").strip(),
                         says("error.header_empty"), source=path, line=1)
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError("(header)", twice[0], says("error.column_twice"), source=path, line=1)
    return names


def read_csv(path: str | Path) -> CsvTable:
    """Read a CSV whole; a file that cannot be read at all raises :class:`InputError`."""
    path = Path(path)
    data = _read_bytes(path)
    _check_utf8(data, path)
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data.strip():
        raise InputError(WHOLE_FILE, str(path), says("error.empty_file"))
    cut = data.find(b"\n") + 1 or len(data)
    names = _header(data[:cut], path)
    malformed: list[InputError] = []

    def set_aside(row: Any) -> str:
        text = row.text if len(row.text) <= SHOWN_TEXT else row.text[:SHOWN_TEXT] + "…"
        malformed.append(InputError("(row)", text, says("error.row_fields", fields=row.actual_columns,
                                                        header=row.expected_columns),
                                    source=path, line=row.number + 1))
        return "skip"

    rows = memoryview(data)[cut:]
    if rows.nbytes:
        try:
            table = pacsv.read_csv(
                pa.BufferReader(pa.py_buffer(rows)),
                read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
                parse_options=pacsv.ParseOptions(invalid_row_handler=set_aside,
                                                 newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()), null_values=[""],
                    strings_can_be_null=True))
        except pa.ArrowInvalid as error:
            problem = "".join(c if c.isprintable() else "?" for c in str(error).splitlines()[0][:120])
            raise InputError(WHOLE_FILE, str(path), says("error.not_csv", detail=problem)) from None

        frame = table.to_pandas()
    else:  # a header and nothing else
        frame = pd.DataFrame({name: pd.Series(dtype=str) for name in names})
    every = np.arange(2, len(frame) + len(malformed) + 2, dtype=np.int64)
    lines = np.setdiff1d(every, [e.line for e in malformed], assume_unique=True)
    filled = frame.notna().any(axis=1).to_numpy()  # a blank line, or one of commas only
    frame = frame[filled].reset_index(drop=True)
    return CsvTable(str(path), frame, lines[filled], tuple(malformed))


def neutralised(value: object) -> str:
    """A cell as text that a spreadsheet shows rather than runs.

    >>> neutralised("=1+1"), neutralised("Northwind"), neutralised(-3)
    ("'=1+1", 'Northwind', "'-3")
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def sheet_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> bytes:
    """A CSV for a person's spreadsheet: a byte-order mark and neutralised cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralised(c) for c in columns])
    for row in rows:
        writer.writerow([neutralised(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")
