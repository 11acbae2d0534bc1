"""Reading input files, plain or gzipped.

Layouts: one record per line (JSON Lines, or an array written one element a line), one batch per
line (a callback's JSON array, a pull API response ``{"Response": {"PullSmsSendStatusSet": …}}``),
or any other JSON document (pretty-printed), read whole.

:func:`sniff_lines` tells, from a file's first lines, whether DuckDB can read it whole, one line a
row (:class:`Lines`): a regular file in a line layout. Every other file, and any file DuckDB
cannot read whole (not UTF-8, a damaged gzip stream, a line too long), goes to the careful
reader: :func:`open_source` tells its format (:mod:`slakit.receipts.formats`) and cuts it into
JSON texts, each with the line it starts on.
"""

from __future__ import annotations

import codecs
import json
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import WHOLE_FILE, InputError, os_reason
from ..words import Said, decoded, encoded, says
from .formats import FORMATS, Format, check_format, detect, snippet
from .parse import BLANKS

CHUNK = 1 << 24  # bytes of text handled at a time: memory stays flat whatever the file's size
SNIFF_LINES = 1000  # lines looked at to find the first record that tells the format
NESTED = encoded(says("error.nested"))
NOT_UTF8 = encoded(says("error.not_utf8"))
SNIFF_BYTES = 1 << 18  # text looked at to tell whether DuckDB can read a file whole
LONG_LINE = 1 << 14  # a longer line holding an array is told by its first item alone
SCHEMA = pa.schema([("line", pa.int64()), ("text", pa.large_string()), ("problem", pa.string())])


RECEIPT_NAMES = (".json", ".jsonl", ".ndjson")  # a folder's files taken, plain or .gz, in any case
TAKEN = says("term.taken_files")


def folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The files of a folder (and its subfolders), sorted: those taken as receipts or send logs,
    by name, and those passed over, to be named."""
    taken: list[Path] = []
    passed: list[Path] = []
    for path in sorted(f for f in folder.rglob("*") if not f.is_dir()):
        name = path.name.lower().removesuffix(".gz")
        (taken if name.endswith(RECEIPT_NAMES) else passed).append(path)
    return taken, passed


def _records(value: object) -> list[Any]:
    """The records a JSON value holds: an array's items, a pull response's set, or itself."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and isinstance(value.get("Response"), dict):
        return list(value["Response"].get("PullSmsSendStatusSet") or [])
    return [value]


def _empty_page(text: str) -> bool:
    """Whether a JSON text is an empty batch or pull page (``[]``, ``{"Response":
    {"PullSmsSendStatusSet": [], …}}``): what a poller writes when nothing is new."""
    value = json.loads(text)
    return value == [] or (isinstance(value, dict) and isinstance(value.get("Response"), dict)
                           and value["Response"].get("PullSmsSendStatusSet") == [])


def _candidates(line: str) -> Iterator[str]:
    """A line as a whole JSON value, or as one element of an array written one a line."""
    text = line.strip().rstrip(",")
    yield text
    yield text.removeprefix("[").removesuffix("]").rstrip(",")


class _Stream:
    """A file's bytes, gunzipped on the fly when gzipped; a damaged end is noted, not raised."""

    def __init__(self, path: Path) -> None:
        self.raw = path.open("rb")
        self.gzip = self.raw.peek(2)[:2] == b"\x1f\x8b"
        self.inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)
        self.problem: Said | None = None
        self.bom = False  # a UTF-8 byte-order mark began the text: dropped, as for CSVs
        self._start = True

    def read(self, size: int) -> bytes:
        """Up to about ``size`` bytes (all when negative); empty at the end."""
        data = self._read(size)
        if self._start:
            self._start, self.bom = False, data.startswith(codecs.BOM_UTF8)
            data = data.removeprefix(codecs.BOM_UTF8)
        return data

    def _read(self, size: int) -> bytes:
        if not self.gzip:
            return self.raw.read(size)
        out: list[bytes] = []
        got = 0
        while (size < 0 or got < size) and self.problem is None:
            data = self.raw.read(1 << 20 if size < 0 or size - got > 1 << 22 else 1 << 15)
            if not data:
                if not self.inflate.eof:
                    self.problem = says("error.gzip_ends_early")
                break
            try:
                while data:  # several gzip members one after another make one stream
                    if self.inflate.eof:
                        self.inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)
                    out.append(self.inflate.decompress(data))
                    got += len(out[-1])
                    data = self.inflate.unused_data
            except zlib.error as error:
                self.problem = says("error.file_damaged", detail=str(error))
        return b"".join(out)

    def close(self) -> None:
        self.raw.close()


@dataclass
class Source:
    """An opened input file: its format and its JSON texts in batches of numbered lines.

    Problems with the file as a whole (a gzip stream cut short) are noted in ``problem`` once
    the batches have been read; the records before it are kept.
    """

    path: Path
    format: Format
    stream: _Stream
    batches: Iterator[pa.RecordBatch]

    @property
    def problem(self) -> Said | None:
        return self.stream.problem


def open_source(path: str | Path, format_name: str | None = None, chunk: int = CHUNK) -> Source:
    """Open one file: detect its layout and format from its first records (unless named)."""
    path = Path(path)
    named = None if format_name is None else check_format(format_name)
    try:
        stream = _Stream(path)
    except OSError as error:
        raise InputError(WHOLE_FILE, str(path), says("error.unreadable", why=os_reason(error))
                         ).at(path) from None
    try:
        head = stream.read(chunk)
        if not head.strip():
            raise InputError(WHOLE_FILE, str(path), stream.problem or says("error.no_records")).at(path, 1)
        lines = head[: head.rfind(b"\n") + 1 or len(head)].decode("utf-8", "replace").splitlines()
        sniffed = _sniff(lines)
        if sniffed is None:  # not one JSON value a line: read the whole file as one JSON document
            numbers, texts, problems = _document((head + stream.read(-1)).decode("utf-8", "replace"))
            sniffed = _first((n, r) for n, t, p in zip(numbers, texts, problems, strict=True)
                             if p is None for r in _records(json.loads(t))[:1])
            empty = sniffed is None and not any(problems) and all(map(_empty_page, texts))
            if sniffed is None and not empty:
                problem = next((decoded(p) for p in problems if p), says("error.holds_no_records"))
                raise InputError(WHOLE_FILE, snippet(lines[0]), problem).at(path, 1)
            batches: Iterator[pa.RecordBatch] = iter(
                [pa.record_batch([numbers, texts, problems], schema=SCHEMA)])
        else:
            batches = _lines(head, stream, chunk)
        if sniffed is None:  # pages with nothing new, as a poller writes them: no records, no error
            fmt = named or FORMATS["pull-2021-01-11"]  # any format reads no records alike
        else:
            line, record = sniffed
            try:
                fmt = named or FORMATS[detect(record)]
            except InputError as error:
                raise error.at(path, line) from None
    except BaseException:
        stream.close()
        raise
    return Source(path, fmt, stream, batches)


@dataclass(frozen=True)
class Lines:
    """A file DuckDB can read whole: its format, and what each of its lines holds."""

    path: Path
    format: Format
    kind: str  # :data:`slakit.receipts.parse.KINDS`: what each line holds
    gzip: bool


def sniff_lines(path: str | Path, format_name: str | None = None) -> Lines | None:
    """The file as DuckDB can read it whole, or None for the careful reader (:func:`open_source`).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     file = Path(folder, "r.json")
    ...     _ = file.write_text('[{"SendTime": 1773712800, "PhoneNumber": "+86138", "Code": "Ok"}]\\n')
    ...     found = sniff_lines(file)
    >>> found.format.name, found.kind, found.gzip
    ('sendlog', 'batch', False)
    """
    path = Path(path)
    if not path.is_file():  # a pipe, say: it can be read only once, by the careful reader
        return None
    try:
        stream = _Stream(path)
    except OSError:
        return None
    try:
        data = stream.read(SNIFF_BYTES)  # gunzipped, it may be longer
    finally:
        stream.close()
    head = data[:SNIFF_BYTES]
    text = head.decode("utf-8", "replace")
    whole = len(data) < SNIFF_BYTES  # the head is the whole file: its last line is complete
    lines = text.splitlines()
    found = _first_object(lines if whole or text.endswith("\n") else lines[:-1])
    if found is None and lines and not whole:
        found = _first_item(lines[-1])  # a line longer than the head: a batch written on one line
    if found is None:
        return None
    kind, record = found
    if stream.bom:  # DuckDB's readers do not drop it
        return None
    try:
        fmt = check_format(format_name) if format_name else FORMATS[detect(record)]
    except InputError:
        return None  # the careful reader names the problem
    return Lines(path, fmt, kind, stream.gzip)


@contextmanager
def plain_text(lines: Lines, folder: Path | None = None) -> Iterator[Path | None]:
    """The file, when a value's line is its place in the file (DuckDB gunzips a gzipped one
    itself): values one a line with no blank line between them, or for an array written one
    item a line, ``[`` alone on the first line, then one object a line, then ``]``. None
    otherwise, or when its gzip stream is damaged.

    One pass with numpy over the text; no line becomes a Python object. (``folder`` is not
    needed: no copy is made.)
    """
    yield None if numbered(lines) is None else lines.path


def numbered(lines: Lines) -> int | None:
    """The lines holding values (for an array written one item a line, its items), when a
    value's line is its place in the file (see :func:`plain_text`); else None."""
    stream = _Stream(lines.path)
    try:
        count = _numbered(stream, lines.kind == "item")
    finally:
        stream.close()
    return None if stream.problem else count


def damaged(path: Path) -> Said | None:
    """Why a gzipped file's stream is unsound (cut short, corrupt), read to its end; else None."""
    stream = _Stream(path)
    try:
        while stream.read(CHUNK):
            pass
    finally:
        stream.close()
    return stream.problem


def _numbered(stream: _Stream, items: bool) -> int | None:
    """The lines with text when no blank line stands before one of them; with ``items``, the
    lines beginning with ``{`` when the text is ``[`` alone, then those lines, then ``]`` alone.
    Else None."""
    blank_before, carry, first, closed, count = False, b"", True, False, 0
    while True:
        more = stream.read(CHUNK)
        data = carry + more
        cut = data.rfind(b"\n") + 1 if more else len(data)
        data, carry = data[:cut], data[cut:]
        if data:
            text = np.frombuffer(data, np.uint8)
            ends = np.flatnonzero(text == 10)
            if not len(ends) or ends[-1] != len(data) - 1:  # a last line without its line end
                ends = np.append(ends, len(data))
            starts = np.concatenate([[0], ends[:-1] + 1])
            heads = _heads(text, starts, ends)
            odd = np.flatnonzero((heads != ord("{")) & (heads != ord("[")))
            blank = [i for i in odd if not data[starts[i]:ends[i]].strip(b" \t\r")]
            if len(blank) < len(ends) and (blank_before or (blank and len(ends) - blank[0] > len(blank))):
                return None
            blank_before = bool(blank)
            count += len(ends) - len(blank)
            if items:
                if first and data[:ends[0]].strip(b" \t\r") != b"[":
                    return None
                tail = heads[int(first):]  # the lines after "["
                if not closed:
                    end = np.flatnonzero(tail != ord("{"))
                    if not len(end):
                        tail = tail[:0]
                    elif data[starts[end[0] + first]:ends[end[0] + first]].strip(b" \t\r") != b"]":
                        return None
                    else:
                        closed, tail = True, tail[end[0] + 1:]
                if (tail != 0).any():  # text after "]"
                    return None
            first = False
        if not more:
            return count - 2 if items and closed else None if items else count


def _heads(text: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Each line's first character that is not a space or tab (0 for a line of blanks only;
    a line indented by more than 16 blanks counts as beginning with a blank)."""
    at = starts.copy()
    for _ in range(16):
        blank = (at < ends) & ((text[np.minimum(at, len(text) - 1)] == 32)
                               | (text[np.minimum(at, len(text) - 1)] == 9))
        if not blank.any():
            break
        at += blank
    heads: np.ndarray = text[np.minimum(at, len(text) - 1)].copy()
    heads[at >= ends] = 0
    return heads


def _first_object(lines: list[str]) -> tuple[str, dict[str, Any]] | None:
    """What the first line holding an object record holds, and that record."""
    in_array = False  # an array written one item a line: "[", then items ending in ","
    for line in lines[:SNIFF_LINES]:
        if len(line) > LONG_LINE and line.rstrip().endswith("]") and (found := _first_item(line)):
            return found  # a batch on one line: its first item tells, DuckDB parses the rest
        for unwrapped, text in enumerate(_candidates(line)):
            try:
                value = json.loads(text)
            except (json.JSONDecodeError, RecursionError):  # the careful reader names it
                continue
            record = next((r for r in _records(value) if isinstance(r, dict)), None)
            if record is not None:
                item = unwrapped or in_array or line.rstrip().endswith(",")
                return _kind(value, bool(item)), record
            break
        in_array = in_array or line.strip() == "["
    return None


def _first_item(line: str) -> tuple[str, dict[str, Any]] | None:
    """The first item of an array that begins a line, when it is an object."""
    text = line.lstrip(BLANKS)
    if not text.startswith("["):
        return None
    try:
        item, _ = json.JSONDecoder().raw_decode(text, len(text) - len(text[1:].lstrip()))
    except (json.JSONDecodeError, RecursionError):
        return None
    return ("batch", item) if isinstance(item, dict) else None


def _kind(value: object, item: bool) -> str:
    if item:
        return "item"
    if isinstance(value, dict) and not isinstance(value.get("Response"), dict):
        return "record"
    return "batch" if isinstance(value, list) else "response"


def _sniff(lines: list[str]) -> tuple[int, object] | None:
    """The first record of a file written one JSON value a line, with its line number.

    An object is preferred, so that one stray value does not hide the format of the rest.
    """
    def found() -> Iterator[tuple[int, object]]:
        for number, line in enumerate(lines[:SNIFF_LINES], 1):
            for text in _candidates(line):
                try:
                    yield from ((number, r) for r in _records(json.loads(text))[:1])
                    break
                except (json.JSONDecodeError, RecursionError):  # not JSON, or nested too deeply
                    continue

    return _first(found())


def _first(found: Iterable[tuple[int, object]]) -> tuple[int, object] | None:
    """The first record that is an object, else the first record at all."""
    first = None
    for item in found:
        if isinstance(item[1], dict):
            return item
        first = first or item
    return first


def _lines(head: bytes, stream: _Stream, chunk: int) -> Iterator[pa.RecordBatch]:
    """Batches of whole lines, numbered, without making a Python object of each line."""
    number, data = 1, head
    while True:
        more = stream.read(chunk)
        cut = data.rfind(b"\n") + 1 if more else len(data)  # a partial last line waits for more
        data, carry = data[:cut], data[cut:]
        if data:
            batch = _batch(number, data if data.endswith(b"\n") else data + b"\n")
            number += batch.num_rows
            yield batch
        if not more:
            stream.close()
            return
        data = carry + more


def _batch(first_line: int, data: bytes) -> pa.RecordBatch:
    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == 10) + 1
    numbers = pa.array(np.arange(first_line, first_line + len(ends), dtype=np.int64))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:  # rare: find the lines that are not UTF-8, keep the others
        texts: list[str] = []
        problems: list[str | None] = []
        for line in data.split(b"\n")[:-1]:
            try:
                texts.append(line.decode("utf-8").strip(BLANKS))
                problems.append(None)
            except UnicodeDecodeError:
                texts.append("")
                problems.append(NOT_UTF8)
        return pa.record_batch([numbers, pa.array(texts, pa.large_string()),
                                pa.array(problems, pa.string())], schema=SCHEMA)
    offsets = np.concatenate([[0], ends]).astype(np.int64)
    lines = pa.LargeStringArray.from_buffers(len(ends), pa.py_buffer(offsets), pa.py_buffer(data))
    texts = pc.ascii_trim(lines, characters=BLANKS)  # safe on UTF-8: the blanks are ASCII
    return pa.record_batch([numbers, texts, pa.nulls(len(ends), pa.string())], schema=SCHEMA)


def _document(text: str) -> tuple[list[int], list[str], list[str | None]]:
    """The JSON values of a document (an array's items one by one), each with its first line.

    A value that does not parse ends the reading; what came before it is kept.

    >>> _document('[\\n {"a": 1},\\n {"a": 2\\n')
    ([2, 3], ['{"a": 1}', ''], [None, 'error.not_json {"detail": "Expecting \\',\\' delimiter"}'])

    """
    decoder = json.JSONDecoder()
    numbers: list[int] = []
    texts: list[str] = []
    problems: list[str | None] = []
    line, counted = 1, 0

    def skip(pos: int) -> int:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        return pos

    def value(pos: int) -> int:
        """Take the value at ``pos``; the position after it, or -1 when it does not parse."""
        nonlocal line, counted
        line += text.count("\n", counted, pos)
        counted = pos
        numbers.append(line)
        try:
            _, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            texts.append("")
            problems.append(encoded(says("error.not_json", detail=error.msg)))

            return -1
        except RecursionError:
            texts.append("")
            problems.append(NESTED)
            return -1
        texts.append(text[pos:end])
        problems.append(None)
        return skip(end)

    pos = skip(0)
    while 0 <= pos < len(text):
        if text[pos] == "[":  # an array: its items one by one
            pos = skip(pos + 1)
            while 0 <= pos < len(text) and text[pos] != "]":
                pos = value(pos)
            pos = skip(pos + 1) if 0 <= pos < len(text) else -1
        else:
            pos = value(pos)
    return numbers, texts, problems
