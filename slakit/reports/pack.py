"""The evidence pack of a claim: one zip the provider can check against its own records.

- ``ticket-zh.txt``, ``ticket-en.txt``: the ticket text (:mod:`.claim`);
- ``month.json``: the month's figures under names that say what they are, and its statement as
  the report has it (exact: decimals and ratios as text);
- ``reminders.ics``: the first claim day and the deadline (alarms a week and a day before), for a
  month still to be claimed;
- from receipts: ``daily.csv`` (each day's sends by class), ``failures.csv`` (every failed,
  disputed or unclassified send: serial number, phone, time in China time, code, class, clause)
  and ``excluded.csv`` (the sends excluded under SLA §4, with their clause), phones masked unless
  asked otherwise, and the code map and exclusion windows used;
- the policy (its rules, without comments), and the calendar of official days when one was given;
- every CSV with a byte-order mark, for a spreadsheet on a Chinese system;
- ``manifest.json``: the SHA-256 of every file of the pack and of every input.

The zip is reproducible: the same inputs on the same date give the same bytes.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .. import __version__
from ..assess import Assessment
from ..format import show
from ..receipts.aggregate import COUNTED
from ..receipts.evidence import write_sends
from ..receipts.windows import segments
from ..records import dump
from .claim import Claim
from .model import sha256
from .reminders import FILE as REMINDERS
from .reminders import Reminder, reminders_ics


def _daily_csv(claim: Claim) -> str:
    month = claim.month.month
    assert month is not None
    lines = [",".join(("day", *COUNTED))]
    for day, counts in claim.report.daily.items():
        if month.start <= day <= month.end:
            lines.append(",".join((day.isoformat(), *(str(counts.get(c, 0)) for c in COUNTED))))
    return "\n".join(lines) + "\n"


STATEMENT_KEYS = {  # the record's names that read alike, said plainly
    "statement.evidence.counts.explicit": "explicit failures alone (SLA §1.2): sends.explicit_failures",
    "statement.credit.explicit_failures": "the failures the requested credit counts: explicit, disputed "
                                          "and unclassified together (sends.failures_counted)",
    "statement.certain.explicit_failures": "the failures the explicit-only credit counts: the explicit "
                                           "failures alone (sends.explicit_failures)",
    "statement.headline": "availability counting disputed and unclassified sends as failures",
    "statement.best": "availability counting the explicit failures alone (the best case)",
}


def _credit(a: Assessment | None) -> dict[str, object] | None:
    return None if a is None else {"yuan": show(a.credit_amount), "sms": a.credit_sms, "tier": a.tier,
                                   "capped": a.capped or a.term_capped}


def _month_json(claim: Claim) -> str:
    """The month's statement, its figures under names that say what they are, with the exact
    record (``statement``) as every surface of the report renders it."""
    report, m = claim.report, claim.month
    c, w = m.counts, m.window
    assert m.month is not None
    sends = None if c is None else {
        "valid_sends": c.valid_sends, "failures_counted": c.failures, "explicit_failures": c.explicit,
        "disputed_counted_as_failures": c.disputed, "unclassified_counted_as_failures": c.unclassified,
        "disputed_or_unclassified_certainly_undelivered": c.undelivered, "excluded_under_sla_4": c.excluded,
        "awaiting_receipt_left_out": c.pending}
    document = {
        "customer": {"id": report.customer_id, "name": report.customer_name, "account": claim.account},
        "service_month": {"start": m.month.start.isoformat(), "end": m.month.end.isoformat()},
        "stated_on": claim.on.isoformat(), "status": claim.status, "sends": sends,
        "availability": {"counting_disputed_as_failures": None if m.headline is None else
                         str(m.headline.availability),
                         "explicit_failures_only": None if m.best is None else str(m.best.availability)},
        "credit_requested": _credit(m.credit),
        "credit_from_explicit_failures_only": _credit(m.certain),
        "claim_window": None if w is None else {"first_day": w.first_day.isoformat(),
                                                "deadline": w.deadline.isoformat()},
        "statement_keys": STATEMENT_KEYS,
        "statement": dump(m)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _without_comments(source: Path) -> str:
    """A rule file as the provider reads it: its rules, without the comments written for the kit."""
    return "".join(line for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.lstrip().startswith("#"))


def _with_bom(path: Path) -> None:
    """Give a CSV of the pack a byte-order mark, so that a spreadsheet on a Chinese system reads it
    as UTF-8."""
    marked = path.with_name(path.name + ".bom")
    with path.open("rb") as data, marked.open("wb") as target:
        target.write(codecs.BOM_UTF8)
        shutil.copyfileobj(data, target, 1 << 20)
    os.replace(marked, path)


def write_pack(claim: Claim, path: str | Path, *, unmask: bool = False) -> Path:
    """Write the claim's evidence pack to ``path`` (atomically); returns the path."""
    report, request = claim.report, claim.report.request
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        files = {"ticket-zh.txt": claim.ticket("zh"), "ticket-en.txt": claim.ticket("en"),
                 "month.json": _month_json(claim),
                 "policy.toml": _without_comments(Path(report.policy.source))}
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8")
        if claim.status in ("open", "not_yet_open"):  # a month still to be claimed: its reminders
            reminder = Reminder(report.customer_id, report.customer_name, claim.month, claim.pack_name)
            (folder / REMINDERS).write_bytes(reminders_ics([reminder], claim.on, report.lang))
        copies: dict[str, Path] = {}
        if request.calendar:
            copies["calendar.toml"] = request.calendar
        evaluation = report.evaluation
        if evaluation is not None and request.archive is not None:
            (folder / "daily.csv").write_text(_daily_csv(claim), encoding="utf-8")
            assert claim.month.month is not None
            write_sends(request.archive, evaluation.account, claim.month.month, evaluation.codemap,
                        segments(evaluation.windows, evaluation.account), evaluation.volume_days,
                        folder, unmask=unmask)
            (folder / "codemap.toml").write_text(_without_comments(Path(evaluation.codemap.source)),
                                                 encoding="utf-8")
            if request.windows:
                copies["windows.toml"] = request.windows
        for name, source in copies.items():
            shutil.copyfile(source, folder / name)
        for csv_file in folder.glob("*.csv"):
            _with_bom(csv_file)
        names = sorted(p.name for p in folder.iterdir())
        manifest = {
            "slakit": __version__, "policy": report.policy.id,
            "code_map": report.code_map, "customer_id": report.customer_id,
            "service_month": str(claim.month.month), "on": claim.on.isoformat(),
            "phones": "unmasked" if unmask else "masked",
            "rule_files": "policy.toml and codemap.toml hold the rules used, without comments; "
                          "inputs gives the SHA-256 of the files as read",
            "files": {n: sha256(folder / n) for n in names},
            "inputs": report.inputs,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
        stamp = (claim.on.year, claim.on.month, claim.on.day, 0, 0, 0)
        part = path.with_name(f".{path.name}.part")  # readers see the old pack or the new, never half
        try:
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as pack:
                for name in [*names, "manifest.json"]:
                    info = zipfile.ZipInfo(name, stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    with open(folder / name, "rb") as data, pack.open(info, "w") as target:
                        shutil.copyfileobj(data, target, 1 << 20)
            os.replace(part, path)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return path

