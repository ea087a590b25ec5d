"""The figures rules as a per-mark loop: the implementation before the compact register (commit 1909002), kept
verbatim as an oracle. Tests check that ``FiguresCalculator.figures_from_register`` (now the one implementation)
gives exactly these figures on random registers and on the demo school."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.codes import Category, UnknownCodeError
from attendance_desk.domain.metrics import (
    FiguresCalculator,
    PupilFigures,
    _longest_consecutive_run,
    half,
    percent,
)

_PRESENT = Category.PRESENT
_AEA = Category.AEA
_AUTH = Category.AUTHORISED
_UNAUTH = Category.UNAUTHORISED
_NOT_POSSIBLE = Category.NOT_POSSIBLE


def reference_figures(
    self: FiguresCalculator, rows: Iterable[tuple[object, object, str, str]], period: DateRange, minutes_late: int = 0
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
