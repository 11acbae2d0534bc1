"""Rule files: policies, code maps, exclusion windows and working-day calendars are TOML files with
one envelope, read here and nowhere else.

Every rule file has ``apiVersion`` (``slakit/v1``), ``kind``, a ``metadata`` table and a ``spec``
table, and nothing else at the top. :func:`read_rule_file` checks the envelope; a :class:`Table`
hands out typed values, each check naming the file, the field and the value in a
:class:`~slakit.errors.ConfigError`, and :meth:`Table.done` refuses a field nobody read, so a typo
never silently falls back to a default. Shipped files live in the package's data folders
(``policies/``, ``codemaps/``) and are found by name; a user's own file is passed by path.

>>> rules = read_rule_file(shipped_files("policies")["tencent-sms-2020-09-23"], "SlaPolicy")
>>> rules.metadata.text("name"), rules.spec.table("target").decimal("availability", 6)
('tencent-sms-2020-09-23', Decimal('0.95'))
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import WHOLE_FILE, ConfigError, InputError, os_reason
from .i18n import Bilingual
from .words import Said, says

API_VERSION = "slakit/v1"


class Table:
    """One TOML table being read: typed getters that raise :class:`ConfigError` naming the field."""

    def __init__(self, source: str, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise ConfigError(source, path, data, says("error.not_table"))
        self.source, self.data, self.path = source, data, path
        self.read: set[str] = set()

    def name(self, key: str) -> str:
        """The dotted name of ``key`` in the file, e.g. ``spec.target.availability``."""
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, value: object, problem: Said) -> ConfigError:
        return ConfigError(self.source, self.name(key), value, problem)

    def get(self, key: str) -> Any:
        """The raw value of a field that must be there."""
        self.read.add(key)
        if key not in self.data:
            raise ConfigError(self.source, self.name(key), None, says("error.missing"))
        return self.data[key]

    def optional(self, key: str) -> Any:
        """The raw value of a field that may be left out (None then)."""
        self.read.add(key)
        return self.data.get(key)

    def text(self, key: str, choices: tuple[str, ...] | None = None) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, value, says("error.not_text"))
        if choices is not None and value not in choices:
            raise self.fail(key, value, says("error.one_of", choices=", ".join(choices)))
        return value

    def bilingual(self, key: str) -> Bilingual:
        """Words a person reads, such as a clause label: one string where both languages read
        alike (``"SLA §2.2"``), else a table ``{ en = "…", zh = "…" }``."""
        value = self.get(key)
        if isinstance(value, str) and value.strip():
            return Bilingual(value, value)
        if not isinstance(value, dict):
            raise self.fail(key, value, says("error.not_bilingual"))
        table = Table(self.source, value, self.name(key))
        words = Bilingual(table.text("en"), table.text("zh"))
        table.done()
        return words

    def texts(self, key: str) -> list[str]:
        """A non-empty list of non-empty strings."""
        value = self.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, value, says("error.not_texts"))
        return value

    def integer(self, key: str, minimum: int) -> int:
        value = self.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(key, value, says("error.whole_at_least", minimum=minimum))
        return value

    def decimal(self, key: str, places: int) -> Decimal:
        """A ratio in [0, 1] written as a string, e.g. "0.95" (a float would not be exact)."""
        value = self.get(key)
        if not isinstance(value, str):
            raise self.fail(key, value, says("error.decimal_string"))
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.fail(key, value, says("error.not_decimal_number")) from None
        if not number.is_finite() or not 0 <= number <= 1:
            raise self.fail(key, value, says("error.not_ratio"))
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places:
            raise self.fail(key, value, says("error.decimal_places", places=places))
        return number

    def moment(self, key: str, zone: timezone) -> datetime:
        """A TOML date-time; one without an offset is read in ``zone``."""
        value = self.get(key)
        if not isinstance(value, datetime):
            raise self.fail(key, value, says("error.not_moment"))
        return value if value.tzinfo else value.replace(tzinfo=zone)

    def days(self, key: str) -> list[date]:
        """A list of dates (TOML dates or "YYYY-MM-DD" strings); missing means none."""
        values = self.optional(key)
        if values is None:
            return []
        if not isinstance(values, list):
            raise self.fail(key, values, says("error.not_dates"))
        days = []
        for value in values:
            if isinstance(value, date) and not isinstance(value, datetime):
                days.append(value)
                continue
            try:
                days.append(date.fromisoformat(str(value)))
            except ValueError:
                raise self.fail(key, value, says("error.not_date")) from None
        return days

    def table(self, key: str) -> Table:
        return Table(self.source, self.get(key), self.name(key))

    def tables(self, key: str) -> list[Table]:
        value = self.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, value, says("error.not_tables"))
        return [Table(self.source, item, f"{self.name(key)}[{i}]") for i, item in enumerate(value)]

    def done(self) -> None:
        """Refuse keys nobody read: a typo must not silently fall back to a default."""
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise self.fail(unknown[0], self.data[unknown[0]], says("error.unknown_field"))


@dataclass(frozen=True)
class RuleFile:
    """A rule file whose envelope checked out: its ``metadata`` and ``spec`` still to be read."""

    source: str
    kind: str
    metadata: Table
    spec: Table


def read_toml(path: str | Path) -> dict[str, Any]:
    """A TOML file's document; a file that cannot be read or parsed raises :class:`ConfigError`."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise ConfigError(path, WHOLE_FILE, str(path),
                          says("error.unreadable", why=os_reason(error))) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(path, WHOLE_FILE, str(path), says("error.not_toml", detail=str(error))) from None


def check_envelope(source: str | Path, document: dict[str, Any], kind: str) -> RuleFile:
    """The envelope of a parsed rule file of ``kind``: apiVersion, kind, metadata, spec."""
    source = str(source)
    root = Table(source, document, "")
    for key, expected in (("apiVersion", API_VERSION), ("kind", kind)):
        if root.text(key) != expected:
            raise root.fail(key, document[key], says("error.must_be", expected=expected))
    rules = RuleFile(source, kind, root.table("metadata"), root.table("spec"))
    root.done()
    return rules


def read_rule_file(path: str | Path, kind: str) -> RuleFile:
    """Read a rule file of ``kind`` and check its envelope."""
    return check_envelope(path, read_toml(path), kind)


@cache
def shipped_files(folder: str) -> dict[str, Path]:
    """The rule files shipped in one of the package's data folders, by name (file stem)."""
    files = resources.files("slakit").joinpath(folder)
    return {Path(str(f)).stem: Path(str(f)) for f in files.iterdir() if f.name.endswith(".toml")}


def locate(name_or_path: str | Path, folder: str, what: str) -> tuple[Path, bool]:
    """A file shipped in ``folder`` by name (and True), or a user's file by path (and False)."""
    shipped = shipped_files(folder)
    if str(name_or_path) in shipped:
        return shipped[str(name_or_path)], True
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return path, False
    raise InputError(what.replace(" ", "_"), str(name_or_path),
                     says(f"error.not_shipped_{what.replace(' ', '_')}", shipped=", ".join(sorted(shipped))))

