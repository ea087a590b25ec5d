"""Returns to the local authority: who is due one and by when, the form filled from the record, and when and how
it was sent (each shown in the pupil's chronology).

The rules (what makes a return due, the due-date rules) are in :mod:`attendance_desk.domain.reports.returns`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, SchoolCalendar, school_year_start
from attendance_desk.domain.codes import Category
from attendance_desk.domain.reports.returns import (
    CONTINUOUS_RETURN_DAYS,
    CONTINUOUS_WARNING_DAYS,
    ILLNESS_CODE,
    SICKNESS_WARNING_DAYS,
    DueRule,
    ReturnKind,
    illness_tally,
    unauthorised_runs,
)
from attendance_desk.domain.school_age import is_of_compulsory_school_age
from attendance_desk.services.access import require
from attendance_desk.services.calling.settings import planned_calendar_from_session
from attendance_desk.services.figures import calculator_for, school_marks
from attendance_desk.services.reports.common import PupilInfo, codes_in, pupil_info
from attendance_desk.services.reports.lists import ReportList
from attendance_desk.services.reports.settings import options_in
from attendance_desk.store.engine import Store
from attendance_desk.store.models import LaReturn, Mark

RETURNS_KEYS = (
    "upn",
    "name",
    "year_group",
    "kind",
    "days",
    "first_date",
    "reached_on",
    "due_by",
    "approaching",
    "status",
    "sent_on",
    "sent_method",
)


@dataclass(frozen=True, slots=True)
class DueReturn:
    pupil_id: int
    kind: ReturnKind
    days: Decimal
    first_date: date
    reached_on: date | None  # None while approaching
    due_by: date | None
    last_date: date  # the last day counted so far
    episode_days: tuple[date, ...] = ()  # the run's school days (continuous returns)

    @property
    def approaching(self) -> bool:
        return self.reached_on is None


def _run_lookback(calendar: SchoolCalendar, start: date) -> date:
    """Nine school days before ``start``: a run that reaches 10 on ``start`` began there (over any holiday)."""
    first = calendar.first_school_day_on_or_after(start)
    if first is None:
        return start
    index = calendar.day_index[first]
    return calendar.days[max(index - (CONTINUOUS_RETURN_DAYS - 1), 0)]


def _pupils_with_at_least(session: Session, codes: set[str], start: date, end: date, sessions: int) -> list[int]:
    """Pupils with at least ``sessions`` marks among ``codes`` in [start, end]: a cheap first sieve."""
    query = (
        select(Mark.pupil_id)
        .where(Mark.date >= start, Mark.date <= end, Mark.code.in_(sorted(codes)))
        .group_by(Mark.pupil_id)
        .having(func.count() >= sessions)
    )
    return list(session.scalars(query))


def find_due_returns(session: Session, period: DateRange, pupils: dict[int, PupilInfo]) -> list[DueReturn]:
    """Returns that became due in ``period``, and those approaching at its end, for compulsory-school-age pupils."""
    calculator = calculator_for(session)
    calendar, codebook = calculator.calendar, calculator.codebook
    options = options_in(session)
    planned = planned_calendar_from_session(session)
    continuous_rule, sickness_rule = DueRule(options.continuous_due_rule), DueRule(options.sickness_due_rule)
    last_school_day = calendar.last_school_day_on_or_before(period.end)
    out: list[DueReturn] = []

    def of_age(pupil_id: int, on: date) -> bool:
        info = pupils.get(pupil_id)
        return info is not None and is_of_compulsory_school_age(info.date_of_birth, on)

    # Attendance returns: runs of wholly unauthorised school days.
    start = _run_lookback(calendar, period.start)
    unauthorised = codes_in(codebook, Category.UNAUTHORISED)
    candidates = _pupils_with_at_least(session, unauthorised, start, period.end, CONTINUOUS_WARNING_DAYS * 2)
    if candidates:
        for pupil_id, marks in school_marks(session, start, period.end, None, candidates):
            for run in unauthorised_runs(marks, calendar, codebook):
                reached = run.reached_on
                if reached is not None and period.start <= reached <= period.end and of_age(pupil_id, reached):
                    due = continuous_rule.due_by(reached, planned.add_school_days)
                    out.append(
                        _due(pupil_id, ReturnKind.CONTINUOUS, run.length, run.first_date, reached, due, run.days)
                    )
                elif (
                    reached is None
                    and run.length >= CONTINUOUS_WARNING_DAYS
                    and run.last_date == last_school_day
                    and of_age(pupil_id, run.last_date)
                ):
                    out.append(_due(pupil_id, ReturnKind.CONTINUOUS, run.length, run.first_date, None, None, run.days))

    # Sickness returns: illness days in the school year of the period's end.
    year_start = max(school_year_start(period.end), school_year_start(period.start))
    ill = _pupils_with_at_least(session, {ILLNESS_CODE}, year_start, period.end, int(SICKNESS_WARNING_DAYS * 2))
    if ill:
        for pupil_id, marks in school_marks(session, year_start, period.end, {ILLNESS_CODE}, ill):
            tally = illness_tally(marks)
            last = marks[-1][0]
            if tally.first_date is None:
                continue
            if (
                tally.reached_on
                and period.start <= tally.reached_on <= period.end
                and of_age(pupil_id, tally.reached_on)
            ):
                due = sickness_rule.due_by(tally.reached_on, planned.add_school_days)
                out.append(
                    _due(
                        pupil_id,
                        ReturnKind.SICKNESS,
                        tally.days,
                        tally.first_date,
                        tally.reached_on,
                        due,
                        last_date=last,
                    )
                )
            elif tally.reached_on is None and tally.warned_on and of_age(pupil_id, last):
                out.append(
                    _due(pupil_id, ReturnKind.SICKNESS, tally.days, tally.first_date, None, None, last_date=last)
                )
    return out


def _due(
    pupil_id: int,
    kind: ReturnKind,
    days: int | Decimal,
    first: date,
    reached: date | None,
    due: date | None,
    run_days: tuple[date, ...] = (),
    last_date: date | None = None,
) -> DueReturn:
    last = last_date or (run_days[-1] if run_days else first)
    return DueReturn(pupil_id, kind, Decimal(days), first, reached, due, last, run_days)


def _records(session: Session) -> dict[tuple[int, str, date], LaReturn]:
    return {(r.pupil_id, r.kind, r.reached_on): r for r in session.scalars(select(LaReturn))}


def returns_list(store: Store, actor_id: int | None, period: DateRange) -> ReportList:
    """Returns due in ``period`` (with what has been sent) and those approaching, soonest due first."""
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        pupils = pupil_info(session)
        due = find_due_returns(session, period, pupils)
        made = _records(session)
    records, ids = [], []
    due.sort(key=lambda r: (r.approaching, r.due_by or date.max, -r.days, pupils[r.pupil_id].name))
    for item in due:
        info = pupils[item.pupil_id]
        record = made.get((item.pupil_id, item.kind.value, item.reached_on)) if item.reached_on else None
        status = (
            "approaching"
            if item.approaching
            else "sent"
            if record and record.sent_on
            else "form_made"
            if record
            else "due"
        )
        records.append(
            {
                "upn": info.upn,
                "name": info.name,
                "year_group": info.year_group,
                "kind": item.kind.value,
                "days": float(item.days) if item.days != item.days.to_integral() else int(item.days),
                "first_date": item.first_date.isoformat(),
                "reached_on": item.reached_on.isoformat() if item.reached_on else None,
                "due_by": item.due_by.isoformat() if item.due_by else None,
                "approaching": item.approaching,
                "status": status,
                "sent_on": record.sent_on.isoformat() if record and record.sent_on else None,
                "sent_method": record.sent_method if record and record.sent_on else None,
            }
        )
        ids.append(item.pupil_id)
    counts = {s: sum(1 for r in records if r["status"] == s) for s in ("due", "form_made", "sent", "approaching")}
    return ReportList(
        "returns",
        RETURNS_KEYS,
        records,
        ids,
        f"Returns that became due from {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}, and those approaching "
        "(8+ continuous days, 10+ days of illness); pupils of compulsory school age only.",
        counts,
    )


def due_return_for(
    session: Session, pupil_id: int, kind: ReturnKind, reached_on: date, today: date | None = None
) -> tuple[DueReturn, PupilInfo]:
    """The due return for one pupil's episode, worked out afresh from the register (never trusted from a screen),
    with the run or the illness counted up to ``today``."""
    pupils = pupil_info(session)
    if pupil_id not in pupils:
        raise ReturnError("There is no such pupil.")
    found = [
        r
        for r in find_due_returns(
            session, DateRange(reached_on, max(reached_on, today or reached_on)), {pupil_id: pupils[pupil_id]}
        )
        if r.pupil_id == pupil_id and r.kind is kind and r.reached_on == reached_on
    ]
    if not found:
        raise ReturnError(f"The register does not show a {kind.value} return becoming due on {reached_on:%d/%m/%Y}.")
    return found[0], pupils[pupil_id]


class ReturnError(ValueError):
    """A return that cannot be made or marked sent (the reason is safe to show)."""
