"""Cohorts against the rest of the school and the nation, the weekly trend against last year, and the
improvement target with its forecast and the plain reasons the school's own figure differs from the DfE's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.domain.metrics import PupilFigures, percent
from attendance_desk.domain.reports.cohorts import CohortComparison, compare_cohorts, group_label
from attendance_desk.domain.reports.trend import (
    Forecast,
    WeekFigures,
    cumulative,
    forecast_year_end,
    match_last_year,
    on_track,
    weekly_figures,
)
from attendance_desk.domain.school_age import compulsory_school_age_start
from attendance_desk.domain.text import plural
from attendance_desk.services.access import require
from attendance_desk.services.calling.settings import planned_calendar_from_session
from attendance_desk.services.figures import (
    calculator_for,
    figures_for_school,
    figures_for_school_periods,
    school_code_counts,
)
from attendance_desk.services.reports.common import PupilInfo, dfe_windows, dfe_year_to_date, pupil_info
from attendance_desk.services.reports.lists import ReportList
from attendance_desk.services.reports.national import NationalFigures, national_figures
from attendance_desk.services.reports.settings import ReportOptions, options_in, school_phase
from attendance_desk.store.engine import Store


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- cohorts ----------------------------------------------------------------------------------------------------

COHORT_KEYS = (
    "group",
    "label",
    "pupils",
    "attendance_percent",
    "persistent_percent",
    "severe_percent",
    "rest_pupils",
    "rest_attendance_percent",
    "rest_persistent_percent",
    "rest_severe_percent",
    "attendance_gap",
    "persistent_gap",
    "severe_gap",
    "national_attendance_percent",
    "national_persistent_percent",
    "national_period",
)


def _national_for(group: str, national: NationalFigures) -> tuple[float | None, float | None, str | None]:
    if group == "all":
        attendance, persistent = national.attendance, national.persistent
        period = attendance.period if attendance else None
        return _f(attendance.value if attendance else None), _f(persistent.value if persistent else None), period
    if group == "fsm" and national.fsm_attendance:
        return float(national.fsm_attendance.value), None, national.fsm_attendance.period
    return None, None, None


def _uk(iso: str) -> str:
    """A date kept as ISO text, as the office reads it (the text itself when it is not a date)."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def cohort_record(comparison: CohortComparison, national: NationalFigures) -> dict[str, object]:
    mine, rest = comparison.tally, comparison.rest
    nat_attendance, nat_persistent, nat_period = _national_for(comparison.group, national)
    is_all = comparison.group == "all"
    return {
        "group": comparison.group,
        "label": group_label(comparison.group),
        "pupils": mine.pupils,
        "attendance_percent": _f(mine.attendance_percent),
        "persistent_percent": _f(mine.persistent_percent),
        "severe_percent": _f(mine.severe_percent),
        "rest_pupils": None if is_all else rest.pupils,
        "rest_attendance_percent": None if is_all else _f(rest.attendance_percent),
        "rest_persistent_percent": None if is_all else _f(rest.persistent_percent),
        "rest_severe_percent": None if is_all else _f(rest.severe_percent),
        "attendance_gap": None if is_all else _f(comparison.gap("attendance_percent")),
        "persistent_gap": None if is_all else _f(comparison.gap("persistent_percent")),
        "severe_gap": None if is_all else _f(comparison.gap("severe_percent")),
        "national_attendance_percent": nat_attendance,
        "national_persistent_percent": nat_persistent,
        "national_period": nat_period,
    }


def cohorts_list(store: Store, actor_id: int | None, period: DateRange) -> ReportList:
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        pupils = pupil_info(session)
        rows = figures_for_school(session, period)
        phase = school_phase(session)
    national = national_figures(phase)
    comparisons = compare_cohorts((pupils[r.pupil_id].groups, r.figures) for r in rows if r.pupil_id in pupils)
    records = [cohort_record(c, national) for c in comparisons]
    return ReportList(
        "cohorts",
        COHORT_KEYS,
        records,
        [None] * len(records),
        f"Pupils with possible sessions from {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}; attendance "
        "session-weighted; persistent 10%+ and severe 50%+ absence (the DfE's thresholds); national figures for "
        f"{phase if national.phase != 'all' else 'all'} schools from the data file dated {_uk(national.file_dated)}.",
        {"phase": phase, "national_file_dated": national.file_dated},
    )


def group_pupil_ids(pupils: dict[int, PupilInfo], group: str) -> list[int]:
    return [pid for pid, info in pupils.items() if group in info.groups]


# --- trend ----------------------------------------------------------------------------------------------------

TREND_KEYS = (
    "week",
    "week_start",
    "group",
    "possible_sessions",
    "attendance_percent",
    "year_to_date_percent",
    "last_year_week_start",
    "last_year_attendance_percent",
    "last_year_to_date_percent",
    "national_attendance_percent",
)


@dataclass(frozen=True)
class Trend:
    group: str
    this_year: list[WeekFigures]
    last_year: list[WeekFigures]
    national: NationalFigures


def trend_in(session: Session, to: date, group: str = "all") -> Trend:
    calculator = calculator_for(session)
    pupil_ids = None
    if group != "all":
        pupil_ids = group_pupil_ids(pupil_info(session), group)
    year = dfe_year_to_date(to)
    last_start = date(year.start.year - 1, 9, 1)
    this_year = weekly_figures(school_code_counts(session, year, pupil_ids), calculator.codebook)
    last_year = weekly_figures(
        school_code_counts(session, DateRange(last_start, year.start - timedelta(days=1)), pupil_ids),
        calculator.codebook,
    )
    return Trend(group, this_year, last_year, national_figures(school_phase(session)))


def trend_list(store: Store, actor_id: int | None, to: date, group: str = "all") -> ReportList:
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        trend = trend_in(session, to, group)
    this_ytd, last_ytd = cumulative(trend.this_year), cumulative(trend.last_year)
    national_figure = {"all": trend.national.attendance, "fsm": trend.national.fsm_attendance}.get(group)
    national = _f(national_figure.value) if national_figure else None
    records = []
    for i, (week, before) in enumerate(
        zip(trend.this_year, match_last_year(trend.this_year, trend.last_year), strict=True)
    ):
        records.append(
            {
                "week": i + 1,
                "week_start": week.week_start.isoformat(),
                "group": group,
                "possible_sessions": week.possible,
                "attendance_percent": _f(week.attendance_percent),
                "year_to_date_percent": _f(this_ytd[i]),
                "last_year_week_start": before.week_start.isoformat() if before else None,
                "last_year_attendance_percent": _f(before.attendance_percent) if before else None,
                "last_year_to_date_percent": _f(last_ytd[i]) if before else None,
                "national_attendance_percent": national,
            }
        )
    return ReportList(
        "trend",
        TREND_KEYS,
        records,
        [None] * len(records),
        f"Weekly attendance ({group_label(group).lower()}) for the school year to {to:%d/%m/%Y}, every pupil on roll "
        "each week; last year's school week of the same number beside it.",
        {"weeks": len(records)},
    )


# --- improvement target ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetStatus:
    options: ReportOptions
    to: date
    this_year: list[WeekFigures]
    year_to_date: list[Decimal | None]
    last_year: list[WeekFigures]
    forecast: Forecast
    verdict: str
    dfe_percent: Decimal | None
    school_percent: Decimal | None
    differences: list[str]  # plain sentences: why the school's own figure differs from the DfE's


def _sum(figures: list[PupilFigures]) -> tuple[int, int]:
    return sum(f.present_sessions + f.aea_sessions for f in figures), sum(f.possible_sessions for f in figures)


def _points(value: Decimal) -> str:
    return f"{abs(value):.2f} point{'s' if abs(value) != 1 else ''} {'higher' if value > 0 else 'lower'}"


def explain_differences(session: Session, to: date) -> tuple[Decimal | None, Decimal | None, list[str]]:
    """(DfE figure, school's own figure, reasons). The school's own figure: pupils on roll on ``to``, all of their
    marks this year. The DfE's: every pupil on roll at any time this year, from admission, leavers to leaving."""
    year = dfe_year_to_date(to)
    pupils = pupil_info(session)
    calculator = calculator_for(session)
    windows = dfe_windows(pupils, year)
    (dfe_rows,) = figures_for_school_periods(session, [year], calculator, windows, look_back=False)
    (raw_rows,) = figures_for_school_periods(session, [year], calculator, look_back=False)
    on_roll = {pid for pid, info in pupils.items() if info.leaving_date is None or info.leaving_date > to}
    dfe = {r.pupil_id: r.figures for r in dfe_rows}
    raw = {r.pupil_id: r.figures for r in raw_rows}
    dfe_att, dfe_pos = _sum(list(dfe.values()))
    own_att, own_pos = _sum([f for pid, f in raw.items() if pid in on_roll])
    dfe_percent, own_percent = percent(dfe_att, dfe_pos), percent(own_att, own_pos)
    reasons: list[str] = []
    if dfe_percent is None or own_percent is None:
        return dfe_percent, own_percent, ["No register marks this year yet."]
    leavers = [pid for pid in dfe if pid not in on_roll]
    if leavers:
        l_att, l_pos = _sum([dfe[pid] for pid in leavers])
        without = percent(dfe_att - l_att, dfe_pos - l_pos)
        if without is not None:
            effect = dfe_percent - without
            reasons.append(
                f"Off-roll pupils: the DfE counts {plural(len(leavers), 'pupil')} who have left this year, up to their "
                f"leaving date (their attendance {percent(l_att, l_pos) or 0}%); the school's own figure leaves "
                f"them out. That makes the DfE's figure {_points(effect)}."
                if effect
                else f"Off-roll pupils: the DfE counts {plural(len(leavers), 'leaver')} up to their leaving date; it "
                "makes no "
                "difference to two places."
            )
    outside = [
        pid for pid in on_roll if pid in raw and pid in dfe and raw[pid].possible_sessions != dfe[pid].possible_sessions
    ]
    if outside:
        extra = sum(raw[pid].possible_sessions - dfe[pid].possible_sessions for pid in outside)
        reasons.append(
            f"Admission dates: {plural(len(outside), 'pupil')} {'has' if len(outside) == 1 else 'have'} "
            f"{plural(extra, 'session')} in the register before their admission "
            "date (or after leaving), which the DfE does not count; check their dates in the MIS."
        )
    young = [
        pid for pid in on_roll if pid in raw and compulsory_school_age_start(pupils[pid].date_of_birth) > year.start
    ]
    if young:
        reasons.append(
            f"Sessions counted: {plural(len(young), 'pupil')} {'was' if len(young) == 1 else 'were'} below "
            "compulsory school age on 1 September; national "
            "statistics leave such pupils out of their headline rates, while the school's figures and the DfE's "
            "tool include them."
        )
    if dfe_percent != own_percent and not reasons:
        reasons.append("The two figures count the same pupils; the difference comes from rounding.")
    if dfe_percent == own_percent:
        reasons.insert(0, "The school's own figure and the DfE's basis agree.")
    return dfe_percent, own_percent, reasons


def _remaining_weeks(session: Session, after: date) -> list[tuple[date, int]]:
    """(Monday, planned school days) for each week after ``after`` to the end of the school year."""
    planned = planned_calendar_from_session(session)
    year_end = date(school_year_start(after).year + 1, 8, 31)
    monday = after - timedelta(days=after.weekday()) + timedelta(days=7)
    out = []
    while monday <= year_end:
        days = sum(planned.is_school_day(monday + timedelta(days=i)) for i in range(5))
        if days:
            out.append((monday, days))
        monday += timedelta(days=7)
    return out


def target_status(store: Store, actor_id: int | None, to: date) -> TargetStatus:
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        options = options_in(session)
        trend = trend_in(session, to)
        remaining = _remaining_weeks(session, to)
        dfe_percent, own_percent, reasons = explain_differences(session, to)
    forecast = forecast_year_end(trend.this_year, trend.last_year, remaining)
    verdict = on_track(forecast.year_end_percent, options.target_percent, options.target_measure)
    return TargetStatus(
        options,
        to,
        trend.this_year,
        cumulative(trend.this_year),
        trend.last_year,
        forecast,
        verdict,
        dfe_percent,
        own_percent,
        reasons,
    )
