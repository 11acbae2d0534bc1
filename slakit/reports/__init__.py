"""Customer reports: what one report is made from (:mod:`.request`), its record (:mod:`.model`: the
term's statement, stated once) and its rendering (:mod:`.render`); the papermill template's batch
(:mod:`.batch`) and what it writes (:mod:`.output`): the account team's desk (:mod:`.desk`), with
the claims register (:mod:`.register`) and the reminders calendar (:mod:`.reminders`); a month's
claim (:mod:`.claim`) and its evidence pack (:mod:`.pack`)."""

from . import render
from .batch import Outcome, run_reports
from .claim import Claim, claim
from .model import CustomerReport, build_report, open_report
from .pack import write_pack
from .request import ReportRequest

__all__ = [
    "Claim",
    "CustomerReport",
    "Outcome",
    "ReportRequest",
    "build_report",
    "claim",
    "open_report",
    "render",
    "run_reports",
    "write_pack",
]
