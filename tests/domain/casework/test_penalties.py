"""Penalty-notice amounts (2024 rules), the two-in-three-years limit, and who is never offered legal measures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attendance_desk.domain.casework.penalties import (
    PenaltyLimitReached,
    PriorNotice,
    counting_notices,
    legal_measures_barred,
    limit_reached,
    notice_terms,
)


def test_first_notice_is_80_within_21_days_and_160_within_28() -> None:
    terms = notice_terms([], date(2025, 1, 10))
    assert (terms.sequence, terms.reduced_amount, terms.full_amount) == (1, Decimal(80), Decimal(160))
    received = date(2025, 1, 13)
    assert terms.due_dates(received) == (date(2025, 2, 3), date(2025, 2, 10))
    assert terms.amount_payable(received, date(2025, 2, 3)) == Decimal(80)
    assert terms.amount_payable(received, date(2025, 2, 4)) == Decimal(160)
    assert terms.amount_payable(received, date(2025, 2, 10)) == Decimal(160)
    assert terms.amount_payable(received, date(2025, 2, 11)) is None


def test_second_notice_within_three_years_is_a_flat_160() -> None:
    terms = notice_terms([PriorNotice(date(2024, 10, 1))], date(2026, 5, 1))
    assert (terms.sequence, terms.reduced_amount, terms.full_amount) == (2, None, Decimal(160))
    received = date(2026, 5, 4)
    assert terms.due_dates(received) == (None, date(2026, 6, 1))
    assert terms.amount_payable(received, date(2026, 5, 5)) == Decimal(160)


def test_third_notice_within_three_years_is_refused_with_the_date_it_becomes_possible() -> None:
    prior = [PriorNotice(date(2024, 10, 1)), PriorNotice(date(2025, 3, 1))]
    assert limit_reached(prior, date(2026, 1, 1))
    with pytest.raises(PenaltyLimitReached) as caught:
        notice_terms(prior, date(2026, 1, 1))
    assert caught.value.next_possible == date(2027, 10, 1)
    assert "01/10/2027" in str(caught.value)


def test_withdrawn_and_old_notices_do_not_count() -> None:
    prior = [
        PriorNotice(date(2024, 10, 1), withdrawn=True),
        PriorNotice(date(2024, 6, 1)),  # before the 2024 framework
        PriorNotice(date(2025, 3, 1)),
    ]
    assert counting_notices(prior, date(2026, 1, 1)) == [PriorNotice(date(2025, 3, 1))]
    assert notice_terms(prior, date(2026, 1, 1)).sequence == 2
    # Three years after the counting notice it drops out: a first notice again.
    assert notice_terms(prior, date(2028, 3, 1)).sequence == 1


def test_looked_after_children_are_never_offered_legal_measures() -> None:
    reason = legal_measures_barred(date(2015, 5, 1), True, date(2025, 1, 10))
    assert reason is not None and "looked after" in reason


def test_pupils_not_of_compulsory_school_age_are_barred() -> None:
    # Born 1 May 2020: compulsory school age from 31 August 2025.
    reason = legal_measures_barred(date(2020, 5, 1), False, date(2025, 1, 10))
    assert reason is not None and "until 31/08/2025" in reason
    # Born 23 September 2007: compulsory school age ended on 28 June 2024.
    reason = legal_measures_barred(date(2007, 9, 23), False, date(2024, 9, 10))
    assert reason is not None and "since 28/06/2024" in reason


def test_pupil_of_compulsory_school_age_is_not_barred() -> None:
    assert legal_measures_barred(date(2015, 5, 1), False, date(2025, 1, 10)) is None
