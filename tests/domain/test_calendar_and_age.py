"""School calendar, compulsory school age and UPN check letters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from attendance_desk.domain.calendar import DateRange, SchoolCalendar, school_year_label, school_year_range
from attendance_desk.domain.school_age import (
    compulsory_school_age_end,
    compulsory_school_age_start,
    is_of_compulsory_school_age,
)
from attendance_desk.domain.upn import check_letter, has_valid_check_letter, make_upn


def test_window_of_ten_school_weeks_skips_holiday_weeks() -> None:
    # Two school weeks in July, then the summer, then eight school weeks from September.
    days = [date(2025, 7, 14), date(2025, 7, 21)] + [date(2025, 9, 1) + timedelta(weeks=i) for i in range(8)]
    calendar = SchoolCalendar(days)
    last = date(2025, 9, 1) + timedelta(weeks=7)  # the eighth September school week
    assert calendar.window_start(last) == date(2025, 7, 14)
    assert calendar.window_start(last + timedelta(weeks=1)) == date(2025, 7, 21)
    assert calendar.add_school_days(date(2025, 7, 21), 1) == date(2025, 9, 1)


def test_school_year() -> None:
    assert school_year_range(date(2026, 3, 1)) == DateRange(date(2025, 9, 1), date(2026, 8, 31))
    assert school_year_label(date(2025, 9, 1)) == "2025/26"
    with pytest.raises(ValueError):
        DateRange(date(2025, 9, 2), date(2025, 9, 1))


@pytest.mark.parametrize(
    ("born", "start"),
    [
        (date(2020, 9, 1), date(2025, 12, 31)),
        (date(2020, 12, 31), date(2025, 12, 31)),  # a fifth birthday on a prescribed day starts that day
        (date(2021, 1, 1), date(2026, 3, 31)),
        (date(2021, 4, 1), date(2026, 8, 31)),
    ],
)
def test_compulsory_school_age_starts_on_the_prescribed_day(born: date, start: date) -> None:
    assert compulsory_school_age_start(born) == start


def test_compulsory_school_age_ends_on_the_last_friday_in_june() -> None:
    assert compulsory_school_age_end(date(2007, 9, 23)) == date(2024, 6, 28)  # the reference's example
    assert compulsory_school_age_end(date(2008, 8, 31)) == date(2024, 6, 28)
    born = date(2021, 6, 1)  # a Reception child, not yet five
    assert not is_of_compulsory_school_age(born, date(2025, 10, 1))
    assert is_of_compulsory_school_age(born, date(2026, 9, 1))
    assert not is_of_compulsory_school_age(date(2009, 1, 1), date(2025, 7, 1))


def test_upn_check_letter() -> None:
    upn = make_upn(0, 2001, 2015, 1)
    assert upn[1:4] == "000"
    assert has_valid_check_letter(upn)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
    assert not has_valid_check_letter(wrong)
    assert check_letter("000200115001") == upn[0]
    # A published example UPN: H801200001001 is valid.
    assert has_valid_check_letter("H801200001001")
