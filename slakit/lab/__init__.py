"""The policy lab: simulated portfolios (:mod:`.simulate`), the distribution of outcomes
(:mod:`.outlook`) and policies compared over a portfolio (:mod:`.compare`)."""

from .compare import LabPortfolio, LabResult, Outcome, run_lab, sensitivity, with_target
from .outlook import Outlook, outlook
from .simulate import IncidentModel, simulate

__all__ = [
    "IncidentModel",
    "LabPortfolio",
    "LabResult",
    "Outcome",
    "Outlook",
    "outlook",
    "run_lab",
    "sensitivity",
    "simulate",
    "with_target",
]
