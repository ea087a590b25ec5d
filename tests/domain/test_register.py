"""The compact register and the string-counted figures: exactly the per-mark rules, on random registers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance_desk.domain.calendar import DateRange, SchoolCalendar
from attendance_desk.domain.codes import CODE_SET_2024_START, UnknownCodeError, default_codebook
from attendance_desk.domain.metrics import FiguresCalculator, MarkTuple, PupilFigures
from attendance_desk.domain.register import (
    Register,
    UnencodableCodeError,
    char_code,
    code_char,
    register_from_marks,
)
from attendance_desk.domain.thresholds import BandThresholds
from tests.helpers.reference_figures import reference_figures

BOOK = default_codebook()
EVERY_CODE = sorted(set(BOOK.pre2024.codes) | set(BOOK.set2024.codes))
# Starts either side of the 2024 code-set change, so some registers straddle it.
STARTS = [date(2023, 9, 4), CODE_SET_2024_START - timedelta(days=30), date(2025, 9, 1)]
THRESHOLDS = BandThresholds(10, 10, 50)


@st.composite
def school_and_marks(draw: st.DrawFn) -> tuple[FiguresCalculator, list[MarkTuple], DateRange]:
    start = draw(st.sampled_from(STARTS)) + timedelta(days=draw(st.integers(0, 6)))
    length = draw(st.integers(1, 140))
    days = [start + timedelta(days=n) for n in range(length)]
    holidays = draw(st.sets(st.integers(0, length - 1), max_size=length // 4))
    school_days = [d for i, d in enumerate(days) if d.weekday() < 5 and i not in holidays]
    calculator = FiguresCalculator(SchoolCalendar(school_days), BOOK, THRESHOLDS, draw(st.integers(1, 6)))
    # Mostly absence-heavy registers, so the 10-in-10 window and unauthorised runs are reached often.
    weights = draw(st.sampled_from(["present", "unauthorised", "mixed"]))
    picks = iter(draw(st.lists(st.integers(0, 9_999), min_size=2 * length, max_size=2 * length)))
    marks: list[MarkTuple] = []
    for day in days:
        valid = sorted(BOOK.categories_for(day))
        for session in ("AM", "PM"):
            pick = next(picks)
            if pick % 10 == 0:
                continue  # no mark for this session
            if weights == "unauthorised" and pick % 3:
                code = ["O", "G", "N", "U"][pick // 10 % 4]
            elif weights == "present" and pick % 4:
                code = "/" if session == "AM" else "\\"
            else:
                code = valid[pick // 10 % len(valid)]
            marks.append((day, session, code))
    low = draw(st.integers(0, length - 1))
    high = draw(st.integers(low, length + 5))
    return calculator, marks, DateRange(start + timedelta(days=low), start + timedelta(days=high))


def _reference(calculator: FiguresCalculator, marks: list[MarkTuple], period: DateRange, minutes: int) -> PupilFigures:
    return reference_figures(calculator, ((None, d, s, c) for d, s, c in marks), period, minutes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(school_and_marks(), st.integers(0, 500))
def test_register_figures_equal_the_per_mark_rules(drawn: tuple, minutes: int) -> None:
    calculator, marks, period = drawn
    expected = _reference(calculator, marks, period, minutes)
    assert calculator.figures_from_rows(((None, d, s, c) for d, s, c in marks), period, minutes) == expected
    register = register_from_marks(marks)
    if register is not None:  # as the store reads it: one register, marks read from a date on
        since = calculator.lookback_start(period)
        read = [m for m in marks if since <= m[0] <= period.end]
        assert calculator.figures_from_register(register, period, minutes, since) == _reference(
            calculator, read, period, minutes
        )


@settings(max_examples=100, deadline=None)
@given(school_and_marks(), st.sampled_from(["Q", "A", "Y1", "J", "K"]), st.integers(0, 139))
def test_a_code_not_in_force_is_refused_alike(drawn: tuple, code: str, at: int) -> None:
    """A code valid only in the other code set (or in neither) raises the same error, for the same mark."""
    calculator, marks, period = drawn
    day = period.start + timedelta(days=at % ((period.end - period.start).days + 1))  # read: not after the end
    if code in BOOK.categories_for(day):
        return
    marks = sorted([m for m in marks if m[:2] != (day, "AM")] + [(day, "AM", code)])
    with pytest.raises(UnknownCodeError) as expected:
        _reference(calculator, marks, period, 0)
    with pytest.raises(UnknownCodeError) as got:
        calculator.figures(marks, period)
    assert (got.value.code, got.value.on) == (expected.value.code, expected.value.on)


def test_no_marks_are_figures_of_nothing() -> None:
    calculator = FiguresCalculator(SchoolCalendar([date(2025, 9, 1)]), BOOK)
    period = DateRange(date(2025, 9, 1), date(2025, 9, 5))
    assert calculator.figures([], period) == _reference(calculator, [], period, 0)


@given(school_and_marks())
@settings(max_examples=100, deadline=None)
def test_a_register_gives_back_its_marks(drawn: tuple) -> None:
    _calculator, marks, _period = drawn
    register = register_from_marks(marks)
    assert (register.marks() if register else []) == sorted(marks, key=lambda m: (m[0], m[1]))
    if register is not None:
        assert register.first_day.weekday() == 0 and not register.codes.endswith(" ")


def test_every_code_has_its_own_character() -> None:
    chars = [code_char(code) for code in EVERY_CODE]
    assert None not in chars and len(set(chars)) == len(EVERY_CODE)
    assert all(char_code(code_char(code) or "") == code for code in EVERY_CODE)


def test_a_code_no_register_can_hold_is_refused() -> None:
    with pytest.raises(UnencodableCodeError):
        register_from_marks([(date(2025, 9, 1), "AM", "ZZ")])
    assert code_char(" ") is None and code_char("c") is None


def test_positions_count_calendar_days_from_a_monday() -> None:
    register = Register(date(2025, 9, 1), "/\\ ")
    assert register.position(date(2025, 9, 2)) == 2 and register.day_at(3) == date(2025, 9, 2)
