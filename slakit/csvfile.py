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

import csv
import gzip
import io
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .errors import InputError

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


def _open(path: Path) -> IO[bytes]:
    """The file's bytes, gunzipped when it is gzipped (told by its first bytes, not its name)."""
    raw = path.open("rb")
    if raw.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    return raw


def _header(stream: IO[bytes], path: Path) -> list[str]:
    first = stream.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_utf8(path, 1) from None
    header = next(csv.reader([text]), [])
    if not any(name.strip() for name in header):
        raise InputError("(header)", text.strip(), "is empty: the first line must name the columns",
                         source=path, line=1)
    names = [name.strip() for name in header]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError("(header)", twice[0], "names a column twice", source=path, line=1)
    return names


def _not_utf8(path: Path, line: int | None) -> InputError:
    return InputError("(file)", str(path), "is not UTF-8 text: save it as 'CSV UTF-8'",
                      source=path, line=line)


def _first_bad_line(path: Path) -> int | None:
    """The first line that is not UTF-8, for the error message."""
    with _open(path) as stream:
        for number, line in enumerate(stream, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def read_csv(path: str | Path) -> CsvTable:
    """Read a CSV whole; a file that cannot be read at all raises :class:`InputError`."""
    path = Path(path)
    malformed: list[InputError] = []

    def set_aside(row: Any) -> str:
        text = row.text if len(row.text) <= SHOWN_TEXT else row.text[:SHOWN_TEXT] + "…"
        malformed.append(InputError("(row)", text, f"has {row.actual_columns} fields; the header "
                                    f"has {row.expected_columns}", source=path, line=row.number + 1))
        return "skip"

    try:
        with _open(path) as stream:
            names = _header(stream, path)
            table = pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
                parse_options=pacsv.ParseOptions(invalid_row_handler=set_aside,
                                                 newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()), null_values=[""],
                    strings_can_be_null=True))
    except InputError:
        raise
    except OSError as error:  # a missing or unreadable file, a gzip stream cut short or damaged
        problem = error.strerror or str(error) or type(error).__name__
        raise InputError("(file)", str(path), f"cannot be read: {problem}") from None
    except (EOFError, zlib.error) as error:
        raise InputError("(file)", str(path), f"cannot be read: {error}") from None
    except pa.ArrowInvalid as error:
        if "Empty CSV file" in str(error):  # a header and nothing else
            return CsvTable(str(path), pd.DataFrame(columns=names, dtype=str),
                            np.zeros(0, dtype=np.int64), ())
        if "UTF8" in str(error):
            raise _not_utf8(path, _first_bad_line(path)) from None
        raise InputError("(file)", str(path), f"cannot be read as CSV: {error}") from None
    frame = table.to_pandas()
    skipped = {e.line for e in malformed}
    lines = np.array([n for n in range(2, len(frame) + len(skipped) + 2) if n not in skipped],
                     dtype=np.int64)
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
