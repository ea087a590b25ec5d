"""School days, school weeks and school years.

A school day is a date on which the school met: at least one mark that day, for any pupil, other than ``#``.
A school week is a Monday-to-Sunday week containing at least one school day, so a run of school weeks can span
a holiday, a term break or the summer. The school year runs 1 September to 31 August.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the range ends ({self.end:%d/%m/%Y}) before it starts ({self.start:%d/%m/%Y})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def week_start(day: date) -> date:
    """The Monday of ``day``'s Monday-to-Sunday week."""
    return day - timedelta(days=day.weekday())


def school_year_start(day: date) -> date:
    """1 September of the school year containing ``day``."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def school_year_range(day: date) -> DateRange:
    start = school_year_start(day)
    return DateRange(start, date(start.year + 1, 8, 31))


def school_year_label(day: date) -> str:
    start = school_year_start(day)
    return f"{start.year}/{(start.year + 1) % 100:02d}"


class SchoolCalendar:
    """The school days the school actually met, derived from the register."""

    def __init__(self, school_days: Iterable[date]) -> None:
        self.days: list[date] = sorted(set(school_days))
        self.day_index: dict[date, int] = {d: i for i, d in enumerate(self.days)}
        self.weeks: list[date] = sorted({week_start(d) for d in self.days})
        self.week_index: dict[date, int] = {w: i for i, w in enumerate(self.weeks)}

    def __bool__(self) -> bool:
        return bool(self.days)

    def is_school_day(self, day: date) -> bool:
        return day in self.day_index

    def last_school_day_on_or_before(self, day: date) -> date | None:
        i = bisect_right(self.days, day)
        return self.days[i - 1] if i else None

    def first_school_day_on_or_after(self, day: date) -> date | None:
        i = bisect_left(self.days, day)
        return self.days[i] if i < len(self.days) else None

    def days_in(self, period: DateRange) -> list[date]:
        lo = bisect_left(self.days, period.start)
        hi = bisect_right(self.days, period.end)
        return self.days[lo:hi]

    def window_start(self, day: date, school_weeks: int = 10) -> date:
        """The first day of the window of ``school_weeks`` school weeks ending with ``day``'s week.

        ``day``'s own week counts as one of them when it is a school week; the window reaches back over holiday
        weeks, which are not school weeks. If the register does not go back far enough, the window starts at
        the earliest school week known.
        """
        monday = week_start(day)
        i = bisect_right(self.weeks, monday) - 1  # index of the last school week starting on or before monday
        if i < 0:
            return monday
        if self.weeks[i] != monday:
            # ``day`` is not in a school week: the window is the school weeks before it, plus its own week.
            return self.weeks[max(0, i - school_weeks + 2)]
        return self.weeks[max(0, i - school_weeks + 1)]

    def add_school_days(self, day: date, count: int) -> date | None:
        """The school day ``count`` school days after ``day`` (``day`` itself need not be a school day)."""
        i = bisect_right(self.days, day) + count - 1
        return self.days[i] if 0 <= i < len(self.days) else None
