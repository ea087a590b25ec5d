"""Weekly attendance for a school or a group, and the improvement-target forecast to the end of the year.

Weekly figures are session-weighted sums of the register's marks, counted with the same code categories as every
other figure (:mod:`attendance_desk.domain.codes`): attended = present + approved educational activity, possible =
every mark that is not "not possible".

The forecast (rule in ``docs/reports.md``): each remaining school week is expected to run at the same week's rate
last year, moved by how far this year has run above or below last year over the last six weeks both have; with no
last year to go on, at the mean of this year's last six weeks. Its possible sessions are this year's average week,
scaled by the week's planned school days. The forecast year-end figure is the year to date plus those weeks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from attendance_desk.domain.calendar import week_start
from attendance_desk.domain.codes import Category, CodeBook
from attendance_desk.domain.metrics import percent
from attendance_desk.domain.text import plural

RECENT_WEEKS = 6
_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class WeekFigures:
    week_start: date
    possible: int
    attended: int
    school_days: int

    @property
    def attendance_percent(self) -> Decimal | None:
        return percent(self.attended, self.possible)


def weekly_figures(counts: Iterable[tuple[date, str, int]], codebook: CodeBook) -> list[WeekFigures]:
    """``(date, code, number of marks)`` rows → one :class:`WeekFigures` per week with possible sessions."""
    possible: dict[date, int] = {}
    attended: dict[date, int] = {}
    days: dict[date, set[date]] = {}
    for day, code, number in counts:
        category = codebook.category(code, day)
        if category is Category.NOT_POSSIBLE:
            continue
        monday = week_start(day)
        possible[monday] = possible.get(monday, 0) + number
        days.setdefault(monday, set()).add(day)
        if category in (Category.PRESENT, Category.AEA):
            attended[monday] = attended.get(monday, 0) + number
    return [WeekFigures(w, possible[w], attended.get(w, 0), len(days[w])) for w in sorted(possible)]


def cumulative(weeks: Sequence[WeekFigures]) -> list[Decimal | None]:
    """The year-to-date attendance at the end of each week."""
    out: list[Decimal | None] = []
    possible = attended = 0
    for week in weeks:
        possible += week.possible
        attended += week.attended
        out.append(percent(attended, possible))
    return out


def match_last_year(this_year: Sequence[WeekFigures], last_year: Sequence[WeekFigures]) -> list[WeekFigures | None]:
    """Last year's school week of the same number (the first school week with the first), for each week."""
    return [last_year[i] if i < len(last_year) else None for i in range(len(this_year))]


@dataclass(frozen=True, slots=True)
class ForecastWeek:
    week_start: date
    attendance_percent: Decimal  # the week's expected rate
    year_to_date_percent: Decimal  # the year to date at the end of the week, with the forecast weeks added


@dataclass(frozen=True, slots=True)
class Forecast:
    weeks: tuple[ForecastWeek, ...]
    year_end_percent: Decimal | None
    method: str  # plain words: how the forecast was made


def forecast_year_end(
    this_year: Sequence[WeekFigures],
    last_year: Sequence[WeekFigures],
    remaining_weeks: Sequence[tuple[date, int]],
) -> Forecast:
    """Forecast the year to date to the end of the year. ``remaining_weeks`` are (Monday, planned school days)."""
    if not this_year:
        return Forecast((), None, "No register marks this year yet: nothing to forecast from.")
    full = [w for w in this_year if w.possible]
    average_per_day = Decimal(sum(w.possible for w in full)) / max(sum(w.school_days for w in full), 1)
    offset_pairs = [
        (mine.attendance_percent, theirs.attendance_percent)
        for mine, theirs in zip(this_year, match_last_year(this_year, last_year), strict=True)
        if theirs is not None and mine.attendance_percent is not None and theirs.attendance_percent is not None
    ][-RECENT_WEEKS:]
    recent = [w.attendance_percent for w in this_year if w.attendance_percent is not None][-RECENT_WEEKS:]
    flat = sum(recent, Decimal(0)) / len(recent) if recent else Decimal(0)
    offset = sum((a - b for a, b in offset_pairs), Decimal(0)) / len(offset_pairs) if offset_pairs else Decimal(0)
    if offset_pairs:
        method = (
            f"Each week to come at last year's rate for the same school week, {_signed(offset)} points "
            f"(this year against last over the last {plural(len(offset_pairs), 'week')}); weeks last year did not have "
            f"at {flat:.2f}%, the mean of this year's last {plural(len(recent), 'week')}."
        )
    else:
        method = f"Each week to come at {flat:.2f}%, the mean of this year's last {plural(len(recent), 'week')}."
    possible = Decimal(sum(w.possible for w in this_year))
    attended = Decimal(sum(w.attended for w in this_year))
    so_far = percent(int(attended), int(possible))
    out: list[ForecastWeek] = []
    for i, (monday, school_days) in enumerate(remaining_weeks):
        index = len(this_year) + i
        base = last_year[index].attendance_percent if offset_pairs and index < len(last_year) else None
        rate = base + offset if base is not None else flat
        rate = min(max(rate, Decimal(0)), Decimal(100))
        week_possible = average_per_day * school_days
        possible += week_possible
        attended += week_possible * rate / 100
        ytd = (attended / possible * 100).quantize(_TWO_PLACES) if possible else Decimal(0)
        out.append(ForecastWeek(monday, rate.quantize(_TWO_PLACES), ytd))
    year_end = out[-1].year_to_date_percent if out else so_far
    return Forecast(tuple(out), year_end, method)


def _signed(value: Decimal) -> str:
    return f"+{value:.2f}" if value >= 0 else f"{value:.2f}"


def on_track(year_end: Decimal | None, target: Decimal | None, measure: str) -> str:
    """Plain words comparing the forecast with the target. ``measure``: ``attendance`` or ``absence``."""
    if year_end is None or target is None:
        return "No target or no forecast yet."
    if measure == "absence":
        forecast_absence = 100 - year_end
        ok = forecast_absence <= target
        return (
            f"On track: absence forecast {forecast_absence:.2f}% against a target of at most {target:.2f}%."
            if ok
            else f"Not on track: absence forecast {forecast_absence:.2f}% against a target of at most {target:.2f}%."
        )
    ok = year_end >= target
    word = "On track" if ok else "Not on track"
    return f"{word}: attendance forecast {year_end:.2f}% against a target of {target:.2f}%."
