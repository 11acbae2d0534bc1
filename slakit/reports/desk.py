"""The account team's desk: every customer-month of a batch on the report date, as a claim to
make, one that opens soon, one filed (from the claims register), one lost, or none.

Each line renders its month's statement and computes nothing of its own but where the claim
stands with the team: its ``stage``. Money is each month's credit read to the fen
(:func:`slakit.format.fen`), and a total is always the sum of the lines it totals. ``index.html``,
``summary.csv``, ``slakit due`` and the reminders calendar all read one :class:`Desk`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ..format import fen, show
from ..statement import Statement
from .claim import account_of
from .model import pack_name
from .register import Filed

if TYPE_CHECKING:
    from .batch import Outcome

Stage = Literal["claim_now", "opening", "rejected", "filed", "accepted", "credited", "partial", "no_data",
                "forfeited", "not_over", "nothing_owed"]
STAGES: tuple[Stage, ...] = ("claim_now", "opening", "rejected", "filed", "accepted", "credited", "partial",
                             "no_data", "forfeited", "not_over", "nothing_owed")  # by urgency
CLOSING_DAYS = 7  # a claim whose window closes within this many days, the date included, is marked
DUE_DAYS = 7  # the due list's default look-ahead for windows about to open


@dataclass(frozen=True)
class DeskLine:
    """One customer-month on the report date, with the register's row for it, if any."""

    line: int  # the customer's line in the customers CSV
    customer_id: str
    customer_name: str
    folder: str  # the customer's report folder in the batch ("" outside a batch)
    month: Statement
    filed: Filed | None = None
    account: str = ""  # the customer's account as the provider knows it (its ticket's); "" unknown

    @property
    def on(self) -> date:
        assert self.month.on is not None
        return self.month.on

    @property
    def stage(self) -> Stage:
        """Where the claim stands with the team: a filed owed month is its register's outcome."""
        m = self.month
        if m.owed and self.filed is not None:
            return self.filed.outcome
        return {"open": "claim_now", "not_yet_open": "opening", "forfeited": "forfeited",
                "partial": "partial", "no_data": "no_data", "upcoming": "not_over",
                "in_progress": "not_over"}.get(m.status, "nothing_owed")  # type: ignore[return-value]

    @property
    def amount(self) -> Decimal | None:
        """The month's credit as people read it (to the fen), when one is owed."""
        return fen(self.month.credit.credit_amount) if self.month.owed and self.month.credit else None

    @property
    def sms(self) -> int | None:
        return self.month.credit.credit_sms if self.month.owed and self.month.credit else None

    @property
    def days_left(self) -> int | None:
        """Days left to claim, the deadline included, while the window is open."""
        return self.month.days_left

    @property
    def days_to_open(self) -> int | None:
        """Days until the window opens, while it has not."""
        w = self.month.window
        return (w.first_day - self.on).days if w and self.month.status == "not_yet_open" else None

    @property
    def closing_soon(self) -> bool:
        """A claim still to file whose window closes within :data:`CLOSING_DAYS` days."""
        return self.stage == "claim_now" and (self.days_left or 0) <= CLOSING_DAYS

    @property
    def short_credit(self) -> bool:
        """The provider credited fewer SMS than the statement says the month is owed."""
        f = self.filed
        return bool(f and f.outcome == "credited" and f.sms_credited is not None and self.sms is not None
                    and f.sms_credited < self.sms)

    @property
    def filed_early(self) -> bool:
        """Filed before the window opened: such a claim is not yet valid (SLA §3.2(1))."""
        w = self.month.window
        return bool(self.filed and w and self.filed.filed_on < w.first_day)

    @property
    def account_missing(self) -> bool:
        """A claim still to file whose ticket has no account to name, but a placeholder."""
        return self.stage in ("claim_now", "opening") and not self.account

    @property
    def pack(self) -> str | None:
        """The month's claim pack in the batch, when it has one (months still to be claimed)."""
        return pack_name(self.customer_id, self.month) if self.month.status in ("open", "not_yet_open") \
            else None

    def urgency(self) -> tuple[int, int, str, str]:
        """Most urgent first: by stage, then the days left (or to the opening), then customer."""
        when = (self.days_left if self.stage == "claim_now" else self.days_to_open) or 0
        return (STAGES.index(self.stage), when, self.customer_id,
                self.month.month.start.isoformat() if self.month.month else "")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready, exact (the credit as the statement holds it, and as read to the fen)."""
        m, w, f = self.month, self.month.window, self.filed
        assert m.month is not None
        return {"line": self.line, "customer_id": self.customer_id, "customer_name": self.customer_name,
                "service_month_start": m.month.start.isoformat(),
                "service_month_end": m.month.end.isoformat(),
                "status": m.status, "stage": self.stage,
                "credit_amount": show(m.credit.credit_amount) if self.amount is not None and m.credit
                else None,
                "credit_yuan": None if self.amount is None else str(self.amount), "credit_sms": self.sms,
                "first_claim_day": w.first_day.isoformat() if w else None,
                "deadline": w.deadline.isoformat() if w else None,
                "provisional": w.provisional if w else None,
                "days_left": self.days_left, "days_to_open": self.days_to_open,
                "closing_soon": self.closing_soon,
                "filed_on": f.filed_on.isoformat() if f else None, "ticket": f.ticket if f else None,
                "outcome": f.outcome if f else None, "sms_credited": f.sms_credited if f else None,
                "short_credit": self.short_credit, "filed_early": self.filed_early}


@dataclass(frozen=True)
class Total:
    """A count of lines and the sum of their amounts (to the fen, as each line reads)."""

    count: int
    amount: Decimal

    @classmethod
    def of(cls, lines: Iterable[DeskLine]) -> Total:
        chosen = list(lines)
        return cls(len(chosen), sum((x.amount or Decimal(0) for x in chosen), Decimal("0.00")))


@dataclass(frozen=True)
class Desk:
    """Every customer-month of a batch on ``on``, most urgent first, and the customers whose report
    failed (no months: their reason instead)."""

    on: date
    lines: tuple[DeskLine, ...]
    failed: tuple[Outcome, ...] = ()
    unmatched: tuple[Filed, ...] = ()  # register rows naming no customer-month of the batch

    def having(self, *stages: Stage) -> list[DeskLine]:
        return [x for x in self.lines if x.stage in stages]

    @property
    def claim_now(self) -> Total:
        return Total.of(self.having("claim_now"))

    @property
    def closing(self) -> Total:
        return Total.of(x for x in self.lines if x.closing_soon)

    @property
    def opening(self) -> Total:
        return Total.of(self.having("opening"))

    @property
    def next_opening(self) -> date | None:
        days = [x.month.window.first_day for x in self.having("opening") if x.month.window]
        return min(days, default=None)

    @property
    def forfeited(self) -> Total:
        return Total.of(self.having("forfeited"))

    @property
    def in_hand(self) -> Total:
        """Claims filed and not rejected: awaiting the provider, accepted or credited."""
        return Total.of(self.having("filed", "accepted", "credited"))

    def due(self, within: int = DUE_DAYS) -> list[DeskLine]:
        """The claims to file now and those whose window opens within ``within`` days, most urgent
        first: the due list (``slakit due``) and the desk's own."""
        soon = self.on + timedelta(days=within)
        return [x for x in self.lines if x.stage == "claim_now" or (
            x.stage == "opening" and x.month.window is not None and x.month.window.first_day <= soon)]

    def to_remind(self) -> list[DeskLine]:
        """The owed months still to be claimed and not yet filed: the reminders calendar's."""
        return self.having("claim_now", "opening")


def make_desk(outcomes: Sequence[Outcome], on: date, register: Sequence[Filed] = ()) -> Desk:
    """The desk of a batch's outcomes (each done report's months; each failed row apart), with the
    claims register's rows matched to their customer-months."""
    wanted = {(f.customer_id, f.service_month): f for f in register}
    used: set[int] = set()
    lines = []
    for o in outcomes:
        if o.report is None:
            continue
        for m in o.report.months:
            assert m.month is not None
            filed = wanted.get((o.customer_id, m.month.start))
            if filed is not None:
                used.add(filed.line)
            lines.append(DeskLine(o.line, o.customer_id, o.customer_name, o.folder, m, filed,
                                  account_of(o.report)))
    lines.sort(key=DeskLine.urgency)
    return Desk(on, tuple(lines), tuple(o for o in outcomes if o.report is None),
                tuple(f for f in register if f.line not in used))
