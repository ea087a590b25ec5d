"""The escalation ladder, the planned school calendar and the worklist priority rules."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from attendance_desk.domain.calling.escalation import DEFAULT_STEPS, AbsenceFacts, EscalationStep, StepKind, due_tasks
from attendance_desk.domain.calling.rules import PriorityFacts, covers, priority, trailing_run
from attendance_desk.domain.term_calendar import (
    Closure,
    PlannedCalendar,
    Term,
    default_terms,
    easter_sunday,
    england_bank_holidays,
)

# Autumn 2026 as a school might enter it: half term 26–30 October, an INSET day on Monday 2 November.
AUTUMN = [
    Term("Autumn 1", date(2026, 9, 3), date(2026, 10, 23)),
    Term("Autumn 2", date(2026, 11, 2), date(2026, 12, 18)),
]
INSET = [Closure(date(2026, 11, 2), "Training day")]


def steps(*keys: str) -> list[EscalationStep]:
    return [s for s in DEFAULT_STEPS if s.key in keys]


def test_easter_and_bank_holidays_are_right_for_known_years() -> None:
    assert [easter_sunday(y) for y in (2024, 2025, 2026, 2027)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
    ]
    holidays = england_bank_holidays(2026)
    assert holidays[date(2026, 5, 4)] == "Early May bank holiday"
    assert holidays[date(2026, 5, 25)] == "Spring bank holiday"
    assert holidays[date(2026, 12, 28)] == "Boxing Day"  # 26 December 2026 is a Saturday


def test_default_terms_have_six_half_terms_with_breaks_between() -> None:
    terms = default_terms(2026)
    assert [t.name for t in terms] == ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"]
    assert terms[0].start == date(2026, 9, 3)
    assert terms[0].end == date(2026, 10, 23) and terms[1].start == date(2026, 11, 2)  # October half term
    assert terms[3].end < date(2027, 3, 26) < terms[4].start  # Good Friday 2027 is in the Easter break
    for earlier, later in pairwise(terms):
        assert (later.start - earlier.end).days >= 3


def test_school_days_skip_weekends_half_term_bank_holidays_and_closures() -> None:
    calendar = PlannedCalendar(AUTUMN, INSET)
    thursday = date(2026, 10, 22)
    assert calendar.add_school_days(thursday, 1) == date(2026, 10, 23)
    # Friday, then half term, then the training day on Monday 2 November: the next school day is Tuesday 3rd.
    assert calendar.add_school_days(thursday, 2) == date(2026, 11, 3)
    assert calendar.why_closed(date(2026, 10, 27)) == "school holiday"
    assert calendar.why_closed(date(2026, 11, 2)) == "Training day"
    assert calendar.school_days_between(thursday, date(2026, 11, 3)) == 3
    summer = PlannedCalendar([], [])  # no terms entered: typical dates stand in
    assert summer.uses_defaults_for(date(2027, 5, 3))
    assert not summer.is_school_day(date(2027, 5, 3))  # early May bank holiday, in term
    assert summer.is_school_day(date(2027, 5, 4))


def test_the_day_three_letter_falls_on_the_right_school_day_across_half_term() -> None:
    calendar = PlannedCalendar(AUTUMN, INSET)
    facts = AbsenceFacts(pupil_id=7, on=date(2026, 11, 3), unexplained_start=date(2026, 10, 22))
    tasks = due_tasks(facts, steps("day1_letter", "day3_letter", "day5_referral"), calendar)
    by_step = {t.step_key: t for t in tasks}
    assert set(by_step) == {"day1_letter", "day3_letter"}  # day 5 is not reached yet
    assert by_step["day1_letter"].due_on == date(2026, 10, 22)
    assert by_step["day3_letter"].due_on == date(2026, 11, 3)
    assert by_step["day3_letter"].source_key == "escalation:day3_letter:7:2026-10-22"
    later = due_tasks(AbsenceFacts(7, date(2026, 11, 5), date(2026, 10, 22)), steps("day5_referral"), calendar)
    assert [t.due_on for t in later] == [date(2026, 11, 5)]
    assert later[0].owner_role == "attendance_lead"


def test_no_letter_when_the_family_was_reached_and_nothing_when_the_step_is_off() -> None:
    calendar = PlannedCalendar(AUTUMN)
    facts = AbsenceFacts(1, date(2026, 9, 7), unexplained_start=date(2026, 9, 7), contact_made=True)
    assert due_tasks(facts, steps("day1_letter"), calendar) == []
    off = [
        s if s.key != "day1_letter" else EscalationStep(s.key, s.kind, s.label, s.task_title, enabled=False)
        for s in steps("day1_letter")
    ]
    assert due_tasks(AbsenceFacts(1, date(2026, 9, 7), date(2026, 9, 7)), off, calendar) == []


def test_safe_and_well_counts_from_the_last_time_the_child_was_seen() -> None:
    calendar = PlannedCalendar(AUTUMN)
    start = date(2026, 9, 7)  # Monday
    step = steps("safe_and_well")
    # Day 7 of absence: not yet (the task appears two school days before day 10).
    assert due_tasks(AbsenceFacts(1, date(2026, 9, 15), start), step, calendar) == []
    [task] = due_tasks(AbsenceFacts(1, date(2026, 9, 16), start), step, calendar)
    assert task.due_on == date(2026, 9, 18)  # the tenth school day
    # Seen on a visit on Friday 18th: the next check is counted from Monday 21st.
    seen = AbsenceFacts(1, date(2026, 10, 1), start, last_seen=date(2026, 9, 18))
    [again] = due_tasks(seen, step, calendar)
    assert again.due_on == date(2026, 10, 2) and again.source_key.endswith("2026-09-21")


def test_missing_education_social_worker_and_unresolved_n_steps() -> None:
    calendar = PlannedCalendar(AUTUMN)
    facts = AbsenceFacts(
        3,
        date(2026, 9, 18),
        unexplained_start=date(2026, 9, 16),
        unauthorised_start=date(2026, 9, 7),
        has_social_worker=True,
        unresolved_n_dates=(date(2026, 9, 10), date(2026, 9, 16)),
    )
    tasks = {t.step_key: t for t in due_tasks(facts, steps("cme_referral", "social_worker", "n_decision"), calendar)}
    assert tasks["cme_referral"].due_on == date(2026, 9, 18)  # 7 September + 9 school days
    assert tasks["social_worker"].due_on == date(2026, 9, 18)
    assert tasks["n_decision"].due_on == date(2026, 9, 17)  # five school days after 10 September
    assert "10/09/2026" in tasks["n_decision"].detail and "16/09/2026" not in tasks["n_decision"].detail


def test_a_step_must_make_sense() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        EscalationStep("x", StepKind.UNEXPLAINED_DAYS, "X", "Do it", days=0)
    with pytest.raises(ValueError, match="notice"):
        EscalationStep("x", StepKind.SAFE_AND_WELL, "X", "Do it", days=5, notice_days=5)


def test_priority_puts_safeguarding_before_length_of_absence_and_says_why() -> None:
    worker, worker_reasons = priority(PriorityFacts(social_worker=True))
    long_absence, long_reasons = priority(PriorityFacts(days_absent_consecutive=8))
    plain, _ = priority(PriorityFacts())
    reached, reached_reasons = priority(PriorityFacts(contacted_today=True))
    assert worker > long_absence > plain > reached
    assert worker_reasons == ["social worker", "no contact yet today"]
    assert long_reasons[0] == "8 consecutive days absent"
    assert "no contact yet today" not in reached_reasons
    _, tried = priority(PriorityFacts(attempts_today=2))
    assert tried == ["not reached (2 attempts today)"]
    _, staged = priority(PriorityFacts(ehcp=True, sen_support=True, formal_stage="Stage 2", contacted_today=True))
    assert staged == ["EHCP", "formal stage: Stage 2"]


def test_report_spans_and_absence_runs() -> None:
    first, last = (date(2026, 9, 7), "PM"), (date(2026, 9, 9), "AM")
    assert not covers(first, last, date(2026, 9, 7), "AM")
    assert covers(first, last, date(2026, 9, 7), "PM") and covers(first, last, date(2026, 9, 9), "AM")
    assert not covers(first, last, date(2026, 9, 9), "PM")
    days = [date(2026, 9, 9), date(2026, 9, 8), date(2026, 9, 7)]
    assert trailing_run(days, {days[0]: True, days[1]: True, days[2]: False}) == (2, days[1])
    assert trailing_run(days, {days[1]: True}) == (0, None)
