"""The policy lab: simulated portfolios (:mod:`.simulate`), the distribution of outcomes
(:mod:`.outlook`), policies compared over a portfolio (:mod:`.compare`) and the payout as the
target moves (:mod:`.sweep`)."""

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
from .simulate import IncidentModel, simulate
from .sweep import sensitivity, with_target

__all__ = [
    "IncidentModel",
    "LabPortfolio",
    "LabResult",
    "Outcome",
    "Outlook",
    "file_portfolio",
    "outlook",
    "run_lab",
    "sample_portfolio",
    "sensitivity",
    "simulate",
    "simulated_portfolio",
    "with_target",
]
