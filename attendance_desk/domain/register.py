"""A pupil's register as one string: one character per session, two per calendar day, from a Monday.

This is the compact form the figures are counted from (``FiguresCalculator.figures_from_register``): a year of a
pupil's marks is ~730 characters, so a whole school's figures are a few thousand C-level string operations rather
than a Python step per mark. Character ``2 * days + (0 for AM, 1 for PM)`` holds the session's mark, where ``days``
counts calendar days from ``first_day`` (a Monday, so every school week is a 14-character slice); a space means no
mark. One-letter codes stand for themselves; the 2024 set's two-character codes have fixed stand-ins, which are
stored in the database and so must never change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

NO_MARK_CHAR = " "
SESSION_OFFSET = {"AM": 0, "PM": 1}

# Stored in the database: extend, never change. Digits and lower case are not DfE codes, so never collide.
_MULTI_CHARACTER = {"C1": "c", "C2": "d", "J1": "j", "Y1": "1", "Y2": "2", "Y3": "3", "Y4": "4", "Y5": "5"}
_MULTI_CHARACTER |= {"Y6": "6", "Y7": "7"}
_RESERVED = frozenset(_MULTI_CHARACTER.values()) | {NO_MARK_CHAR}
_DECODE = {char: code for code, char in _MULTI_CHARACTER.items()}


def code_char(code: str) -> str | None:
    """The register character for ``code``, or None when it has none (not a code a register can hold)."""
    if len(code) == 1:
        return None if code in _RESERVED else code
    return _MULTI_CHARACTER.get(code)


def char_code(char: str) -> str:
    """The attendance code a register character stands for."""
    return _DECODE.get(char, char)


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class Register:
    """One pupil's marks: ``codes[2 * (day - first_day).days + session]`` (see the module's docstring)."""

    first_day: date
    codes: str

    def position(self, day: date) -> int:
        """The index of ``day``'s morning session (may be negative or past the end)."""
        return 2 * (day - self.first_day).days

    def day_at(self, position: int) -> date:
        return self.first_day + timedelta(days=position // 2)

    def marks(self) -> list[tuple[date, str, str]]:
        """The ``(date, session, code)`` marks, sorted by date and session."""
        return [
            (self.day_at(i), "PM" if i & 1 else "AM", char_code(char))
            for i, char in enumerate(self.codes)
            if char != NO_MARK_CHAR
        ]


class UnencodableCodeError(ValueError):
    """A code with no register character (never a valid attendance code)."""

    def __init__(self, code: str, on: date) -> None:
        super().__init__(f"'{code}' cannot be held in a register")
        self.code = code
        self.on = on


def register_from_marks(marks: Iterable[tuple[date, str, str]]) -> Register | None:
    """Build a register from ``(date, "AM"|"PM", code)`` marks in any order (None when there are none).

    A later mark for the same session replaces an earlier one. Raises :class:`UnencodableCodeError` for a code
    no register can hold.
    """
    cells: dict[tuple[int, int], str] = {}
    for day, session, code in marks:
        char = code_char(code)
        if char is None:
            raise UnencodableCodeError(code, day)
        cells[(day.toordinal(), SESSION_OFFSET.get(session, 0))] = char
    if not cells:
        return None
    first = week_monday(date.fromordinal(min(cells)[0]))
    base = first.toordinal()
    chars = [NO_MARK_CHAR] * (2 * (max(cells)[0] - base + 1))
    for (ordinal, session_offset), char in cells.items():
        chars[2 * (ordinal - base) + session_offset] = char
    return Register(first, "".join(chars).rstrip(NO_MARK_CHAR))
