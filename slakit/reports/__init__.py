"""Customer reports: what one report is made from (:mod:`.request`), its figures (:mod:`.model`)
and their rendering (:mod:`.render`); the papermill template's batch (:mod:`.batch`) and what it
writes (:mod:`.output`)."""

from . import render
from .batch import Outcome, run_reports
from .model import MIME, CustomerReport, MonthResult, Summary, Totals, build_report
from .request import ReportRequest

__all__ = [
    "MIME",
    "CustomerReport",
    "MonthResult",
    "Outcome",
    "ReportRequest",
    "Summary",
    "Totals",
    "build_report",
    "render",
    "run_reports",
]
