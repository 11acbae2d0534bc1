"""The policy lab: simulated portfolios (:mod:`.simulate`), the distribution of outcomes
(:mod:`.outlook`), policies compared over a portfolio (:mod:`.compare`), the payout as the
target moves (:mod:`.sweep`), and where a month in progress is heading (:mod:`.projection`,
checked on simulated accounts from :mod:`.daysim`)."""

from .compare import (
    LabPortfolio,
    LabResult,
    Outcome,
    file_portfolio,
    run_lab,
    sample_portfolio,
    simulated_portfolio,
)
from .outlook import Outlook, outlook
from .projection import Day, Projection, project
from .simulate import IncidentModel, simulate
from .sweep import sensitivity, with_target

__all__ = [
    "Day",
    "IncidentModel",
    "LabPortfolio",
    "LabResult",
    "Outcome",
    "Outlook",
    "Projection",
    "file_portfolio",
    "outlook",
    "project",
    "run_lab",
    "sample_portfolio",
    "sensitivity",
    "simulate",
    "simulated_portfolio",
    "with_target",
]
