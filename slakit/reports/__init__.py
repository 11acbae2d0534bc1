"""Customer reports: what one report is made from (:mod:`.request`), its figures (:mod:`.model`)
and their rendering (:mod:`.render`); the papermill template's batch (:mod:`.batch`) and what it
writes (:mod:`.output`); a month's claim (:mod:`.claim`) and its evidence pack (:mod:`.pack`)."""

from . import render
from .batch import Outcome, run_reports
from .claim import Claim, claim
from .model import MIME, CustomerReport, MonthResult, Summary, Totals, build_report
from .pack import write_pack
from .request import ReportRequest

__all__ = [
    "MIME",
    "Claim",
    "CustomerReport",
    "MonthResult",
    "Outcome",
    "ReportRequest",
    "Summary",
    "Totals",
    "build_report",
    "claim",
    "render",
    "run_reports",
    "write_pack",
]
