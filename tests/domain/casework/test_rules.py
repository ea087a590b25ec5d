"""Casework rules: school weeks across holidays, review dates, contracts, Notice to Improve criteria."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attendance_desk.domain.casework.periods import (
    CaseworkRuleError,
    ContractParent,
    ContractStatus,
    add_school_weeks,
    check_contract,
    improvement_period,
    nti_improved,
    review_date_warning,
    school_weeks_after,
)

# Half-term: the week of Monday 27 October 2025; Christmas: weeks of 22 and 29 December 2025.
HALF_TERM = [date(2025, 10, 27)]
CHRISTMAS = [date(2025, 12, 22), date(2025, 12, 29)]


def test_improvement_period_without_holidays_ends_on_friday_of_last_school_week() -> None:
    period = improvement_period(date(2025, 9, 8), 3, [])
    assert period.start == date(2025, 9, 8)
    assert period.end == date(2025, 9, 26)
    assert period.holiday_weeks_skipped == ()


def test_improvement_period_straddles_half_term_without_counting_it() -> None:
    # Issued Monday 13 October: weeks of 13 Oct, 20 Oct, (half-term), 3 Nov, 10 Nov = 4 school weeks.
    period = improvement_period(date(2025, 10, 13), 4, HALF_TERM)
    assert period.end == date(2025, 11, 14)
    assert period.holiday_weeks_skipped == (date(2025, 10, 27),)
    assert "1 holiday week not counted" in period.describe()


def test_improvement_period_over_two_holiday_weeks() -> None:
    period = improvement_period(date(2025, 12, 15), 3, CHRISTMAS)
    assert period.end == date(2026, 1, 16)
    assert len(period.holiday_weeks_skipped) == 2


def test_improvement_period_starting_in_a_holiday_moves_to_next_school_week() -> None:
    period = improvement_period(date(2025, 10, 29), 3, HALF_TERM)
    assert period.start == date(2025, 11, 3)
    assert period.end == date(2025, 11, 21)


def test_improvement_period_starting_at_weekend_starts_next_monday() -> None:
    assert improvement_period(date(2025, 9, 6), 3, []).start == date(2025, 9, 8)


@pytest.mark.parametrize("weeks", [2, 7, 0])
def test_improvement_period_outside_three_to_six_weeks_is_refused(weeks: int) -> None:
    with pytest.raises(CaseworkRuleError, match="between 3 and 6 school weeks"):
        improvement_period(date(2025, 9, 8), weeks, [])


def test_school_week_arithmetic_skips_holidays() -> None:
    assert add_school_weeks(date(2025, 10, 15), 2, HALF_TERM) == date(2025, 11, 5)
    assert school_weeks_after(date(2025, 10, 15), date(2025, 11, 5), HALF_TERM) == 2
    assert school_weeks_after(date(2025, 10, 15), date(2025, 10, 10), HALF_TERM) == 0


def test_review_date_within_an_academic_month_gives_no_warning() -> None:
    assert review_date_warning(date(2025, 10, 15), date(2025, 11, 12), HALF_TERM) is None


def test_review_date_beyond_an_academic_month_warns() -> None:
    warning = review_date_warning(date(2025, 9, 10), date(2025, 10, 15), [])
    assert warning is not None and "5 school weeks" in warning


def test_review_date_before_plan_date_warns() -> None:
    warning = review_date_warning(date(2025, 9, 10), date(2025, 9, 1), [])
    assert warning is not None and "must come after" in warning


def test_contract_cannot_be_agreed_in_a_parents_absence() -> None:
    with pytest.raises(CaseworkRuleError, match="absence: Ann Example did not attend"):
        check_contract(
            ContractStatus.AGREED,
            [ContractParent("Ben Example", True), ContractParent("Ann Example", False)],
            4,
            "",
        )
    with pytest.raises(CaseworkRuleError, match="must name the parent"):
        check_contract(ContractStatus.AGREED, [], 4, "")


def test_agreed_contract_with_parent_present_is_accepted() -> None:
    check_contract(ContractStatus.AGREED, [ContractParent("Ben Example", True)], 4, "")


@pytest.mark.parametrize("weeks", [1, 7, None])
def test_contract_review_period_must_be_two_to_six_weeks(weeks: int | None) -> None:
    with pytest.raises(CaseworkRuleError, match="2, 3, 4, 5 or 6 weeks"):
        check_contract(ContractStatus.AGREED, [ContractParent("Ben Example", True)], weeks, "")


def test_contract_not_agreed_or_not_used_needs_a_reason() -> None:
    with pytest.raises(CaseworkRuleError, match="offered and not agreed"):
        check_contract(ContractStatus.OFFERED_NOT_AGREED, [ContractParent("Ann", False)], None, " ")
    with pytest.raises(CaseworkRuleError, match="not used"):
        check_contract(ContractStatus.NOT_USED, [], None, "")
    check_contract(ContractStatus.OFFERED_NOT_AGREED, [ContractParent("Ann", False)], None, "Parent did not attend")


def test_nti_criterion_is_at_most_the_stated_unauthorised_percent() -> None:
    assert nti_improved(Decimal("10.00"), Decimal(10))
    assert not nti_improved(Decimal("10.01"), Decimal(10))
    assert nti_improved(None, Decimal(10))
