"""Every attendance figure, defined once (the definitions: ``docs/metrics.md``).

The screen, the letters, the reports, the certificate and the CLI all call :class:`FiguresCalculator`, so they
can never disagree. It works on plain ``(date, session, code)`` tuples sorted by date, which the store can stream
straight from a query without building objects per mark.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

from attendance_desk.domain.calendar import DateRange, SchoolCalendar, week_start
from attendance_desk.domain.codes import CODE_SET_2024_START, Category, CodeBook, UnknownCodeError
from attendance_desk.domain.register import (
    NO_MARK_CHAR,
    Register,
    char_code,
    code_char,
    register_from_marks,
    week_monday,
)
from attendance_desk.domain.thresholds import (
    DEFAULT_LESSONS_PER_DAY,
    DEFAULT_THRESHOLDS,
    PENALTY_NOTICE_SESSIONS,
    PENALTY_NOTICE_WINDOW_WEEKS,
    Band,
    BandThresholds,
)

MarkTuple = tuple[date, str, str]
"""(date, "AM" | "PM", code): one register mark."""

_TWO_PLACES = Decimal("0.01")
_PRESENT = Category.PRESENT
_AEA = Category.AEA
_AUTH = Category.AUTHORISED
_UNAUTH = Category.UNAUTHORISED
_NOT_POSSIBLE = Category.NOT_POSSIBLE
# A register's sessions as category letters, so counting is ``str.count`` (see figures_from_register).
_LETTER = {_PRESENT: "P", _AEA: "E", _AUTH: "A", _UNAUTH: "U", _NOT_POSSIBLE: "N"}
_NO_SESSION = " N"  # letters of a day that was not a possible session for the pupil
_POSSIBLE_BITS = str.maketrans("PEAUN ", "111100")
_ABSENT_BITS = str.maketrans("PEAUN ", "001100")
_WEEK_STARTS: dict[int, int] = {}


def _weeks_with(bits: str) -> int:
    """How many 14-character weeks of a ``0``/``1`` string hold a ``1``.

    The string is read as a binary number (character ``p`` is bit ``len - 1 - p``); OR-ing it with itself shifted
    by 1, 2, 4 and 6 leaves, at each week's first character, the OR of that week's 14; a mask keeps only those.
    """
    if "1" not in bits:
        return 0
    length = len(bits)
    starts = _WEEK_STARTS.get(length)
    if starts is None:
        starts = _WEEK_STARTS[length] = sum(1 << (length - 1 - p) for p in range(0, length, 14))
    x = int(bits, 2)
    x |= x << 1
    x |= x << 2
    x |= x << 4
    x |= x << 6
    return (x & starts).bit_count()


class _UnknownAsQuestionMark(dict[int, str]):
    """A ``str.translate`` table: characters it does not name become ``?`` (a code not in that code set)."""

    def __missing__(self, key: int) -> str:
        return "?"


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole × 100`` rounded half-up to two places; ``None`` when ``whole`` is 0."""
    if whole <= 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def half(sessions: int) -> Decimal:
    """Sessions as days (two sessions a day), exact."""
    return Decimal(sessions) / 2


@dataclass(frozen=True, slots=True)
class PupilFigures:
    possible_sessions: int = 0
    present_sessions: int = 0
    aea_sessions: int = 0
    authorised_absence_sessions: int = 0
    unauthorised_absence_sessions: int = 0
    not_possible_sessions: int = 0
    attendance_percent: Decimal | None = None
    absence_percent: Decimal | None = None
    authorised_percent: Decimal | None = None
    unauthorised_percent: Decimal | None = None
    late_before_close: int = 0
    late_after_close: int = 0
    minutes_late: int = 0
    school_weeks: int = 0
    broken_weeks: int = 0
    band: Band | None = None
    unauthorised_last_10_school_weeks: int = 0
    pn_threshold_met_on: date | None = None
    longest_unauthorised_run_days: int = 0
    illness_days: Decimal = Decimal(0)
    days_missed: Decimal = Decimal(0)
    lessons_missed: Decimal = Decimal(0)
    codes: dict[str, int] = field(default_factory=dict)

    @property
    def absence_sessions(self) -> int:
        return self.authorised_absence_sessions + self.unauthorised_absence_sessions

    def as_json(self) -> dict[str, object]:
        """Plain JSON-ready values: decimals as numbers, dates as ISO strings, the band as its name.

        Field by field rather than through ``dataclasses.asdict`` (which deep-copies): a whole school's report
        calls this once per pupil."""
        out: dict[str, object] = {}
        for key in _FIELD_NAMES:
            value = getattr(self, key)
            if isinstance(value, Decimal):
                out[key] = float(value) if value != value.to_integral() else int(value)
            elif isinstance(value, date):
                out[key] = value.isoformat()
            elif isinstance(value, Band):
                out[key] = value.value
            elif isinstance(value, dict):
                out[key] = dict(value)
            else:
                out[key] = value
        for key in ("attendance_percent", "absence_percent", "authorised_percent", "unauthorised_percent"):
            value = getattr(self, key)
            out[key] = None if value is None else float(value)
        return out


_FIELD_NAMES = tuple(f.name for f in fields(PupilFigures))


@dataclass(frozen=True, slots=True)
class HeadlineFigures:
    """The few figures a whole-school list shows, the same values as those fields of :class:`PupilFigures`."""

    attendance_percent: Decimal | None
    band: Band | None
    possible_sessions: int
    unauthorised_absence_sessions: int
    not_possible_sessions: int


class FiguresCalculator:
    """Computes :class:`PupilFigures` for any pupil and date range against one school calendar."""

    def __init__(
        self,
        calendar: SchoolCalendar,
        codebook: CodeBook,
        thresholds: BandThresholds = DEFAULT_THRESHOLDS,
        lessons_per_day: int = DEFAULT_LESSONS_PER_DAY,
    ) -> None:
        self.calendar = calendar
        self.codebook = codebook
        self.thresholds = thresholds
        self.lessons_per_day = lessons_per_day
        self._date_info: dict[object, tuple[date, date, dict[str, Category]]] = {}
        self._window_start: dict[date, date] = {}
        self._translations: dict[int, dict[int, str]] = {}

    def lookback_start(self, period: DateRange) -> date:
        """The earliest date whose marks can change figures for ``period`` (the 10-in-10 window looks back)."""
        first = self.calendar.first_school_day_on_or_after(period.start)
        if first is None or first > period.end:
            return period.start
        return min(period.start, self.calendar.window_start(first, PENALTY_NOTICE_WINDOW_WEEKS))

    def _info(self, key: object) -> tuple[date, date, dict[str, Category]]:
        """(date, Monday of its week, code → category) for a date or its ISO text, computed once per date."""
        info = self._date_info.get(key)
        if info is None:
            day = key if isinstance(key, date) else date.fromisoformat(str(key))
            info = (day, week_start(day), self.codebook.categories_for(day))
            self._date_info[key] = info
        return info

    def _window(self, day: date) -> date:
        start = self._window_start.get(day)
        if start is None:
            start = self.calendar.window_start(day, PENALTY_NOTICE_WINDOW_WEEKS)
            self._window_start[day] = start
        return start

    def figures(self, marks: Iterable[MarkTuple], period: DateRange) -> PupilFigures:
        """Figures for one pupil's marks over ``period``.

        ``marks`` must be sorted by date; marks before ``period.start`` are used only for the 10-in-10 window,
        marks after ``period.end`` are ignored. A code unknown for its date raises :class:`UnknownCodeError`.
        """
        return self.figures_from_rows(((None, d, s, c) for d, s, c in marks), period)

    def figures_from_rows(
        self, rows: Iterable[tuple[object, object, str, str]], period: DateRange, minutes_late: int = 0
    ) -> PupilFigures:
        """As :meth:`figures`, for ``(anything, date or ISO date text, session, code)`` rows of one pupil.

        ``minutes_late`` is the total recorded against the pupil's ``L`` and ``U`` marks in the period (the
        register holds it beside the code; the store sums it). The rows become a :class:`Register` and are
        counted by :meth:`figures_from_register`, the one implementation of the rules.
        """
        marks: list[MarkTuple] = []
        for _pupil, key, session, code in rows:
            day, _week, categories = self._info(key)
            if day > period.end:
                break
            if code not in categories:
                raise UnknownCodeError(code, day, self.codebook.code_set_for(day).name)
            marks.append((day, session, code))
        register = register_from_marks(marks) or Register(week_monday(period.start), "")
        return self.figures_from_register(register, period, minutes_late)

    def _translation(self, day: date) -> dict[int, str]:
        """Register character → category letter for the code set in force on ``day`` (``?``: not in that set)."""
        categories = self.codebook.categories_for(day)
        table = self._translations.get(id(categories))
        if table is None:
            table = _UnknownAsQuestionMark({ord(NO_MARK_CHAR): NO_MARK_CHAR})
            for code, category in categories.items():
                char = code_char(code)
                if char is not None:
                    table[ord(char)] = _LETTER[category]
            self._translations[id(categories)] = table
        return table

    def _categories(self, register: Register, lo: int, hi: int) -> str:
        """The category letters of ``register.codes[lo:hi]``, each character read in its own date's code set."""
        codes = register.codes
        switch = register.position(CODE_SET_2024_START)
        if switch <= lo or switch >= hi:
            return codes[lo:hi].translate(self._translation(register.day_at(lo)))
        before = codes[lo:switch].translate(self._translation(register.day_at(lo)))
        return before + codes[switch:hi].translate(self._translation(CODE_SET_2024_START))

    def headline_from_register(
        self, register: Register, period: DateRange, since: date | None = None
    ) -> HeadlineFigures:
        """:meth:`figures_from_register`'s counts, percentage and band alone, without the week, 10-in-10 and run
        figures: a quarter of the work, for lists of every pupil. The same characters are read (from ``since``), so
        a code unknown for its date raises here too."""
        codes = register.codes
        lo = max(0, register.position(since)) if since is not None else 0
        hi = max(lo, min(len(codes), register.position(period.end) + 2))
        start = min(max(lo, register.position(period.start)), hi)
        categories = self._categories(register, lo, hi)
        unknown = categories.find("?")
        if unknown >= 0:
            day = register.day_at(lo + unknown)
            raise UnknownCodeError(char_code(codes[lo + unknown]), day, self.codebook.code_set_for(day).name)
        in_period = categories[start - lo :]
        present, aea = in_period.count("P"), in_period.count("E")
        authorised, unauthorised = in_period.count("A"), in_period.count("U")
        possible = present + aea + authorised + unauthorised
        return HeadlineFigures(
            attendance_percent=percent(present + aea, possible),
            band=self.thresholds.band_for(authorised + unauthorised, possible),
            possible_sessions=possible,
            unauthorised_absence_sessions=unauthorised,
            not_possible_sessions=in_period.count("N"),
        )

    def figures_from_register(
        self, register: Register, period: DateRange, minutes_late: int = 0, since: date | None = None
    ) -> PupilFigures:
        """Figures for one pupil's register over ``period``: the rules, counted with string operations.

        Marks before ``period.start`` (from ``since`` on, when given) count only for the 10-in-10 window; marks
        after ``period.end`` are ignored. A code unknown for its date raises :class:`UnknownCodeError`.
        """
        codes = register.codes
        lo = max(0, register.position(since)) if since is not None else 0
        hi = max(lo, min(len(codes), register.position(period.end) + 2))
        start = min(max(lo, register.position(period.start)), hi)  # the period's first character
        categories = self._categories(register, lo, hi)
        unknown = categories.find("?")
        if unknown >= 0:
            day = register.day_at(lo + unknown)
            code = char_code(codes[lo + unknown])
            raise UnknownCodeError(code, day, self.codebook.code_set_for(day).name)
        in_period = categories[start - lo :]
        marked = codes[start:hi]
        # A handful of distinct codes: one C-level count each beats a Counter stepping through every character.
        code_counts = {char_code(char): marked.count(char) for char in set(marked) if char != NO_MARK_CHAR}

        school_weeks = broken_weeks = 0
        if in_period.strip(_NO_SESSION):
            # The period from its first week's Monday (14 characters a week): weeks with a possible session, and
            # weeks with an absence, counted as bits so no Python step is taken per week.
            aligned = NO_MARK_CHAR * (start % 14) + in_period
            school_weeks = _weeks_with(aligned.translate(_POSSIBLE_BITS))
            if "A" in in_period or "U" in in_period:
                broken_weeks = _weeks_with(aligned.translate(_ABSENT_BITS))

        # Days with unauthorised sessions (the look-back included), and the school days of the period on which
        # every mark was unauthorised.
        unauth_days: list[date] = []
        unauth_per_day: list[int] = []
        all_unauth_day_indexes: list[int] = []
        first_ordinal = register.first_day.toordinal()
        last_day_offset = -1
        at = categories.find("U")
        while at >= 0:
            offset = (lo + at) // 2
            if offset == last_day_offset:
                unauth_per_day[-1] += 1
            else:
                last_day_offset = offset
                day = date.fromordinal(first_ordinal + offset)
                unauth_days.append(day)
                unauth_per_day.append(1)
                pair = 2 * offset - lo
                if 2 * offset >= start and not categories[pair : pair + 2].strip("U "):
                    index = self.calendar.day_index.get(day)
                    if index is not None:
                        all_unauth_day_indexes.append(index)
            at = categories.find("U", at + 1)

        present, aea = in_period.count("P"), in_period.count("E")
        authorised, unauthorised = in_period.count("A"), in_period.count("U")
        possible = present + aea + authorised + unauthorised
        absent = authorised + unauthorised
        last_10, met_on = self._penalty_notice_window(unauth_days, unauth_per_day, period)
        days_missed = half(absent)
        return PupilFigures(
            possible_sessions=possible,
            present_sessions=present,
            aea_sessions=aea,
            authorised_absence_sessions=authorised,
            unauthorised_absence_sessions=unauthorised,
            not_possible_sessions=in_period.count("N"),
            attendance_percent=percent(present + aea, possible),
            absence_percent=percent(absent, possible),
            authorised_percent=percent(authorised, possible),
            unauthorised_percent=percent(unauthorised, possible),
            late_before_close=code_counts.get("L", 0),
            late_after_close=code_counts.get("U", 0),
            minutes_late=minutes_late,
            school_weeks=school_weeks,
            broken_weeks=broken_weeks,
            band=self.thresholds.band_for(absent, possible),
            unauthorised_last_10_school_weeks=last_10,
            pn_threshold_met_on=met_on,
            longest_unauthorised_run_days=_longest_consecutive_run(all_unauth_day_indexes),
            illness_days=half(code_counts.get("I", 0)),
            days_missed=days_missed,
            lessons_missed=days_missed * self.lessons_per_day,
            codes=dict(sorted(code_counts.items())),
        )

    def _penalty_notice_window(
        self, unauth_days: Sequence[date], unauth_per_day: Sequence[int], period: DateRange
    ) -> tuple[int, date | None]:
        """(unauthorised sessions in the 10 school weeks to the last school day ≤ end, first day the 10-in-10
        threshold is met within the period)."""
        if not unauth_days:
            return 0, None
        cumulative = [0, *accumulate(unauth_per_day)]

        def count_on(day: date) -> int:
            lo = bisect_left(unauth_days, self._window(day))
            hi = bisect_right(unauth_days, day)
            return cumulative[hi] - cumulative[lo]

        last_day = self.calendar.last_school_day_on_or_before(period.end)
        last_10 = count_on(last_day) if last_day is not None else 0

        met_on: date | None = None
        if cumulative[-1] >= PENALTY_NOTICE_SESSIONS:
            # The count only rises on a day with unauthorised sessions, so the first day it reaches the
            # threshold is the period's first school day or one of those days.
            first = self.calendar.first_school_day_on_or_after(period.start)
            candidates = [] if first is None or first > period.end else [first]
            lo = bisect_left(unauth_days, period.start)
            hi = bisect_right(unauth_days, period.end)
            candidates.extend(unauth_days[lo:hi])
            for day in candidates:
                if count_on(day) >= PENALTY_NOTICE_SESSIONS:
                    met_on = day
                    break
        return last_10, met_on


def _longest_consecutive_run(sorted_indexes: Sequence[int]) -> int:
    best = run = 0
    previous = None
    for index in sorted_indexes:
        run = run + 1 if previous is not None and index == previous + 1 else 1
        best = max(best, run)
        previous = index
    return best
