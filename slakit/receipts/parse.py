"""SQL that turns numbered JSON text into checked records of a format (:mod:`.formats`).

Three ways in, one way out:

- :func:`run_sql` takes a run of files of one layout through DuckDB's JSON reader
  (:func:`read_json`) in one pass, each record placed by its line's place in the run.
- :func:`native_sql` reads a whole file with DuckDB (gzip included): its lines, numbered, each
  parsed by one ``json_transform`` for what the file's lines hold (a record, a batch, a pull API
  response). A line that does not fit that shape takes the general way below, so a stray line is
  judged exactly as the careful reader would judge it.
- :func:`general_sql` takes numbered JSON texts of any shape (a record, an array of them, a pull
  response, one item of an array written one a line) from the relation ``lines``.

All end in :func:`checked_sql`: each record's fields checked in order (the first failing check
rejects it, naming field, value and problem), then the archive's columns. Field values arrive as
JSON text, so their JSON type is read off the first character instead of parsing them again.
"""

from __future__ import annotations

from ..words import encoded, says
from .formats import CHINA_SECONDS, SLA_DATE, Field, Format

BLANKS = " \t\r\n,"  # trimmed off each line: indentation, line ends, an array's commas
SKIPPED = "('', '[', ']', '[]')"  # lines that hold no record: an array's brackets
KINDS = ("record", "item", "batch", "response")  # what each line of a file read natively holds:
# a record, an item of an array written one a line, an array of records, a pull API response
ONE_A_LINE = ("record", "item")  # the kinds whose lines hold one record each
MAX_LINE = 1 << 26  # bytes: a longer line sends the file to the careful reader
_UNWRAP = r"rtrim(regexp_replace(text, '^\[|\]$', '', 'g'), ' ,')"  # "[{…}" or "{…}]" → "{…}"
_LINES = ("columns = {{'text': 'VARCHAR'}}, delim = '\x1f', quote = '', escape = '', header = false, "
          "auto_detect = false, compression = '{compression}', "
          f"max_line_size = {MAX_LINE}, buffer_size = {MAX_LINE}")  # \x1f is never in valid JSON text


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def read_lines(path: str, gzip: bool) -> str:
    """DuckDB's CSV reader as a line reader: one row a line, a blank line as NULL, in file order."""
    return f"read_csv({quote(path)}, {_LINES.format(compression='gzip' if gzip else 'none')})"


def read_json(fmt: Format, kind: str, paths: list[str], gzip: bool = False) -> str:
    """DuckDB's JSON reader on files of one ``kind`` a line (:data:`KINDS`; an array written
    one item a line is read as an array), each field as JSON text, each row with its file's
    place in ``paths`` as ``file_index``. It stops on anything else: a broken line, an item that
    is not an object."""
    fields = ", ".join(f"{f.name} JSON" for f in fmt.fields)
    columns = {"record": ", ".join(f"'{f.name}': 'JSON'" for f in fmt.fields),
               "batch": f"'batch': 'STRUCT({fields})[]'",
               "response": f"'Response': 'STRUCT(PullSmsSendStatusSet STRUCT({fields})[])'"}
    files = "[" + ", ".join(map(quote, paths)) + "]"
    return (f"read_json({files}, format = '{'array' if kind == 'item' else 'newline_delimited'}', "
            f"records = {kind != 'batch'}, columns = {{{columns.get(kind, columns['record'])}}}, "
            f"maximum_object_size = {MAX_LINE}, compression = '{'gzip' if gzip else 'none'}')")


def _items(fmt: Format, kind: str) -> str:
    record = "[{" + ", ".join(f"'{f.name}': {f.name}" for f in fmt.fields) + "}]"
    return {"record": record, "item": record, "batch": "batch",
            "response": "Response.PullSmsSendStatusSet"}[kind]


def run_sql(fmt: Format, kind: str, source: str) -> str:
    """Records of a run of files read by :func:`read_json` (``source``), in one pass; ``file``
    numbers the files from 0 in the order given. The reader keeps the files' order and each
    file's, so a line's place in the run tells its number when the file holds one value a line
    with no blank line between (an array written one item a line: its items from line 2), which
    the caller checks by each file's first and last line. A line holding one record is placed
    by its row in the table the records are stored into, in order (all cores read); a line
    holding a batch has ``run_place`` (from 0), numbered as the reader streams (one core).
    ``misfit`` marks a line the general way would read otherwise (a record with none of the
    fields, a response without its set); ``hole`` a line without records (an empty batch), kept
    so that every line has a row. ``line`` is left to the caller (NULL)."""
    none = " AND ".join(f"f.{f.name} IS NULL" for f in fmt.fields)  # a record with none of the fields
    rows = "SELECT *, unparsed OR (NOT hole AND {none}) AS misfit FROM (SELECT CAST(file_index AS BIGINT) " \
           "AS file, {place} AS run_place, NULL::BIGINT AS line, NULL AS problem, NULL AS t, " \
           "false AS broken, true AS object, {hole} AS hole, {unparsed} AS unparsed, {f} AS f, " \
           "{item} AS item, {items} AS items FROM {source})"
    if kind in ONE_A_LINE:
        record = "{" + ", ".join(f"'{f.name}': {f.name}" for f in fmt.fields) + "}"
        return rows.format(none=none, place="NULL::BIGINT", hole="false", unparsed="false", f=record,
                           item="NULL::BIGINT", items="NULL::BIGINT", source=source)
    fs = _items(fmt, kind)
    listed = f"CASE WHEN len({fs}) > 0 THEN {fs} ELSE [NULL] END"
    return rows.format(
        none=none, place="run_place", hole=f"COALESCE(len({fs}), 0) = 0", unparsed=f"{fs} IS NULL",
        f=f"unnest({listed})", item=f"generate_subscripts({listed}, 1)", items=f"len({fs})",
        source=f"(SELECT row_number() OVER () - 1 AS run_place, file_index, * FROM {source})")


def _is_text(x: str) -> str:
    return f"starts_with({x}, '\"')"


def _is_whole(x: str) -> str:
    return f"regexp_full_match({x}, '-?[0-9]+')"


def _value(f: Field) -> str:
    """A field's value as text: a string's content, or the JSON text of anything else; one of
    a few choices in upper case, as the provider writes it (``success`` is ``SUCCESS``)."""
    text = f"json_extract_string(f.{f.name}, '$')"
    return f"upper({text})" if f.choices else text


def _text(f: Field) -> str:
    """The column holding a field's value as text (see :func:`checked_sql`)."""
    return f'"{f.name} text"'


def _checks(f: Field) -> list[tuple[str, str, str]]:
    """(condition, value, problem) for one field, in order; the first that holds rejects."""
    raw, text = f"f.{f.name}", _text(f)
    checks = [(f"{raw} IS NULL", "NULL", encoded(says("error.missing")))]
    if f.kind == "seconds":
        checks.append((f"NOT {_is_whole(raw)}", raw, encoded(says("error.unix_seconds"))))
    elif f.kind == "time":
        checks.append((f"NOT ({_is_text(raw)} OR {_is_whole(raw)})", raw,
                       encoded(says("error.time_or_seconds"))))
    else:
        checks.append((f"NOT {_is_text(raw)}", raw, encoded(says("error.not_string"))))
    if f.kind == "text":
        checks.append((f"{text} = ''", text, encoded(says("error.empty"))))
    if f.choices:
        listed = ", ".join(f"'{c}'" for c in f.choices)
        checks.append((f"{text} NOT IN ({listed})", text, encoded(says("error.one_of", choices=listed))))
    return checks


def _time(f: Field) -> str:
    """A time field as Unix seconds: text with an offset as given, without one in China time."""
    text = _text(f)
    seconds = f"TRY_CAST({text} AS BIGINT)"
    usual = (f"CASE WHEN length({text}) = 19 "  # the usual forms first, parsed at a quarter of the cost
             f"THEN epoch(try_strptime({text}, '%Y-%m-%d %H:%M:%S')) - {CHINA_SECONDS} "
             f"WHEN length({text}) = 20 AND ends_with({text}, 'Z') "
             f"THEN epoch(try_strptime({text}, '%Y-%m-%dT%H:%M:%SZ')) END")
    clock = (f"COALESCE({usual}, CASE WHEN regexp_matches({text}, '(Z|[+-][0-9]{{2}}:?[0-9]{{2}})$') "
             f"THEN epoch(TRY_CAST({text} AS TIMESTAMPTZ)) "
             f"ELSE epoch(TRY_CAST({text} AS TIMESTAMP)) - {CHINA_SECONDS} END)")
    raw = f"f.{f.name}"
    if f.kind == "time":
        return f"CASE WHEN {_is_text(raw)} THEN {clock} WHEN {_is_whole(raw)} THEN {seconds} END"
    if f.kind == "seconds":
        return f"CASE WHEN {_is_whole(raw)} THEN {seconds} END"
    return f"CASE WHEN {_is_text(raw)} THEN {clock} END"


def _shape(fmt: Format) -> str:
    """The ``json_transform`` structure of a record: each checked field as JSON text."""
    return "{" + ", ".join(f'"{f.name}": "JSON"' for f in fmt.fields) + "}"


def _nothing(fmt: Format) -> str:
    """A record with none of the format's fields: a non-object, or an object to look at closer."""
    return "{" + ", ".join(f"'{f.name}': NULL::JSON" for f in fmt.fields) + "}"


def checked_sql(fmt: Format, records: str, keep: str = "") -> str:
    """Checked records from ``records``: rows (line, problem, t, broken, object, f) where ``f``
    holds the fields as JSON text, and the columns ``keep`` names. Output: those, line, ``why``
    (field, value, problem) when rejected, the archive's columns, ``ts`` and ``day``. ``$since``
    and ``$until`` bound the times accepted.
    """
    fields = {f.name: f for f in fmt.fields}
    when = fields[fmt.time]
    whens = [("problem IS NOT NULL", "'(record)'", "left(t, 80)", "problem"),
             ("broken", "'(record)'", "left(t, 80)", quote(encoded(says("error.json_broken")))),
             ("NOT object", "'(record)'", "left(t, 80)", quote(encoded(says("error.not_object"))))]
    for f in fmt.fields:
        whens += [(c, quote(f.name), v, quote(p)) for c, v, p in _checks(f)]
    whens += [("ts IS NULL", quote(when.name), _text(when), quote(encoded(says("error.not_time")))),
              ("ts < $since OR ts > $until", quote(when.name), _text(when), quote(
                  encoded(says("error.outside_sla", since=str(SLA_DATE)))))]

    def placed(p: str) -> str:  # a record of a batch on one line is named by its place too
        batch = ("'frame.in_batch {\"problem\": {\"said\": ' || to_json(" + p + ")::VARCHAR || "
                 "'}, \"item\": ' || item || ', \"items\": ' || items || '}'")
        return f"CASE WHEN items > 1 THEN {batch} ELSE {p} END"

    why = "CASE " + " ".join(
        f"WHEN {c} THEN {{'field': {f}, 'value': CAST({v} AS VARCHAR), 'problem': {placed(p)}}}"
        for c, f, v, p in whens) + " END"
    texts = {name: _text(f) for name, f in fields.items()}
    columns = ", ".join(f"{sql.format(**texts)} AS {name}" for name, sql in fmt.columns.items())
    values = ", ".join(f"{_value(f)} AS {_text(f)}" for f in fmt.fields)
    return f"""
WITH valued AS (SELECT *, {values} FROM ({records})),
timed AS (SELECT *, CAST({_time(when)} AS BIGINT) AS ts FROM valued),
checked AS (SELECT *, {why} AS why FROM timed)
SELECT {keep + ", " if keep else ""}line, why, {columns}, ts,
       DATE '1970-01-01' + CAST((ts + {CHINA_SECONDS}) // 86400 AS INTEGER) AS day
FROM checked
"""


def general_sql(fmt: Format, lines: str = "lines") -> str:
    """Records from numbered JSON texts of any shape: rows (line, text, problem) of ``lines``."""
    return f"""
WITH docs AS (  -- a whole JSON value, or one item of an array written one item a line
    SELECT line, problem, text AS t, CASE WHEN problem IS NOT NULL THEN NULL
        WHEN json_valid(text) THEN text
        WHEN json_valid({_UNWRAP}) THEN {_UNWRAP} END AS doc
    FROM {lines} WHERE text NOT IN {SKIPPED} OR problem IS NOT NULL),
listed AS (  -- a batch: a callback's array, a pull response's set
    SELECT line, problem, t, doc IS NULL AS broken, CASE
        WHEN doc IS NULL THEN [NULL::JSON]
        WHEN json_type(doc) = 'ARRAY' THEN json_extract(doc, '$[*]')
        WHEN json_type(doc, '$.Response.PullSmsSendStatusSet') = 'ARRAY'
        THEN json_extract(doc, '$.Response.PullSmsSendStatusSet[*]')
        ELSE [doc::JSON] END AS recs
    FROM docs),
records AS (
    SELECT line, problem, t, broken, unnest(recs) AS rec, generate_subscripts(recs, 1) AS item,
        len(recs) AS items
    FROM listed)
SELECT line, problem, t, broken, broken OR json_type(rec) = 'OBJECT' AS object,
       CASE WHEN json_type(rec) = 'OBJECT' THEN json_transform(rec, {quote(_shape(fmt))}) END AS f,
       item, items
FROM records
"""


def native_sql(fmt: Format, kind: str, raw: str = "raw") -> str:
    """Records from a file's lines read by DuckDB (the table ``raw``, one row a line in file order,
    so a line's number is its ``rowid`` + 1), each line holding a ``kind`` (:data:`KINDS`).

    A line that does not fit (broken, another shape, an item that is not an object or has none
    of the fields) is parsed the general way, to be judged exactly as the careful reader would.
    """
    shape = _shape(fmt)
    response = '{"Response": {"PullSmsSendStatusSet": [' + shape + "]}}"
    body = "CASE WHEN ends_with(text, ',') THEN text[:-2] ELSE text END"  # an array's item
    parse, first = {
        "record": (f"[json_transform({body}, {quote(shape)})]", "{"),
        "item": (f"[json_transform({body}, {quote(shape)})]", "{"),
        "batch": (f"json_transform({body}, {quote('[' + shape + ']')})", "["),
        "response": (f"json_transform({body}, {quote(response)}).Response.PullSmsSendStatusSet", "{"),
    }[kind]
    return f"""
WITH parsed AS (  -- no trimming: the parser skips blanks, and a trimmed copy of each line is costly
    SELECT rowid + 1 AS line, text, CASE WHEN left(ltrim(left(text, 64), ' \t'), 1) = '{first}'
        THEN TRY({parse}) END AS fs
    FROM {raw} WHERE strlen(text) > 8 OR trim(text, {quote(BLANKS)}) NOT IN {SKIPPED}),
odd AS (  -- lines the layout's shape does not take: the general way
    SELECT line, trim(text, {quote(BLANKS)}) AS text, NULL AS problem FROM parsed
    WHERE fs IS NULL OR list_contains(fs, {_nothing(fmt)}))
SELECT line, NULL AS problem, NULL AS t, false AS broken, true AS object, unnest(fs) AS f,
       generate_subscripts(fs, 1) AS item, len(fs) AS items
FROM parsed WHERE fs IS NOT NULL AND NOT list_contains(fs, {_nothing(fmt)})
UNION ALL
SELECT * FROM ({general_sql(fmt, "odd")})
"""
