"""Every attendance figure, defined once (the definitions: ``docs/metrics.md``).

The screen, the letters, the reports, the certificate and the CLI all call :class:`FiguresCalculator`, so they
can never disagree. It works on plain ``(date, session, code)`` tuples sorted by date, which the store can stream
straight from a query without building objects per mark.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

from attendance_desk.domain.calendar import DateRange, SchoolCalendar, week_start
from attendance_desk.domain.codes import Category, CodeBook, UnknownCodeError
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
        """Plain JSON-ready values: decimals as numbers, dates as ISO strings, the band as its name."""
        out: dict[str, object] = {}
        for key, value in asdict(self).items():
            if isinstance(value, Decimal):
                out[key] = float(value) if value != value.to_integral() else int(value)
            elif isinstance(value, date):
                out[key] = value.isoformat()
            elif isinstance(value, Band):
                out[key] = value.value
            else:
                out[key] = value
        for key in ("attendance_percent", "absence_percent", "authorised_percent", "unauthorised_percent"):
            value = getattr(self, key)
            out[key] = None if value is None else float(value)
        return out


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
        register holds it beside the code; the store sums it).

        This is the form a database cursor gives; taking it directly saves building objects per mark, which
        matters for a whole school (half a million marks).
        """
        start, end = period.start, period.end
        counts = {_PRESENT: 0, _AEA: 0, _AUTH: 0, _UNAUTH: 0, _NOT_POSSIBLE: 0}
        codes: Counter[str] = Counter()
        unauth_days: list[date] = []  # dates with unauthorised sessions, lookback included
        unauth_per_day: list[int] = []
        school_weeks: set[date] = set()
        broken_weeks: set[date] = set()
        all_unauth_day_indexes: list[int] = []

        current: date | None = None
        current_key: object = None
        day_possible = day_absent = False
        day_all_unauth = True
        day_unauth = 0
        day_in_range = False
        week = current

        def close_day() -> None:
            if day_unauth:
                unauth_days.append(current)  # type: ignore[arg-type]
                unauth_per_day.append(day_unauth)
            if not day_in_range:
                return
            if day_possible:
                school_weeks.add(week)  # type: ignore[arg-type]
            if day_absent:
                broken_weeks.add(week)  # type: ignore[arg-type]
            if day_all_unauth and day_unauth:
                index = self.calendar.day_index.get(current)  # type: ignore[arg-type]
                if index is not None:
                    all_unauth_day_indexes.append(index)

        for _pupil, key, _session, code in rows:
            if key != current_key:
                day, next_week, categories = self._info(key)
                if current is not None:
                    close_day()  # the previous day, with its own week
                if day > end:
                    current = None
                    break
                current, current_key, week = day, key, next_week
                day_possible = day_absent = False
                day_all_unauth = True
                day_unauth = 0
                day_in_range = day >= start
            category = categories.get(code)
            if category is None:
                raise UnknownCodeError(code, day, self.codebook.code_set_for(day).name)
            if category is _UNAUTH:
                day_unauth += 1
            else:
                day_all_unauth = False
            if not day_in_range:
                continue
            counts[category] += 1
            codes[code] += 1
            if category is not _NOT_POSSIBLE:
                day_possible = True
                if category is _AUTH or category is _UNAUTH:
                    day_absent = True
        if current is not None:
            close_day()

        possible = counts[_PRESENT] + counts[_AEA] + counts[_AUTH] + counts[_UNAUTH]
        attended = counts[_PRESENT] + counts[_AEA]
        absent = counts[_AUTH] + counts[_UNAUTH]
        last_10, met_on = self._penalty_notice_window(unauth_days, unauth_per_day, period)
        days_missed = half(absent)
        return PupilFigures(
            possible_sessions=possible,
            present_sessions=counts[_PRESENT],
            aea_sessions=counts[_AEA],
            authorised_absence_sessions=counts[_AUTH],
            unauthorised_absence_sessions=counts[_UNAUTH],
            not_possible_sessions=counts[_NOT_POSSIBLE],
            attendance_percent=percent(attended, possible),
            absence_percent=percent(absent, possible),
            authorised_percent=percent(counts[_AUTH], possible),
            unauthorised_percent=percent(counts[_UNAUTH], possible),
            late_before_close=codes.get("L", 0),
            late_after_close=codes.get("U", 0),
            minutes_late=minutes_late,
            school_weeks=len(school_weeks),
            broken_weeks=len(broken_weeks),
            band=self.thresholds.band_for(absent, possible),
            unauthorised_last_10_school_weeks=last_10,
            pn_threshold_met_on=met_on,
            longest_unauthorised_run_days=_longest_consecutive_run(all_unauth_day_indexes),
            illness_days=half(codes.get("I", 0)),
            days_missed=days_missed,
            lessons_missed=days_missed * self.lessons_per_day,
            codes=dict(sorted(codes.items())),
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
