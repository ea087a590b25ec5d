"""The demo school's term dates: six half terms, bank holidays and five INSET days.

The terms are the typical English dates of :func:`attendance_desk.domain.term_calendar.default_terms`, the same
ones the planned calendar falls back to, so follow-up dates and the demo register agree. On top of them the demo
school has five INSET days (two at the start of the autumn term, the first day of each spring half term and
the last day of the summer term). The autumn ones are the weekdays of September before the pupils' first day;
when September starts too close to that day (2024: Monday 2nd, pupils from Tuesday 3rd) the first days of term
make up the two, so no INSET day ever falls in the August of the school year before. INSET days and bank
holidays in term are register days coded ``#`` for every pupil; holidays between terms have no marks at all, as in
a real MIS export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from attendance_desk.domain.term_calendar import Term, default_terms, england_bank_holidays
from attendance_desk.domain.text import plural


class DayKind(StrEnum):
    PUPIL_DAY = "pupil_day"  # the school meets: every pupil on roll gets a mark per session
    CLOSURE = "closure"  # an INSET day or in-term bank holiday: ``#`` for every pupil on roll


@dataclass(frozen=True, slots=True)
class RegisterDay:
    day: date
    kind: DayKind
    term: str


def _autumn_inset_days(term_start: date, count: int) -> list[date]:
    """The ``count`` weekdays nearest before ``term_start`` that are still in September, topped up with the first
    weekdays of the term itself: the school year runs from 1 September, and so do its closures."""
    september = date(term_start.year, 9, 1)
    days: list[date] = []
    day = term_start
    while len(days) < count and day > september:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    day = term_start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return sorted(days)


@dataclass(frozen=True, slots=True)
class SchoolYearCalendar:
    """Term dates and closures of one school year (1 September ``start_year`` to 31 August the year after)."""

    start_year: int
    terms: tuple[Term, ...]
    inset_days: frozenset[date]
    bank_holidays: frozenset[date]

    @classmethod
    def for_year(cls, start_year: int) -> SchoolYearCalendar:
        terms = tuple(default_terms(start_year))
        inset = {*_autumn_inset_days(terms[0].start, 2), terms[2].start, terms[3].start, terms[-1].end}
        holidays = {*england_bank_holidays(start_year), *england_bank_holidays(start_year + 1)}
        return cls(start_year, terms, frozenset(inset), frozenset(holidays))

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> date:
        """The first register day: the first INSET day of the autumn term."""
        return min(self.inset_days)

    @property
    def last_day(self) -> date:
        return self.terms[-1].end

    def register_days(self) -> list[RegisterDay]:
        """Every weekday in term (and the INSET days before it), in date order, as a pupil day or a ``#``."""
        days = [
            RegisterDay(d, DayKind.CLOSURE, self.terms[0].name)
            for d in sorted(self.inset_days)
            if d < self.terms[0].start
        ]
        for term in self.terms:
            day = term.start
            while day <= term.end:
                if day.weekday() < 5:
                    closed = day in self.inset_days or day in self.bank_holidays
                    days.append(RegisterDay(day, DayKind.CLOSURE if closed else DayKind.PUPIL_DAY, term.name))
                day += timedelta(days=1)
        return days


@cache
def pupil_days_of_year(start_year: int) -> tuple[date, ...]:
    """The days pupils attend in the school year starting September ``start_year``."""
    return tuple(d.day for d in SchoolYearCalendar.for_year(start_year).register_days() if d.kind is DayKind.PUPIL_DAY)


@dataclass(frozen=True, slots=True)
class DemoPeriod:
    """The span of register the demo writes: whole school years, the last one cut at ``end``."""

    years: tuple[SchoolYearCalendar, ...]
    end: date  # the last register day written (a pupil day)

    @property
    def start(self) -> date:
        return self.years[0].first_day

    @property
    def current_year(self) -> SchoolYearCalendar:
        return self.years[-1]

    def register_days(self) -> list[RegisterDay]:
        return [d for year in self.years for d in year.register_days() if d.day <= self.end]

    def pupil_days(self) -> list[date]:
        return [d.day for d in self.register_days() if d.kind is DayKind.PUPIL_DAY]


FIRST_YEAR_WITH_2024_CODES = 2024
MINIMUM_PUPIL_DAYS = 60  # about a half term: the demo's stories (a past part-time timetable, movers) need room


class DemoPeriodError(ValueError):
    """The requested year gives no register to write (it has not started yet)."""


def demo_period(today: date, first_year: int | None = None) -> DemoPeriod:
    """The register from September of ``first_year`` up to the last school day before ``today``.

    By default ``first_year`` is the school year before the one ``today`` is in, so the demo holds one complete
    school year and the current year so far. At most two school years are written: for an older ``first_year``
    the demo is that year and the next, complete.
    """
    current_start = today.year if today.month >= 9 else today.year - 1
    # In 2024/25 itself there is no earlier year with the 2024 codes: then that year alone.
    first = max(current_start - 1, FIRST_YEAR_WITH_2024_CODES) if first_year is None else first_year
    if first < FIRST_YEAR_WITH_2024_CODES:
        raise DemoPeriodError(
            f"the demo writes the attendance codes in force from 19 August 2024: choose {FIRST_YEAR_WITH_2024_CODES} "
            f"or later, not {first}"
        )
    years = (SchoolYearCalendar.for_year(first), SchoolYearCalendar.for_year(first + 1))
    days_before_today = [d for year in years for d in year.register_days() if d.day < today]
    pupil_days = [d.day for d in days_before_today if d.kind is DayKind.PUPIL_DAY]
    if not pupil_days and first_year is None:
        raise DemoPeriodError(
            f"the demo writes the attendance codes in force from 19 August 2024, so its first school day is "
            f"{pupil_days_of_year(first)[0]:%d/%m/%Y}: choose a later date than {today:%d/%m/%Y} for today"
        )
    if not pupil_days:
        raise DemoPeriodError(
            f"the {years[0].label} school year starts on {years[0].first_day:%d/%m/%Y}, after today "
            f"({today:%d/%m/%Y}): choose an earlier year"
        )
    if len(pupil_days) < MINIMUM_PUPIL_DAYS:  # too short for the part-time timetables, movers and suspensions
        raise DemoPeriodError(
            f"the demo needs at least {MINIMUM_PUPIL_DAYS} school days of register before today, but from "
            f"{pupil_days[0]:%d/%m/%Y} to {today:%d/%m/%Y} there {'is' if len(pupil_days) == 1 else 'are'} only "
            f"{plural(len(pupil_days), 'school day')}: choose a later date for today"
            + ("" if first_year is None else " or an earlier year")
        )
    end = pupil_days[-1]
    used = tuple(year for year in years if year.first_day <= end)
    return DemoPeriod(used, end)
