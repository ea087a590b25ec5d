"""Attendance figures from the store: the one way every screen, letter, report and command gets them.

The rules live in :mod:`attendance_desk.domain.metrics`; this module only streams marks out of the database in
the shape the rules want (sorted ``(date, session, code)`` tuples) and builds the school calendar from the
register.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from typing import cast

from sqlalchemy import ColumnElement, Date, String, func, literal_column, select, text, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, SchoolCalendar, school_year_start, week_start
from attendance_desk.domain.codes import CodeBook, default_codebook
from attendance_desk.domain.metrics import FiguresCalculator, HeadlineFigures, MarkTuple, PupilFigures
from attendance_desk.domain.names import pupil_display_name, pupil_surname, surname_sort_key
from attendance_desk.domain.register import Register
from attendance_desk.domain.thresholds import PENALTY_NOTICE_WINDOW_WEEKS, BandThresholds
from attendance_desk.services.access import require
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Mark, Pupil, SchoolSettings
from attendance_desk.store.models.marks import LATE_MARKS

CLOSURE_CODE = "#"


class _DateCache(dict[object, date]):
    """Raw date values (ISO text from SQLite, ``date`` from PostgreSQL) to ``date``, parsed once each."""

    def __missing__(self, raw: object) -> date:
        value = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        self[raw] = value
        return value


# The register's distinct dates, found by hopping along the (date, code) index from one date to the next: a few
# hundred index look-ups instead of reading every mark of the school (half a million at 1,500 pupils), so one
# pupil's figures cost that pupil's marks, not the whole school's. A date counts as a school day when some mark on
# it is not the closure code; '#' sorts before every other code, so that check stops at the first other mark.
# Plain SQL that SQLite and PostgreSQL both run the same way.
_SCHOOL_DAYS = text(
    """
    WITH RECURSIVE register_dates(day) AS (
        SELECT min(date) FROM marks
        UNION ALL
        SELECT (SELECT min(later.date) FROM marks AS later WHERE later.date > register_dates.day)
        FROM register_dates WHERE register_dates.day IS NOT NULL
    )
    SELECT day FROM register_dates
    WHERE day IS NOT NULL
      AND EXISTS (SELECT 1 FROM marks AS other WHERE other.date = register_dates.day AND other.code <> :closure)
    """
)


def load_calendar(session: Session) -> SchoolCalendar:
    """School days: dates with at least one mark other than ``#``."""
    dates = _DateCache()
    rows = session.execute(_SCHOOL_DAYS, {"closure": CLOSURE_CODE}).all()
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
    session: Session,
    start: date,
    end: date,
    pupil_ids: Sequence[int] | None = None,
    codes: Collection[str] | None = None,
) -> list[tuple[int, object, str, str]]:
    """``(pupil_id, date, session, code)`` sorted by pupil, date, session, straight from the DBAPI cursor.

    A whole school is half a million rows; SQLAlchemy's Row objects and date processing would double the time,
    so the statement is compiled once and read as plain tuples. Dates come back as ISO text (SQLite) or ``date``
    (PostgreSQL); the calculator accepts both.
    """
    connection = session.connection()
    filtered_date: ColumnElement[date] | InstrumentedAttribute[date] = Mark.date
    if connection.dialect.name == "sqlite" and pupil_ids is None and codes is None:
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
    if codes is not None:
        query = query.where(Mark.code.in_(sorted(codes)))
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled))
        return cast(list[tuple[int, object, str, str]], cursor.fetchall())
    finally:
        cursor.close()


def _registers(session: Session) -> Iterator[tuple[int, Register]]:
    """Every pupil's compact register (``store.registers`` keeps them in step with the marks), by pupil id."""
    dates = _DateCache()
    cursor = session.connection().exec_driver_sql(
        "SELECT pupil_id, first_day, codes FROM pupil_registers ORDER BY pupil_id"
    )
    for pupil_id, first_day, codes in cast(Iterable[tuple[int, object, str]], cursor):
        yield pupil_id, Register(dates[first_day], codes)


def _minutes_late(session: Session, period: DateRange, pupil_ids: Sequence[int] | None = None) -> dict[int, int]:
    """Total minutes late on ``L`` and ``U`` marks in the period, per pupil (from the partial index of them)."""
    query = (
        select(Mark.pupil_id, func.sum(Mark.minutes_late))
        .where(text(LATE_MARKS), Mark.date >= period.start, Mark.date <= period.end)
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
    found = session.execute(
        text("SELECT first_day, codes FROM pupil_registers WHERE pupil_id = :pupil"), {"pupil": pupil_id}
    ).first()
    first_day, codes = found if found is not None else (week_start(period.start), "")
    register = Register(_DateCache()[first_day], str(codes))
    minutes = _minutes_late(session, period, [pupil_id]).get(pupil_id, 0)
    return calculator.figures_from_register(register, period, minutes, calculator.lookback_start(period))


def threshold_reached_on(
    session: Session, pupil_id: int, on: date, calculator: FiguresCalculator | None = None
) -> date | None:
    """The school day the 10-in-10 threshold was reached, for a sentence such as "reached on …".

    ``pn_threshold_met_on`` is the first school day of a range on which the count is 10 or more; when that is the
    range's first day, the threshold had been reached before it (the window looks back), so the range is pushed
    back ten school weeks at a time until the day it was actually reached is inside it."""
    calculator = calculator or calculator_for(session)
    start = school_year_start(on)
    met: date | None = None
    for _ in range(8):  # two years back at most
        met = figures_for_pupil(session, pupil_id, DateRange(start, on), calculator).pn_threshold_met_on
        first = calculator.calendar.first_school_day_on_or_after(start)
        if met is None or met != first:
            return met
        earlier = calculator.calendar.window_start(first, PENALTY_NOTICE_WINDOW_WEEKS) - timedelta(days=1)
        earlier = max(earlier, calculator.calendar.days[0])  # the register cannot show anything before it starts
        if earlier >= start:
            return met
        start = earlier
    return met


def figures_for_school(
    session: Session, period: DateRange, calculator: FiguresCalculator | None = None
) -> list[PupilFiguresRow]:
    """One row per pupil with at least one mark in ``period``, ordered by surname, forename."""
    return figures_for_school_periods(session, [period], calculator)[0]


def school_figures_by_pupil(
    session: Session,
    periods: Sequence[DateRange],
    calculator: FiguresCalculator | None = None,
    windows: Mapping[int, DateRange] | None = None,
    *,
    look_back: bool = True,
) -> list[dict[int, PupilFigures]]:
    """Each period's figures by pupil id, for pupils with a session in it: :func:`figures_for_school_periods`
    without the names (the pupils list has its own)."""
    calculator = calculator or calculator_for(session)
    start = min(calculator.lookback_start(p) if look_back else p.start for p in periods)
    by_pupil: list[dict[int, PupilFigures]] = [{} for _ in periods]
    minutes_late = [_minutes_late(session, p) for p in periods]
    for pupil_id, register in _registers(session):
        window = windows.get(pupil_id) if windows else None
        for i, period in enumerate(periods):
            if window is not None:
                if window.end < period.start or window.start > period.end:
                    continue
                period = DateRange(max(period.start, window.start), min(period.end, window.end))
            # Marks before ``start`` are not read, as when the figures came from the marks table.
            figures = calculator.figures_from_register(register, period, minutes_late[i].get(pupil_id, 0), start)
            if figures.possible_sessions or figures.not_possible_sessions:  # else marks only in the look-back
                by_pupil[i][pupil_id] = figures
    return by_pupil


def school_headlines(
    session: Session, period: DateRange, calculator: FiguresCalculator | None = None
) -> dict[int, HeadlineFigures]:
    """Each pupil's headline figures for ``period`` (pupils with a session in it), for lists of every pupil: the
    counts, percentage and band of :func:`school_figures_by_pupil` at a quarter of the work and a fifth of the
    memory (a 6,000-pupil school's full figures are 7.6 MiB)."""
    calculator = calculator or calculator_for(session)
    start = calculator.lookback_start(period)
    out: dict[int, HeadlineFigures] = {}
    for pupil_id, register in _registers(session):
        headline = calculator.headline_from_register(register, period, start)
        if headline.possible_sessions or headline.not_possible_sessions:
            out[pupil_id] = headline
    return out


def figures_for_school_periods(
    session: Session,
    periods: Sequence[DateRange],
    calculator: FiguresCalculator | None = None,
    windows: Mapping[int, DateRange] | None = None,
    *,
    look_back: bool = True,
) -> list[list[PupilFiguresRow]]:
    """As :func:`figures_for_school` for several periods at once, reading the registers once.

    ``windows`` narrows each period per pupil (e.g. to their admission and leaving dates, the DfE's basis); a
    pupil whose window misses a period has no row for it. With ``look_back=False`` marks before each period are
    not read, so the 10-in-10 figures are left incomplete: for session counts over a short period only.
    """
    by_pupil = school_figures_by_pupil(session, periods, calculator, windows, look_back=look_back)
    wanted = set().union(*by_pupil)
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
        ).where(Pupil.id.in_(list(wanted)) if len(wanted) < 30_000 else Pupil.id.is_not(None))
    )
    details = {
        pid: (upn, pupil_display_name(pf, lf, ps, ls), year, group, pupil_surname(ps, ls))
        for pid, upn, pf, lf, ps, ls, year, group in pupils
    }
    out = []
    for figures_of in by_pupil:
        rows_out = [
            PupilFiguresRow(pid, *details[pid][:4], figures, details[pid][4])
            for pid, figures in figures_of.items()
            if pid in details
        ]
        rows_out.sort(key=lambda r: surname_sort_key(r.surname, r.name))
        out.append(rows_out)
    return out


def school_marks(
    session: Session,
    start: date,
    end: date,
    codes: Collection[str] | None = None,
    pupil_ids: Sequence[int] | None = None,
) -> Iterator[tuple[int, list[MarkTuple]]]:
    """Each pupil's marks in [start, end] (only ``codes`` when given), sorted by date: ``(pupil_id, marks)``."""
    dates = _DateCache()
    rows = _mark_rows(session, start, end, pupil_ids, codes)
    for pupil_id, group in groupby(rows, key=itemgetter(0)):
        yield pupil_id, [(dates[d], s, c) for _p, d, s, c in group]


def school_code_counts(
    session: Session, period: DateRange, pupil_ids: Sequence[int] | None = None
) -> list[tuple[date, str, int]]:
    """How many marks of each code the school (or these pupils) had on each date: ``(date, code, count)``.

    Weekly and group attendance are sums of these, so a whole year is a few thousand rows, not half a million.
    """
    dates = _DateCache()
    query = (
        select(type_coerce(Mark.date, String), Mark.code, func.count())
        .where(Mark.date >= period.start, Mark.date <= period.end)
        .group_by(Mark.date, Mark.code)
    )
    if pupil_ids is not None:
        query = query.where(Mark.pupil_id.in_(list(pupil_ids)))
    return [(dates[d], code, int(n)) for d, code, n in session.execute(query)]


def school_figures(store: Store, actor_id: int | None, period: DateRange) -> list[PupilFiguresRow]:
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        return figures_for_school(session, period)
