"""The casework part of a pupil's chronology: stage changes, plans, contracts, meetings, notices and reviews, and
one line of attendance for each school week (figures from :mod:`attendance_desk.services.figures`).

Calls, letters, visits and reported absences come from their own features' providers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.calendar import DateRange, week_start
from attendance_desk.domain.casework.periods import (
    CONTRACT_NEXT_STEP_LABELS,
    CONTRACT_STATUS_LABELS,
    MEDICAL_REVIEW_OUTCOME_LABELS,
    ContractNextStep,
    ContractStatus,
    MedicalReviewOutcome,
)
from attendance_desk.domain.chronology import ChronologyEntry
from attendance_desk.domain.codes import Category
from attendance_desk.domain.london import LONDON, london_midday
from attendance_desk.services.figures import calculator_for, pupil_marks
from attendance_desk.store.models import (
    AttendanceContract,
    AttendanceMeeting,
    CaseStageChange,
    ContractReview,
    MedicalActionPlan,
    MedicalPlanReview,
    NoticeToImprove,
    PenaltyNotice,
    Staff,
)

KIND_LABELS = {
    "weekly_attendance": "Weekly attendance",
    "stage": "Stage changes",
    "medical_plan": "Medical action plans",
    "medical_plan_review": "Medical plan reviews",
    "contract": "Attendance contracts",
    "contract_review": "Contract reviews",
    "meeting": "Attendance meetings",
    "notice_to_improve": "Notices to Improve",
    "penalty_notice": "Penalty notices",
}


def _in(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _when(day: date, recorded: datetime | None) -> datetime:
    """When an event happened: the moment it was recorded when that was on the event's own day (a meeting typed
    in straight after it), else midday of its date (an event recorded later, or a date-only event). Real times
    put same-day events in the order they happened, not in the order of their kinds."""
    if recorded is not None:
        aware = recorded if recorded.tzinfo else recorded.replace(tzinfo=UTC)
        if aware.astimezone(LONDON).date() == day:
            return aware
    return london_midday(day)


class _Names:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[int | None, str] = {None: ""}

    def __call__(self, staff_id: int | None) -> str:
        if staff_id not in self.cache:
            staff = self.session.get(Staff, staff_id)
            self.cache[staff_id] = staff.name if staff else ""
        return self.cache[staff_id]


def casework_entries(
    session: Session, pupil_id: int, start: date | None, end: date | None
) -> Iterator[ChronologyEntry]:
    names = _Names(session)
    for p in session.scalars(select(MedicalActionPlan).where(MedicalActionPlan.pupil_id == pupil_id)):
        if _in(p.plan_date, start, end):
            yield ChronologyEntry(
                _when(p.plan_date, p.created_at),
                "medical_plan",
                "Medical action plan agreed",
                f"Attendance {p.attendance_percent}%, {p.broken_weeks} of {p.school_weeks} weeks broken; "
                f"target {p.target_attendance or '-'}%; review {_d(p.review_date)}",
                names(p.created_by),
                f"medical_action_plans:{p.id}",
            )
        for r in session.scalars(select(MedicalPlanReview).where(MedicalPlanReview.plan_id == p.id)):
            if _in(r.review_date, start, end):
                outcome = MEDICAL_REVIEW_OUTCOME_LABELS[MedicalReviewOutcome(r.outcome)]
                yield ChronologyEntry(
                    _when(r.review_date, r.recorded_at),
                    "medical_plan_review",
                    "Medical action plan reviewed",
                    f"{outcome}. {r.progress}".strip(),
                    names(r.reviewed_by),
                    f"medical_plan_reviews:{r.id}",
                )
    yield from _contract_entries(session, pupil_id, start, end, names)
    for m in session.scalars(select(AttendanceMeeting).where(AttendanceMeeting.pupil_id == pupil_id)):
        if _in(m.meeting_date, start, end):
            yield ChronologyEntry(
                _when(m.meeting_date, m.created_at),
                "meeting",
                f"School attendance meeting {m.meeting_number}",
                f"{m.reason}. Attended: {m.attendees}",
                names(m.created_by),
                f"attendance_meetings:{m.id}",
            )
    yield from _notice_entries(session, pupil_id, start, end, names)
    # Stage moves last: on a day with a review and a move, the move follows the review that prompted it.
    for c in session.scalars(select(CaseStageChange).where(CaseStageChange.pupil_id == pupil_id)):
        if _in(c.changed_on, start, end):
            yield ChronologyEntry(
                _when(c.changed_on, c.recorded_at),
                "stage",
                f"Moved to {c.stage_name}",
                c.reason,
                names(c.staff_id),
                f"case_stage_changes:{c.id}",
            )


def _contract_entries(
    session: Session, pupil_id: int, start: date | None, end: date | None, names: _Names
) -> Iterator[ChronologyEntry]:
    for c in session.scalars(select(AttendanceContract).where(AttendanceContract.pupil_id == pupil_id)):
        if _in(c.meeting_date, start, end):
            status = ContractStatus(c.status)
            review_on = _d(c.review_at.astimezone(LONDON).date()) if c.review_at else ""
            detail = (
                c.status_reason
                if status is not ContractStatus.AGREED
                else f"Review after {c.review_weeks} weeks, on {review_on}"
            )
            yield ChronologyEntry(
                _when(c.meeting_date, c.created_at),
                "contract",
                f"Attendance contract: {CONTRACT_STATUS_LABELS[status].lower()}",
                detail,
                names(c.created_by),
                f"attendance_contracts:{c.id}",
            )
        for r in session.scalars(select(ContractReview).where(ContractReview.contract_id == c.id)):
            if _in(r.review_date, start, end):
                yield ChronologyEntry(
                    _when(r.review_date, r.recorded_at),
                    "contract_review",
                    "Attendance contract reviewed",
                    f"{r.sessions_attended} of {r.sessions_possible} sessions attended since the contract, "
                    f"{r.lates} late. {CONTRACT_NEXT_STEP_LABELS[ContractNextStep(r.next_step)]}",
                    names(r.reviewed_by),
                    f"contract_reviews:{r.id}",
                )


def _notice_entries(
    session: Session, pupil_id: int, start: date | None, end: date | None, names: _Names
) -> Iterator[ChronologyEntry]:
    for n in session.scalars(select(NoticeToImprove).where(NoticeToImprove.pupil_id == pupil_id)):
        if _in(n.issued_on, start, end):
            yield ChronologyEntry(
                _when(n.issued_on, n.created_at),
                "notice_to_improve",
                "Notice to Improve issued",
                f"Improvement period {_d(n.period_start)} to {_d(n.period_end)} "
                f"({n.school_weeks} school weeks). {n.criteria}",
                names(n.created_by),
                f"notices_to_improve:{n.id}",
            )
        if n.reviewed_on and _in(n.reviewed_on, start, end):
            verdict = "sufficient" if n.outcome == "improved" else "insufficient"
            yield ChronologyEntry(
                london_midday(n.reviewed_on),
                "notice_to_improve",
                f"Improvement period reviewed: {verdict} improvement",
                f"Unauthorised absence in the period: {n.period_unauthorised_percent}%. {n.review_note}".strip(),
                names(n.reviewed_by),
                f"notices_to_improve:{n.id}",
            )
    for p in session.scalars(select(PenaltyNotice).where(PenaltyNotice.pupil_id == pupil_id)):
        source = f"penalty_notices:{p.id}"
        events = [
            (
                p.issued_on,
                f"Penalty notice {p.sequence} issued to {p.parent_name}",
                f"£{p.reduced_amount} within 21 days or £{p.full_amount} within 28 days"
                if p.reduced_amount is not None
                else f"£{p.full_amount} within 28 days",
            )
        ]
        if p.paid_on:
            events.append((p.paid_on, f"Penalty notice paid by {p.parent_name}", f"£{p.amount_paid}"))
        if p.withdrawn_on:
            events.append((p.withdrawn_on, f"Penalty notice to {p.parent_name} withdrawn", p.withdrawn_reason))
        if p.prosecuted_on:
            events.append((p.prosecuted_on, f"Penalty notice to {p.parent_name} referred for prosecution", ""))
        for index, (day, title, detail) in enumerate(events):
            if _in(day, start, end):
                at = _when(day, p.created_at) if index == 0 else london_midday(day)
                yield ChronologyEntry(at, "penalty_notice", title, detail, names(p.created_by), source)


def weekly_attendance(
    session: Session, pupil_id: int, start: date | None, end: date | None
) -> Iterator[ChronologyEntry]:
    """One line per week in which the pupil had marks: the week's figures and its absence codes."""
    first = start or date(1990, 1, 1)
    last = end or date(2100, 12, 31)
    marks = pupil_marks(session, pupil_id, week_start(first), last)
    if not marks:
        return
    calculator = calculator_for(session)
    by_week: dict[date, list[tuple[date, str, str]]] = {}
    for mark in marks:
        by_week.setdefault(week_start(mark[0]), []).append(mark)
    for monday, week_marks in sorted(by_week.items()):
        friday = monday + timedelta(days=4)
        if not _in(friday, start, end) and not _in(monday, start, end):
            continue
        f = calculator.figures(week_marks, DateRange(monday, monday + timedelta(days=6)))
        if not f.possible_sessions:
            continue
        # Only absence codes are absences: # (school closed), V (educational visit) and the like are not.
        absent_codes: Counter[str] = Counter()
        other_codes: Counter[str] = Counter()
        for day, _session, code in week_marks:
            category = calculator.codebook.categories_for(day).get(code)
            if category in (Category.AUTHORISED, Category.UNAUTHORISED):
                absent_codes[code] += 1
            elif category in (Category.AEA, Category.NOT_POSSIBLE):
                other_codes[code] += 1
        absences = ", ".join(f"{code}×{n}" for code, n in sorted(absent_codes.items()))
        title = (
            f"Week of {_d(monday)}: {f.attendance_percent}% attendance "
            f"({f.present_sessions + f.aea_sessions} of {f.possible_sessions} sessions)"
        )
        detail = f"Absent: {absences}" if f.absence_sessions else "No absence"
        if other_codes:
            detail += "; not absences: " + ", ".join(f"{code}×{n}" for code, n in sorted(other_codes.items()))
        if f.late_before_close:
            detail += f"; late {f.late_before_close}"
        tags = ("unauthorised",) if f.unauthorised_absence_sessions else ()
        yield ChronologyEntry(
            datetime.combine(friday, time(18), tzinfo=LONDON),
            "weekly_attendance",
            title,
            detail,
            "",
            f"marks:{monday.isoformat()}",
            tags,
        )
