"""Customer reports: one customer's figures (:mod:`.model`), the papermill template's batch
(:mod:`.batch`) and what it writes (:mod:`.output`)."""

from .batch import Outcome, run_reports
from .model import CustomerReport, MonthResult, build_report

__all__ = ["CustomerReport", "MonthResult", "Outcome", "build_report", "run_reports"]
