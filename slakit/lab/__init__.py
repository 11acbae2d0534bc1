"""The policy lab: simulated portfolios (:mod:`.simulate`), the distribution of outcomes
(:mod:`.outlook`) and policies compared over a portfolio (:mod:`.compare`)."""

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
from .simulate import IncidentModel, simulate

__all__ = [
    "IncidentModel",
    "LabPortfolio",
    "LabResult",
    "Outcome",
    "Outlook",
    "csv_portfolio",
    "outlook",
    "run_lab",
    "sample_portfolio",
    "sensitivity",
    "simulate",
    "simulated_portfolio",
    "with_target",
]
