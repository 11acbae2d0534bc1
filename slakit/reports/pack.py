"""The evidence pack of a claim: one zip the provider can check against its own records.

- ``ticket-zh.txt``, ``ticket-en.txt``: the ticket text (:mod:`.claim`);
- ``month.json``: the month's statement as the report has it (exact: decimals and ratios as text);
- from receipts: ``daily.csv`` (each day's sends by class), ``failures.csv`` (every failed,
  disputed or unclassified send: serial number, phone, time in China time, code, class, clause)
  and ``excluded.csv`` (the sends excluded under SLA §4, with their clause), phones masked unless
  asked otherwise, and the code map and exclusion windows used;
- the policy file, and the calendar of official days when one was given;
- ``manifest.json``: the SHA-256 of every file of the pack and of every input.

The zip is reproducible: the same inputs on the same date give the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .. import __version__
from ..receipts.aggregate import COUNTED
from ..receipts.evidence import write_sends
from ..receipts.windows import segments
from ..records import dump
from .claim import Claim
from .model import sha256


def _daily_csv(claim: Claim) -> str:
    month = claim.month.month
    assert month is not None
    lines = [",".join(("day", *COUNTED))]
    for day, counts in claim.report.daily.items():
        if month.start <= day <= month.end:
            lines.append(",".join((day.isoformat(), *(str(counts.get(c, 0)) for c in COUNTED))))
    return "\n".join(lines) + "\n"


def _month_json(claim: Claim) -> str:
    """The month's statement, exact, as every surface of the report renders it."""
    report = claim.report
    return json.dumps({"customer_id": report.customer_id, "customer_name": report.customer_name,
                       "account": report.account, "on": claim.on.isoformat(), "status": claim.status,
                       "statement": dump(claim.month)}, ensure_ascii=False, indent=2) + "\n"


def write_pack(claim: Claim, path: str | Path, *, unmask: bool = False) -> Path:
    """Write the claim's evidence pack to ``path`` (atomically); returns the path."""
    report, request = claim.report, claim.report.request
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        files = {"ticket-zh.txt": claim.ticket("zh"), "ticket-en.txt": claim.ticket("en"),
                 "month.json": _month_json(claim)}
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8")
        copies = {"policy.toml": Path(report.policy.source)}
        if request.calendar:
            copies["calendar.toml"] = request.calendar
        evaluation = report.evaluation
        if evaluation is not None and request.archive is not None:
            (folder / "daily.csv").write_text(_daily_csv(claim), encoding="utf-8")
            assert claim.month.month is not None
            write_sends(request.archive, evaluation.account, claim.month.month, evaluation.codemap,
                        segments(evaluation.windows, evaluation.account), evaluation.volume_days,
                        folder, unmask=unmask)
            copies["codemap.toml"] = Path(evaluation.codemap.source)
            if request.windows:
                copies["windows.toml"] = request.windows
        for name, source in copies.items():
            shutil.copyfile(source, folder / name)
        names = sorted(p.name for p in folder.iterdir())
        manifest = {
            "slakit": __version__, "policy": report.policy.id,
            "code_map": report.code_map, "customer_id": report.customer_id,
            "service_month": str(claim.month.month), "on": claim.on.isoformat(),
            "phones": "unmasked" if unmask else "masked",
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

