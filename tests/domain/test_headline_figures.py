"""The headline figures of a whole-school list are exactly those fields of the full figures, and refuse what they
refuse."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from attendance_desk.domain.metrics import FiguresCalculator, MarkTuple
from attendance_desk.domain.register import Register, code_char, register_from_marks
from tests.domain.test_register import school_and_marks


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(school_and_marks())
def test_headlines_equal_the_full_figures(drawn: tuple) -> None:
    calculator: FiguresCalculator
    marks: list[MarkTuple]
    calculator, marks, period = drawn
    register = register_from_marks(marks)
    if register is None:
        return
    for since in (None, calculator.lookback_start(period), period.start):
        full = calculator.figures_from_register(register, period, 0, since)
        headline = calculator.headline_from_register(register, period, since)
        assert (
            headline.attendance_percent,
            headline.band,
            headline.possible_sessions,
            headline.unauthorised_absence_sessions,
            headline.not_possible_sessions,
        ) == (
            full.attendance_percent,
            full.band,
            full.possible_sessions,
            full.unauthorised_absence_sessions,
            full.not_possible_sessions,
        )


@given(school_and_marks())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_code_unknown_for_its_date_is_refused_by_both(drawn: tuple) -> None:
    calculator, marks, period = drawn
    register = register_from_marks(marks)
    if register is None or not register.codes.strip():
        return
    # A 2024-only code on a pre-2024 date (or the other way round) is not in that date's code set.
    first = next(i for i, char in enumerate(register.codes) if char.strip())
    day = register.day_at(first)
    wrong = "J" if "J" not in calculator.codebook.categories_for(day) else "Y1"
    char = code_char(wrong)
    assert char is not None
    broken = Register(register.first_day, register.codes[:first] + char + register.codes[first + 1 :])
    outcomes = []
    for compute in (
        lambda: calculator.figures_from_register(broken, period, 0, register.first_day),
        lambda: calculator.headline_from_register(broken, period, register.first_day),
    ):
        try:
            compute()
            outcomes.append("counted")
        except Exception as exc:  # the same refusal from both is what is checked
            outcomes.append(type(exc).__name__)
    read = day <= period.end  # the changed mark is among those read
    assert outcomes == (["UnknownCodeError"] * 2 if read else ["counted"] * 2)
