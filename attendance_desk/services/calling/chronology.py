"""The calling desk's part of each pupil's chronology: reports, calls and texts (with the call-back answers),
home visits, concerns raised, and follow-up tasks (created, and done)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.domain.chronology import ChronologyEntry
from attendance_desk.domain.london import london_day_bounds
from attendance_desk.services.calling.calls import answer_versions
from attendance_desk.services.calling.visits import VISIT_OUTCOMES
from attendance_desk.store.models import Contact, FollowUpTask, Staff
from attendance_desk.store.models.calling import (
    AbsenceReport,
    CallAttempt,
    HomeVisit,
    SafeguardingConcern,
)

_REPORT_TITLES = {
    "reported": "Absence reported",
    "planned": "Planned absence entered",
    "call": "Reason given on a call",
}


def _in_range(
    moment_column: InstrumentedAttribute[datetime], start: date | None, end: date | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(moment_column >= london_day_bounds(start)[0])
    if end is not None:
        conditions.append(moment_column < london_day_bounds(end)[1])
    return conditions


def _span(report: AbsenceReport) -> str:
    first = f"{report.first_date:%d/%m/%Y} {report.first_session}"
    last = f"{report.last_date:%d/%m/%Y} {report.last_session}"
    return first if first == last else f"{first} to {last}"


def calling_chronology(
    session: Session, pupil_id: int, start: date | None, end: date | None
) -> Iterator[ChronologyEntry]:
    staff = aliased(Staff)
    for report, name in session.execute(
        select(AbsenceReport, staff.name)
        .outerjoin(staff, staff.id == AbsenceReport.taken_by)
        .where(AbsenceReport.pupil_id == pupil_id, *_in_range(AbsenceReport.reported_at, start, end))
    ):
        who = f" by {report.reported_by}" if report.reported_by else ""
        relation = f" ({report.reporter_relationship})" if report.reporter_relationship else ""
        lines = [f"Absence {_span(report)}: {report.reason}. Proposed code {report.proposed_code}."]
        if report.expected_return:
            lines.append(f"Expected back {report.expected_return:%d/%m/%Y}.")
        if report.evidence_requested:
            lines.append("Evidence asked for.")
        if report.withdrawn_at:
            lines.append(f"Withdrawn: {report.withdrawn_reason}")
        yield ChronologyEntry(
            at=report.reported_at,
            kind="absence_report",
            title=f"{_REPORT_TITLES.get(report.kind, 'Absence report')}{who}{relation}",
            detail=" ".join(lines),
            staff=name or "",
            source=f"absence_reports:{report.id}",
            tags=("withdrawn",) if report.withdrawn_at else (),
        )

    attempts = session.execute(
        select(CallAttempt, Contact.title, Contact.forename, Contact.surname, staff.name)
        .outerjoin(Contact, Contact.id == CallAttempt.contact_id)
        .outerjoin(staff, staff.id == CallAttempt.staff_id)
        .where(CallAttempt.pupil_id == pupil_id, *_in_range(CallAttempt.at, start, end))
    ).all()
    answers = {
        attempt_id: [f"{a.question} {a.answer}" for a in newest.values() if a.answer]
        for attempt_id, newest in answer_versions(session, [row[0].id for row in attempts]).items()
    }
    for attempt, title, fore, sur, name in attempts:
        outcome = CallOutcome(attempt.outcome)
        contact = " ".join(p for p in (title, fore, sur) if p) or "a contact"
        verb = "Text to" if outcome is CallOutcome.TEXT_SENT else "Call to"
        number = f" on {attempt.phone_number}" if attempt.phone_number else ""
        detail = [f"About the absence on {attempt.absence_date:%d/%m/%Y} {attempt.absence_session}."]
        if attempt.note:
            detail.append(attempt.note)
        detail.extend(answers.get(attempt.id, ()))
        yield ChronologyEntry(
            at=attempt.at,
            kind="text" if outcome is CallOutcome.TEXT_SENT else "call",
            title=f"{verb} {contact}{number}: {outcome.label.lower()}",
            detail="\n".join(detail),
            staff=name or "",
            source=f"call_attempts:{attempt.id}",
        )

    for visit, name in session.execute(
        select(HomeVisit, staff.name)
        .outerjoin(staff, staff.id == HomeVisit.staff_id)
        .where(HomeVisit.pupil_id == pupil_id, *_in_range(HomeVisit.visited_at, start, end))
    ):
        seen = "child seen" if visit.child_seen else "child not seen"
        parts = [
            f"Seen: {visit.people_seen}." if visit.people_seen else "",
            visit.notes,
            f"Concerns: {visit.concerns}" if visit.concerns else "",
        ]
        yield ChronologyEntry(
            at=visit.visited_at,
            kind="home_visit",
            title=f"Home visit: {VISIT_OUTCOMES.get(visit.outcome, visit.outcome).lower()} ({seen})",
            detail=" ".join(p for p in parts if p),
            staff=name or "",
            source=f"home_visits:{visit.id}",
        )

    for concern, name in session.execute(
        select(SafeguardingConcern, staff.name)
        .outerjoin(staff, staff.id == SafeguardingConcern.raised_by)
        .where(SafeguardingConcern.pupil_id == pupil_id, *_in_range(SafeguardingConcern.raised_at, start, end))
    ):
        review = f" Reviewed: {concern.review_note}" if concern.reviewed_at else ""
        yield ChronologyEntry(
            at=concern.raised_at,
            kind="concern",
            title="Concern passed to the designated safeguarding lead",
            detail=concern.note + review,
            staff=name or "",
            source=f"safeguarding_concerns:{concern.id}",
            tags=("safeguarding",),
        )

    creator, doer = aliased(Staff), aliased(Staff)
    for task, made_by, done_by in session.execute(
        select(FollowUpTask, creator.name, doer.name)
        .outerjoin(creator, creator.id == FollowUpTask.created_by)
        .outerjoin(doer, doer.id == FollowUpTask.done_by)
        .where(FollowUpTask.pupil_id == pupil_id)
    ):
        created_day = task.created_at
        if (start is None or created_day >= london_day_bounds(start)[0]) and (
            end is None or created_day < london_day_bounds(end)[1]
        ):
            yield ChronologyEntry(
                at=task.created_at,
                kind="task",
                title=f"Follow-up set for {task.due_on:%d/%m/%Y}: {task.title}",
                detail=task.detail,
                staff=made_by or "",
                source=f"follow_up_tasks:{task.id}",
            )
        if (
            task.done_at is not None
            and (start is None or task.done_at >= london_day_bounds(start)[0])
            and (end is None or task.done_at < london_day_bounds(end)[1])
        ):
            yield ChronologyEntry(
                at=task.done_at,
                kind="task_done",
                title=f"Follow-up done: {task.title}",
                detail=task.done_note,
                staff=done_by or "",
                source=f"follow_up_tasks:{task.id}",
            )
