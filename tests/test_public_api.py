"""The public API, pinned: what ``slakit`` and each of its subpackages export.

A name added, renamed or dropped is a change users see; this list changes with it, on purpose.
"""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "slakit": [
        "Assessment", "BillingCheck", "Budget", "ClaimWindow", "ConfigError", "Counts", "Evidence",
        "InputError", "Policy", "PolicyError", "Portfolio", "ServiceMonth", "SlakitError", "Statement",
        "Term", "TermStatement", "WorkCalendar", "__version__", "assess", "assess_frame", "assess_term",
        "claim_window", "error_budget", "fees", "list_policies", "load_policy", "parse_portfolio",
        "read_overrides", "read_policy", "read_portfolio", "reconcile_billing", "service_months",
        "state", "state_term",
    ],
    "slakit.receipts": [
        "Archive", "CodeMap", "Evaluation", "Ingested", "MonthFigures", "Query", "Window",
        "daily_outcomes", "evaluate", "figures", "ingest", "load_codemap", "read_codemap",
        "read_windows", "segments", "synth",
    ],
    "slakit.lab": [
        "Day", "IncidentModel", "LabPortfolio", "LabResult", "Outcome", "Outlook", "Projection",
        "file_portfolio", "outlook", "project", "run_lab", "sample_portfolio", "sensitivity",
        "simulate", "simulated_portfolio", "with_target",
    ],
    "slakit.reports": [
        "Claim", "CustomerReport", "Outcome", "ReportRequest", "build_report", "claim", "open_report",
        "render", "run_reports", "write_pack",
    ],
    "slakit.ui": ["Exercise", "Explorer", "PolicyLab", "explorer", "outlook_view", "policy_lab"],
    "slakit.cli": ["main"],
}


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_exports_exactly_the_pinned_names(package):
    module = importlib.import_module(package)
    assert module.__all__ == PUBLIC[package]
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing
