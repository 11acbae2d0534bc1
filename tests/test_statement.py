from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import InputError, list_policies, load_policy
from slakit.format import status_text
from slakit.months import ServiceMonth
from slakit.records import dump, load
from slakit.statement import (
    FINAL,
    STATUSES,
    Counts,
    Evidence,
    Statement,
    TermStatement,
    fees,
    figures_counts,
    state,
    state_term,
)

SEPT = ServiceMonth(date(2026, 9, 1), date(2026, 9, 30))  # claims 2026-10-14 – 2026-11-29
WHOLE = (SEPT.start, SEPT.end)


def some(value):
    """``value``, which must be there."""
    assert value is not None
    return value


def month(counts: Counts | None, covered=WHOLE, source="figures") -> Evidence:
    return Evidence(SEPT, source, counts, covered if counts else None)


# on, counts, fee, deductions, covered → status, words (en)
STATUS_CASES = [
    ("before the month", date(2026, 8, 20), figures_counts(100_000, 7_000), "4500.00", "0", WHOLE,
     "upcoming", "not started"),
    ("its last day", date(2026, 9, 30), figures_counts(100_000, 7_000), "4500.00", "0", WHOLE,
     "in_progress", "in progress"),
    ("no figures", date(2026, 10, 20), None, "4500.00", "0", None,
     "no_data", "no data: no data is not nothing owed"),
    ("records end early", date(2026, 10, 20), figures_counts(100_000, 0), "4500.00", "0",
     (SEPT.start, date(2026, 9, 16)), "partial", "partial data: the records end on 2026-09-16"),
    ("exactly 95%", date(2026, 10, 20), figures_counts(100_000, 5_000), "4500.00", "0", WHOLE,
     "met", "met: nothing owed"),
    ("vouchers paid it all", date(2026, 10, 20), figures_counts(100_000, 15_000), "1000.00", "1000.00",
     WHOLE, "not_owed", "missed, but nothing owed: vouchers, coupons or reductions paid the whole fee, "
                        "so the cap is 0 (SLA §3.1(2))"),
    ("not yet open", date(2026, 10, 13), figures_counts(100_000, 7_000), "4500.00", "0", WHOLE,
     "not_yet_open", "owed, claim from 2026-10-14"),
    ("open", date(2026, 11, 28), figures_counts(100_000, 7_000), "4500.00", "0", WHOLE,
     "open", "owed, claim open: 2 days left (until 2026-11-29)"),
    ("the last day to claim", date(2026, 11, 29), figures_counts(100_000, 7_000), "4500.00", "0", WHOLE,
     "open", "owed, claim open: 1 days left (until 2026-11-29)"),
    ("forfeited", date(2026, 11, 30), figures_counts(100_000, 7_000), "4500.00", "0", WHOLE,
     "forfeited", "forfeited: the claim window closed on 2026-11-29"),
]


@pytest.mark.parametrize(("on", "counts", "fee", "deductions", "covered", "status", "words"),
                         [c[1:] for c in STATUS_CASES], ids=[c[0] for c in STATUS_CASES])
def test_one_status_on_the_date(on, counts, fee, deductions, covered, status, words):
    s = state(Evidence(SEPT, "figures", counts, covered), load_policy(),
              fees(fee, "0.045", deductions), on=on)
    assert s.status == status and status_text(s, "en") == words
    assert status_text(s, "zh") != words  # and it is said in Chinese too


def test_no_data_is_never_met_or_nothing_owed():
    s = state(month(None), load_policy(), fees("4500.00", "0.045"), on=date(2026, 10, 20))
    assert (s.status, s.headline, s.credit, s.owed, s.final) == ("no_data", None, None, False, False)


def test_partial_figures_are_no_verdict_on_the_month():
    """A month the evidence covers in part is not assessed as a whole: not met, not owed."""
    s = state(month(figures_counts(100_000, 20_000), (SEPT.start, date(2026, 9, 16))), load_policy(),
              fees("4500.00", "0.045"), on=date(2026, 10, 20))
    assert s.status == "partial" and not s.final and s.records_end == date(2026, 9, 16)
    assert s.headline is not None and not some(s.headline).meets_target  # the figures so far are kept


def test_the_band_s_best_end_follows_the_text():
    """91 delivered, 5 explicit failures, 20 EXPIRED (certainly not delivered): 91/116 at worst,
    91/96 at best, below 95 % either way; an UNKNOWN may have been delivered."""
    expired = Counts(116, 5, disputed=20, undelivered=20)
    s = state(month(expired, source="receipts"), load_policy(), fees("45.00", "0.045"),
              on=date(2026, 10, 20))
    assert (some(s.headline).availability, some(s.best).availability) == (Fraction(91, 116), Fraction(91, 96))
    assert not some(s.best).meets_target and some(s.certain).credit_sms > 0
    unknown = state(month(Counts(116, 5, disputed=20), source="receipts"), load_policy(),
                    fees("45.00", "0.045"), on=date(2026, 10, 20))
    assert some(unknown.best).availability == Fraction(111, 116) and some(unknown.best).meets_target
    assert some(unknown.certain).credit_sms == 0 < some(unknown.credit).credit_sms


def test_the_exclusion_reading_applies_to_both_ends():
    """4,332 valid sends, 336 explicit, 130 disputed, 5 unclassified, 80 excluded: under the
    other reading the 80 stay among the counted sends at both ends (92.3844…%, not 92.2437…%)."""
    c = Counts(4332, 336, disputed=130, unclassified=5, excluded=80)
    sla = state(month(c, source="receipts"), load_policy(), on=date(2026, 10, 20))
    other = state(month(c, source="receipts"), load_policy("variant-excluded-as-delivered"),
                  on=date(2026, 10, 20))
    assert some(sla.best).availability == 1 - Fraction(336, 4332)
    assert some(other.best).availability == 1 - Fraction(336, 4412)
    assert some(other.headline).availability == 1 - Fraction(471, 4412)


def test_a_lone_month_is_a_term_of_its_own_unless_the_term_so_far_is_given():
    """85 % on a consumed fee of 1,000.00 paid wholly with vouchers, under a monthly cap on the
    consumed fee: alone, SLA §5.1 leaves nothing; after 500.00 paid earlier, 300.00."""
    policy = load_policy("variant-consumed-cap")
    evidence = month(figures_counts(100_000, 15_000))
    money = fees("1000.00", "0.05", "1000.00")
    alone = state(evidence, policy, money, on=date(2026, 10, 20))
    assert (alone.status, some(alone.credit).credit_sms, alone.nothing_because) == ("not_owed", 0, "term_cap")
    later = state(evidence, policy, money, on=date(2026, 10, 20), paid_before=Decimal("500.00"))
    assert (later.status, some(later.credit).credit_amount, some(later.credit).credit_sms) == (
        "open", Decimal("300.0000"), 6000)


def test_a_term_counts_a_month_s_fees_though_it_has_no_data():
    policy = load_policy("variant-consumed-cap")
    oct_ = ServiceMonth(date(2026, 10, 1), date(2026, 10, 31))
    term = state_term([(month(None), fees("500.00", "0.05")),
                       (Evidence(oct_, "figures", figures_counts(100_000, 15_000), (oct_.start, oct_.end)),
                        fees("1000.00", "0.05", "900.00"))], policy, on=date(2026, 12, 1))
    first, second = term.months
    assert first.status == "no_data" and some(second.credit).credit_amount == Decimal("300.0000")
    assert term.fees_paid == Decimal("600.00") and term.missed == [second]


def test_paid_beyond_the_fee_net_of_deductions_is_refused():
    with pytest.raises(InputError, match=r"'paid' = '5000'.*1000 − 0 = 1000"):
        fees("1000", "0.05", paid="5000")
    with pytest.raises(InputError, match=r"'paid' = '500'.*1000 − 800 = 200"):
        fees("1000", "0.05", deductions="800", paid="500")
    assert fees("1000", "0.05", deductions="800", paid="200").net_paid == Decimal("200")


def test_disputed_figures_are_among_the_explicit_failures():
    assert figures_counts(1_000, 60, disputed=20).explicit == 40
    with pytest.raises(InputError, match=r"disputed.*exceeds explicit_failures"):
        figures_counts(1_000, 60, disputed=61)


def test_the_sms_worth_is_its_own_figure():
    """4,500.00 × 10 % = 450.00 exactly; 332.112 yuan pays 7,380 SMS, worth 332.10."""
    s = state(month(figures_counts(100_000, 7_000)), load_policy(), fees("3321.12", "0.045"),
              on=date(2026, 10, 20))
    assert (some(s.credit).credit_amount, some(s.credit).credit_sms, s.sms_worth) == (
        Decimal("332.1120"), 7380, Decimal("332.100"))


@st.composite
def counts(draw) -> Counts:
    valid = draw(st.integers(0, 10**6))
    explicit = draw(st.integers(0, valid))
    disputed = draw(st.integers(0, valid - explicit))
    unclassified = draw(st.integers(0, valid - explicit - disputed))
    return Counts(valid, explicit, disputed, unclassified,
                  undelivered=draw(st.integers(0, disputed + unclassified)),
                  excluded=draw(st.integers(0, 10**4)), pending=draw(st.integers(0, 100)))


@given(st.one_of(st.none(), counts()), st.sampled_from([p.name for p in list_policies()]),
       st.dates(date(2026, 8, 1), date(2027, 1, 31)), st.decimals(0, 10**6, places=2),
       st.integers(0, 29))
def test_a_statement_survives_json_and_holds_together(c, name, on, fee, end):
    covered = (SEPT.start, SEPT.start + timedelta(days=end)) if c else None
    s = state(Evidence(SEPT, "receipts", c, covered), load_policy(name), fees(fee, "0.045"), on=on)
    assert load(Statement, json.loads(json.dumps(dump(s)))) == s
    assert s.status in STATUSES
    if s.final:  # a verdict on the month as a whole
        assert c is not None and covered == (SEPT.start, SEPT.end) and on > SEPT.end
        assert (s.status == "met") == some(s.headline).meets_target
        assert s.owed == (some(s.credit).credit_sms > 0)
        # the band: at best never worse than the headline, and never owed more
        assert some(s.best).availability is None or some(s.best).availability >= some(s.headline).availability
        assert some(s.certain).credit_sms <= some(s.credit).credit_sms
    else:
        assert not s.owed


def test_a_term_statement_survives_json():
    term = state_term([(month(figures_counts(100_000, 7_000)), fees("4500.00", "0.045"))],
                      load_policy(), on=date(2026, 11, 1))
    assert load(TermStatement, json.loads(json.dumps(dump(term)))) == term
    assert all(m.status in FINAL for m in term.months)
