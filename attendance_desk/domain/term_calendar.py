"""The planned school calendar: term dates, bank holidays and closures, looking forward.

The register-derived :class:`~attendance_desk.domain.calendar.SchoolCalendar` only knows days the school has
already met. Follow-up tasks need dates in the future ("the third school day of this absence"), so this calendar
is built from the term dates the school enters. A school year with no term dates entered falls back to typical
dates for England, so escalation never stalls for want of settings; the Settings tab shows which are defaults.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from attendance_desk.domain.calendar import school_year_start

MAX_SEARCH_DAYS = 800  # a little over two school years: enough for any task, small enough to fail fast


@dataclass(frozen=True, slots=True)
class Term:
    name: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"{self.name} ends ({self.end:%d/%m/%Y}) before it starts ({self.start:%d/%m/%Y})")


@dataclass(frozen=True, slots=True)
class Closure:
    day: date
    reason: str


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _last_weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _last_monday(year: int, month: int) -> date:
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    return _last_weekday_on_or_before(next_month - timedelta(days=1), 0)


def _working_day_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _working_day_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def england_bank_holidays(year: int) -> dict[date, str]:
    """Bank holidays in England and Wales for a calendar year (substitute days for weekends included).

    One-off holidays (a coronation, a jubilee) are not predictable; schools add them as closures.
    """
    easter = easter_sunday(year)
    days: dict[date, str] = {
        _working_day_on_or_after(date(year, 1, 1)): "New Year's Day",
        easter - timedelta(days=2): "Good Friday",
        easter + timedelta(days=1): "Easter Monday",
        _first_weekday_on_or_after(date(year, 5, 1), 0): "Early May bank holiday",
        _last_monday(year, 5): "Spring bank holiday",
        _last_monday(year, 8): "Summer bank holiday",
    }
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    christmas_off = _working_day_on_or_after(christmas)
    boxing_off = _working_day_on_or_after(boxing if boxing > christmas_off else christmas_off + timedelta(days=1))
    days[christmas_off] = "Christmas Day"
    days[boxing_off] = "Boxing Day"
    return days


def default_terms(first_year: int) -> list[Term]:
    """Typical term dates for a school year starting in September ``first_year`` (six half terms).

    These follow the usual pattern of English local authorities: the October half term is the week of the last
    Monday in October, February's is the week of the third Monday, Easter takes the fortnight around Easter
    Sunday, and the May half term is the week of the spring bank holiday. A school corrects them in Settings.
    """
    y, n = first_year, first_year + 1
    october_break = _last_monday(y, 10)
    christmas_end = _last_weekday_on_or_before(date(y, 12, 20), 4)
    spring_start = _working_day_on_or_after(date(n, 1, 5))
    february_break = _first_weekday_on_or_after(date(n, 2, 1), 0) + timedelta(days=14)
    easter = easter_sunday(n)
    easter_break = easter - timedelta(days=6)  # Monday of Holy Week
    may_break = _last_monday(n, 5)
    return [
        Term("Autumn 1", _working_day_on_or_after(date(y, 9, 3)), october_break - timedelta(days=3)),
        Term("Autumn 2", october_break + timedelta(days=7), christmas_end),
        Term("Spring 1", spring_start, february_break - timedelta(days=3)),
        Term("Spring 2", february_break + timedelta(days=7), easter_break - timedelta(days=3)),
        Term("Summer 1", easter_break + timedelta(days=14), may_break - timedelta(days=3)),
        Term("Summer 2", may_break + timedelta(days=7), _working_day_on_or_before(date(n, 7, 22))),
    ]


class PlannedCalendar:
    """School days to come: weekdays inside a term that are neither bank holidays nor closures."""

    def __init__(self, terms: Iterable[Term], closures: Iterable[Closure] = (), *, fill_defaults: bool = True) -> None:
        self.terms: list[Term] = sorted(terms, key=lambda t: t.start)
        self.closures: dict[date, str] = {c.day: c.reason for c in closures}
        self.fill_defaults = fill_defaults
        self._years_with_terms = {school_year_start(t.start).year for t in self.terms}
        self._default_years: set[int] = set()
        self._starts = [t.start for t in self.terms]
        self._bank_holidays: dict[int, dict[date, str]] = {}

    def _ensure_year(self, day: date) -> None:
        year = school_year_start(day).year
        if not self.fill_defaults or year in self._years_with_terms or year in self._default_years:
            return
        self._default_years.add(year)
        self.terms = sorted([*self.terms, *default_terms(year)], key=lambda t: t.start)
        self._starts = [t.start for t in self.terms]

    def uses_defaults_for(self, day: date) -> bool:
        """True when ``day``'s school year has no term dates entered (typical dates stand in)."""
        return school_year_start(day).year not in self._years_with_terms

    def bank_holiday(self, day: date) -> str | None:
        holidays = self._bank_holidays.get(day.year)
        if holidays is None:
            holidays = self._bank_holidays[day.year] = england_bank_holidays(day.year)
        return holidays.get(day)

    def term_of(self, day: date) -> Term | None:
        self._ensure_year(day)
        i = bisect_right(self._starts, day) - 1
        return self.terms[i] if i >= 0 and day <= self.terms[i].end else None

    def why_closed(self, day: date) -> str | None:
        """Why ``day`` is not a school day, or None when it is one."""
        if day.weekday() >= 5:
            return "weekend"
        if day in self.closures:
            return self.closures[day] or "closure"
        holiday = self.bank_holiday(day)
        if holiday:
            return holiday
        if self.term_of(day) is None:
            return "school holiday"
        return None

    def is_school_day(self, day: date) -> bool:
        return self.why_closed(day) is None

    def school_day_on_or_after(self, day: date) -> date:
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_school_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError(f"no school day within {MAX_SEARCH_DAYS} days of {day:%d/%m/%Y}: check the term dates")

    def add_school_days(self, day: date, count: int) -> date:
        """The school day ``count`` school days after ``day``; with 0, ``day`` itself if a school day, else the
        next one. Weekends, holidays, bank holidays and closures are skipped."""
        current = self.school_day_on_or_after(day)
        for _ in range(count):
            current = self.school_day_on_or_after(current + timedelta(days=1))
        return current

    def school_days_between(self, first: date, last: date) -> int:
        """School days in [first, last], both inclusive (0 when last < first)."""
        count, day = 0, first
        while day <= last:
            count += self.is_school_day(day)
            day += timedelta(days=1)
        return count
