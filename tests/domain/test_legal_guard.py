"""The legal guard, rule by rule: compulsory school age, looked after, the national threshold, a running
improvement period (across a holiday), the two-notices-in-three-years limit (withdrawn notices do not count), a
court-order restriction, support first (and the local authority that does not ask for it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance_desk.domain.casework.penalties import PriorNotice
from attendance_desk.domain.casework.periods import improvement_period
from attendance_desk.domain.legal_guard import (
    GuardFacts,
    Measure,
    NoticePeriod,
    ParentFacts,
    check,
    check_all,
    first_refusal,
)

ON = date(2025, 11, 27)
READY = GuardFacts(
    on=ON,
    date_of_birth=date(2015, 5, 1),
    looked_after=False,
    unauthorised_last_10_school_weeks=12,
    support_recorded=True,
)
PARENT = ParentFacts("Mrs Anna Nowak")


def test_everything_is_open_when_every_rule_is_met() -> None:
    assert all(v.allowed for v in check_all(READY, PARENT).values())


@pytest.mark.parametrize("born", [date(2021, 2, 1), date(2009, 8, 1)])  # Reception before CSA; past Year 11
def test_no_measure_outside_compulsory_school_age(born: date) -> None:
    for verdict in check_all(replace(READY, date_of_birth=born)).values():
        assert not verdict.allowed and not verdict.overridable
        assert "not of compulsory school age" in (verdict.reason or "")


def test_no_measure_for_a_looked_after_child_even_to_a_birth_parent() -> None:
    verdict = check(Measure.PENALTY_WARNING, replace(READY, looked_after=True), PARENT)
    assert not verdict.allowed and "looked after" in (verdict.reason or "") and not verdict.overridable


@pytest.mark.parametrize("count", [0, 1, 9])
def test_threshold_needed_for_notice_to_improve_and_penalty_notices(count: int) -> None:
    facts = replace(READY, unauthorised_last_10_school_weeks=count)
    for measure in (Measure.NOTICE_TO_IMPROVE, Measure.PENALTY_REQUEST, Measure.LEAVE_PENALTY):
        verdict = check(measure, facts)
        assert not verdict.allowed and not verdict.overridable
        assert f"{count} unauthorised session" in (verdict.reason or "")
    # a warning, a Fast Track and a prosecution referral do not wait for the 10-in-10 threshold
    assert (
        check(Measure.PENALTY_WARNING, facts) and check(Measure.PROSECUTION, facts) and check(Measure.FAST_TRACK, facts)
    )


def test_threshold_met_at_exactly_ten() -> None:
    assert check(Measure.PENALTY_REQUEST, replace(READY, unauthorised_last_10_school_weeks=10))


def test_improvement_period_running_across_a_holiday() -> None:
    # Issued Friday 12 December 2025 for 3 school weeks (that week counts); the two Christmas weeks do not.
    christmas = [date(2025, 12, 22), date(2025, 12, 29)]
    period = improvement_period(date(2025, 12, 12), 3, christmas)
    assert period.end == date(2026, 1, 9)
    nti = NoticePeriod(date(2025, 12, 12), period.end)
    for day in (date(2025, 12, 12), date(2025, 12, 31), date(2026, 1, 9)):  # issue day, mid-holiday, last day
        facts = replace(READY, on=day, notices_to_improve=(nti,))
        refused = check(Measure.PENALTY_REQUEST, facts)
        assert not refused.allowed and refused.overridable and "09/01/2026" in (refused.reason or "")
        assert not check(Measure.NOTICE_TO_IMPROVE, facts).allowed
    after = replace(READY, on=date(2026, 1, 12), notices_to_improve=(nti,))
    assert check(Measure.PENALTY_REQUEST, after) and check(Measure.NOTICE_TO_IMPROVE, after)


def test_two_notices_in_three_years_per_parent() -> None:
    two = (PriorNotice(date(2024, 10, 1)), PriorNotice(date(2025, 3, 3)))
    parent = replace(PARENT, prior_penalty_notices=two)
    verdict = check(Measure.PENALTY_REQUEST, READY, parent)
    assert not verdict.allowed and not verdict.overridable and "01/10/2027" in (verdict.reason or "")
    assert not check(Measure.LEAVE_PENALTY, READY, parent).allowed
    assert check(Measure.PROSECUTION, READY, parent)  # the alternative stays open
    assert check(Measure.PENALTY_REQUEST, READY, PARENT)  # the other parent has had none
    # the day before the third anniversary of the first, both still count; on the anniversary only one does
    assert not check(Measure.PENALTY_REQUEST, replace(READY, on=date(2027, 9, 30)), parent).allowed
    assert check(Measure.PENALTY_REQUEST, replace(READY, on=date(2027, 10, 1)), parent)


def test_a_withdrawn_notice_does_not_count() -> None:
    notices = (PriorNotice(date(2024, 10, 1)), PriorNotice(date(2025, 3, 3), withdrawn=True))
    assert check(Measure.PENALTY_REQUEST, READY, replace(PARENT, prior_penalty_notices=notices))


def test_court_order_restriction_bars_the_parent_not_the_pupil() -> None:
    restricted = replace(PARENT, name="Mr Piotr Nowak", court_order_restriction=True)
    for measure in Measure:
        verdict = check(measure, READY, restricted)
        assert not verdict.allowed and not verdict.overridable and "court-order restriction" in (verdict.reason or "")
    facts = replace(READY, parents=(restricted, PARENT))
    assert first_refusal(Measure.PENALTY_REQUEST, facts)  # the other parent may still be named
    assert not first_refusal(Measure.PENALTY_REQUEST, replace(READY, parents=(restricted,))).allowed


def test_a_step_parent_without_responsibility_who_lives_elsewhere_is_not_a_parent() -> None:
    step = ParentFacts("Mr Lee", parental_responsibility=False, lives_with_pupil=False)
    assert not check(Measure.PENALTY_WARNING, READY, step).allowed
    assert check(Measure.PENALTY_WARNING, READY, replace(step, lives_with_pupil=True))  # day-to-day care, s.576


def test_support_first_is_overridable_and_configurable() -> None:
    facts = replace(READY, support_recorded=False)
    for measure in (Measure.NOTICE_TO_IMPROVE, Measure.PENALTY_REQUEST, Measure.FAST_TRACK, Measure.PROSECUTION):
        verdict = check(measure, facts)
        assert not verdict.allowed and verdict.overridable and "No support is recorded" in (verdict.reason or "")
    assert check(Measure.LEAVE_PENALTY, facts)  # a term-time holiday needs no support first
    assert all(check(m, replace(facts, support_required_first=False)) for m in Measure)


@given(
    count=st.integers(0, 40),
    looked_after=st.booleans(),
    support=st.booleans(),
    born=st.dates(date(2005, 1, 1), date(2023, 1, 1)),
)
def test_every_refusal_has_one_sentence(count: int, looked_after: bool, support: bool, born: date) -> None:
    facts = GuardFacts(ON, born, looked_after, count, support_recorded=support)
    for verdict in check_all(facts, PARENT).values():
        assert verdict.allowed == (verdict.reason is None)
        if verdict.reason:
            assert verdict.reason.endswith(".") and "\n" not in verdict.reason
