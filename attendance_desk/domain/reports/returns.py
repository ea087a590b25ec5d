"""Returns to the local authority: when one is due, and when it must reach the authority.

* **Attendance return** (``continuous_unauthorised``): a pupil of compulsory school age reaches 10 consecutive
  school days on which they have marks and every mark is unauthorised. Weekends and holidays are not school days,
  so they do not break a run; a school day with any other mark, or with no mark for the pupil, does.
* **Sickness return** (``sickness``): the pupil's illness (``I``) absence reaches 15 school days in the school
  year, consecutive or not. Two ``I`` sessions make a day.

The school is warned first: a run of 8 or more days, or 10 or more days of illness, is *approaching*.

Each local authority says when it wants a return; :class:`DueRule` holds that rule as short text, e.g.
``school_days:5`` (five school days after the day it became due, the default), ``last_friday_of_month``,
``next_weekday:fri`` or ``day_of_month:15``.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from attendance_desk.domain.calendar import SchoolCalendar
from attendance_desk.domain.codes import Category, CodeBook
from attendance_desk.domain.metrics import MarkTuple

CONTINUOUS_RETURN_DAYS = 10
CONTINUOUS_WARNING_DAYS = 8
SICKNESS_RETURN_DAYS = Decimal(15)
SICKNESS_WARNING_DAYS = Decimal(10)
ILLNESS_CODE = "I"
DEFAULT_DUE_RULE = "school_days:5"


class ReturnKind(StrEnum):
    CONTINUOUS = "continuous_unauthorised"
    SICKNESS = "sickness"


RETURN_KIND_LABELS = {
    ReturnKind.CONTINUOUS: "Attendance return (10 school days' continuous unauthorised absence)",
    ReturnKind.SICKNESS: "Sickness return (15 school days' illness in the school year)",
}


@dataclass(frozen=True, slots=True)
class UnauthorisedRun:
    """Consecutive school days on which every mark the pupil has is unauthorised."""

    days: tuple[date, ...]

    @property
    def first_date(self) -> date:
        return self.days[0]

    @property
    def last_date(self) -> date:
        return self.days[-1]

    @property
    def length(self) -> int:
        return len(self.days)

    @property
    def reached_on(self) -> date | None:
        """The tenth day of the run: the day the attendance return became due."""
        return self.days[CONTINUOUS_RETURN_DAYS - 1] if self.length >= CONTINUOUS_RETURN_DAYS else None


def unauthorised_runs(
    marks: Iterable[MarkTuple], calendar: SchoolCalendar, codebook: CodeBook
) -> list[UnauthorisedRun]:
    """Every run of wholly unauthorised school days in ``marks`` (sorted by date), oldest first.

    The same rule as ``longest_unauthorised_run_days`` in :mod:`attendance_desk.domain.metrics`, which gives only
    the longest run's length; here each run keeps its dates, for the return and its due date.
    """
    whole_days: list[date] = []
    current: date | None = None
    all_unauthorised = False
    for day, _session, code in marks:
        if day != current:
            if current is not None and all_unauthorised:
                whole_days.append(current)
            current, all_unauthorised = day, True
        if codebook.category(code, day) is not Category.UNAUTHORISED:
            all_unauthorised = False
    if current is not None and all_unauthorised:
        whole_days.append(current)

    runs: list[UnauthorisedRun] = []
    run: list[date] = []
    previous_index: int | None = None
    for day in whole_days:
        index = calendar.day_index.get(day)
        if index is None:  # a day only this pupil has marks on is not a school day: it cannot join a run
            continue
        if run and previous_index is not None and index != previous_index + 1:
            runs.append(UnauthorisedRun(tuple(run)))
            run = []
        run.append(day)
        previous_index = index
    if run:
        runs.append(UnauthorisedRun(tuple(run)))
    return runs


@dataclass(frozen=True, slots=True)
class IllnessTally:
    days: Decimal  # illness days in the school year up to the last mark given
    first_date: date | None  # the first illness session of the year
    reached_on: date | None  # the day the total reached 15 days
    warned_on: date | None  # the day the total reached 10 days


def illness_tally(marks: Iterable[MarkTuple]) -> IllnessTally:
    """Illness days in one school year's ``marks`` (sorted by date), and when they reached 10 and 15 days."""
    sessions = 0
    first: date | None = None
    reached: date | None = None
    warned: date | None = None
    for day, _session, code in marks:
        if code != ILLNESS_CODE:
            continue
        sessions += 1
        first = first or day
        if warned is None and sessions >= SICKNESS_WARNING_DAYS * 2:
            warned = day
        if reached is None and sessions >= SICKNESS_RETURN_DAYS * 2:
            reached = day
    return IllnessTally(Decimal(sessions) / 2, first, reached, warned)


# --- due rules ------------------------------------------------------------------------------------------------

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
DUE_RULE_HELP = {
    "school_days:N": "N school days after the day the return became due (default N = 5)",
    "last_friday_of_month": "the last Friday of the month it became due (the next month's if that Friday has passed)",
    "next_weekday:DAY": "the next DAY (mon … fri) after the day it became due",
    "day_of_month:N": "day N of the month (the next month's if that day has passed)",
}


class DueRuleError(ValueError):
    """A due rule that cannot be read."""


@dataclass(frozen=True, slots=True)
class DueRule:
    text: str

    def __post_init__(self) -> None:
        self.parse()

    def parse(self) -> tuple[str, int]:
        name, _, value = self.text.strip().lower().partition(":")
        try:
            if name == "school_days":
                number = int(value or "5")
                if not 0 <= number <= 60:
                    raise ValueError
                return name, number
            if name == "last_friday_of_month" and not value:
                return name, 0
            if name == "next_weekday" and value in WEEKDAYS:
                return name, WEEKDAYS.index(value)
            if name == "day_of_month":
                number = int(value)
                if not 1 <= number <= 28:
                    raise ValueError
                return name, number
        except ValueError:
            pass
        raise DueRuleError(
            f"'{self.text}' is not a due rule; use one of: " + ", ".join(DUE_RULE_HELP) + " (day of month 1–28)"
        )

    def describe(self) -> str:
        name, number = self.parse()
        if name == "school_days":
            return f"{number} school day{'s' if number != 1 else ''} after it became due"
        if name == "last_friday_of_month":
            return "the last Friday of the month"
        if name == "next_weekday":
            return f"the next {('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday')[number]}"
        return f"day {number} of the month"

    def due_by(self, reached_on: date, add_school_days: Callable[[date, int], date]) -> date:
        """The date the return must reach the local authority. ``add_school_days`` is the school's planned
        calendar (term dates and closures), so "5 school days" skips weekends, holidays and INSET days."""
        name, number = self.parse()
        if name == "school_days":
            return add_school_days(reached_on + timedelta(days=1), max(number - 1, 0)) if number else reached_on
        if name == "last_friday_of_month":
            due = _last_friday(reached_on.year, reached_on.month)
            if due < reached_on:
                nxt = _next_month(reached_on)
                due = _last_friday(nxt.year, nxt.month)
            return due
        if name == "next_weekday":
            ahead = (number - reached_on.weekday()) % 7 or 7
            return reached_on + timedelta(days=ahead)
        due = reached_on.replace(day=number)
        if due < reached_on:
            due = _next_month(reached_on).replace(day=number)
        return due


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _last_friday(year: int, month: int) -> date:
    last = date(year, month, month_calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 4) % 7)
