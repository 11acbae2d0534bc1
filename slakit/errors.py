"""The exception tree: every error slakit raises is a :class:`SlakitError`.

- :class:`ConfigError`: a rule file (policy, code map, exclusion windows, calendar) that cannot be
  used, naming the file, the field and the value (``PolicyError`` is the same class);
- :class:`InputError`: bad input data, naming file and line when known, field and value;
- :class:`CalendarError`: a month without the working days a claim window needs;
- :class:`ArchiveError`: a receipts archive that cannot be opened or used;
- :class:`ReportError`: a report that ran but could not be finished (no summary, no PDF).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

WHOLE_FILE = "(file)"  # the field of an error about a file as a whole: unreadable, empty, not TOML…


class SlakitError(Exception):
    """Base of all slakit errors; the CLI prints its message and exits with code 2."""


class ConfigError(SlakitError):
    """A rule file that cannot be used, naming the file, the field and the value.

    >>> str(ConfigError("my.toml", "spec.target.availability", "0.9x", "is not a decimal number"))
    "my.toml: field 'spec.target.availability' = '0.9x': is not a decimal number"
    >>> str(ConfigError("my.toml", WHOLE_FILE, "my.toml", "is not valid TOML"))
    'my.toml: is not valid TOML'
    """

    def __init__(self, source: str | Path, field: str, value: object, problem: str) -> None:
        self.source, self.field, self.value, self.problem = str(source), field, value, problem
        what = "" if field == WHOLE_FILE else f"field {field!r} = {value!r}: "
        super().__init__(f"{self.source}: {what}{problem}")


PolicyError = ConfigError  # the name the first releases used for any bad rule file


class InputError(SlakitError):
    """Bad input data, naming where it came from (file and line when known), field and value.

    >>> str(InputError("fee", "1.2.3", "is not a decimal amount", source="m.csv", line=4))
    "m.csv, line 4: field 'fee' = '1.2.3': is not a decimal amount"
    >>> str(InputError(WHOLE_FILE, "m.csv", "is empty: no header, no rows"))
    'm.csv: is empty: no header, no rows'
    >>> str(InputError(WHOLE_FILE, "{oops", "is not valid JSON", source="r.json", line=1))
    "r.json, line 1: '{oops': is not valid JSON"
    """

    def __init__(
        self,
        field: str,
        value: object,
        problem: str,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        unit: str = "line",  # what ``line`` counts: a text file's lines, a table's rows ("row")
    ) -> None:
        self.field, self.value, self.problem = field, value, problem
        self.source = None if source is None else str(source)
        self.line, self.unit = line, unit
        where = ", ".join(
            part
            for part in (self.source, None if line is None else f"{unit} {line}")
            if part is not None
        )
        prefix = f"{where}: " if where else ""
        shown = str(value) if isinstance(value, Decimal) else value  # '0.045', not Decimal('0.045')
        if field != WHOLE_FILE:
            what = f"field {field!r} = {shown!r}: "
        elif where:  # the value is the file itself, or a glimpse of it
            what = "" if str(value) == self.source else f"{shown!r}: "
        else:
            prefix, what = f"{value}: ", ""
        super().__init__(f"{prefix}{what}{problem}")

    def at(self, source: str | Path, line: int | None = None, unit: str = "line") -> InputError:
        """The same error, located in a file (and line, or row of a table)."""
        return InputError(self.field, self.value, self.problem, source=source, line=line, unit=unit)


class CalendarError(SlakitError):
    """A month lacks the working days a rule asks for (a policy's claim window, say)."""


class ArchiveError(SlakitError):
    """A receipts archive that cannot be opened or used."""


class ReportError(SlakitError):
    """A report that ran but could not be finished: no recorded summary, no PDF."""
