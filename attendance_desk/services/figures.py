"""Attendance figures from the store: the one way every screen, letter, report and command gets them.

The rules live in :mod:`attendance_desk.domain.metrics`; this module only streams marks out of the database in
the shape the rules want (sorted ``(date, session, code)`` tuples) and builds the school calendar from the
register.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import cast

from sqlalchemy import ColumnElement, Date, String, func, literal_column, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session

from attendance_desk.domain.calendar import DateRange, SchoolCalendar
from attendance_desk.domain.codes import CodeBook, default_codebook
from attendance_desk.domain.metrics import FiguresCalculator, MarkTuple, PupilFigures
from attendance_desk.domain.names import pupil_display_name, pupil_surname, surname_sort_key
from attendance_desk.domain.thresholds import BandThresholds
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Mark, Pupil, SchoolSettings

CLOSURE_CODE = "#"


class _DateCache(dict[object, date]):
    """Raw date values (ISO text from SQLite, ``date`` from PostgreSQL) to ``date``, parsed once each."""

    def __missing__(self, raw: object) -> date:
        value = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        self[raw] = value
        return value


def load_calendar(session: Session) -> SchoolCalendar:
    """School days: dates with at least one mark other than ``#``."""
    dates = _DateCache()
    rows = session.execute(select(type_coerce(Mark.date, String)).where(Mark.code != CLOSURE_CODE).distinct())
    return SchoolCalendar(dates[raw] for (raw,) in rows)


def calculator_for(session: Session, codebook: CodeBook | None = None) -> FiguresCalculator:
    settings = session.get(SchoolSettings, 1)
    thresholds = (
        BandThresholds(settings.at_risk_above_percent, settings.persistent_from_percent, settings.severe_from_percent)
        if settings
        else BandThresholds()
    )
    lessons = settings.lessons_per_day if settings else 5
    return FiguresCalculator(load_calendar(session), codebook or default_codebook(), thresholds, lessons)


def _mark_rows(
    session: Session, start: date, end: date, pupil_ids: Sequence[int] | None = None
) -> list[tuple[int, object, str, str]]:
    """``(pupil_id, date, session, code)`` sorted by pupil, date, session, straight from the DBAPI cursor.

    A whole school is half a million rows; SQLAlchemy's Row objects and date processing would double the time,
    so the statement is compiled once and read as plain tuples. Dates come back as ISO text (SQLite) or ``date``
    (PostgreSQL); the calculator accepts both.
    """
    connection = session.connection()
    filtered_date: ColumnElement[date] | InstrumentedAttribute[date] = Mark.date
    if connection.dialect.name == "sqlite" and pupil_ids is None:
        # SQLite would otherwise serve the date range from the (date, code) index and then sort half a million
        # rows; a unary + keeps that index out, so the rows stream in primary-key order, already sorted.
        filtered_date = literal_column("+marks.date", Date)
    query = (
        select(Mark.pupil_id, type_coerce(Mark.date, String), Mark.session, Mark.code)
        .where(filtered_date >= start, filtered_date <= end)
        .order_by(Mark.pupil_id, Mark.date, Mark.session)
    )
    if pupil_ids is not None:
        query = query.where(Mark.pupil_id.in_(list(pupil_ids)))
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled))
        return cast(list[tuple[int, object, str, str]], cursor.fetchall())
    finally:
        cursor.close()


LATE_CODES = ("L", "U")


def _minutes_late(session: Session, period: DateRange, pupil_ids: Sequence[int] | None = None) -> dict[int, int]:
    """Total minutes late on ``L`` and ``U`` marks in the period, per pupil."""
    query = (
        select(Mark.pupil_id, func.sum(Mark.minutes_late))
        .where(Mark.date >= period.start, Mark.date <= period.end, Mark.code.in_(LATE_CODES))
        .group_by(Mark.pupil_id)
    )
    if pupil_ids is not None:
        query = query.where(Mark.pupil_id.in_(list(pupil_ids)))
    return {pupil_id: int(total or 0) for pupil_id, total in session.execute(query)}


def pupil_marks(session: Session, pupil_id: int, start: date, end: date) -> list[MarkTuple]:
    dates = _DateCache()
    return [(dates[d], s, c) for _p, d, s, c in _mark_rows(session, start, end, [pupil_id])]


@dataclass(frozen=True, slots=True)
class PupilFiguresRow:
    pupil_id: int
    upn: str
    name: str
    year_group: str
    reg_group: str
    figures: PupilFigures
    surname: str = ""  # as shown in ``name``; the key the list is ordered by


def figures_for_pupil(
    session: Session, pupil_id: int, period: DateRange, calculator: FiguresCalculator | None = None
) -> PupilFigures:
    calculator = calculator or calculator_for(session)
    rows = _mark_rows(session, calculator.lookback_start(period), period.end, [pupil_id])
    minutes = _minutes_late(session, period, [pupil_id]).get(pupil_id, 0)
    return calculator.figures_from_rows(rows, period, minutes)


def figures_for_school(
    session: Session, period: DateRange, calculator: FiguresCalculator | None = None
) -> list[PupilFiguresRow]:
    """One row per pupil with at least one mark in ``period``, ordered by surname, forename."""
    calculator = calculator or calculator_for(session)
    end = period.end
    lookback = calculator.lookback_start(period)
    by_pupil: dict[int, PupilFigures] = {}
    minutes_late = _minutes_late(session, period)
    for pupil_id, rows in groupby(_mark_rows(session, lookback, end), key=itemgetter(0)):
        figures = calculator.figures_from_rows(rows, period, minutes_late.get(pupil_id, 0))
        if figures.possible_sessions or figures.not_possible_sessions:  # else marks only in the look-back
            by_pupil[pupil_id] = figures
    pupils = session.execute(
        select(
            Pupil.id,
            Pupil.upn,
            Pupil.preferred_forename,
            Pupil.legal_forename,
            Pupil.preferred_surname,
            Pupil.legal_surname,
            Pupil.year_group,
            Pupil.reg_group,
        ).where(Pupil.id.in_(list(by_pupil)) if len(by_pupil) < 30_000 else Pupil.id.is_not(None))
    )
    out = [
        PupilFiguresRow(pid, upn, pupil_display_name(pf, lf, ps, ls), year, group, by_pupil[pid], pupil_surname(ps, ls))
        for pid, upn, pf, lf, ps, ls, year, group in pupils
        if pid in by_pupil
    ]
    out.sort(key=lambda r: surname_sort_key(r.surname, r.name))
    return out


def pupil_figures(store: Store, pupil_id: int, period: DateRange) -> PupilFigures:
    with store.session() as session:
        return figures_for_pupil(session, pupil_id, period)


def school_figures(store: Store, period: DateRange) -> list[PupilFiguresRow]:
    with store.session() as session:
        return figures_for_school(session, period)
