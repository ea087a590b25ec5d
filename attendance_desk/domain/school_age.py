"""Compulsory school age in England.

It starts on the first prescribed day (31 December, 31 March or 31 August) on or after the fifth birthday and
ends on the last Friday in June of the school year in which the child turns 16.
"""

from __future__ import annotations

from datetime import date, timedelta


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a non-leap year: the birthday is taken as 1 March
        return date(born.year + years, 3, 1)


def compulsory_school_age_start(born: date) -> date:
    fifth = _birthday(born, 5)
    for candidate in (date(fifth.year, 3, 31), date(fifth.year, 8, 31), date(fifth.year, 12, 31)):
        if candidate >= fifth:
            return candidate
    raise AssertionError("31 December is always on or after any date in its year")


def compulsory_school_age_end(born: date) -> date:
    sixteenth = _birthday(born, 16)
    # The school year in which the child turns 16 ends on 31 August; its June is in the year it ends.
    june_year = sixteenth.year if sixteenth.month < 9 else sixteenth.year + 1
    last = date(june_year, 6, 30)
    return last - timedelta(days=(last.weekday() - 4) % 7)


def is_of_compulsory_school_age(born: date, on: date) -> bool:
    return compulsory_school_age_start(born) <= on <= compulsory_school_age_end(born)
