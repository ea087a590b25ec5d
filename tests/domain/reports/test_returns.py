"""Returns to the local authority, checked against hand-worked registers (autumn 2025, half term 27–31 October)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance_desk.domain.calendar import DateRange, SchoolCalendar
from attendance_desk.domain.codes import default_codebook
from attendance_desk.domain.metrics import FiguresCalculator, MarkTuple
from attendance_desk.domain.reports.returns import DueRule, DueRuleError, illness_tally, unauthorised_runs
from attendance_desk.domain.term_calendar import Closure, PlannedCalendar, Term

CODES = default_codebook()
HALF_TERM = DateRange(date(2025, 10, 27), date(2025, 10, 31))
INSET = date(2025, 10, 13)  # a Monday the school was closed: nobody has a mark


def school_days(start: date, end: date, closed: tuple[date, ...] = ()) -> list[date]:
    out, day = [], start
    while day <= end:
        if day.weekday() < 5 and day not in HALF_TERM and day not in closed:
            out.append(day)
        day += timedelta(days=1)
    return out


AUTUMN = school_days(date(2025, 9, 1), date(2025, 12, 19), closed=(INSET,))
SPRING = school_days(date(2026, 1, 5), date(2026, 3, 27))
CALENDAR = SchoolCalendar(AUTUMN + SPRING)
PLANNED = PlannedCalendar(
    [Term("Autumn 1", date(2025, 9, 1), date(2025, 10, 24)), Term("Autumn 2", date(2025, 11, 3), date(2025, 12, 19))],
    [Closure(INSET, "INSET")],
)


def register(codes: dict[date, str], days: list[date] = AUTUMN + SPRING) -> list[MarkTuple]:
    """Present every day except the given ones, where both sessions carry the given code ("N/" splits AM/PM)."""
    out: list[MarkTuple] = []
    for day in days:
        code = codes.get(day, "/")
        am, pm = code.split("/") if "/" in code and code != "/" else (code, code)
        out += [(day, "AM", am or "/"), (day, "PM", pm or "\\")]
    return out


def test_a_weekend_does_not_break_a_run_and_the_tenth_day_is_when_the_return_is_due() -> None:
    # Wednesday 1 October to Wednesday 15 October: ten school days over two weekends, and the INSET Monday 13th
    # (no marks for anyone, so not a school day) sits inside the run without breaking it.
    days = [d for d in AUTUMN if date(2025, 10, 1) <= d <= date(2025, 10, 16)]
    assert len(days) == 11 and INSET not in days
    marks = register({d: "N" for d in days[:10]})
    runs = unauthorised_runs(marks, CALENDAR, CODES)
    assert [(r.first_date, r.last_date, r.length) for r in runs] == [(date(2025, 10, 1), date(2025, 10, 15), 10)]
    assert runs[0].reached_on == date(2025, 10, 15)
    # The same rule as the metrics' longest run, which every other screen uses.
    figures = FiguresCalculator(CALENDAR, CODES).figures(marks, DateRange(AUTUMN[0], SPRING[-1]))
    assert figures.longest_unauthorised_run_days == 10


def test_a_school_day_with_any_other_mark_breaks_the_run() -> None:
    days = [d for d in AUTUMN if date(2025, 10, 1) <= d <= date(2025, 10, 17)]
    codes = {d: "N" for d in days}
    codes[date(2025, 10, 8)] = "N/L"  # late in the afternoon: that day is not wholly unauthorised
    runs = unauthorised_runs(register(codes), CALENDAR, CODES)
    assert [r.length for r in runs] == [5, 6]  # 1–7 October, then 9–17 October (13th closed)
    assert all(r.reached_on is None for r in runs)


def test_a_run_across_half_term_reaches_ten_on_the_first_friday_back() -> None:
    codes = {d: "G" for d in AUTUMN if date(2025, 10, 20) <= d <= date(2025, 11, 7)}
    (run,) = unauthorised_runs(register(codes), CALENDAR, CODES)
    assert (run.first_date, run.length, run.reached_on) == (date(2025, 10, 20), 10, date(2025, 11, 7))


def test_illness_reaches_fifteen_days_across_terms() -> None:
    # Eight days in November, one morning in December, then six days and an afternoon in January:
    # 15 days on Thursday 15 January.
    ill = {d: "I" for d in AUTUMN if date(2025, 11, 10) <= d <= date(2025, 11, 19)}
    ill[date(2025, 12, 3)] = "I/"
    ill.update({d: "I" for d in SPRING if date(2026, 1, 7) <= d <= date(2026, 1, 14)})
    ill[date(2026, 1, 15)] = "/I"
    tally = illness_tally(register(ill))
    assert tally.days == Decimal(15)
    assert tally.first_date == date(2025, 11, 10)
    assert tally.warned_on == date(2026, 1, 8)  # 8 + 0.5 + 1 (7 January) + the morning of 8 January
    assert tally.reached_on == date(2026, 1, 15)


def test_fourteen_and_a_half_days_of_illness_is_not_a_return() -> None:
    ill = {d: "I" for d in AUTUMN[:14]}
    ill[AUTUMN[20]] = "I/"
    tally = illness_tally(register(ill))
    assert tally.days == Decimal("14.5") and tally.reached_on is None and tally.warned_on == AUTUMN[9]


def test_due_rules() -> None:
    add = PLANNED.add_school_days
    # Five school days after Friday 24 October skips half term: Friday 7 November.
    assert DueRule("school_days:5").due_by(date(2025, 10, 24), add) == date(2025, 11, 7)
    # ... and the INSET Monday: Thursday 9 October + 5 school days is Friday 17 October, not Thursday 16th.
    assert DueRule("school_days:5").due_by(date(2025, 10, 9), add) == date(2025, 10, 17)
    assert DueRule("last_friday_of_month").due_by(date(2025, 11, 7), add) == date(2025, 11, 28)
    assert DueRule("last_friday_of_month").due_by(date(2025, 11, 28), add) == date(2025, 11, 28)
    assert DueRule("last_friday_of_month").due_by(date(2025, 11, 29), add) == date(2025, 12, 26)
    assert DueRule("next_weekday:fri").due_by(date(2025, 11, 7), add) == date(2025, 11, 14)
    assert DueRule("day_of_month:15").due_by(date(2025, 11, 16), add) == date(2025, 12, 15)
    assert DueRule("day_of_month:15").due_by(date(2025, 12, 16), add) == date(2026, 1, 15)


@pytest.mark.parametrize("text", ["", "school_days:x", "school_days:-1", "next_weekday:sat", "day_of_month:31"])
def test_a_bad_due_rule_is_refused_with_the_choices(text: str) -> None:
    with pytest.raises(DueRuleError, match="school_days:N"):
        DueRule(text)


@given(st.lists(st.sampled_from(["/", "N", "G", "I", "N/", "/N", "C"]), min_size=0, max_size=60))
def test_runs_agree_with_the_metrics_longest_run(day_codes: list[str]) -> None:
    days = AUTUMN[: len(day_codes)]
    marks = register(dict(zip(days, day_codes, strict=True)), days)
    runs = unauthorised_runs(marks, CALENDAR, CODES)
    longest = FiguresCalculator(CALENDAR, CODES).figures(marks, DateRange(AUTUMN[0], AUTUMN[-1]))
    assert max((r.length for r in runs), default=0) == longest.longest_unauthorised_run_days


@given(st.text(max_size=30))
def test_any_text_is_a_due_rule_or_a_clear_refusal(text: str) -> None:
    try:
        rule = DueRule(text)
    except DueRuleError as exc:
        assert "is not a due rule" in str(exc)
        return
    due = rule.due_by(date(2025, 11, 7), PLANNED.add_school_days)
    assert date(2025, 11, 7) <= due <= date(2026, 3, 1)
