"""DfE bands, day-of-week patterns, cohort gaps and the forecast, each against a hand-worked example."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from attendance_desk.domain.calendar import DateRange, SchoolCalendar
from attendance_desk.domain.codes import default_codebook
from attendance_desk.domain.metrics import FiguresCalculator, MarkTuple
from attendance_desk.domain.reports.bands import DFE_BANDS, dfe_band, movement
from attendance_desk.domain.reports.cohorts import compare_cohorts, groups_of
from attendance_desk.domain.reports.patterns import absence_pattern, school_days_by_weekday
from attendance_desk.domain.reports.trend import WeekFigures, forecast_year_end, on_track, weekly_figures

CODES = default_codebook()
DAYS = [date(2025, 9, 1) + timedelta(days=i) for i in range(70) if (date(2025, 9, 1) + timedelta(days=i)).weekday() < 5]
CALENDAR = SchoolCalendar(DAYS)  # ten school weeks, 50 school days
PERIOD = DateRange(DAYS[0], DAYS[-1])
CALC = FiguresCalculator(CALENDAR, CODES)


def marks(absent: dict[date, str]) -> list[MarkTuple]:
    return [(d, s, absent.get(d, "/")) for d in DAYS for s in ("AM", "PM")]


def test_dfe_bands_are_five_point_steps_with_the_lower_bound_included() -> None:
    assert DFE_BANDS[0] == "0-5" and DFE_BANDS[-1] == "50+" and len(DFE_BANDS) == 11
    assert dfe_band(0, 20) == "0-5"
    assert dfe_band(1, 20) == "5-10"  # exactly 5%
    assert dfe_band(2, 20) == "10-15"  # exactly 10%: persistent
    assert dfe_band(37, 380) == "5-10"  # 9.74%
    assert dfe_band(10, 20) == "50+" and dfe_band(20, 20) == "50+"
    assert dfe_band(5, 19) is None  # under 20 possible sessions: no band
    assert movement("5-10", "10-15") == "worse" and movement("10-15", "5-10") == "better"
    assert movement(None, "0-5") == "new" and movement("0-5", "0-5") == "same" and movement("0-5", None) == "none"


def test_a_monday_and_friday_pupil_is_flagged_in_plain_words() -> None:
    # Off every Monday and Friday of ten weeks (40 sessions), and one Wednesday (2 sessions).
    absent = {d: ("C" if d.weekday() == 0 else "O") for d in DAYS if d.weekday() in (0, 4)}
    absent[date(2025, 9, 10)] = "I"
    pattern = absence_pattern(marks(absent), CALENDAR, CODES, school_days_by_weekday(DAYS))
    assert pattern.absence_by_weekday == {"Mon": 20, "Tue": 0, "Wed": 2, "Thu": 0, "Fri": 20}
    assert pattern.standout_days == ("Mon", "Fri")
    assert pattern.flag == "Mondays and Fridays"
    # Each Friday joins the next Monday (the weekend does not end a spell): 1 Sep alone, 9 Fri–Mon pairs,
    # 10 Sep alone, and the last Friday alone.
    assert len(pattern.spells) == 12 and pattern.longest_spell_days == 2
    assert not pattern.in_spells
    assert pattern.absence_sessions == CALC.figures(marks(absent), PERIOD).absence_sessions


def test_absence_spread_evenly_is_not_flagged_and_long_spells_are() -> None:
    even = {d: "I" for d in DAYS[::7]}  # every seventh school day: each weekday in turn
    assert absence_pattern(marks(even), CALENDAR, CODES, school_days_by_weekday(DAYS)).flag == ""
    spells = {d: "I" for block in (DAYS[2:6], DAYS[15:18], DAYS[30:35]) for d in block}
    pattern = absence_pattern(marks(spells), CALENDAR, CODES, school_days_by_weekday(DAYS))
    assert [n for _f, _l, n in pattern.spells] == [4, 3, 5] and pattern.longest_spell_days == 5
    assert pattern.flag == "in spells"
    few = {DAYS[0]: "N", DAYS[5]: "N"}  # 4 Monday sessions but only 4 in all: too few to call a pattern
    assert absence_pattern(marks(few), CALENDAR, CODES, school_days_by_weekday(DAYS)).flag == ""


def test_a_planted_group_has_the_gap_worked_out_by_hand() -> None:
    # Three FSM pupils: 100 possible each, absent 20, 10 and 0 sessions → 270/300 = 90.00% attendance,
    # 2 of 3 persistent (66.67%). Seven others: 100 possible each, absent 5 each → 665/700 = 95.00%, none persistent.
    def figures(absent: int):  # type: ignore[no-untyped-def]
        """A pupil with 100 possible sessions and ``absent`` unauthorised ones."""
        whole_days = set(DAYS[: absent // 2])
        half_day = DAYS[absent // 2] if absent % 2 else None
        register = [
            (d, s, "O" if d in whole_days or (d == half_day and s == "AM") else "/") for d in DAYS for s in ("AM", "PM")
        ]
        return CALC.figures(register, PERIOD)

    fsm = [figures(20), figures(10), figures(0)]
    others = [figures(5) for _ in range(7)]
    pupils = [(groups_of("7", "F", {"fsm": True}), f) for f in fsm]
    pupils += [(groups_of("7", "M", {}), f) for f in others]
    by_group = {c.group: c for c in compare_cohorts(pupils)}
    group = by_group["fsm"]
    assert (group.tally.pupils, group.tally.possible, group.tally.attended) == (3, 300, 270)
    assert group.tally.attendance_percent == Decimal("90.00")
    assert group.tally.persistent_percent == Decimal("66.67") and group.tally.severe_percent == Decimal("0.00")
    assert group.rest.attendance_percent == Decimal("95.00") and group.rest.persistent_percent == Decimal("0.00")
    assert group.gap("attendance_percent") == Decimal("-5.00")
    assert group.gap("persistent_percent") == Decimal("66.67")
    assert by_group["all"].tally.attendance_percent == Decimal("93.50")  # 935 / 1000, not the mean of pupils
    assert by_group["sex:F"].tally.pupils == 3 and by_group["year:7"].tally.pupils == 10
    assert "eal" not in by_group


def test_weekly_figures_and_a_flat_forecast() -> None:
    counts = [(date(2025, 9, 1), "/", 90), (date(2025, 9, 1), "N", 10), (date(2025, 9, 1), "#", 5)]
    counts += [(date(2025, 9, 8), "/", 80), (date(2025, 9, 8), "K", 10), (date(2025, 9, 9), "C", 10)]
    weeks = weekly_figures(counts, CODES)
    assert [(w.week_start, w.possible, w.attended, w.school_days) for w in weeks] == [
        (date(2025, 9, 1), 100, 90, 1),
        (date(2025, 9, 8), 100, 90, 2),
    ]
    forecast = forecast_year_end(weeks, [], [(date(2025, 9, 15), 3)])
    # 66.67 possible per school day → 200 more possible at 90% → still 90.00%
    assert forecast.year_end_percent == Decimal("90.00")
    assert "mean of this year's last 2 weeks" in forecast.method
    assert on_track(forecast.year_end_percent, Decimal("91"), "attendance").startswith("Not on track")
    assert on_track(forecast.year_end_percent, Decimal("10"), "absence").startswith("On track")


def test_forecast_follows_last_years_shape() -> None:
    this_year = [WeekFigures(date(2025, 9, 1), 100, 95, 5), WeekFigures(date(2025, 9, 8), 100, 93, 5)]
    last_year = [WeekFigures(date(2024, 9, 2), 100, 96, 5), WeekFigures(date(2024, 9, 9), 100, 94, 5)]
    last_year += [WeekFigures(date(2024, 9, 16), 100, 90, 5)]
    forecast = forecast_year_end(this_year, last_year, [(date(2025, 9, 15), 5)])
    # This year runs 1 point below last year; last year's third week was 90% → 89% → (188 + 89) / 300.
    assert forecast.weeks[0].attendance_percent == Decimal("89.00")
    assert forecast.year_end_percent == Decimal("92.33")
