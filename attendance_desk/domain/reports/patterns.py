"""Day-of-week and spell patterns in a pupil's absence, and the plain-words flag (rule in ``docs/reports.md``).

* ``absence_by_weekday``: absence sessions (authorised or unauthorised) on each weekday, Monday to Friday.
* A **spell** is a run of consecutive school days on each of which the pupil missed at least one session;
  weekends and holidays do not end a spell, a school day without absence does.
* A weekday **stands out** when the pupil has at least 4 absence sessions on it and its share of their absence
  is at least twice its share of the school days in the period (a fifth in an ordinary week). The rule only
  looks at pupils with at least 6 absence sessions: fewer cannot show a pattern.
* The pupil **comes in spells** when they have at least 3 spells of 3 or more school days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from attendance_desk.domain.calendar import SchoolCalendar
from attendance_desk.domain.codes import Category, CodeBook
from attendance_desk.domain.metrics import MarkTuple

WEEKDAY_KEYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
WEEKDAY_PLURALS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays")
MIN_ABSENCE_SESSIONS = 6
MIN_DAY_SESSIONS = 4
STANDS_OUT_RATIO = 2
SPELL_MIN_DAYS = 3
SPELLS_FOR_FLAG = 3
_ABSENT = (Category.AUTHORISED, Category.UNAUTHORISED)


@dataclass(frozen=True, slots=True)
class AbsencePattern:
    absence_sessions: int
    absence_by_weekday: dict[str, int]
    spells: tuple[tuple[date, date, int], ...]  # (first day, last day, school days)
    standout_days: tuple[str, ...]  # weekday keys
    in_spells: bool

    @property
    def longest_spell_days(self) -> int:
        return max((length for _f, _l, length in self.spells), default=0)

    @property
    def flag(self) -> str:
        """Plain words, e.g. "Mondays and Fridays", "in spells", "Mondays; in spells", or ""."""
        parts = []
        if self.standout_days:
            names = [WEEKDAY_PLURALS[WEEKDAY_KEYS.index(key)] for key in self.standout_days]
            parts.append(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
        if self.in_spells:
            parts.append("in spells")
        return "; ".join(parts)


def school_days_by_weekday(school_days: Sequence[date]) -> list[int]:
    counts = [0] * 5
    for day in school_days:
        if day.weekday() < 5:
            counts[day.weekday()] += 1
    return counts


def absence_pattern(
    marks: Iterable[MarkTuple], calendar: SchoolCalendar, codebook: CodeBook, weekday_days: Sequence[int]
) -> AbsencePattern:
    """The pattern in one pupil's ``marks`` (sorted by date; only absence marks matter, others may be left out).

    ``weekday_days`` is the number of school days on each weekday in the period (:func:`school_days_by_weekday`).
    """
    by_weekday = [0] * 5
    absent_days: list[date] = []
    total = 0
    for day, _session, code in marks:
        if codebook.category(code, day) not in _ABSENT:
            continue
        total += 1
        if day.weekday() < 5:
            by_weekday[day.weekday()] += 1
        if not absent_days or absent_days[-1] != day:
            absent_days.append(day)

    spells: list[tuple[date, date, int]] = []
    first = last = None
    length = 0
    previous: int | None = None
    for day in absent_days:
        index = calendar.day_index.get(day)
        if index is None:
            continue
        if previous is not None and index == previous + 1 and first is not None:
            last, length = day, length + 1
        else:
            if first is not None and last is not None:
                spells.append((first, last, length))
            first, last, length = day, day, 1
        previous = index
    if first is not None and last is not None:
        spells.append((first, last, length))

    standout: list[str] = []
    all_days = sum(weekday_days)
    if total >= MIN_ABSENCE_SESSIONS and all_days:
        for i, sessions in enumerate(by_weekday):
            # share of absence ≥ ratio × share of school days, in integers: sessions/total ≥ r × days/all_days
            if sessions >= MIN_DAY_SESSIONS and sessions * all_days >= STANDS_OUT_RATIO * weekday_days[i] * total:
                standout.append(WEEKDAY_KEYS[i])
    long_spells = sum(1 for _f, _l, n in spells if n >= SPELL_MIN_DAYS)
    return AbsencePattern(
        absence_sessions=total,
        absence_by_weekday=dict(zip(WEEKDAY_KEYS, by_weekday, strict=True)),
        spells=tuple(spells),
        standout_days=tuple(standout),
        in_spells=long_spells >= SPELLS_FOR_FLAG,
    )
