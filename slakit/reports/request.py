"""What one customer's report is made from: a frozen, typed request that the batch builds from a
row of the customers CSV and :func:`~slakit.reports.build_report` takes; as plain parameters, it
is the report's fingerprint and the template's own defaults.

>>> r = ReportRequest("C007", "北京启明教育", date(2026, 6, 17), 3, Path("account-months.csv"))
>>> r.lang, r.policy
('zh', 'tencent-sms-2020-09-23')
>>> ReportRequest.from_parameters(**r.to_parameters()) == r
True
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from ..assess import count
from ..errors import InputError
from ..i18n import DEFAULT_LANG, Lang, check_lang, locale_lang
from ..months import Span, check_term, parse_date, parse_spans, spans_text
from ..numerals import check_id, whole
from ..policy import DEFAULT_POLICY
from ..words import says

Parameters = dict[str, str | int]  # plain values: text, and the number of months
CustomerType = Literal["ordinary", "channel"]
CUSTOMER_TYPES: tuple[CustomerType, ...] = get_args(CustomerType)


@dataclass(frozen=True)
class ReportRequest:
    """One customer's report: who, which term, where the figures come from, in which language.

    The counts come from the ``figures`` CSV, or from a receipts ``archive`` (the figures CSV
    still gives the fees and list price), counted with the SLA §4.10 threshold of the
    ``customer_type`` unless the volume of a day was ``declared`` in advance. ``report_date``
    decides the claim statuses; None means the day the report is built. ``calendar`` is a file of
    official working days for years not yet published; without it such claim dates are
    provisional estimates. ``cloud_account`` is the account the provider knows the customer by
    (Tencent Cloud account ID or SMS SdkAppId), which the claim ticket names.
    """

    customer_id: str
    customer_name: str
    start: date
    months: int
    figures: Path
    policy: str = DEFAULT_POLICY  # a shipped policy's name or a policy file's path
    lang: Lang = DEFAULT_LANG
    report_date: date | None = None
    archive: Path | None = None  # a DuckDB archive made by ``slakit ingest``
    account: str | None = None  # the account in the archive; None means the customer id
    windows: Path | None = None  # exclusion windows (SLA §4), with an archive
    calendar: Path | None = None  # official working days for years not yet published (SLA §3.2)
    customer_type: CustomerType = "ordinary"  # the SLA §4.10 daily threshold's, with an archive
    declared: tuple[Span, ...] = ()  # days whose high volume was declared in advance (SLA §4.10)
    cloud_account: str = ""  # the Tencent Cloud account ID or SMS SdkAppId the provider knows it by

    @property
    def on(self) -> date:
        """The date claim statuses are given for."""
        return self.report_date or date.today()

    def to_parameters(self) -> Parameters:
        """Plain parameters for papermill: dates in ISO form, paths as text, "" for none."""
        values: Parameters = {}
        for f in fields(self):
            value = getattr(self, f.name)
            values[f.name] = value if isinstance(value, int) else spans_text(value) if isinstance(
                value, tuple) else "" if value is None else value.isoformat() if isinstance(
                value, date) else str(value)
        return values

    @classmethod
    def from_parameters(cls, **parameters: object) -> ReportRequest:
        """A request from papermill's parameters (or a customers CSV row); bad values raise
        :class:`~slakit.errors.InputError` naming the field."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(parameters) - known)
        if unknown:
            raise InputError(unknown[0], parameters[unknown[0]], says("error.not_parameter"))

        def text(name: str) -> str:
            value = parameters.get(name, "")
            return "" if value is None else str(value).strip()

        def path(name: str) -> Path | None:
            return Path(text(name)) if text(name) else None

        months = parameters.get("months")
        if isinstance(months, str) and months.strip():
            months = whole(months, "months")
        figures = path("figures")
        if figures is None:
            raise InputError("figures", "", says("error.pick_figures"))
        start = parse_date(text("start"), "start")
        check_term(start, months)
        return cls(
            customer_id=check_id(text("customer_id"), "customer_id"),
            customer_name=text("customer_name"),
            start=start,
            months=count(months, "months"),
            figures=figures,
            policy=text("policy") or DEFAULT_POLICY,
            lang=check_lang(text("lang") or locale_lang()),
            report_date=parse_date(text("report_date"), "report_date") if text("report_date") else None,
            archive=path("archive"),
            account=text("account") or None,
            windows=path("windows"),
            calendar=path("calendar"),
            customer_type=customer_type(text("customer_type") or "ordinary"),
            declared=parse_spans(text("declared"), "declared"),
            cloud_account=text("cloud_account"),
        )


def customer_type(value: str) -> CustomerType:
    """The SLA §4.10 customer type: ``ordinary`` or ``channel``."""
    if value not in CUSTOMER_TYPES:
        raise InputError("customer_type", value, says("error.customer_type",
                                                      choices=", ".join(CUSTOMER_TYPES)))

    return value
