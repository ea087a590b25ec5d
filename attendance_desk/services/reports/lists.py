"""The attendance lead's pupil lists: DfE bands with movement, the 10-in-10 threshold, and absence patterns.

Each list is a :class:`ReportList`: JSON-ready records under the keys documented in ``docs/reports.md``, with the
pupil id of each record beside it (for "act on these"), never inside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.codes import Category
from attendance_desk.domain.metrics import MarkTuple, PupilFigures, percent
from attendance_desk.domain.reports.bands import DFE_BANDS, DFE_MIN_POSSIBLE_SESSIONS, dfe_band, movement
from attendance_desk.domain.reports.patterns import absence_pattern, school_days_by_weekday
from attendance_desk.domain.school_age import is_of_compulsory_school_age
from attendance_desk.domain.thresholds import PENALTY_NOTICE_SESSIONS, PENALTY_NOTICE_WINDOW_WEEKS, Band
from attendance_desk.services.access import require
from attendance_desk.services.figures import (
    calculator_for,
    figures_for_school,
    figures_for_school_periods,
    school_marks,
)
from attendance_desk.services.reports.common import codes_in, dfe_windows, dfe_year_to_date, pupil_info
from attendance_desk.store.engine import Store
from attendance_desk.store.models import PenaltyNotice


@dataclass(frozen=True)
class ReportList:
    name: str
    keys: tuple[str, ...]
    records: list[dict[str, Any]]  # JSON-ready values under ``keys``
    pupil_ids: Sequence[int | None]
    basis: str  # one sentence: which pupils, which dates, which rule
    summary: Mapping[str, Any] = field(default_factory=dict)


def _pct(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


# --- bands ------------------------------------------------------------------------------------------------------

BANDS_KEYS = (
    "upn",
    "name",
    "year_group",
    "reg_group",
    "possible_sessions",
    "absence_sessions",
    "absence_percent",
    "attendance_percent",
    "dfe_band",
    "school_band",
    "previous_dfe_band",
    "previous_absence_percent",
    "movement",
    "from_date",
    "to_date",
)


def bands_list(store: Store, actor_id: int | None, to: date) -> ReportList:
    """Every pupil with at least 20 possible sessions, on the DfE basis to ``to``, with last week's band beside it."""
    now = dfe_year_to_date(to)
    week_before = to - timedelta(days=7)
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        calculator = calculator_for(session)
        pupils = pupil_info(session)
        windows = dfe_windows(pupils, now)
        # Bands need session counts only, so the 10-in-10 look-back before 1 September is not read.
        (current,) = figures_for_school_periods(session, [now], calculator, windows, look_back=False)
        # Last week's band: the year to date less the last seven days (one short read, not a second year).
        last_week: dict[int, PupilFigures] = {}
        if week_before >= now.start:
            (recent,) = figures_for_school_periods(
                session, [DateRange(week_before + timedelta(days=1), to)], calculator, windows, look_back=False
            )
            last_week = {row.pupil_id: row.figures for row in recent}
    records: list[dict[str, object]] = []
    ids: list[int | None] = []
    dfe_counts: Counter[str] = Counter()
    school_counts: Counter[str] = Counter()
    moves: Counter[str] = Counter()
    too_few = 0
    for row in current:
        figures = row.figures
        band = dfe_band(figures.absence_sessions, figures.possible_sessions)
        if band is None:
            too_few += 1
            continue
        before: tuple[int, int] | None = None  # (absence, possible) to a week ago
        if week_before >= now.start:
            week = last_week.get(row.pupil_id)
            before = (
                figures.absence_sessions - (week.absence_sessions if week else 0),
                figures.possible_sessions - (week.possible_sessions if week else 0),
            )
        before_band = dfe_band(*before) if before else None
        window = windows.get(row.pupil_id, now)
        record = {
            "upn": row.upn,
            "name": row.name,
            "year_group": row.year_group,
            "reg_group": row.reg_group,
            "possible_sessions": figures.possible_sessions,
            "absence_sessions": figures.absence_sessions,
            "absence_percent": _pct(figures.absence_percent),
            "attendance_percent": _pct(figures.attendance_percent),
            "dfe_band": band,
            "school_band": figures.band.value if figures.band else None,
            "previous_dfe_band": before_band,
            "previous_absence_percent": _pct(percent(*before)) if before else None,
            "movement": movement(before_band, band),
            "from_date": window.start.isoformat(),
            "to_date": window.end.isoformat(),
        }
        records.append(record)
        ids.append(row.pupil_id)
        dfe_counts[band] += 1
        school_counts[record["school_band"] or ""] += 1  # type: ignore[index]
        moves[record["movement"]] += 1  # type: ignore[index]
    order = sorted(range(len(records)), key=lambda i: (-float(records[i]["absence_percent"] or 0), records[i]["name"]))  # type: ignore[arg-type]
    return ReportList(
        "bands",
        BANDS_KEYS,
        [records[i] for i in order],
        [ids[i] for i in order],
        f"DfE basis: {now.start:%d/%m/%Y} to {now.end:%d/%m/%Y}, each pupil from admission (leavers to their "
        f"leaving date), pupils with at least {DFE_MIN_POSSIBLE_SESSIONS} possible sessions; movement against "
        f"{week_before:%d/%m/%Y}.",
        {
            "dfe_bands": {band: dfe_counts.get(band, 0) for band in DFE_BANDS},
            "school_bands": {band.value: school_counts.get(band.value, 0) for band in Band},
            "movement": dict(moves),
            "under_20_possible": too_few,
        },
    )


# --- 10 in 10 --------------------------------------------------------------------------------------------------

THRESHOLD_KEYS = (
    "upn",
    "name",
    "year_group",
    "reg_group",
    "met_on",
    "window_start",
    "unauthorised_last_10_school_weeks",
    "sessions",
    "used_by_notice",
    "compulsory_school_age",
    "met_before_range",
)


def threshold_list(store: Store, actor_id: int | None, period: DateRange) -> ReportList:
    """Pupils who met 10 unauthorised sessions in 10 school weeks on a school day in ``period``."""
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        calculator = calculator_for(session)
        met = [row for row in figures_for_school(session, period, calculator) if row.figures.pn_threshold_met_on]
        met_on = {row.pupil_id: row.figures.pn_threshold_met_on for row in met if row.figures.pn_threshold_met_on}
        windows = {
            pid: calculator.calendar.window_start(day, PENALTY_NOTICE_WINDOW_WEEKS) for pid, day in met_on.items()
        }
        # A pupil already over the threshold when the range starts "meets" it on the range's first school day; the
        # school day before tells the two apart (its own window reaches back a little further).
        calendar = calculator.calendar
        first_day = calendar.first_school_day_on_or_after(period.start)
        day_before = calendar.last_school_day_on_or_before(first_day - timedelta(days=1)) if first_day else None
        before_window = calendar.window_start(day_before, PENALTY_NOTICE_WINDOW_WEEKS) if day_before else None
        unauthorised = codes_in(calculator.codebook, Category.UNAUTHORISED)
        born = {pid: info.date_of_birth for pid, info in pupil_info(session).items()}
        marks: dict[int, list[MarkTuple]] = {}
        if met:
            first = min([*windows.values(), *([before_window] if before_window else [])])
            marks = dict(school_marks(session, first, period.end, unauthorised, [row.pupil_id for row in met]))
        notices: dict[int, list[date]] = {}
        for pupil_id, issued in session.execute(
            select(PenaltyNotice.pupil_id, PenaltyNotice.issued_on).where(
                PenaltyNotice.pupil_id.in_([row.pupil_id for row in met]), PenaltyNotice.withdrawn_on.is_(None)
            )
        ):
            notices.setdefault(pupil_id, []).append(issued)
        notice_windows = {
            pid: [(calculator.calendar.window_start(day, PENALTY_NOTICE_WINDOW_WEEKS), day) for day in days]
            for pid, days in notices.items()
        }
    records: list[dict[str, Any]] = []
    ids: list[int | None] = []
    for row in sorted(met, key=lambda r: (met_on[r.pupil_id], r.name)):
        reached = met_on[row.pupil_id]
        start = windows[row.pupil_id]
        sessions = []
        for marked_on, session_name, code in marks.get(row.pupil_id, []):
            if start <= marked_on <= reached:
                used = any(lo <= marked_on <= hi for lo, hi in notice_windows.get(row.pupil_id, []))
                sessions.append(
                    {"date": marked_on.isoformat(), "session": session_name, "code": code, "used_by_notice": used}
                )
        records.append(
            {
                "upn": row.upn,
                "name": row.name,
                "year_group": row.year_group,
                "reg_group": row.reg_group,
                "met_on": reached.isoformat(),
                "window_start": start.isoformat(),
                "unauthorised_last_10_school_weeks": row.figures.unauthorised_last_10_school_weeks,
                "sessions": sessions,
                "used_by_notice": any(s["used_by_notice"] for s in sessions),
                "compulsory_school_age": is_of_compulsory_school_age(born[row.pupil_id], reached),
                "met_before_range": bool(
                    reached == first_day
                    and day_before is not None
                    and before_window is not None
                    and sum(1 for d, _s, _c in marks.get(row.pupil_id, []) if before_window <= d <= day_before)
                    >= PENALTY_NOTICE_SESSIONS
                ),
            }
        )
        ids.append(row.pupil_id)
    return ReportList(
        "threshold",
        THRESHOLD_KEYS,
        records,
        ids,
        f"Pupils who reached 10 unauthorised sessions within 10 school weeks on a school day from "
        f"{period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}; the window looks back over earlier weeks.",
        {"pupils": len(records), "already_used_by_notice": sum(1 for r in records if r["used_by_notice"])},
    )


# --- patterns --------------------------------------------------------------------------------------------------

PATTERNS_KEYS = (
    "upn",
    "name",
    "year_group",
    "reg_group",
    "absence_sessions",
    "absence_by_weekday",
    "spells",
    "longest_spell_days",
    "flag",
)


def patterns_list(store: Store, actor_id: int | None, period: DateRange, flagged_only: bool = False) -> ReportList:
    """Every pupil with absence in ``period``: absence by weekday, spells, and the plain-words flag."""
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        calculator = calculator_for(session)
        pupils = pupil_info(session)
        absent_codes = codes_in(calculator.codebook, Category.AUTHORISED, Category.UNAUTHORISED)
        weekday_days = school_days_by_weekday(calculator.calendar.days_in(period))
        records: list[dict[str, Any]] = []
        ids: list[int | None] = []
        for pupil_id, marks in school_marks(session, period.start, period.end, absent_codes):
            pattern = absence_pattern(marks, calculator.calendar, calculator.codebook, weekday_days)
            if pattern.absence_sessions == 0 or (flagged_only and not pattern.flag):
                continue
            info = pupils.get(pupil_id)
            if info is None:
                continue
            records.append(
                {
                    "upn": info.upn,
                    "name": info.name,
                    "year_group": info.year_group,
                    "reg_group": info.reg_group,
                    "absence_sessions": pattern.absence_sessions,
                    "absence_by_weekday": pattern.absence_by_weekday,
                    "spells": len(pattern.spells),
                    "longest_spell_days": pattern.longest_spell_days,
                    "flag": pattern.flag,
                }
            )
            ids.append(pupil_id)
    order = sorted(
        range(len(records)),
        key=lambda i: (not records[i]["flag"], -int(records[i]["absence_sessions"]), records[i]["name"]),
    )
    flagged = sum(1 for r in records if r["flag"])
    return ReportList(
        "patterns",
        PATTERNS_KEYS,
        [records[i] for i in order],
        [ids[i] for i in order],
        f"Absence sessions from {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}; the flag rule is in the "
        "reports guide.",
        {"pupils": len(records), "flagged": flagged},
    )
