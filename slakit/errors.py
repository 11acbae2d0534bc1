"""The exception tree: every error slakit raises is a :class:`SlakitError`, and says what is wrong
by a code of the catalogue (:mod:`slakit.words`) and its values, so that it reads in either
language: :meth:`SlakitError.text` in the reader's, ``str()`` in English (logs, scripts).

- :class:`ConfigError`: a rule file (policy, code map, exclusion windows, calendar) that cannot be
  used, naming the file, the field and the value (``PolicyError`` is the same class);
- :class:`InputError`: bad input data, naming file and line when known, field and value;
- :class:`CalendarError`: a month without the working days a claim window needs;
- :class:`ArchiveError`: a receipts archive that cannot be opened or used;
- :class:`ReportError`: a report that ran but could not be finished (no summary, no PDF).
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from .words import Said, says

WHOLE_FILE = "(file)"  # the field of an error about a file as a whole: unreadable, empty, not TOML…


class SlakitError(Exception):
    """Base of all slakit errors; the CLI prints it in the user's language and exits with code 2.

    >>> error = CalendarError(says("error.few_working_days", month="2027-02", n=5))
    >>> error.code, error.text("zh")
    ('error.few_working_days', '2027-02 的工作日少于 5 个')
    """

    def __init__(self, problem: Said) -> None:
        self.problem = problem
        super().__init__(self.said.text("en"))

    @property
    def said(self) -> Said:
        """The whole message: the problem and where it is."""
        return self.problem

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def params(self) -> Mapping[str, object]:
        return self.problem.params

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.said.text(lang)


def _what(field: str, value: object, problem: Said) -> Said:
    return says("frame.field", field=field, value=value, problem=problem)


class ConfigError(SlakitError):
    """A rule file that cannot be used, naming the file, the field and the value.

    >>> str(ConfigError("my.toml", "spec.target.availability", "0.9x", says("error.not_decimal_number")))
    "my.toml: field 'spec.target.availability' = '0.9x': is not a decimal number"
    >>> ConfigError("my.toml", WHOLE_FILE, "my.toml", says("error.not_toml", detail="x")).text("zh")
    'my.toml：不是有效的 TOML：“x”'
    """

    def __init__(self, source: str | Path, field: str, value: object, problem: Said) -> None:
        self.source, self.field, self.value = str(source), field, value
        super().__init__(problem)

    @property
    def said(self) -> Said:
        what = self.problem if self.field == WHOLE_FILE else _what(self.field, self.value, self.problem)
        return says("frame.where", where=self.source, problem=what)


PolicyError = ConfigError  # the name the first releases used for any bad rule file


class InputError(SlakitError):
    """Bad input data, naming where it came from (file and line when known), field and value.

    >>> str(InputError("fee", "1.2.3", says("error.not_decimal"), source="m.csv", line=4))
    "m.csv, line 4: field 'fee' = '1.2.3': is not a decimal amount"
    >>> InputError("fee", "1.2.3", says("error.not_decimal"), source="m.csv", line=4).text("zh")
    "m.csv，第 4 行：字段 'fee' = '1.2.3'：不是有效的金额"
    >>> str(InputError(WHOLE_FILE, "m.csv", says("error.empty_file")))
    'm.csv: is empty: no header, no rows'
    >>> str(InputError(WHOLE_FILE, "{oops", says("error.not_json", detail="x"), source="r.json", line=1))
    "r.json, line 1: '{oops': is not valid JSON: x"
    """

    def __init__(
        self,
        field: str,
        value: object,
        problem: Said,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        unit: str = "line",  # what ``line`` counts: a text file's lines, a table's rows ("row")
    ) -> None:
        self.field, self.value = field, value
        self.source = None if source is None else str(source)
        self.line, self.unit = line, unit
        super().__init__(problem)

    @property
    def said(self) -> Said:
        kind = "row" if self.unit == "row" else "line"
        if self.source is None:
            where: Said | str | None = (None if self.line is None
                                        else says(f"frame.only_{kind}", line=self.line))
        else:
            where = self.source if self.line is None else says(f"frame.{kind}", source=self.source,
                                                               line=self.line)
        value = self.value
        shown = str(value) if isinstance(value, Decimal) else value  # '0.045', not Decimal('0.045')
        if self.field != WHOLE_FILE:
            what = _what(self.field, shown, self.problem)
        elif where is not None:  # the value is the file itself, or a glimpse of it
            what = self.problem if str(value) == self.source else says("frame.value", value=shown,
                                                                        problem=self.problem)
        else:
            return says("frame.where", where=str(value), problem=self.problem)
        return what if where is None else says("frame.where", where=where, problem=what)

    def at(self, source: str | Path, line: int | None = None, unit: str = "line") -> InputError:
        """The same error, located in a file (and line, or row of a table)."""
        return InputError(self.field, self.value, self.problem, source=source, line=line, unit=unit)


OS_REASONS = {  # errno: the catalogue's words for it (the OS says them in English only)
    errno.ENOENT: "error.os_missing", errno.EACCES: "error.os_denied", errno.EPERM: "error.os_denied",
    errno.EISDIR: "error.os_folder", errno.ENOTDIR: "error.os_not_folder", errno.EIO: "error.os_io",
    errno.ENOSPC: "error.os_full", errno.EROFS: "error.os_read_only", errno.ENAMETOOLONG: "error.os_long",
}


def os_reason(error: OSError) -> Said:
    """Why the OS refused, in the catalogue's words.

    >>> os_reason(OSError(errno.EIO, "Input/output error")).text("zh")
    '输入输出错误'
    """
    code = OS_REASONS.get(error.errno or 0)
    if code is not None:
        return says(code)
    return says("error.os_other", detail=error.strerror or str(error) or type(error).__name__)


class CalendarError(SlakitError):
    """A month lacks the working days a rule asks for (a policy's claim window, say)."""


class ArchiveError(SlakitError):
    """A receipts archive that cannot be opened or used."""


class ReportError(SlakitError):
    """A report that ran but could not be finished: no recorded summary, no PDF."""
