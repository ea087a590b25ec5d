"""Figures for one pupil, including every worked check in docs/metrics.md."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from attendance_desk.domain.calendar import DateRange, SchoolCalendar
from attendance_desk.domain.codes import UnknownCodeError, default_codebook
from attendance_desk.domain.metrics import FiguresCalculator, MarkTuple
from attendance_desk.domain.thresholds import Band, BandThresholds


def weekdays(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def present_all(days: list[date]) -> list[MarkTuple]:
    return [m for d in days for m in ((d, "AM", "/"), (d, "PM", "\\"))]


def calculator(days: list[date], **kwargs: object) -> FiguresCalculator:
    return FiguresCalculator(SchoolCalendar(days), default_codebook(), **kwargs)  # type: ignore[arg-type]


def replace(marks: list[MarkTuple], changes: dict[tuple[date, str], str]) -> list[MarkTuple]:
    return [(d, s, changes.get((d, s), c)) for d, s, c in marks]


# Autumn 2025 to summer 2026: 190 weekdays from Monday 1 September 2025.
YEAR = weekdays(date(2025, 9, 1), date(2026, 5, 29))[:190]
PERIOD = DateRange(YEAR[0], YEAR[-1])


def test_worked_check_380_possible_38_absent_is_90_percent_and_persistent() -> None:
    marks = present_all(YEAR)
    absences = {(d, s): "I" for d in YEAR[:19] for s in ("AM", "PM")}
    figures = calculator(YEAR).figures(replace(marks, absences), PERIOD)
    assert figures.possible_sessions == 380
    assert figures.authorised_absence_sessions == 38
    assert figures.attendance_percent == Decimal("90.00")
    assert figures.band is Band.PERSISTENT
    assert figures.days_missed == Decimal(19)
    assert figures.lessons_missed == Decimal(95)
    assert figures.illness_days == Decimal(19)


def test_exactly_ten_percent_absence_is_persistent_but_just_under_is_at_risk() -> None:
    thresholds = BandThresholds()
    assert thresholds.band_for(38, 380) is Band.PERSISTENT
    assert thresholds.band_for(37, 380) is Band.AT_RISK
    assert thresholds.band_for(19, 380) is Band.EXPECTED  # exactly 5% is not "above 5%"
    assert thresholds.band_for(190, 380) is Band.SEVERE
    assert thresholds.band_for(0, 0) is None


def test_school_thresholds_change_the_band() -> None:
    strict = BandThresholds(Decimal(3), Decimal(8), Decimal(40))
    assert strict.band_for(31, 380) is Band.PERSISTENT
    with pytest.raises(ValueError):
        BandThresholds(Decimal(10), Decimal(5), Decimal(50))


def test_ten_in_ten_met_across_the_summer_holiday() -> None:
    # Summer term 2025 ends Wednesday 23 July; autumn starts Wednesday 3 September.
    summer = weekdays(date(2025, 6, 2), date(2025, 7, 23))
    autumn = weekdays(date(2025, 9, 3), date(2025, 10, 17))
    days = summer + autumn
    marks = present_all(days)
    wednesday = date(2025, 7, 23)
    changes = {(wednesday, "AM"): "O", (wednesday, "PM"): "O"}
    # Eight unauthorised sessions in the first four school weeks of September, one a week on Tuesdays/Thursdays.
    september_days = [date(2025, 9, 4), date(2025, 9, 9), date(2025, 9, 11), date(2025, 9, 16)]
    september_days += [date(2025, 9, 18), date(2025, 9, 23), date(2025, 9, 25), date(2025, 9, 26)]
    for d in september_days:
        changes[(d, "AM")] = "G"
    figures = calculator(days).figures(replace(marks, changes), DateRange(date(2025, 9, 1), date(2025, 10, 17)))
    assert figures.pn_threshold_met_on == date(2025, 9, 26)  # the day of the tenth session
    assert figures.unauthorised_absence_sessions == 8  # the July sessions are outside the range…
    # …but the window looked back across the summer to count them.


def test_nine_sessions_then_the_tenth_in_the_fourteenth_school_week_is_not_met() -> None:
    days = weekdays(date(2025, 9, 1), date(2025, 12, 19))
    marks = present_all(days)
    mondays = [d for d in days if d.weekday() == 0]
    changes = {(mondays[i], "AM"): "N" for i in range(9)}  # nine sessions in weeks 1 to 9
    changes[(mondays[13], "AM")] = "N"  # the tenth in school week 14
    figures = calculator(days).figures(replace(marks, changes), DateRange(days[0], days[-1]))
    assert figures.pn_threshold_met_on is None
    assert figures.unauthorised_absence_sessions == 10


def test_ten_in_ten_counts_sessions_up_to_the_day_and_reports_the_last_window() -> None:
    days = weekdays(date(2025, 9, 1), date(2025, 10, 24))
    marks = present_all(days)
    changes = {(d, s): "O" for d in days[5:10] for s in ("AM", "PM")}
    figures = calculator(days).figures(replace(marks, changes), DateRange(days[0], days[-1]))
    assert figures.pn_threshold_met_on == days[9]
    assert figures.unauthorised_last_10_school_weeks == 10
    assert figures.longest_unauthorised_run_days == 5


def test_pupil_who_joins_in_january_has_possible_sessions_only_from_january() -> None:
    days = weekdays(date(2025, 9, 1), date(2026, 3, 27))
    marks = present_all([d for d in days if d >= date(2026, 1, 5)])
    figures = calculator(days).figures(marks, DateRange(days[0], days[-1]))
    assert figures.possible_sessions == 2 * len([d for d in days if d >= date(2026, 1, 5)])
    assert figures.attendance_percent == Decimal("100.00")
    assert figures.school_weeks == 12


def test_dual_registration_and_closures_are_not_possible_sessions() -> None:
    days = weekdays(date(2025, 9, 1), date(2025, 9, 12))
    marks = replace(present_all(days), {(days[0], "AM"): "D", (days[0], "PM"): "D", (days[1], "AM"): "#"})
    figures = calculator(days).figures(marks, DateRange(days[0], days[-1]))
    assert figures.possible_sessions == 17
    assert figures.not_possible_sessions == 3
    assert figures.codes["D"] == 2


def test_pre_2024_codes_use_the_old_set() -> None:
    june = weekdays(date(2024, 6, 3), date(2024, 6, 7))
    figures = calculator(june).figures(replace(present_all(june), {(june[0], "AM"): "J"}), DateRange(june[0], june[-1]))
    assert figures.aea_sessions == 1
    assert figures.attendance_percent == Decimal("100.00")
    later = weekdays(date(2025, 6, 2), date(2025, 6, 6))
    figures = calculator(later).figures(
        replace(present_all(later), {(later[0], "AM"): "J1"}), DateRange(later[0], later[-1])
    )
    assert figures.authorised_absence_sessions == 1
    assert figures.attendance_percent == Decimal("90.00")
    with pytest.raises(UnknownCodeError):
        calculator(later).figures(replace(present_all(later), {(later[0], "AM"): "J"}), DateRange(later[0], later[-1]))


def test_lates_broken_weeks_and_runs() -> None:
    days = weekdays(date(2025, 9, 1), date(2025, 9, 26))
    changes = {(days[0], "AM"): "L", (days[1], "AM"): "U", (days[6], "AM"): "M"}
    changes |= {(d, s): "N" for d in days[10:13] for s in ("AM", "PM")}
    changes[(days[14], "AM")] = "N"  # a half day: the other session is present, so it is not a full day off
    figures = calculator(days).figures(replace(present_all(days), changes), DateRange(days[0], days[-1]))
    assert figures.late_before_close == 1
    assert figures.late_after_close == 1
    assert figures.present_sessions == 40 - 1 - 1 - 6 - 1
    assert figures.broken_weeks == 3  # weeks 1 (U), 2 (M) and 3 (N); week 4 is unbroken
    assert figures.school_weeks == 4
    assert figures.longest_unauthorised_run_days == 3


def test_a_school_day_without_a_mark_for_the_pupil_ends_a_run() -> None:
    days = weekdays(date(2025, 9, 1), date(2025, 9, 12))
    marks = [(d, s, "N") for d in days if d != days[3] for s in ("AM", "PM")]
    figures = calculator(days).figures(marks, DateRange(days[0], days[-1]))
    assert figures.longest_unauthorised_run_days == 6


def test_no_possible_sessions_gives_no_percent_and_no_band() -> None:
    days = weekdays(date(2025, 9, 1), date(2025, 9, 5))
    figures = calculator(days).figures([(d, s, "X") for d in days for s in ("AM", "PM")], DateRange(days[0], days[-1]))
    assert figures.attendance_percent is None
    assert figures.band is None
    assert figures.as_json()["attendance_percent"] is None


def test_unknown_code_is_an_error_not_a_default() -> None:
    days = [date(2025, 9, 1)]
    with pytest.raises(UnknownCodeError, match="'H'"):
        calculator(days).figures([(days[0], "AM", "H")], DateRange(days[0], days[0]))
