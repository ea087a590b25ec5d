"""The demo school's term dates and the span of register it writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from attendance_desk.domain.term_calendar import Closure, PlannedCalendar
from attendance_desk.services.calling.settings import check_term_year
from attendance_desk.services.demo.calendar import DayKind, DemoPeriodError, SchoolYearCalendar, demo_period


def test_2025_26_has_the_inset_days_and_bank_holiday_coded_as_closures() -> None:
    year = SchoolYearCalendar.for_year(2025)
    days = {d.day: d.kind for d in year.register_days()}
    closures = sorted(day for day, kind in days.items() if kind is DayKind.CLOSURE)
    assert closures == [
        date(2025, 9, 1),
        date(2025, 9, 2),  # INSET before the autumn term
        date(2026, 1, 5),  # INSET: first day of spring
        date(2026, 2, 23),  # INSET: after the February half term
        date(2026, 5, 4),  # early May bank holiday, in term
        date(2026, 7, 22),  # INSET: last day of the summer term
    ]
    pupil_days = [day for day, kind in days.items() if kind is DayKind.PUPIL_DAY]
    assert 188 <= len(pupil_days) <= 192  # a school year is 190 teaching days
    assert all(day.weekday() < 5 for day in days)
    october_half_term = [date(2025, 10, 27) + timedelta(days=i) for i in range(5)]
    assert not any(day in days for day in october_half_term)
    assert date(2025, 12, 25) not in days and date(2026, 4, 6) not in days  # Christmas, Easter Monday


def test_pupil_days_are_school_days_of_the_planned_calendar() -> None:
    """The register and the calendar that schedules follow-ups (same default term dates) agree."""
    planned = PlannedCalendar([])
    year = SchoolYearCalendar.for_year(2025)
    for day in year.register_days():
        if day.kind is DayKind.PUPIL_DAY:
            assert planned.is_school_day(day.day), day


def test_default_period_is_last_year_complete_and_this_term_to_the_last_school_day_before_today() -> None:
    period = demo_period(date(2026, 11, 23))  # a Monday
    assert period.start == date(2025, 9, 1)
    assert period.end == date(2026, 11, 20)  # the Friday before
    assert [y.label for y in period.years] == ["2025/26", "2026/27"]
    assert period.current_year.start_year == 2026


def test_period_ends_before_a_half_term_when_today_is_in_it() -> None:
    period = demo_period(date(2026, 10, 28))  # in the October half term
    assert period.end == date(2026, 10, 23)


def test_a_year_not_started_or_before_the_2024_codes_is_refused() -> None:
    with pytest.raises(DemoPeriodError, match="after today"):
        demo_period(date(2026, 11, 23), 2027)
    with pytest.raises(DemoPeriodError, match="19 August 2024"):
        demo_period(date(2026, 11, 23), 2023)


def test_an_older_year_gives_two_complete_years() -> None:
    period = demo_period(date(2026, 11, 23), 2024)
    assert [y.label for y in period.years] == ["2024/25", "2025/26"]
    assert period.end == date(2026, 7, 21)


@pytest.mark.parametrize("start_year", range(2024, 2040))
def test_every_closure_lies_in_its_own_school_year(start_year: int) -> None:
    """1 September 2024 was a Sunday: the INSET days "before the term" once fell on 29 and 30 August, in the
    school year before, and the calling desk refused them (``demo --today 2026-03-02`` failed)."""
    year = SchoolYearCalendar.for_year(start_year)
    first, last = date(start_year, 9, 1), date(start_year + 1, 8, 31)
    assert all(first <= day <= last for day in year.inset_days)
    assert len(year.inset_days) == 5
    check_term_year(start_year, year.terms, [Closure(day, "INSET day") for day in year.inset_days])


def test_2024_autumn_inset_days_are_the_monday_and_the_first_day_of_term() -> None:
    year = SchoolYearCalendar.for_year(2024)
    assert sorted(year.inset_days)[:2] == [date(2024, 9, 2), date(2024, 9, 3)]
    first_pupil_day = next(d.day for d in year.register_days() if d.kind is DayKind.PUPIL_DAY)
    assert first_pupil_day == date(2024, 9, 4)


def test_in_2024_25_the_default_demo_is_that_year_alone() -> None:
    period = demo_period(date(2025, 3, 3))
    assert [y.label for y in period.years] == ["2024/25"]
    assert period.start == date(2024, 9, 2)


@pytest.mark.parametrize(
    ("today", "message"),
    [
        (date(1990, 1, 1), "choose a later date than 01/01/1990 for today"),
        (date(2024, 9, 4), "first school day is 04/09/2024"),
        (date(2024, 9, 5), "there is only 1 school day"),
        (date(2024, 11, 20), "there are only 50 school days"),
    ],
)
def test_a_today_too_early_for_a_register_says_so(today: date, message: str) -> None:
    with pytest.raises(DemoPeriodError, match=message):
        demo_period(today)
