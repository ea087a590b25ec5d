"""Dates as MIS exports write them, parsed once per distinct text.

A year of marks holds a few hundred distinct dates in half a million rows, so every parser here keeps a cache
keyed on the raw text: the second time a text is seen costs one dictionary lookup. Day-first always (England):
``02/09/2024`` is 2 September.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# re.ASCII: only the digits 0-9 are digits here ("²", "①" or Arabic-Indic digits are not a date).
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?$", re.ASCII)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: [\d:.]+)?$", re.ASCII)
_NAMED_MONTH = re.compile(r"^(?:[A-Za-z]+,? )?(\d{1,2})(?:st|nd|rd|th)?[\- ]([A-Za-z]+)[\- ,]+(\d{2}|\d{4})$", re.ASCII)
ACCEPTED_FORMS = "YYYY-MM-DD, DD/MM/YYYY, DD/MM/YY or 02-Sep-2024"


class DateProblem(ValueError):
    pass


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years in school exports are recent: pupils' births and this decade's registers.
        this_year = date.today().year % 100
        year += 2000 if year <= this_year + 1 else 1900
    return year


def parse_date_text(raw: str) -> date:
    """One date in any accepted form; raises :class:`DateProblem` with the office's wording."""
    text = raw.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _DAY_FIRST.match(text)
        if match:
            day, month, year = int(match[1]), int(match[2]), _full_year(match[3])
        else:
            match = _NAMED_MONTH.match(text)
            if not match or match[2].casefold() not in MONTHS:
                raise DateProblem(f"is not a date (use {ACCEPTED_FORMS})")
            day, month, year = int(match[1]), MONTHS[match[2].casefold()], _full_year(match[3])
    try:
        return date(year, month, day)
    except ValueError:
        raise DateProblem("is not a real calendar date") from None


class DateCache:
    """Raw text → date, remembered. Also gives the ISO text, the form the database stores."""

    def __init__(self) -> None:
        self._dates: dict[str, date] = {}
        self._iso: dict[str, str] = {}

    def __call__(self, raw: str) -> date:
        value = self._dates.get(raw)
        if value is None:
            value = parse_date_text(raw)
            self._dates[raw] = value
        return value

    def iso(self, raw: str) -> str:
        """The ``YYYY-MM-DD`` text for ``raw`` (cached; the hot path of a marks import)."""
        value = self._iso.get(raw)
        if value is None:
            value = self(raw).isoformat()
            self._iso[raw] = value
        return value
