"""slakit: understand, check and explore the Tencent Cloud SMS SLA of 2020-09-23.

>>> from datetime import date
>>> [str(m) for m in service_months(date(2026, 3, 17), 3)][-1]
'2026-06-01..2026-06-16'
>>> assess(valid_sends=100_000, explicit_failures=6_000, fee="1000.00", list_price="0.05").credit_sms
2000
"""

from typing import TYPE_CHECKING, Any

from .assess import Assessment, Budget, assess, error_budget
from .billing import BillingCheck, reconcile_billing
from .claims import ClaimWindow, claim_window
from .errors import ConfigError, InputError, PolicyError, SlakitError
from .months import ServiceMonth, service_months
from .policy import Policy, list_policies, load_policy, read_policy
from .statement import Counts, Evidence, Statement, TermStatement, fees, state, state_term
from .term import Term, assess_term
from .workdays import WorkCalendar, read_overrides

if TYPE_CHECKING:
    from .portfolio import Portfolio, assess_frame, parse_portfolio, read_portfolio

    __version__: str

_PORTFOLIO = ("Portfolio", "assess_frame", "parse_portfolio", "read_portfolio")  # pandas and Arrow


def __getattr__(name: str) -> Any:
    """The bulk path and the version, loaded when first asked for: ``import slakit`` stays cheap."""
    if name in _PORTFOLIO:
        from . import portfolio

        value = getattr(portfolio, name)
    elif name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("slakit")
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0+unknown"
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value

__all__ = [
    "Assessment",
    "BillingCheck",
    "Budget",
    "ClaimWindow",
    "ConfigError",
    "Counts",
    "Evidence",
    "InputError",
    "Policy",
    "PolicyError",
    "Portfolio",
    "ServiceMonth",
    "SlakitError",
    "Statement",
    "Term",
    "TermStatement",
    "WorkCalendar",
    "__version__",
    "assess",
    "assess_frame",
    "assess_term",
    "claim_window",
    "error_budget",
    "fees",
    "list_policies",
    "load_policy",
    "parse_portfolio",
    "read_overrides",
    "read_policy",
    "read_portfolio",
    "reconcile_billing",
    "service_months",
    "state",
    "state_term",
]
