"""The policy lab: simulated portfolios (:mod:`.simulate`), the distribution of outcomes
(:mod:`.outlook`), policies compared over a portfolio (:mod:`.compare`), and where a month in
progress is heading (:mod:`.projection`, checked on simulated accounts from :mod:`.daysim`)."""

from .compare import (
    LabPortfolio,
    LabResult,
    Outcome,
    csv_portfolio,
    run_lab,
    sample_portfolio,
    sensitivity,
    simulated_portfolio,
    with_target,
)
from .outlook import Outlook, outlook
from .projection import Day, Projection, project
from .simulate import IncidentModel, simulate

__all__ = [
    "Day",
    "IncidentModel",
    "LabPortfolio",
    "LabResult",
    "Outcome",
    "Outlook",
    "Projection",
    "csv_portfolio",
    "outlook",
    "project",
    "run_lab",
    "sample_portfolio",
    "sensitivity",
    "simulate",
    "simulated_portfolio",
    "with_target",
]
